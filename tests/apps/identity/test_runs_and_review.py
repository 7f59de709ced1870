"""Batch run → possible matches → review (match merges, not-a-match is never proposed again)."""

from __future__ import annotations

import pytest

from mixmig.apps.audit import services as audit
from mixmig.apps.identity import selectors, services
from mixmig.apps.identity.linkmodel import current_model
from mixmig.apps.identity.models import LinkageRun, PossibleMatch
from mixmig.apps.registry import services as registry
from mixmig.apps.registry.errors import InvalidInput, NotPermitted, NotVisible
from mixmig.apps.registry.models import Registration

PEOPLE = [
    ("Mohamed", "Al Rashid", "2009"),
    ("Muhammad", "Rashid", "2009"),
    ("Fatima", "Haile", "1990-03-04"),
    ("Fatma", "Haile", "1990-04-03"),
    ("Yonas", "Tesfay", "1985"),
    ("Ali", "Karimi", "2001-07-12"),
    ("Amina", "Osman", "1998"),
    ("Sara", "Ahmadi", "1979-11-02"),
]


@pytest.fixture
def registered(personas):
    out = []
    for given, family, born in PEOPLE:
        birth = {"birth_date": born} if "-" in born else {"birth_year": int(born)}
        out.append(
            registry.register_person(
                personas.officer, personas.site.code, {"given_name": given, "family_name": family, **birth}
            )
        )
    registry.register_person(
        personas.officer_b,
        personas.site_b.code,
        {"given_name": "Mohammed", "family_name": "Rashid", "birth_year": 2009},
    )
    return out


def test_a_run_proposes_pairs_of_persons_and_stores_its_model(personas, registered, monkeypatch):
    monkeypatch.setattr(services, "MIN_TRAINING_PAIRS", 0)  # learn even from this small registry
    run = services.start_run(personas.supervisor)
    assert run.status == LinkageRun.Status.DONE, run.error
    assert run.progress == 1.0 and run.counts["registrations"] == len(PEOPLE) + 1
    assert run.counts["model"] == "trained"
    assert current_model()[1] == run.pk
    pairs = {(m.person_a_id, m.person_b_id) for m in PossibleMatch.objects.all()}
    boy = tuple(sorted((registered[0].person_id, registered[1].person_id)))
    assert boy in pairs


def test_queue_shows_only_pairs_whose_both_persons_are_visible(personas, registered):
    services.start_run(personas.supervisor)
    queue = list(selectors.pending_matches(personas.supervisor))
    assert queue
    agency_a = {r.person_id for r in registered}
    assert all(m.person_a_id in agency_a and m.person_b_id in agency_a for m in queue)
    foreign = (
        PossibleMatch.objects.exclude(person_a_id__in=agency_a).first()
        or PossibleMatch.objects.exclude(person_b_id__in=agency_a).first()
    )
    if foreign is not None:
        with pytest.raises(NotVisible):
            selectors.get_match(personas.supervisor, foreign.pk)


@pytest.mark.parametrize("who", ["officer", "caseworker", "analyst", "admin"])
def test_roles_without_person_merge_may_not_run_or_review(personas, who):
    with pytest.raises(NotPermitted):
        services.start_run(getattr(personas, who))
    with pytest.raises(NotPermitted):
        selectors.pending_matches(getattr(personas, who))


def test_match_merges_and_not_match_is_never_proposed_again(personas, registered):
    services.start_run(personas.supervisor)
    queue = list(selectors.pending_matches(personas.dpo))
    first, rest = queue[0], queue[1:]
    services.decide(personas.dpo, first.pk, "match", "same photo")
    assert Registration.objects.filter(person_id=first.person_b_id).count() == 0
    for m in rest:
        services.decide(personas.dpo, m.pk, "not_match")
    with pytest.raises(NotVisible):  # one of its persons lives on only in the survivor
        services.decide(personas.dpo, first.pk, "not_match")
    if rest:
        with pytest.raises(InvalidInput):
            services.decide(personas.dpo, rest[0].pk, "match")
    before = PossibleMatch.objects.count()
    run = services.start_run(personas.supervisor)
    assert run.status == LinkageRun.Status.DONE, run.error
    assert run.counts["labels"] >= 1
    assert PossibleMatch.objects.count() == before
    assert not list(selectors.pending_matches(personas.dpo))
    actions = set(audit_actions())
    assert {
        "identity.match_decided",
        "person.merged",
        "identity.run_started",
        "identity.run_finished",
    } <= actions
    assert audit.verify().ok


def test_bad_decision_is_refused(personas, registered):
    services.start_run(personas.supervisor)
    match = selectors.pending_matches(personas.supervisor).first()
    with pytest.raises(InvalidInput):
        services.decide(personas.supervisor, match.pk, "maybe")


def test_one_run_at_a_time(personas):
    LinkageRun.objects.create(started_by=personas.supervisor, status=LinkageRun.Status.RUNNING)
    with pytest.raises(InvalidInput):
        services.start_run(personas.supervisor)


def audit_actions():
    from mixmig.apps.audit.models import AuditEvent

    return AuditEvent.objects.values_list("action", flat=True)


def test_cli_identity_run(personas, registered, capsys):
    from django.core.management import call_command

    call_command("identity_run", "--as", "supervisor")
    out = capsys.readouterr()
    assert "new possible matches for review" in out.out
    assert "%" in out.err  # progress bar on stderr
    assert PossibleMatch.objects.exists()
