"""Screening registrations under the active policy pack and storing reproducible results.

Screening runs inside the transaction that registers or changes a registration (see ``receivers``), so a
registration is never stored without its screening. The active pack is ``settings.POLICY_PACK`` (a shipped
pack id or a path to a pack YAML file).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from mixmig.apps.access.roles import can
from mixmig.apps.audit import services as audit
from mixmig.apps.registry import selectors as registry
from mixmig.apps.registry import services as registry_services
from mixmig.apps.registry.errors import FieldError, InvalidInput, NotPermitted, NotVisible
from mixmig.apps.registry.records import registration_record
from mixmig.apps.screening.models import Screening
from mixmig.engines.policy import Pack, evaluate, resolve_pack

_active: dict[str, tuple[float, Pack]] = {}


def active_pack() -> Pack:
    """The configured pack, loaded once per process (a pack file is loaded again when it changes)."""
    ref = settings.POLICY_PACK
    path = Path(ref)
    stamp = path.stat().st_mtime if path.suffix in (".yaml", ".yml") and path.exists() else 0.0
    cached = _active.get(ref)
    if cached is not None and cached[0] == stamp:
        return cached[1]
    pack = resolve_pack(ref)
    _active[ref] = (stamp, pack)
    return pack


def _store(actor, registration, pack: Pack, trigger: str, audited: bool = True) -> Screening:
    record = registration_record(registration, timezone.localdate())
    result = evaluate(pack, record, trace=True)
    if trigger != Screening.Trigger.REGISTRATION:  # a new registration has no earlier screening
        Screening.objects.filter(registration=registration, is_current=True).update(is_current=False)
    user = actor if getattr(actor, "is_authenticated", False) else None
    screening = Screening.objects.create(
        registration=registration,
        person_id=registration.person_id,
        pack_id=pack.id,
        pack_version=str(pack.version),
        jurisdiction=pack.jurisdiction or "",
        screened_at=timezone.now(),
        screened_by=user,
        trigger=trigger,
        risk_level=result["risk_level"] or "",
        profiles=[p["id"] for p in result["profiles"]],
        route_procedures=sorted({r["procedure"] for r in result["routes"]}),
        input=record,
        result=result,
    )
    if audited:
        audit.record(
            actor,
            "screening.created",
            "registration",
            registration.pk,
            pack=pack.id,
            version=str(pack.version),
        )
    return screening


def screen_in_transaction(
    actor, registrations: Iterable, trigger: str, pack: Pack | None = None, audited: bool = True
) -> list[Screening]:
    """Screen ``registrations`` inside the caller's transaction (used by the registry signals). With
    ``audited=False`` the caller records the screening in its own audit event."""
    pack = pack or active_pack()
    return [_store(actor, registration, pack, trigger, audited) for registration in registrations]


def rescreen(actor, registration_id: int) -> Screening:
    """Screen one registration again now, under the active pack (a user asked)."""
    if not can(actor, "person.edit"):
        raise NotPermitted(_("your role may not do this (%(permission)s)") % {"permission": "person.edit"})
    registration = registry.visible_registrations(actor).filter(pk=registration_id).first()
    if registration is None:
        raise NotVisible(_("registration %(id)s not found") % {"id": registration_id})
    with transaction.atomic():
        return _store(actor, registration, active_pack(), Screening.Trigger.MANUAL)


def rescreen_outdated(
    actor, pack: Pack | None = None, batch_size: int = 500, progress: Callable[[int, int], None] | None = None
) -> int:
    """Re-screen every registration whose current screening used another pack or version. Returns the count."""
    pack = pack or active_pack()
    outdated: list[int] = list(
        Screening.objects.filter(is_current=True)
        .exclude(pack_id=pack.id, pack_version=str(pack.version))
        .values_list("registration_id", flat=True)
    )
    never = registry.registrations_without(Screening.objects.values("registration_id"))
    ids = sorted(set(outdated) | set(never))
    done = 0
    for start in range(0, len(ids), batch_size):
        chunk = ids[start : start + batch_size]
        with transaction.atomic():
            for registration in registry.registrations_by_ids(chunk):
                _store(actor, registration, pack, Screening.Trigger.RESCREEN)
        done += len(chunk)
        if progress:
            progress(done, len(ids))
    return done


def _check_answer(question, value, field: str) -> list[FieldError]:
    allowed = [v for v, _labels in question.options]
    if value is None or value == "":
        return []
    if question.type == "yes_no" and value not in (True, False, "yes", "no", "unknown"):
        return [
            FieldError(field, _("%(value)s is not allowed; use yes, no or unknown") % {"value": repr(value)})
        ]
    if question.type == "select_one" and value not in allowed:
        return [
            FieldError(
                field,
                _("%(value)s is not allowed; use one of: %(allowed)s")
                % {"value": repr(value), "allowed": ", ".join(allowed)},
            )
        ]
    if question.type == "select_multiple":
        values = value if isinstance(value, list) else [value]
        bad = [v for v in values if v not in allowed]
        if bad:
            return [
                FieldError(
                    field,
                    _("%(value)s is not allowed; use any of: %(allowed)s")
                    % {"value": ", ".join(map(str, bad)), "allowed": ", ".join(allowed)},
                )
            ]
    if question.type in ("integer", "decimal"):
        try:
            float(value)
        except (TypeError, ValueError):
            return [FieldError(field, _("%(value)s is not a number") % {"value": repr(value)})]
    return []


def clean_answers(answers: dict, pack: Pack | None = None, prefix: str = "answers.") -> dict:
    """Check answers against the pack's questions (ids, types, options); raise ``InvalidInput``."""
    pack = pack or active_pack()
    known = {q.id: q for q in pack.questions}
    errors: list[FieldError] = []
    cleaned = {}
    for qid, value in (answers or {}).items():
        question = known.get(qid)
        if question is None:
            errors.append(
                FieldError(
                    prefix + qid,
                    _("%(id)s is not a question of pack %(pack)s") % {"id": qid, "pack": pack.id},
                )
            )
            continue
        problems = _check_answer(question, value, prefix + qid)
        errors.extend(problems)
        if problems or value is None or value == "":
            continue  # not answered
        if question.type == "yes_no" and isinstance(value, str):
            value = {"yes": True, "no": False, "unknown": None}[value]  # "unknown" counts as asked
        cleaned[qid] = value
    if errors:
        raise InvalidInput(errors)
    return cleaned


def answer_questions(actor, registration_id: int, answers: dict):
    """Record answers to the pack's questions; the registration is screened again in the same transaction."""
    cleaned = clean_answers(answers)
    return registry_services.record_screening_answers(actor, registration_id, cleaned)
