"""Agencies, teams, users and API tokens."""

from __future__ import annotations

import hashlib

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from mixmig.apps.access.roles import DEFAULT_SCOPE, Role, Scope


class Agency(models.Model):
    """A government body, UN agency or NGO running (part of) the system."""

    code = models.SlugField(max_length=32, unique=True)
    name = models.CharField(max_length=200)
    country = models.CharField(max_length=3, blank=True, help_text="ISO 3166-1 alpha-3 of the headquarters")

    class Meta:
        verbose_name_plural = "agencies"
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class Team(models.Model):
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="teams")
    name = models.CharField(max_length=200)

    class Meta:
        unique_together = [("agency", "name")]
        ordering = ["agency__code", "name"]

    def __str__(self) -> str:
        return f"{self.agency.code}/{self.name}"


class User(AbstractUser):
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, null=True, blank=True, related_name="users")
    team = models.ForeignKey(Team, on_delete=models.PROTECT, null=True, blank=True, related_name="members")
    role = models.CharField(max_length=32, choices=Role.choices, default=Role.REGISTRATION_OFFICER)
    scope = models.CharField(max_length=16, choices=Scope.choices, blank=True)
    language = models.CharField(_("preferred language"), max_length=16, blank=True)

    def save(self, *args, **kwargs):
        if not self.scope:
            self.scope = DEFAULT_SCOPE[self.role]
        super().save(*args, **kwargs)


class LoginFailure(models.Model):
    """One failed sign-in for an account name; recent ones throttle further attempts."""

    username = models.CharField(max_length=150, db_index=True)
    at = models.DateTimeField(db_index=True)
    ip = models.GenericIPAddressField(null=True, blank=True)


class ApiToken(models.Model):
    """A bearer token for the REST API. Only a SHA-256 digest is stored; the token is shown once."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100, default="api")
    digest = models.CharField(max_length=64, unique=True)
    prefix = models.CharField(max_length=8)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked = models.BooleanField(default=False)

    @staticmethod
    def digest_of(token: str) -> str:
        return hashlib.sha256(token.encode()).hexdigest()
