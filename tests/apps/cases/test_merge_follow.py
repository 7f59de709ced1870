"""Referrals, consents, cases and child-protection steps follow a person merge, and an unmerge restores
exactly what moved (rows made for the survivor after the merge stay with the survivor)."""

from __future__ import annotations

import pytest

from mixmig.apps.cases import children
from mixmig.apps.cases import services as cases
from mixmig.apps.cases.models import Case, ChildStep
from mixmig.apps.referrals import services as referrals
from mixmig.apps.referrals.models import Consent, MergeMove, Referral
from mixmig.apps.registry import services as registry


def _owners(*models):
    return {m.__name__: dict(m.objects.values_list("pk", "person_id")) for m in models}


@pytest.fixture
def pair(personas, register, catalogue, consent_for):
    survivor = register(personas.caseworker, given_name="Mohamed").person
    merged = register(personas.caseworker, given_name="Muhammad").person
    for person in (survivor, merged):
        referrals.create_referral(
            personas.caseworker, person.number, catalogue.asylum.code, shares_personal_data=False
        )
        consent_for(person, service=catalogue.shelter_b)
        case = cases.open_case(personas.caseworker, person.number)
        children.request_step(personas.caseworker, case.pk, "age_assessment")
    return survivor, merged


def test_merge_moves_rows_and_unmerge_restores_them_exactly(personas, catalogue, pair):
    survivor, merged = pair
    models = (Referral, Consent, Case, ChildStep)
    before = _owners(*models)
    merge = registry.merge_persons(personas.supervisor, survivor.number, merged.number, "same passport")
    after = _owners(*models)
    for name in before:
        assert set(after[name].values()) == {survivor.pk}, name
    assert MergeMove.objects.filter(merge_id=merge.pk).count() == 4

    # made for the survivor after the merge: stays with the survivor on unmerge
    late = referrals.create_referral(
        personas.caseworker, survivor.number, catalogue.asylum.code, shares_personal_data=False
    )
    registry.unmerge_persons(personas.supervisor, merge.pk, "different people after all")
    restored = _owners(*models)
    restored["Referral"].pop(late.pk)
    assert restored == before
    assert Referral.objects.get(pk=late.pk).person_id == survivor.pk
    assert not MergeMove.objects.filter(merge_id=merge.pk).exists()


def test_a_failed_merge_moves_nothing(personas, pair):
    survivor, merged = pair
    before = _owners(Referral, Case)
    with pytest.raises(Exception):
        registry.merge_persons(personas.supervisor, survivor.number, merged.number, "")
    assert _owners(Referral, Case) == before and not MergeMove.objects.exists()
