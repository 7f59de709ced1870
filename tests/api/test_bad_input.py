"""Bad input is refused with 4xx naming every wrong field, and nothing is written (rows counted before/after)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from api_bodies import member, post_json
from django.utils import timezone

URL = "/api/v1/registrations"


@pytest.fixture
def officer(api, personas):
    return api(personas.officer)


def _future(days: int = 30) -> str:
    return (timezone.localdate() + timedelta(days=days)).isoformat()


ONE_MEMBER_CASES = [
    ({"birth_date": "2001-13-45"}, "members[0].birth_date", "not a valid date"),
    ({"birth_date": "27/03/2009"}, "members[0].birth_date", "YYYY-MM-DD"),
    ({"birth_date": "1990-02-30"}, "members[0].birth_date", "not a valid date"),
    ({"birth_date": _future()}, "members[0].birth_date", "after the registration date"),
    ({"birth_date": "1890-01-01"}, "members[0].birth_date", "over 120"),
    ({"birth_date": None, "birth_year": 1850}, "members[0].birth_year", "over 120"),
    ({"birth_date": None, "age_estimate": 130}, "members[0].age_estimate", "out of range"),
    ({"nationalities": ["XYZ"]}, "members[0].nationalities", "XYZ"),
    ({"origin_country": "ZZ"}, "members[0].origin_country", "ZZ"),
    ({"intended_destination": "Germany"}, "members[0].intended_destination", "alpha-3"),
    ({"languages": ["klingon"]}, "members[0].languages", "ISO 639"),
    ({"sex": "x"}, "members[0].sex", "female, male, other, unknown"),
    ({"journey_cost_currency": "ABC"}, "members[0].journey_cost_currency", "ISO 4217"),
    ({"phones": ["12"]}, "members[0].phones[0]", "country code"),
    ({"emails": ["not-an-email"]}, "members[0].emails[0]", "e-mail"),
    ({"legs": [{"country": "QQQ"}]}, "members[0].legs[0].country", "QQQ"),
    (
        {"documents": [{"kind": "passport", "number": "P123"}, {"kind": "national_id", "number": "p 123"}]},
        "members[0].documents[1].number",
        "already given",
    ),
    (
        {"documents": [{"kind": "passport", "number": "P1", "expires_on": "soon"}]},
        "members[0].documents[0].expires_on",
        "date",
    ),
    (
        {"given_name": None, "family_name": None, "given_name_original": None, "family_name_original": None},
        "members[0].given_name",
        "at least one name",
    ),
    ({"given_name": "A" * 201}, "members[0].given_name", "at most 200"),
    ({"person_number": "0000-0000-0"}, "members[0].person_number", "not a person number you can see"),
    # refused by the request schema before the validator runs
    ({"surname": "Haile"}, "members[0].surname", "Extra inputs"),
    ({"birth_year": "nineteen"}, "members[0].birth_year", "integer"),
    ({"nationalities": "ERI"}, "members[0].nationalities", "list"),
    ({"journey_cost": -5}, "members[0].journey_cost", "greater than or equal"),
]


@pytest.mark.parametrize(("change", "field", "says"), ONE_MEMBER_CASES)
def test_one_wrong_field_is_named_and_nothing_is_written(officer, counts, change, field, says):
    before = counts()
    response = post_json(officer, URL, {"site": "lampedusa", "members": [member(**change)]})
    assert response.status_code == 422, response.content
    body = response.json()
    assert "nothing was saved" in body["detail"]
    assert [e["field"] for e in body["errors"]] == [field]
    assert says in body["errors"][0]["message"]
    assert counts() == before


def test_every_wrong_field_of_every_member_is_listed_and_nothing_is_written(officer, counts):
    before = counts()
    members = [
        member(),  # valid: must not be written either
        member(birth_date="2030-99-99", nationalities=["ERI", "XXQ"]),
        member(documents=[{"number": "A1"}, {"number": "a-1"}]),
    ]
    relations = [
        {"subject": 0, "other": 7, "relation": "parent"},
        {"subject": 1, "other": 2, "relation": "cousin"},
    ]
    response = post_json(officer, URL, {"site": "lampedusa", "members": members, "relations": relations})
    assert response.status_code == 422
    assert {e["field"] for e in response.json()["errors"]} == {
        "members[1].birth_date",
        "members[1].nationalities",
        "members[2].documents[1].number",
        "relations[0].other",
        "relations[1].relation",
    }
    assert counts() == before


def test_a_failure_inside_the_transaction_rolls_back_the_whole_group(officer, api, personas, counts):
    """The second member names a person of agency B: found only while writing, after the group was created."""
    foreign = post_json(api(personas.officer_b), URL, {"site": "lesvos", "members": [member()]}).json()
    before = counts()
    members = [member(given_name="Saba"), member(person_number=foreign["members"][0]["person_number"])]
    response = post_json(officer, URL, {"site": "lampedusa", "members": members})
    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == ["members[1].person_number"]
    assert counts() == before


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"site": "nowhere", "members": [member()]}, "site"),
        ({"site": "lampedusa", "registered_on": _future(), "members": [member()]}, "registered_on"),
        ({"site": "lampedusa", "registered_on": "2025-02-31", "members": [member()]}, "registered_on"),
        ({"site": "lampedusa", "members": []}, "members"),
        ({"site": "lampedusa"}, "members"),
        ({"members": [member()]}, "site"),
    ],
)
def test_registration_level_fields_are_named(officer, counts, body, field):
    before = counts()
    response = post_json(officer, URL, body)
    assert response.status_code == 422, response.content
    assert field in [e["field"] for e in response.json()["errors"]]
    assert counts() == before


@pytest.mark.parametrize(
    "raw",
    [b"{not json", b"[1, 2", '{"site": "lampedusa", "members": [{"given_name": "\xe9"}]}'.encode("latin-1")],
)
def test_a_body_that_is_not_utf8_json_answers_400(officer, counts, raw):
    before = counts()
    response = officer.post(URL, raw, content_type="application/json")
    assert response.status_code == 400
    assert "JSON" in response.json()["detail"]
    assert response.json()["errors"] == []
    assert counts() == before


def test_an_empty_body_is_named(officer, counts):
    before = counts()
    response = officer.post(URL, b"", content_type="application/json")
    assert response.status_code == 422
    assert response.json()["errors"] == [{"field": "body", "message": "Field required"}]
    assert counts() == before


def test_an_oversized_body_answers_413(officer, counts, settings):
    settings.MAX_UPLOAD_BYTES = settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 4096
    before = counts()
    members = [member(given_name=f"Person {i}") for i in range(40)]
    response = post_json(officer, URL, {"site": "lampedusa", "members": members})
    assert response.status_code == 413
    assert "4096 bytes" in response.json()["detail"]
    assert counts() == before


def test_an_oversized_update_answers_413(officer, counts, settings):
    registered = post_json(officer, URL, {"site": "lampedusa", "members": [member()]}).json()["members"][0]
    settings.MAX_UPLOAD_BYTES = settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1024
    before = counts()
    body = member(origin_place="x" * 2000)
    response = officer.put(f"{URL}/{registered['registration_id']}", body, content_type="application/json")
    assert response.status_code == 413
    assert counts() == before
