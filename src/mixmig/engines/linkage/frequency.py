"""How common a full name is: agreeing on a name that many registrations carry is weaker evidence.

Fellegi–Sunter weighs "same given name" and "same family name" as two independent pieces of evidence, each
by its average frequency (the u of random pairs). Full names are not independent draws of their parts —
Korean family names go with Korean given names, naming traditions repeat whole names — so at a national
scale namesakes agree on both names far more often than the product of the two u's says. A pair that
agrees exactly on both names therefore gets a term-frequency adjustment, in the manner of Splink's term
frequency adjustments for one column: the two names' u are replaced by the share of the *other*
registrations that carry this full name, where that share is the larger (the adjustment only ever
lowers a weight: a full name nobody else carries says no more than its two names do).

The adjustment is applied when scoring, after training (as Splink does), and is shown to the reviewer as
its own line of the explanation.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from .model import LinkageModel
from .records import Prepared


class FullNameCounts:
    """How many registrations of a population carry each full name: the (romanised given name, romanised
    family name) pair, by their codes (given and family names share one code space, see
    ``comparisons.code_space``)."""

    def __init__(self, prepared: Prepared):
        self.size = len(prepared.vocab.get("given_latin", ())) + 1
        self.codes = self.code(prepared.columns)
        self.names, self.counts = np.unique(self.codes, return_counts=True)
        self.population = max(len(prepared), 1)

    def code(self, columns: Mapping[str, np.ndarray]) -> np.ndarray:
        """One integer per row for its full name, -1 when a name is missing (``columns`` coded in the
        population's vocabulary: its own, or recoded with ``Prepared.recode``)."""
        given = columns["given_latin#"].astype(np.int64)
        family = columns["family_latin#"].astype(np.int64)
        present = columns["given_present"] & columns["family_present"]
        return np.where(present & (given >= 0) & (family >= 0), given * self.size + family, -1)

    def of(self, codes: np.ndarray) -> np.ndarray:
        """Registrations carrying each of ``codes`` (0 for a name the population does not have)."""
        if len(self.names) == 0:
            return np.zeros(len(codes), dtype=np.int64)
        pos = np.clip(np.searchsorted(self.names, codes), 0, len(self.names) - 1)
        return np.where((self.names[pos] == codes) & (codes >= 0), self.counts[pos], 0)


def full_name_adjustment(
    model: LinkageModel, gammas: np.ndarray, others: np.ndarray, population: int
) -> np.ndarray:
    """Weight (bits) to add to each pair's match weight: for a pair that agrees exactly on both names,
    ``log2(u_given · u_family / share)`` where ``share`` is ``others`` (how many registrations besides the
    pair carry the full name) over ``population`` — when that is negative, that is when the full name is
    more common than its two names' frequencies predict; 0 for every other pair (a name no one else
    carries adds no evidence beyond what the names' own weights say)."""
    names = model.comparisons.names
    given, family = names.index("given_name"), names.index("family_name")
    top_given = len(model.comparisons.comparisons[given].levels) - 1
    top_family = len(model.comparisons.comparisons[family].levels) - 1
    agree = (gammas[:, given] == top_given) & (gammas[:, family] == top_family) & (np.asarray(others) > 0)
    out = np.zeros(len(gammas), dtype=np.float64)
    if agree.any():
        share = np.asarray(others)[agree] / max(population, 1)
        expected = model.u[given][top_given] * model.u[family][top_family]
        out[agree] = np.minimum(np.log2(expected / share), 0.0)
    return out
