"""The benchmark harness finds ``bench_*.py`` modules and runs them (no timing is asserted here)."""

from __future__ import annotations

from bench import harness


def test_discovers_and_runs_a_dummy_benchmark(tmp_path):
    (tmp_path / "bench_dummy.py").write_text(
        "def run(quick: bool = False):\n    return {'quick': quick, 'items': 3 if quick else 30}\n"
    )
    (tmp_path / "bench_plain.py").write_text("def run():\n    return {'ok': True}\n")
    (tmp_path / "helper.py").write_text("x = 1\n")

    found = harness.discover(tmp_path)

    assert list(found) == ["dummy", "plain"]
    assert harness.run_module(found["dummy"], quick=True) == {"quick": True, "items": 3}
    assert harness.run_module(found["plain"], quick=True) == {"ok": True}


def test_summary_and_context_are_plain_data():
    record = {
        "benchmark": "dummy",
        "quick": True,
        "wall_seconds": 0.1,
        "figures": {"latency_ms": {"p50": 1.5}, "count": 1200},
    }
    text = harness.summary(record)
    assert "latency_ms.p50: 1.50" in text and "count: 1,200" in text
    assert harness.machine()["cores"] >= 1
    assert harness.versions()["python"].startswith("3.")
