"""Blocking: which pairs of registrations are worth comparing.

Every registration emits a few keys; two registrations become a candidate pair when they share a key.
Keys combine a name-token skeleton with another attribute, so spelling, script, name order and missing
fields each leave at least one key intact:

- ``t|<token skeleton>|<birth year>|<sex>`` for every name token of three or more consonants (any
  order, given or family); shorter skeletons (Ali, Omar) also carry the nationality, when known;
- ``p|<token>|<token>`` for every pair of name tokens (catches wrong or missing birth years);
- ``d|<exact birth date>|<sex>`` (catches names garbled beyond their skeleton).

A key shared by more than ``max_block`` registrations (a very common name with no date) is skipped: it
would cost many pairs and carry little evidence. Keys are strings so that Spark executors agree on them;
locally they are hashed to 64-bit integers and joined in DuckDB.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from itertools import combinations

import duckdb
import numpy as np
import pyarrow as pa

from .dates import EXACT
from .records import MAX_TOKENS, Prepared

DEFAULT_MAX_BLOCK = 1000


def record_keys(
    tokens: Sequence[str], year: int, dob_digits: str, sex: str, nationality: str = ""
) -> Iterator[str]:
    """Blocking keys of one registration."""
    useful = [t for t in tokens if t][:MAX_TOKENS]
    for token in useful:
        if len(token) >= 3:
            yield f"t|{token}|{year}|{sex}"
        elif nationality:
            # short skeletons (Ali -> "r", Omar -> "mr") are very common: narrow them further
            yield f"t|{token}|{year}|{sex}|{nationality}"
    for a, b in combinations(sorted(useful), 2):
        yield f"p|{a}|{b}"
    if dob_digits:
        yield f"d|{dob_digits}|{sex}"


KEY_PARTS = 5  # kind of key, then up to four values


def _mix(parts: np.ndarray) -> np.ndarray:
    """One 64-bit key per row of integer ``parts`` (splitmix64 rounds; equal rows give equal keys)."""
    h = np.full(len(parts), 0x9E3779B97F4A7C15, dtype=np.uint64)
    for column in parts.T:
        h ^= column.astype(np.uint64)
        h *= np.uint64(0xBF58476D1CE4E5B9)
        h ^= h >> np.uint64(31)
        h *= np.uint64(0x94D049BB133111EB)
        h ^= h >> np.uint64(29)
    return h.view(np.int64)


def _string_hashes(values: np.ndarray) -> np.ndarray:
    """``hash`` of each string, computed once per distinct value."""
    distinct, codes = np.unique(values.astype(str), return_inverse=True)
    return np.array([hash(v) for v in distinct.tolist()], dtype=np.int64)[codes.ravel()]


def key_table(prepared: Prepared) -> tuple[np.ndarray, np.ndarray]:
    """``(rows, keys)`` for every key of every registration: :func:`record_keys`, vectorised.

    Each string key becomes a 64-bit integer built from hashes of its parts, so two registrations share
    an integer key exactly when they share the string key (bar a 64-bit collision).
    """
    n = len(prepared)
    tokens, long = prepared.token_ids, prepared.token_long
    year = prepared.columns["dob_year"].astype(np.int64)
    sex = _string_hashes(prepared.columns["sex"])
    nationality = prepared.columns["nationality"]
    has_nationality = nationality != ""
    nationality = _string_hashes(nationality)
    rows: list[np.ndarray] = [np.zeros(0, dtype=np.int64)]
    parts: list[np.ndarray] = [np.zeros((0, KEY_PARTS), dtype=np.int64)]
    positions = np.arange(n, dtype=np.int64)

    def emit(wanted: np.ndarray, kind: int, *values: np.ndarray) -> None:
        if wanted.any():  # (a single registration, in the duplicate check, has few keys)
            block = np.zeros((int(wanted.sum()), KEY_PARTS), dtype=np.int64)
            block[:, 0] = kind
            for k, value in enumerate(values, start=1):
                block[:, k] = value[wanted]
            rows.append(positions[wanted])
            parts.append(block)

    for t in range(tokens.shape[1]):
        present = tokens[:, t] != 0
        emit(present & long[:, t], 1, tokens[:, t], year, sex)
        emit(present & ~long[:, t] & has_nationality, 2, tokens[:, t], year, sex, nationality)
    for a, b in combinations(range(tokens.shape[1]), 2):
        low, high = np.minimum(tokens[:, a], tokens[:, b]), np.maximum(tokens[:, a], tokens[:, b])
        emit((tokens[:, a] != 0) & (tokens[:, b] != 0), 3, low, high)
    emit(prepared.columns["dob_precision"] == EXACT, 4, prepared.columns["dob_packed"].view(np.int64), sex)
    return np.concatenate(rows), _mix(np.concatenate(parts))


def candidate_pairs(prepared: Prepared, max_block: int = DEFAULT_MAX_BLOCK) -> tuple[np.ndarray, np.ndarray]:
    """Distinct candidate pairs ``(i, j)`` with ``i < j`` (positions in ``prepared``)."""
    rows, keys = key_table(prepared)
    return join_keys(rows, keys, max_block)


def join_keys(rows: np.ndarray, keys: np.ndarray, max_block: int) -> tuple[np.ndarray, np.ndarray]:
    keys_table = pa.table({"row": rows, "key": keys})
    con = duckdb.connect()
    try:
        con.execute("SET preserve_insertion_order = false")
        con.register("keys_arrow", keys_table)
        result = con.execute(
            """
            WITH k AS (SELECT DISTINCT row, key FROM keys_arrow),
                 ok AS (SELECT key FROM k GROUP BY key HAVING count(*) BETWEEN 2 AND ?),
                 kk AS (SELECT row, key FROM k SEMI JOIN ok USING (key))
            SELECT DISTINCT l.row AS i, r.row AS j
            FROM kk l JOIN kk r ON l.key = r.key AND l.row < r.row
            """,
            [int(max_block)],
        ).fetchnumpy()
    finally:
        con.close()
    return np.asarray(result["i"], dtype=np.int64), np.asarray(result["j"], dtype=np.int64)
