"""The append-only, hash-chained audit log."""

from __future__ import annotations

from django.db import models


class AuditEvent(models.Model):
    """Who did what to which record, when and from where.

    ``hash`` = SHA-256 over the previous event's hash and this event's canonical content, so that any
    edit, deletion or reordering breaks the chain at the first event touched (``mixmig audit verify``).
    Database triggers refuse UPDATE and DELETE on this table.
    """

    at = models.DateTimeField(db_index=True)
    actor_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    actor_username = models.CharField(max_length=150, blank=True)
    agency_code = models.CharField(max_length=32, blank=True)
    action = models.CharField(max_length=64, db_index=True)
    object_type = models.CharField(max_length=64, blank=True)
    object_id = models.CharField(max_length=64, blank=True, db_index=True)
    origin = models.CharField(max_length=64, blank=True, help_text="IP address, or 'cli'")
    channel = models.CharField(max_length=16, blank=True, help_text="web, api, cli or system")
    details = models.JSONField(default=dict, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    class Meta:
        ordering = ["id"]
        indexes = [models.Index(fields=["object_type", "object_id"])]

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise RuntimeError("audit events are append-only; an event cannot be changed")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise RuntimeError("audit events are append-only; an event cannot be deleted")


class AuditHead(models.Model):
    """A single row holding the last hash: locked while an event is appended, so the chain never forks."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    last_hash = models.CharField(max_length=64)
    count = models.BigIntegerField(default=0)
