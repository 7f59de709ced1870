"""Cases: ongoing work on a person or travel group, with tasks, notes, approvals, transfers and
child-protection steps. Every status change is stored as a CaseTransition."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from mixmig.apps.cases.vocabularies import (
    ApprovalKind,
    ApprovalStatus,
    CaseKind,
    CaseStatus,
    StepKind,
    StepStatus,
    TransferStatus,
)

USER = settings.AUTH_USER_MODEL


class Case(models.Model):
    person = models.ForeignKey(
        "registry.Person", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    group = models.ForeignKey(
        "registry.TravelGroup", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    kind = models.CharField(max_length=24, choices=CaseKind.choices, default=CaseKind.GENERAL)
    agency = models.ForeignKey("access.Agency", on_delete=models.PROTECT, related_name="+")
    team = models.ForeignKey("access.Team", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    owner = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    status = models.CharField(max_length=16, choices=CaseStatus.choices, default=CaseStatus.OPEN)
    status_changed_at = models.DateTimeField()
    closure_reason = models.CharField(max_length=500, blank=True)
    opened_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    opened_at = models.DateTimeField()
    shared_fields = models.JSONField(
        default=list,
        blank=True,
        help_text="Field groups visible to an agency that received the case by transfer",
    )

    class Meta:
        ordering = ["-id"]
        indexes = [
            models.Index(fields=["owner", "status", "status_changed_at"]),
            models.Index(fields=["team", "status", "status_changed_at"]),
            models.Index(fields=["agency", "status", "status_changed_at"]),
            models.Index(fields=["agency", "owner", "status"]),
            models.Index(fields=["person"]),
            # Case lists (newest change first, mostly active cases) walk these in order, skip the closed ones
            # and stop after a page, instead of sorting all of a team's or an agency's active cases. Not
            # partial indexes: SQLite cannot match "status IN (?, ...)" with bound parameters to an index
            # condition, so it would never use them.
            models.Index(fields=["team", "status_changed_at", "id"], name="case_team_changed"),
            models.Index(fields=["agency", "status_changed_at", "id"], name="case_agency_changed"),
        ]

    def __str__(self) -> str:
        return f"C{self.pk}"

    @property
    def number(self) -> str:
        return f"C{self.pk}"


class CaseTransition(models.Model):
    """A stored state change of the case (``subject`` = "case") or one of its steps ("step:<id>")."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="transitions")
    subject = models.CharField(max_length=32, default="case")
    old = models.CharField(max_length=24)
    new = models.CharField(max_length=24)
    reason = models.CharField(max_length=500, blank=True)
    actor = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    actor_label = models.CharField(max_length=150, blank=True)
    at = models.DateTimeField()

    class Meta:
        ordering = ["at", "id"]


class Task(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="tasks")
    title = models.CharField(max_length=200)
    due_at = models.DateTimeField(null=True, blank=True)
    assignee = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    done_at = models.DateTimeField(null=True, blank=True)
    done_by = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+")

    class Meta:
        ordering = ["due_at", "id"]
        indexes = [models.Index(fields=["assignee", "done_at", "due_at"])]


class Note(models.Model):
    """Free text, shown auto-escaped; a read of the case audits it, so notes have no separate read audit."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    text = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]


class Approval(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="approvals")
    kind = models.CharField(max_length=32, choices=ApprovalKind.choices)
    status = models.CharField(max_length=16, choices=ApprovalStatus.choices, default=ApprovalStatus.REQUESTED)
    requested_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    comment = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["-id"]
        indexes = [
            models.Index(fields=["case", "kind", "status"]),
            # approvals waiting (supervisor dashboard): the requested ones, oldest first
            models.Index(fields=["status", "requested_at"], name="approval_status_requested"),
        ]


class CaseTransfer(models.Model):
    """A case handed to another agency: it moves only when the receiving agency accepts."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="transfers")
    from_agency = models.ForeignKey("access.Agency", on_delete=models.PROTECT, related_name="+")
    to_agency = models.ForeignKey("access.Agency", on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=16, choices=TransferStatus.choices, default=TransferStatus.PROPOSED)
    reason = models.CharField(max_length=500)
    fields_shared = models.JSONField(default=list, blank=True)
    consent = models.ForeignKey(
        "referrals.Consent", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    consent_override = models.BooleanField(default=False)
    requested_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_reason = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["-id"]
        indexes = [models.Index(fields=["to_agency", "status"])]


class ChildStep(models.Model):
    """A step for an unaccompanied or separated child: age assessment, guardian, BIA/BID, family tracing."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="steps")
    person = models.ForeignKey("registry.Person", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=32, choices=StepKind.choices)
    status = models.CharField(max_length=16, choices=StepStatus.choices, default=StepStatus.REQUESTED)
    due_at = models.DateTimeField(null=True, blank=True)
    requested_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField()
    completed_at = models.DateTimeField(null=True, blank=True)
    outcome = models.CharField(max_length=32, blank=True)
    details = models.JSONField(default=dict, blank=True)
    approval = models.ForeignKey(Approval, on_delete=models.PROTECT, null=True, blank=True, related_name="+")

    class Meta:
        ordering = ["requested_at", "id"]
        indexes = [
            models.Index(fields=["person", "kind", "status"]),
            # overdue steps (dashboard): open steps by deadline
            models.Index(fields=["status", "due_at"], name="childstep_status_due"),
        ]
