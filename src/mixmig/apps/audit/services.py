"""Writing and verifying the audit chain."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, datetime

from django.db import transaction
from django.utils import timezone

from mixmig.apps.audit.context import current_origin
from mixmig.apps.audit.models import AuditEvent, AuditHead

GENESIS = "0" * 64


def _canonical(event: AuditEvent) -> bytes:
    at: datetime = event.at
    body = {
        "at": at.astimezone(UTC).isoformat(timespec="microseconds"),
        "actor_id": event.actor_id,
        "actor_username": event.actor_username,
        "agency_code": event.agency_code,
        "action": event.action,
        "object_type": event.object_type,
        "object_id": event.object_id,
        "origin": event.origin,
        "channel": event.channel,
        "details": event.details,
    }
    return json.dumps(body, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


def chain_hash(prev_hash: str, event: AuditEvent) -> str:
    return hashlib.sha256(prev_hash.encode() + b"\n" + _canonical(event)).hexdigest()


def record(actor, action: str, object_type: str = "", object_id: object = "", **details) -> AuditEvent:
    """Append one event. Must run inside the transaction of the change (or read) it records.

    ``details`` must not carry personal data values (names, document numbers): name the fields instead.
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError(
            "audit.record must be called inside transaction.atomic() with the change it records"
        )
    origin = current_origin()
    head, _ = AuditHead.objects.select_for_update().get_or_create(id=1, defaults={"last_hash": GENESIS})
    user = actor if getattr(actor, "is_authenticated", False) else None
    agency = getattr(user, "agency", None) if user else None
    event = AuditEvent(
        at=timezone.now(),
        actor_id=user.pk if user else None,
        actor_username=user.get_username() if user else (actor if isinstance(actor, str) else ""),
        agency_code=agency.code if agency else "",
        action=action,
        object_type=object_type,
        object_id=str(object_id or ""),
        origin=origin.address[:64],
        channel=origin.channel,
        details=json.loads(json.dumps(details, default=str)),
        prev_hash=head.last_hash,
    )
    event.hash = chain_hash(head.last_hash, event)
    event.save()
    AuditHead.objects.filter(id=1).update(last_hash=event.hash, count=head.count + 1)
    return event


@dataclass(frozen=True)
class VerifyResult:
    ok: bool
    checked: int
    first_broken_id: int | None = None
    reason: str = ""


def verify(batch_size: int = 5000, progress=None) -> VerifyResult:
    """Walk the whole chain; report the first event whose link or content does not match."""
    prev = GENESIS
    checked = 0
    last_id = 0
    while True:
        batch = list(AuditEvent.objects.filter(id__gt=last_id).order_by("id")[:batch_size])
        if not batch:
            break
        for event in batch:
            if event.prev_hash != prev:
                return VerifyResult(
                    False,
                    checked,
                    event.id,
                    "previous-hash link does not match the event before it (an event was removed or reordered)",
                )
            if chain_hash(prev, event) != event.hash:
                return VerifyResult(
                    False, checked, event.id, "content does not match its hash (the event was altered)"
                )
            prev = event.hash
            checked += 1
            last_id = event.id
        if progress:
            progress(checked)
    head = AuditHead.objects.filter(id=1).first()
    if head and head.last_hash != prev:
        return VerifyResult(
            False, checked, None, "the newest events were removed: the chain ends before the recorded head"
        )
    return VerifyResult(True, checked)
