"""Pairwise precision / recall / F1 of a clustering against the true entities."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from itertools import combinations


def cluster_pairs(labels: Sequence[object]) -> set[tuple[int, int]]:
    groups: dict[object, list[int]] = defaultdict(list)
    for position, label in enumerate(labels):
        groups[label].append(position)
    return {pair for members in groups.values() for pair in combinations(members, 2)}


def pairwise(truth: Sequence[object], predicted: Sequence[object]) -> dict[str, float]:
    true_pairs, found = cluster_pairs(truth), cluster_pairs(predicted)
    hits = len(true_pairs & found)
    precision = hits / len(found) if found else 1.0
    recall = hits / len(true_pairs) if true_pairs else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4)}
