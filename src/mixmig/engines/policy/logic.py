"""Three-valued (Kleene) logic: True, False and None for "not known" — the same as SQL's NULL."""

from __future__ import annotations

from collections.abc import Iterable

Tri = bool | None


def and3(values: Iterable[Tri]) -> Tri:
    unknown = False
    for v in values:
        if v is False:
            return False
        if v is None:
            unknown = True
    return None if unknown else True


def or3(values: Iterable[Tri]) -> Tri:
    unknown = False
    for v in values:
        if v is True:
            return True
        if v is None:
            unknown = True
    return None if unknown else False


def not3(v: Tri) -> Tri:
    return None if v is None else not v


def count3(values: Iterable[Tri], op: str, n: int) -> Tri:
    """Compare how many ``values`` are true with ``n``, knowing only bounds when some are unknown."""
    lo = hi = 0
    for v in values:
        if v is True:
            lo += 1
            hi += 1
        elif v is None:
            hi += 1
    if op == "gt":
        op, n = "ge", n + 1
    elif op == "lt":
        op, n = "le", n - 1
    if op == "ge":
        return True if lo >= n else (False if hi < n else None)
    if op == "le":
        return True if hi <= n else (False if lo > n else None)
    if op == "eq":
        return True if lo == hi == n else (False if n < lo or n > hi else None)
    raise ValueError(op)
