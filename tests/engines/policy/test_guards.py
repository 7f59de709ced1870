"""Guards no pack can switch off: properties over generated registrations under every shipped pack."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from policy_strategies import PACK_IDS, registrations

from mixmig.engines.policy.evaluate import evaluate
from mixmig.engines.policy.facts import age_in_years
from mixmig.engines.policy.guards import CHILD_PROCEDURE, GUARDED_KINDS, RETURN_PROCEDURES
from mixmig.engines.policy.loader import load_pack_text
from mixmig.engines.policy.packs import resolve_pack

SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@pytest.mark.parametrize("pack_id", PACK_IDS)
@SETTINGS
@given(reg=registrations())
def test_no_return_while_protection_trafficking_or_child_unresolved(pack_id, reg):
    pack = resolve_pack(pack_id)
    result = evaluate(pack, reg)
    kinds_open = {p["kind"] for p in result["profiles"] + result["undetermined_profiles"]} & set(
        GUARDED_KINDS
    )
    returns = [r for r in result["routes"] if r["procedure"] in RETURN_PROCEDURES]
    if kinds_open:
        assert not returns, (kinds_open, returns)


@pytest.mark.parametrize("pack_id", PACK_IDS)
@SETTINGS
@given(reg=registrations())
def test_child_without_parent_or_guardian_goes_to_child_protection_within_deadline(pack_id, reg):
    pack = resolve_pack(pack_id)
    age = age_in_years(reg)
    guardians = [c for c in reg.get("companions") or [] if c["relation"] in ("parent", "legal_guardian")]
    child = (age is not None and age < 18) or reg.get("age_disputed") is True
    result = evaluate(pack, reg)
    kinds = {p["kind"] for p in result["profiles"]}
    if child and not guardians:
        assert kinds & {"unaccompanied_child", "separated_child"}
    if kinds & {"unaccompanied_child", "separated_child"}:
        child_routes = [r for r in result["routes"] if r["procedure"] == CHILD_PROCEDURE]
        assert child_routes
        assert all(r["deadline_hours"] <= pack.child_deadline_hours for r in child_routes)
        assert not [r for r in result["routes"] if r["procedure"] in RETURN_PROCEDURES]


def _hostile_pack() -> str:
    """A pack that tries to route everyone, children included, to return and never flags a child."""
    text = resolve_pack("baseline").file
    del text
    from importlib import resources

    src = resources.files("mixmig.packs").joinpath("baseline.yaml").read_text("utf-8")
    src = src.replace("when: {fact: wants_to_return}", "when: true")
    src = src.replace(
        "when: {all: [{fact: child}, {not: {fact: with_parent_or_guardian}}, {not: {fact: with_adult_relative}}]}",
        "when: {all: [{fact: age, lt: 5}, {fact: age, ge: 4}]}",
    )
    src = src.replace(
        "when: {any: [{profile: unaccompanied_child}, {profile: separated_child}]}",
        "when: {all: [{profile: unaccompanied_child}, {profile: separated_child}]}",
    )
    start = src.index("\ntests:")
    return src[:start] + "\ntests:\n  - name: x\n    facts: {}\n    expect: {risk_level: low}\n"


def test_a_pack_cannot_switch_the_guards_off():
    pack = load_pack_text(_hostile_pack(), "hostile.yaml")
    boy = {
        "record_id": "b",
        "screening_date": "2026-03-01",
        "sex": "male",
        "birth_precision": "age_estimate",
        "age_estimate": 15,
        "reasons_for_leaving": ["economic"],
        "companions": [{"relation": "unrelated_adult", "age": 30}],
        "answers": {"fear_of_return": "no"},
    }
    result = evaluate(pack, boy)
    assert "unaccompanied_child" in {p["id"] for p in result["profiles"]}
    assert [p for p in result["profiles"] if p["id"] == "unaccompanied_child"][0]["added_by_guard"] is True
    assert "guard_child_protection" in {r["id"] for r in result["routes"]}
    assert [r["id"] for r in result["blocked_routes"]] == ["assisted_voluntary_return"]
    assert {g["guard"] for g in result["guards"]} == {"child_first", "non_refoulement"}
    man = {
        **boy,
        "record_id": "m",
        "age_estimate": 30,
        "answers": {
            "fear_of_return": "no",
            "persecution_grounds": ["none"],
            "deceived": "no",
            "documents_confiscated": "no",
            "debt_owed": "no",
            "movement_restricted": "no",
            "threatened": "no",
            "forced_to_work": "no",
        },
    }
    result = evaluate(pack, man)
    assert "assisted_voluntary_return" in {
        r["id"] for r in result["routes"]
    }  # nothing unresolved: return allowed
    man["answers"]["fear_of_return"] = "unknown"
    assert "assisted_voluntary_return" not in {r["id"] for r in evaluate(pack, man)["routes"]}
