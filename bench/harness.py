"""The benchmark harness: find ``bench/bench_*.py`` modules, run them, record results with their context.

Each benchmark module exposes ``run() -> dict`` (optionally ``run(quick: bool = False)``) returning its
figures. ``python -m bench [names...] [--quick]`` runs each selected module in its own child process with
its own temporary data directory (``MIXMIG_DATA_DIR``), so a benchmark never touches the user's data and
every benchmark starts from a fresh Django. Results go to ``bench/results/<name>.json``.
"""

from __future__ import annotations

import argparse
import importlib.util
import inspect
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from types import ModuleType

BENCH_DIR = Path(__file__).resolve().parent
ROOT = BENCH_DIR.parent
RESULTS_DIR = BENCH_DIR / "results"
PREFIX = "bench_"


def quick_from_env() -> bool:
    return os.environ.get("MIXMIG_BENCH_QUICK", "").strip().lower() in {"1", "true", "yes"}


def discover(directory: Path = BENCH_DIR) -> dict[str, Path]:
    """Benchmark name (file name without ``bench_`` and ``.py``) → module file, sorted by name."""
    return {
        path.stem[len(PREFIX) :]: path
        for path in sorted(Path(directory).glob(f"{PREFIX}*.py"))
        if path.is_file() and path.stem != PREFIX.rstrip("_")
    }


def load(path: Path) -> ModuleType:
    name = f"bench.{path.stem}" if path.parent == BENCH_DIR else f"_bench_{path.stem}"
    spec = importlib.util.spec_from_file_location(name, path)
    if spec is None or spec.loader is None:
        raise ImportError(f"cannot load benchmark module {path}")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    if not callable(getattr(module, "run", None)):
        raise TypeError(f"{path.name} has no run() function; a benchmark module must define run() -> dict")
    return module


def run_module(path: Path, quick: bool = False) -> dict:
    """Import one benchmark module and call its ``run``; return its figures (a dict)."""
    module = load(path)
    params = inspect.signature(module.run).parameters
    figures = module.run(quick=quick) if "quick" in params else module.run()
    if not isinstance(figures, dict):
        raise TypeError(f"{path.name}: run() returned {type(figures).__name__}, expected a dict of figures")
    return figures


# --- context of a run ---------------------------------------------------------------------------------


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.lower().startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def _ram_gib() -> float | None:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return round(int(line.split()[1]) / 1024 / 1024, 1)
    except OSError:
        pass
    return None


def _os_name() -> str:
    try:
        for line in Path("/etc/os-release").read_text().splitlines():
            if line.startswith("PRETTY_NAME="):
                return f"{line.split('=', 1)[1].strip(chr(34))} (Linux {platform.release()})"
    except OSError:
        pass
    return platform.platform()


def machine() -> dict:
    return {
        "cpu": _cpu_model(),
        "cores": os.cpu_count(),
        "ram_gib": _ram_gib(),
        "os": _os_name(),
        "arch": platform.machine(),
    }


def _version(module: str) -> str | None:
    try:
        from importlib.metadata import version

        return version(module)
    except Exception:
        return None


def _git_commit() -> str | None:
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True, text=True, check=True
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no"], cwd=ROOT, capture_output=True, text=True
        ).stdout.strip()
        return commit + ("+dirty" if dirty else "")
    except (OSError, subprocess.CalledProcessError):
        return None


def versions() -> dict:
    import sqlite3

    return {
        "python": platform.python_version(),
        "django": _version("django"),
        "sqlite": sqlite3.sqlite_version,
        "duckdb": _version("duckdb"),
        "mixmig": _version("mixmig"),
        "mixmig_commit": _git_commit(),
    }


# --- running ------------------------------------------------------------------------------------------


def _child(path: Path, quick: bool, out: Path) -> int:
    """Run one benchmark in this (fresh) process with Django set up on the temporary data directory."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mixmig.settings")
    import django

    django.setup()
    started = time.perf_counter()
    figures = run_module(path, quick)
    payload = {"figures": figures, "wall_seconds": round(time.perf_counter() - started, 1)}
    out.write_text(json.dumps(payload, indent=2, ensure_ascii=False, default=str))
    return 0


def run_isolated(name: str, path: Path, quick: bool) -> dict:
    """Run one benchmark in a child process with its own temporary ``MIXMIG_DATA_DIR``; return its record."""
    data_dir = Path(tempfile.mkdtemp(prefix=f"mixmig-bench-{name}-"))
    out = data_dir / "result.json"
    env = dict(os.environ, MIXMIG_DATA_DIR=str(data_dir), MIXMIG_ENV="development")
    env["MIXMIG_DEBUG"] = "false"  # DEBUG would keep every query in memory
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH", "")]))
    cmd = [sys.executable, "-m", "bench.harness", "--child", str(path), "--out", str(out)]
    if quick:
        cmd.append("--quick")
    load_before = os.getloadavg()[0]
    try:
        proc = subprocess.run(cmd, cwd=ROOT, env=env)
        if proc.returncode != 0 or not out.exists():
            raise RuntimeError(f"benchmark {name} failed (exit code {proc.returncode}); see the output above")
        payload = json.loads(out.read_text())
    finally:
        shutil.rmtree(data_dir, ignore_errors=True)
    return {
        "benchmark": name,
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "quick": quick,
        "machine": machine(),
        "versions": versions(),
        "wall_seconds": payload["wall_seconds"],
        # other work on the machine skews the figures: the 1-minute load average before and after the run
        "load_average": {"before": round(load_before, 2), "after": round(os.getloadavg()[0], 2)},
        "figures": payload["figures"],
    }


def _fmt(value) -> str:
    if isinstance(value, float):
        return f"{value:,.2f}" if abs(value) < 1000 else f"{value:,.0f}"
    if isinstance(value, int) and not isinstance(value, bool):
        return f"{value:,}"
    return str(value)


def summary(record: dict) -> str:
    load = record.get("load_average") or {}
    lines = [
        f"== {record['benchmark']}{' (quick)' if record['quick'] else ''} — {record['wall_seconds']} s"
        f" (load average {load.get('before')} -> {load.get('after')}) =="
    ]

    def walk(prefix: str, value, depth: int) -> None:
        if isinstance(value, dict) and depth < 3:
            for key, sub in value.items():
                walk(f"{prefix}.{key}" if prefix else key, sub, depth + 1)
        elif isinstance(value, list):
            lines.append(f"  {prefix}: [{len(value)} items]")
        else:
            lines.append(f"  {prefix}: {_fmt(value)}")

    walk("", record["figures"], 0)
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument(
        "names", nargs="*", help="benchmarks to run (default: all); e.g. search registration_api"
    )
    parser.add_argument(
        "--quick", action="store_true", help="reduced sizes for a smoke run (or MIXMIG_BENCH_QUICK=1)"
    )
    parser.add_argument("--list", action="store_true", help="list the benchmarks and exit")
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    quick = args.quick or quick_from_env()
    if args.child:
        return _child(args.child, quick, args.out)

    found = discover()
    if args.list:
        print("\n".join(found))
        return 0
    unknown = [n for n in args.names if n.removeprefix(PREFIX) not in found]
    if unknown:
        print(f"unknown benchmark(s): {', '.join(unknown)}; known: {', '.join(found)}", file=sys.stderr)
        return 2
    selected = [n.removeprefix(PREFIX) for n in args.names] or list(found)
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    failed = []
    for name in selected:
        print(f"-- running {name}{' (quick)' if quick else ''} ...", flush=True)
        try:
            record = run_isolated(name, found[name], quick)
        except RuntimeError as exc:
            print(str(exc), file=sys.stderr)
            failed.append(name)
            continue
        suffix = ".quick.json" if quick else ".json"
        (RESULTS_DIR / f"{name}{suffix}").write_text(json.dumps(record, indent=2, ensure_ascii=False) + "\n")
        print(summary(record), flush=True)
    if failed:
        print(f"failed: {', '.join(failed)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
