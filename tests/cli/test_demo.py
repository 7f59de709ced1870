"""`mixmig demo`: generated registrations through the real services; idempotent; development only."""

from __future__ import annotations

import pytest

from mixmig.apps.audit.models import AuditEvent
from mixmig.apps.registry.demo import people
from mixmig.apps.registry.demo.routes import ROUTES, SITES
from mixmig.apps.registry.models import GroupRelation, Registration, SearchKey, Site

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(run):
    result = run("demo", "--size", "150", "--seed", "7", "--no-progress")
    assert result.code == 0, result.err
    return result


def test_demo_creates_sites_users_and_exactly_size_registrations(demo, django_user_model):
    assert Registration.objects.count() == 150
    assert Site.objects.filter(code__in=[s[0] for s in SITES]).count() == len(SITES)
    roles = set(django_user_model.objects.values_list("role", flat=True))
    assert roles == {
        "registration_officer",
        "caseworker",
        "supervisor",
        "analyst",
        "data_protection_officer",
        "administrator",
    }
    assert "ita.officer-demo-2024" in demo.out and "ngo.dpo" in demo.out
    # through the services: search keys and audit events are real
    assert SearchKey.objects.count() > 150 * 3
    assert AuditEvent.objects.filter(action="registration.created").count() == 150


def test_demo_is_idempotent(demo, run):
    users, events = Registration.objects.count(), AuditEvent.objects.count()
    again = run("demo", "--size", "150", "--seed", "7", "--no-progress")
    assert again.code == 0 and "150 already there, 0 created" in again.out
    assert Registration.objects.count() == users
    assert AuditEvent.objects.count() == events


def test_demo_tops_up_an_interrupted_run(run):
    assert run("demo", "--size", "40", "--seed", "7", "--no-progress").code == 0
    assert run("demo", "--size", "90", "--seed", "7", "--no-progress").code == 0
    assert Registration.objects.count() == 90


def test_demo_refuses_outside_development(run, settings):
    settings.DEVELOPMENT = False
    result = run("demo", "--size", "5", "--no-progress")
    assert result.code == 1 and "only in development" in result.err
    assert Registration.objects.count() == 0


def test_demo_data_has_scripts_families_and_unaccompanied_children(demo):
    regs = list(Registration.objects.all())
    scripts = {r.original_script for r in regs}
    assert {"Arab", "Ethi"} <= scripts
    assert GroupRelation.objects.filter(relation="parent").exists()
    children_alone = [
        r for r in regs if r.group_id is None and r.birth_year and r.registered_on.year - r.birth_year < 18
    ]
    with_unrelated = GroupRelation.objects.filter(relation="unrelated_adult").count()
    assert children_alone or with_unrelated
    assert any(r.birth_precision == "age_estimate" for r in regs)
    assert any(r.birth_date and (r.birth_date.month, r.birth_date.day) == (1, 1) for r in regs)
    assert any(not r.documents.exists() for r in regs)


def test_generator_invariants_on_a_larger_sample():
    from datetime import date

    today = date(2026, 6, 30)
    groups = people.generate(1200, seed=3, today=today)
    members = [m for g in groups for m in g.members]
    assert len(members) == 1200
    assert people.generate(1200, seed=3, today=today)[5].members == groups[5].members  # deterministic
    scripts = {m.get("original_script", "") for m in members}
    assert {"Arab", "Ethi", "Cyrl", "Hani", "Latn", ""} <= scripts
    kinds = {g.kind for g in groups}
    assert {"family", "single", "unaccompanied", "unaccompanied_with_adults"} <= kinds
    for g in groups:
        assert g.registered_on <= today
        for r in g.relations:
            assert 0 <= r["subject"] < len(g.members) and 0 <= r["other"] < len(g.members)
    for g in groups:
        if g.kind == "unaccompanied":
            age = g.members[0].get("age_estimate") or (
                today.year - (g.members[0].get("birth_year") or g.members[0]["birth_date"].year)
            )
            assert 14 <= age <= 18
    spellings = {m["given_name"] for m in members}
    assert len({"Mohamed", "Muhammad", "Mohammed", "Mohammad"} & spellings) >= 2
    nationalities = {m["nationalities"][0] for m in members}
    assert {"ERI", "AFG", "SYR", "VEN", "ETH", "CHN"} <= nationalities
    assert sum(r.weight for r in ROUTES) == pytest.approx(1.0)


@pytest.mark.parametrize("today", ["2026-01-01", "2028-02-29", "2026-12-31"])
def test_every_generated_member_passes_the_shared_validator(today):
    from datetime import date

    from mixmig.apps.registry.inputs import clean_member, clean_relations

    day = date.fromisoformat(today)
    for seed in (1, 2):
        for group in people.generate(300, seed=seed, today=day):
            country = people.SITE_COUNTRY[group.site]
            for member in group.members:
                clean_member(member, group.registered_on, country)  # raises InvalidInput on any problem
            clean_relations(group.relations, len(group.members))
