"""SQL dialects the batch compiler targets: DuckDB (tested) and Spark SQL (same SQL, other list syntax)."""

from __future__ import annotations

from dataclasses import dataclass


def lit(value: object) -> str:
    """A SQL literal for a string, number or boolean from a pack (ids are pattern-checked at load)."""
    if value is None:
        return "NULL"
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int | float):
        return repr(value)
    return "'" + str(value).replace("'", "''") + "'"


@dataclass(frozen=True)
class Dialect:
    name: str

    def array(self, values: list[object]) -> str:
        inner = ", ".join(lit(v) for v in values)
        return f"[{inner}]" if self.name == "duckdb" else f"array({inner})"

    def contains(self, col: str, value: object) -> str:
        fn = "list_contains" if self.name == "duckdb" else "array_contains"
        return f"{fn}({col}, {lit(value)})"

    def contains_any(self, col: str, values: list[object]) -> str:
        if self.name == "duckdb":  # list_has_any(NULL, …) is NULL in DuckDB
            return f"list_has_any({col}, {self.array(values)})"
        return f"CASE WHEN {col} IS NULL THEN NULL ELSE arrays_overlap({col}, {self.array(values)}) END"

    def contains_all(self, col: str, values: list[object]) -> str:
        if self.name == "duckdb":  # list_has_all(NULL, …) is NULL in DuckDB
            return f"list_has_all({col}, {self.array(values)})"
        return (
            f"CASE WHEN {col} IS NULL THEN NULL ELSE size(array_except({self.array(values)}, {col})) = 0 END"
        )

    def count_where(self, col: str, var: str, predicate: str) -> str:
        """Number of elements of list ``col`` for which ``predicate`` (over ``var``) is true."""
        if self.name == "duckdb":
            return f"len(list_filter({col}, lambda {var}: {predicate}))"
        return f"size(filter({col}, {var} -> {predicate}))"

    def join_names(self, parts: list[str]) -> str:
        """Comma-joined names of the parts that are not NULL ('' when none)."""
        if not parts:
            return "''"
        return f"concat_ws(',', {', '.join(parts)})"


DUCKDB = Dialect("duckdb")
SPARK = Dialect("spark")
DIALECTS = {"duckdb": DUCKDB, "spark": SPARK}
