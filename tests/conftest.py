"""Shared fixtures: named personas in two agencies, sites, and a helper to register people.

Personas (agency A = "unhcr", agency B = "ngo-b"):
  officer (registration officer, A, team Border), officer_b (registration officer, B),
  caseworker (A, team Border), caseworker_other_team (A, team Reception), supervisor (A),
  analyst (A), dpo (data-protection officer, A), admin (administrator, A).
"""

from __future__ import annotations

from types import SimpleNamespace

import pytest

PASSWORD = "correct-horse-battery-9"


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Drop the audit table's append-only triggers in the test database.

    Transactional tests (live server, browser) empty every table between tests, which the triggers rightly
    refuse. Tests of the triggers themselves install them inside their own, rolled-back transaction
    (see ``audit_triggers``).
    """
    from django.db import connection

    from mixmig.apps.audit.triggers import drop_statements

    with django_db_blocker.unblock(), connection.cursor() as cursor:
        for statement in drop_statements(connection.vendor):
            cursor.execute(statement)


@pytest.fixture
def audit_triggers(db):
    """Install the append-only triggers for this test only (rolled back with the test's transaction)."""
    from django.db import connection

    from mixmig.apps.audit.triggers import create_statements

    with connection.cursor() as cursor:
        for statement in create_statements(connection.vendor):
            cursor.execute(statement)


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["fast_hashers.FastArgon2PasswordHasher"]
    # Writes run in the test's own transaction; tests/apps/test_group_commit.py covers the writer thread.
    settings.GROUP_COMMIT = False
    settings.API_TOKEN_CACHE_SECONDS = 0  # tests/apps/access/test_sign_in.py covers the cache


@pytest.fixture
def personas(db):
    from mixmig.apps.access import services as access
    from mixmig.apps.registry import services as registry

    agency_a = access.create_agency("unhcr", "UNHCR Italy", "ITA")
    agency_b = access.create_agency("ngo-b", "NGO B", "GRC")
    border = access.create_team(agency_a, "Border")
    reception = access.create_team(agency_a, "Reception")
    team_b = access.create_team(agency_b, "Field")

    def user(name, role, agency, team=None, scope=""):
        return access.create_user("system", name, PASSWORD, role, agency, team, scope=scope)

    ns = SimpleNamespace(
        agency_a=agency_a,
        agency_b=agency_b,
        team_border=border,
        team_reception=reception,
        officer=user("officer", "registration_officer", agency_a, border),
        officer_b=user("officer_b", "registration_officer", agency_b, team_b),
        caseworker=user("caseworker", "caseworker", agency_a, border),
        caseworker_other_team=user("caseworker2", "caseworker", agency_a, reception),
        supervisor=user("supervisor", "supervisor", agency_a, border),
        analyst=user("analyst", "analyst", agency_a),
        dpo=user("dpo", "data_protection_officer", agency_a),
        admin=user("admin", "administrator", agency_a),
        password=PASSWORD,
    )
    ns.site = registry.create_site(
        "system",
        code="lampedusa",
        name="Lampedusa hotspot",
        kind="reception_centre",
        country="ITA",
        agency=agency_a,
    )
    ns.site_b = registry.create_site(
        "system",
        code="lesvos",
        name="Lesvos reception",
        kind="reception_centre",
        country="GRC",
        agency=agency_b,
    )
    return ns


@pytest.fixture
def register(personas):
    """register(actor, **fields) -> Registration, at the actor's agency's site."""
    from mixmig.apps.registry import services as registry

    def _register(actor, site=None, **fields):
        fields.setdefault("given_name", "Amina")
        fields.setdefault("family_name", "Haile")
        site_code = site or (
            personas.site.code if actor.agency_id == personas.agency_a.pk else personas.site_b.code
        )
        return registry.register_person(actor, site_code, fields)

    return _register
