"""Reading received referrals: the receiving agency's staff only, and every read of one is audited."""

from __future__ import annotations

from django.db import transaction

from mixmig.apps.access.roles import can
from mixmig.apps.audit import services as audit
from mixmig.apps.exchange.models import InboundMessage, MessageKind, OutboundMessage
from mixmig.apps.registry.errors import NotPermitted, NotVisible


def inbound_referrals(actor, status: str = ""):
    """Referrals received from partners for the actor's agency (newest first); no personal fields read."""
    if not can(actor, "referral.view"):
        raise NotPermitted("your role may not see referrals (referral.view)")
    qs = InboundMessage.objects.filter(kind=MessageKind.REFERRAL, agency_id=actor.agency_id)
    if status:
        qs = qs.filter(status=status)
    return qs.select_related("partner")


def get_inbound_referral(actor, inbound_id: int) -> InboundMessage:
    """One received referral with its shared fields; the read is audited with the field groups shown."""
    message = inbound_referrals(actor).filter(pk=inbound_id).first()
    if message is None:
        raise NotVisible(f"inbound referral X{inbound_id} not found")
    with transaction.atomic():
        audit.record(actor, "exchange.inbound_viewed", "inbound_message", message.pk,
                     fields=message.content.get("fields_shared", []))  # fmt: skip
    return message


def outbox(status: str = ""):
    qs = OutboundMessage.objects.select_related("partner").defer("content")
    return qs.filter(status=status) if status else qs
