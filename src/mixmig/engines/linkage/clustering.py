"""Clusters of registrations: connected components of the accepted pairs.

Vectorised min-label propagation with pointer jumping; each cluster is named by its smallest member
position, so results are deterministic.
"""

from __future__ import annotations

import numpy as np


def connected_components(n: int, i: np.ndarray, j: np.ndarray) -> np.ndarray:
    """Component label (smallest member position) of each of ``n`` nodes joined by edges ``i``–``j``."""
    labels = np.arange(n, dtype=np.int64)
    if len(i) == 0:
        return labels
    i = np.asarray(i, dtype=np.int64)
    j = np.asarray(j, dtype=np.int64)
    while True:
        low = np.minimum(labels[i], labels[j])
        before = labels.copy()
        np.minimum.at(labels, i, low)
        np.minimum.at(labels, j, low)
        # pointer jumping: follow labels to their own labels until stable
        while True:
            jumped = labels[labels]
            if np.array_equal(jumped, labels):
                break
            labels = jumped
        if np.array_equal(before, labels):
            return labels
