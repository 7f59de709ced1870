"""Service directory, consents, referrals and cases over the API.

Handlers are thin: services and selectors check role, scope, consent and the state machines, and audit.
An illegal or guarded transition answers 409 with what is allowed.
"""

from __future__ import annotations

from datetime import date, datetime

from ninja import Query, Router, Schema, Status

from mixmig.api.errors import responses
from mixmig.apps.access import services as access
from mixmig.apps.cases import children, transfers
from mixmig.apps.cases import selectors as case_selectors
from mixmig.apps.cases import services as cases
from mixmig.apps.directory import selectors as directory
from mixmig.apps.referrals import consent as ledger
from mixmig.apps.referrals import selectors as referral_selectors
from mixmig.apps.referrals import services as referrals
from mixmig.apps.referrals.statemachine import GuardFailed, IllegalTransition
from mixmig.apps.registry.errors import FieldError, InvalidInput, NotPermitted, NotVisible

router = Router(tags=["referrals and cases"])


def install(api) -> None:
    """409 for transitions the state machines refuse (``{detail, errors: [], allowed, guard}``)."""

    @api.exception_handler(IllegalTransition)
    def _illegal(request, exc: IllegalTransition):
        body = {"detail": str(exc), "errors": [], "allowed": exc.allowed, "guard": getattr(exc, "guard", "")}
        return api.create_response(request, body, status=409)


class ServiceOut(Schema):
    code: str
    name: str
    service_type: str
    provider: str
    agency: str | None
    country: str
    place: str
    languages: list[str]
    data_fields: list[str]
    default_deadline_hours: int | None
    capacity: int | None


def _service(s) -> dict:
    return {
        "code": s.code, "name": s.name, "service_type": s.service_type, "provider": s.provider.name,
        "agency": s.provider.agency.code if s.provider.agency_id else None, "country": s.country,
        "place": s.place, "languages": s.languages, "data_fields": s.data_fields,
        "default_deadline_hours": s.default_deadline_hours, "capacity": s.capacity,
    }  # fmt: skip


@router.get("/services", response={200: list[ServiceOut], **responses(401)})
def list_services(request, type: str = "", place: str = "", language: str = "", country: str = ""):
    """Search the service directory by type, place (name or P-code), language (ISO 639-3) and country."""
    return [_service(s) for s in directory.search_services(type, place, language, country)[:500]]


class ConsentIn(Schema):
    person_number: str
    purpose: str = "referral"
    scope: list[str]
    given_by: str
    recipient_service: str | None = None
    recipient_agency: str | None = None
    given_on: date | None = None
    valid_until: date | None = None


class ConsentOut(Schema):
    id: int
    purpose: str
    scope: list[str]
    given_by: str
    given_on: date
    withdrawn: bool


def _consent(c) -> dict:
    return {
        "id": c.pk,
        "purpose": c.purpose,
        "scope": c.scope,
        "given_by": c.given_by,
        "given_on": c.given_on,
        "withdrawn": c.withdrawn_at is not None,
    }


@router.post("/consents", response={201: ConsentOut, **responses(401, 403, 404, 422)})
def record_consent(request, payload: ConsentIn):
    """Record a consent in the ledger (purpose, recipient, field groups, who gave it)."""
    service = directory.get_service(payload.recipient_service) if payload.recipient_service else None
    agency = access.agency_by_code(payload.recipient_agency or "") if payload.recipient_agency else None
    if payload.recipient_agency and agency is None:
        raise InvalidInput(
            [FieldError("recipient_agency", f"no agency with code {payload.recipient_agency!r}")]
        )
    c = ledger.record_consent(
        request.auth, payload.person_number, payload.purpose, payload.scope, payload.given_by,
        recipient_agency=agency, recipient_service=service, given_on=payload.given_on, valid_until=payload.valid_until,
    )  # fmt: skip
    return Status(201, _consent(c))


class ReasonIn(Schema):
    reason: str = ""
    override_reason: str = ""


@router.post("/consents/{consent_id}/withdraw", response={200: ConsentOut, **responses(401, 403, 404, 422)})
def withdraw_consent(request, consent_id: int, payload: ReasonIn):
    """Withdraw a consent; open referrals relying on it are revoked."""
    return _consent(ledger.withdraw_consent(request.auth, consent_id, payload.reason))


class ReferralIn(Schema):
    person_number: str
    service: str
    purpose: str = ""
    fields: list[str] | None = None
    shares_personal_data: bool = True
    deadline_hours: int | None = None
    priority: str = "normal"
    route_id: str = ""


class TransitionOut(Schema):
    old: str
    new: str
    reason: str
    actor: str
    at: datetime


class ReferralOut(Schema):
    id: int
    person_number: str
    service: str
    service_type: str
    status: str
    priority: str
    deadline_at: datetime | None
    overdue: bool
    shares_personal_data: bool
    fields_shared: list[str]
    consent_override: bool
    side: str = ""
    fields: dict = {}
    allowed: list[str] = []
    transitions: list[TransitionOut] = []


def _referral(r, view=None) -> dict:
    from django.utils import timezone

    out = {
        "id": r.pk, "person_number": r.person.number, "service": r.service.code, "service_type": r.service_type,
        "status": r.status, "priority": r.priority, "deadline_at": r.deadline_at,
        "overdue": bool(r.deadline_at and r.deadline_at < timezone.now() and r.status in ("draft", "sent")),
        "shares_personal_data": r.shares_personal_data, "fields_shared": r.fields_shared,
        "consent_override": r.consent_override,
    }  # fmt: skip
    if view is not None:
        out.update(
            side=view.side, fields=view.fields, allowed=view.allowed,
            transitions=[{"old": t.old, "new": t.new, "reason": t.reason, "actor": t.actor_label, "at": t.at} for t in view.transitions],
        )  # fmt: skip
    return out


@router.post("/referrals", response={201: ReferralOut, **responses(401, 403, 404, 422)})
def create_referral(request, payload: ReferralIn):
    """A draft referral; ``fields`` may only narrow what the service needs; ``deadline_hours`` from the route."""
    r = referrals.create_referral(
        request.auth,
        payload.person_number,
        payload.service,
        **payload.dict(exclude={"person_number", "service"}),
    )
    return Status(201, _referral(r))


@router.get("/referrals/overdue", response={200: list[ReferralOut], **responses(401)})
def overdue(request):
    """Waiting referrals past their deadline, in your scope or waiting for your agency."""
    return [_referral(r) for r in referral_selectors.overdue_referrals(request.auth)[:200]]


@router.get("/referrals/{referral_id}", response={200: ReferralOut, **responses(401, 404)})
def get_referral(request, referral_id: int):
    """One referral; the receiving agency sees only the shared field groups. The read is audited."""
    view = referral_selectors.get_referral(request.auth, referral_id)
    return _referral(view.referral, view)


ACTIONS = {"send", "accept", "decline", "start", "complete", "revoke", "expire"}


@router.post(
    "/referrals/{referral_id}/{action}", response={200: ReferralOut, **responses(401, 403, 404, 409, 422)}
)
def act_on_referral(request, referral_id: int, action: str, payload: ReasonIn):
    """send (``override_reason`` for an audited consent override) · accept · decline · start · complete · revoke · expire."""
    user = request.auth
    if action not in ACTIONS:
        raise InvalidInput([FieldError("action", f"allowed: {', '.join(sorted(ACTIONS))}")])
    if action == "send":
        referrals.send(user, referral_id, payload.override_reason)
    elif action == "start":
        referrals.start_service(user, referral_id, payload.reason)
    elif action == "complete":
        referrals.complete(user, referral_id, payload.reason)
    else:
        getattr(referrals, action)(user, referral_id, payload.reason)
    view = referral_selectors.get_referral(user, referral_id)
    return _referral(view.referral, view)


class CaseIn(Schema):
    person_number: str = ""
    group_id: int | None = None
    kind: str = "general"


class CaseOut(Schema):
    id: int
    number: str
    kind: str
    status: str
    person_number: str | None
    agency: str
    owner: str | None
    status_changed_at: datetime


def _case(c) -> dict:
    return {
        "id": c.pk, "number": c.number, "kind": c.kind, "status": c.status,
        "person_number": c.person.number if c.person_id else None, "agency": c.agency.code,
        "owner": c.owner.username if c.owner_id else None, "status_changed_at": c.status_changed_at,
    }  # fmt: skip


@router.post("/cases", response={201: CaseOut, **responses(401, 403, 404, 422)})
def open_case(request, payload: CaseIn):
    return Status(
        201, _case(cases.open_case(request.auth, payload.person_number, payload.kind, payload.group_id))
    )


@router.get("/cases", response={200: list[CaseOut], **responses(401)})
def list_cases(request, status: str = "", kind: str = "", page: int = Query(1, ge=1, le=10_000)):
    rows, _ = case_selectors.case_list(request.auth, status=status, kind=kind, page=page)
    return [_case(c) for c in rows]


class CaseDetailOut(CaseOut):
    notes: list[dict]
    tasks: list[dict]
    steps: list[dict]
    timeline: list[dict]


@router.get("/cases/{case_id}", response={200: CaseDetailOut, **responses(401, 404)})
def get_case(request, case_id: int):
    """A case with notes, tasks, child-protection steps and timeline. The read is audited."""
    v = case_selectors.get_case(request.auth, case_id)
    return {
        **_case(v.case),
        "notes": [{"author": n.author.username, "text": n.text, "at": n.created_at} for n in v.notes],
        "tasks": [
            {"id": t.pk, "title": t.title, "due_at": t.due_at, "done": t.done_at is not None} for t in v.tasks
        ],
        "steps": [
            {"id": s.pk, "kind": s.kind, "status": s.status, "due_at": s.due_at, "outcome": s.outcome}
            for s in v.steps
        ],
        "timeline": [{"at": at, "kind": kind, "text": text} for at, kind, text in v.timeline],
    }


class StatusIn(Schema):
    status: str
    reason: str = ""


@router.post("/cases/{case_id}/status", response={200: CaseOut, **responses(401, 403, 404, 409)})
def change_case_status(request, case_id: int, payload: StatusIn):
    return _case(cases.change_status(request.auth, case_id, payload.status, payload.reason))


class NoteIn(Schema):
    text: str


@router.post("/cases/{case_id}/notes", response={201: dict, **responses(401, 403, 404, 422)})
def add_note(request, case_id: int, payload: NoteIn):
    note = cases.add_note(request.auth, case_id, payload.text)
    return Status(201, {"id": note.pk})


class TaskIn(Schema):
    title: str
    due_at: datetime | None = None


@router.post("/cases/{case_id}/tasks", response={201: dict, **responses(401, 403, 404, 422)})
def add_task(request, case_id: int, payload: TaskIn):
    task = cases.add_task(request.auth, case_id, payload.title, payload.due_at)
    return Status(201, {"id": task.pk})


class StepIn(Schema):
    kind: str
    deadline_hours: int | None = None


@router.post("/cases/{case_id}/steps", response={201: dict, **responses(401, 403, 404, 409, 422)})
def request_step(request, case_id: int, payload: StepIn):
    """Request a child-protection step: age_assessment, guardian_appointment, best_interests_assessment,
    best_interests_determination, family_tracing."""
    step = children.request_step(request.auth, case_id, payload.kind, payload.deadline_hours)
    return Status(201, {"id": step.pk, "due_at": step.due_at})


class TransferIn(Schema):
    to_agency: str
    reason: str
    fields: list[str] | None = None
    override_reason: str = ""


@router.post("/cases/{case_id}/transfers", response={201: dict, **responses(401, 403, 404, 422)})
def request_transfer(request, case_id: int, payload: TransferIn):
    agency = access.agency_by_code(payload.to_agency)
    if agency is None:
        raise InvalidInput([FieldError("to_agency", f"no agency with code {payload.to_agency!r}")])
    t = transfers.request_transfer(
        request.auth, case_id, agency, payload.reason, payload.fields, payload.override_reason
    )
    return Status(201, {"id": t.pk, "status": t.status})


@router.post(
    "/transfers/{transfer_id}/{decision}", response={200: dict, **responses(401, 403, 404, 409, 422)}
)
def decide_transfer(request, transfer_id: int, decision: str, payload: ReasonIn):
    """accepted · declined (receiving agency) · cancelled (sending agency)."""
    t = transfers.decide_transfer(request.auth, transfer_id, decision, payload.reason)
    return {"id": t.pk, "status": t.status}


__all__ = ["router", "install", "GuardFailed", "NotPermitted", "NotVisible"]
