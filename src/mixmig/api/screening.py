"""Screening: a registration's current result (with the why), the questions still to ask, answers, packs."""

from __future__ import annotations

from typing import Any

from django.utils.translation import get_language
from ninja import Query, Router, Schema

from mixmig.api.errors import responses
from mixmig.apps.access.roles import can
from mixmig.apps.registry import selectors as registry
from mixmig.apps.registry.errors import NotPermitted, NotVisible
from mixmig.apps.screening import selectors, services
from mixmig.engines.policy import resolve_pack, shipped_pack_ids

router = Router(tags=["screening"])


class ScreeningOut(Schema):
    registration: int
    pack_id: str
    pack_version: str
    jurisdiction: str
    screened_at: str
    trigger: str
    risk_level: str
    profiles: list[str]
    route_procedures: list[str]
    result: dict[str, Any]


class QuestionOut(Schema):
    id: str
    type: str
    label: str
    hint: str
    options: list[dict[str, str]]
    sensitive: bool


class AnswersIn(Schema):
    answers: dict[str, Any]


class PackOut(Schema):
    id: str
    version: str
    jurisdiction: str
    title: str


def _out(screening) -> dict:
    return {
        "registration": screening.registration_id,
        "pack_id": screening.pack_id,
        "pack_version": screening.pack_version,
        "jurisdiction": screening.jurisdiction,
        "screened_at": screening.screened_at.isoformat(),
        "trigger": screening.trigger,
        "risk_level": screening.risk_level,
        "profiles": screening.profiles,
        "route_procedures": screening.route_procedures,
        "result": screening.result,
    }


def _current(user, registration_id: int):
    registration = registry.get_registration(user, registration_id)  # scope; the read is audited
    found = [
        s
        for s in selectors.current_screenings(user, registration.person)
        if s.registration_id == registration.pk
    ]
    if not found:
        raise NotVisible(f"registration {registration_id} has no screening yet")
    return _out(found[0])


@router.get(
    "/registrations/{registration_id}/screening", response={200: ScreeningOut, **responses(401, 403, 404)}
)
def current_screening(request, registration_id: int):
    """The current screening: profiles, vulnerabilities, risk level, routes (with deadlines) and the trace of
    why each holds, with the pack id and version it used. Screening indicates; it never decides a status."""
    return _current(request.auth, registration_id)


@router.get(
    "/registrations/{registration_id}/questions",
    response={200: list[QuestionOut], **responses(401, 403, 404)},
)
def questions(request, registration_id: int, language: str = Query("", description="e.g. en, zh-hans")):
    """The active pack's questions not yet answered for this registration, labelled in ``language``
    (default: the request's language)."""
    if not can(request.auth, "person.view"):
        raise NotPermitted("your role may not view personal records (person.view)")
    return selectors.questions_for(request.auth, registration_id, language or get_language() or "en")


@router.post(
    "/registrations/{registration_id}/answers",
    response={200: ScreeningOut, **responses(401, 403, 404, 422)},
)
def answer(request, registration_id: int, body: AnswersIn):
    """Record answers (question id → value); the registration is screened again in the same transaction."""
    services.answer_questions(request.auth, registration_id, body.answers)
    return _current(request.auth, registration_id)


@router.get("/policy/packs", response={200: list[PackOut], **responses(401)})
def packs(request):
    """The shipped policy packs; ``active`` screening uses the one configured by ``MIXMIG_POLICY_PACK``."""
    out = []
    for pack_id in shipped_pack_ids():
        pack = resolve_pack(pack_id)
        out.append(
            {
                "id": pack.id,
                "version": str(pack.version),
                "jurisdiction": pack.jurisdiction or "",
                "title": (pack.title or {}).get("en", ""),
            }
        )
    return out


@router.get("/policy/compare", response={200: dict[str, Any], **responses(401, 403, 422)})
def compare(request, a: str, b: str):
    """How your caseload would be profiled and routed under packs ``a`` and ``b`` (counts by profile and
    procedure; example registration ids only for roles that may view personal records)."""
    from mixmig.api.errors import ApiError
    from mixmig.apps.registry.errors import FieldError

    known = shipped_pack_ids()
    bad = [
        FieldError(name, f"{value!r} is not a shipped pack; use one of: {', '.join(known)}")
        for name, value in (("a", a), ("b", b))
        if value not in known
    ]
    if bad:
        raise ApiError(422, "unknown policy pack", bad)
    return selectors.compare_caseload(request.auth, a, b)
