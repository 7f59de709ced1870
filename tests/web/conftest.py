"""Web fixtures: a signed-in test client for a persona, and the POST of a registration form."""

from __future__ import annotations

import pytest


@pytest.fixture
def signed_in(client, personas):
    """signed_in(persona) -> the test client, signed in through the login page as that persona."""

    def _sign_in(user):
        client.logout()
        response = client.post("/login/", {"username": user.username, "password": personas.password})
        assert response.status_code == 302, response.content.decode()[:500]
        return client

    return _sign_in


@pytest.fixture
def form():
    """Builders of register-form POST data: ``form.member(key, **fields)`` and ``form.post(site, members, **journey)``."""
    from types import SimpleNamespace

    return SimpleNamespace(member=member_fields, post=registration_post)


def member_fields(key: str, **values) -> dict:
    """POST fields of one member row with key ``key``: ``documents`` is a list of dicts."""
    documents = values.pop("documents", [])
    data = {"member": key}
    for name, value in values.items():
        data[f"m-{key}-{name}"] = value
    for j, doc in enumerate(documents):
        data.setdefault(f"m-{key}-doc", [])
        data[f"m-{key}-doc"].append(f"d{j}")
        for name, value in doc.items():
            data[f"m-{key}-d-d{j}-{name}"] = value
    return data


def registration_post(site: str, members: list[dict], registered_on: str = "", **journey) -> dict:
    """Combine member rows (from ``member_fields``) and journey fields into one form POST."""
    data: dict = {"site": site, "registered_on": registered_on, "member": []}
    for row in members:
        row = dict(row)
        data["member"].append(row.pop("member"))
        data.update(row)
    data.update(journey)
    return data
