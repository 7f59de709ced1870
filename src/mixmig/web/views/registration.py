"""Registering a person or a whole travel group on one screen, and editing a registration."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods

from mixmig.apps.registry import selectors, services
from mixmig.apps.registry.errors import InvalidInput
from mixmig.web import forms
from mixmig.web.views.common import requires


def _sites():
    return list(selectors.list_sites())


def _default_site(user, sites) -> str:
    """The first site of the user's agency, else the first site."""
    own = [s for s in sites if s.agency_id and s.agency_id == user.agency_id]
    choices = own or sites
    return choices[0].code if choices else ""


@requires("person.register")
@require_http_methods(["GET", "POST"])
def register(request):
    sites = _sites()
    if request.method == "GET":
        form = forms.GroupForm.initial(_default_site(request.user, sites), timezone.localdate().isoformat())
        return render(request, "web/register.html", {"form": form, "sites": sites})

    form = forms.GroupForm.from_post(request.POST)
    if not form.members:
        form.members = [forms.blank_member(0)]
        form.top_errors["members"] = [_("Add at least one person.")]
    else:
        try:
            registrations = services.register_group(
                request.user,
                form.site,
                form.service_members(),
                form.service_relations(),
                form.registered_on or None,
            )
        except InvalidInput as exc:
            form.add_errors(exc.errors)
        else:
            count = len(registrations)
            numbers = ", ".join(r.person.number for r in registrations)
            messages.success(
                request,
                ngettext(
                    "Registered %(count)d person: %(numbers)s.",
                    "Registered %(count)d people as one travel group: %(numbers)s.",
                    count,
                )
                % {"count": count, "numbers": numbers},
            )
            return redirect("web:screening_questions", pk=registrations[0].pk)
    return render(request, "web/register.html", {"form": form, "sites": sites}, status=400)


@requires("person.register")
@require_GET
def member_row(request):
    """One more member row (htmx): appended to the group on the register page."""
    member = forms.blank_member(position=1)
    return render(request, "web/_member.html", {"member": member, "show_relation": True})


@requires("person.register")
@require_GET
def document_row(request):
    """One more document row (htmx) for the member whose row key is given."""
    member_key = request.GET.get("member", "")
    if not forms._KEY.match(member_key):
        member_key = forms.new_key()
    doc = forms.DocumentRow(forms.new_key(), {"kind": "passport"})
    return render(
        request, "web/_document.html", {"member_key": member_key, "doc": doc, "f": doc.fields(member_key)}
    )


@requires("person.edit")
@require_http_methods(["GET", "POST"])
def edit_registration(request, pk: int):
    registration = selectors.get_registration(request.user, pk)  # 404 outside scope; the read is audited
    full = next(
        r
        for r in selectors.person_registrations(request.user, registration.person)
        if r.pk == registration.pk
    )
    contacts, documents, legs = list(full.contacts.all()), list(full.documents.all()), list(full.legs.all())
    if request.method == "GET":
        member = forms.member_from_registration(full, contacts, documents)
        journey = forms.journey_from_registration(full, legs)
        return render(request, "web/edit.html", _edit_context(full, member, journey, {}))

    member = forms.member_from_post(request.POST, request.POST.get("member", ""), 0)
    journey = forms.journey_from_post(request.POST)
    try:
        services.update_registration(request.user, pk, forms.edit_service_dict(member, journey, full, legs))
    except InvalidInput as exc:
        journey_errors: dict = {}
        top: dict = {}
        forms.ErrorSink([member], journey_errors, top, []).place_all(exc.errors)
        return render(
            request, "web/edit.html", _edit_context(full, member, journey, journey_errors, top), status=400
        )
    messages.success(
        request, _("The registration of %(date)s was saved.") % {"date": full.registered_on.isoformat()}
    )
    return redirect("web:person", number=full.person.number)


def _edit_context(registration, member, journey, journey_errors, top=None):
    return {
        "registration": registration,
        "member": member,
        "journey": forms.journey_fields(journey, journey_errors),
        "top_errors": top or {},
        "has_errors": bool(journey_errors or top or member.errors or any(d.errors for d in member.documents)),
    }
