"""Screening in the web UI: the questions the pack still needs for a travel group, in the user's language."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from mixmig.apps.registry import selectors as registry
from mixmig.apps.registry.errors import InvalidInput
from mixmig.apps.screening import selectors, services
from mixmig.engines.policy import shipped_pack_ids
from mixmig.web.templatetags.mixmig_screening_form import YES_NO
from mixmig.web.views.common import requires


def _answer_from_post(post, name: str, question: dict):
    if question["type"] == "select_multiple":
        values = post.getlist(name)
        return values or None
    value = post.get(name, "").strip()
    return value or None


@requires("person.edit")
@require_http_methods(["GET", "POST"])
def questions(request, pk: int):
    """One form for the registration and the other members of its travel group the user may see."""
    registration = registry.get_registration(request.user, pk)
    members = registry.group_members(request.user, registration)
    language = get_language() or "en"
    sections = [(m, selectors.questions_for(request.user, m.pk, language)) for m in members]
    errors: dict[str, str] = {}
    if request.method == "POST":
        answers = {}
        for member, asked in sections:
            given = {}
            for q in asked:
                value = _answer_from_post(request.POST, f"r{member.pk}-{q['id']}", q)
                if value is not None:
                    given[q["id"]] = value
            answers[member.pk] = given
        try:
            cleaned = {
                pk_: services.clean_answers(given, prefix=f"r{pk_}-") for pk_, given in answers.items()
            }
        except InvalidInput as exc:
            errors = {e.field: e.message for e in exc.errors}
        else:
            for member_pk, given in cleaned.items():
                if given:
                    services.answer_questions(request.user, member_pk, given)
            messages.success(request, _("Answers recorded; the screening was updated."))
            return redirect("web:person", number=registration.person.number)
    context = {
        "registration": registration,
        "sections": sections,
        "errors": errors,
        "posted": request.POST,
        "yes_no_choices": YES_NO,
    }
    return render(request, "web/screening_questions.html", context, status=400 if errors else 200)


@requires("stats.view")
@require_http_methods(["GET"])
def compare(request):
    """For analysts and policy officers: the caseload screened under two packs, side by side."""
    packs = shipped_pack_ids()
    a, b = request.GET.get("a", ""), request.GET.get("b", "")
    data, error = None, ""
    if a and b:
        if a not in packs or b not in packs:
            error = _("Choose two of the shipped packs: %(packs)s") % {"packs": ", ".join(packs)}
        else:
            data = selectors.compare_caseload(request.user, a, b)
    context = {"packs": packs, "a": a, "b": b, "data": data, "error": error}
    return render(request, "web/compare.html", context, status=400 if error else 200)
