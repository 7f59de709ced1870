"""Journey 1: the duplicate check finds the boy registered three weeks earlier under another spelling."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from mixmig.apps.identity import selectors
from mixmig.apps.identity.models import IdentityKey
from mixmig.apps.registry import services as registry
from mixmig.apps.registry.errors import NotPermitted

BOY_EARLIER = {
    "given_name": "Mohamed",
    "family_name": "Al Rashid",
    "given_name_original": "محمد",
    "family_name_original": "الرشيد",
    "sex": "male",
    "birth_year": 2009,
    "nationalities": ["SDN"],
}
BOY_NOW = {
    "given_name": "Muhammad",
    "family_name": "Rashid",
    "sex": "male",
    "birth_year": 2009,
    "nationalities": ["SDN"],
}


@pytest.fixture
def earlier(personas):
    three_weeks_ago = timezone.localdate() - timedelta(days=21)
    reg = registry.register_person(
        personas.officer, personas.site.code, BOY_EARLIER, registered_on=three_weeks_ago
    )
    registry.register_person(
        personas.officer, personas.site.code, {"given_name": "Amina", "family_name": "Haile"}
    )
    return reg


def test_keys_are_written_with_registrations_and_hold_no_names(earlier):
    keys = list(IdentityKey.objects.filter(registration=earlier).values_list("key", flat=True))
    assert len(keys) >= 3
    assert all(isinstance(k, int) for k in keys)


def test_the_boy_is_found_under_another_spelling_and_script(personas, earlier):
    found = selectors.check_duplicates(personas.officer, BOY_NOW)
    assert [c.person_number for c in found] == [earlier.person.number]
    top = found[0]
    assert top.probability > 0.9
    fields = {row["field"]: row for row in top.explanation}
    assert fields["given_name"]["level"] >= 3 and fields["date_of_birth"]["level"] >= 2
    assert top.registration.pk == earlier.pk


def test_arabic_script_alone_finds_him_too(personas, earlier):
    found = selectors.check_duplicates(
        personas.officer, {"given_name": "محمد", "family_name": "رشيد", "sex": "male", "birth_year": "2009"}
    )
    assert earlier.person.number in [c.person_number for c in found]


def test_a_saved_registration_is_not_its_own_duplicate(personas, earlier):
    assert selectors.check_duplicates(personas.officer, earlier) == []
    later = registry.register_person(personas.officer, personas.site.code, BOY_NOW)
    assert [c.person_number for c in selectors.check_duplicates(personas.officer, later)] == [
        earlier.person.number
    ]


def test_another_agencys_persons_never_appear(personas, earlier):
    registry.register_person(personas.officer_b, personas.site_b.code, BOY_EARLIER)
    assert selectors.check_duplicates(personas.officer_b, BOY_NOW)  # B sees its own registration …
    numbers = {c.person_number for c in selectors.check_duplicates(personas.officer, BOY_NOW)}
    assert numbers == {earlier.person.number}  # … A never sees B's


def test_roles_without_person_view_are_refused(personas, earlier):
    with pytest.raises(NotPermitted):
        selectors.check_duplicates(personas.analyst, BOY_NOW)


def test_update_rekeys_and_merge_moves_keys(personas, earlier):
    registry.update_registration(
        personas.officer, earlier.pk, {**BOY_EARLIER, "given_name": "Yonas", "given_name_original": ""}
    )
    assert IdentityKey.objects.filter(registration=earlier).exists()
    other = registry.register_person(personas.officer, personas.site.code, BOY_NOW)
    registry.merge_persons(personas.supervisor, earlier.person.number, other.person.number, "same boy")
    assert set(IdentityKey.objects.filter(registration=other).values_list("person_id", flat=True)) == {
        earlier.person_id
    }


def test_a_namesake_is_compared_on_his_own_family_name(personas, earlier):
    """Candidates and the new registration are compared in one code space: "Zubair" is not "Abbas"."""
    abbas = registry.register_person(
        personas.officer,
        personas.site.code,
        {"given_name": "Mohamed", "family_name": "Abbas", "sex": "male", "birth_year": 2009},
    )
    found = selectors.check_duplicates(
        personas.officer,
        {"given_name": "Mohamed", "family_name": "Zubair", "sex": "male", "birth_year": 2009},
        threshold=0.0,
    )
    by_number = {c.person_number: c for c in found}
    assert abbas.person.number in by_number
    fields = {row["field"]: row for row in by_number[abbas.person.number].explanation}
    assert fields["family_name"]["level"] == 0 and fields["given_name"]["level"] == 4
