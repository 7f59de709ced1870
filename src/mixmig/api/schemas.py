"""Request and response bodies of the REST API.

Input bodies are typed loosely on purpose (dates as ``YYYY-MM-DD`` text, codes as text): the registry's
shared validator (``registry.inputs``) checks them exactly as it does for the web form and CSV import, and
names every wrong field with what is allowed. Unknown fields are refused so that typos do not vanish.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from ninja import Schema
from pydantic import ConfigDict, Field

from mixmig.apps.registry.vocabularies import DocumentKind, Reason, Relation, Sex, TransportMode


def _choices(kind) -> str:
    return "one of: " + ", ".join(kind.values)


def _date(description: str = "") -> Field:
    return Field(
        None, description=(description + " (YYYY-MM-DD)").strip(), json_schema_extra={"format": "date"}
    )


class Strict(Schema):
    model_config = ConfigDict(extra="forbid")


# --- input ----------------------------------------------------------------------------------------


class DocumentIn(Strict):
    kind: str | None = Field(None, description=_choices(DocumentKind))
    number: str = Field(..., description="Unique within one registration; spaces, dashes, dots are ignored")
    issuing_country: str | None = Field(None, description="ISO 3166-1 alpha-3")
    expires_on: str | None = _date()


class LegIn(Strict):
    country: str = Field(..., description="ISO 3166-1 alpha-3 of a transit country")
    place: str | None = None
    arrived_on: str | None = _date()
    departed_on: str | None = _date()
    transport_mode: str | None = Field(None, description=_choices(TransportMode))


class RegistrationDataIn(Strict):
    """What a person declares at one registration (all optional except at least one name)."""

    given_name: str | None = Field(None, description="Latin script")
    family_name: str | None = Field(None, description="Latin script")
    given_name_original: str | None = Field(None, description="Original script, e.g. Arabic")
    family_name_original: str | None = None
    original_script: str | None = Field(None, description="ISO 15924, e.g. Arab, Ethi, Cyrl, Hans")
    sex: str | None = Field(None, description=_choices(Sex))
    birth_date: str | None = _date("Exact date of birth")
    birth_year: int | None = Field(None, description="When only the year is known")
    age_estimate: int | None = Field(
        None, description="Estimated age in years on the registration date (0-120)"
    )
    nationalities: list[str] | None = Field(
        None, description="ISO 3166-1 alpha-3; XXA stateless, XXX unknown"
    )
    languages: list[str] | None = Field(None, description="ISO 639 codes, e.g. ara, tir, prs")
    origin_country: str | None = Field(None, description="ISO 3166-1 alpha-3")
    origin_place: str | None = None
    departed_on: str | None = _date("Left the place of origin on")
    intended_destination: str | None = Field(None, description="ISO 3166-1 alpha-3")
    transport_mode: str | None = Field(None, description=_choices(TransportMode))
    smuggler_paid: bool | None = None
    journey_cost: Decimal | None = Field(None, ge=0)
    journey_cost_currency: str | None = Field(None, description="ISO 4217, e.g. USD")
    reasons_for_leaving: list[str] | None = Field(None, description="each " + _choices(Reason))
    documents: list[DocumentIn] | None = None
    phones: list[str] | None = Field(None, description="With country code; stored as E.164")
    emails: list[str] | None = None
    legs: list[LegIn] | None = Field(None, description="Transit stops, in order")
    screening_answers: dict | None = Field(None, description="Question id → answer")


class MemberIn(RegistrationDataIn):
    person_number: str | None = Field(
        None, description="Set to re-register a person already known (and visible)"
    )


class RelationIn(Strict):
    subject: int = Field(..., description="0-based index into members")
    other: int = Field(..., description="0-based index into members")
    relation: str = Field(..., description="subject is the <relation> of other; " + _choices(Relation))


class RegistrationIn(Strict):
    site: str = Field(..., description="Site code (GET /api/v1/sites)")
    registered_on: str | None = _date("Defaults to today")
    members: list[MemberIn] = Field(..., description="One person, or every member of a travel group")
    relations: list[RelationIn] = []


class ShareIn(Strict):
    agency: str = Field(..., description="Code of the agency that may then see the person")
    purpose: str = Field(..., description="Why the person is shared (recorded in the audit log)")


class TokenIn(Strict):
    username: str
    password: str
    name: str = Field("api", max_length=100, description="A label for this token, e.g. the client's name")


# --- output ---------------------------------------------------------------------------------------


class TokenOut(Schema):
    token: str = Field(..., description="Shown once; send as 'Authorization: Bearer <token>'")
    token_type: str = "Bearer"
    expires_at: str


class RevokedOut(Schema):
    revoked: int


class MeOut(Schema):
    username: str
    name: str
    role: str
    scope: str
    agency: str | None
    team: str | None
    permissions: list[str]


class RegisteredMemberOut(Schema):
    registration_id: int
    person_number: str


class RegisteredOut(Schema):
    site: str
    registered_on: date
    group_id: int | None
    members: list[RegisteredMemberOut]


class DocumentOut(Schema):
    kind: str
    number: str
    issuing_country: str
    expires_on: date | None


class LegOut(Schema):
    sequence: int
    country: str
    place: str
    arrived_on: date | None
    departed_on: date | None
    transport_mode: str


class GroupMemberOut(Schema):
    registration_id: int
    person_number: str
    given_name: str
    family_name: str
    sex: str
    birth_year: int | None


class RelationOut(Schema):
    subject_registration: int
    other_registration: int
    relation: str


class GroupOut(Schema):
    id: int
    members: list[GroupMemberOut]
    relations: list[RelationOut]


class RegistrationSummaryOut(Schema):
    id: int
    person_number: str
    site: str
    registered_on: date
    given_name: str
    family_name: str
    given_name_original: str
    family_name_original: str
    sex: str
    birth_year: int | None
    birth_precision: str
    nationalities: list[str]
    group_id: int | None


class RegistrationOut(RegistrationSummaryOut):
    agency: str
    original_script: str
    birth_date: date | None
    age_estimate: int | None
    languages: list[str]
    origin_country: str
    origin_place: str
    departed_on: date | None
    intended_destination: str
    transport_mode: str
    smuggler_paid: bool | None
    journey_cost: Decimal | None
    journey_cost_currency: str
    reasons_for_leaving: list[str]
    documents: list[DocumentOut]
    phones: list[str]
    emails: list[str]
    legs: list[LegOut]
    screening_answers: dict
    group: GroupOut | None


class RegistrationPageOut(Schema):
    count: int = Field(..., description="Total matching registrations")
    limit: int
    offset: int
    items: list[RegistrationSummaryOut]


class PersonSummaryOut(Schema):
    number: str
    latest_registration: RegistrationSummaryOut | None


class PersonPageOut(Schema):
    limit: int
    offset: int
    has_more: bool = Field(..., description="True when a next page exists (offset + limit)")
    items: list[PersonSummaryOut]


class PersonOut(Schema):
    number: str
    registrations: list[RegistrationOut]


class ShareOut(Schema):
    person_number: str
    agency: str
    purpose: str
    granted_at: str


class SiteOut(Schema):
    code: str
    name: str
    kind: str
    country: str
    pcode: str
    latitude: float | None
    longitude: float | None


class AuditVerifyOut(Schema):
    ok: bool
    checked: int
    first_broken_id: int | None
    reason: str
