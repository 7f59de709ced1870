"""Registration through the REST API: one gunicorn process (gthread) on SQLite with the default settings.

A fresh database is migrated in the benchmark's temporary data directory; an agency, team, site, a
registration officer and an API token are created through the services. A real WSGI server runs in a
subprocess; this process drives it with a bounded number of keep-alive HTTP clients (threads) posting
``POST /api/v1/registrations`` with one realistic person each, for a fixed time after a warm-up.
Afterwards the database must hold exactly the acknowledged registrations and the audit chain must verify.
Targets: >= 200 registrations/s sustained, p95 < 200 ms, 0 errors.

32 server threads and 24 clients (a busy border point: many officers at once): with SQLite, concurrent
registrations are committed together (group commit, one fsync for many), so the server needs enough
requests in flight to fill a batch; with 4 threads it commits at most 4 at a time.
"""

from __future__ import annotations

import http.client
import json
import os
import random
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from datetime import date
from pathlib import Path

from bench.namegen import identity

CLIENTS = int(os.environ.get("MIXMIG_BENCH_CLIENTS", "24"))
SERVER_THREADS = int(os.environ.get("MIXMIG_BENCH_SERVER_THREADS", "32"))
DURATION = 30.0
QUICK_DURATION = 5.0
WARMUP = 5.0
QUICK_WARMUP = 1.0
TARGET_RATE = 200.0
TARGET_P95_MS = 200.0
SITE = "lampedusa-bp"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fsync_ms(directory: Path, rounds: int = 100) -> float:
    """Median time of one 4 KiB write + fsync in ``directory``: with synchronous=FULL every SQLite commit
    waits for at least one, and SQLite commits one at a time, so 1000 / this bounds commits per second."""
    path = directory / "fsync-probe"
    fd = os.open(path, os.O_WRONLY | os.O_CREAT, 0o600)
    times = []
    try:
        for _ in range(rounds):
            t0 = time.perf_counter()
            os.write(fd, b"x" * 4096)
            os.fsync(fd)
            times.append((time.perf_counter() - t0) * 1000)
    finally:
        os.close(fd)
        path.unlink(missing_ok=True)
    return statistics.median(times)


def _setup() -> str:
    """Migrate the fresh database and create who registers where; return an API token."""
    from django.core.management import call_command

    from mixmig.apps.access import services as access
    from mixmig.apps.registry import services as registry

    call_command("migrate", verbosity=0, interactive=False)
    agency = access.create_agency("unhcr-ita", "UNHCR Italy", "ITA")
    team = access.create_team(agency, "Lampedusa")
    officer = access.create_user(
        "system", "bench-officer", "bench-password-not-secret", "registration_officer", agency, team
    )
    registry.create_site(
        "system", code=SITE, name="Lampedusa border point", kind="border_point", country="ITA", agency=agency,
        latitude="35.5078", longitude="12.6057",
    )  # fmt: skip
    return access.issue_token(officer, "bench")


def _start_server(port: int) -> subprocess.Popen:
    env = dict(os.environ, MIXMIG_DEBUG="false", MIXMIG_LOG_LEVEL="WARNING")
    cmd = [
        sys.executable, "-m", "gunicorn", "mixmig.wsgi:application",
        "--workers", "1", "--worker-class", "gthread", "--threads", str(SERVER_THREADS),
        "--bind", f"127.0.0.1:{port}", "--keep-alive", "30", "--backlog", "256", "--log-level", "warning",
    ]  # fmt: skip
    server = subprocess.Popen(cmd, env=env, start_new_session=True)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(
                f"gunicorn exited with code {server.returncode}; is it installed? pip install -e '.[bench]'"
            )
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/healthz")
            if conn.getresponse().status == 200:
                conn.close()
                return server
        except OSError:
            time.sleep(0.2)
    server.kill()
    raise RuntimeError("gunicorn did not answer /healthz within 30 s")


def _stop_server(server: subprocess.Popen) -> None:
    if server.poll() is None:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()


def _cpu_seconds(pid: int) -> float:
    """User + system CPU time of ``pid`` and its children (gunicorn master and worker), from /proc."""
    tick = os.sysconf("SC_CLK_TCK")
    pids = [pid]
    try:
        pids += [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        pass
    total = 0.0
    for p in pids:
        try:
            fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / tick  # utime, stime
        except (OSError, IndexError, ValueError):
            pass
    return total


class Client(threading.Thread):
    """One keep-alive HTTP client posting registrations until told to stop."""

    def __init__(self, port: int, token: str, seed: int, clock: dict):
        super().__init__(daemon=True)
        self.port, self.token, self.clock = port, token, clock
        self.rng = random.Random(seed)
        self.today = date.today()
        self.latencies: list[float] = []  # ms, of requests completed inside the measuring window
        self.acknowledged = 0  # registrations the server answered 201 for (warm-up included)
        self.errors: list[str] = []
        self.person_numbers: list[str] = []

    def _body(self) -> bytes:
        member = identity(self.rng, self.today).as_api_member()
        return json.dumps({"site": SITE, "members": [member]}).encode()

    def run(self) -> None:
        headers = {"Authorization": f"Bearer {self.token}", "Content-Type": "application/json"}
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        while not self.clock["stop"]:
            body = self._body()
            t0 = time.perf_counter()
            try:
                conn.request("POST", "/api/v1/registrations", body=body, headers=headers)
                resp = conn.getresponse()
                data = resp.read()
            except (OSError, http.client.HTTPException) as exc:
                self.errors.append(f"{type(exc).__name__}: {exc}")
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
                continue
            t1 = time.perf_counter()
            if resp.status == 201:
                self.acknowledged += 1
                self.person_numbers.extend(m["person_number"] for m in json.loads(data)["members"])
            else:
                self.errors.append(f"HTTP {resp.status}: {data[:300].decode(errors='replace')}")
            if self.clock["start"] <= t0 and t1 <= self.clock["end"]:
                self.latencies.append((t1 - t0) * 1000)
        conn.close()


def _pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    k = (len(ordered) - 1) * p
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def _verify(acknowledged: int, numbers: list[str]) -> dict:
    from django.db import connections

    from mixmig.apps.audit import services as audit
    from mixmig.apps.registry.models import Person, Registration

    connections["default"].close()
    stored = Registration.objects.count()
    found = Person.objects.filter(number__in=numbers).count() if len(numbers) < 30000 else None
    result = audit.verify()
    return {
        "registrations_stored": stored,
        "acknowledged_all_stored": stored == acknowledged and (found is None or found == len(numbers)),
        "audit_chain_ok": result.ok,
        "audit_events_checked": result.checked,
    }


def run(quick: bool = False) -> dict:
    from django.conf import settings
    from django.db import connections

    duration, warmup = (QUICK_DURATION, QUICK_WARMUP) if quick else (DURATION, WARMUP)
    token = _setup()
    probe_ms = fsync_ms(Path(settings.DATA_DIR))
    connections["default"].close()
    port = _free_port()
    server = _start_server(port)
    clock = {"start": float("inf"), "end": float("inf"), "stop": False}
    clients = [Client(port, token, seed, clock) for seed in range(CLIENTS)]
    try:
        for c in clients:
            c.start()
        time.sleep(warmup)
        cpu0, own0 = _cpu_seconds(server.pid), time.process_time()
        clock["start"] = time.perf_counter()
        clock["end"] = clock["start"] + duration
        time.sleep(duration)
        server_cpu, client_cpu = _cpu_seconds(server.pid) - cpu0, time.process_time() - own0
        clock["stop"] = True
        for c in clients:
            c.join(timeout=60)
    finally:
        clock["stop"] = True
        _stop_server(server)
    latencies = [ms for c in clients for ms in c.latencies]
    errors = [e for c in clients for e in c.errors]
    acknowledged = sum(c.acknowledged for c in clients)
    numbers = [n for c in clients for n in c.person_numbers]
    rate = len(latencies) / duration
    p95 = _pct(latencies, 0.95) if latencies else float("nan")
    db = settings.DATABASES["default"]
    return {
        "registrations_per_second": round(rate, 1),
        "p50_ms": round(_pct(latencies, 0.50), 1) if latencies else None,
        "p95_ms": round(p95, 1),
        "p99_ms": round(_pct(latencies, 0.99), 1) if latencies else None,
        "max_ms": round(max(latencies), 1) if latencies else None,
        "mean_ms": round(statistics.fmean(latencies), 1) if latencies else None,
        "errors": len(errors),
        "first_errors": errors[:5],
        "measured_requests": len(latencies),
        "acknowledged_total": acknowledged,
        **_verify(acknowledged, numbers),
        "meets_target": rate >= TARGET_RATE and p95 < TARGET_P95_MS and not errors,
        "targets": {"registrations_per_second": TARGET_RATE, "p95_ms": TARGET_P95_MS, "errors": 0},
        "setup": {
            "server": f"gunicorn gthread, 1 worker, {SERVER_THREADS} threads",
            "clients": CLIENTS,
            "duration_s": duration,
            "warmup_s": warmup,
            "database": f"{db['ENGINE'].rsplit('.', 1)[-1]} {Path(db['NAME']).name}",
            "sqlite_init": db.get("OPTIONS", {}).get("init_command", ""),
            "members_per_request": 1,
        },
        "cpu": {
            # CPU time per measured registration, independent of other load on the machine: on one
            # otherwise idle core, the server could do at most 1000 / server_ms_per_registration per second
            "server_ms_per_registration": round(server_cpu * 1000 / len(latencies), 2) if latencies else None,
            "client_ms_per_registration": round(client_cpu * 1000 / len(latencies), 2) if latencies else None,
            "server_cpu_utilisation": round(server_cpu / duration, 2),
        },
        "disk": {
            "fsync_median_ms": round(probe_ms, 2),
            "serial_commit_bound_per_second": round(1000 / probe_ms, 1) if probe_ms else None,
        },
    }
