"""Unsupervised training: u from random pairs, m by expectation maximisation in sessions, and the prior.

As in Splink, u probabilities come from comparing random pairs (almost all non-matches) and stay fixed;
m comes from EM sessions, each over the candidate pairs that agree on one blocking attribute and blind to
it; the prior is the probability that two registrations taken at random are the same person. EM runs on
the distinct comparison patterns with their counts, so its cost does not grow with the number of pairs.

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
    gammas, _ = comparisons.compare_positions(prepared, i[keep], j[keep])
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


def _pattern_counts(gammas: np.ndarray, labels: np.ndarray, weights: np.ndarray | None = None):
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
    if weights is not None:
        codes, inverse = np.unique(code, return_inverse=True)
        return codes, np.bincount(inverse, weights=weights, minlength=len(codes)), powers, base
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


def em(
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
    """EM over a comparison matrix ``gammas``; ``labels`` (1/0/-1 unknown) optional. Its ``prior`` is the
    share of matches among the rows given.

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


# EM sessions, as in Splink: each runs on the candidate pairs that agree on what a blocking rule would
# have fixed, and estimates m only for the other comparisons. Pooled over all candidates, EM is free to
# call "match" whatever most candidates share: at a million registrations, same-birth-date pairs
# outnumber true matches 30 to 1 and EM learnt "different names, same date" as a match.
MIN_SESSION_PAIRS = 50


def _sessions(gammas: np.ndarray, comparisons: ComparisonSet) -> list[tuple[str, np.ndarray, set[int]]]:
    """``(description, rows, comparisons left out)`` for each training session."""
    names = comparisons.names
    given, family = names.index("given_name"), names.index("family_name")
    dob, sex = names.index("date_of_birth"), names.index("sex")
    exact_date = len(comparisons.comparisons[dob].levels) - 1
    return [
        ("same exact birth date", gammas[:, dob] == exact_date, {dob, sex}),
        ("close given and family names", (gammas[:, given] >= 3) & (gammas[:, family] >= 3), {given, family}),
    ]


def train(
    gammas: np.ndarray,
    u: list[np.ndarray],
    comparisons: ComparisonSet,
    pairs_total: float,
    labels: np.ndarray | None = None,
    counts: np.ndarray | None = None,
    progress: Callable[[str], None] | None = None,
) -> LinkageModel:
    """The linkage model of a batch from its candidate pairs' comparison matrix ``gammas``.

    - **m** (level frequencies among matches) by EM in sessions (see :func:`_sessions`), each comparison
      averaged over the sessions that estimate it; a comparison no session can estimate (too few pairs)
      takes its m from EM over all candidates.
    - **u** (among non-matches) stays as measured on random pairs (:func:`estimate_u`).
    - **prior**: the probability that two registrations taken at random are the same person, the fixed
      point of ``prior = expected matches among the candidates / pairs_total`` (``pairs_total`` = every
      pair of the batch; pairs that blocking did not propose count as non-matches).

    ``labels`` (1 same person, 0 not, -1 unknown) fix those pairs' match probability in every step.
    ``counts`` gives a multiplicity per row when ``gammas`` already holds distinct patterns (Spark).
    """
    if labels is None:
        labels = np.full(len(gammas), -1, dtype=np.int8)
    weights = np.ones(len(gammas)) if counts is None else np.asarray(counts, dtype=np.float64)
    say = progress or (lambda message: None)
    estimates: list[list[np.ndarray]] = [[] for _ in comparisons.comparisons]
    for description, rows, left_out in _sessions(gammas, comparisons):
        if weights[rows].sum() < MIN_SESSION_PAIRS:
            say(f"training session '{description}': too few pairs, skipped")
            continue
        active = [k for k in range(len(comparisons.comparisons)) if k not in left_out]
        session = ComparisonSet(tuple(comparisons.comparisons[k] for k in active), comparisons.extras)
        model = em(
            gammas[rows][:, active],
            [u[k] for k in active],
            session,
            labels=labels[rows],
            counts=None if counts is None else weights[rows],
        )
        say(f"training session '{description}': {int(weights[rows].sum()):,} pairs")
        for position, k in enumerate(active):
            estimates[k].append(model.m[position])
    if any(not found for found in estimates):
        pooled = em(gammas, u, comparisons, labels=labels, counts=counts)
        estimates = [found or [pooled.m[k]] for k, found in enumerate(estimates)]
    m = [np.mean(found, axis=0) for found in estimates]
    prior = _global_prior(gammas, m, u, comparisons, pairs_total, labels, None if counts is None else weights)
    return LinkageModel(comparisons, m, u, prior)


def _global_prior(
    gammas: np.ndarray,
    m: list[np.ndarray],
    u: list[np.ndarray],
    comparisons: ComparisonSet,
    pairs_total: float,
    labels: np.ndarray,
    weights: np.ndarray | None,
    max_iterations: int = 200,
) -> float:
    codes, counts, powers, base = _pattern_counts(gammas, labels, weights)
    patterns = (codes[:, None] // powers) % base - 1
    pattern_gammas, pattern_labels = patterns[:, :-1], patterns[:, -1]
    total = max(float(pairs_total), float(counts.sum()), 1.0)
    # start as if every candidate pair were a match and come down: the iteration then settles on the
    # largest fixed point, not on the trivial one at 0 that a small start can slide into
    prior = float(np.clip(counts.sum() / total, 1e-12, 0.5))
    for _ in range(max_iterations):
        posterior = LinkageModel(comparisons, m, u, prior).probabilities(pattern_gammas)
        posterior = np.where(pattern_labels == 1, 1.0, np.where(pattern_labels == 0, 0.0, posterior))
        new_prior = float(np.clip((posterior * counts).sum() / total, 1e-12, 1 - 1e-9))
        if abs(np.log(new_prior) - np.log(prior)) < 1e-6:
            return new_prior
        prior = new_prior
    return prior
