"""The web inbox of messages received from partner instances: list, audited detail with only the shared
fields, accept/decline (POST with CSRF) sending the status back, and access (other agency 404, analyst 403,
received transfers for supervisors only)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django.test import Client

from mixmig.apps.audit.models import AuditEvent
from mixmig.apps.exchange.models import InboundMessage, OutboundMessage, Partner

REFERRAL = {
    "kind": "referral", "reference": "R7", "service": {"code": "nrm", "name": "Beta shelter", "type": "x"},
    "priority": "high", "deadline_at": None, "purpose": "protection", "fields_shared": ["identity"],
    "basis": "consent", "person": {"given_name": "Amina", "family_name": "Haile"},
}  # fmt: skip
TRANSFER = {
    "kind": "transfer", "reference": "T4", "case": {"number": "C9", "kind": "general", "opened_at": None},
    "from_agency": {"code": "beta-ngo", "name": "Beta NGO"}, "purpose": "family moved",
    "fields_shared": ["contact"], "basis": "consent", "person": {"contacts": [{"kind": "phone", "value": "+3012"}]},
}  # fmt: skip


@pytest.fixture
def partner(personas):
    return Partner.objects.create(
        code="beta", name="Beta instance", base_url="http://127.0.0.1:9/", signing_key="x" * 44,
        encryption_key="y" * 44, agency=personas.agency_a,
    )  # fmt: skip


def _inbound(partner, content, message_id):
    return InboundMessage.objects.create(
        partner=partner, message_id=message_id, kind=content["kind"], agency=partner.agency,
        sent_at=datetime.now(UTC), remote_reference=content["reference"], content=content,
    )  # fmt: skip


@pytest.fixture
def referral(partner):
    return _inbound(partner, REFERRAL, "m1")


@pytest.fixture
def transfer(partner):
    return _inbound(partner, TRANSFER, "m2")


def test_dashboard_links_to_inbox_with_waiting_count(signed_in, personas, referral):
    page = signed_in(personas.caseworker).get("/work/").content.decode()
    assert "/exchange/inbound/" in page and "1 waiting" in page


def test_list_shows_kinds_by_role_without_personal_fields(signed_in, personas, referral, transfer):
    page = signed_in(personas.caseworker).get("/exchange/inbound/").content.decode()
    assert referral.number in page and transfer.number not in page  # transfers: supervisors only
    assert "Amina" not in page
    page = signed_in(personas.supervisor).get("/exchange/inbound/").content.decode()
    assert referral.number in page and transfer.number in page and "+3012" not in page


def test_detail_shows_shared_fields_and_is_audited(signed_in, personas, referral):
    page = signed_in(personas.caseworker).get(f"/exchange/inbound/{referral.pk}/").content.decode()
    assert "Amina" in page and "Beta shelter" in page and "R7" in page
    assert "contacts" not in page
    event = AuditEvent.objects.get(action="exchange.inbound_viewed", object_id=str(referral.pk))
    assert event.actor_username == "caseworker" and event.details["fields"] == ["identity"]


def test_decline_needs_reason_then_status_goes_back(signed_in, personas, referral):
    client = signed_in(personas.caseworker)
    page = client.post(f"/exchange/inbound/{referral.pk}/decide/", {"decision": "decline"}, follow=True)
    assert "give a reason" in page.content.decode()
    referral.refresh_from_db()
    assert referral.status == "received" and not OutboundMessage.objects.exists()
    client.post(f"/exchange/inbound/{referral.pk}/decide/", {"decision": "decline", "reason": "no capacity"})
    referral.refresh_from_db()
    assert (referral.status, referral.reason, referral.decided_by) == (
        "declined",
        "no capacity",
        personas.caseworker,
    )
    outbound = OutboundMessage.objects.get()
    assert outbound.content == {
        "kind": "status",
        "reference": "R7",
        "status": "declined",
        "reason": "no capacity",
    }
    assert "Accept" not in client.get(f"/exchange/inbound/{referral.pk}/").content.decode()  # decided


def test_supervisor_accepts_transfer(signed_in, personas, transfer):
    client = signed_in(personas.supervisor)
    page = client.get(f"/exchange/inbound/{transfer.pk}/").content.decode()
    assert "+3012" in page and "C9" in page
    client.post(f"/exchange/inbound/{transfer.pk}/decide/", {"decision": "accept", "reason": "we take it"})
    transfer.refresh_from_db()
    assert transfer.status == "accepted"
    assert OutboundMessage.objects.get().content["status"] == "accepted"
    assert AuditEvent.objects.filter(action="exchange.transfer_accepted").exists()


def test_caseworker_cannot_open_or_decide_a_transfer(signed_in, personas, transfer):
    client = signed_in(personas.caseworker)
    assert client.get(f"/exchange/inbound/{transfer.pk}/").status_code == 404
    assert client.post(f"/exchange/inbound/{transfer.pk}/decide/", {"decision": "accept"}).status_code == 404
    transfer.refresh_from_db()
    assert transfer.status == "received"


def test_other_agency_404_and_analyst_403(signed_in, personas, referral):
    from mixmig.apps.access import services as access

    other = access.create_user("system", "cw_b", personas.password, "caseworker", personas.agency_b)
    client = signed_in(other)
    assert referral.number not in client.get("/exchange/inbound/").content.decode()
    assert client.get(f"/exchange/inbound/{referral.pk}/").status_code == 404
    assert client.post(f"/exchange/inbound/{referral.pk}/decide/", {"decision": "accept"}).status_code == 404
    analyst = signed_in(personas.analyst)
    assert analyst.get("/exchange/inbound/").status_code == 403
    assert analyst.get(f"/exchange/inbound/{referral.pk}/").status_code == 403
    assert analyst.post(f"/exchange/inbound/{referral.pk}/decide/", {"decision": "accept"}).status_code == 403
    referral.refresh_from_db()
    assert referral.status == "received"
    assert not AuditEvent.objects.filter(action="exchange.inbound_viewed").exists()


def test_decision_needs_csrf_token(personas, referral):
    client = Client(enforce_csrf_checks=True)
    client.force_login(personas.caseworker)
    response = client.post(f"/exchange/inbound/{referral.pk}/decide/", {"decision": "accept"})
    assert response.status_code == 403
    referral.refresh_from_db()
    assert referral.status == "received"
