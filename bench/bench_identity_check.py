"""Duplicate check of one new registration against 1,000,000 existing: ``identity.selectors.check_duplicates``.

Starts from the search benchmark's cached registry (``bench/tmp/search-<size>.sqlite3``, built by its bulk
loader when missing), copies it to ``bench/tmp/identity-<size>.sqlite3``, migrates it and bulk-loads the
identity app's keyed blocking keys (the rows the ``registrations_created`` receiver writes) in two worker
processes; the result is cached. Queries are existing identities with registration noise (another Latin
spelling, the original script only, a swapped day/month, a year-only date) plus unseen names; the check runs
through Django as the registration form calls it, for a scope-all supervisor and an agency officer.
Target: p95 <= 50 ms.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import random
import shutil
import sqlite3
import time
from pathlib import Path

from bench import bench_search
from bench.bulkload import identities

TARGET_P95_MS = 50.0
TMP = bench_search.TMP
CHUNK = 20_000
FIELDS = ("id", "person_id", "given_name", "family_name", "given_name_original", "family_name_original", "sex",
          "birth_date", "birth_year", "birth_precision", "age_estimate", "nationalities")  # fmt: skip


def _keys_of_chunk(args) -> list[tuple[int, int, int]]:
    path, start, stop, secret = args
    from mixmig.apps.identity.adapter import registration_rows
    from mixmig.apps.identity.keys import (
        DOMAIN,  # noqa: F401 - same domain as the receiver
        digest,
    )
    from mixmig.engines.linkage import prepare
    from mixmig.engines.linkage.blocking import record_keys

    db = sqlite3.connect(path, timeout=300)
    rows = db.execute(
        f"SELECT {', '.join(FIELDS)} FROM registry_registration WHERE id >= ? AND id < ?", (start, stop)
    ).fetchall()
    db.close()
    records, owners = [], []
    for row in rows:
        reg = dict(zip(FIELDS, row, strict=True))
        reg["pk"] = reg["id"]
        reg["nationalities"] = json.loads(reg["nationalities"] or "[]")
        for variant in registration_rows(reg):
            records.append(variant)
            owners.append((reg["id"], reg["person_id"]))
    if not records:
        return []
    prepared = prepare(records)
    years, digits, sexes = (prepared.columns[c].tolist() for c in ("dob_year", "dob_digits", "sex"))
    out: set[tuple[int, int, int]] = set()
    for i, tokens in enumerate(prepared.tokens):
        for k in record_keys(tokens, years[i], digits[i], sexes[i]):
            out.add((owners[i][0], owners[i][1], digest(k, secret)))
    return list(out)


def build(size: int) -> tuple[Path, dict]:
    from django.conf import settings
    from django.core.management import call_command

    path = TMP / f"identity-{size}.sqlite3"
    meta_path = path.with_suffix(".json")
    if path.exists() and meta_path.exists():
        return path, json.loads(meta_path.read_text()) | {"cached": True}
    base, _ = bench_search.build(size)
    started = time.perf_counter()
    partial = path.with_suffix(".partial")
    shutil.copyfile(base, partial)
    bench_search._use_database(partial)
    call_command("migrate", verbosity=0, interactive=False)
    from django.db import connections

    connections["default"].close()
    db = sqlite3.connect(partial, isolation_level=None)
    db.execute("PRAGMA journal_mode=OFF")
    db.execute("PRAGMA synchronous=OFF")
    top = db.execute("SELECT max(id) FROM registry_registration").fetchone()[0] or 0
    indexes = db.execute(
        "SELECT name, sql FROM sqlite_master WHERE type='index' AND sql IS NOT NULL AND tbl_name='identity_identitykey'"
    ).fetchall()
    for name, _sql in indexes:
        db.execute(f'DROP INDEX "{name}"')
    jobs = [(str(partial), s, s + CHUNK, settings.SEARCH_KEY.encode()) for s in range(1, top + 1, CHUNK)]
    total = 0
    with multiprocessing.get_context("fork").Pool(2) as pool:
        for n, chunk in enumerate(pool.imap(_keys_of_chunk, jobs)):
            db.execute("BEGIN")  # one short write per chunk: the workers read between them
            db.executemany(
                "INSERT INTO identity_identitykey (registration_id, person_id, key) VALUES (?, ?, ?)", chunk
            )
            db.execute("COMMIT")
            total += len(chunk)
            if n % 10 == 0:
                print(f"   keyed {min((n + 1) * CHUNK, top):,}/{top:,} registrations", flush=True)
    for _name, sql in indexes:
        db.execute(sql)
    db.execute("PRAGMA journal_mode=WAL")
    db.close()
    for suffix in ("-wal", "-shm"):
        Path(str(partial) + suffix).unlink(missing_ok=True)
    partial.rename(path)
    meta = {"identity_keys": total, "keys_seconds": round(time.perf_counter() - started, 1)}
    meta_path.write_text(json.dumps(meta))
    return path, meta | {"cached": False}


def queries(size: int, rng: random.Random) -> list[tuple[str, dict]]:
    chunks = max(1, size // 5000)
    sample = []
    for index in rng.sample(range(chunks), min(chunks, 25)):
        sample.extend(
            rng.sample(identities(bench_search.SEED, index, min(5000, size), bench_search.TODAY), 8)
        )
    out: list[tuple[str, dict]] = []
    for ident in sample:
        member = ident.as_api_member()
        kind = rng.choice(["same", "spelling", "original_only", "year_only", "swap"])
        if kind == "spelling":
            member["given_name"] = member["given_name"].replace("o", "u").replace("e", "i")
        elif kind == "original_only" and ident.given_name_original:
            member = {
                **member,
                "given_name": ident.given_name_original,
                "family_name": ident.family_name_original,
            }
        elif kind == "year_only" and ident.birth_date:
            member.pop("birth_date", None)
            member["birth_year"] = ident.birth_date.year
        elif kind == "swap" and ident.birth_date and ident.birth_date.day <= 12:
            member["birth_date"] = ident.birth_date.replace(
                month=ident.birth_date.day, day=ident.birth_date.month
            ).isoformat()
        out.append((kind, member))
    for given, family in [
        ("Zqxw", "Vbnm"),
        ("Kallistrat", "Oyelaran"),
        ("Mohammed", "Ali"),
        ("Maria", "Garcia"),
    ]:
        out.append(("unseen_or_common", {"given_name": given, "family_name": family, "sex": "male"}))
    return out


def run(quick: bool = False) -> dict:
    from mixmig.apps.access.models import User
    from mixmig.apps.identity.selectors import check_duplicates

    size = int(
        os.environ.get("MIXMIG_BENCH_SEARCH_SIZE", bench_search.QUICK_SIZE if quick else bench_search.SIZE)
    )
    started = time.perf_counter()
    path, meta = build(size)
    build_seconds = time.perf_counter() - started
    bench_search._use_database(path)
    users = {
        "scope_all": User.objects.get(username="supervisor-all"),
        "scope_agency": User.objects.get(username=f"officer-{bench_search.AGENCIES[1][0]}"),
    }
    qs = queries(size, random.Random(5))
    for _kind, member in qs[:10]:  # warm-up
        check_duplicates(users["scope_all"], member)
    figures = {}
    for label, user in users.items():
        ms, found, by_kind = [], 0, {}
        for kind, member in qs:
            t0 = time.perf_counter()
            result = check_duplicates(user, member)
            elapsed = (time.perf_counter() - t0) * 1000
            ms.append(elapsed)
            by_kind.setdefault(kind, []).append(elapsed)
            found += bool(result)
        figures[label] = bench_search._stats(ms) | {
            "share_with_candidates": round(found / len(qs), 2),
            "p95_ms_by_kind": {k: round(bench_search._pct(v, 0.95), 1) for k, v in by_kind.items()},
        }
    return {
        "registrations": size,
        "queries": len(qs),
        "target_p95_ms": TARGET_P95_MS,
        "p50_ms_scope_all": figures["scope_all"]["p50_ms"],
        "p95_ms_scope_all": figures["scope_all"]["p95_ms"],
        "p95_ms_scope_agency": figures["scope_agency"]["p95_ms"],
        "meets_target": max(f["p95_ms"] for f in figures.values()) <= TARGET_P95_MS,
        "check": figures,
        "database": meta
        | {
            "build_seconds_this_run": round(build_seconds, 1),
            "path": str(path.relative_to(TMP.parent.parent)),
        },
    }
