"""Stored screening results: reproducible (pack id and version, the input facts and the full trace)."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class Screening(models.Model):
    """One evaluation of one registration under one policy pack version.

    Screening *indicates* (profiles route a person to the competent procedure); it never decides a status.
    """

    class Trigger(models.TextChoices):
        REGISTRATION = "registration", "At registration"
        UPDATE = "update", "After a change to the registration"
        RESCREEN = "rescreen", "Pack changed"
        MANUAL = "manual", "Asked by a user"

    registration = models.ForeignKey(
        "registry.Registration", on_delete=models.CASCADE, related_name="screenings"
    )
    person = models.ForeignKey("registry.Person", on_delete=models.CASCADE, related_name="screenings")
    pack_id = models.CharField(max_length=64)
    pack_version = models.CharField(max_length=32)
    jurisdiction = models.CharField(max_length=64, blank=True)
    screened_at = models.DateTimeField()
    screened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    trigger = models.CharField(max_length=16, choices=Trigger.choices)
    is_current = models.BooleanField(default=True)
    risk_level = models.CharField(max_length=16, blank=True)
    profiles = models.JSONField(default=list, help_text="ids of the profiles indicated")
    route_procedures = models.JSONField(default=list, help_text="procedures/services routed to")
    input = models.JSONField(help_text="the registration record the pack evaluated")
    result = models.JSONField(help_text="profiles, vulnerabilities, risk, routes, guards, facts and trace")

    class Meta:
        ordering = ["-screened_at", "-id"]
        indexes = [
            models.Index(fields=["registration", "is_current"]),
            models.Index(fields=["is_current", "pack_id", "pack_version"]),
        ]
