"""API for directory, consents, referrals and cases — and the access matrix over foreign records."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup(personas, register):
    from mixmig.apps.access import services as access
    from mixmig.apps.directory import services as directory

    for code, stype, agency, fields in (
        ("shelter-b", "national_referral_mechanism", "ngo-b", "identity,contact"),
        ("cp-a", "child_protection", "unhcr", "identity"),
    ):
        directory.save_service(
            "system",
            {
                "code": code,
                "name": code,
                "service_type": stype,
                "provider_code": agency,
                "agency": agency,
                "data_fields": fields,
            },
        )
    personas.cw_b = access.create_user(
        "system", "cw_b", personas.password, "caseworker", personas.agency_b, personas.agency_b.teams.first()
    )
    personas.person = register(personas.caseworker, phones=["+393331234567"]).person
    return personas


def test_referral_round_trip_with_consent_gate(setup, api):
    p = setup
    cw = api(p.caseworker)
    assert cw.get("/api/v1/services?type=child_protection").json()[0]["code"] == "cp-a"
    r = cw.post(
        "/api/v1/referrals",
        {"person_number": p.person.number, "service": "shelter-b", "deadline_hours": 48},
        content_type="application/json",
    )
    assert r.status_code == 201, r.content
    rid = r.json()["id"]
    refused = cw.post(f"/api/v1/referrals/{rid}/send", {}, content_type="application/json")
    assert refused.status_code == 409 and refused.json()["guard"] == "consent_or_override"
    c = cw.post(
        "/api/v1/consents",
        {
            "person_number": p.person.number,
            "scope": ["identity", "contact"],
            "given_by": "person",
            "recipient_service": "shelter-b",
        },
        content_type="application/json",
    )
    assert c.status_code == 201, c.content
    assert cw.post(f"/api/v1/referrals/{rid}/send", {}, content_type="application/json").status_code == 200
    b = api(p.cw_b)
    seen = b.get(f"/api/v1/referrals/{rid}").json()
    assert (
        seen["side"] == "recipient" and seen["fields"]["contacts"] and "nationalities" not in seen["fields"]
    )
    assert (
        b.post(f"/api/v1/referrals/{rid}/accept", {}, content_type="application/json").json()["status"]
        == "accepted"
    )
    bad = b.post(f"/api/v1/referrals/{rid}/complete", {}, content_type="application/json")
    assert bad.status_code == 409 and "in_service" in bad.json()["allowed"]


def test_case_endpoints(setup, api):
    p = setup
    cw = api(p.caseworker)
    case = cw.post(
        "/api/v1/cases", {"person_number": p.person.number}, content_type="application/json"
    ).json()
    cid = case["id"]
    assert (
        cw.post(
            f"/api/v1/cases/{cid}/notes", {"text": "<b>hi</b>"}, content_type="application/json"
        ).status_code
        == 201
    )
    assert (
        cw.post(f"/api/v1/cases/{cid}/tasks", {"title": "call"}, content_type="application/json").status_code
        == 201
    )
    assert (
        cw.post(
            f"/api/v1/cases/{cid}/status",
            {"status": "closed", "reason": "x"},
            content_type="application/json",
        ).status_code
        == 409
    )
    detail = cw.get(f"/api/v1/cases/{cid}").json()
    assert detail["notes"][0]["text"] == "<b>hi</b>" and detail["tasks"][0]["title"] == "call"
    assert [c["id"] for c in cw.get("/api/v1/cases").json()] == [cid]


@pytest.mark.parametrize(
    "persona, expected",
    [("caseworker_other_team", 404), ("officer_b", 403), ("cw_b", 404), ("analyst", 403), ("officer", 403)],
)
def test_access_matrix_foreign_cases_and_notes(setup, api, persona, expected):
    p = setup
    cid = (
        api(p.caseworker)
        .post("/api/v1/cases", {"person_number": p.person.number}, content_type="application/json")
        .json()["id"]
    )
    client = api(getattr(p, persona))
    assert client.get(f"/api/v1/cases/{cid}").status_code == expected
    assert client.post(
        f"/api/v1/cases/{cid}/notes", {"text": "x"}, content_type="application/json"
    ).status_code in (403, 404)
    assert client.post(
        f"/api/v1/cases/{cid}/status", {"status": "in_progress"}, content_type="application/json"
    ).status_code in (403, 404)


@pytest.mark.parametrize(
    "persona, expected", [("officer_b", 404), ("cw_b", 404), ("analyst", 403), ("caseworker_other_team", 404)]
)
def test_access_matrix_foreign_referrals(setup, api, persona, expected):
    p = setup
    rid = (
        api(p.caseworker)
        .post(
            "/api/v1/referrals",
            {"person_number": p.person.number, "service": "cp-a"},
            content_type="application/json",
        )
        .json()["id"]
    )
    client = api(getattr(p, persona))
    assert client.get(f"/api/v1/referrals/{rid}").status_code == expected
    assert client.post(f"/api/v1/referrals/{rid}/send", {}, content_type="application/json").status_code in (
        403,
        404,
    )
    assert client.post(
        "/api/v1/referrals",
        {"person_number": p.person.number, "service": "cp-a"},
        content_type="application/json",
    ).status_code in (403, 404)
