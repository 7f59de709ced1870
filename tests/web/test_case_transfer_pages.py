"""Case transfer in the web UI: propose on the case page (consent or override), accept/decline on the
receiving side, and access (foreign agency 404, roles without case.transfer 403)."""

from __future__ import annotations

import pytest

from mixmig.apps.cases.models import Case, CaseTransfer


@pytest.fixture
def case(personas, register):
    from mixmig.apps.cases import services as cases

    person = register(personas.caseworker).person
    return cases.open_case(personas.caseworker, person.number)


@pytest.fixture
def supervisor_b(personas):
    from mixmig.apps.access import services as access

    return access.create_user(
        "system", "sup_b", personas.password, "supervisor", personas.agency_b, personas.agency_b.teams.first()
    )


def test_case_page_offers_transfer_to_supervisors_only(signed_in, personas, case):
    assert "Propose transfer" in signed_in(personas.supervisor).get(f"/cases/{case.pk}/").content.decode()
    assert "Propose transfer" not in signed_in(personas.caseworker).get(f"/cases/{case.pk}/").content.decode()


def test_transfer_needs_consent_or_override_then_receiver_accepts(signed_in, personas, case, supervisor_b):
    client = signed_in(personas.supervisor)
    post = {"to_agency": "ngo-b", "reason": "specialised NGO", "fields": ["identity"]}
    r = client.post(f"/cases/{case.pk}/transfer/", post, follow=True)
    assert "no consent covers a transfer" in r.content.decode() and not CaseTransfer.objects.exists()
    client.post(f"/cases/{case.pk}/transfer/", {**post, "override_reason": "urgent protection"})
    transfer = CaseTransfer.objects.get()
    assert transfer.consent_override and transfer.status == "proposed"

    receiver = signed_in(supervisor_b)
    assert f"C{case.pk}" in receiver.get("/cases/transfers/").content.decode()
    receiver.post(f"/cases/transfers/{transfer.pk}/decide/", {"decision": "accepted"})
    case.refresh_from_db()
    assert case.agency_id == personas.agency_b.pk and case.owner_id is None


def test_receiver_declines_with_a_reason(signed_in, personas, case, supervisor_b, consent_for_transfer):
    client = signed_in(personas.supervisor)
    client.post(f"/cases/{case.pk}/transfer/", {"to_agency": "ngo-b", "reason": "r", "fields": ["identity"]})
    transfer = CaseTransfer.objects.get()
    assert transfer.consent_id is not None
    receiver = signed_in(supervisor_b)
    r = receiver.post(f"/cases/transfers/{transfer.pk}/decide/", {"decision": "declined"}, follow=True)
    assert "give a reason" in r.content.decode()
    receiver.post(
        f"/cases/transfers/{transfer.pk}/decide/", {"decision": "declined", "reason": "no capacity"}
    )
    transfer.refresh_from_db()
    assert transfer.status == "declined" and Case.objects.get().agency_id == personas.agency_a.pk


@pytest.fixture
def consent_for_transfer(personas, case):
    from mixmig.apps.referrals import consent as ledger

    return ledger.record_consent(
        personas.caseworker, case.person.number, "case_transfer", ["identity"], "person",
        recipient_agency=personas.agency_b,
    )  # fmt: skip


@pytest.mark.parametrize(
    "persona, status", [("caseworker", 403), ("analyst", 403), ("officer_b", 403), ("supervisor_b", 404)]
)
def test_transfer_access(signed_in, personas, case, supervisor_b, persona, status):
    user = supervisor_b if persona == "supervisor_b" else getattr(personas, persona)
    r = signed_in(user).post(f"/cases/{case.pk}/transfer/", {"to_agency": "unhcr", "reason": "x"})
    assert r.status_code == status
