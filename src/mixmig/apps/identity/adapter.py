"""Registry → linkage engine: a registration (or a member dict not yet saved) as engine records.

A registration gives one engine record with its Latin names and, when names in the original script were
recorded, a second one with those: the engine normalises across scripts, and the best-scoring pair of
variants decides. Dates are ``YYYY-MM-DD`` when exact, ``YYYY`` when only the year is known or estimated.
"""

from __future__ import annotations

from datetime import date

ORIGINAL = "~o"  # suffix of the record id of the original-script variant


def _birth(birth_date, birth_year, precision: str, age_estimate=None) -> str:
    if birth_date and precision in ("exact", ""):
        return birth_date.isoformat() if isinstance(birth_date, date) else str(birth_date)[:10]
    if birth_year:
        return str(int(birth_year))
    if birth_date:
        return (birth_date.isoformat() if isinstance(birth_date, date) else str(birth_date))[:4]
    if age_estimate not in (None, ""):
        try:
            return str(date.today().year - int(age_estimate))
        except (TypeError, ValueError):
            return ""
    return ""


def _variants(record_id: str, fields: dict) -> list[dict[str, str]]:
    nationalities = fields.get("nationalities") or []
    if isinstance(nationalities, str):
        nationalities = [n for n in nationalities.replace(",", " ").split() if n]
    base = {
        "sex": {"male": "m", "female": "f"}.get(str(fields.get("sex") or "").lower(), ""),
        "date_of_birth": _birth(
            fields.get("birth_date"),
            fields.get("birth_year"),
            str(fields.get("birth_precision") or ""),
            fields.get("age_estimate"),
        ),
        "nationality": str(nationalities[0]).upper() if nationalities else "",
    }
    rows = [
        {
            "record_id": record_id,
            "given_name": fields.get("given_name") or "",
            "family_name": fields.get("family_name") or "",
            **base,
        }
    ]
    if fields.get("given_name_original") or fields.get("family_name_original"):
        rows.append(
            {
                "record_id": record_id + ORIGINAL,
                "given_name": fields.get("given_name_original") or "",
                "family_name": fields.get("family_name_original") or "",
                **base,
            }
        )
    return rows


FIELDS = (
    "pk", "person_id", "given_name", "family_name", "given_name_original", "family_name_original", "sex",
    "birth_date", "birth_year", "birth_precision", "age_estimate", "nationalities",
)  # fmt: skip


def registration_rows(registration) -> list[dict[str, str]]:
    """Engine records of a saved registration (a model instance or a ``values(*FIELDS)`` dict)."""
    if isinstance(registration, dict):
        return _variants(str(registration["pk"]), registration)
    return _variants(str(registration.pk), {name: getattr(registration, name, None) for name in FIELDS})


def member_rows(member: dict) -> list[dict[str, str]]:
    """Engine records of a member dict as posted to the registration form or API (not yet validated)."""
    return _variants("new", member)


def registration_id(record_id: str) -> int:
    return int(record_id.removesuffix(ORIGINAL))
