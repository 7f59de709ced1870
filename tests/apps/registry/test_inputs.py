from datetime import date

import pytest

from mixmig.apps.registry.errors import InvalidInput
from mixmig.apps.registry.inputs import clean_member, clean_registered_on, clean_relations

TODAY = date(2026, 11, 29)


def errors_of(data, **kw):
    with pytest.raises(InvalidInput) as exc:
        clean_member(data, TODAY, **kw)
    return {e.field: e.message for e in exc.value.errors}


def test_a_complete_member_is_cleaned():
    m = clean_member(
        {
            "given_name": " Mohamed ",
            "family_name_original": "علي",
            "sex": "Male",
            "birth_year": "1990",
            "nationalities": "sdn; XXA",
            "languages": "ar;eng",
            "documents": [{"kind": "passport", "number": "p 12-34"}],
            "phones": "0912 345 678",
            "reasons_for_leaving": "conflict_violence;economic",
            "smuggler_paid": "yes",
            "journey_cost": "2500",
            "journey_cost_currency": "usd",
            "legs": [{"country": "LBY", "arrived_on": "2026-01-01", "departed_on": "2026-03-01"}],
        },
        TODAY,
        site_country="SDN",
    )
    assert m.given_name == "Mohamed" and m.sex == "male"
    assert m.birth_precision == "year" and m.birth_year == 1990
    assert m.nationalities == ["SDN", "XXA"]
    assert m.languages == ["ara", "eng"]
    assert m.documents[0].number == "P1234"
    assert m.phones == ["+249912345678"]
    assert m.smuggler_paid is True and m.journey_cost_currency == "USD"


def test_age_estimate_gives_estimated_birth_year():
    m = clean_member({"given_name": "A", "age_estimate": "16"}, TODAY)
    assert m.birth_precision == "age_estimate" and m.birth_year == 2010


@pytest.mark.parametrize(
    ("data", "field", "fragment"),
    [
        ({"birth_date": "2010-13-01"}, "birth_date", "not a valid date"),
        ({"birth_date": "29/11/2010"}, "birth_date", "YYYY-MM-DD"),
        ({"birth_date": "2027-01-01"}, "birth_date", "after the registration date"),
        ({"birth_date": "1890-01-01"}, "birth_date", "over 120"),
        ({"birth_year": "1850"}, "birth_year", "over 120"),
        ({"age_estimate": "130"}, "age_estimate", "out of range"),
        ({"nationalities": "SY"}, "nationalities", "did you mean SYR"),
        ({"nationalities": "ZZZ"}, "nationalities", "alpha-3"),
        ({"origin_country": "Syria"}, "origin_country", "alpha-3"),
        ({"sex": "m"}, "sex", "female, male, other, unknown"),
        ({"languages": "klingon"}, "languages", "ISO 639"),
        ({"smuggler_paid": "maybe"}, "smuggler_paid", "yes/no"),
        ({"journey_cost": "lots"}, "journey_cost", "not an amount"),
        ({"journey_cost_currency": "XYZ"}, "journey_cost_currency", "ISO 4217"),
        ({"phones": "hello"}, "phones[0]", "country code"),
        ({"emails": "nope"}, "emails[0]", "e-mail"),
        ({"reasons_for_leaving": "boredom"}, "reasons_for_leaving", "conflict_violence"),
        (
            {"legs": [{"country": "LBY", "arrived_on": "2026-03-01", "departed_on": "2026-01-01"}]},
            "legs[0].departed_on",
            "before",
        ),
        ({"legs": [{"place": "Sabha"}]}, "legs[0].country", "required"),
        ({"given_name": "x" * 201}, "given_name", "at most 200"),
    ],
)
def test_bad_fields_are_named_with_what_is_allowed(data, field, fragment):
    data = {"given_name": "Amina", **data}
    errors = errors_of(data)
    assert field in errors, errors
    assert fragment in errors[field]


def test_duplicate_document_numbers_within_a_registration_are_refused():
    errors = errors_of(
        {
            "given_name": "A",
            "documents": [{"kind": "passport", "number": "AB 1"}, {"kind": "national_id", "number": "ab-1"}],
        }
    )
    assert "already given for document 1" in errors["documents[1].number"]


def test_a_name_is_required():
    assert "at least one name" in errors_of({"sex": "female"})["given_name"]


def test_all_errors_are_reported_at_once_with_prefix_and_row():
    with pytest.raises(InvalidInput) as exc:
        clean_member({"birth_date": "x", "sex": "?"}, TODAY, prefix="members[2].", row=7)
    fields = {e.field for e in exc.value.errors}
    assert {"members[2].given_name", "members[2].birth_date", "members[2].sex"} <= fields
    assert all(e.row == 7 for e in exc.value.errors)


def test_relations_are_checked():
    assert clean_relations([{"subject": 0, "other": 1, "relation": "parent"}], 2)[0].relation == "parent"
    with pytest.raises(InvalidInput) as exc:
        clean_relations(
            [
                {"subject": 0, "other": 0, "relation": "parent"},
                {"subject": 0, "other": 5, "relation": "aunt"},
            ],
            2,
        )
    fields = {e.field for e in exc.value.errors}
    assert {"relations[0].other", "relations[1].other", "relations[1].relation"} <= fields


def test_registration_date_cannot_be_in_the_future():
    with pytest.raises(InvalidInput):
        clean_registered_on("2027-01-01", TODAY)
    assert clean_registered_on(None, TODAY) == TODAY
