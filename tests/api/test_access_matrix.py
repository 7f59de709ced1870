"""Access matrix: every persona × every endpoint × every foreign record → 403 or 404, never the record's data.

Foreign records:
  * ``agency_b``   — registered by agency B (invisible to everyone in agency A unless shared);
  * ``other_team`` — registered by a caseworker of another team of agency A (foreign to the team-scoped
    caseworker only; agency-scoped personas of A see it).

403 when the persona's role lacks the endpoint's permission (analysts and administrators have no
``person.view``); otherwise 404, exactly as for a record that does not exist, so existence never leaks.
"""

from __future__ import annotations

import pytest
from api_bodies import member, post_json, put_json

from mixmig.apps.access.roles import can

PERSONAS = [
    "officer",
    "caseworker",
    "caseworker_other_team",
    "supervisor",
    "analyst",
    "dpo",
    "admin",
    "officer_b",
]

# name: (method, path template, permission, body)
ENDPOINTS = {
    "get registration": ("get", "/api/v1/registrations/{id}", "person.view", None),
    "put registration": ("put", "/api/v1/registrations/{id}", "person.edit", member(given_name="Changed")),
    "get person": ("get", "/api/v1/persons/{number}", "person.view", None),
    "share person": (
        "post",
        "/api/v1/persons/{number}/shares",
        "person.share",
        {"agency": "ngo-b", "purpose": "x"},
    ),
}
# list-like endpoints answer 200 without the record (or 403 without the permission)
LISTINGS = {
    "search by number": ("/api/v1/persons?q={number}", "person.view"),
    "search by name": ("/api/v1/persons?q={given}", "person.view"),
    "search by partial name": ("/api/v1/persons?q={family_prefix}", "person.view"),
    "search by document": ("/api/v1/persons?q={document}", "person.view"),
    "list registrations": ("/api/v1/registrations?limit=200", "person.view"),
    "list registrations at the site": ("/api/v1/registrations?site={site}", "person.view"),
}


@pytest.fixture
def foreign(personas, register):
    """The foreign records: {kind: registration}, each with a distinctive name and document (see SECRETS)."""
    return {kind: register(getattr(personas, owner), **_fields(kind)) for kind, owner in OWNERS.items()}


OWNERS = {"agency_b": "officer_b", "other_team": "caseworker_other_team"}
SECRETS = {"agency_b": ("Zerihun", "Foreignb", "ZZ998877"), "other_team": ("Tesfay", "Otherteam", "YY112233")}


def _fields(kind: str) -> dict:
    given, family, document = SECRETS[kind]
    return {
        "given_name": given,
        "family_name": family,
        "documents": [{"kind": "passport", "number": document}],
    }


def _is_foreign(persona: str, kind: str) -> bool:
    if kind == "agency_b":
        return persona != "officer_b"
    return persona == "caseworker"  # other_team: only the team-scoped caseworker of team Border


CASES = [(p, k) for p in PERSONAS for k in ("agency_b", "other_team") if _is_foreign(p, k)]


def _request(client, method: str, path: str, body):
    if method == "get":
        return client.get(path)
    if method == "put":
        return put_json(client, path, body)
    return post_json(client, path, body)


def _assert_no_data(response, registration, kind) -> None:
    text = response.content.decode()
    for secret in (*SECRETS[kind], registration.person.number):
        assert secret not in text, f"{secret!r} leaked in {response.status_code} {text[:300]}"


@pytest.mark.parametrize("endpoint", list(ENDPOINTS))
@pytest.mark.parametrize(("persona", "kind"), CASES)
def test_foreign_record_is_refused(api, personas, foreign, counts, persona, kind, endpoint):
    user = getattr(personas, persona)
    registration = foreign[kind]
    method, template, permission, body = ENDPOINTS[endpoint]
    path = template.format(id=registration.pk, number=registration.person.number)
    before = counts()
    before.pop("AuditEvent")
    response = _request(api(user), method, path, body)
    expected = 403 if not can(user, permission) else 404
    assert response.status_code == expected, response.content
    _assert_no_data(response, registration, kind)
    after = counts()
    after.pop("AuditEvent")  # issuing the token wrote an audit event; nothing else may change
    assert after == before
    registration.refresh_from_db()
    assert registration.given_name == SECRETS[kind][0]


@pytest.mark.parametrize("listing", list(LISTINGS))
@pytest.mark.parametrize(("persona", "kind"), CASES)
def test_foreign_record_is_absent_from_listings(api, personas, foreign, persona, kind, listing):
    user = getattr(personas, persona)
    registration = foreign[kind]
    template, permission = LISTINGS[listing]
    given, family, document = SECRETS[kind]
    path = template.format(
        number=registration.person.number,
        site=registration.site.code,
        given=given,
        family_prefix=family[:5],
        document=document,
    )
    response = api(user).get(path)
    if not can(user, permission):
        assert response.status_code == 403, response.content
    else:
        assert response.status_code == 200, response.content
        assert all(
            item.get("person_number", item.get("number")) != registration.person.number
            for item in response.json()["items"]
        )
    _assert_no_data(response, registration, kind)


@pytest.mark.parametrize("endpoint", list(ENDPOINTS))
def test_missing_record_answers_like_a_foreign_one(api, personas, endpoint):
    method, template, permission, body = ENDPOINTS[endpoint]
    response = _request(
        api(personas.supervisor), method, template.format(id=999999, number="0000-0000-0"), body
    )
    assert response.status_code == 404
    assert response.json()["detail"].startswith("Not found")


@pytest.mark.parametrize(
    ("persona", "kind"),
    [("officer_b", "agency_b"), ("supervisor", "other_team"), ("officer", "other_team"), ("dpo", "agency_b")],
)
def test_control_the_owner_or_agency_sees_the_record(api, personas, foreign, persona, kind):
    user = getattr(personas, persona)
    registration = foreign[kind]
    if persona == "dpo":  # agency B's record becomes visible to agency A once shared with it
        from mixmig.apps.access import services as access
        from mixmig.apps.registry import services as registry

        supervisor_b = access.create_user("system", "sup_b", "pw-123456789", "supervisor", personas.agency_b)
        registry.share_person(
            supervisor_b, registration.person.number, personas.agency_a, "protection follow-up"
        )
    response = api(user).get(f"/api/v1/persons/{registration.person.number}")
    assert response.status_code == 200
    assert response.json()["registrations"][0]["given_name"] == SECRETS[kind][0]


ROLE_ENDPOINTS = [
    ("get", "/api/v1/sites", "site.view"),
    ("get", "/api/v1/audit/verify", "audit.verify"),
    ("get", "/api/v1/persons?q=Amina", "person.view"),
    ("get", "/api/v1/registrations", "person.view"),
    ("post", "/api/v1/registrations", "person.register"),
]


@pytest.mark.parametrize(("method", "path", "permission"), ROLE_ENDPOINTS)
@pytest.mark.parametrize("persona", PERSONAS)
def test_role_checks_without_a_record(api, personas, counts, persona, method, path, permission):
    user = getattr(personas, persona)
    site = "lampedusa" if user.agency_id == personas.agency_a.pk else "lesvos"
    body = {"site": site, "members": [member()]}
    response = _request(api(user), method, path, body)
    if can(user, permission):
        assert response.status_code in (200, 201), response.content
    else:
        assert response.status_code == 403, response.content
        assert "Forbidden" in response.json()["detail"]
        assert response.json()["errors"] == []


ALL_ENDPOINTS = [
    ("get", "/api/v1/me"),
    ("delete", "/api/v1/auth/token"),
    ("get", "/api/v1/sites"),
    ("get", "/api/v1/audit/verify"),
    ("get", "/api/v1/persons?q=Amina"),
    ("get", "/api/v1/persons/0000-0000-0"),
    ("post", "/api/v1/persons/0000-0000-0/shares"),
    ("get", "/api/v1/registrations"),
    ("post", "/api/v1/registrations"),
    ("get", "/api/v1/registrations/1"),
    ("put", "/api/v1/registrations/1"),
]


@pytest.mark.parametrize("header", [None, "Bearer mxm_not-a-token", "Token abc", "Bearer "])
@pytest.mark.parametrize(("method", "path"), ALL_ENDPOINTS)
def test_every_endpoint_needs_a_valid_token(client, personas, foreign, method, path, header):
    headers = {"Authorization": header} if header else {}
    response = getattr(client, method)(path, {}, content_type="application/json", headers=headers)
    assert response.status_code == 401
    assert "POST /api/v1/auth/token" in response.json()["detail"]
    assert "Zerihun" not in response.content.decode()
    assert "Tesfay" not in response.content.decode()


@pytest.mark.parametrize("listing", list(LISTINGS))
@pytest.mark.parametrize("kind", list(OWNERS))
def test_control_the_owner_finds_the_record_in_listings(api, personas, foreign, kind, listing):
    """The listings above really search: the owner of each foreign record finds it with the same query."""
    registration = foreign[kind]
    given, family, document = SECRETS[kind]
    template, _ = LISTINGS[listing]
    path = template.format(
        number=registration.person.number,
        site=registration.site.code,
        given=given,
        family_prefix=family[:5],
        document=document,
    )
    response = api(getattr(personas, OWNERS[kind])).get(path)
    assert response.status_code == 200
    found = [item.get("person_number", item.get("number")) for item in response.json()["items"]]
    assert registration.person.number in found
