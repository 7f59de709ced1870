"""The consent ledger and referrals with their stored transitions."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from mixmig.apps.referrals.vocabularies import ConsentGiver, Priority, Purpose, ReferralStatus


class Consent(models.Model):
    """Consent to share a person's data for one purpose with one recipient, limited to field groups.

    The ledger is general: referrals, case transfers and exports check the same records
    (``referrals.consent.find_matching``). A withdrawn consent is kept, with who withdrew it and when.
    """

    person = models.ForeignKey("registry.Person", on_delete=models.PROTECT, related_name="+")
    purpose = models.CharField(max_length=32, choices=Purpose.choices)
    recipient_agency = models.ForeignKey(
        "access.Agency", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    recipient_service = models.ForeignKey(
        "directory.Service", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    scope = models.JSONField(default=list, help_text="Field groups the person agreed to share")
    given_by = models.CharField(max_length=32, choices=ConsentGiver.choices)
    given_on = models.DateField()
    valid_until = models.DateField(null=True, blank=True)
    agency = models.ForeignKey("access.Agency", on_delete=models.PROTECT, related_name="+")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    withdrawal_reason = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["-id"]
        indexes = [models.Index(fields=["person", "purpose"])]


class Referral(models.Model):
    """A person sent to a service or procedure, inside the agency or to another one."""

    person = models.ForeignKey("registry.Person", on_delete=models.PROTECT, related_name="+")
    service = models.ForeignKey("directory.Service", on_delete=models.PROTECT, related_name="+")
    service_type = models.CharField(max_length=40)
    from_agency = models.ForeignKey("access.Agency", on_delete=models.PROTECT, related_name="+")
    from_team = models.ForeignKey(
        "access.Team", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    to_agency = models.ForeignKey(
        "access.Agency", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    status = models.CharField(max_length=16, choices=ReferralStatus.choices, default=ReferralStatus.DRAFT)
    status_changed_at = models.DateTimeField()
    priority = models.CharField(max_length=8, choices=Priority.choices, default=Priority.NORMAL)
    deadline_at = models.DateTimeField(null=True, blank=True)
    route_id = models.CharField(max_length=80, blank=True, help_text="Screening route that proposed it")
    purpose = models.CharField(max_length=300, blank=True)
    shares_personal_data = models.BooleanField(default=True)
    fields_shared = models.JSONField(default=list, blank=True)
    consent = models.ForeignKey(Consent, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    consent_override = models.BooleanField(default=False)
    override_reason = models.CharField(max_length=500, blank=True)
    decline_reason = models.CharField(max_length=500, blank=True)
    outcome = models.CharField(max_length=500, blank=True)
    escalated_at = models.DateTimeField(null=True, blank=True)
    exchange_partner = models.CharField(max_length=40, blank=True)
    remote_reference = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-id"]
        indexes = [
            models.Index(fields=["from_team", "status", "deadline_at"]),
            models.Index(fields=["from_agency", "status", "deadline_at"]),
            models.Index(fields=["to_agency", "status", "deadline_at"]),
            models.Index(fields=["created_by", "status"]),
            models.Index(fields=["person"]),
        ]

    def __str__(self) -> str:
        return f"R{self.pk}"

    @property
    def number(self) -> str:
        return f"R{self.pk}"


class ReferralTransition(models.Model):
    """One stored state change: old, new, reason, actor, time."""

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="transitions")
    old = models.CharField(max_length=16)
    new = models.CharField(max_length=16)
    reason = models.CharField(max_length=500, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    actor_label = models.CharField(max_length=150, blank=True, help_text="'system' or a partner instance")
    at = models.DateTimeField()

    class Meta:
        ordering = ["at", "id"]


class MergeMove(models.Model):
    """A row of referrals or cases that a person merge moved to the survivor, so that the unmerge moves
    exactly these rows back (rows made for the survivor after the merge stay with the survivor)."""

    merge_id = models.PositiveIntegerField(help_text="registry PersonMerge id")
    model = models.CharField(max_length=40, help_text="app_label.ModelName of the moved row")
    row_id = models.PositiveIntegerField()

    class Meta:
        indexes = [models.Index(fields=["merge_id", "model"])]
