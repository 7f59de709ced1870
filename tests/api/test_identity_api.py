"""Identity API: duplicate check, runs, review decisions, merge and unmerge — with the access matrix."""

from __future__ import annotations

import pytest

from mixmig.apps.registry import services as registry

PEOPLE = [
    ("Mohamed", "Al Rashid", "2009"), ("Muhammad", "Rashid", "2009"), ("Fatima", "Haile", "1990-03-04"),
    ("Fatma", "Haile", "1990-04-03"), ("Yonas", "Tesfay", "1985"), ("Ali", "Karimi", "2001-07-12"),
    ("Amina", "Osman", "1998"), ("Sara", "Ahmadi", "1979-11-02"),
]  # fmt: skip

BOY = {"given_name": "Mohamed", "family_name": "Al Rashid", "given_name_original": "محمد",
       "family_name_original": "الرشيد", "sex": "male", "birth_year": 2009}  # fmt: skip


@pytest.fixture(autouse=True)
def _runs_inline(settings):
    settings.IDENTITY_RUN_IN_THREAD = False


def post(client, path, body):
    return client.post(path, body, content_type="application/json")


def test_check_finds_the_boy_and_hides_other_agencies(api, personas):
    mine = registry.register_person(personas.officer, personas.site.code, BOY)
    registry.register_person(personas.officer_b, personas.site_b.code, BOY)
    r = post(
        api(personas.officer),
        "/api/v1/identity/check",
        {"given_name": "Muhammad", "family_name": "Rashid", "sex": "male", "birth_year": 2009},
    )
    assert r.status_code == 200, r.content
    assert [c["person_number"] for c in r.json()] == [mine.person.number]
    assert {row["field"] for row in r.json()[0]["explanation"]} >= {"given_name", "date_of_birth"}
    assert post(api(personas.analyst), "/api/v1/identity/check", BOY).status_code == 403


def test_run_review_merge_unmerge(api, personas):
    regs = []
    for given, family, born in PEOPLE:
        birth = {"birth_date": born} if "-" in born else {"birth_year": int(born)}
        regs.append(
            registry.register_person(
                personas.officer, personas.site.code, {"given_name": given, "family_name": family, **birth}
            )
        )
    a, b = regs[0], regs[1]
    sup = api(personas.supervisor)
    r = sup.post("/api/v1/identity/runs")
    assert r.status_code == 202, r.content
    run = sup.get(f"/api/v1/identity/runs/{r.json()['id']}").json()
    assert run["status"] == "done" and run["progress"] == 1.0
    matches = sup.get("/api/v1/identity/matches").json()
    boy = [m for m in matches if {m["person_a"], m["person_b"]} == {a.person.number, b.person.number}]
    assert boy, matches
    matches = boy
    assert api(personas.officer).get("/api/v1/identity/matches").status_code == 403
    r = post(
        sup,
        f"/api/v1/identity/matches/{matches[0]['id']}/decision",
        {"decision": "not_match", "reason": "different fathers"},
    )
    assert r.status_code == 200 and r.json()["status"] == "not_match"
    r = post(
        sup,
        f"/api/v1/persons/{a.person.number}/merge",
        {"merged": b.person.number, "reason": "same boy after all"},
    )
    assert r.status_code == 200, r.content
    assert r.json()["registration_ids"] == [b.pk]
    assert (
        post(api(personas.officer), f"/api/v1/merges/{r.json()['id']}/unmerge", {"reason": "x"}).status_code
        == 403
    )
    r = post(api(personas.dpo), f"/api/v1/merges/{r.json()['id']}/unmerge", {"reason": "wrong"})
    assert r.status_code == 200 and r.json()["undone_at"]
    assert (
        post(api(personas.dpo), f"/api/v1/merges/{r.json()['id']}/unmerge", {"reason": "again"}).status_code
        == 422
    )


def test_foreign_persons_cannot_be_merged(api, personas):
    a = registry.register_person(personas.officer, personas.site.code, BOY)
    foreign = registry.register_person(personas.officer_b, personas.site_b.code, BOY)
    r = post(
        api(personas.supervisor),
        f"/api/v1/persons/{a.person.number}/merge",
        {"merged": foreign.person.number, "reason": "same"},
    )
    assert r.status_code == 404
