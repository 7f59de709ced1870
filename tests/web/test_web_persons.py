"""Search and the person page: any script, documents and phones, paging, scope and audit."""

from __future__ import annotations

import pytest

from mixmig.apps.audit.models import AuditEvent
from mixmig.apps.registry.models import Registration

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(personas, register):
    return {
        "mohammed": register(personas.officer, given_name="Mohammed", family_name="Al-Hassan", given_name_original="محمد",
                             family_name_original="الحسن", sex="male", birth_year="1990", nationalities="SYR",
                             documents=[{"kind": "passport", "number": "N0123456"}], phones="+963 944 123 456"),
        "zhang": register(personas.officer, given_name="Wei", family_name="Zhang", given_name_original="伟",
                          family_name_original="张", nationalities="CHN"),
        "jose": register(personas.officer, given_name="José", family_name="Pérez", nationalities="VEN"),
        "foreign": register(personas.officer_b, given_name="Mohammed", family_name="Foreign"),
    }  # fmt: skip


@pytest.mark.parametrize(
    "query, who",
    [
        ("محمد", "mohammed"),
        ("moham", "mohammed"),
        ("MOHAMMED al-hassan", "mohammed"),
        ("张", "zhang"),
        ("jose perez", "jose"),
        ("PÉR", "jose"),
        ("n0123456", "mohammed"),
        ("+963944123456", "mohammed"),
    ],
)
def test_search_any_script_document_phone(signed_in, personas, people, query, who):
    page = signed_in(personas.officer).get("/search/", {"q": query}).content.decode()
    assert people[who].person.number in page
    assert people["foreign"].person.number not in page  # another agency's person is invisible


def test_search_by_person_number_and_results_columns(signed_in, personas, people):
    number = people["mohammed"].person.number
    page = signed_in(personas.officer).get("/search/", {"q": number.lower()}).content.decode()
    assert number in page and "Syria" in page and "born 1990" in page and "Lampedusa hotspot" in page


def test_search_htmx_returns_only_the_results(signed_in, personas, people):
    client = signed_in(personas.officer)
    part = client.get(
        "/search/", {"q": "wei"}, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="results"
    ).content.decode()
    assert people["zhang"].person.number in part and "<html" not in part


def test_search_paging(signed_in, personas, register):
    for i in range(27):
        register(personas.officer, given_name="Samir", family_name=f"Test{i}")
    client = signed_in(personas.officer)
    first = client.get("/search/", {"q": "samir"}).content.decode()
    assert first.count('class="number"') == 25 and "page=2" in first
    second = client.get("/search/", {"q": "samir", "page": "2"}).content.decode()
    assert second.count('class="number"') == 2 and "page=1" in second


def test_search_output_is_escaped(signed_in, personas, register):
    register(personas.officer, given_name="<script>alert(1)</script>", family_name="Evil")
    page = signed_in(personas.officer).get("/search/", {"q": "evil"}).content.decode()
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;" in page


def test_person_page_is_audited_and_shows_everything(signed_in, personas, people):
    reg = people["mohammed"]
    client = signed_in(personas.caseworker)
    before = AuditEvent.objects.filter(action="person.viewed").count()
    page = client.get(f"/persons/{reg.person.number}/").content.decode()
    assert AuditEvent.objects.filter(action="person.viewed").count() == before + 1
    assert "محمد" in page and "N0123456" in page and "+963944123456" in page and "Syria" in page
    assert f"/registrations/{reg.pk}/edit/" in page


def test_foreign_person_is_404(signed_in, personas, people):
    client = signed_in(personas.officer)
    assert client.get(f"/persons/{people['foreign'].person.number}/").status_code == 404
    assert client.get("/persons/NOT-A-NUMBER/").status_code == 404


def test_analyst_gets_403_on_person_pages_and_search(signed_in, personas, people):
    client = signed_in(personas.analyst)
    assert client.get(f"/persons/{people['mohammed'].person.number}/").status_code == 403
    assert client.get("/search/", {"q": "moh"}).status_code == 403


def test_group_members_and_relations_on_the_person_page(signed_in, personas, form):
    client = signed_in(personas.officer)
    data = form.post("lampedusa", [
        form.member("a", given_name="Hawa", age_estimate="35"),
        form.member("b", given_name="Musa", age_estimate="8", relation="m1_parent"),
    ])  # fmt: skip
    assert client.post("/register/", data).status_code == 302
    hawa = Registration.objects.get(given_name="Hawa")
    page = client.get(f"/persons/{hawa.person.number}/").content.decode()
    assert "Travel group" in page and "Musa" in page and "this person is their parent" in page
    child_page = client.get(page.split('<a class="number" href="')[1].split('"')[0]).content.decode()
    assert "they are this person&#x27;s parent" in child_page or "they are this person's parent" in child_page


def test_signed_out_user_is_sent_to_login(client, people):
    response = client.get(f"/persons/{people['mohammed'].person.number}/")
    assert response.status_code == 302 and response["Location"].startswith("/login/?next=")
