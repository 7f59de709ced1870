"""The registration fields a pack's facts may read, with their types and allowed values."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Field:
    name: str
    type: str  # boolean | integer | number | string | set
    values: tuple[str, ...] | None = None


SEX = ("female", "male", "other", "unknown")
PRECISION = ("exact", "year", "age_estimate", "unknown")
TRANSPORT = ("foot", "road", "rail", "sea", "air", "other", "unknown")
REASONS = ("conflict_violence", "persecution", "economic", "environmental", "family", "education", "other")
DOCUMENT_KINDS = ("passport", "national_id", "birth_certificate", "refugee_id", "travel_document", "other")
RELATIONS = ("parent", "legal_guardian", "sibling", "spouse", "other_relative", "unrelated_adult", "unknown")
STATELESS, UNKNOWN_NATIONALITY = "XXA", "XXX"

FIELDS: dict[str, Field] = {
    f.name: f
    for f in (
        Field("sex", "string", SEX),
        Field("birth_precision", "string", PRECISION),
        Field("age_disputed", "boolean"),
        Field("origin_country", "string"),
        Field("intended_destination", "string"),
        Field("transport_mode", "string", TRANSPORT),
        Field("smuggler_paid", "boolean"),
        Field("journey_cost", "number"),
        Field("nationalities", "set"),
        Field("reasons_for_leaving", "set", REASONS),
        Field("document_kinds", "set", DOCUMENT_KINDS),
    )
}

# Question type -> fact type.
QUESTION_FACT_TYPE = {
    "yes_no": "boolean",
    "select_one": "string",
    "select_multiple": "set",
    "integer": "integer",
    "decimal": "number",
    "text": "string",
}
