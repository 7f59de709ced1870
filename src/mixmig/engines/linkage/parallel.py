"""A two-process pool for the heavy single-threaded steps of a large batch (name keys, comparisons).

Workers are forked, so they see the parent's arrays copy-on-write instead of receiving pickled copies:
the caller stores what the workers need in :data:`_SHARED` before the pool starts and passes only
small arguments (slices, chunks of names). Small inputs stay in-process: starting a pool costs more
than it saves, and tests stay simple. Without ``fork`` (not Linux) everything runs in-process.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from typing import Any

from . import comparisons

_SHARED: dict[str, Any] = {}


def processes() -> int:
    """Worker processes for a large batch: the cores this process may use (at most 2 unless told), or
    ``MIXMIG_LINKAGE_PROCESSES``."""
    wanted = os.environ.get("MIXMIG_LINKAGE_PROCESSES")
    if wanted:
        return max(int(wanted), 1)
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        cores = os.cpu_count() or 1
    return min(cores, 2)


def available() -> bool:
    return processes() > 1 and "fork" in multiprocessing.get_all_start_methods()


def _init_worker() -> None:
    # the pool already uses every core: rapidfuzz stays on one thread inside a worker
    comparisons.THREADS = 1


@contextmanager
def pool(**shared: object) -> Iterator[ProcessPoolExecutor]:
    """A forked pool whose workers see ``shared`` (through :data:`_SHARED`) copy-on-write."""
    _SHARED.clear()
    _SHARED.update(shared)
    # keep the garbage collector from writing into (and so copying) every shared object's page
    gc.collect()
    gc.freeze()
    try:
        with ProcessPoolExecutor(
            processes(), mp_context=multiprocessing.get_context("fork"), initializer=_init_worker
        ) as executor:
            yield executor
    finally:
        _SHARED.clear()
        gc.unfreeze()


def _map_values(derive: Callable, values: Sequence[str]) -> list:
    return [derive(v) for v in values]


def map_values(derive: Callable, values: Sequence[str], min_size: int = 50_000) -> list:
    """``[derive(v) for v in values]``, over the pool when there are many values (in input order)."""
    if len(values) < min_size or not available():
        return [derive(v) for v in values]
    step = -(-len(values) // (4 * processes()))
    chunks = [values[k : k + step] for k in range(0, len(values), step)]
    out: list = []
    with pool() as executor:
        for part in executor.map(_map_values, [derive] * len(chunks), chunks):
            out.extend(part)
    return out


def _compare_chunk(start: int, stop: int):
    prepared, comparison_set = _SHARED["prepared"], _SHARED["comparisons"]
    i, j = _SHARED["i"], _SHARED["j"]
    return start, stop, *comparison_set.compare_positions(prepared, i[start:stop], j[start:stop])
