"""The model used when a batch is too small to train one: m/u of the usual Fellegi–Sunter shape.

Agreement is far likelier among matches, disagreement far likelier among non-matches. The u are among
pairs that share a blocking key (not random pairs), so the prior is the share of matches among such pairs.
A batch of fewer than :data:`MIN_TRAINING_PAIRS` candidate pairs scores with this model: EM on a handful of
pairs is dominated by its smoothing and learns nothing.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from .comparisons import default_comparisons
from .model import LinkageModel

MIN_TRAINING_PAIRS = 2000

# per comparison, levels 0 (different) … highest agreement
_M = {
    "given_name": [0.03, 0.05, 0.12, 0.30, 0.50],
    "family_name": [0.05, 0.05, 0.12, 0.28, 0.50],
    "date_of_birth": [0.04, 0.08, 0.18, 0.10, 0.10, 0.50],
    "sex": [0.03, 0.97],
    "nationality": [0.10, 0.90],
    "extra": [0.05, 0.10, 0.25, 0.60],  # extra text columns: different, similar, close, same
}
_U = {
    "given_name": [0.90, 0.07, 0.02, 0.008, 0.002],
    "family_name": [0.93, 0.05, 0.015, 0.004, 0.001],
    "date_of_birth": [0.90, 0.06, 0.03, 0.006, 0.002, 0.002],
    "sex": [0.50, 0.50],
    "nationality": [0.75, 0.25],
    "extra": [0.90, 0.06, 0.03, 0.01],
}
DEFAULT_PRIOR = 0.01


def default_model(extras: Sequence[str] = ()) -> LinkageModel:
    comparisons = default_comparisons(extras)
    m = [np.array(_M.get(c.name, _M["extra"])) for c in comparisons.comparisons]
    u = [np.array(_U.get(c.name, _U["extra"])) for c in comparisons.comparisons]
    return LinkageModel(comparisons, m, u, DEFAULT_PRIOR)
