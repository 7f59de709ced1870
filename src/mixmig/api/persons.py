"""Persons: search (names in any script, documents, phones, person numbers), read one, share one."""

from __future__ import annotations

from ninja import Query, Router, Status

from mixmig.api.errors import responses
from mixmig.api.registrations import detail, summary
from mixmig.api.schemas import PersonOut, PersonPageOut, ShareIn, ShareOut
from mixmig.apps.access import services as access
from mixmig.apps.access.roles import can
from mixmig.apps.registry import selectors, services
from mixmig.apps.registry.errors import FieldError, InvalidInput, NotPermitted
from mixmig.apps.registry.numbering import canonical

router = Router(tags=["persons"])

MAX_PAGE = 100


@router.get("/persons", response={200: PersonPageOut, **responses(401, 403, 422)})
def search_persons(
    request,
    q: str = Query(
        ..., min_length=1, description="Name (any script, partial), document number, phone or person number"
    ),
    limit: int = Query(25, ge=1, le=MAX_PAGE),
    offset: int = Query(0, ge=0),
):
    """Persons you may see that match ``q``, newest first; ``has_more`` says whether a next page exists."""
    page = selectors.search_persons(request.auth, q, limit, offset)
    latest = selectors.latest_registrations(request.auth, page.persons)
    return {
        "limit": limit,
        "offset": offset,
        "has_more": page.has_more,
        "items": [
            {"number": p.number, "latest_registration": summary(latest[p.pk]) if p.pk in latest else None}
            for p in page.persons
        ],
    }


@router.get("/persons/{number}", response={200: PersonOut, **responses(401, 403, 404)})
def get_person(request, number: str):
    """A person with every registration you may see: documents, contacts, journey, travel group, relations.

    The read is recorded in the audit log.
    """
    person = selectors.get_person(request.auth, number)
    registrations = selectors.person_registrations(request.auth, person)
    return {"number": person.number, "registrations": [detail(request.auth, r) for r in registrations]}


@router.post("/persons/{number}/shares", response={201: ShareOut, **responses(400, 401, 403, 404, 422)})
def share_person(request, number: str, payload: ShareIn):
    """Make a person visible to another agency for a stated purpose (supervisors)."""
    if not can(request.auth, "person.share"):
        raise NotPermitted("your role may not share persons with other agencies (person.share)")
    agency = access.agency_by_code(payload.agency)
    if agency is None:
        raise InvalidInput([FieldError("agency", f"no agency with code {payload.agency!r}")])
    share = services.share_person(request.auth, canonical(number) or number, agency, payload.purpose)
    return Status(
        201,
        {
            "person_number": share.person.number,
            "agency": agency.code,
            "purpose": share.purpose,
            "granted_at": share.granted_at.isoformat(timespec="seconds"),
        },
    )
