"""Reads: the duplicate check, the review queue, runs — always through the caller's role and scope."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

import numpy as np
from django.db import connection
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from mixmig.apps.access.roles import can
from mixmig.apps.identity import adapter, keys
from mixmig.apps.identity.linkmodel import current_model
from mixmig.apps.identity.models import IdentityKey, LinkageRun, PossibleMatch
from mixmig.apps.registry import selectors as registry
from mixmig.apps.registry.errors import NotPermitted, NotVisible
from mixmig.engines.linkage import prepare

MAX_BLOCK = 1000  # a key shared by more registrations carries little evidence (as in the engine)
MAX_CANDIDATES = 200  # registrations scored per check, those sharing the most keys first
DEFAULT_THRESHOLD = 0.3


@dataclass
class DuplicateCandidate:
    person_number: str
    registration_id: int
    probability: float
    explanation: list[dict] = field(default_factory=list)
    registration: object = None  # the registration (for display), visible to the caller


def _candidate_ids(query_keys: set[int], exclude: int | None) -> list[int]:
    table, key = IdentityKey._meta.db_table, connection.ops.quote_name("key")
    sql = f"SELECT registration_id FROM {table} WHERE {key} = %s LIMIT {MAX_BLOCK + 1}"  # noqa: S608 - names from the model
    shared: Counter[int] = Counter()
    with connection.cursor() as cursor:
        for k in sorted(query_keys):
            cursor.execute(sql, [k])
            rows = cursor.fetchall()
            if len(rows) <= MAX_BLOCK:
                shared.update(rid for (rid,) in rows)
    shared.pop(exclude, None)
    return [rid for rid, _count in shared.most_common(MAX_CANDIDATES)]


def check_duplicates(
    user, member_or_registration, limit: int = 10, threshold: float = DEFAULT_THRESHOLD
) -> list[DuplicateCandidate]:
    """Persons ``user`` may see who may be the person in ``member_or_registration`` (a member dict as posted
    to the registration form, or a saved registration), best first, each with its field-by-field reasons."""
    if not can(user, "person.view"):
        raise NotPermitted(_("your role may not view personal records (person.view)"))
    if isinstance(member_or_registration, dict):
        query_rows, exclude, own_person = adapter.member_rows(member_or_registration), None, None
    else:
        query_rows = adapter.registration_rows(member_or_registration)
        exclude, own_person = member_or_registration.pk, member_or_registration.person_id
    ids = _candidate_ids(keys.keys_of(query_rows), exclude)
    if not ids:
        return []
    visible = {
        r["pk"]: r
        for r in registry.visible_registrations(user)
        .filter(pk__in=ids)
        .exclude(person_id=own_person)
        .values(*adapter.FIELDS, "person__number")
    }
    if not visible:
        return []
    cand_rows = [row for r in visible.values() for row in adapter.registration_rows(r)]
    model, _run = current_model()
    candidates = prepare(cand_rows)
    query = prepare(query_rows)
    best: dict[int, tuple[float, np.ndarray, bool]] = {}
    for q in range(len(query)):
        repeated = {
            name: np.repeat(values[q : q + 1], len(candidates)) for name, values in query.columns.items()
        }
        gammas, swapped = model.comparisons.compare(candidates.columns, repeated)
        prob = model.probabilities(gammas)
        for k, record_id in enumerate(candidates.record_id.tolist()):
            rid = adapter.registration_id(record_id)
            if rid not in best or prob[k] > best[rid][0]:
                best[rid] = (float(prob[k]), gammas[k], bool(swapped[k]))
    by_person: dict[str, DuplicateCandidate] = {}
    for rid, (p, gamma, swapped) in best.items():
        number = visible[rid]["person__number"]
        if p >= threshold and (number not in by_person or p > by_person[number].probability):
            by_person[number] = DuplicateCandidate(number, rid, p, model.explain(gamma, swapped))
    out = sorted(by_person.values(), key=lambda c: -c.probability)[:limit]
    if out:
        regs = (
            registry.visible_registrations(user)
            .select_related("site")
            .in_bulk([c.registration_id for c in out])
        )
        for c in out:
            c.registration = regs.get(c.registration_id)
        registry.record_listing(user, "identity.duplicates_shown", "person", [c.person_number for c in out])
    return out


def _require_review(user) -> None:
    if not can(user, "person.merge"):
        raise NotPermitted(_("your role may not review possible matches (person.merge)"))


def pending_matches(user) -> QuerySet[PossibleMatch]:
    """Pending pairs whose both persons ``user`` may see (merged persons drop out), likeliest first."""
    _require_review(user)
    visible = registry.visible_persons(user)
    return (
        PossibleMatch.objects.filter(status=PossibleMatch.Status.PENDING)
        .filter(person_a__in=visible, person_b__in=visible)
        .select_related("person_a", "person_b")
        .order_by("-probability", "pk")
    )


def get_match(user, match_id: int) -> PossibleMatch:
    _require_review(user)
    visible = registry.visible_persons(user)
    match = (
        PossibleMatch.objects.filter(pk=match_id, person_a__in=visible, person_b__in=visible)
        .select_related("person_a", "person_b", "registration_a", "registration_b", "decided_by")
        .first()
    )
    if match is None:
        raise NotVisible(_("possible match %(id)s not found") % {"id": match_id})
    return match


def get_run(user, run_id: int) -> LinkageRun:
    _require_review(user)
    run = LinkageRun.objects.filter(pk=run_id).first()
    if run is None:
        raise NotVisible(_("linkage run %(id)s not found") % {"id": run_id})
    return run


def latest_runs(user, limit: int = 10) -> list[LinkageRun]:
    _require_review(user)
    return list(LinkageRun.objects.order_by("-id")[:limit])
