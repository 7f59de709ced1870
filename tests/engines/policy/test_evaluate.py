"""Per-record evaluation: three-valued logic, trace, determinism, and the docs describe every key."""

from __future__ import annotations

import json
from pathlib import Path

from hypothesis import given, settings
from policy_strategies import registrations

from mixmig.engines.policy import evaluate, resolve_pack
from mixmig.engines.policy.conditions import COMPARISONS, COUNT_OPS
from mixmig.engines.policy.facts import SOURCE_KINDS, age_in_years
from mixmig.engines.policy.fields import FIELDS
from mixmig.engines.policy.logic import and3, count3, not3, or3
from mixmig.engines.policy.schema import pack_schema

DOCS = Path(__file__).resolve().parents[3] / "docs" / "policy-packs.md"
BASELINE = resolve_pack("baseline")


def test_kleene_logic_matches_sql_null():
    assert and3([True, None]) is None and and3([False, None]) is False and and3([True, True]) is True
    assert or3([False, None]) is None and or3([True, None]) is True and or3([False, False]) is False
    assert not3(None) is None and not3(True) is False
    assert count3([True, None, None], "ge", 2) is None
    assert count3([True, True, None], "ge", 2) is True
    assert count3([True, False, False], "ge", 2) is False
    assert count3([True, None], "eq", 1) is None and count3([True, False], "eq", 1) is True


def test_age_rules():
    base = {"screening_date": "2026-03-01"}
    assert age_in_years({**base, "birth_precision": "exact", "birth_date": "2008-03-01"}) == 18
    assert age_in_years({**base, "birth_precision": "exact", "birth_date": "2008-03-02"}) == 17
    assert age_in_years({**base, "birth_precision": "year", "birth_year": 2008}) == 17  # lower possible age
    assert age_in_years({**base, "birth_precision": "age_estimate", "age_estimate": 19}, margin=2) == 17
    assert age_in_years({**base, "birth_precision": "unknown"}) is None
    assert age_in_years({**base, "birth_precision": "exact", "birth_date": None}) is None


def test_unknown_answers_leave_profiles_undetermined_not_false():
    reg = {
        "record_id": "x",
        "screening_date": "2026-01-01",
        "sex": "male",
        "birth_precision": "exact",
        "birth_date": "1990-01-01",
        "reasons_for_leaving": ["economic"],
    }
    result = evaluate(BASELINE, reg)
    undetermined = {p["id"] for p in result["undetermined_profiles"]}
    assert "international_protection" in undetermined and "trafficking_victim" in undetermined
    reg["answers"] = {"fear_of_return": "no", "persecution_grounds": ["none"]}
    result = evaluate(BASELINE, reg)
    assert "international_protection" not in {
        p["id"] for p in result["undetermined_profiles"] + result["profiles"]
    }


def test_trace_shows_facts_and_why_derived_facts_hold():
    reg = {
        "record_id": "x",
        "screening_date": "2026-01-01",
        "sex": "female",
        "birth_precision": "year",
        "birth_year": 1999,
        "answers": {"deceived": "yes", "documents_confiscated": "yes", "debt_owed": "no"},
    }
    result = evaluate(BASELINE, reg)
    vot = next(p for p in result["profiles"] if p["id"] == "trafficking_victim")
    first = vot["trace"]["any"][0]
    assert first["value"] is True and first["op"] == "ge" and first["n"] == 2
    assert [i["value"] for i in first["count_true"]][:3] == [True, True, False]
    assert result["facts"]["age"] == 26
    uac = evaluate(BASELINE, {**reg, "birth_year": 2012})["profiles"]
    child = next(p for p in uac if p["id"] == "unaccompanied_child")["trace"]["all"][0]
    assert child["fact"] == "child" and child["because"]["any"][0]["fact_value"] == 13


@settings(max_examples=100, deadline=None)
@given(reg=registrations())
def test_results_are_deterministic_and_json(reg):
    first = json.dumps(evaluate(BASELINE, reg), sort_keys=True, ensure_ascii=False)
    again = json.dumps(evaluate(BASELINE, json.loads(json.dumps(reg))), sort_keys=True, ensure_ascii=False)
    assert first == again
    data = json.loads(first)
    assert data["pack"] == {"id": "baseline", "version": "2026.1", "jurisdiction": "INTL"}
    assert set(data["facts"]) == {f.id for f in BASELINE.facts}
    assert data["notice"].startswith("Screening indicates")


def test_docs_describe_every_key_operator_and_source():
    doc = DOCS.read_text(encoding="utf-8")
    schema = pack_schema()
    keys = set(schema["properties"])
    for section in ("pack", "settings", "risk"):
        keys |= set(schema["properties"][section]["properties"])
    keys |= set(schema["properties"]["questions"]["items"]["properties"])
    keys |= set(schema["properties"]["facts"]["items"]["properties"])
    for d in ("rule", "profile", "route"):
        keys |= set(schema["$defs"][d]["properties"])
    keys |= set(schema["properties"]["tests"]["items"]["properties"]["expect"]["properties"])
    enums = (
        schema["$defs"]["route"]["properties"]["procedure"]["enum"]
        + schema["$defs"]["profile"]["properties"]["kind"]["enum"]
    )
    enums += schema["$defs"]["route"]["properties"]["services"]["items"]["enum"]
    for word in (
        sorted(keys) + enums + list(COMPARISONS) + list(COUNT_OPS) + list(SOURCE_KINDS) + list(FIELDS)
    ):
        assert f"`{word}`" in doc or f"{word}:" in doc, f"docs/policy-packs.md does not mention {word}"


def test_questions_to_ask_skips_answered_and_uses_the_language():
    from mixmig.engines.policy import questions_to_ask

    reg = {"answers": {"fear_of_return": "unknown", "deceived": False}}
    asked = questions_to_ask(BASELINE, reg, language="zh-hans")
    ids = [q["id"] for q in asked]
    assert "fear_of_return" not in ids and "deceived" not in ids and "harm_experienced" in ids
    harm = next(q for q in asked if q["id"] == "harm_experienced")
    assert harm["label"] == "您在本国或途中是否受到过伤害、威胁或攻击？" and harm["sensitive"] is True
    grounds = next(q for q in asked if q["id"] == "persecution_grounds")
    assert grounds["options"][1] == {"value": "religion", "label": "宗教"}
    assert questions_to_ask(BASELINE, None, language="sw")[0]["label"].startswith("Are you afraid")


def test_result_warns_outside_the_pack_effective_period():
    reg = {"record_id": "x", "screening_date": "2025-06-01", "sex": "male", "birth_precision": "unknown"}
    assert evaluate(BASELINE, reg)["warnings"] == [
        "screening_date 2025-06-01 is before the pack's effective_from 2026-01-01"
    ]
    assert evaluate(BASELINE, {**reg, "screening_date": "2026-06-01"})["warnings"] == []
