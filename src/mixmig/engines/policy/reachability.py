"""Find rules that can never hold (contradictory bounds, constant false, dead references)."""

from __future__ import annotations

from typing import Any

from mixmig.engines.policy.conditions import All, Any_, Compare, Const, CountTrue, Node, Not, Ref
from mixmig.engines.policy.errors import Problem
from mixmig.engines.policy.model import Pack
from mixmig.engines.policy.yamlmarks import line_of


def _bounds_conflict(items: list[Node]) -> str | None:
    lo: dict[str, tuple[Any, bool]] = {}
    hi: dict[str, tuple[Any, bool]] = {}
    allowed: dict[str, set] = {}
    refs, negated = set(), set()
    for n in items:
        if isinstance(n, Ref):
            refs.add(n.key)
        elif isinstance(n, Not) and isinstance(n.item, Ref):
            negated.add(n.item.key)
        if not isinstance(n, Compare):
            continue
        key, op, arg = n.id, n.op, n.arg
        if op in ("gt", "ge") and (key not in lo or arg > lo[key][0]):
            lo[key] = (arg, op == "ge")
        elif op in ("lt", "le") and (key not in hi or arg < hi[key][0]):
            hi[key] = (arg, op == "le")
        elif op in ("eq", "in"):
            values = set(arg) if op == "in" else {arg}
            allowed[key] = allowed.get(key, values) & values
            if not allowed[key]:
                return f"fact '{key}' cannot take all the values required at once"
    for key in set(lo) & set(hi):
        (a, a_inc), (b, b_inc) = lo[key], hi[key]
        if a > b or (a == b and not (a_inc and b_inc)):
            return (
                f"fact '{key}' cannot be both {'>=' if a_inc else '>'} {a} and {'<=' if b_inc else '<'} {b}"
            )
    for key, values in allowed.items():
        nums = [v for v in values if isinstance(v, int | float) and not isinstance(v, bool)]
        if nums and (key in lo or key in hi) and not any(_within(v, lo.get(key), hi.get(key)) for v in nums):
            return f"fact '{key}' has no allowed value inside its bounds"
    both = refs & negated
    if both:
        return f"'{sorted(both)[0].split(':', 1)[1]}' is required both to hold and not to hold"
    return None


def _within(v: float, lo: tuple | None, hi: tuple | None) -> bool:
    if lo and (v < lo[0] or (v == lo[0] and not lo[1])):
        return False
    return not (hi and (v > hi[0] or (v == hi[0] and not hi[1])))


def why_never(node: Node, dead: dict[str, str]) -> str | None:
    """A reason ``node`` can never be true, or None when it may be."""
    if isinstance(node, Const):
        return None if node.value else "the condition is the constant false"
    if isinstance(node, Ref):
        return f"it needs {node.kind} '{node.id}', which can never hold" if node.key in dead else None
    if isinstance(node, Not):
        inner = node.item
        return "the condition is 'not true'" if isinstance(inner, Const) and inner.value else None
    if isinstance(node, CountTrue):
        if node.op in ("ge", "gt", "eq"):
            need = node.n + (1 if node.op == "gt" else 0)
            possible = sum(1 for i in node.items if why_never(i, dead) is None)
            if possible < need:
                return f"count_true needs {need} but at most {possible} of its items can hold"
        return None
    if isinstance(node, Any_):
        reasons = [why_never(i, dead) for i in node.items]
        return (
            None
            if any(r is None for r in reasons)
            else "none of the 'any' branches can hold: " + "; ".join(r for r in reasons if r)
        )
    if isinstance(node, All):
        for item in node.items:
            reason = why_never(item, dead)
            if reason:
                return reason
        return _bounds_conflict(node.items)
    return None


def unreachable_problems(pack: Pack, file: str, lines: dict) -> list[Problem]:
    dead: dict[str, str] = {}
    out = []

    def check(key: str, node: Node, path: tuple, what: str) -> None:
        reason = why_never(node, dead)
        if reason:
            dead[key] = reason
            out.append(
                Problem(
                    file,
                    line_of(lines, path),
                    f"{path[0]}[{path[1]}]",
                    f"unreachable {what}: it can never hold because {reason}",
                )
            )

    for i, f in enumerate(pack.facts):
        if f.when is not None:
            check(f.key, f.when, ("facts", i, "when"), f"fact '{f.id}'")
    for i, p in enumerate(pack.profiles):
        check(f"p:{p.id}", p.when, ("profiles", i, "when"), f"profile '{p.id}'")
    for i, v in enumerate(pack.vulnerabilities):
        check(f"v:{v.id}", v.when, ("vulnerabilities", i, "when"), f"vulnerability '{v.id}'")
    for i, r in enumerate(pack.routes):
        check(f"r:{r.id}", r.when, ("routes", i, "when"), f"route '{r.id}'")
    return out
