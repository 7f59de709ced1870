"""Referral and consent vocabularies."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class ReferralStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SENT = "sent", _("Sent")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    IN_SERVICE = "in_service", _("In service")
    COMPLETED = "completed", _("Completed")
    REVOKED = "revoked", _("Revoked")
    EXPIRED = "expired", _("Expired")


OPEN_STATUSES = (
    ReferralStatus.DRAFT,
    ReferralStatus.SENT,
    ReferralStatus.ACCEPTED,
    ReferralStatus.IN_SERVICE,
)
#: Waiting to be taken up: overdue when past the deadline.
WAITING_STATUSES = (ReferralStatus.DRAFT, ReferralStatus.SENT)
#: States in which the recipient may see the shared fields.
SHARED_STATUSES = (ReferralStatus.SENT, ReferralStatus.ACCEPTED, ReferralStatus.IN_SERVICE)


class Priority(models.TextChoices):
    URGENT = "urgent", _("Urgent")
    HIGH = "high", _("High")
    NORMAL = "normal", _("Normal")


class ConsentGiver(models.TextChoices):
    PERSON = "person", _("The person")
    GUARDIAN = "guardian", _("Legal guardian")
    CHILD_PROTECTION_AUTHORITY = "child_protection_authority", _("Child-protection authority")


#: Who may consent for a child (under 18, or age not established — benefit of the doubt).
CHILD_CONSENT_GIVERS = frozenset({ConsentGiver.GUARDIAN, ConsentGiver.CHILD_PROTECTION_AUTHORITY})


class Purpose(models.TextChoices):
    REFERRAL = "referral", _("Referral to a service or procedure")
    CASE_TRANSFER = "case_transfer", _("Transfer of a case to another agency")
    EXPORT = "export", _("Export of personal data")
    FAMILY_TRACING = "family_tracing", _("Family tracing")
