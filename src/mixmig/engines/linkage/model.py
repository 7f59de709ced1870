"""A trained Fellegi–Sunter model: m and u probabilities per comparison level, and the match prior.

The weight of a level is ``log2(m / u)``: how much more often truly matching pairs fall in that level than
non-matching ones. A pair's match weight is the prior log-odds plus the sum of its level weights; a
missing value (level -1) contributes nothing. :meth:`LinkageModel.explain` lists those terms, so every
match can be read field by field.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from .comparisons import ComparisonSet, default_comparisons


@dataclass
class LinkageModel:
    comparisons: ComparisonSet
    m: list[np.ndarray]  # per comparison: probability of each level among matches
    u: list[np.ndarray]  # ... among non-matches
    # probability that two registrations are the same person before their fields are compared (a trained
    # model: among all pairs of its batch, see training.train)
    prior: float

    def weight_tables(self) -> list[np.ndarray]:
        """Per comparison, the weight of each level, with a trailing 0 for "missing" (index -1)."""
        return [np.append(np.log2(m / u), 0.0) for m, u in zip(self.m, self.u, strict=True)]

    def match_weights(self, gammas: np.ndarray) -> np.ndarray:
        prior = math.log2(self.prior / (1 - self.prior))
        total = np.full(len(gammas), prior, dtype=np.float64)
        for k, table in enumerate(self.weight_tables()):
            total += table[gammas[:, k]]
        return total

    def probabilities(self, gammas: np.ndarray) -> np.ndarray:
        return probability(self.match_weights(gammas))

    def explain(
        self, gamma_row: np.ndarray, swapped: bool = False, adjustment: float = 0.0
    ) -> list[dict[str, object]]:
        """Each comparison's level label and weight for one pair (what a reviewer reads); a full-name
        frequency ``adjustment`` (see :mod:`.frequency`) is its own last line."""
        tables = self.weight_tables()
        out: list[dict[str, object]] = []
        for k, comparison in enumerate(self.comparisons.comparisons):
            level = int(gamma_row[k])
            label = "missing on one side" if level < 0 else comparison.levels[level]
            if swapped and comparison.name in {"given_name", "family_name"}:
                label += " (given and family names swapped)"
            out.append(
                {"field": comparison.name, "level": level, "label": label, "weight": float(tables[k][level])}
            )
        if adjustment:
            out.append(
                {"field": "full_name", "level": 1, "label": FULL_NAME_LABEL, "weight": float(adjustment)}
            )
        return out

    def to_dict(self) -> dict[str, object]:
        return {
            "extras": list(self.comparisons.extras),
            "prior": self.prior,
            "comparisons": [
                {"name": c.name, "levels": list(c.levels), "m": m.tolist(), "u": u.tolist()}
                for c, m, u in zip(self.comparisons.comparisons, self.m, self.u, strict=True)
            ],
        }

    @classmethod
    def from_dict(cls, data: dict) -> LinkageModel:
        comparisons = default_comparisons(data.get("extras", []))
        m = [np.array(c["m"], dtype=np.float64) for c in data["comparisons"]]
        u = [np.array(c["u"], dtype=np.float64) for c in data["comparisons"]]
        return cls(comparisons, m, u, float(data["prior"]))


FULL_NAME_LABEL = "same full name: weighed by how many other registrations carry it"


def probability(weights: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp2(-np.clip(weights, -60, 60)))
