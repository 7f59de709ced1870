"""Pairwise precision / recall / F1 of a clustering against the true entities.

Pairs are counted, not listed (``n`` members make ``n (n - 1) / 2`` pairs), so a million registrations,
or a clustering that merged thousands into one, cost one sort.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np


def _codes(labels: Sequence[object]) -> np.ndarray:
    return np.unique(np.asarray([str(x) for x in labels]), return_inverse=True)[1].astype(np.int64)


def _pairs(codes: np.ndarray) -> int:
    sizes = np.unique(codes, return_counts=True)[1].astype(np.int64)
    return int((sizes * (sizes - 1) // 2).sum())


def pairwise(truth: Sequence[object], predicted: Sequence[object]) -> dict[str, float]:
    true_codes, found_codes = _codes(truth), _codes(predicted)
    true_pairs, found = _pairs(true_codes), _pairs(found_codes)
    hits = _pairs(true_codes * (int(found_codes.max(initial=0)) + 1) + found_codes)
    precision = hits / found if found else 1.0
    recall = hits / true_pairs if true_pairs else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4)}
