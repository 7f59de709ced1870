"""Referrals from the routes screening proposes: choose a directory service, see and record consent, send.

``/persons/<number>/refer/?registration=<id>&route=<route id>`` is prefilled from the route (service type,
priority, deadline); the search narrows services by type, place and language. Consent is recorded on the same
page; the referral is created and sent through the referral services, which enforce the consent gate and the
non-refoulement guard (a refused send rolls back: nothing is created, nothing is shared).
"""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from mixmig.apps.access.roles import can
from mixmig.apps.directory import selectors as directory
from mixmig.apps.directory.vocabularies import FieldGroup, ServiceType
from mixmig.apps.referrals import consent as ledger
from mixmig.apps.referrals import services as referrals
from mixmig.apps.referrals.statemachine import IllegalTransition
from mixmig.apps.referrals.vocabularies import ConsentGiver, Priority, Purpose
from mixmig.apps.registry import selectors as registry
from mixmig.apps.registry.errors import FieldError, InvalidInput, NotVisible
from mixmig.apps.screening import casework as screening_routes
from mixmig.web.views.common import requires


def _int(value, default=None):
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


def _service_or_none(code: str):
    try:
        return directory.get_service(code) if code else None
    except NotVisible:
        return None


def _form_state(request, person) -> dict:
    """What the form shows, from the query (GET) or the posted form (POST)."""
    data = request.POST if request.method == "POST" else request.GET
    registration_id = _int(data.get("registration"))
    route_id = data.get("route", "")[:80]
    route = None
    if registration_id and route_id:
        found = screening_routes.proposed_route(request.user, person, registration_id, route_id)
        if found is None:
            raise Http404(_("This route is not proposed by a current screening you can see."))
        route = found[1]
    types = screening_routes.service_types(route) if route else list(ServiceType.values)
    service_type = data.get("type") or (types[0] if route else "")
    if service_type and service_type not in ServiceType.values:
        service_type = ""
    place, language = data.get("place", "")[:100], data.get("language", "")[:8]
    found_services = list(directory.search_services(service_type, place, language)[:50])
    service = _service_or_none(data.get("service", ""))
    fields = data.getlist("fields") if "fields" in data else list(service.data_fields if service else [])
    shares = data.get("shares", "yes") != "no"
    consent = None
    if service is not None and shares:
        consent = ledger.find_matching(
            person, Purpose.REFERRAL, service.provider.agency, service, fields or service.data_fields
        )
    deadline = data.get("deadline_hours", "") or (str(route.get("deadline_hours") or "") if route else "")
    priority = data.get("priority") or (route.get("priority") if route else "") or Priority.NORMAL
    purpose = data.get("purpose", "")
    if not purpose and route:
        purpose = _("Screening route %(route)s") % {"route": route.get("id")}
    query = {"registration": registration_id or "", "route": route_id, "type": service_type}
    query.update({"place": place, "language": language, "service": service.code if service else ""})
    return {
        "back": reverse("web:refer", args=[person.number]) + "?" + urlencode(query),
        "person": person,
        "registration_id": registration_id or "",
        "route": route,
        "route_id": route_id,
        "types": [(t, ServiceType(t).label) for t in types],
        "service_type": service_type,
        "place": place,
        "language": language,
        "services": found_services,
        "service": service,
        "fields": fields,
        "shares": shares,
        "consent": consent,
        "deadline_hours": deadline,
        "priority": priority if priority in Priority.values else Priority.NORMAL,
        "purpose": purpose,
        "priorities": Priority.choices,
        "field_groups": FieldGroup.choices,
        "givers": ConsentGiver.choices,
        "may_override": can(request.user, "referral.override_consent"),
        "may_record_consent": can(request.user, "consent.record"),
        "errors": [],
    }


@requires("referral.create")
@require_http_methods(["GET", "POST"])
def refer(request, number: str):
    """The referral form; POST creates the referral and sends it (or keeps it as a draft)."""
    person = registry.get_person(request.user, number, purpose="referral")
    state = _form_state(request, person)
    if request.method == "GET":
        return render(request, "web/referrals/refer.html", state)
    post = request.POST
    service = state["service"]
    deadline = _int(post.get("deadline_hours")) if post.get("deadline_hours") else None
    try:
        if service is None:
            raise InvalidInput([FieldError("service", _("choose a service from the directory"))])
        with transaction.atomic():
            referral = referrals.create_referral(
                request.user,
                person.number,
                service.code,
                purpose=state["purpose"],
                fields=state["fields"] if state["shares"] else [],
                shares_personal_data=state["shares"],
                deadline_hours=deadline,
                priority=state["priority"],
                route_id=state["route_id"],
            )
            if post.get("send", "yes") != "draft":
                referrals.send(request.user, referral.pk, post.get("override_reason", ""))
    except (InvalidInput, IllegalTransition) as exc:
        state["errors"] = [f"{e.field}: {e.message}" for e in getattr(exc, "errors", [])] or [str(exc)]
        return render(request, "web/referrals/refer.html", state, status=400)
    if referral.status == "draft":
        messages.success(request, _("Referral R%(pk)s saved as a draft.") % {"pk": referral.pk})
    else:
        messages.success(request, _("Referral R%(pk)s sent.") % {"pk": referral.pk})
    return redirect("web:referral", pk=referral.pk)


def _date(value: str, field: str, errors: list) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        errors.append(FieldError(field, _("use the form YYYY-MM-DD")))
        return None


@requires("consent.record")
@require_POST
def record_consent(request, number: str):
    """Record a consent (purpose, recipient, field groups, given by) and go back to the form it came from."""
    person = registry.get_person(request.user, number, purpose="consent")
    post = request.POST
    back = post.get("next", "")
    if not url_has_allowed_host_and_scheme(back, {request.get_host()}, request.is_secure()):
        back = reverse("web:person", args=[person.number])
    errors: list[FieldError] = []
    service = _service_or_none(post.get("service", ""))
    agency = None
    if post.get("recipient") == "agency":
        agency = service.provider.agency if service is not None else None
        service = None
    given_on = _date(post.get("given_on", ""), "given_on", errors)
    valid_until = _date(post.get("valid_until", ""), "valid_until", errors)
    try:
        if errors:
            raise InvalidInput(errors)
        ledger.record_consent(
            request.user,
            person.number,
            post.get("purpose", Purpose.REFERRAL),
            post.getlist("scope"),
            post.get("given_by", ""),
            recipient_agency=agency,
            recipient_service=service,
            given_on=given_on,
            valid_until=valid_until,
        )
        messages.success(request, _("Consent recorded."))
    except InvalidInput as exc:
        messages.error(
            request,
            _("Consent not recorded: %(errors)s")
            % {"errors": "; ".join(f"{e.field}: {e.message}" for e in exc.errors)},
        )
    return redirect(back)
