"""Comparisons as labelled levels (Fellegi–Sunter, in Splink's style).

Each comparison turns a pair of registrations into one level per attribute: ``-1`` when either side is
missing (no evidence either way), ``0`` for disagreement, and higher levels for closer agreement. The
labels are what a reviewer reads in an explanation ("family name: same consonant skeleton").

All functions work on aligned column arrays (``left[name][i]`` vs ``right[name][i]``) so the same code
serves a local batch, the 1-vs-many index and a Spark partition.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from rapidfuzz import process
from rapidfuzz.distance import OSA, JaroWinkler

from .dates import EXACT, YEAR_ONLY

Columns = Mapping[str, np.ndarray]


@dataclass(frozen=True)
class Comparison:
    name: str
    levels: tuple[str, ...]  # label of level 0 (disagree), 1, ... (closest agreement last)


NAME_LEVELS = (
    "different",
    "weakly similar consonant skeleton (Jaro-Winkler >= 0.75)",
    "similar or short (< 4 consonants) same skeleton, or same first-token skeleton",
    "same consonant skeleton of 4+ consonants, or romanised JW >= 0.92",
    "same romanised name",
)
DOB_LEVELS = (
    "different",
    "years within 1",
    "same year, one date estimated or year-only",
    "same year and month",
    "one digit typo or day/month swapped",
    "exact date",
)
EXACT_LEVELS = ("different", "same")
TEXT_LEVELS = ("different", "similar (JW >= 0.75)", "close (JW >= 0.9)", "same")


# rapidfuzz threads for a batch: -1 = all cores; 1 inside a worker process (see :mod:`.parallel`)
THREADS = -1


def _workers(n: int) -> int:
    """All cores for batches; one thread for small inputs (the duplicate check), where starting a thread
    pool costs more (~1-2 ms per call) than the comparisons."""
    return THREADS if n > 20_000 else 1


def _jw(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    if len(a) == 0:
        return np.zeros(0, dtype=np.float64)
    return process.cpdist(a, b, scorer=JaroWinkler.normalized_similarity, workers=_workers(len(a)))


def _jw_column(left: Columns, right: Columns, lname: str, rname: str) -> np.ndarray:
    """Jaro-Winkler of two string columns, computed once per distinct pair of values.

    Blocked pairs repeat the same name pairs many times; when both sides carry integer codes of their
    values (``<column>#``, consistent within each side), only distinct (code, code) pairs are compared.
    """
    a, b = left[lname], right[rname]
    ca, cb = left.get(lname + "#"), right.get(rname + "#")
    if ca is None or cb is None or len(a) < 1000:
        return _jw(a, b)
    key = (ca.astype(np.int64) << 32) | cb.astype(np.int64)
    sample = key[:: max(len(key) // 20_000, 1)]
    if len(np.unique(sample)) > 0.8 * len(sample):
        # mostly distinct (blocked pairs at scale): the full sort would cost more than it saves
        return _jw(a, b)
    _, first, inverse = np.unique(key, return_index=True, return_inverse=True)
    if len(first) > 0.8 * len(key):
        return _jw(a, b)
    return _jw(a[first], b[first])[inverse]


def _same(left: Columns, right: Columns, lname: str, rname: str) -> np.ndarray:
    """Equality of two columns, on integer codes when both sides carry them in one code space — the same
    column. Codes of different columns (given against family name, for swapped names) come from separate
    vocabularies, so those are compared by value."""
    ca, cb = left.get(lname + "#"), right.get(rname + "#")
    if lname == rname and ca is not None and cb is not None:
        return (ca == cb) & (ca >= 0)
    return left[lname] == right[rname]


def _present(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    return (a != "") & (b != "")


def name_levels(left: Columns, right: Columns, lside: str, rside: str) -> np.ndarray:
    """Levels of :data:`NAME_LEVELS` for ``left[lside]`` against ``right[rside]`` ("given"/"family")."""
    ll, rl = left[f"{lside}_latin"], right[f"{rside}_latin"]
    latin_jw = _jw_column(left, right, f"{lside}_latin", f"{rside}_latin")
    skel_jw = _jw_column(left, right, f"{lside}_skeleton", f"{rside}_skeleton")
    same_sorted = _same(left, right, f"{lside}_sorted_skeleton", f"{rside}_sorted_skeleton")
    same_first = _same(left, right, f"{lside}_first", f"{rside}_first")
    level = np.zeros(len(ll), dtype=np.int8)
    level[skel_jw >= 0.75] = 1
    level[(skel_jw >= 0.88) | same_first | (latin_jw >= 0.85) | same_sorted] = 2
    long_skeleton = np.minimum(left[f"{lside}_consonants"], right[f"{rside}_consonants"]) >= 4
    level[(same_sorted & long_skeleton) | (latin_jw >= 0.92)] = 3
    level[_same(left, right, f"{lside}_latin", f"{rside}_latin")] = 4
    if f"{lside}_present" in left and f"{rside}_present" in right:
        level[~(left[f"{lside}_present"] & right[f"{rside}_present"])] = -1
    else:
        level[~_present(ll, rl)] = -1
    return level


def dob_levels(left: Columns, right: Columns) -> np.ndarray:
    ly, ry = left["dob_year"], right["dob_year"]
    lm, rm, ld, rd = left["dob_month"], right["dob_month"], left["dob_day"], right["dob_day"]
    lp, rp = left["dob_precision"], right["dob_precision"]
    both_exact = (lp == EXACT) & (rp == EXACT)
    estimate = (lp == YEAR_ONLY) | (rp == YEAR_ONLY)
    level = np.zeros(len(ly), dtype=np.int8)
    level[np.abs(ly.astype(np.int32) - ry) <= 1] = 1
    level[(ly == ry) & estimate] = 2
    level[(ly == ry) & (lm == rm) & both_exact] = 3
    if len(ly):
        typo = (
            process.cpdist(
                left["dob_digits"], right["dob_digits"], scorer=OSA.distance, workers=_workers(len(ly))
            )
            <= 1
        )
    else:
        typo = np.zeros(0, dtype=bool)
    swapped = (ly == ry) & (lm == rd) & (ld == rm)
    level[both_exact & (typo | swapped)] = 4
    level[both_exact & (ly == ry) & (lm == rm) & (ld == rd)] = 5
    level[(ly == 0) | (ry == 0)] = -1
    return level


def exact_levels(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    level = (a == b).astype(np.int8)
    level[~_present(a, b)] = -1
    return level


def text_levels(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    sim = _jw(a, b)
    level = np.zeros(len(a), dtype=np.int8)
    level[sim >= 0.75] = 1
    level[sim >= 0.9] = 2
    level[a == b] = 3
    level[~_present(a, b)] = -1
    return level


@dataclass(frozen=True)
class ComparisonSet:
    """The comparisons of a linkage model, in order (columns of the comparison matrix)."""

    comparisons: tuple[Comparison, ...]
    extras: tuple[str, ...] = ()

    @property
    def names(self) -> list[str]:
        return [c.name for c in self.comparisons]

    def compare(self, left: Columns, right: Columns) -> tuple[np.ndarray, np.ndarray]:
        """Comparison matrix ``(pairs, comparisons)`` of levels, and whether names matched swapped.

        Given and family names are compared both ways round; the order that agrees better is used
        (registrations swap them, and family-name-first cultures are often recorded in either order).
        """
        given = name_levels(left, right, "given", "given")
        family = name_levels(left, right, "family", "family")
        cross_gf = name_levels(left, right, "given", "family")
        cross_fg = name_levels(left, right, "family", "given")
        direct = np.maximum(given, 0).astype(np.int16) + np.maximum(family, 0)
        cross = np.maximum(cross_gf, 0).astype(np.int16) + np.maximum(cross_fg, 0)
        swapped = cross > direct + 1
        # swapped pairs report the better cross level as "given", so the result is symmetric
        given = np.where(swapped, np.maximum(cross_gf, cross_fg), given)
        family = np.where(swapped, np.minimum(cross_gf, cross_fg), family)
        columns: list[np.ndarray] = [
            given,
            family,
            dob_levels(left, right),
            exact_levels(left["sex"], right["sex"]),
            exact_levels(left["nationality"], right["nationality"]),
        ]
        for extra in self.extras:
            columns.append(text_levels(left[f"x_{extra}"], right[f"x_{extra}"]))
        return np.stack(columns, axis=1).astype(np.int8), swapped


def default_comparisons(extras: Sequence[str] = ()) -> ComparisonSet:
    comparisons = [
        Comparison("given_name", NAME_LEVELS),
        Comparison("family_name", NAME_LEVELS),
        Comparison("date_of_birth", DOB_LEVELS),
        Comparison("sex", EXACT_LEVELS),
        Comparison("nationality", EXACT_LEVELS),
    ]
    comparisons += [Comparison(extra, TEXT_LEVELS) for extra in extras]
    return ComparisonSet(tuple(comparisons), tuple(extras))
