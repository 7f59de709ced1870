"""Registering people and travel groups, listing with filters and pages, reading and correcting one."""

from __future__ import annotations

import pytest
from api_bodies import member, post_json, put_json

from mixmig.apps.audit.models import AuditEvent
from mixmig.apps.registry.models import GroupRelation, Person, Registration

URL = "/api/v1/registrations"


@pytest.fixture
def officer(api, personas):
    return api(personas.officer)


def test_register_one_person(officer, counts):
    before = counts()
    response = post_json(
        officer, URL, {"site": "lampedusa", "registered_on": "2025-06-01", "members": [member()]}
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["site"] == "lampedusa"
    assert body["registered_on"] == "2025-06-01"
    assert body["group_id"] is None
    [registered] = body["members"]
    registration = Registration.objects.get(pk=registered["registration_id"])
    assert registration.person.number == registered["person_number"]
    assert registration.documents.get().number == "P1234567"
    assert registration.contacts.get().value == "+2917123456"
    assert [leg.country for leg in registration.legs.all()] == ["SDN", "LBY"]
    after = counts()
    assert after["Person"] == before["Person"] + 1
    assert after["AuditEvent"] > before["AuditEvent"]
    assert AuditEvent.objects.filter(action="registration.created", channel="api").count() == 1


def test_register_a_family_and_an_unrelated_boy_in_one_request(officer, api, personas):
    members = [
        member(given_name="Yonas", sex="male", birth_date="1985-01-01", documents=[]),
        member(given_name="Saba", sex="female", birth_date="1988-02-02", documents=[]),
        member(given_name="Lidya", sex="female", birth_date="2015-03-03", documents=[], phones=[]),
        member(given_name="Noah", sex="male", birth_date="2019-04-04", documents=[], phones=[]),
        member(
            given_name="Dawit",
            family_name="Tekle",
            sex="male",
            birth_year=2009,
            birth_date=None,
            documents=[],
        ),
    ]
    relations = [
        {"subject": 0, "other": 2, "relation": "parent"},
        {"subject": 1, "other": 3, "relation": "parent"},
        {"subject": 0, "other": 1, "relation": "spouse"},
        {"subject": 0, "other": 4, "relation": "unrelated_adult"},
    ]
    response = post_json(officer, URL, {"site": "lampedusa", "members": members, "relations": relations})
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["group_id"] is not None
    assert len(body["members"]) == 5
    assert len({m["person_number"] for m in body["members"]}) == 5
    assert GroupRelation.objects.filter(group_id=body["group_id"]).count() == 4

    boy = body["members"][4]
    detail = officer.get(f"{URL}/{boy['registration_id']}").json()
    assert detail["birth_precision"] == "year"
    assert detail["group"]["id"] == body["group_id"]
    assert [m["given_name"] for m in detail["group"]["members"]] == [
        "Yonas",
        "Saba",
        "Lidya",
        "Noah",
        "Dawit",
    ]
    assert detail["group"]["relations"] == [
        {
            "subject_registration": body["members"][0]["registration_id"],
            "other_registration": boy["registration_id"],
            "relation": "unrelated_adult",
        }
    ]


def test_register_again_a_known_person(officer):
    first = post_json(officer, URL, {"site": "lampedusa", "members": [member()]}).json()["members"][0]
    again = post_json(
        officer,
        URL,
        {"site": "lampedusa", "members": [member(person_number=first["person_number"], given_name="Amena")]},
    )
    assert again.status_code == 201
    assert again.json()["members"][0]["person_number"] == first["person_number"]
    assert Person.objects.count() == 1
    assert Registration.objects.count() == 2


def test_registration_stays_lean(officer, django_assert_max_num_queries):
    """The benchmarked endpoint: 1 query for the token, the rest is the service with its screening and audit."""
    post_json(officer, URL, {"site": "lampedusa", "members": [member()]})  # warm caches (pycountry etc.)
    with django_assert_max_num_queries(16):  # +1: the identity app's blocking keys (one executemany)
        response = post_json(officer, URL, {"site": "lampedusa", "members": [member()]})
    assert response.status_code == 201


def test_get_registration_is_audited(officer):
    registered = post_json(officer, URL, {"site": "lampedusa", "members": [member()]}).json()["members"][0]
    response = officer.get(f"{URL}/{registered['registration_id']}")
    assert response.status_code == 200
    body = response.json()
    assert body["person_number"] == registered["person_number"]
    assert body["given_name_original"] == "አሚና"
    assert body["documents"] == [
        {"kind": "passport", "number": "P1234567", "issuing_country": "ERI", "expires_on": None}
    ]
    assert body["agency"] == "unhcr"
    assert AuditEvent.objects.filter(
        action="registration.viewed", object_id=str(registered["registration_id"]), actor_username="officer"
    ).exists()


def test_update_registration_replaces_the_declared_data(officer):
    registered = post_json(officer, URL, {"site": "lampedusa", "members": [member()]}).json()["members"][0]
    path = f"{URL}/{registered['registration_id']}"
    body = member(
        given_name="Amna", documents=[{"kind": "national_id", "number": "ER-55 01"}], phones=None, legs=[]
    )
    response = put_json(officer, path, body)
    assert response.status_code == 200, response.content
    assert response.json()["given_name"] == "Amna"
    assert response.json()["documents"][0]["number"] == "ER5501"
    assert response.json()["phones"] == []
    assert response.json()["legs"] == []
    assert AuditEvent.objects.filter(action="registration.updated").exists()
    # found by the new name, no longer by the old document
    assert officer.get("/api/v1/persons?q=Amna").json()["items"][0]["number"] == registered["person_number"]
    assert officer.get("/api/v1/persons?q=P1234567").json()["items"] == []


def test_update_with_bad_data_changes_nothing(officer, counts):
    registered = post_json(officer, URL, {"site": "lampedusa", "members": [member()]}).json()["members"][0]
    path = f"{URL}/{registered['registration_id']}"
    before = counts()
    response = put_json(
        officer, path, member(given_name="Changed", birth_date="1990-02-30", nationalities=["XYZ"])
    )
    assert response.status_code == 422
    assert {e["field"] for e in response.json()["errors"]} == {"birth_date", "nationalities"}
    assert counts() == before
    assert Registration.objects.get(pk=registered["registration_id"]).given_name == "Amina"


@pytest.fixture
def five(officer, api, personas):
    """Five registrations in agency A at two dates, with different sexes and nationalities."""
    bodies = [
        ("2025-01-10", member(given_name="A1", sex="female", nationalities=["ERI"], documents=[])),
        ("2025-02-10", member(given_name="A2", sex="male", nationalities=["SDN"], documents=[])),
        ("2025-03-10", member(given_name="A3", sex="male", nationalities=["ERI", "ETH"], documents=[])),
        ("2025-04-10", member(given_name="A4", sex="female", nationalities=["AFG"], documents=[])),
        ("2025-05-10", member(given_name="A5", sex="male", nationalities=["ERI"], documents=[])),
    ]
    for when, body in bodies:
        assert (
            post_json(
                officer, URL, {"site": "lampedusa", "registered_on": when, "members": [body]}
            ).status_code
            == 201
        )
    # agency B's registration never shows
    b = api(personas.officer_b)
    assert (
        post_json(b, URL, {"site": "lesvos", "members": [member(given_name="B1", documents=[])]}).status_code
        == 201
    )


def _names(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [item["given_name"] for item in response.json()["items"]]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", ["A5", "A4", "A3", "A2", "A1"]),
        ("?sex=male", ["A5", "A3", "A2"]),
        ("?nationality=eri", ["A5", "A3", "A1"]),
        ("?nationality=ETH", ["A3"]),
        ("?registered_from=2025-02-10&registered_to=2025-04-10", ["A4", "A3", "A2"]),
        ("?site=lampedusa&sex=female", ["A4", "A1"]),
        ("?site=lesvos", []),
        ("?sex=nonsense", []),
    ],
)
def test_list_filters(officer, five, query, expected):
    assert _names(officer.get(URL + query)) == expected


def test_list_pages_with_total_count(officer, five):
    first = officer.get(URL + "?limit=2")
    assert first.json()["count"] == 5
    assert (first.json()["limit"], first.json()["offset"]) == (2, 0)
    assert _names(first) == ["A5", "A4"]
    assert _names(officer.get(URL + "?limit=2&offset=2")) == ["A3", "A2"]
    assert _names(officer.get(URL + "?limit=2&offset=4")) == ["A1"]
    assert _names(officer.get(URL + "?limit=2&offset=10")) == []
    assert officer.get(URL + "?limit=2&offset=10").json()["count"] == 5


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("?limit=201", "limit"),
        ("?limit=0", "limit"),
        ("?offset=-1", "offset"),
        ("?registered_from=2025-13-01", "registered_from"),
        ("?registered_to=yesterday", "registered_to"),
    ],
)
def test_list_refuses_bad_parameters_naming_them(officer, query, field):
    response = officer.get(URL + query)
    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == [field]
