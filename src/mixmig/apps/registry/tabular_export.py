"""Exporting the registrations a user may see as CSV (the import format) or JSON; audited."""

from __future__ import annotations

import csv
import io
import json

from django.db import transaction
from django.utils.translation import gettext as _

from mixmig.apps.access.roles import can
from mixmig.apps.audit import services as audit
from mixmig.apps.registry.errors import NotPermitted
from mixmig.apps.registry.selectors import filter_registrations
from mixmig.apps.registry.tabular import NUMBERED, cell_text, columns, registration_to_row


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
        used = {k: cell_text(v) for k, v in filters.items() if v}
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
        m = NUMBERED.match(key)
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
