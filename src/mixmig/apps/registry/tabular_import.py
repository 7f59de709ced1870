"""Importing registrations from a CSV/XLSX table: all-or-nothing, or valid groups only with a report.

See ``tabular`` for the row format and docs/import-format.md for the columns.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from mixmig.apps.access.roles import can
from mixmig.apps.audit import services as audit
from mixmig.apps.registry import services
from mixmig.apps.registry.errors import FieldError, InvalidInput, NotPermitted
from mixmig.apps.registry.inputs import clean_member, clean_registered_on, clean_relations
from mixmig.apps.registry.models import Site
from mixmig.apps.registry.tabular import NAME_COLUMNS, column_of, known_column, read_table, row_to_member


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
        if column and not known_column(column):
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
