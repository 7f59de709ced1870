"""Compare two packs over one caseload: who is profiled and routed differently, by profile kind and
procedure, with example records. Packs are compared on canonical profile kinds and procedures, so two
countries' packs with different rule ids still line up."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from mixmig.engines.policy.batch import connect
from mixmig.engines.policy.flatten import flatten, questions_of
from mixmig.engines.policy.guards import CHILD_PROCEDURE, GUARD_ROUTE_ID
from mixmig.engines.policy.model import Pack
from mixmig.engines.policy.sqlcompile import compile_sql


def _kinds(pack: Pack, ids: str) -> frozenset[str]:
    kinds = {p.id: (p.kind if p.kind != "other" else f"other:{p.id}") for p in pack.profiles}
    return frozenset(kinds[i] for i in ids.split(",") if i)


def _procedures(pack: Pack, ids: str) -> frozenset[str]:
    procs = {r.id: r.procedure for r in pack.routes} | {GUARD_ROUTE_ID: CHILD_PROCEDURE}
    return frozenset(procs[i] for i in ids.split(",") if i)


def compare_packs(
    pack_a: Pack, pack_b: Pack, registrations: Iterable[dict[str, Any]], examples: int = 3
) -> dict[str, Any]:
    """Plain data for the CLI and the analysts' web page."""
    con = connect()
    con.register("registrations", flatten(registrations, questions_of([pack_a, pack_b])))
    sql = f"""
        WITH a AS ({compile_sql(pack_a)}), b AS ({compile_sql(pack_b)})
        SELECT a.profiles AS pa, b.profiles AS pb, a.routes AS ra, b.routes AS rb,
               a.risk_level AS ka, b.risk_level AS kb,
               count(*) AS n, list(a.record_id ORDER BY a.record_id)[1:{int(examples) * 4}] AS ids
        FROM a JOIN b USING (record_id) GROUP BY ALL
    """  # noqa: S608 -- compiled from checked packs
    combos = con.sql(sql).fetchall()
    total = profiled = routed = risk = 0
    by_profile: dict[str, dict[str, Any]] = defaultdict(lambda: _counter())
    by_route: dict[str, dict[str, Any]] = defaultdict(lambda: _counter())
    for pa, pb, ra, rb, ka, kb, n, ids in combos:
        total += n
        kinds_a, kinds_b = _kinds(pack_a, pa), _kinds(pack_b, pb)
        procs_a, procs_b = _procedures(pack_a, ra), _procedures(pack_b, rb)
        profiled += n if kinds_a != kinds_b else 0
        routed += n if procs_a != procs_b else 0
        risk += n if ka != kb else 0
        _tally(by_profile, kinds_a, kinds_b, n, ids, examples)
        _tally(by_route, procs_a, procs_b, n, ids, examples)
    return {
        "pack_a": {"id": pack_a.id, "version": pack_a.version, "jurisdiction": pack_a.jurisdiction},
        "pack_b": {"id": pack_b.id, "version": pack_b.version, "jurisdiction": pack_b.jurisdiction},
        "records": total,
        "profiled_differently": profiled,
        "routed_differently": routed,
        "risk_level_differently": risk,
        "by_profile": [{"profile": k, **_finish(v, examples)} for k, v in sorted(by_profile.items())],
        "by_procedure": [{"procedure": k, **_finish(v, examples)} for k, v in sorted(by_route.items())],
    }


def _counter() -> dict[str, Any]:
    return {"a": 0, "b": 0, "only_a": 0, "only_b": 0, "examples_only_a": [], "examples_only_b": []}


def _tally(table: dict, set_a: frozenset, set_b: frozenset, n: int, ids: list[str], examples: int) -> None:
    for key in set_a | set_b:
        row = table[key]
        row["a"] += n if key in set_a else 0
        row["b"] += n if key in set_b else 0
        if key in set_a and key not in set_b:
            row["only_a"] += n
            row["examples_only_a"].extend(ids)
        elif key in set_b and key not in set_a:
            row["only_b"] += n
            row["examples_only_b"].extend(ids)


def _finish(row: dict[str, Any], examples: int) -> dict[str, Any]:
    for side in ("examples_only_a", "examples_only_b"):
        row[side] = sorted(row[side])[:examples]
    return row


def format_comparison(data: dict[str, Any]) -> str:
    a, b = data["pack_a"], data["pack_b"]
    lines = [
        f"A = {a['id']} {a['version']} ({a['jurisdiction']})   B = {b['id']} {b['version']} ({b['jurisdiction']})",
        f"records: {data['records']}",
        f"profiled differently: {data['profiled_differently']}   routed differently: {data['routed_differently']}"
        f"   risk level differently: {data['risk_level_differently']}",
    ]
    for title, key, rows in (
        ("profile", "profile", data["by_profile"]),
        ("procedure", "procedure", data["by_procedure"]),
    ):
        lines.append("")
        lines.append(f"{'by ' + title:<32} {'A':>9} {'B':>9} {'only A':>9} {'only B':>9}  examples")
        for row in rows:
            ex = ", ".join(
                [*(f"A:{i}" for i in row["examples_only_a"]), *(f"B:{i}" for i in row["examples_only_b"])]
            )
            lines.append(
                f"{row[key]:<32} {row['a']:>9} {row['b']:>9} {row['only_a']:>9} {row['only_b']:>9}  {ex}"
            )
    return "\n".join(lines)
