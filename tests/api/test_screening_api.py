import pytest
from django.test import Client

from mixmig.apps.access import services as access
from mixmig.apps.registry import services

BOY = {"given_name": "Yusuf", "sex": "male", "age_estimate": "16", "nationalities": "AFG"}


def bearer(user):
    return {"HTTP_AUTHORIZATION": f"Bearer {access.issue_token(user)}"}


@pytest.fixture
def boy(personas):
    return services.register_person(personas.officer, "lampedusa", BOY)


def test_current_screening_with_trace(personas, boy):
    response = Client().get(f"/api/v1/registrations/{boy.pk}/screening", **bearer(personas.officer))
    assert response.status_code == 200
    body = response.json()
    assert body["pack_id"] == "baseline" and "unaccompanied_child" in body["profiles"]
    assert any(r["deadline_hours"] == 24 for r in body["result"]["routes"])
    assert body["result"]["profiles"][0]["trace"]


def test_questions_in_chinese_and_answers_rescreen(personas, boy):
    client, auth = Client(), bearer(personas.officer)
    questions = client.get(f"/api/v1/registrations/{boy.pk}/questions?language=zh-hans", **auth).json()
    fear = next(q for q in questions if q["id"] == "fear_of_return")
    assert "国家" in fear["label"]
    response = client.post(
        f"/api/v1/registrations/{boy.pk}/answers",
        {"answers": {"fear_of_return": "yes"}},
        content_type="application/json",
        **auth,
    )
    assert response.status_code == 200 and "international_protection" in response.json()["profiles"]
    bad = client.post(
        f"/api/v1/registrations/{boy.pk}/answers",
        {"answers": {"fear": "yes"}},
        content_type="application/json",
        **auth,
    )
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "answers.fear"


@pytest.mark.parametrize("who", ["officer_b", "analyst", "admin"])
def test_foreign_or_forbidden_screenings_give_no_data(personas, boy, who):
    response = Client().get(f"/api/v1/registrations/{boy.pk}/screening", **bearer(getattr(personas, who)))
    assert response.status_code in (403, 404)
    assert "Yusuf" not in response.content.decode() and "unaccompanied" not in response.content.decode()


def test_packs_and_compare(personas, boy):
    client = Client()
    packs = client.get("/api/v1/policy/packs", **bearer(personas.officer)).json()
    assert {p["id"] for p in packs} >= {"baseline", "aurelia", "borealis"}
    data = client.get("/api/v1/policy/compare?a=aurelia&b=borealis", **bearer(personas.analyst)).json()
    assert data["records"] == 1
    assert (
        client.get("/api/v1/policy/compare?a=aurelia&b=borealis", **bearer(personas.officer)).status_code
        == 403
    )
    bad = client.get("/api/v1/policy/compare?a=aurelia&b=x", **bearer(personas.analyst))
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "b"
