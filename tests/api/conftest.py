"""API test helpers: a test client per persona carrying a Bearer token, and row counts for "nothing written"."""

from __future__ import annotations

import pytest
from django.test import Client


@pytest.fixture
def api(personas):
    """api(user) -> a Django test client sending ``Authorization: Bearer <token>`` for ``user``."""
    from mixmig.apps.access import services as access

    def _client(user) -> Client:
        return Client(headers={"Authorization": f"Bearer {access.issue_token(user)}"})

    return _client


@pytest.fixture
def counts():
    """counts() -> the number of rows of every table a registration writes to (and the audit log)."""
    from mixmig.apps.audit.models import AuditEvent
    from mixmig.apps.registry import models as m

    tables = [
        m.Person,
        m.Registration,
        m.TravelGroup,
        m.GroupRelation,
        m.IdentityDocument,
        m.Contact,
        m.JourneyLeg,
        m.SearchKey,
        m.PersonShare,
        AuditEvent,
    ]
    return lambda: {model.__name__: model.objects.count() for model in tables}


@pytest.fixture(autouse=True)
def api_urls(settings):
    """Serve the API alone, so these tests do not depend on the web UI's URLs."""
    settings.ROOT_URLCONF = "mixmig.api.urls"
