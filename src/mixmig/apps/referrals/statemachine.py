"""Explicit transition tables with named guards (DESIGN.md house style), shared by referrals and cases.

A table maps ``(old, new)`` to the names of guards that must all pass. A pair not in the table raises
``IllegalTransition``; a failing guard raises ``GuardFailed`` naming the guard and saying how to fix it.
Nothing is ever silently skipped.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

Guard = Callable[..., str | None]  # returns None when satisfied, else a message saying what is missing


class IllegalTransition(Exception):
    """The record cannot go from ``old`` to ``new`` (faces answer 409)."""

    def __init__(self, kind: str, old: str, new: str, allowed: Iterable[str]):
        self.kind, self.old, self.new = kind, old, new
        self.allowed = sorted(allowed)
        allowed_text = ", ".join(self.allowed) or "none (final state)"
        super().__init__(f"a {kind} cannot go from {old!r} to {new!r}; allowed from {old!r}: {allowed_text}")


class GuardFailed(IllegalTransition):
    """The transition exists but a named guard refused it."""

    def __init__(self, kind: str, old: str, new: str, guard: str, message: str):
        Exception.__init__(self, f"{kind} {old} → {new} refused by {guard}: {message}")
        self.kind, self.old, self.new, self.guard, self.message = kind, old, new, guard, message
        self.allowed = []


@dataclass(frozen=True)
class Machine:
    kind: str
    states: tuple[str, ...]
    transitions: dict[tuple[str, str], tuple[str, ...]]
    guards: dict[str, Guard]

    def __post_init__(self):
        for (old, new), names in self.transitions.items():
            assert old in self.states and new in self.states, (old, new)
            for name in names:
                assert name in self.guards, f"{self.kind}: guard {name!r} is not defined"

    def allowed_from(self, old: str) -> list[str]:
        return [new for (o, new) in self.transitions if o == old]

    def check(self, old: str, new: str, **context) -> None:
        """Raise unless ``old → new`` is in the table and every one of its guards passes."""
        if (old, new) not in self.transitions:
            raise IllegalTransition(self.kind, old, new, self.allowed_from(old))
        for name in self.transitions[(old, new)]:
            message = self.guards[name](**context)
            if message:
                raise GuardFailed(self.kind, old, new, name, message)

    def final(self, state: str) -> bool:
        return not self.allowed_from(state)
