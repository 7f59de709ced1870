"""Registrations as table rows (CSV/XLSX): reading files, row ↔ member mapping, import and export services.

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
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from mixmig.apps.access.roles import can
from mixmig.apps.audit import services as audit
from mixmig.apps.registry import services
from mixmig.apps.registry.errors import FieldError, InvalidInput, NotPermitted
from mixmig.apps.registry.inputs import clean_member, clean_registered_on, clean_relations
from mixmig.apps.registry.models import Site
from mixmig.apps.registry.selectors import filter_registrations

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
_NUMBERED = re.compile(r"^(document|leg)([1-9]\d?)_(\w+)$")


class TableProblem(ValueError):
    """The file as a whole cannot be read (size, encoding, format); nothing was written."""


def columns(documents: int = 1, legs: int = 1) -> list[str]:
    """The documented columns, in order, with ``documents`` document and ``legs`` leg column sets."""
    numbered = [f"document{i}_{f}" for i in range(1, documents + 1) for f in DOCUMENT_FIELDS]
    numbered += [f"leg{i}_{f}" for i in range(1, legs + 1) for f in LEG_FIELDS]
    return GROUP_COLUMNS + PERSON_COLUMNS + numbered + TAIL_COLUMNS


def _known(column: str) -> bool:
    m = _NUMBERED.match(column)
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
        m = _NUMBERED.match(column)
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


def _text(value) -> str:
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
        row[c] = ";".join(value) if isinstance(value, list) else _text(value)
    row["birth_date"] = _text(reg.birth_date) if reg.birth_precision == "exact" else ""
    row["birth_year"] = _text(reg.birth_year) if reg.birth_precision == "year" else ""
    row["age_estimate"] = _text(reg.age_estimate) if reg.birth_precision == "age_estimate" else ""
    row["phones"] = ";".join(c.value for c in reg.contacts.all() if c.kind == "phone")
    row["emails"] = ";".join(c.value for c in reg.contacts.all() if c.kind == "email")
    for i, doc in enumerate(reg.documents.all(), start=1):
        for f in DOCUMENT_FIELDS:
            row[f"document{i}_{f}"] = _text(getattr(doc, f))
    for i, leg in enumerate(reg.legs.all(), start=1):
        for f in LEG_FIELDS:
            row[f"leg{i}_{f}"] = _text(getattr(leg, f))
    row["screening_answers"] = (
        json.dumps(reg.screening_answers, ensure_ascii=False) if reg.screening_answers else ""
    )
    return row


# ---- import --------------------------------------------------------------------------------------


@dataclass
class ReportLine:
    row: int
    status: str  # imported | skipped
    person_number: str = ""
    field: str = ""
    message: str = ""


@dataclass
class ImportResult:
    rows: int = 0
    imported: int = 0
    groups: int = 0
    errors: list[FieldError] = field(default_factory=list)
    report: list[ReportLine] = field(default_factory=list)

    @property
    def written(self) -> bool:
        return self.imported > 0


@dataclass
class _Group:
    label: str
    rows: list[tuple[int, dict]]
    errors: list[FieldError] = field(default_factory=list)
    site: str = ""
    registered_on: date | None = None
    members: list[dict] = field(default_factory=list)
    relations: list[dict] = field(default_factory=list)


def _check_header(header: list[str], default_site: str) -> list[FieldError]:
    errors = []
    for column in header:
        if column and not _known(column):
            errors.append(
                FieldError(column, _("unknown column; see docs/import-format.md for the columns"), 1)
            )
    if not any(c in header for c in NAME_COLUMNS):
        errors.append(
            FieldError(
                "given_name",
                _("missing column: at least one of %(columns)s") % {"columns": ", ".join(NAME_COLUMNS)},
                1,
            )
        )
    if "site" not in header and not default_site:
        errors.append(FieldError("site", _("missing column: give a site column or --site CODE"), 1))
    if ("relation_to" in header) != ("relation" in header):
        errors.append(FieldError("relation", _("relation_to and relation go together: give both columns"), 1))
    return errors


def _differs(g: _Group) -> str:
    return _("differs from row %(row)s of group %(group)s") % {"row": g.rows[0][0], "group": repr(g.label)}


def _validate_group(g: _Group, sites: dict[str, Site], default_site: str, today: date) -> None:
    first = g.rows[0][1]
    g.site = first.get("site") or default_site
    site = sites.get(g.site)
    if site is None:
        g.errors.append(
            FieldError("site", _("no site with code %(code)s") % {"code": repr(g.site)}, g.rows[0][0])
        )
    try:
        g.registered_on = clean_registered_on(first.get("registered_on"), today)
    except InvalidInput as exc:
        g.errors.extend(FieldError(e.field, e.message, g.rows[0][0]) for e in exc.errors)
    labels: dict[str, int] = {}
    for index, (number, row) in enumerate(g.rows):
        if (row.get("site") or default_site) != g.site:
            g.errors.append(FieldError("site", _differs(g), number))
        if (row.get("registered_on") or "") != (first.get("registered_on") or ""):
            g.errors.append(FieldError("registered_on", _differs(g), number))
        label = row.get("member") or ""
        if label and label in labels:
            g.errors.append(
                FieldError(
                    "member",
                    _("%(label)s is already used in row %(row)s")
                    % {"label": repr(label), "row": g.rows[labels[label]][0]},
                    number,
                )
            )
        labels.setdefault(label, index)
        member = row_to_member(row)
        g.members.append(member)
        if site is not None and g.registered_on is not None:
            try:
                clean_member(member, g.registered_on, site.country, row=number)
            except InvalidInput as exc:
                g.errors.extend(FieldError(column_of(e.field), e.message, number) for e in exc.errors)
    for index, (number, row) in enumerate(g.rows):
        targets = [t.strip() for t in (row.get("relation_to") or "").split(";") if t.strip()]
        kinds = [k.strip() for k in (row.get("relation") or "").split(";") if k.strip()]
        if targets and len(kinds) not in (1, len(targets)):
            g.errors.append(
                FieldError("relation", _("give one relation, or one per relation_to value"), number)
            )
            continue
        for j, target in enumerate(targets):
            if target not in labels or not target:
                g.errors.append(
                    FieldError(
                        "relation_to",
                        _("%(target)s is not a member label of group %(group)s")
                        % {"target": repr(target), "group": repr(g.label)},
                        number,
                    )
                )
                continue
            g.relations.append(
                {"subject": index, "other": labels[target], "relation": kinds[min(j, len(kinds) - 1)]}
            )
    try:
        clean_relations(g.relations, len(g.members))
    except InvalidInput as exc:
        for e in exc.errors:
            i = (
                int(re.match(r"relations\[(\d+)\]", e.field).group(1))
                if e.field.startswith("relations[")
                else 0
            )
            g.errors.append(FieldError("relation", e.message, g.rows[g.relations[i]["subject"]][0]))


def _group_rows(rows: list[tuple[int, dict]]) -> list[_Group]:
    groups: dict[str, _Group] = {}
    for number, row in rows:
        label = row.get("group") or ""
        key = label if label else f"\0row{number}"
        groups.setdefault(key, _Group(label or f"row {number}", [])).rows.append((number, row))
    return list(groups.values())


def _register(actor, g: _Group) -> list:
    try:
        with transaction.atomic():
            return services.register_group(actor, g.site, g.members, g.relations, g.registered_on)
    except InvalidInput as exc:
        for e in exc.errors:
            m = re.match(r"^members\[(\d+)\]\.", e.field)
            number = g.rows[int(m.group(1))][0] if m else g.rows[0][0]
            g.errors.append(FieldError(column_of(e.field), e.message, number))
        return []


def import_registrations(
    actor, path: str | Path, default_site: str = "", skip_invalid: bool = False, progress=None
) -> ImportResult:
    """Import a CSV/XLSX file. All-or-nothing unless ``skip_invalid`` (then valid groups are kept).

    ``progress(rows_done, rows_total)`` is called as groups are registered.
    """
    if not can(actor, "person.import"):
        raise NotPermitted(_("your role may not import registrations (person.import)"))
    header, rows = read_table(path)
    result = ImportResult(rows=len(rows))
    result.errors = _check_header(header, default_site)
    if result.errors:
        return result
    sites = {s.code: s for s in Site.objects.all()}
    groups = _group_rows(rows)
    today = timezone.localdate()
    for g in groups:
        _validate_group(g, sites, default_site, today)
    if not skip_invalid and any(g.errors for g in groups):
        result.errors = [e for g in groups for e in g.errors]
        return result
    done = 0
    with transaction.atomic():
        for g in groups:
            registrations = [] if g.errors else _register(actor, g)
            done += len(g.rows)
            if progress:
                progress(done, result.rows)
            for (number, _row), reg in zip(g.rows, registrations, strict=False):
                result.report.append(ReportLine(number, "imported", reg.person.number))
            if registrations:
                result.imported += len(registrations)
                result.groups += 1
        result.errors = [e for g in groups for e in g.errors]
        if result.errors and not skip_invalid:
            transaction.set_rollback(True)
            result.imported, result.groups, result.report = 0, 0, []
            return result
        audit.record(
            actor, "registrations.imported", "file", Path(path).name[:64],
            rows=result.rows, imported=result.imported, skipped_rows=result.rows - result.imported,
        )  # fmt: skip
    for g in groups:
        for e in g.errors:
            result.report.append(ReportLine(e.row or 0, "skipped", "", e.field, e.message))
        if g.errors:  # rows of a refused group that had no error of their own are skipped too
            bad = {e.row for e in g.errors}
            for number, _row in g.rows:
                if number not in bad:
                    result.report.append(
                        ReportLine(
                            number,
                            "skipped",
                            "",
                            "group",
                            _("group %(group)s has errors") % {"group": repr(g.label)},
                        )
                    )
    result.report.sort(key=lambda line: line.row)
    return result


def write_report(result: ImportResult, stream) -> None:
    writer = csv.writer(stream)
    writer.writerow(["row", "status", "person_number", "field", "message"])
    for line in result.report:
        writer.writerow([line.row, line.status, line.person_number, line.field, line.message])


# ---- export --------------------------------------------------------------------------------------


def export_registrations(actor, fmt: str, stream, **filters) -> int:
    """Write the registrations ``actor`` may see (and that match ``filters``) as CSV or JSON; audited.

    The output is rendered and the audit event committed before anything reaches ``stream``: personal
    data never leaves without its audit record, even if the reader goes away half-way.
    """
    if not can(actor, "person.export"):
        raise NotPermitted(_("your role may not export personal data (person.export)"))
    if fmt not in ("csv", "json"):
        raise ValueError(_("format %(format)s is not supported; use csv or json") % {"format": repr(fmt)})
    buffer = io.StringIO()
    with transaction.atomic():
        registrations = list(
            filter_registrations(actor, **filters)
            .select_related("person", "site")
            .prefetch_related("documents", "contacts", "legs", "relations_as_subject")
        )
        ids = {r.pk for r in registrations}
        rows = [registration_to_row(r, ids) for r in registrations]
        if fmt == "csv":
            docs = max([len(r.documents.all()) for r in registrations] + [1])
            legs = max([len(r.legs.all()) for r in registrations] + [1])
            writer = csv.DictWriter(buffer, fieldnames=columns(docs, legs), extrasaction="ignore")
            writer.writeheader()
            writer.writerows(rows)
        else:
            document = {"format": "mixmig-registrations", "version": 1, "count": len(rows)}
            document["registrations"] = [_nested(r) for r in rows]
            json.dump(document, buffer, ensure_ascii=False, indent=1)
        used = {k: _text(v) for k, v in filters.items() if v}
        audit.record(
            actor, "registrations.exported", "registration", "", count=len(rows), format=fmt, filters=used
        )
    stream.write(buffer.getvalue())
    return len(rows)


_LISTS = ("nationalities", "languages", "phones", "emails", "reasons_for_leaving", "relation_to", "relation")


def _typed(key: str, value: str):
    """JSON values: null for empty, numbers for years and ages, booleans for yes/no (amounts stay text)."""
    if value == "":
        return None
    if key in ("birth_year", "age_estimate"):
        return int(value)
    if key == "smuggler_paid":
        return value == "yes"
    return value


def _nested(row: dict) -> dict:
    """The JSON form of an exported row: lists as lists, documents and legs as objects."""
    out: dict = {}
    for key, value in row.items():
        m = _NUMBERED.match(key)
        if m:
            if value:
                bucket = out.setdefault("documents" if m.group(1) == "document" else "legs", {})
                bucket.setdefault(int(m.group(2)), {})[m.group(3)] = value
        elif key in _LISTS:
            out[key] = [v for v in value.split(";") if v]
        elif key == "screening_answers":
            out[key] = json.loads(value) if value else {}
        else:
            out[key] = _typed(key, value)
    for key in ("documents", "legs"):
        out[key] = [v for _, v in sorted(out.get(key, {}).items())]
    return out
