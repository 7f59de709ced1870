"""Finding people (one search box) and the person page with registrations, journey and travel group."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from mixmig.apps.access.roles import can
from mixmig.apps.cases import selectors as case_selectors
from mixmig.apps.referrals import selectors as referral_selectors
from mixmig.apps.registry import selectors
from mixmig.apps.registry.errors import Merged
from mixmig.apps.screening import selectors as screening
from mixmig.web.views.common import requires

PAGE_SIZE = 25


def _page_number(request) -> int:
    try:
        return max(1, min(int(request.GET.get("page", "1")), 10_000))
    except ValueError:
        return 1


@requires("person.view")
@require_GET
def search(request):
    query = request.GET.get("q", "").strip()[:200]
    page = _page_number(request)
    rows, has_more = [], False
    if query:
        result = selectors.search_persons(request.user, query, limit=PAGE_SIZE, offset=(page - 1) * PAGE_SIZE)
        latest = selectors.latest_registrations(request.user, result.persons)
        rows = [(person, latest.get(person.pk)) for person in result.persons]
        has_more = result.has_more
    context = {"q": query, "rows": rows, "page": page, "has_more": has_more, "searched": bool(query)}
    template = "web/_results.html" if request.htmx and request.htmx.target == "results" else "web/search.html"
    return render(request, template, context)


def _relations_of(registration, members_by_id) -> dict[int, list[tuple[str, str]]]:
    """For each other group member: how this person and that member are related, as (direction, relation)."""
    out: dict[int, list[tuple[str, str]]] = {}
    for rel in registration.relations_as_subject.all():
        if rel.other_id in members_by_id:
            out.setdefault(rel.other_id, []).append(("subject", rel.get_relation_display()))
    for rel in registration.relations_as_other.all():
        if rel.subject_id in members_by_id:
            out.setdefault(rel.subject_id, []).append(("other", rel.get_relation_display()))
    return out


@requires("person.view")
@require_GET
def person(request, number: str):
    try:
        person = selectors.get_person(request.user, number)  # 404 outside scope; the read is audited
    except Merged as merged:
        messages.info(request, str(merged))  # "person X was merged into Y"
        return redirect("web:person", number=merged.survivor_number)
    registrations = selectors.person_registrations(request.user, person)
    screenings = {s.registration_id: s for s in screening.current_screenings(request.user, person)}
    entries = []
    for registration in registrations:
        members = selectors.group_members(request.user, registration) if registration.group_id else []
        by_id = {m.pk: m for m in members}
        relations = _relations_of(registration, by_id)
        entries.append(
            {
                "registration": registration,
                "documents": list(registration.documents.all()),
                "phones": [c.value for c in registration.contacts.all() if c.kind == "phone"],
                "emails": [c.value for c in registration.contacts.all() if c.kind == "email"],
                "legs": list(registration.legs.all()),
                "members": [(m, relations.get(m.pk, [])) for m in members],
                "screening": screenings.get(registration.pk),
            }
        )
    context = {
        "person": person,
        "entries": entries,
        "may_edit": can(request.user, "person.edit"),
        "merges": selectors.person_merges(request.user, person),  # merges into this person, to undo
        "may_merge": can(request.user, "person.merge"),
        "referrals": list(referral_selectors.referrals_of_person(request.user, person)[:50]),
        "cases": list(case_selectors.cases_of_person(request.user, person)[:50]),
    }
    return render(request, "web/person.html", context)


@requires("person.view")
@require_GET
def registration_link(request, pk: int):
    """A registration id (as in reports and comparisons) → its person's page, if in scope (read audited)."""
    registration = selectors.get_registration(request.user, pk)
    return redirect("web:person", number=registration.person.number)
