"""Partners, the outbox and the inbox of the exchange between instances."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Partner(models.Model):
    """Another mixmig instance (or any partner speaking the protocol) and its public keys.

    ``agency`` is the local agency that receives the referrals and case transfers this partner sends.
    ``remote_agency`` is the local agency record that stands for the partner's own agency: a case transfer
    proposed to it travels to this partner (like a referral to a directory service naming the partner).
    """

    code = models.SlugField(max_length=40, unique=True, help_text="The partner's instance id")
    name = models.CharField(max_length=200)
    base_url = models.URLField(max_length=300, help_text="e.g. https://mixmig.partner.org")
    signing_key = models.CharField(max_length=64, help_text="Ed25519 public key, base64")
    encryption_key = models.CharField(max_length=64, help_text="X25519 public key, base64")
    agency = models.ForeignKey(
        "access.Agency", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    remote_agency = models.ForeignKey(
        "access.Agency", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        help_text="Case transfers proposed to this local agency record are sent to this partner",
    )  # fmt: skip
    active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["code"]

    def __str__(self) -> str:
        return self.code

    @property
    def inbox_url(self) -> str:
        return self.base_url.rstrip("/") + "/api/v1/exchange/inbox"


class MessageKind(models.TextChoices):
    REFERRAL = "referral", _("Referral")
    TRANSFER = "transfer", _("Case transfer")
    STATUS = "status", _("Status")


class OutboundMessage(models.Model):
    """One message waiting to be sent, sent, or given up on. The content is sealed when it is sent and
    cleared once the partner has it (the outbox keeps no personal data after delivery)."""

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed"

    partner = models.ForeignKey(Partner, on_delete=models.PROTECT, related_name="outbound")
    message_id = models.CharField(max_length=64, unique=True)
    kind = models.CharField(max_length=16, choices=MessageKind.choices)
    object_type = models.CharField(max_length=32, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    content = models.JSONField(default=dict)
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["id"]
        indexes = [models.Index(fields=["status", "id"])]


class InboundMessage(models.Model):
    """A verified, decrypted message from a partner. A received referral or case transfer waits here for the
    receiving agency to accept or decline it; its ``content`` holds only the field groups the sender shared."""

    class Status(models.TextChoices):
        RECEIVED = "received", _("Received")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        APPLIED = "applied", _("Applied")

    partner = models.ForeignKey(Partner, on_delete=models.PROTECT, related_name="inbound")
    message_id = models.CharField(max_length=64)
    kind = models.CharField(max_length=16, choices=MessageKind.choices)
    sent_at = models.DateTimeField()
    received_at = models.DateTimeField(auto_now_add=True)
    agency = models.ForeignKey(
        "access.Agency", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    remote_reference = models.CharField(max_length=64, blank=True, help_text="The sender's record number")
    content = models.JSONField(default=dict)
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.RECEIVED)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    reason = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["-id"]
        constraints = [
            models.UniqueConstraint(fields=["partner", "message_id"], name="exchange_inbound_unique_message")
        ]
        indexes = [models.Index(fields=["agency", "kind", "status"])]

    @property
    def number(self) -> str:
        return f"X{self.pk}"
