"""Deduplication end to end: prepare → block → compare → train → score → cluster.

``dedupe`` is what ``mixmig identity dedupe`` and the batch job call. It takes plain rows and returns
plain arrays; progress messages go to an optional callback.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from . import parallel
from .blocking import DEFAULT_MAX_BLOCK, candidate_pairs
from .clustering import connected_components
from .comparisons import default_comparisons
from .defaults import MIN_TRAINING_PAIRS, default_model
from .frequency import FullNameCounts, full_name_adjustment
from .model import LinkageModel, probability
from .records import Prepared, prepare
from .training import estimate_u, train

CHUNK = 1_000_000
PARALLEL_PAIRS = 500_000  # more candidate pairs than this: compare them in a process pool
PARALLEL_CHUNK = 500_000  # pairs per pool task (smaller than CHUNK: balances the workers, less memory)
DEFAULT_THRESHOLD = 0.5

Progress = Callable[[str], None]


@dataclass
class DedupeResult:
    prepared: Prepared
    model: LinkageModel
    i: np.ndarray  # candidate pairs (positions)
    j: np.ndarray
    gammas: np.ndarray
    swapped: np.ndarray
    probability: np.ndarray
    cluster: np.ndarray  # cluster label per registration (smallest member position)
    threshold: float
    adjustment: np.ndarray  # per pair, the full-name frequency adjustment of its match weight (bits)

    def cluster_ids(self) -> list[str]:
        """Cluster id per registration: the record_id of the cluster's first member."""
        return [str(x) for x in self.prepared.record_id[self.cluster]]

    def matches(self) -> np.ndarray:
        return np.flatnonzero(self.probability >= self.threshold)

    def explain(self, k: int) -> list[dict[str, object]]:
        """Pair ``k``'s explanation, field by field, with its full-name frequency line when it has one."""
        return self.model.explain(self.gammas[k], bool(self.swapped[k]), float(self.adjustment[k]))


def compare_pairs(
    prepared: Prepared, comparisons, i: np.ndarray, j: np.ndarray, progress: Progress | None = None
):
    gammas = np.empty((len(i), len(comparisons.comparisons)), dtype=np.int8)
    swapped = np.empty(len(i), dtype=bool)
    if len(i) > PARALLEL_PAIRS and parallel.available():
        # forked workers compare chunks on every core; results are the same as in-process
        with parallel.pool(prepared=prepared, comparisons=comparisons, i=i, j=j) as executor:
            bounds = [(s, min(s + PARALLEL_CHUNK, len(i))) for s in range(0, len(i), PARALLEL_CHUNK)]
            starts, stops = zip(*bounds, strict=True)
            for start, stop, g, s in executor.map(parallel._compare_chunk, starts, stops):
                gammas[start:stop], swapped[start:stop] = g, s
                if progress:
                    progress(f"compared {stop:,} of {len(i):,} pairs")
        return gammas, swapped
    for start in range(0, len(i), CHUNK):
        stop = min(start + CHUNK, len(i))
        g, s = comparisons.compare_positions(prepared, i[start:stop], j[start:stop])
        gammas[start:stop], swapped[start:stop] = g, s
        if progress and len(i) > CHUNK:
            progress(f"compared {stop:,} of {len(i):,} pairs")
    return gammas, swapped


def dedupe(
    rows: Iterable[Mapping[str, str | None]] | Prepared,
    extras: Sequence[str] = (),
    threshold: float = DEFAULT_THRESHOLD,
    max_block: int = DEFAULT_MAX_BLOCK,
    labels: Mapping[tuple[str, str], bool] | None = None,
    progress: Progress | None = None,
    fallback: LinkageModel | None = None,
    min_training_pairs: int = MIN_TRAINING_PAIRS,
) -> DedupeResult:
    """Find the registrations that belong to the same person.

    ``labels`` maps ``(record_id, record_id)`` to a reviewer's decision (True = same person); they anchor
    training and override the model's score for those pairs. With fewer than ``min_training_pairs``
    candidate pairs, unsupervised training is unreliable: the ``fallback`` model (by default the engine's
    :func:`~.defaults.default_model`) scores them instead, without the full-name frequency adjustment
    (whose counts mean little in a small population).
    """
    say = progress or (lambda message: None)
    started = time.perf_counter()

    def step(message: str) -> None:
        say(f"[{time.perf_counter() - started:7.1f}s] {message}")

    prepared = rows if isinstance(rows, Prepared) else prepare(rows, extras)
    comparisons = default_comparisons(prepared.extras)
    step(f"prepared {len(prepared):,} registrations")
    i, j = candidate_pairs(prepared, max_block=max_block)
    step(f"blocking gave {len(i):,} candidate pairs")
    gammas, swapped = compare_pairs(prepared, comparisons, i, j, step)
    step("compared candidate pairs")
    label_array = _label_array(prepared, i, j, labels)
    trained = len(i) >= min_training_pairs
    if not trained:
        model = fallback if fallback is not None else default_model(prepared.extras)
        step(f"too few candidate pairs to train ({len(i):,} < {min_training_pairs:,}): fallback model")
    else:
        u = estimate_u(prepared, comparisons)
        n = len(prepared)
        model = train(gammas, u, comparisons, pairs_total=n * (n - 1) / 2, labels=label_array, progress=step)
        step(
            f"trained model (prior: two registrations are the same person with probability {model.prior:.3g})"
        )
    adjustment = np.zeros(len(i))
    if trained:
        names = FullNameCounts(prepared)
        carrying = names.of(names.codes)  # per registration: registrations carrying its full name
        # a pair of two such registrations: the others carrying it are all but these two
        adjustment = full_name_adjustment(model, gammas, carrying[i] - 2, names.population)
    prob = probability(model.match_weights(gammas) + adjustment)
    prob = np.where(label_array == 1, 1.0, np.where(label_array == 0, 0.0, prob))
    accepted = prob >= threshold
    cluster = connected_components(len(prepared), i[accepted], j[accepted])
    step(f"{int(accepted.sum()):,} pairs accepted, {len(np.unique(cluster)):,} clusters")
    return DedupeResult(prepared, model, i, j, gammas, swapped, prob, cluster, threshold, adjustment)


def _label_array(prepared: Prepared, i: np.ndarray, j: np.ndarray, labels) -> np.ndarray:
    out = np.full(len(i), -1, dtype=np.int8)
    if not labels:
        return out
    position = {rid: k for k, rid in enumerate(prepared.record_id.tolist())}
    wanted = {}
    for (a, b), same in labels.items():
        if a in position and b in position:
            x, y = sorted((position[a], position[b]))
            wanted[(x, y)] = 1 if same else 0
    for k, (x, y) in enumerate(zip(i.tolist(), j.tolist(), strict=True)):
        decision = wanted.get((x, y))
        if decision is not None:
            out[k] = decision
    return out
