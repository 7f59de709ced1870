"""The policy commands: screen, policy test/lint/compare/xlsform, KoBo import. No database needed."""

from __future__ import annotations

import csv
import json

import pytest
from openpyxl import load_workbook

from mixmig.cli.main import _resolve

BOY = {
    "record_id": "boy-16",
    "screening_date": "2026-03-01",
    "sex": "male",
    "birth_precision": "age_estimate",
    "age_estimate": 16,
    "reasons_for_leaving": ["conflict_violence"],
    "smuggler_paid": True,
    "companions": [{"relation": "unrelated_adult", "age": 40}],
    "answers": {"fear_of_return": "yes"},
}
MAN = {
    "record_id": "man-30",
    "screening_date": "2026-03-01",
    "sex": "male",
    "birth_precision": "age_estimate",
    "age_estimate": 19,
    "reasons_for_leaving": ["economic"],
    "companions": [],
    "answers": {
        "fear_of_return": "no",
        "persecution_grounds": ["none"],
        "exploitation_types": ["none"],
        "deceived": "no",
        "documents_confiscated": "no",
        "debt_owed": "no",
        "movement_restricted": "no",
        "threatened": "no",
        "forced_to_work": "no",
    },
}


@pytest.fixture
def caseload(tmp_path):
    path = tmp_path / "caseload.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in (BOY, MAN)))
    return path


def test_console_script_maps_two_word_commands():
    known = {"policy_compare", "policy_test", "screen"}
    assert _resolve(["mixmig", "policy", "compare", "a", "b"], known) == [
        "mixmig",
        "policy_compare",
        "a",
        "b",
    ]


def test_screen_schema_prints_the_input_schema(run):
    result = run("screen", "--schema")
    schema = json.loads(result.out)
    assert schema["required"] == ["record_id", "screening_date", "sex", "birth_precision"]
    assert "companions" in schema["properties"]


def test_screen_jsonl_writes_results_with_trace(run, caseload, tmp_path):
    out = tmp_path / "out.jsonl"
    result = run("screen", str(caseload), "--pack", "baseline", "--output", str(out), "--no-progress")
    assert result.code == 0, result.err
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    assert [r["record_id"] for r in rows] == ["boy-16", "man-30"]
    boy = rows[0]
    assert boy["pack"] == {"id": "baseline", "version": "2026.1", "jurisdiction": "INTL"}
    assert {p["id"] for p in boy["profiles"]} >= {"unaccompanied_child", "international_protection"}
    assert boy["profiles"][0]["trace"]["value"] is True
    assert "child_best_interests" in {r["id"] for r in boy["routes"]}
    assert boy["notice"].startswith("Screening indicates")


def test_screen_batch_equals_per_record(run, caseload, tmp_path):
    full, batch = tmp_path / "full.jsonl", tmp_path / "batch.jsonl"
    run("screen", str(caseload), "--pack", "borealis", "--output", str(full), "--no-progress")
    run("screen", str(caseload), "--pack", "borealis", "--output", str(batch), "--batch")
    full_rows = [json.loads(x) for x in full.read_text().splitlines()]
    batch_rows = [json.loads(x) for x in batch.read_text().splitlines()]
    for f, b in zip(full_rows, sorted(batch_rows, key=lambda r: r["record_id"]), strict=True):
        assert b["routes"] == ",".join(r["id"] for r in f["routes"])


def test_screen_csv(run, tmp_path):
    path = tmp_path / "caseload.csv"
    with path.open("w", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(
            [
                "record_id",
                "screening_date",
                "sex",
                "birth_precision",
                "birth_year",
                "reasons_for_leaving",
                "companions",
                "answers.fear_of_return",
                "documents",
            ]
        )
        w.writerow(
            [
                "c1",
                "2026-02-01",
                "female",
                "year",
                "2010",
                "persecution;conflict_violence",
                "sibling:22",
                "yes",
                "passport",
            ]
        )
    out = tmp_path / "out.jsonl"
    result = run("screen", str(path), "--pack", "baseline", "--output", str(out), "--no-progress")
    assert result.code == 0, result.err
    row = json.loads(out.read_text())
    assert {p["id"] for p in row["profiles"]} == {"international_protection", "separated_child"}
    assert row["facts"]["documents"] == ["passport"]


def test_screen_bad_input_names_file_line_and_field(run, tmp_path):
    path = tmp_path / "bad.jsonl"
    path.write_text(json.dumps(BOY) + "\n" + json.dumps({**MAN, "sex": "mal"}) + "\n")
    result = run("screen", str(path), "--pack", "baseline", "--output", str(tmp_path / "o.jsonl"))
    assert result.code == 1
    assert f"{path}, line 2: sex: 'mal' is not allowed; did you mean 'male'?" in result.err


def test_screen_unknown_pack_suggests(run, caseload):
    result = run("screen", str(caseload), "--pack", "baselin")
    assert result.code == 1 and "did you mean 'baseline'?" in result.err


def test_policy_test_passes_for_shipped_packs(run):
    result = run("policy_test", "baseline", "aurelia", "borealis")
    assert result.code == 0, result.out
    assert "baseline 2026.1: 9 passed, 0 failed" in result.out


def test_policy_test_reports_failing_case_with_line(run, tmp_path):
    from importlib import resources

    text = resources.files("mixmig.packs").joinpath("baseline.yaml").read_text()
    text = text.replace(
        "      routes: [asylum, child_best_interests]\n      risk_level: critical",
        "      routes: [asylum]\n      risk_level: critical",
    )
    path = tmp_path / "pack.yaml"
    path.write_text(text)
    result = run("policy_test", str(path))
    assert result.code == 1
    assert f"FAIL {path}:" in result.out and "unexpected ['child_best_interests']" in result.out


def test_policy_lint_reports_file_line_and_suggestion(run, tmp_path):
    from importlib import resources

    text = resources.files("mixmig.packs").joinpath("aurelia.yaml").read_text()
    path = tmp_path / "typo.yaml"
    path.write_text(text.replace("when: {fact: smuggler_paid}", "when: {fact: smugler_paid}"))
    result = run("policy_lint", str(path))
    assert result.code == 1
    assert f"error: {path}:" in result.out and "did you mean 'smuggler_paid'?" in result.out
    assert run("policy_lint", "baseline", "aurelia", "borealis").code == 0


def test_policy_compare_text_and_json(run, caseload):
    text = run("policy_compare", "aurelia", "borealis", "--caseload", str(caseload))
    assert text.code == 0, text.err
    assert "records: 2" in text.out and "unaccompanied_child" in text.out
    data = json.loads(
        run("policy_compare", "aurelia", "borealis", "--caseload", str(caseload), "--format", "json").out
    )
    assert data["records"] == 2 and data["profiled_differently"] == 1
    uac = next(r for r in data["by_profile"] if r["profile"] == "unaccompanied_child")
    assert uac["only_a"] == 1 and uac["examples_only_a"] == ["man-30"]  # 19 read as 17 in aurelia only
    avr = next(r for r in data["by_procedure"] if r["procedure"] == "assisted_voluntary_return")
    assert avr["only_b"] == 1


def test_xlsform_export_is_valid_and_multilingual(run, tmp_path):
    out = tmp_path / "form.xlsx"
    result = run("policy_xlsform", "baseline", "--output", str(out))
    assert result.code == 0, result.err
    wb = load_workbook(out)
    header = [c.value for c in wb["survey"][1]]
    assert "label::Chinese (zh-hans)" in header and "label::English (en)" in header
    names = [row[1] for row in wb["survey"].iter_rows(min_row=2, values_only=True)]
    assert "fear_of_return" in names and "companions" in names


def test_kobo_submissions_are_screened(run, tmp_path):
    subs = {
        "results": [
            {
                "_uuid": "k-1",
                "registration/record_id": "kobo-1",
                "registration/screening_date": "2026-03-02",
                "registration/sex": "female",
                "registration/birth_precision": "year",
                "registration/birth_year": "1999",
                "registration/reasons_for_leaving": "economic",
                "screening/deceived": "yes",
                "screening/documents_confiscated": "yes",
                "screening/debt_owed": "yes",
                "screening/exploitation_types": "forced_labour domestic_servitude",
                "screening/fear_of_return": "no",
                "companions": [{"companions/relation": "unrelated_adult", "companions/age": "35"}],
            }
        ]
    }
    path = tmp_path / "kobo.json"
    path.write_text(json.dumps(subs))
    out = tmp_path / "out.jsonl"
    result = run("screen", str(path), "--pack", "baseline", "--kobo", "--output", str(out), "--no-progress")
    assert result.code == 0, result.err
    row = json.loads(out.read_text())
    assert row["record_id"] == "kobo-1"
    assert "trafficking_victim" in {p["id"] for p in row["profiles"]}
    assert row["facts"]["exploitation_types"] == ["domestic_servitude", "forced_labour"]


def test_docs_describe_every_policy_command_and_option():
    from pathlib import Path

    doc = (Path(__file__).resolve().parents[2] / "docs" / "policy-packs.md").read_text(encoding="utf-8")
    for command in ("screen", "policy_test", "policy_lint", "policy_compare", "policy_xlsform"):
        from django.core.management import load_command_class

        heading = "mixmig " + command.replace("_", " ")
        assert f"### `{heading}`" in doc
        section = doc.split(f"### `{heading}`", 1)[1].split("\n### ", 1)[0]
        parser = load_command_class("mixmig.cli", command).create_parser("mixmig", command)
        own = {
            "--help",
            "--version",
            "--verbosity",
            "--settings",
            "--pythonpath",
            "--traceback",
            "--no-color",
            "--force-color",
            "--skip-checks",
        }
        for action in parser._actions:
            long = [o for o in action.option_strings if o.startswith("--")]
            if long and long[0] not in own:
                assert long[0] in section, f"docs/policy-packs.md: {heading} does not describe {long[0]}"


def test_impossible_date_is_refused_with_field(run, tmp_path):
    path = tmp_path / "bad.jsonl"
    path.write_text(json.dumps({**BOY, "birth_precision": "exact", "birth_date": "2010-02-30"}) + "\n")
    result = run("screen", str(path), "--pack", "baseline", "--output", str(tmp_path / "o.jsonl"))
    assert result.code == 1 and "line 1: birth_date: '2010-02-30' is not a 'date'" in result.err


def test_xlsform_translations_reach_the_xform():
    from mixmig.engines.policy import resolve_pack
    from mixmig.engines.policy.xlsform import validate_xlsform, xlsform_bytes

    xml = validate_xlsform(xlsform_bytes(resolve_pack("aurelia")))
    assert 'lang="Chinese (zh-hans)"' in xml and 'lang="French (fr)"' in xml
    assert "您是否怀孕？" in xml and "/data/screening/fear_of_return" in xml


def test_answers_the_pack_cannot_read_are_refused(run, tmp_path):
    path = tmp_path / "bad.jsonl"
    reg = {
        **BOY,
        "answers": {"fear_of_retrun": "yes", "deceived": "maybe", "exploitation_types": ["forced_labor"]},
    }
    path.write_text(json.dumps(reg) + "\n")
    result = run("screen", str(path), "--pack", "baseline", "--output", str(tmp_path / "o.jsonl"))
    assert result.code == 1
    assert (
        "record 1: answers.fear_of_retrun: pack 'baseline' asks no question 'fear_of_retrun'; did you mean 'fear_of_return'?"
        in result.err
    )
    assert "answers.deceived: 'maybe' is not a yes/no answer" in result.err
    assert (
        "answers.exploitation_types: 'forced_labor' is not an option; did you mean 'forced_labour'?"
        in result.err
    )
