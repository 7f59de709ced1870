"""Identity resolution benchmark: mixmig beside Splink on the same inputs, in the same run.

Figures: pairwise precision/recall/F1 on FEBRL 3, FEBRL 4 (SSN column dropped) and the multi-script
set; 1M-registration wall time and peak memory (each tool in its own process); 1-vs-1M duplicate-check
latency; privacy-preserving linkage F1 on FEBRL 4 and 100k x 100k time.

``MIXMIG_BENCH_LINKAGE_SIZE`` sets the scale size (default 1,000,000; 50,000 with ``quick``);
``MIXMIG_BENCH_LINKAGE_SPLINK=0`` skips Splink at scale.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

from bench import linkage_data
from bench.linkage_metrics import pairwise

ROOT = Path(__file__).resolve().parents[1]


def _quality(rows, extras) -> dict:
    from bench.linkage_splink import run_splink
    from mixmig.engines.linkage import dedupe

    truth = [r["entity"] for r in rows]
    started = time.perf_counter()
    result = dedupe(rows, extras=extras)
    mixmig = pairwise(truth, result.cluster.tolist()) | {"seconds": round(time.perf_counter() - started, 2)}
    labels, timing = run_splink(rows, extras)
    splink = pairwise(truth, labels) | {"seconds": round(timing["total_seconds"], 2)}
    return {"records": len(rows), "mixmig": mixmig, "splink": splink}


def _scale(who: str, size: int, *extra: str) -> dict:
    command = [sys.executable, "-m", "bench.linkage_scale", who, str(size), *extra]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        return {
            "error": done.stderr.strip().splitlines()[-1]
            if done.stderr.strip()
            else f"exit {done.returncode}"
        }
    return json.loads(done.stdout.strip().splitlines()[-1])


def _pprl_febrl4() -> dict:
    from mixmig.engines.linkage.bloom import Encoder
    from mixmig.engines.linkage.pprl import link_encoded

    a, b = linkage_data.febrl("dataset4a.csv"), linkage_data.febrl("dataset4b.csv")
    extras = linkage_data.FEBRL_EXTRAS
    encoder = Encoder(os.urandom(32))
    ea, eb = encoder.encode(a, extras), encoder.encode(b, extras)
    ka, kb = [encoder.blocking_keys(r, extras) for r in a], [encoder.blocking_keys(r, extras) for r in b]
    links = link_encoded(ea, eb, None, ka, kb)
    hits = sum(a[x]["entity"] == b[y]["entity"] for x, y in zip(links.a, links.b, strict=True))
    truth = len({r["entity"] for r in a} & {r["entity"] for r in b})
    precision, recall = hits / max(len(links.a), 1), hits / truth
    return {
        "precision": round(precision, 4),
        "recall": round(recall, 4),
        "f1": round(2 * precision * recall / (precision + recall), 4),
        "threshold": round(links.threshold, 4),
    }


def _pprl_scale(size: int) -> dict:
    from mixmig.engines.linkage.bloom import Encoder
    from mixmig.engines.linkage.pprl import link_encoded

    rows = linkage_data.multiscript(persons=size, seed=21)
    first: dict[str, dict] = {}
    second: dict[str, dict] = {}
    for row in rows:
        (second if row["entity"] in first else first).setdefault(row["entity"], row)
    a = list(first.values())[:size]
    b = (list(second.values()) + [r for r in a if r["entity"] not in second])[:size]
    encoder = Encoder(os.urandom(32))
    started = time.perf_counter()
    ea, eb = encoder.encode(a), encoder.encode(b)
    ka, kb = [encoder.blocking_keys(r) for r in a], [encoder.blocking_keys(r) for r in b]
    encoded = time.perf_counter()
    links = link_encoded(ea, eb, None, ka, kb)
    linked = time.perf_counter()
    hits = sum(a[x]["entity"] == b[y]["entity"] for x, y in zip(links.a, links.b, strict=True))
    truth = len({r["entity"] for r in a} & {r["entity"] for r in b})
    precision, recall = hits / max(len(links.a), 1), hits / max(truth, 1)
    return {
        "precision": round(precision, 4),
        "recall": round(recall, 4),
        "f1": round(2 * precision * recall / max(precision + recall, 1e-9), 4),
        "records_a": len(a),
        "records_b": len(b),
        "encode_seconds": round(encoded - started, 1),
        "link_seconds": round(linked - encoded, 1),
        "candidates": int(links.candidates),
        "links": int(len(links.a)),
    }


def run(quick: bool = False) -> dict:
    if not linkage_data.available():
        return {"skipped": f"no data at {linkage_data.DATA}"}
    size = int(os.environ.get("MIXMIG_BENCH_LINKAGE_SIZE", 50_000 if quick else 1_000_000))
    figures: dict[str, object] = {
        "febrl3": _quality(linkage_data.febrl("dataset3.csv"), linkage_data.FEBRL_EXTRAS),
        "febrl4": _quality(
            linkage_data.febrl("dataset4a.csv") + linkage_data.febrl("dataset4b.csv"),
            linkage_data.FEBRL_EXTRAS,
        ),
        "multiscript": _quality(linkage_data.multiscript(), []),
        "pprl_febrl4": _pprl_febrl4(),
        "pprl_scale": _pprl_scale(10_000 if quick else 100_000),
    }
    figures["scale"] = {"mixmig": _scale("mixmig", size)}
    if os.environ.get("MIXMIG_BENCH_LINKAGE_SPLINK", "1") != "0":
        figures["scale"]["splink"] = _scale("splink", size, "1e6")
    return figures


if __name__ == "__main__":
    print(json.dumps(run(quick="--quick" in sys.argv), indent=2))
