"""Screen one registration under a pack: facts → profiles → vulnerabilities → risk → routes → guards.

The result is plain JSON-ready data: every indication with the trace of why it holds, the pack id and
version, and the facts used. Same input, same output.
"""

from __future__ import annotations

from typing import Any

from mixmig.engines.policy.guards import (
    CHILD_PROCEDURE,
    GUARD_ROUTE_ID,
    GUARDED_KINDS,
    RETURN_PROCEDURES,
    child_profiles,
    child_without_guardian,
    guard_route,
)
from mixmig.engines.policy.model import Pack

NOTICE = "Screening indicates; it never decides status. The competent procedure decides."


def _json(value: Any) -> Any:
    return sorted(value) if isinstance(value, frozenset) else value


def effective_warnings(pack: Pack, reg: dict[str, Any]) -> list[str]:
    """A warning when the screening date lies outside the pack's effective period."""
    on = str(reg.get("screening_date") or "")
    start, end = pack.meta.get("effective_from"), pack.meta.get("effective_to")
    if on and start and on < start:
        return [f"screening_date {on} is before the pack's effective_from {start}"]
    if on and end and on > end:
        return [f"screening_date {on} is after the pack's effective_to {end}"]
    return []


def derive_facts(pack: Pack, reg: dict[str, Any], overrides: dict[str, Any] | None = None) -> dict[str, Any]:
    """The environment of fact values (keys 'f:<id>'), derived in declaration order."""
    env: dict[str, Any] = {}
    answers = reg.get("answers") or {}
    for fact in pack.facts:
        if overrides and fact.id in overrides:
            value = overrides[fact.id]
            env[fact.key] = frozenset(value) if isinstance(value, list) else value
        elif fact.source is not None:
            env[fact.key] = fact.source.value(reg, answers)
        else:
            env[fact.key] = fact.when.ev(env)  # type: ignore[union-attr]
    return env


def evaluate(
    pack: Pack, reg: dict[str, Any], *, trace: bool = True, facts: dict[str, Any] | None = None
) -> dict[str, Any]:
    env = derive_facts(pack, reg, facts)
    child, child_detail = child_without_guardian(reg)
    guards: list[dict[str, Any]] = []
    for p in pack.profiles:
        env[f"p:{p.id}"] = p.when.ev(env)
    uac, sep = child_profiles(pack)
    added = child is True and env[uac] is not True and env.get(sep) is not True
    if added:
        env[uac] = True
        guards.append(
            {"guard": "child_first", "action": "profile_added", "profile": uac[2:], "detail": child_detail}
        )
    held, undetermined = [], []
    for p in pack.profiles:
        value = env[f"p:{p.id}"]
        entry = {"id": p.id, "kind": p.kind, "label": p.label, "source": p.source}
        if value is True:
            by_guard = added and f"p:{p.id}" == uac
            why = {"guard": "child_first", **child_detail} if by_guard else p.when.trace(env)
            held.append({**entry, "added_by_guard": by_guard, **({"trace": why} if trace else {})})
        elif value is None:
            undetermined.append({**entry, **({"trace": p.when.trace(env)} if trace else {})})
    vulns = []
    for v in pack.vulnerabilities:
        value = v.when.ev(env)
        env[f"v:{v.id}"] = value
        if value is True:
            vulns.append(
                {
                    "id": v.id,
                    "family": v.family,
                    "label": v.label,
                    "source": v.source,
                    **({"trace": v.when.trace(env)} if trace else {}),
                }
            )
    risk, risk_trace = pack.risk_default, None
    for level in pack.risk_levels:
        if level.when.ev(env) is True:
            risk, risk_trace = level.level, (level.when.trace(env) if trace else None)
            break
    kinds = {p.kind: env[f"p:{p.id}"] for p in pack.profiles}
    unresolved = [k for k in GUARDED_KINDS if k in kinds and kinds[k] is not False]
    if child is not False and "unaccompanied_child" not in unresolved:
        unresolved.append("child_without_guardian")
    routes, blocked = [], []
    for r in pack.routes:
        if r.when.ev(env) is not True:
            continue
        if r.procedure in RETURN_PROCEDURES and unresolved:
            blocked.append(
                {"id": r.id, "procedure": r.procedure, "guard": "non_refoulement", "unresolved": unresolved}
            )
            guards.append(
                {
                    "guard": "non_refoulement",
                    "action": "route_blocked",
                    "route": r.id,
                    "unresolved": unresolved,
                }
            )
            continue
        routes.append(
            {
                **r.as_dict(),
                "label": r.label,
                "source": r.source,
                **({"trace": r.when.trace(env)} if trace else {}),
            }
        )
    if (env[uac] is True or env.get(sep) is True) and not any(
        r["procedure"] == CHILD_PROCEDURE for r in routes
    ):
        why = {"any": [{"profile": k[2:], "value": env[k]} for k in (uac, sep) if k], "value": True}
        routes.append(
            {
                **guard_route(pack.child_deadline_hours),
                "label": {"en": "Child protection (guard)"},
                "source": "DESIGN.md principle 3: a child is a child first",
                **({"trace": why} if trace else {}),
            }
        )
        guards.append({"guard": "child_first", "action": "route_added", "route": GUARD_ROUTE_ID})
    return {
        "warnings": effective_warnings(pack, reg),
        "record_id": reg.get("record_id"),
        "pack": {"id": pack.id, "version": pack.version, "jurisdiction": pack.jurisdiction},
        "notice": NOTICE,
        "profiles": held,
        "undetermined_profiles": undetermined,
        "vulnerabilities": vulns,
        "risk_level": risk,
        "risk_trace": risk_trace,
        "routes": routes,
        "blocked_routes": blocked,
        "guards": guards,
        "facts": {f.id: _json(env[f.key]) for f in pack.facts},
    }


def summary(result: dict[str, Any]) -> dict[str, str]:
    """The comparable core of a result, in the batch engine's column format (comma-joined ids)."""
    return {
        "record_id": result["record_id"],
        "profiles": ",".join(p["id"] for p in result["profiles"]),
        "undetermined_profiles": ",".join(p["id"] for p in result["undetermined_profiles"]),
        "vulnerabilities": ",".join(v["id"] for v in result["vulnerabilities"]),
        "risk_level": result["risk_level"],
        "routes": ",".join(r["id"] for r in result["routes"]),
        "blocked_routes": ",".join(r["id"] for r in result["blocked_routes"]),
    }
