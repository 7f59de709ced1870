"""Identity resolution pages: the duplicate check on the registration form, the review queue of possible
matches (side by side, decide same person / not the same person), undoing a merge, and batch linkage runs.

Views call only the identity and registry services and selectors; scope and permissions are theirs.
"""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from mixmig.apps.identity import selectors as identity
from mixmig.apps.identity import services as identity_services
from mixmig.apps.registry import selectors as registry
from mixmig.apps.registry import services as registry_services
from mixmig.apps.registry.errors import InvalidInput
from mixmig.web import forms
from mixmig.web.views.common import requires

PAGE_SIZE = 25
CANDIDATES_PER_MEMBER = 5
ACTIVE_RUN = ("queued", "running")


def _page(request) -> int:
    try:
        return max(1, min(int(request.GET.get("page", "1")), 10_000))
    except ValueError:
        return 1


def _error_text(exc: InvalidInput) -> str:
    return " ".join(str(e.message) for e in exc.errors)


# --- the duplicate check on the registration form -------------------------------------------------------


@requires("person.register")
@require_POST
def check_duplicates(request):
    """Candidates for every member row of the registration form, before saving (nothing is written).

    htmx: one fragment per member row (out-of-band swaps) and a summary; without JavaScript the whole
    register page again, with the candidates under each member.
    """
    form = forms.GroupForm.from_post(request.POST)
    found = 0
    for member, data in zip(form.members, form.service_members(), strict=True):
        member.duplicates = (
            identity.check_duplicates(request.user, data, limit=CANDIDATES_PER_MEMBER)
            if forms.has_identity(data)
            else []
        )
        found += bool(member.duplicates)
    context = {"form": form, "checked": True, "found": found}
    if request.htmx:
        return render(request, "web/identity/_check_result.html", context)
    context["sites"] = list(registry.list_sites())
    return render(request, "web/register.html", context)


# --- the review queue ---------------------------------------------------------------------------------


@requires("person.merge")
@require_GET
def queue(request):
    page = _page(request)
    start = (page - 1) * PAGE_SIZE
    rows = list(identity.pending_matches(request.user)[start : start + PAGE_SIZE + 1])
    has_more = len(rows) > PAGE_SIZE
    rows = rows[:PAGE_SIZE]
    registry.record_listing(request.user, "identity.matches_listed", "possible_match", [m.pk for m in rows])
    return render(request, "web/identity/queue.html", {"matches": rows, "page": page, "has_more": has_more})


def _side(user, person) -> dict:
    return {"person": person, "registrations": registry.person_registrations(user, person)}


def _match_context(user, match, reason: str = "", error: str = "") -> dict:
    sides = []
    if match.status == match.Status.PENDING:
        for number in (match.person_a.number, match.person_b.number):
            person = registry.get_person(user, number, purpose="identity_review")  # the read is audited
            sides.append(_side(user, person))
    return {"match": match, "sides": sides, "reason": reason, "error": error}


@requires("person.merge")
@require_http_methods(["GET", "POST"])
def match(request, match_id: int):
    """One possible match side by side; POST decides it (``decision`` = match | not_match, reason required)."""
    found = identity.get_match(request.user, match_id)  # 404 unless both persons are visible
    if request.method == "GET":
        return render(request, "web/identity/match.html", _match_context(request.user, found))
    decision = request.POST.get("decision", "")
    reason = request.POST.get("reason", "").strip()[:2000]
    if not reason:
        context = _match_context(
            request.user,
            found,
            reason,
            _("Give a reason: what shows these are (or are not) the same person."),
        )
        return render(request, "web/identity/match.html", context, status=400)
    try:
        decided = identity_services.decide(request.user, match_id, decision, reason)
    except InvalidInput as exc:
        context = _match_context(request.user, found, reason, _error_text(exc))
        return render(request, "web/identity/match.html", context, status=400)
    numbers = {"a": decided.person_a.number, "b": decided.person_b.number}
    if decided.status == decided.Status.MATCH:
        messages.success(request, _("Same person: %(b)s was merged into %(a)s.") % numbers)
    else:
        messages.success(
            request, _("Not the same person: %(a)s and %(b)s will not be proposed again.") % numbers
        )
    return redirect("web:identity_queue")


# --- undoing a merge (from the survivor's person page) ------------------------------------------------------


@requires("person.merge")
@require_POST
def unmerge(request, merge_id: int):
    merge = registry.get_merge(request.user, merge_id)  # 404 outside scope
    survivor = merge.survivor.number
    try:
        done = registry_services.unmerge_persons(request.user, merge_id, request.POST.get("reason", ""))
    except InvalidInput as exc:
        messages.error(request, _("The merge was not undone: %(error)s") % {"error": _error_text(exc)})
        return redirect("web:person", number=survivor)
    messages.success(
        request,
        _("Merge undone: %(merged)s is a separate person again; its registrations left %(survivor)s.")
        % {"merged": done.merged.number, "survivor": done.survivor.number},
    )
    return redirect("web:person", number=done.merged.number)


# --- batch linkage runs ---------------------------------------------------------------------------------


@requires("person.merge")
@require_GET
def runs(request):
    """Latest runs with status and progress; while one is queued or running the list polls itself (htmx)."""
    latest = identity.latest_runs(request.user, 20)
    context = {"runs": latest, "active": any(r.status in ACTIVE_RUN for r in latest)}
    template = "web/identity/_runs.html" if request.htmx else "web/identity/runs.html"
    return render(request, template, context)


@requires("person.merge")
@require_POST
def start_run(request):
    try:
        run = identity_services.start_run(request.user)
    except InvalidInput as exc:
        messages.error(request, _("No run was started: %(error)s") % {"error": _error_text(exc)})
    else:
        messages.success(request, _("Linkage run %(id)s started.") % {"id": run.pk})
    return redirect("web:identity_runs")
