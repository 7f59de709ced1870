"""A loaded, checked policy pack: plain dataclasses the evaluator and the SQL compiler read."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from mixmig.engines.policy.conditions import Node
from mixmig.engines.policy.facts import Source

Labels = dict[str, str]


@dataclass(frozen=True)
class Question:
    id: str
    type: str
    label: Labels
    hint: Labels = field(default_factory=dict)
    options: tuple[tuple[str, Labels], ...] = ()
    sensitive: bool = False
    source: str = ""


@dataclass(frozen=True)
class Fact:
    id: str
    type: str
    values: tuple[str, ...] | None
    source: Source | None  # derived from the registration
    when: Node | None  # or a condition over earlier facts
    label: Labels = field(default_factory=dict)
    note: str = ""

    @property
    def key(self) -> str:
        return f"f:{self.id}"


@dataclass(frozen=True)
class Rule:
    """A profile (``kind`` set) or a vulnerability (``family`` set)."""

    id: str
    label: Labels
    when: Node
    source: str
    kind: str = ""
    family: str = ""
    line: int | None = None


@dataclass(frozen=True)
class RiskLevel:
    level: str
    when: Node
    source: str


@dataclass(frozen=True)
class Route:
    id: str
    procedure: str
    services: tuple[str, ...]
    priority: str
    deadline_hours: int
    when: Node
    source: str
    label: Labels = field(default_factory=dict)
    decided_by: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "procedure": self.procedure,
            "services": list(self.services),
            "priority": self.priority,
            "deadline_hours": self.deadline_hours,
            "decided_by": self.decided_by,
        }


@dataclass(frozen=True)
class Pack:
    id: str
    version: str
    jurisdiction: str
    title: Labels
    meta: dict[str, Any]
    settings: dict[str, Any]
    questions: tuple[Question, ...]
    facts: tuple[Fact, ...]
    profiles: tuple[Rule, ...]
    vulnerabilities: tuple[Rule, ...]
    risk_default: str
    risk_levels: tuple[RiskLevel, ...]
    routes: tuple[Route, ...]
    tests: tuple[dict[str, Any], ...]
    file: str
    test_lines: tuple[int | None, ...] = ()

    @property
    def child_deadline_hours(self) -> int:
        return int(self.settings["child_protection_deadline_hours"])

    def profile_of_kind(self, kind: str) -> Rule:
        return next(p for p in self.profiles if p.kind == kind)

    def question(self, qid: str) -> Question:
        return next(q for q in self.questions if q.id == qid)
