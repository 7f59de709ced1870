"""Referrals from the routes screening proposes (journeys 1 and 3), consent on the form, the non-refoulement
guard fed by screening, the person page's referrals and cases, case transfers, and access."""

from __future__ import annotations

import pytest

from mixmig.apps.directory import services as directory
from mixmig.apps.referrals.models import Consent, Referral
from mixmig.apps.registry import services as registry

BOY = {"given_name": "Yusuf", "family_name": "Rahimi", "sex": "male", "age_estimate": "16"}
WOMAN = {
    "given_name": "Blessing",
    "family_name": "Okoro",
    "sex": "female",
    "birth_year": "1999",
    "reasons_for_leaving": ["economic"],
    "screening_answers": {
        "deceived": "yes",
        "documents_confiscated": "yes",
        "debt_owed": "yes",
        "exploitation_types": ["forced_labour"],
        "fear_of_return": "no",
    },
}


def _service(code, stype, agency, fields, **extra):
    return directory.save_service(
        "system",
        {"code": code, "name": code.title(), "service_type": stype, "provider_code": f"p-{agency}",
         "agency": agency, "data_fields": fields, **extra},
    )  # fmt: skip


@pytest.fixture
def services_(personas):
    return {
        "cp": _service(
            "cp-lampedusa", "child_protection", "unhcr", "identity,nationality", place="Lampedusa"
        ),
        "cp_far": _service("cp-rome", "child_protection", "unhcr", "identity", place="Rome"),
        "nrm": _service("nrm-b", "national_referral_mechanism", "ngo-b", "identity,contact"),
        "avr": _service("avr-ita", "assisted_voluntary_return", "unhcr", "identity"),
    }


def _route(registration, procedure):
    from mixmig.apps.screening.models import Screening

    screening = Screening.objects.get(registration=registration, is_current=True)
    return next(r for r in screening.result["routes"] if r["procedure"] == procedure)


def test_journey_1_child_route_to_child_protection_within_24h(signed_in, personas, services_):
    reg = registry.register_person(personas.officer, "lampedusa", BOY)
    number = reg.person.number
    route = _route(reg, "best_interests_procedure")
    client = signed_in(personas.caseworker)
    person_page = client.get(f"/persons/{number}/").content.decode()
    assert f"/persons/{number}/refer/?registration={reg.pk}&amp;route={route['id']}" in person_page
    assert "Referrals and cases" in person_page

    base = f"/persons/{number}/refer/?registration={reg.pk}&route={route['id']}"
    page = client.get(base + "&type=child_protection&place=lampedusa").content.decode()
    assert "cp-lampedusa" in page and "cp-rome" not in page  # search by type and place
    page = client.get(base + "&type=child_protection&service=cp-lampedusa").content.decode()
    assert "No consent in the ledger covers this referral" in page and 'value="24"' in page

    # the child cannot consent himself: the child-protection authority does
    form = {"service": "cp-lampedusa", "recipient": "service", "purpose": "referral",
            "scope": ["identity", "nationality"], "next": base + "&service=cp-lampedusa"}  # fmt: skip
    r = client.post(f"/persons/{number}/consent/", {**form, "given_by": "person"}, follow=True)
    assert "guardian or the child-protection authority" in r.content.decode()
    assert not Consent.objects.exists()
    client.post(f"/persons/{number}/consent/", {**form, "given_by": "child_protection_authority"})
    page = client.get(base + "&type=child_protection&service=cp-lampedusa").content.decode()
    assert "A matching consent is on record" in page

    post = {"registration": reg.pk, "route": route["id"], "type": "child_protection",
            "service": "cp-lampedusa", "shares": "yes", "fields": ["identity", "nationality"],
            "priority": route["priority"], "deadline_hours": str(route["deadline_hours"]), "send": "yes"}  # fmt: skip
    r = client.post(f"/persons/{number}/refer/", post)
    assert r.status_code == 302
    ref = Referral.objects.get()
    assert ref.status == "sent" and ref.consent.given_by == "child_protection_authority"
    assert ref.route_id == route["id"] and ref.priority == "urgent"
    assert 23.9 < (ref.deadline_at - ref.created_at).total_seconds() / 3600 <= 24
    assert f"R{ref.pk}" in client.get(f"/persons/{number}/").content.decode()


def test_journey_3_nrm_needs_her_consent_and_return_is_blocked(signed_in, personas, services_):
    from mixmig.apps.referrals import guards
    from mixmig.apps.referrals import services as referrals
    from mixmig.apps.referrals.statemachine import GuardFailed

    reg = registry.register_person(personas.officer, "lampedusa", WOMAN)
    number = reg.person.number
    route = _route(reg, "national_referral_mechanism")
    client = signed_in(personas.caseworker)
    post = {"registration": reg.pk, "route": route["id"], "service": "nrm-b", "shares": "yes",
            "fields": ["identity", "contact"], "priority": "urgent", "deadline_hours": "24"}  # fmt: skip
    r = client.post(f"/persons/{number}/refer/", post)
    assert r.status_code == 400 and "nothing was shared" in r.content.decode()
    assert not Referral.objects.exists()  # refused: nothing created, nothing shared

    # return is blocked while the trafficking indication is unresolved (screening is an indication source)
    assert any("trafficking" in reason for reason in guards.unresolved_indications(reg.person))
    avr = referrals.create_referral(personas.caseworker, number, "avr-ita", fields=["identity"])
    with pytest.raises(GuardFailed) as exc:
        referrals.send(personas.supervisor, avr.pk, override_reason="she wants to go home")
    assert exc.value.guard == "non_refoulement"

    client.post(f"/persons/{number}/consent/", {"service": "nrm-b", "recipient": "agency",
                "purpose": "referral", "scope": ["identity", "contact"], "given_by": "person"})  # fmt: skip
    assert Consent.objects.get().recipient_agency_id == personas.agency_b.pk
    r = client.post(f"/persons/{number}/refer/", post)
    assert r.status_code == 302
    assert Referral.objects.get(service__code="nrm-b").status == "sent"


def test_supervisor_may_override_with_a_reason(signed_in, personas, services_):
    reg = registry.register_person(personas.officer, "lampedusa", WOMAN)
    post = {"service": "nrm-b", "shares": "yes", "fields": ["identity"], "override_reason": "imminent danger"}
    r = signed_in(personas.caseworker).post(f"/persons/{reg.person.number}/refer/", post)
    assert r.status_code == 400 and "override" in r.content.decode()
    r = signed_in(personas.supervisor).post(f"/persons/{reg.person.number}/refer/", post)
    assert r.status_code == 302
    assert Referral.objects.get().consent_override


def test_case_timeline_shows_screenings(signed_in, personas):
    from mixmig.apps.cases import services as cases

    reg = registry.register_person(personas.officer, "lampedusa", BOY)
    case = cases.open_case(personas.caseworker, reg.person.number)
    page = signed_in(personas.caseworker).get(f"/cases/{case.pk}/").content.decode()
    assert "screening · " in page and "Screened under" in page


@pytest.mark.parametrize("persona, status", [("officer_b", 404), ("analyst", 403), ("caseworker", 200)])
def test_access(signed_in, personas, services_, persona, status):
    reg = registry.register_person(personas.officer, "lampedusa", BOY)
    client = signed_in(getattr(personas, persona))
    assert client.get(f"/persons/{reg.person.number}/refer/").status_code == status
    consent = {"service": "cp-lampedusa", "scope": ["identity"], "given_by": "guardian"}
    assert client.post(f"/persons/{reg.person.number}/consent/", consent).status_code in (
        {200: 302}.get(status, status),
    )


def test_unknown_route_is_not_found(signed_in, personas, services_):
    reg = registry.register_person(personas.officer, "lampedusa", BOY)
    url = f"/persons/{reg.person.number}/refer/?registration={reg.pk}&route=nope"
    assert signed_in(personas.caseworker).get(url).status_code == 404
