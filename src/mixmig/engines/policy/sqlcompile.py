# ruff: noqa: S608 -- this module builds SQL by design: ids are pattern-checked at load, literals go through lit().
"""Compile a pack to one SQL query that screens a whole table of registrations.

The query reads the flattened registrations table (see ``flatten.py``) and returns one row per record with
the same comma-joined ids as ``evaluate.summary``. Layers are CTEs of the form ``SELECT *, expr AS col``
so each derived value is computed once. DuckDB is the tested dialect; ``dialect="spark"`` emits Spark SQL
(``filter(xs, c -> …)``, ``array_contains``, ``arrays_overlap``) — see docs/policy-packs.md.
"""

from __future__ import annotations

from mixmig.engines.policy.conditions import Node, column
from mixmig.engines.policy.dialect import DIALECTS, Dialect, lit
from mixmig.engines.policy.guards import (
    CHILD_PROCEDURE,
    GUARD_ROUTE_ID,
    GUARDED_KINDS,
    RETURN_PROCEDURES,
    child_profiles,
    child_without_guardian_sql,
)
from mixmig.engines.policy.model import Pack

OUTPUT_COLUMNS = (
    "record_id",
    "profiles",
    "undetermined_profiles",
    "vulnerabilities",
    "risk_level",
    "routes",
    "blocked_routes",
)


def compile_sql(pack: Pack, table: str = "registrations", dialect: str | Dialect = "duckdb") -> str:
    d = DIALECTS[dialect] if isinstance(dialect, str) else dialect
    base = [f"{f.source.sql(d)} AS f_{f.id}" for f in pack.facts if f.source is not None]
    ctes = [
        f"l0 AS (SELECT record_id, {child_without_guardian_sql(d)} AS g_child, {', '.join(base)} FROM {table})"
    ]
    depth: dict[str, int] = {f.key: 0 for f in pack.facts if f.source is not None}
    depth["g_child"] = 0

    def add(items: list[tuple[str, Node]]) -> None:
        """Append CTEs computing ``items``; each goes in the first new CTE after the ones it reads."""
        first = len(ctes)
        layers: dict[int, list[tuple[str, Node]]] = {}
        for key, node in items:
            at = max([first, *(depth[r] + 1 for r in node.refs())])
            depth[key] = at
            layers.setdefault(at, []).append((key, node))
        for at in sorted(layers):
            cols = ", ".join(f"{n.sql(d)} AS {column(k)}" for k, n in layers[at])
            ctes.append(f"l{at} AS (SELECT *, {cols} FROM l{at - 1})")

    add([(f.key, f.when) for f in pack.facts if f.when is not None])
    add([(f"p:{p.id}", p.when) for p in pack.profiles])
    # Guard child_first: flag the unaccompanied-child profile for a child without parent or guardian.
    uac, sep = child_profiles(pack)
    uac_col, sep_col = column(uac), (column(sep) if sep else "")
    sep_held = f" AND NOT ({sep_col} IS TRUE)" if sep else ""
    keep = ["record_id", "g_child"] + [f"f_{f.id}" for f in pack.facts]
    keep += [
        f"CASE WHEN g_child IS TRUE{sep_held} THEN TRUE ELSE {uac_col} END AS {uac_col}"
        if f"p_{p.id}" == uac_col
        else f"p_{p.id}"
        for p in pack.profiles
    ]
    ctes.append(f"l{len(ctes)} AS (SELECT {', '.join(keep)} FROM l{len(ctes) - 1})")
    depth.update({k: len(ctes) - 1 for k in depth})
    add([(f"v:{v.id}", v.when) for v in pack.vulnerabilities])
    routes = ", ".join(f"{r.when.sql(d)} AS r_{r.id}" for r in pack.routes)
    risk = " ".join(f"WHEN {lv.when.sql(d)} THEN {lit(lv.level)}" for lv in pack.risk_levels)
    risk_sql = f"CASE {risk} ELSE {lit(pack.risk_default)} END" if risk else lit(pack.risk_default)
    ctes.append(f"l{len(ctes)} AS (SELECT *, {routes}, {risk_sql} AS risk_level FROM l{len(ctes) - 1})")
    guarded = [f"(p_{p.id} IS NOT FALSE)" for p in pack.profiles if p.kind in GUARDED_KINDS] + [
        "(g_child IS NOT FALSE)"
    ]
    ctes.append(f"l{len(ctes)} AS (SELECT *, ({' OR '.join(guarded)}) AS unresolved FROM l{len(ctes) - 1})")
    return _final(pack, d, ctes, uac_col, sep_col)


def _final(pack: Pack, d: Dialect, ctes: list[str], uac_col: str, sep_col: str) -> str:
    held = [f"CASE WHEN p_{p.id} IS TRUE THEN {lit(p.id)} END" for p in pack.profiles]
    unknown = [f"CASE WHEN p_{p.id} IS NULL THEN {lit(p.id)} END" for p in pack.profiles]
    vulns = [f"CASE WHEN v_{v.id} IS TRUE THEN {lit(v.id)} END" for v in pack.vulnerabilities]
    routes, blocked = [], []
    for r in pack.routes:
        if r.procedure in RETURN_PROCEDURES:
            routes.append(f"CASE WHEN r_{r.id} IS TRUE AND NOT unresolved THEN {lit(r.id)} END")
            blocked.append(f"CASE WHEN r_{r.id} IS TRUE AND unresolved THEN {lit(r.id)} END")
        else:
            routes.append(f"CASE WHEN r_{r.id} IS TRUE THEN {lit(r.id)} END")
    child_routes = [f"(r_{r.id} IS TRUE)" for r in pack.routes if r.procedure == CHILD_PROCEDURE]
    is_child = f"({uac_col} IS TRUE" + (f" OR {sep_col} IS TRUE)" if sep_col else ")")
    no_route = f" AND NOT ({' OR '.join(child_routes)})" if child_routes else ""
    routes.append(f"CASE WHEN {is_child}{no_route} THEN {lit(GUARD_ROUTE_ID)} END")
    select = (
        f"SELECT record_id, {d.join_names(held)} AS profiles, {d.join_names(unknown)} AS undetermined_profiles, "
        f"{d.join_names(vulns)} AS vulnerabilities, risk_level, {d.join_names(routes)} AS routes, "
        f"{d.join_names(blocked)} AS blocked_routes FROM l{len(ctes) - 1}"
    )
    return "WITH " + ",\n".join(ctes) + "\n" + select
