"""Linking two agencies' encodings: LSH blocking, Dice similarity, one-to-one assignment.

Neither side needs the secret to link (only matching encodings). Candidate pairs come from Hamming
locality-sensitive hashing: ``tables`` samples of ``band`` bit positions (from a public seed; the bits
themselves are already keyed); two encodings that agree on all sampled bits of any table are compared.
Similar encodings collide in some table with high probability, random ones almost never.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

TABLES = 24
BAND = 18
CHUNK = 500_000
SMALL_INPUT_THRESHOLD = 0.75


@dataclass
class EncodedLinks:
    a: np.ndarray  # positions in A
    b: np.ndarray  # positions in B
    similarity: np.ndarray
    threshold: float
    candidates: int


def _band_keys(bits: np.ndarray, positions: np.ndarray) -> np.ndarray:
    sampled = bits[:, positions]
    weights = (1 << np.arange(len(positions), dtype=np.uint64)).astype(np.uint64)
    return (sampled.astype(np.uint64) * weights).sum(axis=1)


def candidate_pairs(a: np.ndarray, b: np.ndarray, tables: int = TABLES, band: int = BAND, seed: int = 7):
    """Distinct ``(i, j)`` pairs of rows of packed encodings ``a`` and ``b`` colliding in some LSH table."""
    bits_a, bits_b = np.unpackbits(a, axis=1), np.unpackbits(b, axis=1)
    rng = np.random.default_rng(seed)
    found_i: list[np.ndarray] = []
    found_j: list[np.ndarray] = []
    for _ in range(tables):
        positions = rng.choice(bits_a.shape[1], size=band, replace=False)
        ka, kb = _band_keys(bits_a, positions), _band_keys(bits_b, positions)
        order = np.argsort(kb, kind="stable")
        sorted_kb = kb[order]
        left = np.searchsorted(sorted_kb, ka, side="left")
        right = np.searchsorted(sorted_kb, ka, side="right")
        counts = right - left
        rows = np.repeat(np.arange(len(ka)), counts)
        if len(rows) == 0:
            continue
        offsets = np.arange(len(rows)) - np.repeat(np.cumsum(counts) - counts, counts)
        found_i.append(rows)
        found_j.append(order[np.repeat(left, counts) + offsets])
    if not found_i:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    code = np.unique(np.concatenate(found_i).astype(np.int64) * len(b) + np.concatenate(found_j))
    return code // len(b), code % len(b)


def dice(a: np.ndarray, b: np.ndarray, i: np.ndarray, j: np.ndarray) -> np.ndarray:
    """Dice similarity of encodings ``a[i]`` and ``b[j]`` (balanced: both carry half their bits)."""
    out = np.empty(len(i), dtype=np.float64)
    ones_a = np.bitwise_count(a).sum(axis=1)
    ones_b = np.bitwise_count(b).sum(axis=1)
    for start in range(0, len(i), CHUNK):
        x, y = i[start : start + CHUNK], j[start : start + CHUNK]
        common = np.bitwise_count(a[x] & b[y]).sum(axis=1)
        out[start : start + CHUNK] = 2.0 * common / np.maximum(ones_a[x] + ones_b[y], 1)
    return out


def random_pair_threshold(a: np.ndarray, b: np.ndarray, samples: int = 200_000, seed: int = 0) -> float:
    """Unsupervised cut: the 99.9th percentile of Dice among random pairs (almost all non-matches).

    With one-to-one assignment a non-match is linked only if it beats every true candidate, so a cut
    just above the bulk of random similarities keeps precision while admitting heavily edited matches.
    """
    if len(a) * len(b) < 20_000:
        return SMALL_INPUT_THRESHOLD  # too few pairs to estimate the non-match distribution
    rng = np.random.default_rng(seed)
    i = rng.integers(0, len(a), size=samples)
    j = rng.integers(0, len(b), size=samples)
    return float(np.quantile(dice(a, b, i, j), 0.999))


def one_to_one(i: np.ndarray, j: np.ndarray, sim: np.ndarray, threshold: float):
    """Greedy best-first assignment: each record links to at most one on the other side."""
    keep = np.flatnonzero(sim >= threshold)
    keep = keep[np.argsort(-sim[keep], kind="stable")]
    used_a: set[int] = set()
    used_b: set[int] = set()
    chosen: list[int] = []
    for k in keep.tolist():
        x, y = int(i[k]), int(j[k])
        if x in used_a or y in used_b:
            continue
        used_a.add(x)
        used_b.add(y)
        chosen.append(k)
    return np.array(chosen, dtype=np.int64)


def _key_arrays(keys: Sequence[Sequence[str]]) -> tuple[np.ndarray, np.ndarray]:
    rows = np.repeat(np.arange(len(keys), dtype=np.int64), [len(k) for k in keys])
    flat = np.array([int(k, 16) for ks in keys for k in ks], dtype=np.uint64).view(np.int64)
    return rows, flat


def keyed_block_pairs(keys_a: Sequence[Sequence[str]], keys_b: Sequence[Sequence[str]], max_block: int = 200):
    """Pairs sharing a keyed blocking key (keys held by more than ``max_block`` records on a side are skipped)."""
    rows_a, flat_a = _key_arrays(keys_a)
    rows_b, flat_b = _key_arrays(keys_b)
    order = np.argsort(flat_b, kind="stable")
    sorted_b = flat_b[order]
    left = np.searchsorted(sorted_b, flat_a, side="left")
    right = np.searchsorted(sorted_b, flat_a, side="right")
    counts = right - left
    uniq_a, count_a = np.unique(flat_a, return_counts=True)
    size_a = count_a[np.searchsorted(uniq_a, flat_a)]
    counts[(counts > max_block) | (size_a > max_block)] = 0
    rows = np.repeat(rows_a, counts)
    offsets = np.arange(len(rows)) - np.repeat(np.cumsum(counts) - counts, counts)
    return rows, rows_b[order[np.repeat(left, counts) + offsets]]


def link_encoded(
    a: np.ndarray,
    b: np.ndarray,
    threshold: float | None = None,
    keys_a: Sequence[Sequence[str]] | None = None,
    keys_b: Sequence[Sequence[str]] | None = None,
) -> EncodedLinks:
    """Pairs of encodings judged to be the same person, one-to-one.

    Candidates come from the keyed blocking keys when both files carry them, else from Hamming LSH.
    """
    if keys_a is not None and keys_b is not None and any(keys_a) and any(keys_b):
        i, j = keyed_block_pairs(keys_a, keys_b)
    else:
        i, j = candidate_pairs(a, b)
    sim = dice(a, b, i, j)
    if threshold is None:
        threshold = random_pair_threshold(a, b)
    chosen = one_to_one(i, j, sim, threshold)
    return EncodedLinks(i[chosen], j[chosen], sim[chosen], threshold, len(i))
