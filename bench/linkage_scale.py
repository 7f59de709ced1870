"""One scale run in its own process (so peak memory is its own): ``python -m bench.linkage_scale WHO N``.

WHO is ``mixmig`` or ``splink``; prints one JSON line of figures.
"""

from __future__ import annotations

import json
import os
import random
import resource
import sys
import threading
import time

import numpy as np

from bench import linkage_data
from bench.linkage_metrics import pairwise


class _TreeMemory:
    """Peak memory of this process and its children (mixmig forks a worker pool for large batches).

    A thread samples every 0.1 s the summed resident set (RSS, from the kernel's counters in
    ``/proc/<pid>/statm``) of the process tree. The summed RSS counts copy-on-write pages shared with the
    workers once per process, so it overstates; it is what ``peak_gib`` reports (never less than this
    process's own kernel-measured peak, nor the largest child's). The proportional set (PSS: shared pages
    split between the processes sharing them) needs a page-table walk that stalls the sampled process's
    memory mappings, so it is sampled only every 2 s and only while there are children (otherwise the
    process's own peak is exact).
    """

    def __init__(self) -> None:
        self.rss = self.pss = 0
        threading.Thread(target=self._run, daemon=True).start()

    @staticmethod
    def _tree(pid: int) -> list[int]:
        out = [pid]
        for task in os.listdir(f"/proc/{pid}/task"):
            try:
                with open(f"/proc/{pid}/task/{task}/children") as f:
                    for child in f.read().split():
                        out += _TreeMemory._tree(int(child))
            except OSError:
                pass
        return out

    def sample(self, with_pss: bool = False) -> None:
        pids = self._tree(os.getpid())
        rss = pss = 0
        for pid in pids:
            try:
                with open(f"/proc/{pid}/statm") as f:
                    rss += int(f.read().split()[1]) * _PAGE_KIB
                if with_pss and len(pids) > 1:
                    with open(f"/proc/{pid}/smaps_rollup") as f:
                        pss += sum(int(line.split()[1]) for line in f if line.startswith("Pss:"))
            except OSError:
                pass
        self.rss, self.pss = max(self.rss, rss), max(self.pss, pss)

    def _run(self) -> None:
        tick = 0
        while True:
            self.sample(with_pss=tick % 20 == 0)
            tick += 1
            time.sleep(0.1)

    def figures(self) -> dict:
        self.sample()
        own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        child = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        gib = 1024 * 1024
        return {
            "peak_gib": round(max(own, child, self.rss) / gib, 2),
            "peak_pss_gib": round(max(self.pss, own) / gib, 2),
            "peak_self_gib": round(own / gib, 2),
            "peak_largest_child_gib": round(child / gib, 2),
        }


_PAGE_KIB = os.sysconf("SC_PAGE_SIZE") // 1024
_MEMORY: _TreeMemory | None = None


def _peak_gib() -> float:
    return _MEMORY.figures()["peak_gib"] if _MEMORY else 0.0


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
        **(_MEMORY.figures() if _MEMORY else {}),
        "pairs": int(len(result.i)),
        **pairwise([r["entity"] for r in rows], result.cluster.tolist()),
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
    labels, _ = splink(rows, [], em_max_pairs=em_max_pairs)
    return {
        "records": len(rows),
        "wall_seconds": round(time.perf_counter() - started, 1),
        **(_MEMORY.figures() if _MEMORY else {}),
        "em_max_pairs": em_max_pairs,
        **pairwise([r["entity"] for r in rows], labels),
    }


if __name__ == "__main__":
    who, size = sys.argv[1], int(sys.argv[2])
    _MEMORY = _TreeMemory()
    figures = (
        run_mixmig(size)
        if who == "mixmig"
        else run_splink(size, float(sys.argv[3]) if len(sys.argv) > 3 else 1e6)
    )
    print(json.dumps(figures))
