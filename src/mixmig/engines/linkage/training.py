"""Unsupervised training: u from random pairs, m and the prior by expectation maximisation.

As in Splink, u probabilities come from comparing random pairs (almost all non-matches) and stay fixed;
EM then estimates m and the share of matches among the blocked candidate pairs. EM runs on the distinct
comparison patterns with their counts, so its cost does not grow with the number of pairs.

Reviewer decisions can be passed as labels: a labelled pair's match responsibility is fixed to 1 or 0
instead of being estimated, which anchors m where the data alone is ambiguous.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from .comparisons import ComparisonSet
from .model import LinkageModel
from .records import Prepared

SMOOTH = 1.0  # pseudo-count per level (keeps every weight finite)


def estimate_u(
    prepared: Prepared, comparisons: ComparisonSet, max_pairs: int = 200_000, seed: int = 0
) -> list[np.ndarray]:
    """Level frequencies among random pairs of distinct registrations."""
    n = len(prepared)
    rng = np.random.default_rng(seed)
    i = rng.integers(0, n, size=max_pairs)
    j = rng.integers(0, n, size=max_pairs)
    keep = i != j
    columns = comparisons.columns
    gammas, _ = comparisons.compare(prepared.take(i[keep], columns), prepared.take(j[keep], columns))
    return _level_frequencies(gammas, comparisons, np.ones(len(gammas)))


def _level_frequencies(
    gammas: np.ndarray, comparisons: ComparisonSet, weights: np.ndarray
) -> list[np.ndarray]:
    out = []
    for k, comparison in enumerate(comparisons.comparisons):
        size = len(comparison.levels)
        observed = gammas[:, k] >= 0
        counts = np.bincount(gammas[observed, k].astype(np.int64), weights=weights[observed], minlength=size)
        smoothed = counts[:size].astype(np.float64) + SMOOTH
        out.append(smoothed / smoothed.sum())
    return out


def _pattern_counts(gammas: np.ndarray, labels: np.ndarray):
    """Distinct (levels..., label) rows as integer codes (column ``k`` is digit ``k`` in base ``base``),
    ascending, with their counts; built column by column, counted by ``bincount`` when the code space
    is small (it is: a few levels per comparison)."""
    width = gammas.shape[1] + 1
    base = max(int(gammas.max(initial=0)), int(labels.max(initial=0))) + 2
    powers = base ** np.arange(width, dtype=np.int64)
    code = labels.astype(np.int64) + 1
    code *= powers[-1]
    for k in range(width - 1):
        code += (gammas[:, k].astype(np.int64) + 1) * powers[k]
    space = int(powers[-1]) * base
    if space <= 50_000_000:
        counts = np.bincount(code, minlength=space)
        codes = np.flatnonzero(counts)
        return codes, counts[codes], powers, base
    codes, counts = np.unique(code, return_counts=True)
    return codes, counts, powers, base


def _initial_m(comparisons: ComparisonSet) -> list[np.ndarray]:
    out = []
    for comparison in comparisons.comparisons:
        size = len(comparison.levels)
        raw = np.array([2.0**k for k in range(size)])
        out.append(raw / raw.sum())
    return out


def train(
    gammas: np.ndarray,
    u: list[np.ndarray],
    comparisons: ComparisonSet,
    labels: np.ndarray | None = None,
    max_iterations: int = 50,
    tolerance: float = 1e-5,
    progress: Callable[[str], None] | None = None,
    estimate_u: bool = True,
    counts: np.ndarray | None = None,
) -> LinkageModel:
    """EM over the candidate pairs' comparison matrix ``gammas``; ``labels`` (1/0/-1 unknown) optional.

    ``counts`` gives a multiplicity per row when ``gammas`` already holds distinct patterns (Spark).
    """
    if labels is None:
        labels = np.full(len(gammas), -1, dtype=np.int8)
    if counts is not None:
        gammas = np.repeat(gammas, np.asarray(counts, dtype=np.int64), axis=0)
        labels = np.repeat(labels, np.asarray(counts, dtype=np.int64))
    # Collapse identical (pattern, label) rows into one integer code each: EM then costs O(distinct
    # patterns), and collapsing tens of millions of pairs is one integer sort.
    codes, counts, powers, base = _pattern_counts(gammas, labels)
    patterns = (codes[:, None] // powers) % base
    pattern_gammas = (patterns[:, :-1] - 1).astype(np.int64)
    pattern_labels = patterns[:, -1] - 1
    counts = counts.astype(np.float64)
    model = LinkageModel(comparisons, _initial_m(comparisons), u, prior=0.1)
    if counts.sum() == 0:
        return model  # no candidate pairs: nothing to learn from, the starting model stands
    for iteration in range(max_iterations):
        posterior = model.probabilities(pattern_gammas)
        posterior = np.where(pattern_labels == 1, 1.0, np.where(pattern_labels == 0, 0.0, posterior))
        weighted = posterior * counts
        new_m = _level_frequencies(pattern_gammas, comparisons, weighted)
        new_u = _level_frequencies(pattern_gammas, comparisons, (1 - posterior) * counts) if estimate_u else u
        new_prior = float(np.clip(weighted.sum() / counts.sum(), 1e-9, 1 - 1e-9))
        change = max(float(np.max(np.abs(a - b))) for a, b in zip(new_m, model.m, strict=True))
        model = LinkageModel(comparisons, new_m, new_u, new_prior)
        if progress:
            progress(f"EM iteration {iteration + 1}: prior {new_prior:.4f}, largest m change {change:.2e}")
        if change < tolerance:
            break
    return model
