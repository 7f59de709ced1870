"""Registrations: register one person or a whole travel group, list with filters, read and correct one."""

from __future__ import annotations

from datetime import date

from ninja import Query, Router, Status

from mixmig.api.errors import responses
from mixmig.api.schemas import (
    RegisteredOut,
    RegistrationDataIn,
    RegistrationIn,
    RegistrationOut,
    RegistrationPageOut,
)
from mixmig.apps.registry import selectors, services
from mixmig.apps.registry.errors import FieldError, InvalidInput
from mixmig.apps.registry.vocabularies import ContactKind

router = Router(tags=["registrations"])

MAX_PAGE = 200
_TOP_LEVEL = ("site", "registered_on", "members", "relations")


def summary(reg) -> dict:
    """The short form of a registration, for lists (uses ``reg.person`` and ``reg.site``)."""
    return {
        "id": reg.pk,
        "person_number": reg.person.number,
        "site": reg.site.code,
        "registered_on": reg.registered_on,
        "given_name": reg.given_name,
        "family_name": reg.family_name,
        "given_name_original": reg.given_name_original,
        "family_name_original": reg.family_name_original,
        "sex": reg.sex,
        "birth_year": reg.birth_year,
        "birth_precision": reg.birth_precision,
        "nationalities": reg.nationalities,
        "group_id": reg.group_id,
    }


def _group(user, reg) -> dict | None:
    if reg.group_id is None:
        return None
    members = selectors.group_members(user, reg)
    visible = {m.pk for m in members}
    relations = [
        {"subject_registration": r.subject_id, "other_registration": r.other_id, "relation": r.relation}
        for r in [*reg.relations_as_subject.all(), *reg.relations_as_other.all()]
        if r.subject_id in visible and r.other_id in visible
    ]
    return {
        "id": reg.group_id,
        "members": [
            {
                "registration_id": m.pk,
                "person_number": m.person.number,
                "given_name": m.given_name,
                "family_name": m.family_name,
                "sex": m.sex,
                "birth_year": m.birth_year,
            }
            for m in members
        ],
        "relations": relations,
    }


def detail(user, reg) -> dict:
    """The full registration: identity, journey, documents, contacts, legs, travel group and relations."""
    contacts = list(reg.contacts.all())
    return {
        **summary(reg),
        "agency": reg.agency.code,
        "original_script": reg.original_script,
        "birth_date": reg.birth_date,
        "age_estimate": reg.age_estimate,
        "languages": reg.languages,
        "origin_country": reg.origin_country,
        "origin_place": reg.origin_place,
        "departed_on": reg.departed_on,
        "intended_destination": reg.intended_destination,
        "transport_mode": reg.transport_mode,
        "smuggler_paid": reg.smuggler_paid,
        "journey_cost": reg.journey_cost,
        "journey_cost_currency": reg.journey_cost_currency,
        "reasons_for_leaving": reg.reasons_for_leaving,
        "documents": [
            {
                "kind": d.kind,
                "number": d.number,
                "issuing_country": d.issuing_country,
                "expires_on": d.expires_on,
            }
            for d in reg.documents.all()
        ],
        "phones": [c.value for c in contacts if c.kind == ContactKind.PHONE],
        "emails": [c.value for c in contacts if c.kind == ContactKind.EMAIL],
        "legs": [
            {
                "sequence": leg.sequence,
                "country": leg.country,
                "place": leg.place,
                "arrived_on": leg.arrived_on,
                "departed_on": leg.departed_on,
                "transport_mode": leg.transport_mode,
            }
            for leg in reg.legs.all()
        ],
        "screening_answers": reg.screening_answers,
        "group": _group(user, reg),
    }


def _member_paths(errors: list[FieldError]) -> list[FieldError]:
    """The service names a lone member's fields without a prefix; the API always says ``members[0].``."""
    return [
        e
        if e.field.split(".")[0].split("[")[0] in _TOP_LEVEL
        else FieldError("members[0]." + e.field, e.message, e.row)
        for e in errors
    ]


@router.post("/registrations", response={201: RegisteredOut, **responses(400, 401, 403, 413, 422)})
def register(request, payload: RegistrationIn):
    """Register one person, or every member of a travel group met together (with their relations).

    All or nothing: when any field of any member is wrong, nothing is saved and every wrong field is listed.
    """
    members = [m.model_dump(exclude_none=True) for m in payload.members]
    relations = [r.model_dump() for r in payload.relations]
    try:
        registrations = services.register_group(
            request.auth, payload.site, members, relations, payload.registered_on
        )
    except InvalidInput as exc:
        if len(members) == 1:
            raise InvalidInput(_member_paths(exc.errors)) from None
        raise
    first = registrations[0]
    return Status(
        201,
        {
            "site": payload.site,
            "registered_on": first.registered_on,
            "group_id": first.group_id,
            "members": [{"registration_id": r.pk, "person_number": r.person.number} for r in registrations],
        },
    )


@router.get("/registrations", response={200: RegistrationPageOut, **responses(401, 403, 422)})
def list_registrations(
    request,
    site: str | None = None,
    nationality: str | None = Query(None, description="ISO 3166-1 alpha-3"),
    sex: str | None = None,
    registered_from: date | None = None,
    registered_to: date | None = None,
    limit: int = Query(50, ge=1, le=MAX_PAGE),
    offset: int = Query(0, ge=0),
):
    """Registrations you may see, newest first, filtered; ``count`` is the total before paging."""
    qs = selectors.filter_registrations(request.auth, site, nationality, sex, registered_from, registered_to)
    page = list(qs[offset : offset + limit])
    selectors.record_listing(request.auth, "registration.listed", "registration", [r.pk for r in page])
    return {"count": qs.count(), "limit": limit, "offset": offset, "items": [summary(r) for r in page]}


@router.get(
    "/registrations/{int:registration_id}", response={200: RegistrationOut, **responses(401, 403, 404)}
)
def get_registration(request, registration_id: int):
    """One registration in full (the read is recorded in the audit log)."""
    return detail(request.auth, selectors.get_registration(request.auth, registration_id))


@router.put(
    "/registrations/{int:registration_id}",
    response={200: RegistrationOut, **responses(400, 401, 403, 404, 413, 422)},
)
def update_registration(request, registration_id: int, payload: RegistrationDataIn):
    """Replace a registration's declared data with the body (send every field; omitted ones are cleared)."""
    registration = services.update_registration(
        request.auth, registration_id, payload.model_dump(exclude_none=True)
    )
    return detail(request.auth, registration)
