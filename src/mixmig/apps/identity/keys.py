"""Persistent blocking keys: the engine's keys of each registration, HMAC-SHA-256 under ``SEARCH_KEY``.

Only 64-bit digests are stored (like the registry's search keys), so the table reveals no names.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Iterable

from django.conf import settings
from django.db import connection

from mixmig.apps.identity.adapter import registration_rows
from mixmig.apps.identity.models import IdentityKey
from mixmig.engines.linkage import prepare
from mixmig.engines.linkage.blocking import record_keys

DOMAIN = b"linkage-block:"


def digest(term: str, key: bytes) -> int:
    raw = hmac.new(key, DOMAIN + term.encode("utf-8"), hashlib.sha256).digest()[:8]
    return int.from_bytes(raw, "big", signed=True)


def row_keys(rows: list[dict]) -> list[set[int]]:
    """Keyed blocking keys of each engine record in ``rows``."""
    if not rows:
        return []
    key = settings.SEARCH_KEY.encode()
    prepared = prepare(rows)
    years = prepared.columns["dob_year"].tolist()
    digits = prepared.columns["dob_digits"].tolist()
    sexes = prepared.columns["sex"].tolist()
    return [
        {digest(k, key) for k in record_keys(tokens, years[i], digits[i], sexes[i])}
        for i, tokens in enumerate(prepared.tokens)
    ]


def keys_of(rows: list[dict]) -> set[int]:
    out: set[int] = set()
    for keys in row_keys(rows):
        out |= keys
    return out


def write_keys(registrations: Iterable) -> int:
    """Insert the keys of ``registrations`` (instances or ``values(*adapter.FIELDS)`` dicts)."""
    rows, owners = [], []
    for registration in registrations:
        variants = registration_rows(registration)
        pk = registration["pk"] if isinstance(registration, dict) else registration.pk
        person = registration["person_id"] if isinstance(registration, dict) else registration.person_id
        rows.extend(variants)
        owners.extend([(pk, person)] * len(variants))
    seen: set[tuple[int, int]] = set()
    values = []
    for (pk, person), keys in zip(owners, row_keys(rows), strict=True):
        for k in keys:
            if (pk, k) not in seen:
                seen.add((pk, k))
                values.append((pk, person, k))
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {IdentityKey._meta.db_table} (registration_id, person_id, {connection.ops.quote_name('key')}) "  # noqa: S608 - names from the model
            "VALUES (%s, %s, %s)",
            values,
        )
    return len(values)


def replace_keys(registration) -> None:
    IdentityKey.objects.filter(registration_id=registration.pk).delete()
    write_keys([registration])


def move_keys(registration_ids: list[int], person) -> None:
    IdentityKey.objects.filter(registration_id__in=registration_ids).update(person=person)
