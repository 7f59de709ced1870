"""Registering people and travel groups through the web form; errors next to the fields; editing."""

from __future__ import annotations

import pytest

from mixmig.apps.registry.models import GroupRelation, Person, Registration

pytestmark = pytest.mark.django_db


def family_of_five(form, site):
    members = [
        form.member("a", given_name="Yonas", family_name="Tesfay", given_name_original="ዮናስ", family_name_original="ተስፋይ",
                    original_script="Ethi", sex="male", birth_year="1984", nationalities="ERI", languages="tir, ara",
                    phones="+249 912 345 678", documents=[{"kind": "national_id", "number": "ER-123 456", "issuing_country": "ERI"}]),
        form.member("b", given_name="Selam", family_name="Tesfay", sex="female", birth_date="1988-02-03", nationalities="ERI",
                    relation="spouse", documents=[{"kind": "passport", "number": ""}]),
        form.member("c", given_name="Abel", family_name="Tesfay", sex="male", age_estimate="9", nationalities="ERI",
                    relation="m1_parent"),
        form.member("d", given_name="Ruth", family_name="Tesfay", sex="female", age_estimate="6", nationalities="ERI",
                    relation="m1_parent"),
        form.member("e", given_name="Dawit", family_name="Haile", sex="male", age_estimate="16", nationalities="ERI",
                    relation="m1_unrelated_adult"),
    ]  # fmt: skip
    return form.post(
        site, members, origin_country="ERI", origin_place="Asmara", transit_countries="SDN, LBY",
        intended_destination="DEU", transport_mode="sea", smuggler_paid="yes", journey_cost="3500",
        journey_cost_currency="USD", reasons_for_leaving=["persecution", "economic"],
    )  # fmt: skip


def test_register_page_defaults(signed_in, personas):
    page = signed_in(personas.officer).get("/register/").content.decode()
    assert 'value="lampedusa" selected' in page
    assert 'name="registered_on" value="20' in page
    assert "Add a member of the group" in page


def test_family_of_five_in_one_post(signed_in, personas, form):
    client = signed_in(personas.officer)
    response = client.post("/register/", family_of_five(form, "lampedusa"))
    assert response.status_code == 302, response.content.decode()[:3000]
    regs = list(Registration.objects.order_by("pk"))
    assert len(regs) == 5 and len({r.group_id for r in regs}) == 1
    assert all(
        r.origin_country == "ERI" and r.intended_destination == "DEU" and r.smuggler_paid for r in regs
    )
    assert all([leg.country for leg in r.legs.all()] == ["SDN", "LBY"] for r in regs)
    assert regs[0].reasons_for_leaving == ["persecution", "economic"]
    assert regs[0].documents.get().number == "ER123456"
    assert not regs[1].documents.exists()  # a blank document row is not a document
    relations = {(rel.subject_id, rel.other_id, rel.relation) for rel in GroupRelation.objects.all()}
    a, b, c, d, e = (r.pk for r in regs)
    assert relations == {(a, b, "spouse"), (a, c, "parent"), (a, d, "parent"), (a, e, "unrelated_adult")}
    # after registering, the screening questions the pack still needs are asked for the whole group
    assert response["Location"] == f"/registrations/{regs[0].pk}/screening-questions/"
    page = client.get(response["Location"]).content.decode()
    assert "Registered 5 people as one travel group" in page
    assert "Dawit" in page and "ዮናስ" in page


def test_relation_direction_this_person_is_parent_of_member_1(signed_in, personas, form):
    client = signed_in(personas.officer)
    data = form.post("lampedusa", [
        form.member("k", given_name="Omar", age_estimate="15"),
        form.member("m", given_name="Fatima", age_estimate="40", relation="parent_of_m1"),
    ])  # fmt: skip
    assert client.post("/register/", data).status_code == 302
    child, mother = Registration.objects.order_by("pk")
    rel = GroupRelation.objects.get()
    assert (rel.subject_id, rel.other_id, rel.relation) == (mother.pk, child.pk, "parent")


def test_errors_are_shown_next_to_the_fields_and_nothing_is_written(signed_in, personas, form):
    client = signed_in(personas.officer)
    data = form.post(
        "lampedusa",
        [
            form.member(
                "a",
                given_name="Ali",
                birth_date="2090-01-01",
                documents=[{"kind": "passport", "number": "P1"}],
            ),
            form.member("b", given_name="", family_name="", nationalities="XYZ", relation="sibling"),
            form.member(
                "c",
                given_name="Sara",
                phones="12",
                documents=[{"number": "P9"}, {"number": "P 9"}],
                relation="sibling",
            ),
        ],
        origin_country="SY",
    )
    before = (Person.objects.count(), Registration.objects.count())
    response = client.post("/register/", data)
    assert response.status_code == 400
    assert (Person.objects.count(), Registration.objects.count()) == before == (0, 0)
    page = response.content.decode()
    assert "Nothing was saved" in page
    # each message sits right after its own input (ids name the row key and field)
    assert 'id="f-m-a-birth_date-error"' in page and "is after the registration date" in page
    assert 'id="f-m-b-given_name-error"' in page and "at least one name is required" in page
    assert 'id="f-m-b-nationalities-error"' in page and "XYZ" in page
    assert 'id="f-m-c-phones-error"' in page
    assert 'id="f-m-c-d-d1-number-error"' in page and "already given for document 1" in page
    assert 'id="f-origin_country-error"' in page and "did you mean SYR?" in page
    assert page.count("did you mean SYR?") == 1  # the shared journey error is shown once, not per member
    # what was typed is kept
    assert 'value="Sara"' in page and 'value="2090-01-01"' in page


def test_unknown_site_error_at_the_top(signed_in, personas, form):
    client = signed_in(personas.officer)
    response = client.post("/register/", form.post("atlantis", [form.member("a", given_name="Ali")]))
    assert response.status_code == 400 and 'id="f-site-error"' in response.content.decode()


def test_single_person_registration(signed_in, personas, form):
    client = signed_in(personas.officer)
    response = client.post(
        "/register/", form.post("lampedusa", [form.member("a", given_name="Ali", sex="male")])
    )
    assert response.status_code == 302
    reg = Registration.objects.get()
    assert reg.group_id is None and reg.sex == "male"


def test_htmx_rows(signed_in, personas):
    client = signed_in(personas.officer)
    row = client.get("/register/member-row/", HTTP_HX_REQUEST="true").content.decode()
    assert 'name="member"' in row and "Relation to member 1" in row and "<html" not in row
    doc = client.get("/register/document-row/?member=abc", HTTP_HX_REQUEST="true").content.decode()
    assert 'name="m-abc-doc"' in doc


def test_register_needs_the_role_and_csrf(signed_in, personas, form):
    assert signed_in(personas.analyst).get("/register/").status_code == 403
    assert (
        signed_in(personas.dpo)
        .post("/register/", form.post("lampedusa", [form.member("a", given_name="X")]))
        .status_code
        == 403
    )
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    strict.post("/login/", {"username": "officer", "password": personas.password})
    assert (
        strict.post("/register/", form.post("lampedusa", [form.member("a", given_name="X")])).status_code
        == 403
    )
    assert not Registration.objects.exists()


def test_edit_registration_with_errors_then_saved(signed_in, personas, register):
    reg = register(personas.officer, given_name="Amina", nationalities="SDN", documents=[{"kind": "passport", "number": "P777"}],
                   legs=[{"country": "LBY", "place": "Zuwara"}], screening_answers={"q1": "yes"})  # fmt: skip
    client = signed_in(personas.caseworker)
    page = client.get(f"/registrations/{reg.pk}/edit/").content.decode()
    assert 'value="Amina"' in page and 'value="P777"' in page and 'value="LBY"' in page
    key = page.split('name="member" value="')[1].split('"')[0]
    doc_key = page.split(f'name="m-{key}-doc" value="')[1].split('"')[0]
    data = {
        "member": key, f"m-{key}-given_name": "Amina", f"m-{key}-family_name": "Haile", f"m-{key}-sex": "female",
        f"m-{key}-birth_date": "not a date", f"m-{key}-nationalities": "SDN", f"m-{key}-doc": doc_key,
        f"m-{key}-d-{doc_key}-kind": "passport", f"m-{key}-d-{doc_key}-number": "P777", "transit_countries": "LBY",
    }  # fmt: skip
    bad = client.post(f"/registrations/{reg.pk}/edit/", data)
    assert bad.status_code == 400 and f'id="f-m-{key}-birth_date-error"' in bad.content.decode()
    reg.refresh_from_db()
    assert reg.family_name == "Haile" and reg.birth_date is None
    data[f"m-{key}-birth_date"] = "2001-04-05"
    data[f"m-{key}-family_name"] = "Idris"
    ok = client.post(f"/registrations/{reg.pk}/edit/", data)
    assert ok.status_code == 302
    reg.refresh_from_db()
    assert reg.family_name == "Idris" and str(reg.birth_date) == "2001-04-05"
    assert reg.screening_answers == {"q1": "yes"}  # not on the form, kept
    assert [(leg.country, leg.place) for leg in reg.legs.all()] == [
        ("LBY", "Zuwara")
    ]  # same route: details kept


def test_edit_foreign_registration_is_404_and_analyst_403(signed_in, personas, register):
    reg = register(personas.officer_b)
    assert signed_in(personas.officer).get(f"/registrations/{reg.pk}/edit/").status_code == 404
    assert signed_in(personas.analyst).get(f"/registrations/{reg.pk}/edit/").status_code == 403
