"""`mixmig import registrations` and `mixmig export registrations` through call_command."""

from __future__ import annotations

import csv
import io
import json

import pytest

from mixmig.apps.audit.models import AuditEvent
from mixmig.apps.registry.models import GroupRelation, Registration

pytestmark = pytest.mark.django_db


def _import(run, path, user="officer", site="lampedusa", *extra):
    return run("import_registrations", str(path), "--site", site, "--as", user, *extra)


def _rows(text: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(text)))


def test_import_csv_registers_the_group_with_relations_and_the_single_person(personas, run, example_file):
    result = _import(run, example_file)
    assert result.code == 0, result.err
    assert "imported 6 of 6 row(s)" in result.out
    regs = Registration.objects.order_by("pk")
    assert regs.count() == 6
    family = [r for r in regs if r.group_id]
    assert len(family) == 5 and len({r.group_id for r in family}) == 1
    relations = {(r.subject.given_name, r.other.given_name, r.relation) for r in GroupRelation.objects.all()}
    assert ("Tesfay", "Dawit", "unrelated_adult") in relations
    assert ("Tesfay", "Saba", "spouse") in relations
    assert ("Saba", "Yonas", "parent") not in relations  # only what the file says
    father = regs.get(given_name="Tesfay", family_name="Kidane")
    assert father.documents.get().number == "P1234567"
    assert [leg.country for leg in father.legs.all()] == ["SDN", "LBY"]
    assert father.contacts.get().value == "+218912345678"
    single = regs.get(given_name="Mohamed")
    assert single.group_id is None and single.birth_date.isoformat() == "1998-01-01"
    event = AuditEvent.objects.filter(action="registrations.imported").get()
    assert event.details["imported"] == 6 and event.channel == "cli"


def test_import_xlsx(personas, run, tmp_path, example_text):
    from openpyxl import Workbook

    rows = list(csv.reader(io.StringIO(example_text)))
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    sheet.cell(row=7, column=11).value = __import__("datetime").datetime(1998, 1, 1)  # a real date cell
    path = tmp_path / "registrations.xlsx"
    book.save(path)
    result = _import(run, path)
    assert result.code == 0, result.err
    assert Registration.objects.count() == 6
    assert Registration.objects.get(given_name="Mohamed").birth_date.isoformat() == "1998-01-01"


def _with_bad_row(example_file):
    lines = example_file.read_text(encoding="utf-8").splitlines()
    lines[4] = lines[4].replace(",,,6,ERI,", ",2999-01-01,,,ERI,")  # Helen born in the future (row 5)
    lines[6] = lines[6].replace(",SDN,ara,", ",SD,ara,")  # Mohamed: alpha-2 nationality (row 7)
    example_file.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return example_file


def test_one_bad_row_writes_nothing_and_names_every_error(personas, run, example_file):
    before = AuditEvent.objects.count()
    result = _import(run, _with_bad_row(example_file))
    assert result.code == 1
    assert (
        "registrations.csv: row 5, field birth_date: 2999-01-01 is after the registration date" in result.err
    )
    assert "registrations.csv: row 7, field nationalities: 'SD' is not an ISO 3166-1 alpha-3" in result.err
    assert "nothing was imported" in result.err
    assert Registration.objects.count() == 0
    assert AuditEvent.objects.count() == before


def test_skip_invalid_imports_valid_groups_and_reports_row_by_row(personas, run, example_file, tmp_path):
    lines = example_file.read_text(encoding="utf-8").splitlines()
    lines[4] = lines[4].replace(",,,6,ERI,", ",2999-01-01,,,ERI,")
    example_file.write_text("\n".join(lines) + "\n", encoding="utf-8")
    report = tmp_path / "report.csv"
    result = _import(run, example_file, "officer", "lampedusa", "--skip-invalid", "--report", str(report))
    assert result.code == 1  # some rows skipped
    assert "imported 1 of 6 row(s)" in result.out
    assert list(Registration.objects.values_list("given_name", flat=True)) == ["Mohamed"]
    lines = _rows(report.read_text(encoding="utf-8"))
    by_row = {}
    for line in lines:
        by_row.setdefault(int(line["row"]), []).append(line)
    assert by_row[5][0]["status"] == "skipped" and by_row[5][0]["field"] == "birth_date"
    assert all(
        line["status"] == "skipped" and line["field"] == "group" for n in (2, 3, 4, 6) for line in by_row[n]
    )
    assert by_row[7][0]["status"] == "imported" and by_row[7][0]["person_number"]


def test_non_utf8_csv_is_refused_with_offset_row_and_advice(personas, run, tmp_path):
    path = tmp_path / "latin1.csv"
    path.write_bytes("given_name,family_name\nAmina,Haile\nJosé,Pérez\n".encode("latin-1"))
    result = _import(run, path)
    assert result.code == 1
    assert "not UTF-8" in result.err and "offset 38" in result.err and "(row 3)" in result.err
    assert "CSV UTF-8" in result.err
    assert Registration.objects.count() == 0


def test_oversized_file_is_refused(personas, run, tmp_path, settings):
    settings.MAX_UPLOAD_BYTES = 1024
    path = tmp_path / "big.csv"
    path.write_text("given_name\n" + "Amina\n" * 400, encoding="utf-8")
    result = _import(run, path)
    assert result.code == 1 and "the limit is 1024 bytes" in result.err
    assert Registration.objects.count() == 0


def test_unknown_and_missing_columns_are_reported(personas, run, tmp_path):
    path = tmp_path / "columns.csv"
    path.write_text("nickname,sex\nAmi,female\n", encoding="utf-8")
    result = _import(run, path)
    assert result.code == 1
    assert "columns.csv: row 1, field nickname: unknown column" in result.err
    assert "missing column: at least one of given_name" in result.err
    path.write_text("given_name,documentx_number\nAmina,1\n", encoding="utf-8")
    assert "field documentx_number: unknown column" in _import(run, path).err


def test_unsupported_type_and_unknown_site(personas, run, tmp_path, example_file):
    path = tmp_path / "file.txt"
    path.write_text("given_name\nAmina\n", encoding="utf-8")
    assert "use .csv (UTF-8) or .xlsx" in _import(run, path).err
    result = _import(run, example_file, "officer", "atlantis")
    assert result.code == 1 and "field site: no site with code 'atlantis'" in result.err


@pytest.mark.parametrize("user", ["caseworker", "analyst", "dpo", "admin"])
def test_role_without_person_import_is_refused(personas, run, example_file, user):
    result = _import(run, example_file, user)
    assert result.code == 3 and "person.import" in result.err
    assert Registration.objects.count() == 0


def test_unknown_user_is_refused(personas, run, example_file):
    result = _import(run, example_file, "nobody")
    assert result.code == 1 and "no active user named 'nobody'" in result.err


def _export(run, user, *extra):
    return run("export_registrations", "--as", user, *extra)


def test_export_respects_scope_agency_b_never_appears(personas, run, register, tmp_path):
    register(personas.officer, given_name="Amina", family_name="Haile")
    register(personas.officer_b, given_name="Zainab", family_name="Othman")
    out = tmp_path / "a.csv"
    result = _export(run, "supervisor", "--output", str(out))
    assert result.code == 0, result.err
    rows = _rows(out.read_text(encoding="utf-8"))
    assert [r["given_name"] for r in rows] == ["Amina"]
    assert "Zainab" not in out.read_text(encoding="utf-8")
    out_json = tmp_path / "a.json"
    assert _export(run, "dpo", "--format", "json", "--output", str(out_json)).code == 0
    data = json.loads(out_json.read_text(encoding="utf-8"))
    assert data["count"] == 1 and data["registrations"][0]["family_name"] == "Haile"
    assert (
        data["registrations"][0]["nationalities"] == [] and data["registrations"][0]["smuggler_paid"] is None
    )
    assert "Zainab" not in out_json.read_text(encoding="utf-8")


def test_export_filters_and_one_audit_event_without_personal_values(personas, run, register, tmp_path):
    register(personas.officer, given_name="Amina", family_name="Haile", nationalities="ERI")
    register(personas.officer, given_name="Omar", family_name="Saleh", nationalities="SYR")
    before = AuditEvent.objects.count()
    out = tmp_path / "eri.csv"
    result = _export(run, "supervisor", "--nationality", "ERI", "--output", str(out))
    assert result.code == 0 and "exported 1 registration(s)" in result.out
    assert [r["given_name"] for r in _rows(out.read_text(encoding="utf-8"))] == ["Amina"]
    events = list(AuditEvent.objects.filter(pk__gt=0).order_by("pk"))[before:]
    assert [e.action for e in events] == ["registrations.exported"]
    assert events[0].details == {"count": 1, "format": "csv", "filters": {"nationality": "ERI"}}
    assert "Amina" not in json.dumps(events[0].details) and events[0].channel == "cli"


@pytest.mark.parametrize("user", ["officer", "caseworker", "analyst", "admin"])
def test_role_without_person_export_is_refused(personas, run, register, user):
    register(personas.officer)
    result = _export(run, user)
    assert result.code == 3 and "person.export" in result.err
    assert not AuditEvent.objects.filter(action="registrations.exported").exists()


FIELDS = [
    "given_name", "family_name", "given_name_original", "family_name_original", "original_script", "sex",
    "birth_date", "birth_year", "birth_precision", "age_estimate", "nationalities", "languages", "origin_country",
    "departed_on", "intended_destination", "transport_mode", "smuggler_paid", "journey_cost",
    "journey_cost_currency", "reasons_for_leaving", "registered_on",
]  # fmt: skip


def _snapshot(reg) -> tuple:
    docs = [(d.kind, d.number, d.issuing_country, d.expires_on) for d in reg.documents.all()]
    legs = [
        (leg.country, leg.place, leg.arrived_on, leg.departed_on, leg.transport_mode)
        for leg in reg.legs.all()
    ]
    phones = sorted(c.value for c in reg.contacts.all())
    return (
        tuple(
            getattr(reg, f) if not isinstance(getattr(reg, f), list) else tuple(getattr(reg, f))
            for f in FIELDS
        ),
        tuple(docs),
        tuple(legs),
        tuple(phones),
    )


def _relations(regs) -> set:
    names = {r.pk: r.given_name for r in regs}
    return {
        (names[g.subject_id], names[g.other_id], g.relation)
        for g in GroupRelation.objects.filter(subject_id__in=names)
    }


def test_export_then_import_round_trips(personas, run, example_file, tmp_path):
    assert _import(run, example_file).code == 0
    originals = list(Registration.objects.order_by("pk"))
    out = tmp_path / "export.csv"
    assert _export(run, "supervisor", "--output", str(out)).code == 0
    result = _import(run, out)
    assert result.code == 0, result.err
    copies = list(Registration.objects.filter(pk__gt=originals[-1].pk).order_by("pk"))
    assert len(copies) == len(originals)
    assert sorted(map(_snapshot, copies)) == sorted(map(_snapshot, originals))
    # the same persons (person_number column), a new encounter each; relations survive
    assert sorted(r.person_id for r in copies) == sorted(r.person_id for r in originals)
    assert _relations(copies) == _relations(originals)
