"""Searching persons (any script, partial, document, phone, number), reading one (audited), sharing one."""

from __future__ import annotations

import pytest
from api_bodies import member, post_json

from mixmig.apps.audit.models import AuditEvent
from mixmig.apps.registry.models import PersonShare


@pytest.fixture
def officer(api, personas):
    return api(personas.officer)


@pytest.fixture
def amina(officer):
    body = {"site": "lampedusa", "members": [member(given_name="Amina", family_name="Haile")]}
    return post_json(officer, "/api/v1/registrations", body).json()["members"][0]["person_number"]


def _numbers(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [item["number"] for item in response.json()["items"]]


@pytest.mark.parametrize(
    "query",
    ["Amina", "amina haile", "AMI", "Hai", "አሚና", "P1234567", "p-123 4567", "+291 7 123 456", "+2917123456"],
)
def test_search_finds_by_name_any_script_partial_document_phone(officer, amina, query):
    assert _numbers(officer.get("/api/v1/persons", {"q": query})) == [amina]


def test_search_by_person_number_in_any_case_and_spacing(officer, amina):
    assert _numbers(officer.get("/api/v1/persons", {"q": amina.lower().replace("-", " ")})) == [amina]


def test_search_result_carries_the_latest_registration(officer, amina):
    item = officer.get("/api/v1/persons", {"q": "Amina"}).json()["items"][0]
    assert item["latest_registration"]["person_number"] == amina
    assert item["latest_registration"]["site"] == "lampedusa"


def test_search_needs_a_query(officer):
    response = officer.get("/api/v1/persons")
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "q"


def test_search_pages(officer):
    for i in range(5):
        body = {
            "site": "lampedusa",
            "members": [member(given_name="Mohamed", family_name=f"Ali{i}", documents=[])],
        }
        post_json(officer, "/api/v1/registrations", body)
    first = officer.get("/api/v1/persons", {"q": "Mohamed", "limit": 2})
    assert first.json()["has_more"] is True
    seen = _numbers(first)
    seen += _numbers(officer.get("/api/v1/persons", {"q": "Mohamed", "limit": 2, "offset": 2}))
    last = officer.get("/api/v1/persons", {"q": "Mohamed", "limit": 2, "offset": 4})
    assert last.json()["has_more"] is False
    seen += _numbers(last)
    assert len(set(seen)) == 5
    assert officer.get("/api/v1/persons", {"q": "Mohamed", "limit": 101}).status_code == 422


def test_reading_a_person_writes_an_audit_event(officer, amina):
    before = AuditEvent.objects.filter(action="person.viewed").count()
    response = officer.get(f"/api/v1/persons/{amina}")
    assert response.status_code == 200
    body = response.json()
    assert body["number"] == amina
    [registration] = body["registrations"]
    assert registration["documents"][0]["number"] == "P1234567"
    assert registration["phones"] == ["+2917123456"]
    assert [leg["place"] for leg in registration["legs"]] == ["Khartoum", "Tripoli"]
    event = AuditEvent.objects.filter(action="person.viewed").latest("id")
    assert AuditEvent.objects.filter(action="person.viewed").count() == before + 1
    assert (event.actor_username, event.object_id, event.channel) == ("officer", amina, "api")


def test_person_shows_group_and_relations(officer):
    members = [
        member(given_name="Saba", documents=[]),
        member(given_name="Lidya", birth_date="2016-01-01", documents=[]),
    ]
    body = {
        "site": "lampedusa",
        "members": members,
        "relations": [{"subject": 0, "other": 1, "relation": "parent"}],
    }
    registered = post_json(officer, "/api/v1/registrations", body).json()
    child = registered["members"][1]["person_number"]
    [registration] = officer.get(f"/api/v1/persons/{child}").json()["registrations"]
    assert registration["group"]["id"] == registered["group_id"]
    assert [m["given_name"] for m in registration["group"]["members"]] == ["Saba", "Lidya"]
    assert registration["group"]["relations"][0]["relation"] == "parent"


def test_supervisor_shares_a_person_with_another_agency(api, personas, amina):
    b = api(personas.officer_b)
    assert b.get(f"/api/v1/persons/{amina}").status_code == 404
    response = post_json(
        api(personas.supervisor),
        f"/api/v1/persons/{amina}/shares",
        {"agency": "ngo-b", "purpose": "case transfer"},
    )
    assert response.status_code == 201, response.content
    assert response.json()["agency"] == "ngo-b"
    assert response.json()["purpose"] == "case transfer"
    assert b.get(f"/api/v1/persons/{amina}").status_code == 200
    assert AuditEvent.objects.filter(action="person.shared", object_id=amina).exists()


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"agency": "nowhere", "purpose": "x"}, "agency"),
        ({"agency": "ngo-b", "purpose": "   "}, "purpose"),
        ({"agency": "ngo-b"}, "purpose"),
    ],
)
def test_share_needs_a_known_agency_and_a_purpose(api, personas, amina, counts, body, field):
    before = counts()
    response = post_json(api(personas.supervisor), f"/api/v1/persons/{amina}/shares", body)
    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == [field]
    after = counts()
    assert after["PersonShare"] == before["PersonShare"] == 0
    assert after["AuditEvent"] == before["AuditEvent"] + 1  # only the supervisor's token
    assert not PersonShare.objects.exists()


def test_sites_and_audit_verify(api, personas):
    sites = api(personas.analyst).get("/api/v1/sites").json()
    assert [s["code"] for s in sites] == ["lesvos", "lampedusa"]  # by country, then name
    verify = api(personas.dpo).get("/api/v1/audit/verify")
    assert verify.status_code == 200
    assert verify.json()["ok"] is True
    assert verify.json()["checked"] > 0
