"""Case, task, approval, transfer and child-protection step vocabularies."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class CaseStatus(models.TextChoices):
    OPEN = "open", _("Open")
    IN_PROGRESS = "in_progress", _("In progress")
    ON_HOLD = "on_hold", _("On hold")
    CLOSED = "closed", _("Closed")
    REOPENED = "reopened", _("Reopened")


ACTIVE_STATUSES = (CaseStatus.OPEN, CaseStatus.IN_PROGRESS, CaseStatus.ON_HOLD, CaseStatus.REOPENED)


class CaseKind(models.TextChoices):
    GENERAL = "general", _("General")
    CHILD_PROTECTION = "child_protection", _("Unaccompanied or separated child")
    TRAFFICKING = "trafficking", _("Counter-trafficking")
    PROTECTION = "protection", _("International protection")


class ApprovalKind(models.TextChoices):
    CASE_PLAN = "case_plan", _("Case plan")
    CLOSURE = "closure", _("Closure")
    BEST_INTERESTS_DETERMINATION = "best_interests_determination", _("Best-interests determination")


class ApprovalStatus(models.TextChoices):
    REQUESTED = "requested", _("Requested")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")


class TransferStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    CANCELLED = "cancelled", _("Cancelled")


class StepKind(models.TextChoices):
    AGE_ASSESSMENT = "age_assessment", _("Age assessment")
    GUARDIAN_APPOINTMENT = "guardian_appointment", _("Guardian appointment")
    BEST_INTERESTS_ASSESSMENT = "best_interests_assessment", _("Best-interests assessment")
    BEST_INTERESTS_DETERMINATION = "best_interests_determination", _("Best-interests determination")
    FAMILY_TRACING = "family_tracing", _("Family tracing")


class StepStatus(models.TextChoices):
    REQUESTED = "requested", _("Requested")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")


OPEN_STEP_STATUSES = (StepStatus.REQUESTED, StepStatus.IN_PROGRESS)


class AgeOutcome(models.TextChoices):
    MINOR = "minor", _("Minor (under 18)")
    ADULT = "adult", _("Adult")
    INCONCLUSIVE = "inconclusive", _("Inconclusive (benefit of the doubt: treated as a child)")


#: Default deadlines (hours from the request); a policy pack or the caseworker may set others.
STEP_DEADLINE_HOURS = {
    StepKind.AGE_ASSESSMENT: 72,
    StepKind.GUARDIAN_APPOINTMENT: 24,
    StepKind.BEST_INTERESTS_ASSESSMENT: 72,
    StepKind.BEST_INTERESTS_DETERMINATION: 30 * 24,
    StepKind.FAMILY_TRACING: 7 * 24,
}
