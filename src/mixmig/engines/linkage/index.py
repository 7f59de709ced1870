"""The 1-vs-many duplicate check: candidates for a new registration, scored and explained.

The index keeps the blocking keys of every existing registration as two sorted integer arrays (key,
row); a lookup is a binary search per key of the new registration, so it costs O(keys · log n) plus the
comparison of the (few hundred at most) candidates. Building it is one sort.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from .blocking import DEFAULT_MAX_BLOCK, key_table
from .frequency import FullNameCounts, full_name_adjustment
from .model import LinkageModel, probability
from .records import Prepared, prepare


@dataclass
class Candidate:
    record_id: str
    probability: float
    explanation: list[dict[str, object]]


class CandidateIndex:
    def __init__(self, prepared: Prepared, model: LinkageModel, max_block: int = DEFAULT_MAX_BLOCK):
        self.prepared = prepared
        self.model = model
        self.max_block = max_block
        self.names = FullNameCounts(prepared)
        rows, keys = key_table(prepared)
        order = np.argsort(keys, kind="stable")
        self.keys = keys[order]
        self.rows = rows[order]

    def candidates(self, registration: Mapping[str, str | None]) -> tuple[Prepared, np.ndarray]:
        query = prepare([registration], self.prepared.extras)
        _, keys = key_table(query)
        left = np.searchsorted(self.keys, keys, side="left")
        right = np.searchsorted(self.keys, keys, side="right")
        found = [self.rows[a:b] for a, b in zip(left, right, strict=True) if 0 < b - a <= self.max_block]
        rows = np.unique(np.concatenate(found)) if found else np.zeros(0, dtype=np.int64)
        return query, rows

    def check(
        self, registration: Mapping[str, str | None], threshold: float = 0.5, limit: int = 10
    ) -> list[Candidate]:
        """Existing registrations that may be the same person, best first, with field-by-field reasons."""
        query, rows = self.candidates(registration)
        if len(rows) == 0:
            return []
        recoded = self.prepared.recode(query)
        repeated = {name: np.repeat(values, len(rows)) for name, values in recoded.items()}
        gammas, swapped = self.model.comparisons.compare(
            self.prepared.take(rows, self.model.comparisons.columns), repeated
        )
        # the new registration is not in the population: the others carrying its name are all but the
        # candidate
        others = np.repeat(self.names.of(self.names.code(recoded)), len(rows)) - 1
        adjustment = full_name_adjustment(self.model, gammas, others, self.names.population)
        prob = probability(self.model.match_weights(gammas) + adjustment)
        best = np.argsort(-prob, kind="stable")[:limit]
        return [
            Candidate(
                str(self.prepared.record_id[rows[k]]),
                float(prob[k]),
                self.model.explain(gammas[k], bool(swapped[k]), float(adjustment[k])),
            )
            for k in best
            if prob[k] >= threshold
        ]
