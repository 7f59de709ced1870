"""Registrations as table rows (CSV/XLSX): reading files and the row ↔ member mapping (import and export services are in tabular_import and tabular_export).

One row is one person. Rows sharing a ``group`` label are registered together as one travel group;
``member`` labels a row inside its group, and ``relation_to`` + ``relation`` say "this person is the
<relation> of <relation_to>". Documents and journey legs are numbered columns (``document1_number``,
``leg2_country``); lists (nationalities, languages, phones) are ``;``-separated. See docs/import-format.md.
"""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import date, datetime
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _

GROUP_COLUMNS = ["group", "member", "relation_to", "relation", "person_number", "site", "registered_on"]
PERSON_COLUMNS = [
    "given_name", "family_name", "given_name_original", "family_name_original", "original_script", "sex",
    "birth_date", "birth_year", "age_estimate", "nationalities", "languages", "phones", "emails",
    "origin_country", "origin_place", "departed_on", "intended_destination", "transport_mode",
    "smuggler_paid", "journey_cost", "journey_cost_currency", "reasons_for_leaving",
]  # fmt: skip
DOCUMENT_FIELDS = ["kind", "number", "issuing_country", "expires_on"]
LEG_FIELDS = ["country", "place", "arrived_on", "departed_on", "transport_mode"]
TAIL_COLUMNS = ["screening_answers"]
NAME_COLUMNS = PERSON_COLUMNS[:4]
NUMBERED = re.compile(r"^(document|leg)([1-9]\d?)_(\w+)$")


class TableProblem(ValueError):
    """The file as a whole cannot be read (size, encoding, format); nothing was written."""


def columns(documents: int = 1, legs: int = 1) -> list[str]:
    """The documented columns, in order, with ``documents`` document and ``legs`` leg column sets."""
    numbered = [f"document{i}_{f}" for i in range(1, documents + 1) for f in DOCUMENT_FIELDS]
    numbered += [f"leg{i}_{f}" for i in range(1, legs + 1) for f in LEG_FIELDS]
    return GROUP_COLUMNS + PERSON_COLUMNS + numbered + TAIL_COLUMNS


def known_column(column: str) -> bool:
    m = NUMBERED.match(column)
    if m:
        return m.group(3) in (DOCUMENT_FIELDS if m.group(1) == "document" else LEG_FIELDS)
    return column in GROUP_COLUMNS or column in PERSON_COLUMNS or column in TAIL_COLUMNS


# ---- reading files -------------------------------------------------------------------------------


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _decode(raw: bytes, name: str) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        row = raw[: exc.start].count(b"\n") + 1
        raise TableProblem(
            _(
                "%(name)s is not UTF-8 text: byte 0x%(byte)s at offset %(offset)s (row %(row)s) cannot be "
                "decoded. Re-save the file as 'CSV UTF-8' (Excel: File → Save As → CSV UTF-8; LibreOffice: "
                "character set Unicode (UTF-8))."
            )
            % {"name": name, "byte": f"{raw[exc.start]:02X}", "offset": exc.start, "row": row}
        ) from exc


def _csv_rows(raw: bytes, name: str) -> list[list[str]]:
    text = _decode(raw, name)
    first = text.split("\n", 1)[0]
    delimiter = max(",;\t", key=first.count)
    return [[c.strip() for c in r] for r in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)]


def _xlsx_rows(path: Path) -> list[list[str]]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises several kinds for a damaged or non-XLSX file
        raise TableProblem(
            _("%(name)s is not a readable .xlsx workbook (%(error)s)")
            % {"name": path.name, "error": exc.__class__.__name__}
        ) from exc
    try:
        sheet = book.worksheets[0]
        return [[_cell(v) for v in row] for row in sheet.iter_rows(values_only=True)]
    finally:
        book.close()


def read_table(path: str | Path) -> tuple[list[str], list[tuple[int, dict]]]:
    """Header and ``(row number, {column: text})`` for each non-empty data row (the header is row 1)."""
    path = Path(path)
    if not path.is_file():
        raise TableProblem(_("%(path)s: no such file") % {"path": path})
    size = path.stat().st_size
    if size > settings.MAX_UPLOAD_BYTES:
        raise TableProblem(
            _(
                "%(name)s is %(size)s bytes; the limit is %(limit)s bytes "
                "(MIXMIG_MAX_UPLOAD_BYTES). Split the file and import the parts."
            )
            % {"name": path.name, "size": size, "limit": settings.MAX_UPLOAD_BYTES}
        )
    suffix = path.suffix.lower()
    if suffix == ".csv":
        rows = _csv_rows(path.read_bytes(), path.name)
    elif suffix == ".xlsx":
        rows = _xlsx_rows(path)
    else:
        raise TableProblem(
            _("%(name)s: unsupported file type %(suffix)s; use .csv (UTF-8) or .xlsx")
            % {"name": path.name, "suffix": repr(suffix)}
        )
    if not rows or not any(rows[0]):
        raise TableProblem(
            _("%(name)s is empty: the first row must hold the column names") % {"name": path.name}
        )
    header = [re.sub(r"\s+", "_", h.strip().lower()) for h in rows[0]]
    out = []
    for number, cells in enumerate(rows[1:], start=2):
        values = [c for c in cells if c]
        if not values or (number == 2 and all(v.startswith("#") for v in values)):
            continue  # blank rows, and an HXL hashtag row under the header
        out.append((number, {h: (cells[i] if i < len(cells) else "") for i, h in enumerate(header) if h}))
    return header, out


# ---- row ↔ member --------------------------------------------------------------------------------


def row_to_member(row: dict) -> dict:
    """A member dict for ``inputs.clean_member`` from one row (values still text)."""
    member = {c: row[c] for c in PERSON_COLUMNS if row.get(c)}
    numbered: dict[tuple[str, int], dict] = {}
    for column, value in row.items():
        m = NUMBERED.match(column)
        if m and value:
            numbered.setdefault((m.group(1), int(m.group(2))), {})[m.group(3)] = value
    member["documents"] = [v for (kind, _n), v in sorted(numbered.items()) if kind == "document"]
    member["legs"] = [v for (kind, _n), v in sorted(numbered.items()) if kind == "leg"]
    if row.get("person_number"):
        member["person_number"] = row["person_number"]
    if row.get("screening_answers"):
        try:
            member["screening_answers"] = json.loads(row["screening_answers"])
        except ValueError:
            member["screening_answers"] = row["screening_answers"]  # reported by clean_member
    return member


def column_of(field_name: str) -> str:
    """Map a validator field name back to its column: ``documents[0].number`` → ``document1_number``."""
    m = re.match(r"^(?:members\[\d+\]\.)?(documents|legs)\[(\d+)\]\.(\w+)$", field_name)
    if m:
        return f"{'document' if m.group(1) == 'documents' else 'leg'}{int(m.group(2)) + 1}_{m.group(3)}"
    field_name = re.sub(r"^members\[\d+\]\.", "", field_name)
    return re.sub(r"\[\d+\]$", "", field_name)


def cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def registration_to_row(reg, member_ids: set[int]) -> dict:
    """One exported row; relations only to members that are in the same export."""
    row = {
        "group": f"G{reg.group_id}" if reg.group_id else "",
        "member": str(reg.pk) if reg.group_id else "",
        "person_number": reg.person.number,
        "site": reg.site.code,
        "registered_on": reg.registered_on.isoformat(),
    }
    relations = [r for r in reg.relations_as_subject.all() if r.other_id in member_ids]
    row["relation_to"] = ";".join(str(r.other_id) for r in relations)
    row["relation"] = ";".join(r.relation for r in relations)
    for c in PERSON_COLUMNS:
        value = getattr(reg, c, None)
        row[c] = ";".join(value) if isinstance(value, list) else cell_text(value)
    row["birth_date"] = cell_text(reg.birth_date) if reg.birth_precision == "exact" else ""
    row["birth_year"] = cell_text(reg.birth_year) if reg.birth_precision == "year" else ""
    row["age_estimate"] = cell_text(reg.age_estimate) if reg.birth_precision == "age_estimate" else ""
    row["phones"] = ";".join(c.value for c in reg.contacts.all() if c.kind == "phone")
    row["emails"] = ";".join(c.value for c in reg.contacts.all() if c.kind == "email")
    for i, doc in enumerate(reg.documents.all(), start=1):
        for f in DOCUMENT_FIELDS:
            row[f"document{i}_{f}"] = cell_text(getattr(doc, f))
    for i, leg in enumerate(reg.legs.all(), start=1):
        for f in LEG_FIELDS:
            row[f"leg{i}_{f}"] = cell_text(getattr(leg, f))
    row["screening_answers"] = (
        json.dumps(reg.screening_answers, ensure_ascii=False) if reg.screening_answers else ""
    )
    return row
