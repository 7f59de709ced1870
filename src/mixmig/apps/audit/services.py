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


_EVENT_COLUMNS = (
    "at", "actor_id", "actor_username", "agency_code", "action", "object_type", "object_id",
    "origin", "channel", "details", "prev_hash", "hash",
)  # fmt: skip


def _lock_head(cursor, connection) -> tuple[str, int]:
    """The last hash and count, with the head row locked until the transaction ends."""
    lock = " FOR UPDATE" if connection.features.has_select_for_update else ""
    table = AuditHead._meta.db_table
    cursor.execute(f"SELECT last_hash, count FROM {table} WHERE id = 1{lock}")  # noqa: S608 - constant
    row = cursor.fetchone()
    if row is None:
        cursor.execute(f"INSERT INTO {table} (id, last_hash, count) VALUES (1, %s, 0)", [GENESIS])  # noqa: S608
        return GENESIS, 0
    return row[0], row[1]


def record(actor, action: str, object_type: str = "", object_id: object = "", **details) -> AuditEvent:
    """Append one event. Must run inside the transaction of the change (or read) it records.

    ``details`` must not carry personal data values (names, document numbers): name the fields instead.
    Written with three plain statements (lock the head, insert, move the head): this runs on every write
    and every read of a personal record.
    """
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        raise RuntimeError(
            "audit.record must be called inside transaction.atomic() with the change it records"
        )
    origin = current_origin()
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
    )
    with connection.cursor() as cursor:
        prev_hash, count = _lock_head(cursor, connection)
        event.prev_hash = prev_hash
        event.hash = chain_hash(prev_hash, event)
        values = [getattr(event, name) for name in _EVENT_COLUMNS]
        values[0] = connection.ops.adapt_datetimefield_value(event.at)
        values[_EVENT_COLUMNS.index("details")] = json.dumps(event.details, ensure_ascii=False)
        table = AuditEvent._meta.db_table
        columns = ", ".join(_EVENT_COLUMNS)
        marks = ", ".join(["%s"] * len(_EVENT_COLUMNS))
        cursor.execute(f"INSERT INTO {table} ({columns}) VALUES ({marks}) RETURNING id", values)  # noqa: S608
        event.pk = cursor.fetchone()[0]
        head = AuditHead._meta.db_table
        cursor.execute(f"UPDATE {head} SET last_hash = %s, count = %s WHERE id = 1", [event.hash, count + 1])  # noqa: S608
    event._state.adding = False
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
