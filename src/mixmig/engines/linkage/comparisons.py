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
from rapidfuzz.distance import JaroWinkler

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


def _jw(a: np.ndarray, b: np.ndarray, cutoff: float = 0.0) -> np.ndarray:
    """Jaro-Winkler similarity, element by element; below ``cutoff`` it is reported as 0 (rapidfuzz
    then skips pairs whose lengths or characters already rule the cutoff out)."""
    if len(a) == 0:
        return np.zeros(0, dtype=np.float64)
    # rapidfuzz tests its cutoff in its own rounding (0.85 can drop a similarity of 0.8500000000000001):
    # a margin below keeps every value the thresholds compare
    return process.cpdist(
        a,
        b,
        scorer=JaroWinkler.normalized_similarity,
        workers=_workers(len(a)),
        score_cutoff=max(cutoff - 0.01, 0.0),
    )


def _jw_column(left: Columns, right: Columns, lname: str, rname: str, cutoff: float) -> np.ndarray:
    """Jaro-Winkler of two string columns (see :func:`_jw`), computed once per distinct pair of values.

    Blocked pairs repeat the same name pairs many times; when both sides carry integer codes of their
    values (``<column>#``, consistent within each side), only distinct (code, code) pairs are compared.
    """
    a, b = left[lname], right[rname]
    ca, cb = left.get(lname + "#"), right.get(rname + "#")
    if ca is None or cb is None or len(a) < 1000:
        return _jw(a, b, cutoff)
    key = (ca.astype(np.int64) << 32) | cb.astype(np.int64)
    sample = key[:: max(len(key) // 20_000, 1)]
    if len(np.unique(sample)) > 0.8 * len(sample):
        # mostly distinct (blocked pairs at scale): the full sort would cost more than it saves
        return _jw(a, b, cutoff)
    _, first, inverse = np.unique(key, return_index=True, return_inverse=True)
    if len(first) > 0.8 * len(key):
        return _jw(a, b, cutoff)
    return _jw(a[first], b[first], cutoff)[inverse]


def code_space(column: str) -> str:
    """Columns whose ``#`` codes index one shared vocabulary: a name part serves given and family names
    alike, so that names compared crosswise (swapped given and family names) compare by code too."""
    for side in ("given_", "family_"):
        if column.startswith(side):
            return "name_" + column[len(side) :]
    return column


def _same(left: Columns, right: Columns, lname: str, rname: str) -> np.ndarray:
    """Equality of two columns, on integer codes when both sides carry them in one code space."""
    ca, cb = left.get(lname + "#"), right.get(rname + "#")
    if ca is not None and cb is not None and code_space(lname) == code_space(rname):
        return (ca == cb) & (ca >= 0)
    return left[lname] == right[rname]


def _present(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    return (a != "") & (b != "")


def name_levels(left: Columns, right: Columns, lside: str, rside: str) -> np.ndarray:
    """Levels of :data:`NAME_LEVELS` for ``left[lside]`` against ``right[rside]`` ("given"/"family")."""
    ll, rl = left[f"{lside}_latin"], right[f"{rside}_latin"]
    # the cutoffs are the lowest thresholds each similarity is tested against below
    latin_jw = _jw_column(left, right, f"{lside}_latin", f"{rside}_latin", 0.85)
    skel_jw = _jw_column(left, right, f"{lside}_skeleton", f"{rside}_skeleton", 0.75)
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
    typo = _one_digit_typo(left, right)
    swapped = (ly == ry) & (lm == rd) & (ld == rm)
    level[both_exact & (typo | swapped)] = 4
    level[both_exact & (ly == ry) & (lm == rm) & (ld == rd)] = 5
    level[(ly == 0) | (ry == 0)] = -1
    return level


def packed_digits(year: np.ndarray, month: np.ndarray, day: np.ndarray) -> np.ndarray:
    """The eight digits of ``YYYYMMDD`` as eight bytes of one unsigned 64-bit integer per date."""
    number = year.astype(np.int64) * 10_000 + month.astype(np.int64) * 100 + day
    digits = (number[:, None] // 10 ** np.arange(7, -1, -1, dtype=np.int64)) % 10
    return np.ascontiguousarray(digits.astype(np.uint8)).view(np.uint64).ravel()


def _one_digit_typo(left: Columns, right: Columns) -> np.ndarray:
    """Whether two ``YYYYMMDD`` dates are within one edit (optimal string alignment distance <= 1).

    Both strings have eight digits, so an insertion or deletion would need a second edit: one edit is one
    changed digit or two adjacent digits transposed. Prepared columns carry the digits packed
    (``dob_packed``); other callers' are packed here.
    """
    pa, pb = left.get("dob_packed"), right.get("dob_packed")
    if pa is None:
        pa = packed_digits(left["dob_year"], left["dob_month"], left["dob_day"])
    if pb is None:
        pb = packed_digits(right["dob_year"], right["dob_month"], right["dob_day"])
    a = np.ascontiguousarray(pa, dtype=np.uint64).view(np.uint8).reshape(-1, 8)
    b = np.ascontiguousarray(pb, dtype=np.uint64).view(np.uint8).reshape(-1, 8)
    differ = a != b
    count = differ.sum(axis=1, dtype=np.int8)
    adjacent = differ[:, :-1] & differ[:, 1:] & (a[:, :-1] == b[:, 1:]) & (a[:, 1:] == b[:, :-1])
    return (count <= 1) | ((count == 2) & adjacent.any(axis=1))


def exact_levels(left: Columns, right: Columns, name: str) -> np.ndarray:
    """Same value or not; codes ``-1`` (empty value) mean missing."""
    ca, cb = left.get(name + "#"), right.get(name + "#")
    if ca is not None and cb is not None:
        level = (ca == cb).astype(np.int8)
        level[(ca == -1) | (cb == -1)] = -1
        return level
    a, b = left[name], right[name]
    level = (a == b).astype(np.int8)
    level[~_present(a, b)] = -1
    return level


def text_levels(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    sim = _jw(a, b, 0.75)
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

    @property
    def columns(self) -> tuple[str, ...]:
        """The prepared columns :meth:`compare` reads (a batch takes only these for each pair)."""
        names = [
            f"{side}_{part}"
            for side in ("given", "family")
            for part in ("latin", "latin#", "skeleton", "skeleton#", "sorted_skeleton#", "first#")
        ]
        names += ["given_present", "family_present", "given_consonants", "family_consonants"]
        names += ["dob_year", "dob_month", "dob_day", "dob_precision", "dob_packed", "sex#", "nationality#"]
        return tuple(names) + tuple(f"x_{extra}" for extra in self.extras)

    def compare_positions(self, prepared, i: np.ndarray, j: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """:meth:`compare` for the pairs ``i[k]``–``j[k]`` of positions in one ``records.Prepared`` batch
        (one vocabulary for both sides; only the compared columns are copied)."""
        return self.compare(prepared.take(i, self.columns), prepared.take(j, self.columns))

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
            exact_levels(left, right, "sex"),
            exact_levels(left, right, "nationality"),
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
