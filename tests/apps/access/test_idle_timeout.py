import pytest
from django.test import Client, override_settings


@pytest.mark.django_db
@override_settings(SESSION_IDLE_SECONDS=60)
def test_idle_session_is_signed_out(personas, monkeypatch):
    import mixmig.apps.access.middleware as middleware

    client = Client()
    client.force_login(personas.officer)
    now = [1_000_000.0]
    monkeypatch.setattr(middleware.time, "time", lambda: now[0])
    client.get("/healthz")
    assert "_auth_user_id" in client.session
    now[0] += 61
    client.get("/healthz")
    assert "_auth_user_id" not in client.session
    assert client.session.get("idle_expired") is True
