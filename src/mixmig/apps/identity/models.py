"""Blocking keys of every registration (keyed hashes), batch linkage runs, and possible matches for review."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class IdentityKey(models.Model):
    """One blocking key of a registration, as HMAC-SHA-256 under ``SEARCH_KEY`` (first 64 bits).

    The duplicate check looks a new registration's keys up here instead of loading the registry.
    """

    registration = models.ForeignKey(
        "registry.Registration", on_delete=models.CASCADE, related_name="+", db_index=False
    )
    person = models.ForeignKey("registry.Person", on_delete=models.CASCADE, related_name="+", db_index=False)
    key = models.BigIntegerField()

    class Meta:
        indexes = [
            # covering: the duplicate check reads registrations by key from the index alone
            models.Index(fields=["key", "registration"], name="identity_key_registration_idx"),
            models.Index(fields=["registration"]),
        ]


class LinkageRun(models.Model):
    """A batch run of the linkage engine over the whole registry (a background job with progress)."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    status = models.CharField(max_length=8, choices=Status.choices, default=Status.QUEUED)
    progress = models.FloatField(default=0.0, help_text="0 to 1")
    message = models.CharField(max_length=300, blank=True)
    counts = models.JSONField(default=dict, blank=True)
    model = models.JSONField(null=True, blank=True, help_text="the trained linkage model (m, u, prior)")
    started_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["-id"]


class PossibleMatch(models.Model):
    """Two persons the engine thinks may be one, waiting for (or carrying) a reviewer's decision."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending review")
        MATCH = "match", _("Same person (merged)")
        NOT_MATCH = "not_match", _("Not the same person")

    run = models.ForeignKey(LinkageRun, on_delete=models.PROTECT, related_name="matches", null=True)
    person_a = models.ForeignKey("registry.Person", on_delete=models.PROTECT, related_name="+")
    person_b = models.ForeignKey("registry.Person", on_delete=models.PROTECT, related_name="+")
    registration_a = models.ForeignKey("registry.Registration", on_delete=models.PROTECT, related_name="+")
    registration_b = models.ForeignKey("registry.Registration", on_delete=models.PROTECT, related_name="+")
    probability = models.FloatField()
    explanation = models.JSONField(default=list)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    reason = models.TextField(blank=True)
    merge_id = models.IntegerField(null=True, blank=True, help_text="registry PersonMerge of a match")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-probability", "id"]
        constraints = [
            # a pair is proposed once: a decided pair is never proposed again
            models.UniqueConstraint(fields=["person_a", "person_b"], name="identity_match_pair_once"),
        ]
        indexes = [models.Index(fields=["status", "probability"])]
