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

from .records import Prepared

DEFAULT_MAX_BLOCK = 1000
MAX_TOKENS = 4


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


def key_table(prepared: Prepared) -> tuple[np.ndarray, np.ndarray]:
    """``(rows, hashed keys)`` for every key of every registration."""
    rows: list[int] = []
    keys: list[int] = []
    years = prepared.columns["dob_year"].tolist()
    digits = prepared.columns["dob_digits"].tolist()
    sexes = prepared.columns["sex"].tolist()
    nationalities = prepared.columns["nationality"].tolist()
    for i, tokens in enumerate(prepared.tokens):
        for key in record_keys(tokens, years[i], digits[i], sexes[i], nationalities[i]):
            rows.append(i)
            keys.append(hash(key))
    return np.array(rows, dtype=np.int64), np.array(keys, dtype=np.int64)


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
