"""Merging two persons moves every registration to the survivor; unmerging restores both exactly."""

from __future__ import annotations

import pytest
from django.forms.models import model_to_dict
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mixmig.apps.audit import services as audit
from mixmig.apps.registry import selectors
from mixmig.apps.registry import services as registry
from mixmig.apps.registry.errors import InvalidInput, Merged, NotPermitted, NotVisible
from mixmig.apps.registry.models import Person, Registration, SearchKey
from mixmig.apps.screening.models import Screening


def snapshot(*persons: Person) -> dict:
    """Everything that hangs off the persons: registrations, search keys, screenings, the person rows."""
    out = {}
    for person in persons:
        person.refresh_from_db()
        regs = Registration.objects.filter(person=person).order_by("pk")
        out[person.number] = {
            "person": model_to_dict(person),
            "registrations": [model_to_dict(r) | {"updated_at": r.updated_at} for r in regs],
            "search_keys": sorted(
                SearchKey.objects.filter(person=person).values_list("registration_id", "digest")
            ),
            "screenings": sorted(
                Screening.objects.filter(person=person).values_list("pk", "registration_id", "person_id")
            ),
        }
    return out


def two_persons(personas, register):
    boy = register(personas.officer, given_name="Mohamed", family_name="Rashid", sex="male", birth_year=2009)
    again = register(
        personas.officer,
        given_name="Muhammad",
        family_name="Al Rashid",
        given_name_original="محمد",
        family_name_original="الرشيد",
        sex="male",
        birth_year=2009,
    )
    return boy.person, again.person


def test_merge_moves_registrations_and_unmerge_restores_exactly(personas, register):
    survivor, merged = two_persons(personas, register)
    register(personas.officer, person_number=survivor.number, given_name="Mohamed", family_name="Rashid")
    before = snapshot(survivor, merged)

    merge = registry.merge_persons(personas.supervisor, survivor.number, merged.number, "same boy, photo")
    assert Registration.objects.filter(person=merged).count() == 0
    assert Registration.objects.filter(person=survivor).count() == 3
    assert SearchKey.objects.filter(person=merged).count() == 0
    assert Screening.objects.filter(person=merged).count() == 0
    merged.refresh_from_db()
    assert merged.merged_into_id == survivor.pk

    registry.unmerge_persons(personas.supervisor, merge.pk, "different fathers' names")
    assert snapshot(survivor, merged) == before
    merge.refresh_from_db()
    assert merge.undone_at is not None
    assert audit.verify().ok


def test_merged_person_disappears_from_search_and_redirects(personas, register):
    survivor, merged = two_persons(personas, register)
    registry.merge_persons(personas.dpo, survivor.number, merged.number, "same person")
    assert merged.pk not in {p.pk for p in selectors.search_persons(personas.officer, "Muhammad").persons}
    assert survivor.pk in {p.pk for p in selectors.search_persons(personas.officer, "Muhammad").persons}
    with pytest.raises(Merged) as caught:
        selectors.get_person(personas.officer, merged.number)
    assert caught.value.survivor_number == survivor.number


@pytest.mark.parametrize("who", ["officer", "caseworker", "analyst", "admin"])
def test_roles_without_person_merge_are_refused(personas, register, who):
    survivor, merged = two_persons(personas, register)
    with pytest.raises(NotPermitted):
        registry.merge_persons(getattr(personas, who), survivor.number, merged.number, "x")


def test_persons_of_another_agency_cannot_be_merged(personas, register):
    survivor, _ = two_persons(personas, register)
    foreign = register(personas.officer_b, given_name="Mohamed", family_name="Rashid").person
    with pytest.raises(NotVisible):
        registry.merge_persons(personas.supervisor, survivor.number, foreign.number, "same")
    assert Registration.objects.filter(person=foreign).count() == 1


def test_a_reason_is_required_and_self_merge_refused(personas, register):
    survivor, merged = two_persons(personas, register)
    with pytest.raises(InvalidInput):
        registry.merge_persons(personas.supervisor, survivor.number, merged.number, "  ")
    with pytest.raises(InvalidInput):
        registry.merge_persons(personas.supervisor, survivor.number, survivor.number, "same")


def test_unmerge_twice_and_out_of_order_are_refused(personas, register):
    a, b = two_persons(personas, register)
    c = register(personas.officer, given_name="Mohammed", family_name="Rasheed").person
    first = registry.merge_persons(personas.supervisor, a.number, b.number, "same")
    registry.merge_persons(personas.supervisor, c.number, a.number, "same again")
    with pytest.raises(InvalidInput):
        registry.unmerge_persons(personas.supervisor, first.pk, "undo")  # a's registrations moved on to c
    b.refresh_from_db()
    assert b.merged_into_id == c.pk  # the chain follows the survivor


names = st.sampled_from(["Amina", "Mohamed", "محمد", "Ali", "Fatima", "Yonas"])


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(first=st.lists(names, min_size=1, max_size=3), second=st.lists(names, min_size=1, max_size=3))
def test_merge_then_unmerge_is_the_identity(personas, first, second):
    def person(given_names):
        reg = registry.register_person(personas.officer, personas.site.code, {"given_name": given_names[0]})
        for name in given_names[1:]:
            registry.register_person(
                personas.officer, personas.site.code, {"given_name": name, "person_number": reg.person.number}
            )
        return reg.person

    a, b = person(first), person(second)
    before = snapshot(a, b)
    merge = registry.merge_persons(personas.supervisor, a.number, b.number, "generated")
    assert Registration.objects.filter(person=a).count() == len(first) + len(second)
    registry.unmerge_persons(personas.supervisor, merge.pk, "generated")
    assert snapshot(a, b) == before
