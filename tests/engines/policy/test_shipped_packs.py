"""Every shipped pack loads, passes its own test cases and documents every rule's source."""

from __future__ import annotations

import pytest

from mixmig.engines.policy.casetests import run_cases
from mixmig.engines.policy.packs import resolve_pack, shipped_pack_ids


def test_three_packs_are_shipped():
    assert {"baseline"} <= set(shipped_pack_ids())
    assert len(shipped_pack_ids()) >= 3


@pytest.mark.parametrize("pack_id", shipped_pack_ids())
def test_pack_passes_its_own_cases(pack_id):
    pack = resolve_pack(pack_id)
    failures = [f"{o.name}: {o.failures}" for o in run_cases(pack) if not o.passed]
    assert not failures, "\n".join(failures)
    assert len(pack.tests) >= 5


@pytest.mark.parametrize("pack_id", shipped_pack_ids())
def test_every_rule_has_a_source_and_bilingual_label(pack_id):
    pack = resolve_pack(pack_id)
    for rule in (*pack.profiles, *pack.vulnerabilities):
        assert rule.source.strip()
        assert {"en", "zh-hans"} <= set(rule.label), rule.id
    for route in pack.routes:
        assert route.source.strip()
    for q in pack.questions:
        assert {"en", "zh-hans"} <= set(q.label), q.id
    kinds = {p.kind for p in pack.profiles}
    assert {
        "international_protection",
        "economic_migrant",
        "environmental_migrant",
        "unaccompanied_child",
        "separated_child",
        "smuggled_migrant",
        "trafficking_victim",
        "stateless",
        "returning_migrant",
    } <= kinds
