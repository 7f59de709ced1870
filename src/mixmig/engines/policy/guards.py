"""Guards no pack can switch off (DESIGN.md principles 2 and 3), in Python and SQL.

* ``child_first``: under 18 (or age disputed and not yet assessed) and without a parent or legal guardian
  → the pack's unaccompanied-child profile holds and the person is routed to a best-interests procedure
  within the pack's ``child_protection_deadline_hours``. Age here is the engine's own (year-only birth: the
  lower possible age), not the pack's, so no pack definition can hide a child.
* ``non_refoulement``: no route to return (assisted voluntary return, return) while an indication of
  international protection, trafficking, or an unaccompanied/separated child holds *or is undetermined*.
"""

from __future__ import annotations

from typing import Any

from mixmig.engines.policy.dialect import Dialect
from mixmig.engines.policy.facts import age_in_years, age_sql, count_companions, count_companions_sql
from mixmig.engines.policy.logic import Tri, and3, or3

GUARDED_KINDS = ("international_protection", "trafficking_victim", "unaccompanied_child", "separated_child")
RETURN_PROCEDURES = frozenset({"assisted_voluntary_return", "return"})
CHILD_PROCEDURE = "best_interests_procedure"
GUARD_ROUTE_ID = "guard_child_protection"
GUARDIANS = frozenset({"parent", "legal_guardian"})
MAJORITY = 18


def child_without_guardian(reg: dict[str, Any]) -> tuple[Tri, dict[str, Any]]:
    age = age_in_years(reg, 0)
    disputed = reg.get("age_disputed") is True
    guardians = count_companions(reg, GUARDIANS, None, None)
    minor = or3([None if age is None else age < MAJORITY, disputed])
    value = and3([minor, guardians == 0])
    return value, {"age": age, "age_disputed": disputed, "parents_or_guardians": guardians, "value": value}


def child_without_guardian_sql(d: Dialect) -> str:
    guardians = count_companions_sql(d, GUARDIANS, None, None)
    return f"(({age_sql(0)} < {MAJORITY} OR (age_disputed IS TRUE)) AND ({guardians} = 0))"


def child_profiles(pack: Any) -> tuple[str, str]:
    """Environment keys of the pack's unaccompanied-child profile and separated-child profile ('' if none)."""
    uac = next(p.id for p in pack.profiles if p.kind == "unaccompanied_child")
    sep = next((p.id for p in pack.profiles if p.kind == "separated_child"), None)
    return f"p:{uac}", (f"p:{sep}" if sep else "")


def guard_route(deadline_hours: int) -> dict[str, Any]:
    return {
        "id": GUARD_ROUTE_ID,
        "procedure": CHILD_PROCEDURE,
        "services": ["child_protection", "guardianship"],
        "priority": "urgent",
        "deadline_hours": deadline_hours,
        "decided_by": "child protection authority (best-interests procedure)",
    }
