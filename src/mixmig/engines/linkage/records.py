"""Registrations prepared for linkage: one column of derived keys per attribute, as numpy arrays.

Preparing is the only per-record Python work; everything after (blocking, comparing, scoring) is
vectorised. Name keys are cached per distinct spelling, so a registry full of Mohammeds is cheap.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

from mixmig.engines.names.normalise import normalise

from . import parallel
from .comparisons import packed_digits
from .dates import parse_birth_date
from .names import NameKey, name_key

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
    # distinct name keys per side ("given", "family") and each registration's position among them
    name_keys: dict[str, list[NameKey]]
    name_codes: dict[str, np.ndarray]
    # the first MAX_TOKENS distinct name-token skeletons (given, then family) as string hashes, 0 for
    # none; and whether each has 3+ consonants (see blocking)
    token_ids: np.ndarray
    token_long: np.ndarray
    extras: tuple[str, ...] = field(default=())
    # sorted distinct values of the coded columns: ``<column>#`` holds positions in these
    vocab: dict[str, np.ndarray] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.record_id)

    @property
    def tokens(self) -> list[tuple[str, ...]]:
        """Each registration's distinct name-token skeletons, given name first."""
        given, family = self.name_keys["given"], self.name_keys["family"]
        return [
            tuple(dict.fromkeys(given[g].tokens + family[f].tokens))
            for g, f in zip(
                self.name_codes["given"].tolist(), self.name_codes["family"].tolist(), strict=True
            )
        ]

    def take(self, rows: np.ndarray, names: Iterable[str] | None = None) -> dict[str, np.ndarray]:
        """The values of ``rows``, for every column or only for ``names``."""
        wanted = self.columns if names is None else names
        return {name: self.columns[name][rows] for name in wanted}

    def recode(self, other: Prepared) -> dict[str, np.ndarray]:
        """``other``'s columns with codes mapped into this vocabulary.

        Coded comparisons assume both sides share one code space; a new registration checked against
        the registry is recoded first. A value absent from this vocabulary gets code -1 when it is empty
        (missing) and -2 otherwise (a value no existing registration has).
        """
        columns = dict(other.columns)
        for name, values in self.vocab.items():
            wanted = other.columns[name].astype(str)
            pos = np.clip(np.searchsorted(values, wanted), 0, max(len(values) - 1, 0))
            found = (values[pos] == wanted) if len(values) else np.zeros(len(wanted), dtype=bool)
            absent = np.where(wanted == "", -1, -2)
            columns[name + "#"] = np.where(found, pos, absent).astype(np.int32)
        return columns

    def row(self, i: int) -> dict[str, object]:
        return {name: values[i] for name, values in self.columns.items()}


MAX_TOKENS = 4  # name tokens per registration that blocking uses


def _token_matrix(
    name_keys: dict[str, list[NameKey]], name_codes: dict[str, np.ndarray]
) -> tuple[np.ndarray, np.ndarray]:
    """Per registration, the first :data:`MAX_TOKENS` distinct tokens of given then family name (hashed;
    0 = none) and whether each token has three or more consonants."""
    ids, long = [], []
    for side in ("given", "family"):
        side_ids = np.zeros((len(name_keys[side]), MAX_TOKENS), dtype=np.int64)
        side_long = np.zeros((len(name_keys[side]), MAX_TOKENS), dtype=bool)
        for k, key in enumerate(name_keys[side]):
            for t, token in enumerate(key.tokens[:MAX_TOKENS]):
                side_ids[k, t], side_long[k, t] = hash(token), len(token) >= 3
        ids.append(side_ids[name_codes[side]])
        long.append(side_long[name_codes[side]])
    tokens, lengths = np.concatenate(ids, axis=1), np.concatenate(long, axis=1)
    for c in range(1, tokens.shape[1]):  # a family token already in the given name counts once
        repeated = (tokens[:, :c] == tokens[:, c : c + 1]).any(axis=1)
        tokens[repeated, c] = 0
    first = np.argsort(tokens == 0, axis=1, kind="stable")[:, :MAX_TOKENS]
    tokens = np.take_along_axis(tokens, first, axis=1)
    return tokens, np.take_along_axis(lengths, first, axis=1) & (tokens != 0)


def _factorise(values: list[str]) -> tuple[list[str], np.ndarray]:
    """Distinct values (first-seen order) and each value's position among them."""
    index: dict[str, int] = {}
    codes = [index.setdefault(v, len(index)) for v in values]
    return list(index), np.array(codes, dtype=np.int64)


def _per_value(values: list[str], derive, in_pool: bool = False) -> tuple[list, np.ndarray]:
    distinct, codes = _factorise(values)
    if in_pool:
        return parallel.map_values(derive, distinct), codes
    return [derive(v) for v in distinct], codes


def prepare(rows: Iterable[Mapping[str, str | None]], extras: Sequence[str] = ()) -> Prepared:
    """Derive linkage keys for each registration (``rows`` are dicts with :data:`REQUIRED_COLUMNS`).

    Every derivation runs once per distinct value (names, dates and codes repeat a lot in a registry)
    and is spread back to the rows with integer indexing.
    """
    rows = rows if isinstance(rows, list) else list(rows)

    def raw(column: str) -> list[str]:
        return [row.get(column) or "" for row in rows]

    ids = np.array([str(row.get("record_id") or "") for row in rows], dtype=object)
    columns: dict[str, np.ndarray] = {}
    vocab: dict[str, np.ndarray] = {}
    name_codes = {}
    name_keys = {}
    for side in ("given", "family"):
        keys, codes = _per_value(raw(f"{side}_name"), name_key, in_pool=True)
        name_codes[side], name_keys[side] = codes, keys
    for part in _NAME_PARTS:
        # one vocabulary per name part for both sides (see comparisons.code_space)
        per_key = {
            side: np.array([getattr(k, part) for k in name_keys[side]], dtype=object)
            for side in ("given", "family")
        }
        shared, key_codes = np.unique(
            np.concatenate([per_key["given"], per_key["family"]]).astype(str), return_inverse=True
        )
        split = len(per_key["given"])
        for side, side_codes in (("given", key_codes[:split]), ("family", key_codes[split:])):
            name, codes = f"{side}_{part}", name_codes[side]
            vocab[name] = shared
            columns[name] = per_key[side][codes] if len(codes) else np.array([], dtype=object)
            columns[name + "#"] = (
                side_codes.astype(np.int32)[codes] if len(codes) else np.array([], dtype=np.int32)
            )
    for side in ("given", "family"):
        keys, codes = name_keys[side], name_codes[side]
        columns[f"{side}_present"] = columns[f"{side}_latin"] != ""
        consonants = np.array([len(k.skeleton) - k.skeleton.count(" ") for k in keys], dtype=np.int16)
        columns[f"{side}_consonants"] = consonants[codes] if len(codes) else np.array([], dtype=np.int16)
    token_ids, token_long = _token_matrix(name_keys, name_codes)
    for column, derive in (("sex", normalise_sex), ("nationality", normalise_code)):
        values, codes = _per_value(raw(column), derive)
        columns[column] = np.array(values, dtype=object)[codes] if len(codes) else np.array([], dtype=object)
        # codes of the non-empty values; -1 for an empty (missing) one
        vocab[column] = np.unique(np.array([v for v in values if v], dtype=str))
        per_value = np.searchsorted(vocab[column], np.array(values, dtype=str)).astype(np.int32)
        per_value[np.array([not v for v in values], dtype=bool)] = -1
        columns[column + "#"] = per_value[codes] if len(codes) else np.array([], dtype=np.int32)
    dates, codes = _per_value(raw("date_of_birth"), parse_birth_date)
    per_date: dict[str, np.ndarray] = {
        "dob_year": np.array([d.year for d in dates], dtype=np.int32),
        "dob_month": np.array([d.month for d in dates], dtype=np.int16),
        "dob_day": np.array([d.day for d in dates], dtype=np.int16),
        "dob_precision": np.array([d.precision for d in dates], dtype=np.int8),
        "dob_digits": np.array([d.digits for d in dates], dtype=object),
    }
    per_date["dob_packed"] = packed_digits(per_date["dob_year"], per_date["dob_month"], per_date["dob_day"])
    for name, per in per_date.items():
        columns[name] = per[codes] if len(codes) else per[:0]
    for extra in extras:
        values, codes = _per_value(raw(extra), normalise_text)
        columns[f"x_{extra}"] = (
            np.array(values, dtype=object)[codes] if len(codes) else np.array([], dtype=object)
        )
    return Prepared(ids, columns, name_keys, name_codes, token_ids, token_long, tuple(extras), vocab)


def missing_columns(header: Sequence[str]) -> list[str]:
    """Required columns absent from ``header`` (names compared after trimming spaces)."""
    present = {h.strip() for h in header}
    return [c for c in REQUIRED_COLUMNS if c not in present]
