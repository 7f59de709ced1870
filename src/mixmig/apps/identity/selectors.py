"""Reads: the duplicate check, the review queue, runs — always through the caller's role and scope."""

from __future__ import annotations

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


_FIRST_SEEN = 1 << 40  # rank of a key, shifted above any row id (see _candidate_ids)


def _candidate_ids(query_keys: set[int], exclude: int | None) -> list[int]:
    """The ``MAX_CANDIDATES`` registrations sharing the most keys with the query, skipping keys held by
    more than ``MAX_BLOCK`` registrations.

    One statement, answered from the covering index ``(key, registration)``: each key's block is read at
    most ``MAX_BLOCK + 1`` rows deep (enough to tell an oversized block), oversized blocks are dropped and
    the rest are counted per registration in the database. Ties keep the order of the former key-by-key
    count: the registration met first, reading the keys in ascending order and each key's rows in row
    order, comes first — so the same input gives the same candidates as before.
    """
    if not query_keys:
        return []
    table, key = IdentityKey._meta.db_table, connection.ops.quote_name("key")
    blocks = " UNION ALL ".join(
        f"SELECT {n} * {_FIRST_SEEN} + b{n}.id AS seen, b{n}.{key}, b{n}.registration_id FROM "  # noqa: S608 - names from the model
        f"(SELECT id, {key}, registration_id FROM {table} WHERE {key} = %s LIMIT {MAX_BLOCK + 1}) b{n}"
        for n in range(len(query_keys))
    )
    sql = (
        f"WITH rows_of_keys AS ({blocks}), "  # noqa: S608 - names from the model
        f"small AS (SELECT {key} FROM rows_of_keys GROUP BY {key} HAVING COUNT(*) <= {MAX_BLOCK}) "
        f"SELECT registration_id FROM rows_of_keys WHERE {key} IN (SELECT {key} FROM small) "
        f"AND registration_id <> %s GROUP BY registration_id "
        f"ORDER BY COUNT(*) DESC, MIN(seen) LIMIT {MAX_CANDIDATES}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*sorted(query_keys), -1 if exclude is None else exclude])
        return [rid for (rid,) in cursor.fetchall()]


def _score(
    model, query_rows: list[dict], cand_rows: list[dict]
) -> tuple[dict[int, tuple[float, int, bool]], np.ndarray]:
    """Best-scoring variant pair per candidate registration: ``{registration id: (probability, position
    of its gamma row, swapped)}``, from one vectorised comparison of every query variant with every
    candidate variant."""
    # prepared together: coded comparisons need both sides' codes from one vocabulary
    both = prepare(cand_rows + query_rows)
    n, q = len(cand_rows), len(query_rows)
    gammas, swapped = model.comparisons.compare_positions(
        both, np.tile(np.arange(n), q), np.repeat(np.arange(n, n + q), n)
    )
    prob = model.probabilities(gammas)
    rids = np.array([adapter.registration_id(r) for r in both.record_id[:n].tolist()] * q, dtype=np.int64)
    # highest probability first, ties in the order the per-variant loop used to visit them (first wins)
    order = np.lexsort((np.arange(len(prob)), -prob))
    best: dict[int, tuple[float, int, bool]] = {}
    for k in order.tolist():
        rid = int(rids[k])
        if rid not in best:
            best[rid] = (float(prob[k]), k, bool(swapped[k]))
    # in the candidates' order (it breaks ties between equally likely persons further on)
    return {rid: best[rid] for rid in dict.fromkeys(rids[:n].tolist())}, gammas


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
        # (the registry's default order: it decides ties between equally likely persons at ``limit``)
        .values(*adapter.FIELDS, "person__number")
    }
    if not visible:
        return []
    cand_rows = [row for r in visible.values() for row in adapter.registration_rows(r)]
    model, _run = current_model()
    best, gammas = _score(model, query_rows, cand_rows)
    by_person: dict[str, tuple[float, int, int, bool]] = {}
    for rid, (p, k, swapped) in best.items():
        number = visible[rid]["person__number"]
        if p >= threshold and (number not in by_person or p > by_person[number][0]):
            by_person[number] = (p, rid, k, swapped)
    top = sorted(by_person.items(), key=lambda item: -item[1][0])[:limit]
    out = [
        DuplicateCandidate(number, rid, p, model.explain(gammas[k], swapped))
        for number, (p, rid, k, swapped) in top
    ]
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
