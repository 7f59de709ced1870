"""A fast loader of synthetic persons for benchmarks, writing the same rows the registry services write.

``register_group`` writes, per new person: a Person (random person number with check symbol), a
Registration, its IdentityDocuments and Contacts, and the SearchKey digests from
``searchkeys.registration_digests`` — this loader writes exactly those rows with ``executemany`` in big
transactions, computing digests in worker processes. It does not write the audit events
(``person.created``, ``registration.created``) that the services add: search never reads them.
Indexes of the bulk tables are dropped during the load and recreated from their own stored SQL, so the
schema afterwards is exactly the migrated one.
"""

from __future__ import annotations

import json
import multiprocessing
import random
import sqlite3
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from bench.namegen import Identity, identity

CHUNK = 5000
BULK_TABLES = ("registry_registration", "registry_searchkey", "registry_identitydocument", "registry_contact")
REG_COLUMNS = (
    "id", "person_id", "group_id", "site_id", "registered_on", "agency_id", "team_id", "created_by_id",
    "created_at", "updated_at", "given_name", "family_name", "given_name_original", "family_name_original",
    "original_script", "sex", "birth_date", "birth_year", "birth_precision", "age_estimate", "nationalities",
    "languages", "origin_country", "origin_place", "departed_on", "intended_destination", "transport_mode",
    "smuggler_paid", "journey_cost", "journey_cost_currency", "reasons_for_leaving", "screening_answers",
)  # fmt: skip


@dataclass(frozen=True)
class Owner:
    """Who registers: an agency's site, team and officer (ids in the target database)."""

    agency_id: int
    team_id: int
    site_id: int
    user_id: int
    weight: int


def _dt(value: datetime) -> str:
    # Django's SQLite backend stores aware datetimes as naive UTC text like this.
    return value.astimezone(UTC).replace(tzinfo=None).isoformat(sep=" ")


def chunk_seed(seed: int, index: int) -> int:
    return seed * 1_000_003 + index


def identities(seed: int, index: int, count: int, today: date) -> list[Identity]:
    rng = random.Random(chunk_seed(seed, index))
    return [identity(rng, today) for _ in range(count)]


def _person_number(rng: random.Random) -> str:
    from mixmig.apps.registry.numbering import ALPHABET, check_symbol

    payload = "".join(rng.choice(ALPHABET) for _ in range(8))
    return f"{payload[:4]}-{payload[4:]}-{check_symbol(payload)}"


def _build_chunk(args) -> tuple:
    """Rows for persons ``first_id .. first_id+count-1`` (runs in a worker process)."""
    from mixmig.apps.registry.searchkeys import registration_digests

    seed, index, first_id, count, total, owners, today, span_days = args
    rng = random.Random(chunk_seed(seed, index) ^ 0x5EED)
    weights = [o.weight for o in owners]
    now = datetime.combine(today, datetime.min.time(), tzinfo=UTC) + timedelta(hours=12)
    persons, regs, docs, contacts, keys = [], [], [], [], []
    for offset, ident in enumerate(identities(seed, index, count, today)):
        pid = first_id + offset
        owner = rng.choices(owners, weights)[0]
        # ids grow with time, as they would from the services
        created = now - timedelta(days=span_days * (1 - pid / total), seconds=rng.randint(0, 600))
        at = _dt(created)
        persons.append((pid, _person_number(rng), owner.agency_id, at, owner.user_id))
        regs.append((
            pid, pid, None, owner.site_id, created.date().isoformat(), owner.agency_id, owner.team_id,
            owner.user_id, at, at, ident.given_name, ident.family_name, ident.given_name_original,
            ident.family_name_original, ident.original_script, ident.sex,
            ident.birth_date.isoformat() if ident.birth_date else None, ident.birth_year, ident.birth_precision,
            ident.age_estimate, json.dumps(ident.nationalities), json.dumps(ident.languages), ident.origin_country,
            "", None, ident.intended_destination, ident.transport_mode,
            None if ident.smuggler_paid is None else int(ident.smuggler_paid), None, "",
            json.dumps(ident.reasons_for_leaving), json.dumps({}),
        ))  # fmt: skip
        docs.extend((pid, kind, number, country, None) for kind, number, country in ident.documents)
        contacts.extend((pid, "phone", phone) for phone in ident.phones)
        names = [ident.given_name, ident.family_name, ident.given_name_original, ident.family_name_original]
        digests = registration_digests(names, [d[1] for d in ident.documents], ident.phones)
        keys.extend((pid, pid, d) for d in digests)
    return persons, regs, docs, contacts, keys


def load(
    path: str,
    count: int,
    owners: list[Owner],
    seed: int = 2026,
    today: date | None = None,
    progress: Callable[[int], None] | None = None,
) -> dict:
    """Append ``count`` persons to the (migrated, registry-empty) SQLite database at ``path``."""
    today = today or date.today()
    started = time.perf_counter()
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("PRAGMA journal_mode=OFF")
    db.execute("PRAGMA synchronous=OFF")
    db.execute("PRAGMA cache_size=-1000000")
    db.execute("PRAGMA temp_store=MEMORY")
    if db.execute("SELECT count(*) FROM registry_person").fetchone()[0]:
        raise RuntimeError(f"{path} already holds persons; the bulk loader needs an empty registry")
    indexes = db.execute(
        f"SELECT name, sql FROM sqlite_master WHERE type='index' AND sql IS NOT NULL "
        f"AND tbl_name IN ({','.join('?' * len(BULK_TABLES))})",
        BULK_TABLES,
    ).fetchall()
    for name, _ in indexes:
        db.execute(f'DROP INDEX "{name}"')
    numbers: set[str] = set()
    redraw = random.Random(seed)
    jobs = [
        (seed, i, 1 + i * CHUNK, min(CHUNK, count - i * CHUNK), count, owners, today, 730)
        for i in range((count + CHUNK - 1) // CHUNK)
    ]
    reg_sql = f"INSERT INTO registry_registration ({', '.join(REG_COLUMNS)}) VALUES ({', '.join('?' * len(REG_COLUMNS))})"
    done = keys_total = 0
    ctx = multiprocessing.get_context("fork")
    with ctx.Pool(2) as pool:
        db.execute("BEGIN")
        for persons, regs, docs, contacts, keys in pool.imap(_build_chunk, jobs):
            for i, row in enumerate(persons):
                number = row[1]
                while number in numbers:  # a drawn number collided: draw again, as the services do
                    number = _person_number(redraw)
                numbers.add(number)
                if number != row[1]:
                    persons[i] = (row[0], number, *row[2:])
            db.executemany(
                "INSERT INTO registry_person (id, number, agency_id, created_at, created_by_id) VALUES (?, ?, ?, ?, ?)",
                persons,
            )
            db.executemany(reg_sql, regs)
            db.executemany(
                "INSERT INTO registry_identitydocument (registration_id, kind, number, issuing_country, expires_on) "
                "VALUES (?, ?, ?, ?, ?)",
                docs,
            )
            db.executemany(
                "INSERT INTO registry_contact (registration_id, kind, value) VALUES (?, ?, ?)", contacts
            )
            db.executemany(
                "INSERT INTO registry_searchkey (person_id, registration_id, digest) VALUES (?, ?, ?)", keys
            )
            done += len(persons)
            keys_total += len(keys)
            if progress:
                progress(done)
        db.execute("COMMIT")
    rows_seconds = time.perf_counter() - started
    for _, sql in indexes:
        db.execute(sql)
    db.execute("PRAGMA journal_mode=WAL")
    db.close()
    return {
        "persons": done,
        "search_keys": keys_total,
        "rows_seconds": round(rows_seconds, 1),
        "index_seconds": round(time.perf_counter() - started - rows_seconds, 1),
        "load_seconds": round(time.perf_counter() - started, 1),
    }
