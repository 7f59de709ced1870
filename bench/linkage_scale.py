"""One scale run in its own process (so peak memory is its own): ``python -m bench.linkage_scale WHO N``.

WHO is ``mixmig`` or ``splink``; prints one JSON line of figures.
"""

from __future__ import annotations

import json
import random
import resource
import sys
import time

import numpy as np

from bench import linkage_data


def _peak_gib() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024 / 1024, 2)


def registrations(n: int, seed: int = 5) -> list[dict[str, str]]:
    rows = linkage_data.multiscript(persons=int(n / 1.65), seed=seed)
    return rows[:n]


def run_mixmig(n: int) -> dict:
    from mixmig.engines.linkage import dedupe
    from mixmig.engines.linkage.index import CandidateIndex

    rows = registrations(n)
    started = time.perf_counter()
    result = dedupe(rows, progress=lambda m: print(m, file=sys.stderr, flush=True))
    wall = time.perf_counter() - started
    out = {
        "records": len(rows),
        "wall_seconds": round(wall, 1),
        "peak_gib": _peak_gib(),
        "pairs": int(len(result.i)),
    }
    index_started = time.perf_counter()
    index = CandidateIndex(result.prepared, result.model)
    out["index_build_seconds"] = round(time.perf_counter() - index_started, 1)
    rng = random.Random(3)
    latencies = []
    for probe in rng.sample(rows, 300):
        new = dict(probe, record_id="new")
        if rng.random() < 0.5:
            new["date_of_birth"] = new["date_of_birth"][:4]
        t = time.perf_counter()
        index.check(new)
        latencies.append((time.perf_counter() - t) * 1000)
    out["check_p50_ms"] = round(float(np.percentile(latencies, 50)), 2)
    out["check_p95_ms"] = round(float(np.percentile(latencies, 95)), 2)
    out["peak_gib_with_index"] = _peak_gib()
    return out


def run_splink(n: int, em_max_pairs: float) -> dict:
    from bench.linkage_splink import run_splink as splink

    rows = registrations(n)
    started = time.perf_counter()
    splink(rows, [], em_max_pairs=em_max_pairs)
    return {
        "records": len(rows),
        "wall_seconds": round(time.perf_counter() - started, 1),
        "peak_gib": _peak_gib(),
        "em_max_pairs": em_max_pairs,
    }


if __name__ == "__main__":
    who, size = sys.argv[1], int(sys.argv[2])
    figures = (
        run_mixmig(size)
        if who == "mixmig"
        else run_splink(size, float(sys.argv[3]) if len(sys.argv) > 3 else 1e6)
    )
    print(json.dumps(figures))
