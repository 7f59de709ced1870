"""Writes: batch linkage runs (a background job with progress) and reviewers' decisions on possible matches."""

from __future__ import annotations

import threading
import traceback
from collections.abc import Callable

import numpy as np
from django.conf import settings
from django.db import close_old_connections, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from mixmig.apps.access.roles import can
from mixmig.apps.audit import services as audit
from mixmig.apps.identity import adapter, keys, linkmodel
from mixmig.apps.identity.models import IdentityKey, LinkageRun, PossibleMatch
from mixmig.apps.registry import selectors as registry
from mixmig.apps.registry import services as registry_services
from mixmig.apps.registry.errors import FieldError, InvalidInput, NotPermitted
from mixmig.engines.linkage import dedupe, defaults

Progress = Callable[[float, str], None]
BATCH = 5000
# Below this many candidate pairs the unsupervised (EM) training is unstable: the model in use scores them.
MIN_TRAINING_PAIRS = defaults.MIN_TRAINING_PAIRS
ACTIVE = (LinkageRun.Status.QUEUED, LinkageRun.Status.RUNNING)


def _require(actor, permission: str = "person.merge") -> None:
    if not can(actor, permission):
        raise NotPermitted(_("your role may not do this (%(permission)s)") % {"permission": permission})


def start_run(actor, background: bool | None = None, progress: Progress | None = None) -> LinkageRun:
    """Queue a batch run over the whole registry; it runs in a daemon thread of this process (or inline when
    ``background`` is False, or settings.IDENTITY_RUN_IN_THREAD is off — tests, the CLI)."""
    _require(actor)
    with transaction.atomic():
        if LinkageRun.objects.filter(status__in=ACTIVE).exists():
            raise InvalidInput(
                [FieldError("run", _("a linkage run is already queued or running; wait for it"))]
            )
        run = LinkageRun.objects.create(started_by=actor, message=_("queued"))
        audit.record(actor, "identity.run_started", "linkage_run", run.pk)
    if background is None:
        background = getattr(settings, "IDENTITY_RUN_IN_THREAD", True)
    if background:
        threading.Thread(
            target=_run_in_thread, args=(run.pk,), daemon=True, name=f"linkage-run-{run.pk}"
        ).start()
    else:
        execute_run(run.pk, progress)
        run.refresh_from_db()
    return run


def _run_in_thread(run_id: int) -> None:
    try:
        execute_run(run_id)
    finally:
        close_old_connections()
        connection.close()


def _set(run_id: int, **fields) -> None:
    LinkageRun.objects.filter(pk=run_id).update(**fields)


def execute_run(run_id: int, progress: Progress | None = None) -> None:
    """Run the linkage engine over every registration and store new possible matches (see module doc)."""
    report = progress or (lambda fraction, message: None)

    def step(fraction: float, message: str) -> None:
        _set(run_id, progress=round(fraction, 3), message=message[:300])
        report(fraction, message)

    _set(run_id, status=LinkageRun.Status.RUNNING, started_at=timezone.now())
    try:
        counts = _execute(run_id, step)
    except Exception as exc:  # noqa: BLE001 - a failed job is reported on its status page, not raised into a thread
        _set(
            run_id,
            status=LinkageRun.Status.FAILED,
            finished_at=timezone.now(),
            error=f"{exc}\n{traceback.format_exc(limit=5)}"[:4000],
        )
        return
    run = LinkageRun.objects.select_related("started_by").get(pk=run_id)
    with transaction.atomic():
        _set(
            run_id,
            status=LinkageRun.Status.DONE,
            progress=1.0,
            finished_at=timezone.now(),
            counts=counts,
            message=_("done"),
        )
        audit.record(run.started_by, "identity.run_finished", "linkage_run", run_id, **counts)


def backfill_keys(step: Progress | None = None) -> int:
    """Write blocking keys for registrations that have none (registered before the identity app existed)."""
    missing = list(registry.registrations_without(IdentityKey.objects.values("registration_id")))
    for start in range(0, len(missing), BATCH):
        chunk = registry.registrations_by_ids(missing[start : start + BATCH]).values(*adapter.FIELDS)
        with transaction.atomic():
            keys.write_keys(list(chunk))
        if step:
            step(0.05, f"keyed {min(start + BATCH, len(missing)):,} of {len(missing):,} registrations")
    return len(missing)


def _execute(run_id: int, step: Progress) -> dict:
    backfilled = backfill_keys(step)
    rows, person_of = [], {}
    for reg in registry.all_registrations_for_linkage().values(*adapter.FIELDS).iterator(chunk_size=BATCH):
        rows.extend(adapter.registration_rows(reg))
        person_of[reg["pk"]] = reg["person_id"]
        if len(person_of) % 50_000 == 0:
            step(0.1, f"read {len(person_of):,} registrations")
    step(0.2, f"read {len(person_of):,} registrations")
    decided = PossibleMatch.objects.exclude(status=PossibleMatch.Status.PENDING).values_list(
        "registration_a_id", "registration_b_id", "status"
    )
    labels = {
        (str(a), str(b)): status == PossibleMatch.Status.MATCH
        for a, b, status in decided
        if a in person_of and b in person_of
    }
    stages = {
        "prepared": 0.3,
        "blocking": 0.4,
        "compared candidate": 0.6,
        "trained": 0.7,
        "pairs accepted": 0.8,
    }

    def engine_progress(message: str) -> None:
        fraction = next((f for key, f in stages.items() if key in message), None)
        if fraction is not None:
            step(fraction, message.split("] ", 1)[-1])

    if len(rows) < 2:
        return {"registrations": len(person_of), "keys_backfilled": backfilled, "pairs": 0, "proposed": 0}
    fallback, _run = linkmodel.current_model()
    result = dedupe(
        rows,
        labels=labels,
        progress=engine_progress,
        fallback=fallback,
        min_training_pairs=MIN_TRAINING_PAIRS,
    )
    trained = result.model is not fallback
    accepted = result.matches()
    ids = result.prepared.record_id
    best: dict[tuple[int, int], tuple[float, int, int, int]] = {}
    for k in accepted.tolist():
        ra, rb = adapter.registration_id(ids[result.i[k]]), adapter.registration_id(ids[result.j[k]])
        pa, pb = person_of[ra], person_of[rb]
        if pa == pb:
            continue
        if pa > pb:
            pa, pb, ra, rb = pb, pa, rb, ra
        p = float(result.probability[k])
        if (pa, pb) not in best or p > best[(pa, pb)][0]:
            best[(pa, pb)] = (p, ra, rb, k)
    step(0.9, f"{len(best):,} pairs of persons to propose")
    existing = set(
        PossibleMatch.objects.filter(person_a_id__in={a for a, _ in best}).values_list(
            "person_a_id", "person_b_id"
        )
    )
    new = [
        PossibleMatch(
            run_id=run_id,
            person_a_id=pa,
            person_b_id=pb,
            registration_a_id=ra,
            registration_b_id=rb,
            probability=p,
            explanation=result.explain(k),
        )
        for (pa, pb), (p, ra, rb, k) in best.items()
        if (pa, pb) not in existing
    ]
    with transaction.atomic():
        PossibleMatch.objects.bulk_create(new, batch_size=1000, ignore_conflicts=True)
        if trained:  # a run too small to learn from keeps the model in use
            _set(run_id, model=_json_safe(result.model.to_dict()))
    return {
        "registrations": len(person_of),
        "keys_backfilled": backfilled,
        "pairs": int(len(result.i)),
        "accepted": int(len(accepted)),
        "proposed": len(new),
        "labels": len(labels),
        "model": "trained" if trained else "kept (too few candidate pairs to train)",
    }


def _json_safe(value):
    if isinstance(value, dict):
        return {k: _json_safe(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_json_safe(v) for v in value]
    if isinstance(value, np.generic):
        return value.item()
    return value


def decide(actor, match_id: int, decision: str, reason: str = "") -> PossibleMatch:
    """A reviewer's decision on a possible match: ``match`` merges the two persons (the earlier registered one
    survives); ``not_match`` is stored and the pair is never proposed again. Audited either way."""
    from mixmig.apps.identity.selectors import get_match

    _require(actor)
    if decision not in (PossibleMatch.Status.MATCH, PossibleMatch.Status.NOT_MATCH):
        raise InvalidInput(
            [FieldError("decision", _("decision must be %(allowed)s") % {"allowed": "match, not_match"})]
        )
    with transaction.atomic():
        match = get_match(actor, match_id)
        if match.status != PossibleMatch.Status.PENDING:
            raise InvalidInput([FieldError("decision", _("this pair was already decided"))])
        reason = (reason or "").strip()
        if decision == PossibleMatch.Status.MATCH:
            merge = registry_services.merge_persons(
                actor,
                match.person_a.number,
                match.person_b.number,
                reason or _("confirmed in identity review (possible match %(id)s)") % {"id": match.pk},
            )
            match.merge_id = merge.pk
        match.status = decision
        match.decided_by = actor
        match.decided_at = timezone.now()
        match.reason = reason
        match.save(update_fields=["status", "decided_by", "decided_at", "reason", "merge_id"])
        audit.record(
            actor,
            "identity.match_decided",
            "possible_match",
            match.pk,
            decision=decision,
            persons=[match.person_a.number, match.person_b.number],
            probability=round(match.probability, 4),
        )
    return match
