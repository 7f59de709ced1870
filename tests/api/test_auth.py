"""Tokens: issue (shown once), use, expiry, revocation, sign-in throttling; open docs; the schema describes auth."""

from __future__ import annotations

from datetime import timedelta

import pytest
from api_bodies import post_json
from django.test import Client
from django.utils import timezone

from mixmig.apps.access.models import ApiToken
from mixmig.apps.audit.models import AuditEvent


def _token(client, username="officer", password=None, personas=None):
    return post_json(client, "/api/v1/auth/token", {"username": username, "password": password})


def test_token_is_issued_for_the_right_password_and_stored_as_a_digest(client, personas):
    response = _token(client, "officer", personas.password)
    assert response.status_code == 201
    token = response.json()["token"]
    assert token.startswith("mxm_")
    assert response.json()["token_type"] == "Bearer"
    assert not ApiToken.objects.filter(digest=token).exists()
    me = client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"})
    assert me.status_code == 200
    assert me.json()["username"] == "officer"
    assert me.json()["role"] == "registration_officer"
    assert me.json()["agency"] == "unhcr"
    assert me.json()["team"] == "Border"
    assert "person.register" in me.json()["permissions"]
    assert "audit.verify" not in me.json()["permissions"]
    assert AuditEvent.objects.filter(action="token.issued", actor_username="officer", channel="api").exists()


@pytest.mark.parametrize(("username", "password"), [("officer", "wrong"), ("nobody", "whatever")])
def test_wrong_credentials_answer_401_with_a_clear_message(client, personas, username, password):
    response = _token(client, username, password)
    assert response.status_code == 401
    assert response.json()["detail"] == "Wrong user name or password."
    assert "token" not in response.json()


def test_missing_credentials_name_the_fields(client, personas):
    response = post_json(client, "/api/v1/auth/token", {"username": "officer"})
    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == ["password"]


def test_six_failures_then_429_even_with_the_right_password(client, personas):
    for _ in range(6):
        assert _token(client, "officer", "wrong").status_code == 401
    response = _token(client, "officer", personas.password)
    assert response.status_code == 429
    assert "Too many failed sign-in attempts" in response.json()["detail"]
    assert "token" not in response.json()
    # another account is not affected
    assert _token(client, "caseworker", personas.password).status_code == 201


def test_expired_token_is_refused(client, personas):
    token = _token(client, "officer", personas.password).json()["token"]
    ApiToken.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    response = client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Bearer"


def test_revoked_token_is_refused(client, personas):
    token = _token(client, "officer", personas.password).json()["token"]
    other = _token(client, "caseworker", personas.password).json()["token"]
    auth = {"Authorization": f"Bearer {token}"}
    response = client.delete("/api/v1/auth/token", headers=auth)
    assert response.status_code == 200
    assert response.json() == {"revoked": 1}
    assert client.get("/api/v1/me", headers=auth).status_code == 401
    assert client.delete("/api/v1/auth/token", headers=auth).status_code == 401
    # only the caller's tokens are revoked
    assert client.get("/api/v1/me", headers={"Authorization": f"Bearer {other}"}).status_code == 200
    assert AuditEvent.objects.filter(action="token.revoked", actor_username="officer").exists()


def test_inactive_user_token_is_refused(client, personas):
    token = _token(client, "officer", personas.password).json()["token"]
    personas.officer.is_active = False
    personas.officer.save()
    assert client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"}).status_code == 401


def test_docs_page_is_open_and_the_schema_describes_bearer_auth():
    client = Client()
    assert client.get("/api/v1/docs").status_code == 200
    schema = client.get("/api/v1/openapi.json").json()
    assert schema["components"]["securitySchemes"]["BearerToken"]["scheme"] == "bearer"
    assert "ErrorOut" in schema["components"]["schemas"]
    token_op = schema["paths"]["/api/v1/auth/token"]["post"]
    assert "security" not in token_op or token_op["security"] == []
    assert schema["paths"]["/api/v1/registrations"]["post"]["security"] == [{"BearerToken": []}]


def test_every_operation_documents_its_errors_with_the_error_schema():
    schema = Client().get("/api/v1/openapi.json").json()
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            codes = {code for code in operation["responses"] if code.startswith("4")}
            assert "401" in codes, f"{method.upper()} {path} does not document 401"
            for code in codes:
                ref = operation["responses"][code]["content"]["application/json"]["schema"]["$ref"]
                assert ref.endswith("/ErrorOut"), (method, path, code)


def test_project_urls_mount_the_api(settings):
    from django.urls import resolve

    settings.ROOT_URLCONF = "mixmig.urls"
    assert resolve("/api/v1/docs").url_name == "openapi-view"


def test_docs_describe_every_operation():
    """docs/api.md mentions every method and path of the OpenAPI schema (datasette-style docs test)."""
    from pathlib import Path

    text = (Path(__file__).resolve().parents[2] / "docs" / "api.md").read_text()
    schema = Client().get("/api/v1/openapi.json").json()
    for path, operations in schema["paths"].items():
        documented = path.replace("{registration_id}", "{id}")
        for method in operations:
            assert f"`{method.upper()} {documented}`" in text, (
                f"docs/api.md does not list {method.upper()} {path}"
            )
