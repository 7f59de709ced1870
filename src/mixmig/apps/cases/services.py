"""Cases: open, move through the status machine, assign, tasks, notes and supervisor approvals.

open → in_progress | on_hold | closed;  in_progress ⇄ on_hold;  in_progress | on_hold → closed;
closed → reopened → in_progress | on_hold | closed.  Closing needs a reason and an approved closure.
Every change is audited in its transaction; every status change is stored (old, new, reason, actor, time).
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from mixmig.apps.access.roles import can
from mixmig.apps.audit import services as audit
from mixmig.apps.cases.models import Approval, Case, CaseTransition, Note, Task
from mixmig.apps.cases.vocabularies import ApprovalKind, ApprovalStatus, CaseKind, CaseStatus
from mixmig.apps.notifications import services as notifications
from mixmig.apps.referrals.statemachine import Machine
from mixmig.apps.registry import selectors as registry
from mixmig.apps.registry.errors import FieldError, InvalidInput, NotPermitted, NotVisible

C = CaseStatus
MAX_NOTE = 20_000


def require(actor, permission: str) -> None:
    if not can(actor, permission):
        raise NotPermitted(f"your role may not do this ({permission})")


def reason_given(reason: str = "", **_) -> str | None:
    return None if (reason or "").strip() else "give a reason"


def closure_approved(case, **_) -> str | None:
    approved = Approval.objects.filter(
        case=case, kind=ApprovalKind.CLOSURE, status=ApprovalStatus.APPROVED,
        decided_at__gte=case.status_changed_at,
    ).exists()  # fmt: skip
    return None if approved else "a supervisor must approve the closure first (request a closure approval)"


MACHINE = Machine(
    kind="case",
    states=tuple(C.values),
    transitions={
        (C.OPEN, C.IN_PROGRESS): (),
        (C.OPEN, C.ON_HOLD): ("reason_given",),
        (C.OPEN, C.CLOSED): ("reason_given", "closure_approved"),
        (C.IN_PROGRESS, C.ON_HOLD): ("reason_given",),
        (C.IN_PROGRESS, C.CLOSED): ("reason_given", "closure_approved"),
        (C.ON_HOLD, C.IN_PROGRESS): (),
        (C.ON_HOLD, C.CLOSED): ("reason_given", "closure_approved"),
        (C.CLOSED, C.REOPENED): ("reason_given",),
        (C.REOPENED, C.IN_PROGRESS): (),
        (C.REOPENED, C.ON_HOLD): ("reason_given",),
        (C.REOPENED, C.CLOSED): ("reason_given", "closure_approved"),
    },
    guards={"reason_given": reason_given, "closure_approved": closure_approved},
)


def store_transition(actor, case: Case, subject: str, old: str, new: str, reason: str, at) -> None:
    CaseTransition.objects.create(
        case=case, subject=subject, old=old, new=new, reason=(reason or "").strip()[:500],
        actor=None if isinstance(actor, str) else actor,
        actor_label=actor if isinstance(actor, str) else actor.get_username(), at=at,
    )  # fmt: skip


def managed_case(actor, case_id: int, lock: bool = True) -> Case:
    """A case the actor may manage (role case.manage, case within scope); 404 otherwise."""
    require(actor, "case.manage")
    from mixmig.apps.cases.selectors import visible_cases

    if not visible_cases(actor).filter(pk=case_id).exists():
        raise NotVisible(f"case C{case_id} not found")
    # of=("self",): the person is a nullable FK (outer join), which PostgreSQL refuses to lock; only the
    # case row needs the lock
    qs = Case.objects.select_for_update(of=("self",)) if lock else Case.objects
    return qs.select_related("person").get(pk=case_id)


def open_case(
    actor, person_number: str = "", kind: str = CaseKind.GENERAL, group_id: int | None = None, owner=None
) -> Case:
    """Open a case for a person (or a travel group) the actor can see; the actor owns it unless ``owner``."""
    require(actor, "case.manage")
    if kind not in CaseKind.values:
        raise InvalidInput([FieldError("kind", f"allowed: {', '.join(CaseKind.values)}")])
    person = None
    if person_number:
        person = registry.visible_persons(actor).filter(number=person_number).first()
        if person is None:
            raise NotVisible(f"person {person_number} not found")
    if group_id is not None and not registry.visible_registrations(actor).filter(group_id=group_id).exists():
        raise NotVisible(f"travel group {group_id} not found")
    if person is None and group_id is None:
        raise InvalidInput([FieldError("person", "open a case for a person or a travel group")])
    owner = owner or actor
    if owner.agency_id != actor.agency_id:
        raise InvalidInput([FieldError("owner", "the owner must work in your agency")])
    now = timezone.now()
    with transaction.atomic():
        case = Case.objects.create(
            person=person, group_id=group_id, kind=kind, agency_id=actor.agency_id, team_id=owner.team_id,
            owner=owner, status=C.OPEN, status_changed_at=now, opened_by=actor, opened_at=now,
        )  # fmt: skip
        store_transition(actor, case, "case", "", C.OPEN, "opened", now)
        audit.record(actor, "case.opened", "case", case.pk, person=person.number if person else "", kind=kind)
    return case


def change_status(actor, case_id: int, new: str, reason: str = "") -> Case:
    with transaction.atomic():
        case = managed_case(actor, case_id)
        old = case.status
        MACHINE.check(old, new, case=case, reason=reason, actor=actor)
        now = timezone.now()
        case.status = new
        case.status_changed_at = now
        if new == C.CLOSED:
            case.closure_reason = reason.strip()[:500]
        case.save()
        store_transition(actor, case, "case", old, new, reason, now)
        audit.record(actor, f"case.{new}", "case", case.pk, old=old, new=new)
    return case


def assign(actor, case_id: int, owner) -> Case:
    """Give the case to another member of the agency (supervisors: case.assign)."""
    require(actor, "case.assign")
    return bulk_reassign(actor, [case_id], owner)[0]


def bulk_reassign(actor, case_ids: list[int], owner) -> list[Case]:
    """Reassign several cases at once; all or nothing."""
    require(actor, "case.assign")
    if owner is None or owner.agency_id != actor.agency_id or not can(owner, "case.manage"):
        raise InvalidInput([FieldError("owner", "choose a caseworker or supervisor of your agency")])
    from mixmig.apps.cases.selectors import visible_cases

    ids = list(dict.fromkeys(int(i) for i in case_ids))
    with transaction.atomic():
        cases = list(visible_cases(actor).select_for_update().filter(pk__in=ids))
        if len(cases) != len(ids):
            missing = sorted(set(ids) - {c.pk for c in cases})
            raise NotVisible(f"case(s) {', '.join(f'C{i}' for i in missing)} not found")
        for case in cases:
            old_owner = case.owner_id
            case.owner = owner
            case.team_id = owner.team_id
            case.save(update_fields=["owner", "team"])
            audit.record(actor, "case.assigned", "case", case.pk, old_owner=old_owner, new_owner=owner.pk)
        notifications.notify(
            [owner], "case.assigned", f"{len(cases)} case(s) assigned to you: "
            + ", ".join(c.number for c in cases[:10]), "/cases/", "case", cases[0].pk if cases else "",
        )  # fmt: skip
    return cases


def add_task(actor, case_id: int, title: str, due_at=None, assignee=None) -> Task:
    title = (title or "").strip()
    if not title:
        raise InvalidInput([FieldError("title", "say what is to be done")])
    with transaction.atomic():
        case = managed_case(actor, case_id)
        assignee = assignee or case.owner or actor
        if assignee.agency_id != case.agency_id:
            raise InvalidInput([FieldError("assignee", "the assignee must work in the case's agency")])
        task = Task.objects.create(
            case=case, title=title[:200], due_at=due_at, assignee=assignee, created_by=actor
        )
        audit.record(actor, "case.task_added", "case", case.pk, task=task.pk)
        if assignee.pk != getattr(actor, "pk", None):
            notifications.notify(
                [assignee],
                "task.assigned",
                f"New task on case {case.number}",
                f"/cases/{case.pk}/",
                "case",
                case.pk,
            )
    return task


def complete_task(actor, task_id: int) -> Task:
    task = Task.objects.filter(pk=task_id).first()
    if task is None:
        raise NotVisible(f"task {task_id} not found")
    with transaction.atomic():
        case = managed_case(actor, task.case_id)
        task = Task.objects.select_for_update().get(pk=task_id)
        if task.done_at:
            raise InvalidInput([FieldError("task", "this task is already done")])
        task.done_at = timezone.now()
        task.done_by = actor
        task.save()
        audit.record(actor, "case.task_done", "case", case.pk, task=task.pk)
    return task


def add_note(actor, case_id: int, text: str) -> Note:
    """A free-text note; stored as typed, shown escaped."""
    text = (text or "").strip()
    if not text:
        raise InvalidInput([FieldError("text", "the note is empty")])
    if len(text) > MAX_NOTE:
        raise InvalidInput(
            [FieldError("text", f"at most {MAX_NOTE} characters; split it into several notes")]
        )
    with transaction.atomic():
        case = managed_case(actor, case_id)
        note = Note.objects.create(case=case, author=actor, text=text)
        audit.record(actor, "case.note_added", "case", case.pk, note=note.pk)
    return note


def request_approval(actor, case_id: int, kind: str) -> Approval:
    if kind not in ApprovalKind.values:
        raise InvalidInput([FieldError("kind", f"allowed: {', '.join(ApprovalKind.values)}")])
    with transaction.atomic():
        case = managed_case(actor, case_id)
        if Approval.objects.filter(case=case, kind=kind, status=ApprovalStatus.REQUESTED).exists():
            raise InvalidInput([FieldError("kind", f"a {kind} approval is already waiting")])
        approval = Approval.objects.create(case=case, kind=kind, requested_by=actor)
        audit.record(actor, "case.approval_requested", "case", case.pk, approval=approval.pk, kind=kind)
        notifications.notify(
            notifications.supervisors(case.agency_id, case.team_id), "approval.requested",
            f"Approval ({kind}) requested on case {case.number}", f"/cases/{case.pk}/", "case", case.pk,
        )  # fmt: skip
    return approval


def decide_approval(actor, approval_id: int, approve: bool, comment: str = "") -> Approval:
    """A supervisor of the case's agency approves or rejects; nobody approves their own request."""
    require(actor, "case.approve")
    from mixmig.apps.cases.selectors import visible_cases

    with transaction.atomic():
        approval = (
            Approval.objects.select_for_update()
            .filter(pk=approval_id, case__in=visible_cases(actor))
            .select_related("case")
            .first()
        )
        if approval is None:
            raise NotVisible(f"approval {approval_id} not found")
        if approval.status != ApprovalStatus.REQUESTED:
            raise InvalidInput([FieldError("approval", f"already {approval.status}")])
        if approval.requested_by_id == actor.pk:
            raise NotPermitted("you requested this approval; another supervisor must decide it (four eyes)")
        if not approve and not (comment or "").strip():
            raise InvalidInput([FieldError("comment", "say why the approval is rejected")])
        approval.status = ApprovalStatus.APPROVED if approve else ApprovalStatus.REJECTED
        approval.decided_by = actor
        approval.decided_at = timezone.now()
        approval.comment = (comment or "").strip()[:500]
        approval.save()
        audit.record(
            actor,
            f"case.approval_{approval.status}",
            "case",
            approval.case_id,
            approval=approval.pk,
            kind=approval.kind,
        )
        notifications.notify(
            [approval.requested_by], f"approval.{approval.status}",
            f"Approval ({approval.kind}) {approval.status} on case {approval.case.number}",
            f"/cases/{approval.case_id}/", "case", approval.case_id,
        )  # fmt: skip
    return approval
