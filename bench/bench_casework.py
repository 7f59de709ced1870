"""Caseworker dashboard and case list with 200,000 cases and 1,000,000 referrals, on SQLite and PostgreSQL.

The data (agencies, teams, 1,000 caseworkers, persons, cases, tasks, referrals) is created with
``bulk_create`` in batches, each backend in a child process (``python -m bench.bench_casework BACKEND SIZE``)
so that settings pick the database from ``MIXMIG_DATABASE_URL``. The SQLite file is cached in ``bench/tmp``;
the PostgreSQL database ``mixmig_bench_casework_<size>`` is reused when complete.
Pages are requested through Django's test client (session sign-in, middleware, template rendering), as a
browser gets them: ``/work/`` (my cases, my tasks, overdue referrals, waiting referrals) and ``/cases/``.
Target: p95 < 150 ms per page on both backends.
"""

from __future__ import annotations

import json
import os
import random
import statistics
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

CASES, REFERRALS = 200_000, 1_000_000
QUICK = (4_000, 20_000)
TARGET_P95_MS = 150.0
TMP = Path(__file__).resolve().parent / "tmp"
PG_URL = os.environ.get("MIXMIG_BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/")
TEAMS_PER_AGENCY, WORKERS_PER_TEAM = 10, 25
AGENCIES = ["unhcr-ita", "iom-grc", "ngo-b", "gov-esp"]
SAMPLES = 60


def _pct(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p * (len(values) - 1))))]


def _stats(ms: list[float]) -> dict:
    return {
        "n": len(ms),
        "p50_ms": round(_pct(ms, 0.5), 1),
        "p95_ms": round(_pct(ms, 0.95), 1),
        "max_ms": round(max(ms), 1),
        "mean_ms": round(statistics.fmean(ms), 1),
    }


def _load(cases: int, referrals: int, progress) -> dict:
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from mixmig.apps.access import services as access
    from mixmig.apps.cases.models import Case, Task
    from mixmig.apps.directory import services as directory
    from mixmig.apps.referrals.models import Referral
    from mixmig.apps.registry.models import Person

    User = get_user_model()
    rng = random.Random(2026)
    now = timezone.now()
    workers, teams, agencies = [], [], []
    for code in AGENCIES:
        agency = access.create_agency(code, code.upper(), "ITA")
        agencies.append(agency)
        for t in range(TEAMS_PER_AGENCY):
            team = access.create_team(agency, f"Team {t}")
            teams.append(team)
            access.create_user("system", f"sup-{code}-{t}", "bench-password-x", "supervisor", agency, team)
            # caseworkers in bulk with unusable passwords: hashing 1,000 passwords would dominate the set-up
            workers += User.objects.bulk_create(
                User(
                    username=f"cw-{code}-{t}-{w}",
                    role="caseworker",
                    scope="team",
                    agency=agency,
                    team=team,
                    password="!",
                )  # fmt: skip
                for w in range(WORKERS_PER_TEAM)
            )
    services = []
    for code in AGENCIES:
        services.append(directory.save_service("system", {
            "code": f"svc-{code}", "name": f"Service {code}", "service_type": "child_protection",
            "provider_code": f"p-{code}", "agency": code, "data_fields": "identity",
        }))  # fmt: skip
    batch = 5000
    person_ids: list[int] = []
    for start in range(0, cases, batch):
        rows = []
        for i in range(start, min(cases, start + batch)):
            owner = workers[i % len(workers)]
            rows.append(Person(number=f"B{i:09d}", agency_id=owner.agency_id, created_by_id=owner.pk))
        person_ids += [p.pk for p in Person.objects.bulk_create(rows, batch_size=batch)]
    statuses = ["open", "in_progress", "on_hold", "closed", "closed", "in_progress"]
    for start in range(0, cases, batch):
        rows, tasks = [], []
        for i in range(start, min(cases, start + batch)):
            owner = workers[i % len(workers)]
            changed = now - timedelta(minutes=rng.randint(0, 500_000))
            rows.append(Case(
                person_id=person_ids[i], kind="general", agency_id=owner.agency_id, team_id=owner.team_id,
                owner_id=owner.pk, status=rng.choice(statuses), status_changed_at=changed, opened_by_id=owner.pk,
                opened_at=changed,
            ))  # fmt: skip
        created = Case.objects.bulk_create(rows, batch_size=batch)
        for case in created:
            done = rng.random() < 0.7
            tasks.append(Task(case_id=case.pk, title="Follow up", assignee_id=case.owner_id, created_by_id=case.owner_id,
                              due_at=now + timedelta(hours=rng.randint(-200, 400)), done_at=now if done else None))  # fmt: skip
        Task.objects.bulk_create(tasks, batch_size=batch)
        progress(f"cases {start + len(rows):,}/{cases:,}")
    rstatuses = ["completed"] * 5 + ["in_service", "accepted", "declined", "sent", "draft", "revoked"]
    for start in range(0, referrals, batch):
        rows = []
        for _ in range(start, min(referrals, start + batch)):
            k = rng.randrange(cases)
            owner = workers[k % len(workers)]
            service = services[rng.randrange(len(services))]
            created = now - timedelta(hours=rng.randint(0, 8000))
            rows.append(Referral(
                person_id=person_ids[k], service_id=service.pk, service_type="child_protection",
                from_agency_id=owner.agency_id, from_team_id=owner.team_id, created_by_id=owner.pk,
                to_agency_id=service.provider.agency_id, status=rng.choice(rstatuses), status_changed_at=created,
                deadline_at=created + timedelta(hours=rng.choice([24, 72, 168])), shares_personal_data=False,
            ))  # fmt: skip
        Referral.objects.bulk_create(rows, batch_size=batch)
        if (start // batch) % 20 == 0:
            progress(f"referrals {start + len(rows):,}/{referrals:,}")
    return {"cases": cases, "referrals": referrals, "caseworkers": len(workers), "tasks": cases}


def _measure() -> dict:
    from django.contrib.auth import get_user_model
    from django.test import Client

    users = list(get_user_model().objects.filter(role="caseworker").order_by("pk"))
    supervisors = list(get_user_model().objects.filter(role="supervisor").order_by("pk"))
    rng = random.Random(7)
    sample = rng.sample(users, min(SAMPLES, len(users)))
    out: dict = {}
    for label, who, url in (
        ("caseworker_dashboard", sample, "/work/"),
        ("caseworker_case_list", sample, "/cases/"),
        ("caseworker_case_list_page_3", sample, "/cases/?page=3"),
        ("supervisor_case_list", supervisors[:SAMPLES], "/cases/"),
        ("supervisor_dashboard", supervisors[:20], "/work/team/"),
    ):
        ms = []
        for i, user in enumerate(who):
            client = Client()
            client.force_login(user)
            if i < 3:
                client.get(url)  # warm the connection and caches
            t0 = time.perf_counter()
            response = client.get(url)
            ms.append((time.perf_counter() - t0) * 1000)
            assert response.status_code == 200, (url, response.status_code)
        out[label] = _stats(ms)
    return out


def child(backend: str, cases: int, referrals: int) -> dict:
    """Runs inside a process whose settings already point at the benchmark database."""
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mixmig.settings")
    django.setup()
    from django.core.management import call_command

    from mixmig.apps.cases.models import Case

    t0 = time.perf_counter()
    call_command("migrate", verbosity=0, interactive=False)
    built = False
    if Case.objects.count() < cases:
        _load(cases, referrals, lambda msg: print(f"   {backend}: {msg}", file=sys.stderr, flush=True))
        built = True
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    load_s = round(time.perf_counter() - t0, 1)
    figures = _measure()
    return {"backend": backend, "built_now": built, "setup_s": load_s, "pages": figures}


def _spawn(backend: str, cases: int, referrals: int) -> dict:
    env = dict(os.environ)
    env["MIXMIG_ENV"] = "development"
    env["MIXMIG_DEBUG"] = "false"
    env["MIXMIG_ALLOWED_HOSTS"] = "testserver"
    if backend == "postgresql":
        env["MIXMIG_DATABASE_URL"] = PG_URL.rstrip("/") + f"/mixmig_bench_casework_{cases}"
        _create_pg_database(f"mixmig_bench_casework_{cases}")
    else:
        TMP.mkdir(exist_ok=True)
        data = TMP / f"casework-{cases}"
        data.mkdir(exist_ok=True)
        env.pop("MIXMIG_DATABASE_URL", None)
        env["MIXMIG_DATA_DIR"] = str(data)
    root = Path(__file__).resolve().parents[1]
    proc = subprocess.run(
        [sys.executable, "-m", "bench.bench_casework", backend, str(cases), str(referrals)],
        cwd=root, env=env, capture_output=True, text=True, timeout=3 * 3600,
    )  # fmt: skip
    sys.stderr.write(proc.stderr[-3000:])
    if proc.returncode != 0:
        return {"backend": backend, "error": proc.stderr[-2000:]}
    return json.loads(proc.stdout.strip().splitlines()[-1])


def _create_pg_database(name: str) -> None:
    import psycopg

    try:
        with psycopg.connect(PG_URL.rstrip("/") + "/postgres", autocommit=True) as conn:
            exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone()
            if not exists:
                conn.execute(f'CREATE DATABASE "{name}"')
    except psycopg.OperationalError as exc:  # reported in the figures by the child's failure
        print(f"PostgreSQL not reachable: {exc}", file=sys.stderr)


def run(quick: bool = False) -> dict:
    cases, referrals = QUICK if quick else (CASES, REFERRALS)
    out = {"cases": cases, "referrals": referrals, "target_p95_ms": TARGET_P95_MS}
    for backend in ("sqlite", "postgresql"):
        result = _spawn(backend, cases, referrals)
        out[backend] = result
        pages = result.get("pages", {})
        out[f"{backend}_worst_p95_ms"] = max((p["p95_ms"] for p in pages.values()), default=None)
    out["meets_target"] = all(
        out.get(f"{b}_worst_p95_ms") is not None and out[f"{b}_worst_p95_ms"] < TARGET_P95_MS
        for b in ("sqlite", "postgresql")
    )
    return out


if __name__ == "__main__":
    backend, n_cases, n_referrals = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    print(json.dumps(child(backend, n_cases, n_referrals)))
