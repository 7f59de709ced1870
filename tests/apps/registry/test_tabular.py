"""Table rows ↔ registrations: reading files, column mapping, group and relation checks."""

from __future__ import annotations

import pytest

from mixmig.apps.registry import tabular, tabular_export, tabular_import
from mixmig.apps.registry.errors import NotPermitted
from mixmig.apps.registry.models import Registration


def test_columns_are_all_known_and_documented():
    from pathlib import Path

    doc = (Path(__file__).resolve().parents[3] / "docs" / "import-format.md").read_text(encoding="utf-8")
    for column in tabular.columns(1, 1):
        assert tabular.known_column(column)
        documented = column.replace("document1_", "documentN_").replace("leg1_", "legN_")
        assert f"`{documented}`" in doc, f"{documented} is not documented in docs/import-format.md"
    assert tabular.known_column("document12_number") and tabular.known_column("leg3_place")
    assert not tabular.known_column("document1_colour") and not tabular.known_column("nickname")


def test_row_to_member_builds_documents_legs_and_answers():
    member = tabular.row_to_member(
        {
            "given_name": "Amina", "family_name": "", "document2_number": "B2", "document1_number": "A1",
            "document1_kind": "passport", "leg1_country": "LBY", "leg2_country": "TUN", "leg2_place": "Sfax",
            "screening_answers": '{"q1": "yes"}', "person_number": "",
        }
    )  # fmt: skip
    assert member["given_name"] == "Amina" and "family_name" not in member
    assert member["documents"] == [{"number": "A1", "kind": "passport"}, {"number": "B2"}]
    assert member["legs"] == [{"country": "LBY"}, {"country": "TUN", "place": "Sfax"}]
    assert member["screening_answers"] == {"q1": "yes"} and "person_number" not in member


@pytest.mark.parametrize(
    ("field", "column"),
    [
        ("documents[0].number", "document1_number"),
        ("members[2].legs[1].arrived_on", "leg2_arrived_on"),
        ("members[1].phones[0]", "phones"),
        ("birth_date", "birth_date"),
    ],
)
def test_validator_fields_map_back_to_columns(field, column):
    assert tabular.column_of(field) == column


def test_read_table_semicolons_bom_blank_rows_and_hxl_row(tmp_path):
    path = tmp_path / "t.csv"
    path.write_bytes("\ufeffGiven Name;family_name\n#person+name;#person+surname\n\n Amina ;Haile\n".encode())
    header, rows = tabular.read_table(path)
    assert header == ["given_name", "family_name"]
    assert rows == [(4, {"given_name": "Amina", "family_name": "Haile"})]


def test_read_table_refuses_empty_and_damaged_files(tmp_path):
    empty = tmp_path / "e.csv"
    empty.write_text("", encoding="utf-8")
    with pytest.raises(tabular.TableProblem, match="empty"):
        tabular.read_table(empty)
    damaged = tmp_path / "d.xlsx"
    damaged.write_bytes(b"not a zip")
    with pytest.raises(tabular.TableProblem, match="not a readable .xlsx"):
        tabular.read_table(damaged)


def _write(tmp_path, text):
    path = tmp_path / "g.csv"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.django_db
def test_group_errors_name_the_row(personas, tmp_path):
    path = _write(
        tmp_path,
        "group,member,relation_to,relation,given_name,registered_on\n"
        "G,a,b,parent,Amina,2025-01-02\n"
        "G,a,zz,cousin,Saba,2025-01-03\n"
        "G,c,a;b,parent;sibling;spouse,Yonas,2025-01-02\n",
    )
    result = tabular_import.import_registrations(personas.officer, path, "lampedusa")
    messages = {(e.row, e.field): e.message for e in result.errors}
    assert "differs from row 2" in messages[(3, "registered_on")]
    assert "already used in row 2" in messages[(3, "member")]
    assert "'zz' is not a member label" in messages[(3, "relation_to")]
    assert "one per relation_to value" in messages[(4, "relation")]
    assert Registration.objects.count() == 0


@pytest.mark.django_db
def test_bad_relation_value_lists_the_allowed_ones(personas, tmp_path):
    path = _write(tmp_path, "group,member,relation_to,relation,given_name\nG,a,b,cousin,Amina\nG,b,,,Saba\n")
    result = tabular_import.import_registrations(personas.officer, path, "lampedusa")
    (error,) = result.errors
    assert (error.row, error.field) == (2, "relation") and "parent, legal_guardian" in error.message


@pytest.mark.django_db
def test_person_number_of_an_invisible_person_is_an_error_on_its_row(personas, register, tmp_path):
    other = register(personas.officer_b)
    path = _write(tmp_path, f"person_number,given_name\n{other.person.number},Amina\n")
    result = tabular_import.import_registrations(personas.officer, path, "lampedusa")
    (error,) = result.errors
    assert (error.row, error.field) == (
        2,
        "person_number",
    ) and "not a person number you can see" in error.message
    assert Registration.objects.count() == 1


@pytest.mark.django_db
def test_service_refuses_roles_without_person_import(personas, tmp_path):
    path = _write(tmp_path, "given_name\nAmina\n")
    with pytest.raises(NotPermitted, match="person.import"):
        tabular_import.import_registrations(personas.caseworker, path, "lampedusa")


@pytest.mark.django_db
def test_export_refuses_unknown_format(personas):
    import io

    with pytest.raises(ValueError, match="csv or json"):
        tabular_export.export_registrations(personas.supervisor, "xml", io.StringIO())
