"""Conditions as data: a parsed tree that evaluates three-valued, explains itself and compiles to SQL.

Forms (see docs/policy-packs.md):
``true``/``false``; ``{all: [...]}``, ``{any: [...]}``, ``{not: C}``; ``{fact: F}`` (boolean fact);
``{fact: F, OP: VALUE}`` with OP in COMPARISONS; ``{profile: P}``; ``{vulnerability: V}``;
``{count_true: [C, ...], ge|gt|le|lt|eq: N}``.
"""

from __future__ import annotations

import operator
from collections.abc import Callable
from typing import Any

from mixmig.engines.policy.dialect import Dialect, lit
from mixmig.engines.policy.logic import Tri, and3, count3, not3, or3

Env = dict[str, Any]

# operator -> fact types it applies to
COMPARISONS: dict[str, tuple[str, ...]] = {
    "eq": ("boolean", "integer", "number", "string"),
    "ne": ("boolean", "integer", "number", "string"),
    "lt": ("integer", "number"),
    "le": ("integer", "number"),
    "gt": ("integer", "number"),
    "ge": ("integer", "number"),
    "in": ("integer", "number", "string"),
    "not_in": ("integer", "number", "string"),
    "contains": ("set",),
    "contains_any": ("set",),
    "contains_all": ("set",),
    "is_known": ("boolean", "integer", "number", "string", "set"),
}
COUNT_OPS = ("ge", "gt", "le", "lt", "eq")
CONNECTIVES = ("all", "any", "not", "count_true")
REFERENCES = ("fact", "profile", "vulnerability")

_PY: dict[str, Callable[[Any, Any], bool]] = {
    "eq": operator.eq,
    "ne": operator.ne,
    "lt": operator.lt,
    "le": operator.le,
    "gt": operator.gt,
    "ge": operator.ge,
    "in": lambda v, a: v in a,
    "not_in": lambda v, a: v not in a,
    "contains": lambda v, a: a in v,
    "contains_any": lambda v, a: not v.isdisjoint(a),
    "contains_all": lambda v, a: v.issuperset(a),
}
_SQL = {"eq": "=", "ne": "<>", "lt": "<", "le": "<=", "gt": ">", "ge": ">="}


def column(key: str) -> str:
    """SQL column of an environment key: 'f:age' -> f_age, 'p:x' -> p_x, 'v:x' -> v_x."""
    return key.replace(":", "_", 1)


class Node:
    __slots__ = ()

    def ev(self, env: Env) -> Tri:
        raise NotImplementedError

    def trace(self, env: Env) -> dict[str, Any]:
        raise NotImplementedError

    def sql(self, d: Dialect) -> str:
        raise NotImplementedError

    def refs(self) -> set[str]:
        return set()


class Const(Node):
    __slots__ = ("value",)

    def __init__(self, value: bool):
        self.value = value

    def ev(self, env: Env) -> Tri:
        return self.value

    def trace(self, env: Env) -> dict[str, Any]:
        return {"const": self.value, "value": self.value}

    def sql(self, d: Dialect) -> str:
        return lit(self.value)


class Ref(Node):
    """A boolean fact, a profile or a vulnerability, taken as it is (true, false or unknown)."""

    __slots__ = ("key", "kind", "id", "why")

    def __init__(self, kind: str, ident: str, why: Node | None = None):
        self.kind, self.id, self.key = kind, ident, f"{kind[0]}:{ident}"
        self.why = why  # the condition of a derived fact, shown in the trace

    def ev(self, env: Env) -> Tri:
        return env[self.key]

    def trace(self, env: Env) -> dict[str, Any]:
        out = {self.kind: self.id, "value": env[self.key]}
        if self.why is not None:
            out["because"] = self.why.trace(env)
        return out

    def sql(self, d: Dialect) -> str:
        return column(self.key)

    def refs(self) -> set[str]:
        return {self.key}


class Compare(Node):
    __slots__ = ("key", "id", "op", "arg", "fn")

    def __init__(self, ident: str, op: str, arg: Any):
        self.id, self.key, self.op = ident, f"f:{ident}", op
        self.arg = frozenset(arg) if op in ("in", "not_in", "contains_any", "contains_all") else arg
        self.fn = _PY.get(op)

    def ev(self, env: Env) -> Tri:
        v = env[self.key]
        if self.op == "is_known":
            return (v is not None) is self.arg
        if v is None:
            return None
        return self.fn(v, self.arg)  # type: ignore[misc]

    def trace(self, env: Env) -> dict[str, Any]:
        arg = sorted(self.arg) if isinstance(self.arg, frozenset) else self.arg
        v = env[self.key]
        shown = sorted(v) if isinstance(v, frozenset) else v
        return {"fact": self.id, "op": self.op, "arg": arg, "fact_value": shown, "value": self.ev(env)}

    def sql(self, d: Dialect) -> str:
        col, op, arg = column(self.key), self.op, self.arg
        if op == "is_known":
            return f"({col} IS {'NOT ' if arg else ''}NULL)"
        if op in _SQL:
            return f"({col} {_SQL[op]} {lit(arg)})"
        if op in ("in", "not_in"):
            values = ", ".join(lit(v) for v in sorted(arg))
            return f"({col} {'NOT ' if op == 'not_in' else ''}IN ({values}))"
        if op == "contains":
            return d.contains(col, arg)
        if op == "contains_any":
            return f"({d.contains_any(col, sorted(arg))})"
        return f"({d.contains_all(col, sorted(arg))})"

    def refs(self) -> set[str]:
        return {self.key}


class All(Node):
    __slots__ = ("items",)

    def __init__(self, items: list[Node]):
        self.items = items

    def ev(self, env: Env) -> Tri:
        return and3(i.ev(env) for i in self.items)

    def trace(self, env: Env) -> dict[str, Any]:
        return {"all": [i.trace(env) for i in self.items], "value": self.ev(env)}

    def sql(self, d: Dialect) -> str:
        return "(" + " AND ".join(i.sql(d) for i in self.items) + ")"

    def refs(self) -> set[str]:
        return set().union(*(i.refs() for i in self.items))


class Any_(All):
    __slots__ = ()

    def ev(self, env: Env) -> Tri:
        return or3(i.ev(env) for i in self.items)

    def trace(self, env: Env) -> dict[str, Any]:
        return {"any": [i.trace(env) for i in self.items], "value": self.ev(env)}

    def sql(self, d: Dialect) -> str:
        return "(" + " OR ".join(i.sql(d) for i in self.items) + ")"


class Not(Node):
    __slots__ = ("item",)

    def __init__(self, item: Node):
        self.item = item

    def ev(self, env: Env) -> Tri:
        return not3(self.item.ev(env))

    def trace(self, env: Env) -> dict[str, Any]:
        return {"not": self.item.trace(env), "value": self.ev(env)}

    def sql(self, d: Dialect) -> str:
        return f"(NOT {self.item.sql(d)})"

    def refs(self) -> set[str]:
        return self.item.refs()


class CountTrue(All):
    """How many of the items hold, compared with N; unknown items make the count a range."""

    __slots__ = ("op", "n")

    def __init__(self, items: list[Node], op: str, n: int):
        super().__init__(items)
        self.op, self.n = op, n

    def ev(self, env: Env) -> Tri:
        return count3((i.ev(env) for i in self.items), self.op, self.n)

    def trace(self, env: Env) -> dict[str, Any]:
        return {
            "count_true": [i.trace(env) for i in self.items],
            "op": self.op,
            "n": self.n,
            "value": self.ev(env),
        }

    def sql(self, d: Dialect) -> str:
        parts = [i.sql(d) for i in self.items]
        # true -> 1, false -> 0, unknown -> 0 (lower bound) or 1 (upper bound)
        lo = " + ".join(f"coalesce(CAST({p} AS INTEGER), 0)" for p in parts)
        hi = " + ".join(f"coalesce(CAST({p} AS INTEGER), 1)" for p in parts)
        op, n = self.op, self.n
        if op == "gt":
            op, n = "ge", n + 1
        elif op == "lt":
            op, n = "le", n - 1
        if op == "ge":
            true, false = f"({lo}) >= {n}", f"({hi}) < {n}"
        elif op == "le":
            true, false = f"({hi}) <= {n}", f"({lo}) > {n}"
        else:
            true, false = f"({lo}) = {n} AND ({hi}) = {n}", f"({lo}) > {n} OR ({hi}) < {n}"
        return f"(CASE WHEN {true} THEN TRUE WHEN {false} THEN FALSE ELSE NULL END)"
