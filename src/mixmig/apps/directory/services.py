"""Writing the service directory: create or update services, import and export CSV.

Every row is validated first; an import with any wrong row writes nothing and names row, field and what is
allowed.
"""

from __future__ import annotations

import csv
import io

from django.db import transaction

from mixmig.apps.access import services as access
from mixmig.apps.access.roles import can
from mixmig.apps.audit import services as audit
from mixmig.apps.directory.models import Provider, Service
from mixmig.apps.directory.vocabularies import FIELD_GROUP_VALUES, ServiceType
from mixmig.apps.registry.errors import FieldError, InvalidInput, NotPermitted

COLUMNS = [
    "code", "name", "service_type", "provider_code", "provider_name", "agency", "country", "place", "pcode",
    "languages", "opening_hours", "capacity", "eligibility", "consent_required", "data_fields",
    "default_deadline_hours", "contact_email", "contact_phone", "exchange_partner", "active",
]  # fmt: skip
_TRUE = {"1", "true", "yes", "y"}
_FALSE = {"0", "false", "no", "n", ""}


def _require_manage(actor) -> None:
    if actor not in ("system", "cli") and not can(actor, "directory.manage"):
        raise NotPermitted("your role may not change the service directory (directory.manage)")


def _split(value) -> list[str]:
    if isinstance(value, list | tuple):
        return [str(v).strip() for v in value if str(v).strip()]
    return [v.strip() for v in str(value or "").replace(";", ",").split(",") if v.strip()]


def _bool(value, field: str, errors: list[FieldError], row, default: bool) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value if value is not None else "").strip().lower()
    if text == "" and default is not None:
        return default
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    errors.append(FieldError(field, f"{value!r} is not yes/no; use true or false", row))
    return default


def _int(value, field: str, errors: list[FieldError], row) -> int | None:
    text = str(value if value is not None else "").strip()
    if not text:
        return None
    if not text.isdigit():
        errors.append(FieldError(field, f"{value!r} is not a whole number ≥ 0", row))
        return None
    return int(text)


def clean_service(data: dict, row: int | None = None) -> dict:
    """A directory row (strings or typed values) → model fields, or InvalidInput naming every wrong field."""
    errors: list[FieldError] = []
    out: dict = {}
    for name in ("code", "name", "provider_code"):
        value = str(data.get(name) or "").strip()
        if not value:
            errors.append(FieldError(name, "required", row))
        out[name] = value
    stype = str(data.get("service_type") or "").strip()
    if stype not in ServiceType.values:
        errors.append(
            FieldError(
                "service_type", f"{stype!r} is not known; allowed: {', '.join(ServiceType.values)}", row
            )
        )
    out["service_type"] = stype
    fields = _split(data.get("data_fields"))
    unknown = [f for f in fields if f not in FIELD_GROUP_VALUES]
    if unknown:
        errors.append(
            FieldError(
                "data_fields",
                f"{', '.join(unknown)} not known; allowed: {', '.join(sorted(FIELD_GROUP_VALUES))}",
                row,
            )
        )
    out["data_fields"] = fields
    out["languages"] = [code.lower() for code in _split(data.get("languages"))]
    bad_lang = [code for code in out["languages"] if len(code) not in (2, 3) or not code.isalpha()]
    if bad_lang:
        errors.append(
            FieldError("languages", f"{', '.join(bad_lang)}: use ISO 639 codes such as ara, eng", row)
        )
    out["country"] = str(data.get("country") or "").strip().upper()
    if out["country"] and (len(out["country"]) != 3 or not out["country"].isalpha()):
        errors.append(FieldError("country", f"{out['country']!r}: use an ISO 3166-1 alpha-3 code", row))
    out["capacity"] = _int(data.get("capacity"), "capacity", errors, row)
    out["default_deadline_hours"] = _int(
        data.get("default_deadline_hours"), "default_deadline_hours", errors, row
    )
    out["consent_required"] = _bool(data.get("consent_required"), "consent_required", errors, row, True)
    out["active"] = _bool(data.get("active"), "active", errors, row, True)
    for name in ("provider_name", "agency", "place", "pcode", "opening_hours", "eligibility", "contact_email",
                 "contact_phone", "exchange_partner"):  # fmt: skip
        out[name] = str(data.get(name) or "").strip()
    if out["agency"] and access.agency_by_code(out["agency"]) is None:
        errors.append(FieldError("agency", f"no agency with code {out['agency']!r}", row))
    if errors:
        raise InvalidInput(errors)
    return out


def _save(cleaned: dict) -> tuple[Service, bool]:
    agency = access.agency_by_code(cleaned["agency"]) if cleaned["agency"] else None
    provider, _ = Provider.objects.update_or_create(
        code=cleaned["provider_code"],
        defaults={"name": cleaned["provider_name"] or cleaned["provider_code"], "agency": agency},
    )
    fields = {
        k: v for k, v in cleaned.items() if k not in {"code", "provider_code", "provider_name", "agency"}
    }
    return Service.objects.update_or_create(code=cleaned["code"], defaults={"provider": provider, **fields})


def save_service(actor, data: dict) -> Service:
    """Create or update one service (by ``code``)."""
    _require_manage(actor)
    cleaned = clean_service(data)
    with transaction.atomic():
        service, created = _save(cleaned)
        audit.record(actor, "service.created" if created else "service.updated", "service", service.code)
    return service


def import_csv(actor, text: str) -> tuple[int, int]:
    """Create or update services from CSV text with the COLUMNS header; returns (created, updated)."""
    _require_manage(actor)
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    missing = [
        c for c in ("code", "name", "service_type", "provider_code") if c not in (reader.fieldnames or [])
    ]
    if missing:
        raise InvalidInput(
            [FieldError("header", f"missing column(s) {', '.join(missing)}; expected {', '.join(COLUMNS)}")]
        )
    rows, errors = [], []
    for number, data in enumerate(reader, start=2):
        try:
            rows.append(clean_service(data, row=number))
        except InvalidInput as exc:
            errors.extend(exc.errors)
    if errors:
        raise InvalidInput(errors)
    created = updated = 0
    with transaction.atomic():
        for cleaned in rows:
            _, was_created = _save(cleaned)
            created += was_created
            updated += not was_created
        audit.record(actor, "directory.imported", "service", "", created=created, updated=updated)
    return created, updated


def export_csv(services) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    for s in services:
        p = s.provider
        writer.writerow(
            [s.code, s.name, s.service_type, p.code, p.name, p.agency.code if p.agency_id else "", s.country,
             s.place, s.pcode, ",".join(s.languages), s.opening_hours, "" if s.capacity is None else s.capacity,
             s.eligibility, "true" if s.consent_required else "false", ",".join(s.data_fields),
             "" if s.default_deadline_hours is None else s.default_deadline_hours, s.contact_email,
             s.contact_phone, s.exchange_partner, "true" if s.active else "false"]
        )  # fmt: skip
    return out.getvalue()
