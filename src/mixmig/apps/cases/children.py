"""Steps for unaccompanied and separated children, each with a deadline and a stored state machine.

requested → in_progress → done;  requested | in_progress → cancelled (reason).
* Age assessment: while requested or in progress — and when inconclusive — the person is treated as a child
  (benefit of the doubt). Outcome: minor, adult or inconclusive.
* Guardian appointment: done when a guardian is appointed (organisation recorded, not personal details).
* Best-interests assessment, then determination: the determination is done only with a supervisor's
  approval (ApprovalKind.BEST_INTERESTS_DETERMINATION).
* Family tracing request.
"""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from mixmig.apps.audit import services as audit
from mixmig.apps.cases.models import Approval, ChildStep
from mixmig.apps.cases.services import managed_case, reason_given, store_transition
from mixmig.apps.cases.vocabularies import (
    OPEN_STEP_STATUSES,
    STEP_DEADLINE_HOURS,
    AgeOutcome,
    ApprovalKind,
    ApprovalStatus,
    StepKind,
    StepStatus,
)
from mixmig.apps.referrals.statemachine import Machine
from mixmig.apps.registry.errors import FieldError, InvalidInput, NotVisible

K, T = StepKind, StepStatus


def outcome_valid(step, outcome: str = "", **_) -> str | None:
    if step.kind == K.AGE_ASSESSMENT and outcome not in AgeOutcome.values:
        return f"record the outcome: {', '.join(AgeOutcome.values)}"
    return None


def determination_approved(step, **_) -> str | None:
    if step.kind != K.BEST_INTERESTS_DETERMINATION:
        return None
    approved = Approval.objects.filter(
        case_id=step.case_id, kind=ApprovalKind.BEST_INTERESTS_DETERMINATION, status=ApprovalStatus.APPROVED,
        decided_at__gte=step.requested_at,
    ).exists()  # fmt: skip
    return None if approved else "a supervisor must approve the best-interests determination first"


def assessment_done(step, **_) -> str | None:
    if step.kind != K.BEST_INTERESTS_DETERMINATION:
        return None
    done = ChildStep.objects.filter(
        case_id=step.case_id, kind=K.BEST_INTERESTS_ASSESSMENT, status=T.DONE
    ).exists()
    return None if done else "complete the best-interests assessment first"


MACHINE = Machine(
    kind="child-protection step",
    states=tuple(T.values),
    transitions={
        (T.REQUESTED, T.IN_PROGRESS): (),
        (T.REQUESTED, T.DONE): ("outcome_valid", "assessment_done", "determination_approved"),
        (T.IN_PROGRESS, T.DONE): ("outcome_valid", "assessment_done", "determination_approved"),
        (T.REQUESTED, T.CANCELLED): ("reason_given",),
        (T.IN_PROGRESS, T.CANCELLED): ("reason_given",),
    },
    guards={
        "outcome_valid": outcome_valid,
        "determination_approved": determination_approved,
        "assessment_done": assessment_done,
        "reason_given": reason_given,
    },
)


def request_step(
    actor, case_id: int, kind: str, deadline_hours: int | None = None, details: dict | None = None
) -> ChildStep:
    if kind not in K.values:
        raise InvalidInput([FieldError("kind", f"allowed: {', '.join(K.values)}")])
    if deadline_hours is not None and not (0 < deadline_hours <= 24 * 365):
        raise InvalidInput([FieldError("deadline_hours", "must be between 1 and 8760 hours")])
    with transaction.atomic():
        case = managed_case(actor, case_id)
        if case.person_id is None:
            raise InvalidInput(
                [FieldError("case", "child-protection steps need a case opened for one person")]
            )
        if ChildStep.objects.filter(case=case, kind=kind, status__in=OPEN_STEP_STATUSES).exists():
            raise InvalidInput([FieldError("kind", f"a {kind} step is already open on this case")])
        now = timezone.now()
        hours = deadline_hours or STEP_DEADLINE_HOURS[kind]
        step = ChildStep.objects.create(
            case=case, person_id=case.person_id, kind=kind, due_at=now + timedelta(hours=hours),
            requested_by=actor, requested_at=now, details=details or {},
        )  # fmt: skip
        store_transition(actor, case, f"step:{step.pk}", "", T.REQUESTED, kind, now)
        audit.record(actor, "case.step_requested", "case", case.pk, step=step.pk, kind=kind)
    return step


def move_step(
    actor, step_id: int, new: str, reason: str = "", outcome: str = "", details: dict | None = None
) -> ChildStep:
    step = ChildStep.objects.filter(pk=step_id).first()
    if step is None:
        raise NotVisible(f"step {step_id} not found")
    with transaction.atomic():
        case = managed_case(actor, step.case_id)
        step = ChildStep.objects.select_for_update().get(pk=step_id)
        old = step.status
        MACHINE.check(old, new, step=step, reason=reason, outcome=outcome, actor=actor)
        now = timezone.now()
        step.status = new
        if new == T.DONE:
            step.completed_at = now
            step.outcome = outcome[:32]
            if step.kind == K.BEST_INTERESTS_DETERMINATION:
                step.approval = (
                    Approval.objects.filter(
                        case=case,
                        kind=ApprovalKind.BEST_INTERESTS_DETERMINATION,
                        status=ApprovalStatus.APPROVED,
                    )
                    .order_by("-decided_at")
                    .first()
                )
        if details:
            step.details = {**step.details, **details}
        step.save()
        store_transition(actor, case, f"step:{step.pk}", old, new, reason or outcome, now)
        audit.record(
            actor, f"case.step_{new}", "case", case.pk, step=step.pk, kind=step.kind, outcome=step.outcome
        )
    return step
