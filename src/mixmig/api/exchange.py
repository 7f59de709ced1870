"""Exchange between instances over the API.

``POST /exchange/inbox`` is where partner instances deliver signed, encrypted messages: it takes no bearer
token (``auth=None``) — the Ed25519 signature of a registered partner authenticates it, and the message id and
time window refuse replays. The other operations are for the receiving agency's staff (bearer token): referrals and case transfers.
"""

from __future__ import annotations

from datetime import datetime

from ninja import Router, Schema, Status

from mixmig.api.errors import ApiError, responses
from mixmig.apps.exchange import selectors, services
from mixmig.apps.exchange.models import InboundMessage

router = Router(tags=["exchange"])


class InboxOut(Schema):
    received: str
    kind: str


class InboundOut(Schema):
    id: int
    number: str
    kind: str
    partner: str
    remote_reference: str
    status: str
    received_at: datetime
    service: dict
    priority: str
    deadline_at: str | None
    purpose: str
    fields_shared: list[str]
    reason: str
    case: dict
    from_agency: dict


class InboundDetailOut(InboundOut):
    person: dict


class DecisionIn(Schema):
    reason: str = ""


def _inbound(m: InboundMessage, with_person: bool = False) -> dict:
    c = m.content or {}
    out = {
        "id": m.pk, "number": m.number, "kind": m.kind, "partner": m.partner.code, "remote_reference": m.remote_reference,
        "status": m.status, "received_at": m.received_at, "service": c.get("service") or {},
        "priority": c.get("priority") or "", "deadline_at": c.get("deadline_at"), "purpose": c.get("purpose") or "",
        "fields_shared": c.get("fields_shared") or [], "reason": m.reason, "case": c.get("case") or {},
        "from_agency": c.get("from_agency") or {},
    }  # fmt: skip
    if with_person:
        out["person"] = c.get("person") or {}
    return out


@router.post("/exchange/inbox", auth=None, response={202: InboxOut, **responses(400, 401, 409, 422, 503)})
def inbox(request):
    """Deliver a signed, encrypted message from a partner instance (authenticated by its signature).

    400 malformed, wrong recipient or outside the time window; 401 unknown sender or bad signature;
    409 replay (message id already received); 422 content that cannot be applied.
    """
    try:
        message = services.receive(request.body)
    except services.ExchangeRefused as exc:
        raise ApiError(exc.status, str(exc)) from None
    return Status(202, {"received": message.message_id, "kind": message.kind})


@router.get("/exchange/inbound", response={200: list[InboundOut], **responses(401, 403)})
def inbound_list(request, status: str = "", kind: str = ""):
    """Referrals (role with referral.view) and case transfers (role with case.transfer) received from partner
    instances for your agency, without the shared personal fields; ``kind`` = referral or transfer."""
    return [_inbound(m) for m in selectors.inbound_messages(request.auth, status, kind)[:500]]


@router.get("/exchange/inbound/{inbound_id}", response={200: InboundDetailOut, **responses(401, 403, 404)})
def inbound_detail(request, inbound_id: int):
    """One received referral or case transfer with the field groups the sender shared (the read is audited)."""
    return _inbound(selectors.get_inbound_message(request.auth, inbound_id), with_person=True)


@router.post(
    "/exchange/inbound/{inbound_id}/accept", response={200: InboundOut, **responses(401, 403, 404, 422)}
)
def inbound_accept(request, inbound_id: int, payload: DecisionIn):
    """Accept a received referral or case transfer; the sending instance is told (its referral or transfer
    becomes accepted; a transferred case is closed there)."""
    return _inbound(services.decide(request.auth, inbound_id, True, payload.reason))


@router.post(
    "/exchange/inbound/{inbound_id}/decline", response={200: InboundOut, **responses(401, 403, 404, 422)}
)
def inbound_decline(request, inbound_id: int, payload: DecisionIn):
    """Decline a received referral or case transfer with a reason; the sending instance is told (its referral
    or transfer becomes declined)."""
    return _inbound(services.decide(request.auth, inbound_id, False, payload.reason))
