"""Registrations prepared for linkage: one column of derived keys per attribute, as numpy arrays.

Preparing is the only per-record Python work; everything after (blocking, comparing, scoring) is
vectorised. Name keys are cached per distinct spelling, so a registry full of Mohammeds is cheap.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

from mixmig.engines.names.normalise import normalise

from .dates import parse_birth_date
from .names import name_key

REQUIRED_COLUMNS = ("record_id", "given_name", "family_name", "sex", "date_of_birth", "nationality")

_SEX = {"m": "m", "male": "m", "man": "m", "1": "m", "f": "f", "female": "f", "woman": "f", "2": "f"}
_NAME_PARTS = ("latin", "skeleton", "sorted_skeleton", "first")


def normalise_sex(value: str | None) -> str:
    value = (value or "").strip().casefold()
    if not value or value in {"u", "unknown", "9", "0"}:
        return ""
    return _SEX.get(value, "x")


def normalise_code(value: str | None) -> str:
    return (value or "").strip().upper()


def normalise_text(value: str | None) -> str:
    return " ".join(normalise(value or "").split())


@dataclass
class Prepared:
    """Derived keys of ``n`` registrations, column by column (index = position in the input)."""

    record_id: np.ndarray
    columns: dict[str, np.ndarray]
    tokens: list[tuple[str, ...]]
    extras: tuple[str, ...] = field(default=())
    # sorted distinct values of the coded columns: ``<column>#`` holds positions in these
    vocab: dict[str, np.ndarray] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.record_id)

    def take(self, rows: np.ndarray) -> dict[str, np.ndarray]:
        return {name: values[rows] for name, values in self.columns.items()}

    def recode(self, other: Prepared) -> dict[str, np.ndarray]:
        """``other``'s columns with codes mapped into this vocabulary (absent values get code -1).

        Coded comparisons assume both sides share one code space; a new registration checked against
        the registry is recoded first.
        """
        columns = dict(other.columns)
        for name, values in self.vocab.items():
            wanted = other.columns[name].astype(str)
            pos = np.clip(np.searchsorted(values, wanted), 0, max(len(values) - 1, 0))
            found = (values[pos] == wanted) if len(values) else np.zeros(len(wanted), dtype=bool)
            columns[name + "#"] = np.where(found, pos, -1).astype(np.int32)
        return columns

    def row(self, i: int) -> dict[str, object]:
        return {name: values[i] for name, values in self.columns.items()}


def prepare(rows: Iterable[Mapping[str, str | None]], extras: Sequence[str] = ()) -> Prepared:
    """Derive linkage keys for each registration (``rows`` are dicts with :data:`REQUIRED_COLUMNS`)."""
    ids: list[str] = []
    cols: dict[str, list] = {f"{side}_{part}": [] for side in ("given", "family") for part in _NAME_PARTS}
    for extra in ("sex", "nationality", "dob_digits", *[f"x_{e}" for e in extras]):
        cols[extra] = []
    year: list[int] = []
    month: list[int] = []
    day: list[int] = []
    precision: list[int] = []
    tokens: list[tuple[str, ...]] = []
    for row in rows:
        ids.append(str(row.get("record_id") or ""))
        given, family = name_key(row.get("given_name")), name_key(row.get("family_name"))
        for side, key in (("given", given), ("family", family)):
            for part in _NAME_PARTS:
                cols[f"{side}_{part}"].append(getattr(key, part))
        tokens.append(tuple(dict.fromkeys(given.tokens + family.tokens)))
        cols["sex"].append(normalise_sex(row.get("sex")))
        cols["nationality"].append(normalise_code(row.get("nationality")))
        dob = parse_birth_date(row.get("date_of_birth"))
        year.append(dob.year)
        month.append(dob.month)
        day.append(dob.day)
        precision.append(dob.precision)
        cols["dob_digits"].append(dob.digits)
        for extra in extras:
            cols[f"x_{extra}"].append(normalise_text(row.get(extra)))
    columns = {name: np.array(values, dtype=object) for name, values in cols.items()}
    vocab: dict[str, np.ndarray] = {}
    for side in ("given", "family"):
        columns[f"{side}_present"] = columns[f"{side}_latin"] != ""
        for part in _NAME_PARTS:
            name = f"{side}_{part}"
            vocab[name], codes = np.unique(columns[name].astype(str), return_inverse=True)
            columns[name + "#"] = codes.astype(np.int32)
        columns[f"{side}_consonants"] = np.array(
            [len(s) - s.count(" ") for s in cols[f"{side}_skeleton"]], dtype=np.int16
        )
    columns["dob_year"] = np.array(year, dtype=np.int32)
    columns["dob_month"] = np.array(month, dtype=np.int16)
    columns["dob_day"] = np.array(day, dtype=np.int16)
    columns["dob_precision"] = np.array(precision, dtype=np.int8)
    return Prepared(np.array(ids, dtype=object), columns, tokens, tuple(extras), vocab)


def missing_columns(header: Sequence[str]) -> list[str]:
    """Required columns absent from ``header`` (names compared after trimming spaces)."""
    present = {h.strip() for h in header}
    return [c for c in REQUIRED_COLUMNS if c not in present]
