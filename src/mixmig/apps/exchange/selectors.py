"""Reading received referrals and case transfers: the receiving agency's staff only, every read audited.

Referrals are visible to roles with ``referral.view`` (decided with ``referral.respond``); case transfers to
roles with ``case.transfer`` (as transfers within the instance).
"""

from __future__ import annotations

from django.db import transaction

from mixmig.apps.access.roles import can
from mixmig.apps.audit import services as audit
from mixmig.apps.exchange.models import InboundMessage, MessageKind, OutboundMessage
from mixmig.apps.registry.errors import NotPermitted, NotVisible


def visible_kinds(actor) -> list[str]:
    kinds = []
    if can(actor, "referral.view"):
        kinds.append(MessageKind.REFERRAL)
    if can(actor, "case.transfer"):
        kinds.append(MessageKind.TRANSFER)
    return kinds


def decidable_kinds(actor) -> list[str]:
    kinds = []
    if can(actor, "referral.respond"):
        kinds.append(MessageKind.REFERRAL)
    if can(actor, "case.transfer"):
        kinds.append(MessageKind.TRANSFER)
    return kinds


def inbound_messages(actor, status: str = "", kind: str = ""):
    """Referrals and transfers received from partners for the actor's agency (newest first); the personal
    fields are not read here."""
    kinds = visible_kinds(actor)
    if not kinds:
        raise NotPermitted("your role may not see referrals (referral.view)")
    if kind:
        kinds = [k for k in kinds if k == kind]
    qs = InboundMessage.objects.filter(kind__in=kinds, agency_id=actor.agency_id)
    if status:
        qs = qs.filter(status=status)
    return qs.select_related("partner")


def get_inbound_message(actor, inbound_id: int) -> InboundMessage:
    """One received referral or transfer with its shared fields; the read is audited with the field groups."""
    message = inbound_messages(actor).filter(pk=inbound_id).first()
    if message is None:
        raise NotVisible(f"inbound message X{inbound_id} not found")
    with transaction.atomic():
        audit.record(actor, "exchange.inbound_viewed", "inbound_message", message.pk, kind=message.kind,
                     fields=message.content.get("fields_shared", []))  # fmt: skip
    return message


def inbound_referrals(actor, status: str = ""):
    """Referrals only (kept for callers that list referrals)."""
    if not can(actor, "referral.view"):
        raise NotPermitted("your role may not see referrals (referral.view)")
    return inbound_messages(actor, status, MessageKind.REFERRAL)


def outbox(status: str = ""):
    qs = OutboundMessage.objects.select_related("partner").defer("content")
    return qs.filter(status=status) if status else qs
