"""Reading cases through the caller's role and scope: dashboards, lists, one case with its timeline.

Reading a case (which shows personal data and notes) is audited. Out-of-scope cases are "not found".
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from mixmig.apps.access.roles import Scope, can
from mixmig.apps.audit import services as audit
from mixmig.apps.cases.models import Approval, Case, CaseTransfer, CaseTransition, ChildStep, Task
from mixmig.apps.cases.vocabularies import (
    ACTIVE_STATUSES,
    OPEN_STEP_STATUSES,
    ApprovalStatus,
    StepKind,
    StepStatus,
)
from mixmig.apps.registry.errors import NotPermitted, NotVisible


def _scope(user, prefix: str = "") -> Q:
    """The cases the user's scope covers; ``prefix`` ("case__") puts the condition on a related row's case."""
    if user.scope == Scope.ALL:
        return Q()
    if user.scope == Scope.OWN:
        return Q(**{f"{prefix}owner_id": user.pk})
    if user.scope == Scope.TEAM and user.team_id:
        return Q(**{f"{prefix}team_id": user.team_id, f"{prefix}agency_id": user.agency_id})
    if user.scope == Scope.TEAM:
        return Q(**{f"{prefix}owner_id": user.pk})
    return Q(**{f"{prefix}agency_id": user.agency_id})


def visible_cases(user) -> QuerySet[Case]:
    if not can(user, "case.view"):
        return Case.objects.none()
    return Case.objects.filter(_scope(user))


def _case_scope(user) -> Q | None:
    """The case scope as a condition on a related row's ``case`` (a join to the case by primary key).

    ``case__in=visible_cases(user)`` makes SQLite build the list of every case in the team or agency first
    (tens of thousands at scale); the join lets the planner walk the child table's own index (assignee,
    open steps by deadline, requested approvals) and look up each row's case. None: no case is visible.
    """
    if not can(user, "case.view"):
        return None
    return _scope(user, "case__")


# ---- dashboards -----------------------------------------------------------------------------------------

PAGE = 50


def my_cases(user, limit: int = PAGE) -> list[Case]:
    """The user's active cases, most recently changed first (index: owner, status, status_changed_at)."""
    return list(
        visible_cases(user)
        .filter(owner_id=user.pk, status__in=ACTIVE_STATUSES)
        .select_related("person")
        .order_by("-status_changed_at")[:limit]
    )


def my_tasks(user, limit: int = PAGE) -> list[Task]:
    """Open tasks assigned to the user on visible cases, earliest due first (index: assignee, done_at, due_at)."""
    scope = _case_scope(user)
    if scope is None:
        return []
    return list(
        Task.objects.filter(scope, assignee_id=user.pk, done_at__isnull=True)
        .select_related("case")
        .order_by("due_at", "id")[:limit]
    )


def overdue_steps(user, limit: int = PAGE) -> list[ChildStep]:
    """Open child-protection steps past their deadline on visible cases (partial index: open steps by due)."""
    scope = _case_scope(user)
    if scope is None:
        return []
    return list(
        ChildStep.objects.filter(scope, status__in=OPEN_STEP_STATUSES, due_at__lt=timezone.now())
        .select_related("case")
        .order_by("due_at", "id")[:limit]
    )


def case_list(
    user, status: str = "", kind: str = "", owner_id: int | None = None, page: int = 1, per_page: int = PAGE
):
    """A page of cases in the user's scope, newest change first; returns (cases, has_more)."""
    qs = visible_cases(user)
    if status:
        qs = qs.filter(status=status)
    else:
        qs = qs.filter(status__in=ACTIVE_STATUSES)
    if kind:
        qs = qs.filter(kind=kind)
    if owner_id:
        qs = qs.filter(owner_id=owner_id)
    offset = (max(page, 1) - 1) * per_page
    rows = list(
        qs.select_related("person", "owner").order_by("-status_changed_at", "-id")[
            offset : offset + per_page + 1
        ]
    )
    return rows[:per_page], len(rows) > per_page


def team_caseload(user) -> list[dict]:
    """Active cases per owner in the supervisor's scope: [{owner_id, owner__username, n}], largest first."""
    counts = list(
        visible_cases(user)
        .filter(status__in=ACTIVE_STATUSES)
        .values("owner_id")
        .annotate(n=Count("id"))
        .order_by("-n")
    )
    from django.contrib.auth import get_user_model

    names = dict(
        get_user_model()
        .objects.filter(pk__in=[c["owner_id"] for c in counts if c["owner_id"]])
        .values_list("pk", "username")
    )
    return [{**c, "owner__username": names.get(c["owner_id"], "")} for c in counts]


def approvals_waiting(user, limit: int = PAGE) -> list[Approval]:
    scope = _case_scope(user)
    if not can(user, "case.approve") or scope is None:
        return []
    return list(
        Approval.objects.filter(scope, status=ApprovalStatus.REQUESTED)
        .exclude(requested_by_id=user.pk)
        .select_related("case", "requested_by")
        .order_by("requested_at", "id")[:limit]
    )


# ---- one case ------------------------------------------------------------------------------------------


@dataclass
class CaseView:
    case: Case
    tasks: list = field(default_factory=list)
    notes: list = field(default_factory=list)
    approvals: list = field(default_factory=list)
    steps: list = field(default_factory=list)
    transfers: list = field(default_factory=list)
    timeline: list = field(default_factory=list)
    person_fields: dict = field(default_factory=dict)
    child: bool = False


def get_case(user, case_id: int) -> CaseView:
    """One case with tasks, notes, approvals, steps and the timeline. The read is audited."""
    from mixmig.apps.referrals import minimise, persons
    from mixmig.apps.referrals import selectors as referrals
    from mixmig.apps.registry import selectors as registry

    if not can(user, "case.view"):
        raise NotPermitted("your role may not view cases (case.view)")

    with transaction.atomic():
        case = (
            visible_cases(user).select_related("person", "owner", "team", "agency").filter(pk=case_id).first()
        )
        if case is None:
            raise NotVisible(f"case C{case_id} not found")
        audit.record(user, "case.viewed", "case", case.pk)
    view = CaseView(
        case=case,
        tasks=list(case.tasks.select_related("assignee")),
        notes=list(case.notes.select_related("author")),
        approvals=list(case.approvals.select_related("requested_by", "decided_by")),
        steps=list(case.steps.all()),
        transfers=list(case.transfers.select_related("from_agency", "to_agency")),
    )
    events: list[tuple] = []
    if case.person_id:
        person = case.person
        regs = registry.person_registrations(user, person)
        if not regs and case.shared_fields:  # received by transfer: only what the transfer shares
            view.person_fields = minimise.shared_fields(person, case.shared_fields)
        for reg in regs:
            events.append(
                (reg.created_at, "registration", f"Registered at {reg.site.name} on {reg.registered_on}")
            )
        for ref in referrals.referrals_of_person(user, person):
            events.append(
                (
                    ref.created_at,
                    "referral",
                    f"Referral R{ref.pk} to {ref.service.name}: {ref.get_status_display()}",
                )
            )
        view.child = persons.is_child(person)
    for t in CaseTransition.objects.filter(case=case).select_related("actor"):
        events.append(
            (
                t.at,
                "transition",
                f"{t.subject}: {t.old or '—'} → {t.new} ({t.actor_label}) {t.reason}".strip(),
            )
        )
    for note in view.notes:
        events.append((note.created_at, "note", note.text))
    for task in view.tasks:
        events.append((task.created_at, "task", f"Task: {task.title}"))
    for source in TIMELINE_SOURCES:
        events.extend(source(user, case))
    view.timeline = sorted(events, key=lambda e: e[0], reverse=True)
    return view


#: Other apps add ``(user, case) -> [(at, kind, text)]`` (e.g. screening results).
TIMELINE_SOURCES: list = []


# ---- child-protection facts used by referrals (consent for children, non-refoulement) --------------------


def age_assessment_state(person) -> str | None:
    """None (never requested), "pending" (requested or in progress), or the latest outcome."""
    latest = (
        ChildStep.objects.filter(person=person, kind=StepKind.AGE_ASSESSMENT)
        .exclude(status=StepStatus.CANCELLED)
        .order_by("-requested_at", "-id")
        .first()
    )
    if latest is None:
        return None
    return "pending" if latest.status in OPEN_STEP_STATUSES else latest.outcome


def guardian_appointed(person) -> bool:
    return ChildStep.objects.filter(
        person=person, kind=StepKind.GUARDIAN_APPOINTMENT, status=StepStatus.DONE
    ).exists()


def best_interests_determined(person) -> bool:
    return ChildStep.objects.filter(
        person=person, kind=StepKind.BEST_INTERESTS_DETERMINATION, status=StepStatus.DONE
    ).exists()


def cases_of_person(user, person) -> QuerySet[Case]:
    """The person's cases in the user's scope, newest first (person page)."""
    return visible_cases(user).filter(person=person).select_related("agency", "owner").order_by("-id")


def transfers_of(user) -> QuerySet[CaseTransfer]:
    return CaseTransfer.objects.filter(Q(from_agency_id=user.agency_id) | Q(to_agency_id=user.agency_id))
