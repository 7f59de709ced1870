"""Run a pack's own test cases: registration (and/or fact overrides) → expected indications."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from mixmig.engines.policy.evaluate import evaluate
from mixmig.engines.policy.loader import test_registration
from mixmig.engines.policy.model import Pack

_LISTS = ("profiles", "undetermined_profiles", "vulnerabilities", "routes", "blocked_routes")


@dataclass
class CaseOutcome:
    name: str
    line: int | None
    failures: list[str] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return not self.failures


def run_case(pack: Pack, case: dict[str, Any], line: int | None = None) -> CaseOutcome:
    result = evaluate(pack, test_registration(case), facts=case.get("facts"))
    outcome = CaseOutcome(case["name"], line)
    expect = case["expect"]
    for key in _LISTS:
        if key in expect:
            got = {item["id"] for item in result[key]}
            want = set(expect[key])
            if got != want:
                missing, extra = sorted(want - got), sorted(got - want)
                outcome.failures.append(
                    f"{key}: expected {sorted(want)}, got {sorted(got)} (missing {missing}, unexpected {extra})"
                )
    if "risk_level" in expect and result["risk_level"] != expect["risk_level"]:
        outcome.failures.append(f"risk_level: expected {expect['risk_level']}, got {result['risk_level']}")
    for fid, want in expect.get("facts", {}).items():
        got = result["facts"][fid]
        if got != (sorted(want) if isinstance(want, list) else want):
            outcome.failures.append(f"fact {fid}: expected {want!r}, got {got!r}")
    return outcome


def run_cases(pack: Pack) -> list[CaseOutcome]:
    lines = pack.test_lines or (None,) * len(pack.tests)
    return [run_case(pack, case, line) for case, line in zip(pack.tests, lines, strict=True)]
