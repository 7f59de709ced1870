"""Parse a condition from pack data into a tree, reporting every mistake with line and suggestion."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from mixmig.engines.policy.conditions import (
    COMPARISONS,
    CONNECTIVES,
    COUNT_OPS,
    REFERENCES,
    All,
    Any_,
    Compare,
    Const,
    CountTrue,
    Node,
    Not,
    Ref,
)
from mixmig.engines.policy.errors import allowed, suggest

Path = tuple[str | int, ...]


@dataclass
class FactType:
    type: str
    values: tuple[str, ...] | None = None
    when: Node | None = None  # condition of a derived fact


@dataclass
class Scope:
    """What a condition at this place may refer to."""

    facts: dict[str, FactType]
    profiles: list[str] = field(default_factory=list)
    vulnerabilities: list[str] = field(default_factory=list)
    later: dict[str, list[str]] = field(default_factory=dict)  # ids declared further down, by kind
    where: str = "this rule"


Report = Callable[[Path, str], None]

_NUMERIC = (int, float)
ALIASES = {
    "gte": "ge",
    ">=": "ge",
    "lte": "le",
    "<=": "le",
    ">": "gt",
    "<": "lt",
    "==": "eq",
    "=": "eq",
    "!=": "ne",
    "equals": "eq",
    "not_equals": "ne",
    "less_than": "lt",
    "greater_than": "gt",
    "one_of": "in",
    "has": "contains",
    "includes": "contains",
    "known": "is_known",
    "and": "all",
    "or": "any",
}


def _hint(word: str, candidates) -> str:
    if word in ALIASES and ALIASES[word] in candidates:
        return f"; did you mean '{ALIASES[word]}'?"
    return suggest(word, candidates)


def parse(raw: Any, path: Path, scope: Scope, report: Report) -> Node | None:
    if isinstance(raw, bool):
        return Const(raw)
    if not isinstance(raw, dict) or not raw:
        report(
            path, f"a condition must be true, false or a mapping such as {{fact: age, lt: 18}}; got {raw!r}"
        )
        return None
    keys = list(raw)
    if "all" in raw or "any" in raw:
        kind = "all" if "all" in raw else "any"
        if len(keys) != 1:
            report(path, f"'{kind}' must stand alone in its mapping; found also {sorted(set(keys) - {kind})}")
            return None
        items = raw[kind]
        if not isinstance(items, list) or not items:
            report((*path, kind), f"'{kind}' takes a non-empty list of conditions")
            return None
        parsed = [parse(item, (*path, kind, i), scope, report) for i, item in enumerate(items)]
        if any(p is None for p in parsed):
            return None
        return (All if kind == "all" else Any_)(parsed)  # type: ignore[arg-type]
    if "not" in raw:
        if len(keys) != 1:
            report(path, "'not' must stand alone in its mapping")
            return None
        inner = parse(raw["not"], (*path, "not"), scope, report)
        return Not(inner) if inner else None
    if "count_true" in raw:
        return _count(raw, path, scope, report)
    for kind in ("profile", "vulnerability"):
        if kind in raw:
            return _ref(kind, raw, path, scope, report)
    if "fact" in raw:
        return _fact(raw, path, scope, report)
    key = keys[0]
    report(
        path,
        f"unknown condition key '{key}'{_hint(key, (*CONNECTIVES, *REFERENCES, *COMPARISONS))}; "
        f"a condition starts with one of: {', '.join((*CONNECTIVES, *REFERENCES))}",
    )
    return None


def _ref(kind: str, raw: dict, path: Path, scope: Scope, report: Report) -> Node | None:
    ident = raw[kind]
    if len(raw) != 1:
        report(
            path, f"'{kind}: {ident}' takes no operator; use {{not: {{{kind}: {ident}}}}} for the opposite"
        )
        return None
    known = scope.profiles if kind == "profile" else scope.vulnerabilities
    if ident not in known:
        later = scope.later.get(kind, [])
        if ident in later:
            report(
                (*path, kind), f"{kind} '{ident}' is declared later; {scope.where} may only use earlier ones"
            )
        elif not known and not later:
            report((*path, kind), f"{scope.where} may not refer to a {kind}")
        else:
            report(
                (*path, kind),
                f"unknown {kind} '{ident}'{suggest(str(ident), [*known, *later])}; {allowed(known)}",
            )
        return None
    return Ref(kind, ident)


def _fact(raw: dict, path: Path, scope: Scope, report: Report) -> Node | None:
    ident = raw["fact"]
    spec = scope.facts.get(ident)
    if spec is None:
        later = scope.later.get("fact", [])
        if ident in later:
            report((*path, "fact"), f"fact '{ident}' is declared later; declare it before {scope.where}")
        else:
            report(
                (*path, "fact"),
                f"unknown fact '{ident}'{suggest(str(ident), scope.facts)}; {allowed(scope.facts)}",
            )
        return None
    ops = [k for k in raw if k != "fact"]
    if not ops:
        if spec.type != "boolean":
            report(path, f"fact '{ident}' is {spec.type}; give an operator such as {_ops_for(spec.type)}")
            return None
        return Ref("fact", ident, spec.when)
    if len(ops) > 1:
        report(path, f"one operator per condition, found {ops}; combine several with 'all'")
        return None
    op = ops[0]
    if op not in COMPARISONS:
        report((*path, op), f"unknown operator '{op}'{_hint(op, COMPARISONS)}; {allowed(COMPARISONS)}")
        return None
    if spec.type not in COMPARISONS[op]:
        report(
            (*path, op),
            f"type mismatch: fact '{ident}' is {spec.type}; '{op}' applies to {'/'.join(COMPARISONS[op])} facts; "
            f"for {spec.type} use {_ops_for(spec.type)}",
        )
        return None
    arg = raw[op]
    if not _check_arg(ident, spec, op, arg, (*path, op), report):
        return None
    return Compare(ident, op, arg)


def _ops_for(fact_type: str) -> str:
    return ", ".join(op for op, types in COMPARISONS.items() if fact_type in types)


def _check_arg(ident: str, spec: FactType, op: str, arg: Any, path: Path, report: Report) -> bool:
    if op == "is_known":
        if not isinstance(arg, bool):
            report(path, "is_known takes true or false")
            return False
        return True
    many = op in ("in", "not_in", "contains_any", "contains_all")
    if many and (not isinstance(arg, list) or not arg):
        report(path, f"'{op}' takes a non-empty list")
        return False
    for value in arg if many else [arg]:
        item_type = "string" if spec.type == "set" else spec.type
        ok = {
            "boolean": isinstance(value, bool),
            "integer": isinstance(value, _NUMERIC) and not isinstance(value, bool),
            "number": isinstance(value, _NUMERIC) and not isinstance(value, bool),
            "string": isinstance(value, str),
        }[item_type]
        if not ok:
            report(path, f"type mismatch: fact '{ident}' is {spec.type}; {value!r} is not a {item_type}")
            return False
        if spec.values is not None and value not in spec.values:
            report(
                path,
                f"'{value}' is not a value of fact '{ident}'{suggest(value, spec.values)}; {allowed(spec.values)}",
            )
            return False
    return True


def _count(raw: dict, path: Path, scope: Scope, report: Report) -> Node | None:
    ops = [k for k in raw if k != "count_true"]
    if len(ops) != 1 or ops[0] not in COUNT_OPS:
        bad = ops[0] if ops else ""
        report(
            path,
            f"count_true needs exactly one of {', '.join(COUNT_OPS)} with a number{suggest(bad, COUNT_OPS)}",
        )
        return None
    n = raw[ops[0]]
    if not isinstance(n, int) or isinstance(n, bool) or n < 0:
        report((*path, ops[0]), f"count_true compares with a whole number >= 0; got {n!r}")
        return None
    items = raw["count_true"]
    if not isinstance(items, list) or not items:
        report((*path, "count_true"), "count_true takes a non-empty list of conditions")
        return None
    parsed = [parse(item, (*path, "count_true", i), scope, report) for i, item in enumerate(items)]
    if any(p is None for p in parsed):
        return None
    return CountTrue(parsed, ops[0], n)  # type: ignore[arg-type]
