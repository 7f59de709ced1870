"""Case transfers to a partner instance: consent gate, minimised content, receiving, deciding, closed loop."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from conftest import envelope_from_beta
from mixmig.apps.audit.models import AuditEvent
from mixmig.apps.exchange import crypto, services
from mixmig.apps.exchange.models import InboundMessage, OutboundMessage
from mixmig.apps.registry.errors import InvalidInput, NotPermitted, NotVisible

TRANSFER = {
    "kind": "transfer", "reference": "T7", "case": {"number": "C3", "kind": "general", "opened_at": None},
    "from_agency": {"code": "alpha-ngo", "name": "Alpha NGO"}, "purpose": "moved to Greece",
    "fields_shared": ["identity"], "basis": "consent", "person": {"given_name": "Amina"},
}  # fmt: skip


def _post(envelope):
    return Client().post("/api/v1/exchange/inbox", json.dumps(envelope), content_type="application/json")


@pytest.fixture
def captured(monkeypatch):
    sent = []
    monkeypatch.setattr(
        services.transport, "post_json", lambda url, body: sent.append((url, body)) or (202, b"{}")
    )
    return sent


@pytest.fixture
def beta_agency(beta, keys):
    """The local agency record that stands for beta's agency: transfers proposed to it go to beta."""
    from mixmig.apps.access import services as access

    agency = access.create_agency("beta-ngo", "Beta NGO (partner instance)", "GRC")
    services.add_partner(
        "system", "beta", "Beta instance", "http://127.0.0.1:9/", keys.beta.signing_public,
        keys.beta.encryption_public, "ngo-b", "beta-ngo",
    )  # fmt: skip
    return agency


@pytest.fixture
def case(personas, adult):
    from mixmig.apps.cases import services as cases

    return cases.open_case(personas.caseworker, adult.number)


def _consent(personas, person, agency, scope=("identity",)):
    from mixmig.apps.referrals import consent as ledger

    return ledger.record_consent(
        personas.caseworker, person.number, "case_transfer", list(scope), "person", recipient_agency=agency
    )


def _propose(personas, case, agency, captured, capture, **kwargs):
    from mixmig.apps.cases import transfers

    kwargs.setdefault("fields", ["identity"])
    with capture(execute=True):
        return transfers.request_transfer(personas.supervisor, case.pk, agency, "moved to Greece", **kwargs)


def test_transfer_needs_consent_then_carries_only_consented_fields(
    beta_agency, personas, case, adult, captured, keys, django_capture_on_commit_callbacks
):
    with pytest.raises(InvalidInput, match="consent"):
        _propose(
            personas, case, beta_agency, captured, django_capture_on_commit_callbacks, fields=["identity"]
        )
    assert not OutboundMessage.objects.exists() and captured == []
    _consent(personas, adult, beta_agency)
    transfer = _propose(
        personas, case, beta_agency, captured, django_capture_on_commit_callbacks, fields=["identity"]
    )
    ((url, body),) = captured
    assert url == "http://127.0.0.1:9/api/v1/exchange/inbox"
    envelope = json.loads(body)
    crypto.verify(envelope, keys.alpha.signing_public)
    content = crypto.open_sealed(envelope, keys.beta)
    assert content["kind"] == "transfer" and content["reference"] == f"T{transfer.pk}"
    assert content["case"]["number"] == case.number and content["basis"] == "consent"
    assert content["fields_shared"] == ["identity"]
    assert content["person"]["given_name"] == "Amina" and "contacts" not in content["person"]
    message = OutboundMessage.objects.get()
    assert (message.kind, message.status, message.content) == ("transfer", "sent", {})


def test_local_staff_cannot_decide_a_transfer_to_a_partner(
    beta_agency, personas, case, adult, captured, django_capture_on_commit_callbacks
):
    from mixmig.apps.access import services as access
    from mixmig.apps.cases import transfers
    from mixmig.apps.referrals.statemachine import GuardFailed

    _consent(personas, adult, beta_agency)
    transfer = _propose(personas, case, beta_agency, captured, django_capture_on_commit_callbacks)
    local = access.create_user("system", "sup_beta", personas.password, "supervisor", beta_agency)
    with pytest.raises(GuardFailed, match="partner"):
        transfers.decide_transfer(local, transfer.pk, "accepted")


@pytest.mark.parametrize("decision", ["accepted", "declined"])
def test_partner_answer_moves_transfer_and_closes_case(
    beta_agency, personas, case, adult, keys, captured, django_capture_on_commit_callbacks, decision
):
    _consent(personas, adult, beta_agency)
    transfer = _propose(personas, case, beta_agency, captured, django_capture_on_commit_callbacks)
    status = {"kind": "status", "reference": f"T{transfer.pk}", "status": decision, "reason": "ok"}
    assert _post(envelope_from_beta(keys, status)).status_code == 202
    transfer.refresh_from_db()
    case.refresh_from_db()
    assert transfer.status == decision and transfer.decision_reason == "ok"
    if decision == "accepted":
        assert case.status == "closed" and "T" in case.closure_reason
        assert case.agency_id == personas.agency_a.pk  # the closed record stays with the sender
    else:
        assert case.status == "open"
    assert case.transitions.filter(subject=f"transfer:{transfer.pk}").last().actor_label == "partner:beta"
    # the same answer again cannot move it twice
    assert _post(envelope_from_beta(keys, status)).status_code == 422


def test_status_about_transfer_not_sent_to_partner_is_refused(beta_agency, keys, personas):
    status = {"kind": "status", "reference": "T999999", "status": "accepted", "reason": "x"}
    assert _post(envelope_from_beta(keys, status)).status_code == 422
    assert not InboundMessage.objects.filter(kind="status").exists()


def test_cancelled_transfer_tells_the_partner(
    beta_agency, personas, case, adult, keys, captured, django_capture_on_commit_callbacks
):
    from mixmig.apps.cases import transfers

    _consent(personas, adult, beta_agency)
    transfer = _propose(personas, case, beta_agency, captured, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        transfers.decide_transfer(personas.supervisor, transfer.pk, "cancelled", "family stayed")
    content = crypto.open_sealed(json.loads(captured[-1][1]), keys.beta)
    assert content == {
        "kind": "status",
        "reference": f"T{transfer.pk}",
        "status": "withdrawn",
        "reason": "cancelled",
    }


def test_received_transfer_decided_by_supervisor_of_partner_agency(
    beta, personas, keys, captured, django_capture_on_commit_callbacks
):
    from mixmig.apps.access import services as access
    from mixmig.apps.exchange import selectors

    assert _post(envelope_from_beta(keys, TRANSFER)).status_code == 202
    received = InboundMessage.objects.get()
    assert (received.kind, received.agency, received.remote_reference) == (
        "transfer",
        personas.agency_b,
        "T7",
    )
    caseworker_b = access.create_user("system", "cw_b", personas.password, "caseworker", personas.agency_b)
    supervisor_b = access.create_user("system", "sup_b", personas.password, "supervisor", personas.agency_b)
    assert list(selectors.inbound_messages(caseworker_b)) == []  # transfers: case.transfer only
    with pytest.raises(NotVisible):
        services.decide(caseworker_b, received.pk, True)
    with pytest.raises(NotVisible):
        services.decide(personas.supervisor, received.pk, True)  # agency A
    with pytest.raises(NotPermitted):
        services.decide(personas.analyst, received.pk, True)
    assert selectors.get_inbound_message(supervisor_b, received.pk).content["person"] == {
        "given_name": "Amina"
    }
    with django_capture_on_commit_callbacks(execute=True):
        services.decide(supervisor_b, received.pk, True, "we take it")
    content = crypto.open_sealed(json.loads(captured[-1][1]), keys.beta)
    assert content == {"kind": "status", "reference": "T7", "status": "accepted", "reason": "we take it"}
    assert AuditEvent.objects.filter(action="exchange.transfer_accepted", object_id=str(received.pk)).exists()
