"""Casework pages: caseworker and supervisor dashboards, case list and case page, referral page.

Views call only services and selectors; errors from the state machines come back as messages.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from mixmig.apps.access import services as access
from mixmig.apps.access.roles import can
from mixmig.apps.cases import children
from mixmig.apps.cases import selectors as case_selectors
from mixmig.apps.cases import services as cases
from mixmig.apps.cases.vocabularies import CaseStatus, StepKind
from mixmig.apps.directory.vocabularies import FieldGroup
from mixmig.apps.exchange import selectors as exchange_selectors
from mixmig.apps.notifications import services as notifications
from mixmig.apps.referrals import selectors as referral_selectors
from mixmig.apps.referrals import services as referrals
from mixmig.apps.referrals.statemachine import IllegalTransition
from mixmig.apps.registry.errors import InvalidInput
from mixmig.web.views.common import requires


def _page(request) -> int:
    try:
        return max(1, min(int(request.GET.get("page", "1")), 10_000))
    except ValueError:
        return 1


@requires("case.view")
@require_GET
def dashboard(request):
    user = request.user
    context = {
        "my_cases": case_selectors.my_cases(user, 20),
        "my_tasks": case_selectors.my_tasks(user, 20),
        "overdue": referral_selectors.overdue_referrals(user, limit=20),
        "incoming": list(referral_selectors.incoming_referrals(user)[:20]),
        "overdue_steps": case_selectors.overdue_steps(user, 20),
        "notifications": notifications.unread(user, 10),
    }
    if can(user, "referral.view"):
        context["may_exchange"] = True
        context["exchange_waiting"] = exchange_selectors.inbound_messages(user, "received").count()
    return render(request, "web/casework/dashboard.html", context)


@requires("case.assign")
def supervisor(request):
    user = request.user
    if request.method == "POST":
        owner = (
            get_user_model()
            .objects.filter(pk=request.POST.get("owner") or 0, agency_id=user.agency_id)
            .first()
        )
        ids = [int(i) for i in request.POST.getlist("case") if i.isdigit()]
        try:
            done = cases.bulk_reassign(user, ids, owner)
            messages.success(request, f"{len(done)} case(s) reassigned.")
        except InvalidInput as exc:
            messages.error(request, str(exc))
        return redirect("web:supervisor")
    rows, has_more = case_selectors.case_list(user, page=_page(request))
    staff = notifications.staff(user.agency_id, ("caseworker", "supervisor"))
    context = {
        "caseload": case_selectors.team_caseload(user),
        "approvals": case_selectors.approvals_waiting(user),
        "overdue": referral_selectors.overdue_referrals(user, limit=20),
        "cases": rows,
        "has_more": has_more,
        "staff": staff,
    }
    return render(request, "web/casework/supervisor.html", context)


@requires("case.view")
@require_GET
def case_list(request):
    status = request.GET.get("status", "")
    status = status if status in CaseStatus.values else ""
    page = _page(request)
    rows, has_more = case_selectors.case_list(request.user, status=status, page=page)
    context = {
        "cases": rows,
        "has_more": has_more,
        "page": page,
        "status": status,
        "statuses": CaseStatus.choices,
    }
    return render(request, "web/casework/case_list.html", context)


@requires("case.view")
@require_GET
def case_page(request, pk: int):
    view = case_selectors.get_case(request.user, pk)  # 404 outside scope; audited
    context = {
        "v": view,
        "allowed": cases.MACHINE.allowed_from(view.case.status),
        "step_kinds": StepKind.choices,
        "step_allowed": {s.pk: children.MACHINE.allowed_from(s.status) for s in view.steps},
    }
    if can(request.user, "case.transfer") and view.case.agency_id == request.user.agency_id:
        context["transfer_agencies"] = access.other_agencies(request.user.agency_id)
        context["field_groups"] = FieldGroup.choices
    return render(request, "web/casework/case.html", context)


@requires("case.manage")
@require_POST
def case_action(request, pk: int):
    """One form endpoint for the case page: note, task, status, step request/move, approval request."""
    user, post = request.user, request.POST
    action = post.get("action", "")
    try:
        if action == "note":
            cases.add_note(user, pk, post.get("text", ""))
        elif action == "task":
            cases.add_task(user, pk, post.get("title", ""))
        elif action == "task_done":
            cases.complete_task(user, int(post.get("task", 0)))
        elif action == "status":
            cases.change_status(user, pk, post.get("status", ""), post.get("reason", ""))
        elif action == "approval":
            cases.request_approval(user, pk, post.get("kind", ""))
        elif action == "step":
            children.request_step(user, pk, post.get("kind", ""))
        elif action == "step_move":
            children.move_step(
                user,
                int(post.get("step", 0)),
                post.get("status", ""),
                post.get("reason", ""),
                post.get("outcome", ""),
            )
        else:
            messages.error(request, "Unknown action.")
    except (InvalidInput, IllegalTransition) as exc:
        messages.error(request, str(exc))
    return redirect("web:case", pk=pk)


@requires("case.approve")
@require_POST
def decide_approval(request, pk: int):
    try:
        cases.decide_approval(
            request.user, pk, request.POST.get("decision") == "approve", request.POST.get("comment", "")
        )
    except InvalidInput as exc:
        messages.error(request, str(exc))
    return redirect("web:supervisor")


@requires("referral.view")
@require_GET
def referral_page(request, pk: int):
    view = referral_selectors.get_referral(request.user, pk)  # audited; minimised for the recipient
    return render(request, "web/casework/referral.html", {"v": view})


@requires("referral.view")
@require_POST
def referral_action(request, pk: int):
    action = request.POST.get("action", "")
    reason = request.POST.get("reason", "")
    calls = {
        "sent": lambda: referrals.send(request.user, pk, request.POST.get("override_reason", "")),
        "accepted": lambda: referrals.accept(request.user, pk, reason),
        "declined": lambda: referrals.decline(request.user, pk, reason),
        "in_service": lambda: referrals.start_service(request.user, pk, reason),
        "completed": lambda: referrals.complete(request.user, pk, reason),
        "revoked": lambda: referrals.revoke(request.user, pk, reason),
        "expired": lambda: referrals.expire(request.user, pk, reason),
    }
    try:
        if action not in calls:
            raise InvalidInput([])
        calls[action]()
        messages.success(request, f"Referral R{pk}: {action}.")
    except (InvalidInput, IllegalTransition) as exc:
        messages.error(request, str(exc) or "Unknown action.")
    return redirect("web:referral", pk=pk)


@requires("referral.view")
@require_POST
def read_notifications(request):
    notifications.mark_read(request.user)
    return redirect("web:work")
