"""Screening benchmark: per-record evaluation with trace vs. the pack compiled to SQL in DuckDB.

Figures (targets from issue 3): per-registration evaluation with trace p50/p95/p99 (target p95 < 2 ms);
batch screening of 1,000,000 generated registrations in DuckDB (target >= 200,000 registrations/s and
>= 20x the per-record engine measured in the same run). Both wall-clock and process CPU time are given,
because the machine may be shared; the batch results are materialised as a table (nothing pruned), and a
sample is checked record by record against the per-record engine.
"""

from __future__ import annotations

import os
import statistics
import time

from mixmig.engines.policy import compile_sql, evaluate, resolve_pack, summary
from mixmig.engines.policy.batch import connect
from mixmig.engines.policy.flatten import unflatten
from mixmig.engines.policy.sqlcompile import OUTPUT_COLUMNS
from mixmig.engines.policy.synthetic import synthetic_sql

PACK = "baseline"


def _percentile(sorted_values: list[float], q: float) -> float:
    return sorted_values[min(len(sorted_values) - 1, int(q * len(sorted_values)))]


def run(quick: bool = False) -> dict:
    n = 100_000 if quick else 1_000_000
    sample_every = 50  # per-record sample: ~2% of the caseload (20,000 of 1,000,000)
    pack = resolve_pack(PACK)
    questions = list(pack.questions)
    threads = os.cpu_count() or 2
    con = connect(threads)
    con.execute("SET enable_progress_bar = false")
    con.execute("SET preserve_insertion_order = false")
    t0 = time.perf_counter()
    con.execute("CREATE TABLE registrations AS " + synthetic_sql(n, questions))
    generate_s = time.perf_counter() - t0

    sql = compile_sql(pack)
    wall, cpu = time.perf_counter(), time.process_time()
    con.execute("CREATE TEMP TABLE results AS " + sql)
    batch_wall, batch_cpu = time.perf_counter() - wall, time.process_time() - cpu
    screened = con.sql("SELECT count(*) FROM results").fetchall()[0][0]

    rel = con.sql(
        f"SELECT * FROM registrations WHERE hash(record_id) % {sample_every} = 0 ORDER BY record_id"
    )
    names = rel.columns
    sample = [unflatten(dict(zip(names, row, strict=True)), questions) for row in rel.fetchall()]
    batch_rows = {
        row[0]: dict(zip(OUTPUT_COLUMNS, row, strict=True))
        for row in con.sql(
            f"SELECT {', '.join(OUTPUT_COLUMNS)} FROM results WHERE hash(record_id) % {sample_every} = 0"
        ).fetchall()
    }
    for reg in sample[:200]:  # warm up
        evaluate(pack, reg)
    latencies, mismatches = [], 0
    cpu = time.process_time()
    for reg in sample:
        start = time.perf_counter()
        result = evaluate(pack, reg, trace=True)
        latencies.append(time.perf_counter() - start)
        if summary(result) != batch_rows[reg["record_id"]]:
            mismatches += 1
    per_record_cpu = time.process_time() - cpu
    latencies.sort()
    per_record_wall = sum(latencies)
    start = time.perf_counter()
    for reg in sample:
        evaluate(pack, reg, trace=False)
    no_trace_wall = time.perf_counter() - start

    per_record_rps = len(sample) / per_record_wall
    batch_rps = screened / batch_wall
    return {
        "pack": f"{pack.id} {pack.version}",
        "registrations": screened,
        "threads": threads,
        "load_average_1m": round(os.getloadavg()[0], 2),
        "generate_seconds": round(generate_s, 2),
        "per_record_with_trace_ms": {
            "p50": round(statistics.median(latencies) * 1000, 4),
            "p95": round(_percentile(latencies, 0.95) * 1000, 4),
            "p99": round(_percentile(latencies, 0.99) * 1000, 4),
            "max": round(latencies[-1] * 1000, 4),
            "sample": len(sample),
        },
        "per_record_registrations_per_s": round(per_record_rps),
        "per_record_registrations_per_cpu_s": round(len(sample) / per_record_cpu) if per_record_cpu else None,
        "per_record_no_trace_registrations_per_s": round(len(sample) / no_trace_wall),
        "batch_seconds": round(batch_wall, 3),
        "batch_cpu_seconds": round(batch_cpu, 3),
        "batch_registrations_per_s": round(batch_rps),
        "batch_registrations_per_cpu_s": round(screened / batch_cpu) if batch_cpu else None,
        "speedup_batch_vs_per_record": round(batch_rps / per_record_rps, 1),
        "sample_mismatches_batch_vs_per_record": mismatches,
        "targets": {"p95_ms": 2.0, "batch_per_s": 200_000, "speedup": 20},
    }


if __name__ == "__main__":
    import json

    print(json.dumps(run(quick=bool(os.environ.get("QUICK"))), indent=2))
