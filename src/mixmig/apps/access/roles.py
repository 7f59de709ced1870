"""Roles, scopes and what each role may do.

A role says *what* a user may do; a scope says *over which records* (own / team / agency / all).
The table below is the single source of truth: views, API endpoints and CLI commands all ask ``can``.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    REGISTRATION_OFFICER = "registration_officer", _("Registration officer")
    CASEWORKER = "caseworker", _("Caseworker")
    SUPERVISOR = "supervisor", _("Supervisor")
    ANALYST = "analyst", _("Analyst")
    DATA_PROTECTION_OFFICER = "data_protection_officer", _("Data-protection officer")
    ADMINISTRATOR = "administrator", _("Administrator")


class Scope(models.TextChoices):
    OWN = "own", _("Own records")
    TEAM = "team", _("Team's records")
    AGENCY = "agency", _("Agency's records")
    ALL = "all", _("All records")


R = Role
PERMISSIONS: dict[str, frozenset[str]] = {
    # personal data
    "person.view": frozenset({R.REGISTRATION_OFFICER, R.CASEWORKER, R.SUPERVISOR, R.DATA_PROTECTION_OFFICER}),
    "person.register": frozenset({R.REGISTRATION_OFFICER, R.CASEWORKER, R.SUPERVISOR}),
    "person.edit": frozenset({R.REGISTRATION_OFFICER, R.CASEWORKER, R.SUPERVISOR}),
    "person.import": frozenset({R.REGISTRATION_OFFICER, R.SUPERVISOR}),
    "person.export": frozenset({R.SUPERVISOR, R.DATA_PROTECTION_OFFICER}),
    "person.share": frozenset({R.SUPERVISOR}),
    "person.merge": frozenset({R.SUPERVISOR, R.DATA_PROTECTION_OFFICER}),  # merge/unmerge, identity review
    # referrals, consent and cases (issue 4)
    "directory.view": frozenset(set(R)),
    "directory.manage": frozenset({R.SUPERVISOR, R.ADMINISTRATOR}),
    "consent.record": frozenset({R.REGISTRATION_OFFICER, R.CASEWORKER, R.SUPERVISOR}),
    "referral.view": frozenset(
        {R.REGISTRATION_OFFICER, R.CASEWORKER, R.SUPERVISOR, R.DATA_PROTECTION_OFFICER}
    ),
    "referral.create": frozenset({R.REGISTRATION_OFFICER, R.CASEWORKER, R.SUPERVISOR}),
    "referral.respond": frozenset({R.CASEWORKER, R.SUPERVISOR}),
    "referral.override_consent": frozenset({R.SUPERVISOR}),
    "case.view": frozenset({R.CASEWORKER, R.SUPERVISOR, R.DATA_PROTECTION_OFFICER}),
    "case.manage": frozenset({R.CASEWORKER, R.SUPERVISOR}),
    "case.assign": frozenset({R.SUPERVISOR}),
    "case.approve": frozenset({R.SUPERVISOR}),
    "case.transfer": frozenset({R.SUPERVISOR}),
    "exchange.manage": frozenset({R.ADMINISTRATOR}),
    # reference data and administration
    "site.view": frozenset(set(R)),
    "site.manage": frozenset({R.ADMINISTRATOR}),
    "user.manage": frozenset({R.ADMINISTRATOR}),
    # accountability
    "audit.view": frozenset({R.DATA_PROTECTION_OFFICER, R.ADMINISTRATOR}),
    "audit.verify": frozenset({R.DATA_PROTECTION_OFFICER, R.ADMINISTRATOR}),
    # aggregate statistics only (no personal data)
    "stats.view": frozenset({R.ANALYST, R.SUPERVISOR, R.DATA_PROTECTION_OFFICER}),
}

DEFAULT_SCOPE: dict[str, str] = {
    R.REGISTRATION_OFFICER: Scope.AGENCY,
    R.CASEWORKER: Scope.TEAM,
    R.SUPERVISOR: Scope.AGENCY,
    R.ANALYST: Scope.AGENCY,
    R.DATA_PROTECTION_OFFICER: Scope.AGENCY,
    R.ADMINISTRATOR: Scope.AGENCY,
}


def can(user, permission: str) -> bool:
    """True when ``user`` is an active, authenticated user whose role grants ``permission``."""
    if permission not in PERMISSIONS:
        raise KeyError(f"unknown permission {permission!r}; known: {', '.join(sorted(PERMISSIONS))}")
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return user.role in PERMISSIONS[permission]
