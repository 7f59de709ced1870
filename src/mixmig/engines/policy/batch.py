"""Screen a caseload inside DuckDB with the pack compiled to SQL."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import duckdb
import pyarrow as pa

from mixmig.engines.policy.flatten import flatten, questions_of
from mixmig.engines.policy.model import Pack
from mixmig.engines.policy.sqlcompile import OUTPUT_COLUMNS, compile_sql


def connect(threads: int | None = None) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect(":memory:")
    if threads:
        con.execute(f"SET threads = {int(threads)}")
    return con


def screen_relation(
    con: duckdb.DuckDBPyConnection, pack: Pack, table: str = "registrations"
) -> duckdb.DuckDBPyRelation:
    """A relation with OUTPUT_COLUMNS for every row of ``table`` (which must have the flattened schema)."""
    return con.sql(compile_sql(pack, table))


def screen_table(pack: Pack, table: pa.Table, con: duckdb.DuckDBPyConnection | None = None) -> pa.Table:
    con = con or connect()
    con.register("registrations", table)
    try:
        return screen_relation(con, pack).to_arrow_table()
    finally:
        con.unregister("registrations")


def screen_batch(pack: Pack, registrations: Iterable[dict[str, Any]]) -> list[dict[str, str]]:
    """Per-record summaries (see ``evaluate.summary``) for each registration, computed in DuckDB."""
    regs = list(registrations)
    table = flatten(regs, questions_of([pack]))
    result = screen_table(pack, table)
    rows = result.to_pylist()
    return [{k: row[k] for k in OUTPUT_COLUMNS} for row in rows]
