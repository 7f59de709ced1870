"""The exchange between instances: partners, sending referrals and their outcomes, receiving and deciding.

Sender: a referral to a directory service whose ``exchange_partner`` names a partner passes the referral
consent gate as usual (``referrals.services.transition``); once it is ``sent``, ``on_referral_transition``
puts a message carrying only the shared field groups in the outbox, in the same transaction, and delivers it
after commit (``mixmig exchange send-pending`` retries). Revoking or expiring it tells the partner.

Receiver: ``receive`` verifies the signature, the recipient, the time window and that the message id is new,
decrypts, stores an ``InboundMessage`` and, for a referral or a case transfer, leaves it for the partner's
local agency to accept or decline (``decide``), which sends a signed status back; the sender's referral then
moves to ``accepted`` or ``declined`` with the partner as actor (closed loop).

Case transfers: a transfer proposed to the local agency record that stands for a partner
(``Partner.remote_agency``) passes the transfer consent gate as usual (``cases.transfers.request_transfer``);
``on_transfer_change`` then queues a message with the case summary and only the consented field groups of
the person. The partner's answer moves the transfer to ``accepted`` (the sending case is closed) or
``declined``; cancelling a transfer tells the partner it is withdrawn.
"""

from __future__ import annotations

import json
import logging
import secrets
from datetime import UTC, datetime
from functools import lru_cache

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from mixmig.apps.access.models import Agency
from mixmig.apps.access.roles import can
from mixmig.apps.audit import services as audit
from mixmig.apps.exchange import crypto, transport
from mixmig.apps.exchange.models import InboundMessage, MessageKind, OutboundMessage, Partner
from mixmig.apps.notifications import services as notifications
from mixmig.apps.referrals.vocabularies import ReferralStatus
from mixmig.apps.registry.errors import FieldError, InvalidInput, NotPermitted, NotVisible

log = logging.getLogger(__name__)
S = ReferralStatus
MAX_ATTEMPTS = 10
#: Status messages a partner may send about a referral we sent it, and the state each moves it to.
STATUS_TO_STATE = {"accepted": S.ACCEPTED, "declined": S.DECLINED}
#: Inbound kinds the receiving agency accepts or declines.
DECIDED_KINDS = (MessageKind.REFERRAL, MessageKind.TRANSFER)


class ExchangeRefused(Exception):
    """An inbound message is refused; ``status`` is the HTTP status the inbox answers."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status


def instance_id() -> str:
    value = getattr(settings, "EXCHANGE_INSTANCE_ID", "")
    if not value:
        raise ExchangeRefused(503, "this instance has no MIXMIG_EXCHANGE_INSTANCE_ID")
    return value


@lru_cache(maxsize=4)
def _keys(text: str) -> crypto.KeyPair:
    return crypto.KeyPair.loads(text)


def own_keys() -> crypto.KeyPair:
    text = getattr(settings, "EXCHANGE_PRIVATE_KEY", "")
    if not text:
        raise ExchangeRefused(503, "this instance has no MIXMIG_EXCHANGE_PRIVATE_KEY(_FILE)")
    return _keys(text)


# ---- partners -----------------------------------------------------------------------------------------


def add_partner(
    actor, code, name, base_url, signing_key, encryption_key, agency_code="", remote_agency_code=""
) -> Partner:
    """Register (or update) a partner instance and its public keys; administrators only."""
    if not isinstance(actor, str) and not can(actor, "exchange.manage"):
        raise NotPermitted("your role may not manage exchange partners (exchange.manage)")
    errors = []
    for field, value in (("signing_key", signing_key), ("encryption_key", encryption_key)):
        try:
            crypto.b64d(value or "", 32)
        except crypto.CryptoError:
            errors.append(FieldError(field, "a 32-byte public key in base64 (from `mixmig exchange keygen`)"))
    if not base_url.startswith(("https://", "http://")):
        errors.append(FieldError("base_url", "an https:// URL"))
    agency = Agency.objects.filter(code=agency_code).first() if agency_code else None
    if agency_code and agency is None:
        errors.append(FieldError("agency", f"no agency with code {agency_code!r}"))
    remote_agency = Agency.objects.filter(code=remote_agency_code).first() if remote_agency_code else None
    if remote_agency_code and remote_agency is None:
        errors.append(FieldError("remote_agency", f"no agency with code {remote_agency_code!r}"))
    elif remote_agency is not None and agency is not None and remote_agency.pk == agency.pk:
        errors.append(FieldError("remote_agency", "must be another agency record than --agency"))
    if errors:
        raise InvalidInput(errors)
    with transaction.atomic():
        partner, created = Partner.objects.update_or_create(
            code=code,
            defaults={"name": name or code, "base_url": base_url, "signing_key": signing_key,
                      "encryption_key": encryption_key, "agency": agency, "remote_agency": remote_agency,
                      "active": True},
        )  # fmt: skip
        audit.record(actor, "exchange.partner_saved", "partner", partner.code, created=created, url=base_url,
                     remote_agency=remote_agency_code)  # fmt: skip
    return partner


# ---- sending ------------------------------------------------------------------------------------------


def enqueue(
    actor, partner: Partner, kind: str, content: dict, object_type="", object_id=""
) -> OutboundMessage:
    """Put a message in the outbox (inside the caller's transaction); delivered after commit."""
    message = OutboundMessage.objects.create(
        partner=partner, message_id=secrets.token_hex(16), kind=kind,
        content=content, object_type=object_type, object_id=str(object_id),
    )  # fmt: skip
    audit.record(
        actor, "exchange.queued", "outbound_message", message.pk, partner=partner.code, kind=kind,
        about=f"{object_type}:{object_id}", fields=sorted(content.get("person", {})),
    )  # fmt: skip
    transaction.on_commit(lambda: deliver(message.pk))
    return message


def _referral_content(referral) -> dict:
    from mixmig.apps.referrals import minimise

    if referral.shares_personal_data and referral.consent_id is None and not referral.consent_override:
        # transition() sets one or the other; refuse rather than send data without either.
        raise NotPermitted("no consent or audited override covers this referral; nothing is sent")
    person = (
        minimise.shared_fields(referral.person, referral.fields_shared)
        if referral.shares_personal_data
        else {}
    )
    return {
        "kind": MessageKind.REFERRAL,
        "reference": referral.number,
        "service": {
            "code": referral.service.code,
            "name": referral.service.name,
            "type": referral.service_type,
        },
        "priority": referral.priority,
        "deadline_at": referral.deadline_at.isoformat() if referral.deadline_at else None,
        "purpose": referral.purpose,
        "fields_shared": list(referral.fields_shared) if referral.shares_personal_data else [],
        "basis": "none"
        if not referral.shares_personal_data
        else ("override" if referral.consent_override else "consent"),
        "person": person,
    }


def on_referral_transition(actor, referral, old: str, new: str) -> None:
    """Referral hook (inside its transaction): tell the partner about our referral's changes."""
    if not referral.exchange_partner or (isinstance(actor, str) and actor.startswith("partner:")):
        return
    partner = Partner.objects.filter(code=referral.exchange_partner, active=True).first()
    if partner is None:
        if new == S.SENT:
            raise InvalidInput(
                [FieldError("service", f"exchange partner {referral.exchange_partner!r} is not registered")]
            )
        return
    if new == S.SENT:
        enqueue(actor, partner, MessageKind.REFERRAL, _referral_content(referral), "referral", referral.pk)
    elif new in (S.REVOKED, S.EXPIRED) and old != S.DRAFT:
        content = {
            "kind": MessageKind.STATUS,
            "reference": referral.number,
            "status": "withdrawn",
            "reason": new,
        }
        enqueue(actor, partner, MessageKind.STATUS, content, "referral", referral.pk)


def remote_partner(agency_id) -> Partner | None:
    """The active partner that the local agency record ``agency_id`` stands for, if any."""
    if agency_id is None:
        return None
    return Partner.objects.filter(remote_agency_id=agency_id, active=True).first()


def is_remote_agency(agency_id) -> bool:
    return agency_id is not None and Partner.objects.filter(remote_agency_id=agency_id).exists()


def _transfer_content(transfer) -> dict:
    from mixmig.apps.referrals import minimise

    case = transfer.case
    if case.person_id and transfer.consent_id is None and not transfer.consent_override:
        raise NotPermitted("no consent or audited override covers this transfer; nothing is sent")
    person = minimise.shared_fields(case.person, transfer.fields_shared) if case.person_id else {}
    return {
        "kind": MessageKind.TRANSFER,
        "reference": f"T{transfer.pk}",
        "case": {"number": case.number, "kind": case.kind, "opened_at": case.opened_at.isoformat()},
        "from_agency": {"code": transfer.from_agency.code, "name": transfer.from_agency.name},
        "purpose": transfer.reason,
        "fields_shared": list(transfer.fields_shared) if case.person_id else [],
        "basis": "none" if not case.person_id else ("override" if transfer.consent_override else "consent"),
        "person": person,
    }


def on_transfer_change(actor, transfer, old: str, new: str) -> None:
    """Case-transfer hook (inside its transaction): send a transfer to a partner, or tell it of a cancel."""
    if isinstance(actor, str) and actor.startswith("partner:"):
        return
    if not is_remote_agency(transfer.to_agency_id):
        return
    partner = remote_partner(transfer.to_agency_id)
    if partner is None:
        raise InvalidInput([FieldError("to_agency", "the exchange partner for this agency is not active")])
    if new == "proposed":
        enqueue(
            actor, partner, MessageKind.TRANSFER, _transfer_content(transfer), "case_transfer", transfer.pk
        )
    elif new == "cancelled":
        content = {"kind": MessageKind.STATUS, "reference": f"T{transfer.pk}", "status": "withdrawn",
                   "reason": "cancelled"}  # fmt: skip
        enqueue(actor, partner, MessageKind.STATUS, content, "case_transfer", transfer.pk)


def deliver(outbound_id: int) -> str:
    """Seal and POST one pending message; returns its new status. Holds no lock while sending."""
    message = OutboundMessage.objects.select_related("partner").filter(pk=outbound_id).first()
    if message is None or message.status != OutboundMessage.Status.PENDING:
        return message.status if message else "missing"
    status, error = OutboundMessage.Status.PENDING, ""
    try:
        envelope = crypto.seal(
            message.content, sender=instance_id(), recipient=message.partner.code, keys=own_keys(),
            recipient_encryption_key=message.partner.encryption_key, message_id=message.message_id,
        )  # fmt: skip
        code, body = transport.post_json(message.partner.inbox_url, json.dumps(envelope).encode())
        if 200 <= code < 300 or code == 409:  # 409: the partner already has this message id
            status = OutboundMessage.Status.SENT
        elif code < 500:
            status, error = (
                OutboundMessage.Status.FAILED,
                f"HTTP {code}: {body[:300].decode(errors='replace')}",
            )
        else:
            error = f"HTTP {code}"
    except transport.UnsafeURL as exc:
        status, error = OutboundMessage.Status.FAILED, str(exc)
    except (OSError, ExchangeRefused) as exc:
        error = str(exc)
    with transaction.atomic():
        message.attempts += 1
        if status == OutboundMessage.Status.PENDING and message.attempts >= MAX_ATTEMPTS:
            status = OutboundMessage.Status.FAILED
        message.status, message.last_error = status, error[:500]
        if status == OutboundMessage.Status.SENT:
            message.sent_at, message.content = timezone.now(), {}
        message.save()
        audit.record("system", f"exchange.{'attempted' if status == 'pending' else status}", "outbound_message",
                     message.pk, partner=message.partner.code, error=error[:200])  # fmt: skip
    if error:
        log.warning("exchange message %s to %s: %s", message.message_id, message.partner.code, error)
    return status


def send_pending(limit: int = 500) -> dict[str, int]:
    counts: dict[str, int] = {}
    for pk in OutboundMessage.objects.filter(status=OutboundMessage.Status.PENDING).values_list(
        "pk", flat=True
    )[:limit]:
        result = deliver(pk)
        counts[result] = counts.get(result, 0) + 1
    return counts


# ---- receiving ----------------------------------------------------------------------------------------


def receive(raw: bytes) -> InboundMessage:
    """Verify, decrypt, store and act on one inbound envelope; raises ExchangeRefused."""
    try:
        envelope = crypto.parse(raw)
    except crypto.CryptoError as exc:
        raise ExchangeRefused(400, str(exc)) from None
    partner = Partner.objects.filter(code=envelope["sender"], active=True).first()
    if partner is None:
        raise _refused(envelope, "unknown_sender", ExchangeRefused(401, "unknown sender"))
    try:
        crypto.verify(envelope, partner.signing_key)
    except crypto.CryptoError as exc:
        raise _refused(envelope, "bad_signature", ExchangeRefused(401, str(exc))) from None
    if envelope["recipient"] != instance_id():
        raise ExchangeRefused(400, "the message is addressed to another instance")
    skew = getattr(settings, "EXCHANGE_MAX_SKEW_SECONDS", 300)
    if abs(timezone.now().timestamp() - envelope["ts"]) > skew:
        raise _refused(
            envelope, "stale", ExchangeRefused(400, f"the message time is more than {skew} s from ours")
        )
    if InboundMessage.objects.filter(partner=partner, message_id=envelope["id"]).exists():
        raise _refused(
            envelope, "replay", ExchangeRefused(409, "replay: this message id was already received")
        )
    try:
        content = crypto.open_sealed(envelope, own_keys())
    except (crypto.CryptoError, ValueError) as exc:
        raise ExchangeRefused(400, str(exc)) from None
    kind = content.get("kind")
    if kind not in MessageKind.values or not isinstance(content.get("reference"), str):
        raise ExchangeRefused(422, "unknown message kind or missing reference")
    actor = f"partner:{partner.code}"
    try:
        with transaction.atomic():
            message = InboundMessage.objects.create(
                partner=partner, message_id=envelope["id"], kind=kind, agency=partner.agency,
                sent_at=datetime.fromtimestamp(envelope["ts"], tz=UTC), remote_reference=content["reference"][:64],
                content=content if kind in DECIDED_KINDS else {k: content.get(k) for k in ("status", "reason")},
            )  # fmt: skip
            audit.record(actor, "exchange.received", "inbound_message", message.pk, partner=partner.code,
                         kind=kind, reference=message.remote_reference,
                         fields=sorted(content.get("person") or {}) if kind in DECIDED_KINDS else [])  # fmt: skip
            if kind in DECIDED_KINDS:
                _received(message)
            else:
                _apply_status(actor, partner, message, content)
    except IntegrityError:
        refusal = ExchangeRefused(409, "replay: this message id was already received")
        raise _refused(envelope, "replay", refusal) from None
    return message


def _refused(envelope: dict, reason: str, refusal: ExchangeRefused) -> ExchangeRefused:
    """Audit a refused inbound message (unknown sender, bad signature, stale, replay) in its own transaction:
    the reason, the claimed sender id and the message id, never the content. Returns ``refusal`` to raise."""
    try:
        with transaction.atomic():
            audit.record(
                "exchange-inbox", "exchange.refused", "inbound_message", "", reason=reason,
                sender=str(envelope.get("sender", ""))[:64], message_id=str(envelope.get("id", ""))[:64],
                status=refusal.status, error=str(refusal)[:200],
            )  # fmt: skip
    except Exception:  # the refusal stands even if the audit write fails; the log says so
        log.exception("could not audit a refused exchange message (%s)", reason)
    return refusal


def _received(message: InboundMessage) -> None:
    if message.agency_id is None:
        raise ExchangeRefused(422, "this instance has no agency set for the sending partner")
    if message.kind == MessageKind.TRANSFER:
        users = notifications.staff(message.agency_id, ("supervisor",))
        case = message.content.get("case") or {}
        text = (
            f"Case transfer {message.number} received from {message.partner.name} ({case.get('number', '')})"
        )
    else:
        users = notifications.staff(message.agency_id, ("supervisor", "caseworker"))
        service = message.content.get("service") or {}
        text = f"Referral {message.number} received from {message.partner.name} ({service.get('name', '')})"
    notifications.notify(
        users, "exchange.received", text, f"/exchange/inbound/{message.pk}/", "inbound_message", message.pk
    )


def _apply_status(actor, partner: Partner, message: InboundMessage, content: dict) -> None:
    from mixmig.apps.referrals import services as referrals
    from mixmig.apps.referrals.models import Referral
    from mixmig.apps.referrals.statemachine import IllegalTransition

    status, reason = content.get("status"), str(content.get("reason") or "")[:500]
    if status == "withdrawn":  # the sender revoked or expired a referral it sent us
        received = InboundMessage.objects.filter(
            partner=partner, kind__in=DECIDED_KINDS, remote_reference=message.remote_reference
        ).first()
        if received is None:
            raise ExchangeRefused(
                422, f"no referral or transfer {message.remote_reference} was received from this partner"
            )
        received.status, received.reason, received.content = (
            InboundMessage.Status.DECLINED,
            f"withdrawn: {reason}",
            {},
        )
        received.save()
        audit.record(actor, "exchange.withdrawn", "inbound_message", received.pk, reason=reason)
    elif status in STATUS_TO_STATE and message.remote_reference.startswith("T"):
        _apply_transfer_status(actor, partner, message.remote_reference, status, reason)
    elif status in STATUS_TO_STATE:
        number = message.remote_reference
        referral = Referral.objects.filter(pk=number[1:] if number[1:].isdigit() else 0,
                                           exchange_partner=partner.code).first()  # fmt: skip
        if referral is None:
            raise ExchangeRefused(422, f"no referral {number} was sent to this partner")
        try:
            referrals.transition(actor, referral.pk, STATUS_TO_STATE[status], reason=reason or status)
        except IllegalTransition as exc:
            raise ExchangeRefused(422, str(exc)) from None
    else:
        raise ExchangeRefused(422, f"unknown status {status!r}")
    message.status = InboundMessage.Status.APPLIED
    message.save(update_fields=["status"])


def _apply_transfer_status(actor, partner: Partner, number: str, status: str, reason: str) -> None:
    from mixmig.apps.cases import transfers

    agency_ids = list(Partner.objects.filter(pk=partner.pk).exclude(remote_agency=None)
                      .values_list("remote_agency_id", flat=True))  # fmt: skip
    try:
        transfers.apply_partner_decision(
            actor, int(number[1:]) if number[1:].isdigit() else 0, agency_ids, status, reason or status
        )
    except (NotVisible, InvalidInput) as exc:
        raise ExchangeRefused(422, str(exc)) from None


# ---- deciding on a received referral ------------------------------------------------------------------


def decide(actor, inbound_id: int, accept: bool, reason: str = "") -> InboundMessage:
    """Accept or decline a referral or case transfer received from a partner; the partner is told (signed
    status). Referrals need ``referral.respond``, transfers ``case.transfer``."""
    from mixmig.apps.exchange.selectors import decidable_kinds

    kinds = decidable_kinds(actor)
    if not kinds:
        raise NotPermitted("your role may not respond to referrals or transfers (referral.respond)")
    if not accept and not (reason or "").strip():
        raise InvalidInput([FieldError("reason", "give a reason for declining")])
    with transaction.atomic():
        message = (
            InboundMessage.objects.select_for_update().select_related("partner")
            .filter(pk=inbound_id, kind__in=kinds, agency_id=actor.agency_id).first()
        )  # fmt: skip
        if message is None:
            raise NotVisible(f"inbound message X{inbound_id} not found")
        if message.status != InboundMessage.Status.RECEIVED:
            raise InvalidInput([FieldError("status", f"already {message.status}")])
        decision = "accepted" if accept else "declined"
        message.status = decision
        message.decided_by, message.decided_at = actor, timezone.now()
        message.reason = (reason or "").strip()[:500]
        message.save()
        audit.record(actor, f"exchange.{message.kind}_{decision}", "inbound_message", message.pk,
                     partner=message.partner.code, reference=message.remote_reference)  # fmt: skip
        content = {"kind": MessageKind.STATUS, "reference": message.remote_reference, "status": decision,
                   "reason": message.reason or decision}  # fmt: skip
        enqueue(actor, message.partner, MessageKind.STATUS, content, "inbound_message", message.pk)
    return message
