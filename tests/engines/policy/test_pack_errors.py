"""A pack author's mistakes are reported with file, line and a suggestion; nothing is half-loaded."""

from __future__ import annotations

import textwrap

import pytest

from mixmig.engines.policy.errors import PackError
from mixmig.engines.policy.loader import load_pack_file, load_pack_text

MINIMAL = textwrap.dedent(
    """\
    pack:
      id: tiny
      version: "1"
      jurisdiction: XAA
      title: {en: Tiny}
      effective_from: "2026-01-01"
      legal_basis: [{id: note, note: test}]
    settings: {child_protection_deadline_hours: 24}
    questions:
      - {id: fear_of_return, type: yes_no, label: {en: Fear, zh-hans: 害怕}}
    facts:
      - {id: age, type: integer, from: {age_years: {}}}
      - {id: sex, type: string, from: {field: sex}}
      - {id: fear, type: boolean, from: {answer: fear_of_return}}
      - {id: child, type: boolean, when: {fact: age, lt: 18}}
    profiles:
      - {id: ip, kind: international_protection, label: {en: IP}, when: {fact: fear}, source: test}
      - {id: vot, kind: trafficking_victim, label: {en: VoT}, when: false_placeholder, source: test}
      - {id: uac, kind: unaccompanied_child, label: {en: UAC}, when: {fact: child}, source: test}
    routes:
      - {id: asylum, procedure: asylum, priority: high, deadline_hours: 72, when: {profile: ip}, source: test}
    tests:
      - name: fear
        registration: {answers: {fear_of_return: yes}}
        expect: {profiles: [ip]}
    """
).replace("false_placeholder", "{fact: fear}")


def errors(text: str) -> list:
    with pytest.raises(PackError) as exc:
        load_pack_text(text, "pack.yaml")
    return exc.value.problems


def test_minimal_pack_loads():
    pack = load_pack_text(MINIMAL, "pack.yaml")
    assert [p.id for p in pack.profiles] == ["ip", "vot", "uac"]


def test_unknown_fact_names_file_line_and_suggests():
    text = MINIMAL.replace("when: {fact: child}", "when: {fact: chlid}")
    [problem] = errors(text)
    assert problem.file == "pack.yaml"
    assert problem.line == 19
    assert "unknown fact 'chlid'" in problem.message and "did you mean 'child'?" in problem.message
    assert str(problem).startswith("pack.yaml:19 [profiles[2].when.fact]")


def test_unknown_operator_suggests_the_right_one():
    [problem] = errors(MINIMAL.replace("{fact: age, lt: 18}", "{fact: age, less_than: 18}"))
    assert problem.line == 15
    assert "unknown operator 'less_than'" in problem.message and "allowed:" in problem.message


def test_operator_typo_suggestion():
    [problem] = errors(MINIMAL.replace("{fact: age, lt: 18}", "{fact: age, gte: 18}"))
    assert "did you mean 'ge'?" in problem.message


def test_type_mismatch():
    [problem] = errors(MINIMAL.replace("{fact: age, lt: 18}", "{fact: age, lt: eighteen}"))
    assert "type mismatch" in problem.message and problem.line == 15
    [problem] = errors(MINIMAL.replace("{fact: age, lt: 18}", "{fact: sex, lt: 18}"))
    assert "type mismatch: fact 'sex' is string" in problem.message


def test_value_outside_allowed_values_suggests():
    [problem] = errors(MINIMAL.replace("{fact: age, lt: 18}", "{fact: sex, eq: femal}"))
    assert "did you mean 'female'?" in problem.message


def test_duplicate_ids_point_at_both_lines():
    text = MINIMAL.replace("id: uac, kind: unaccompanied_child", "id: ip, kind: unaccompanied_child")
    problems = errors(text)
    dup = [p for p in problems if "duplicate id 'ip'" in p.message]
    assert dup and dup[0].line == 19 and "first declared at line 17" in dup[0].message


def test_unreachable_rule():
    text = MINIMAL.replace("when: {fact: child}", "when: {all: [{fact: age, lt: 18}, {fact: age, ge: 18}]}")
    [problem] = errors(text)
    assert problem.line == 19 and "unreachable profile 'uac'" in problem.message
    text = MINIMAL.replace("when: {profile: ip}", "when: {all: [{profile: ip}, {not: {profile: ip}}]}")
    [problem] = errors(text)
    assert "unreachable route 'asylum'" in problem.message


def test_unknown_key_in_rule_suggests():
    problems = errors(MINIMAL.replace("deadline_hours: 72", "deadline_hour: 72"))
    assert {p.line for p in problems} == {21}
    assert any("unknown key 'deadline_hour'; did you mean 'deadline_hours'?" in p.message for p in problems)
    assert any("'deadline_hours' is required" in p.message for p in problems)


def test_bad_yaml_reports_line():
    [problem] = errors(MINIMAL.replace("    expect: {profiles: [ip]}", "    expect: {profiles: [ip]"))
    assert "invalid YAML" in problem.message and problem.line is not None


def test_enum_value_suggests():
    [problem] = errors(MINIMAL.replace("procedure: asylum", "procedure: asylm"))
    assert "did you mean 'asylum'?" in problem.message and problem.line == 21


def test_guard_kinds_are_required():
    problems = errors(MINIMAL.replace("kind: unaccompanied_child", "kind: other"))
    assert any("need a profile of kind 'unaccompanied_child'" in p.message for p in problems)


def test_best_interests_route_must_meet_child_deadline():
    text = MINIMAL.replace(
        "\ntests:",
        "\n  - {id: bip, procedure: best_interests_procedure, priority: urgent, deadline_hours: 96, when: {profile: uac}, source: test}\ntests:",
    )
    assert any("child_protection_deadline_hours (24)" in p.message for p in errors(text))


def test_forward_reference_is_explained():
    text = MINIMAL.replace(
        "when: {fact: fear}, source: test}\n  - {id: vot", "when: {profile: uac}, source: test}\n  - {id: vot"
    )
    problems = errors(text)
    assert any("declared later" in p.message for p in problems)


def test_several_problems_are_all_reported_and_nothing_loads(tmp_path):
    text = MINIMAL.replace("{fact: child}", "{fact: chlid}").replace(
        "{fact: age, lt: 18}", "{fact: age, lt: x}"
    )
    path = tmp_path / "bad.yaml"
    path.write_text(text)
    with pytest.raises(PackError) as exc:
        load_pack_file(path)
    assert len(exc.value.problems) == 2
    assert all(p.file == str(path) for p in exc.value.problems)


def test_test_case_expectations_are_checked():
    [problem] = errors(MINIMAL.replace("expect: {profiles: [ip]}", "expect: {profiles: [iip]}"))
    assert "unknown profile 'iip'" in problem.message and "did you mean 'ip'?" in problem.message


def test_duplicate_yaml_key():
    [problem] = errors(
        MINIMAL.replace(
            "settings: {child_protection_deadline_hours: 24}",
            "settings: {child_protection_deadline_hours: 24, child_protection_deadline_hours: 12}",
        )
    )
    assert "appears twice" in problem.message and problem.line == 8
