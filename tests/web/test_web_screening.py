import pytest

from mixmig.apps.audit.models import AuditEvent
from mixmig.apps.registry import services
from mixmig.apps.screening.models import Screening

BOY = {
    "given_name": "Yusuf",
    "family_name": "Rahimi",
    "sex": "male",
    "age_estimate": "16",
    "nationalities": "AFG",
}


@pytest.fixture
def boy(personas):
    return services.register_person(personas.officer, "lampedusa", BOY)


def test_person_page_shows_indications_routes_and_why(signed_in, personas, boy):
    page = signed_in(personas.officer).get(f"/persons/{boy.person.number}/").content.decode()
    assert "Unaccompanied child" in page
    assert "Best-interests procedure (child protection)" in page
    assert "24 h" in page
    assert "never decides refugee status" in page
    assert 'class="trace"' in page and "<code>child</code>" in page


def test_person_page_in_chinese_shows_labels_from_the_pack(signed_in, personas, boy):
    client = signed_in(personas.officer)
    client.post("/i18n/setlang/", {"language": "zh-hans", "next": "/"})
    page = client.get(f"/persons/{boy.person.number}/").content.decode()
    assert "无人陪伴儿童" in page and "甄别" in page


def test_questions_page_asks_what_is_missing_and_rescreens(signed_in, personas, boy):
    client = signed_in(personas.officer)
    url = f"/registrations/{boy.pk}/screening-questions/"
    page = client.get(url).content.decode()
    assert "Are you afraid of what would happen to you" in page
    response = client.post(
        url, {f"r{boy.pk}-fear_of_return": "yes", f"r{boy.pk}-serious_medical_condition": "no"}
    )
    assert response.status_code == 302
    current = Screening.objects.get(registration=boy, is_current=True)
    assert "international_protection" in current.profiles
    assert "fear_of_return" not in client.get(url).content.decode()


def test_bad_answers_are_shown_next_to_the_question_and_nothing_changes(signed_in, personas, boy):
    client = signed_in(personas.officer)
    before = Screening.objects.count()
    response = client.post(
        f"/registrations/{boy.pk}/screening-questions/", {f"r{boy.pk}-fear_of_return": "maybe"}
    )
    assert response.status_code == 400
    assert "is not allowed; use yes, no or unknown" in response.content.decode()
    assert Screening.objects.count() == before


def test_questions_for_a_foreign_registration_are_not_found(signed_in, personas, boy):
    assert (
        signed_in(personas.officer_b).get(f"/registrations/{boy.pk}/screening-questions/").status_code == 404
    )
    assert signed_in(personas.analyst).get(f"/registrations/{boy.pk}/screening-questions/").status_code == 403


def test_analyst_compares_packs_without_seeing_records(signed_in, personas, boy, register):
    register(
        personas.officer,
        given_name="Amina",
        sex="female",
        birth_year="1990",
        reasons_for_leaving="environmental",
    )
    client = signed_in(personas.analyst)
    page = client.get("/screening/compare/?a=aurelia&b=borealis").content.decode()
    assert "Profiled differently" in page and "Yusuf" not in page
    assert "/registrations/" not in page  # no example links for a role without person.view
    assert AuditEvent.objects.filter(action="screening.compared", actor_username="analyst").exists()
    assert client.get("/screening/compare/?a=aurelia&b=nowhere").status_code == 400


def test_officer_cannot_open_the_comparison(signed_in, personas):
    assert signed_in(personas.officer).get("/screening/compare/").status_code == 403


def test_registration_link_goes_to_the_person_in_scope_only(signed_in, personas, boy):
    response = signed_in(personas.officer).get(f"/registrations/{boy.pk}/")
    assert response.status_code == 302 and response["Location"] == f"/persons/{boy.person.number}/"
    assert signed_in(personas.officer_b).get(f"/registrations/{boy.pk}/").status_code == 404
