"""Sending (consent gate, minimised content, outbox) and receiving (signature, replay, window) in one instance."""

from __future__ import annotations

import json
import time

import pytest
from django.test import Client

from conftest import envelope_from_beta
from mixmig.apps.audit.models import AuditEvent
from mixmig.apps.exchange import services
from mixmig.apps.exchange.models import InboundMessage, OutboundMessage
from mixmig.apps.referrals import services as referrals
from mixmig.apps.referrals.statemachine import GuardFailed

REFERRAL = {
    "kind": "referral", "reference": "R7", "service": {"code": "nrm", "name": "NRM", "type": "x"},
    "priority": "high", "deadline_at": None, "purpose": "protection", "fields_shared": ["identity"],
    "basis": "consent", "person": {"given_name": "Amina"},
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


def test_consent_required_before_anything_is_sent(
    beta, partner_service, adult, personas, captured, django_capture_on_commit_callbacks
):
    referral = referrals.create_referral(personas.caseworker, adult.number, partner_service.code)
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(GuardFailed, match="consent"):
        referrals.send(personas.caseworker, referral.pk)
    assert not OutboundMessage.objects.exists() and captured == []


def test_sent_referral_carries_only_shared_fields(
    beta, partner_service, adult, personas, captured, consent_for, keys, django_capture_on_commit_callbacks
):
    from mixmig.apps.exchange import crypto

    consent_for(adult, service=partner_service, scope=("identity",))
    referral = referrals.create_referral(
        personas.caseworker, adult.number, partner_service.code, fields=["identity"]
    )
    with django_capture_on_commit_callbacks(execute=True):
        referrals.send(personas.caseworker, referral.pk)
    ((url, body),) = captured
    assert url == "http://127.0.0.1:9/api/v1/exchange/inbox"
    envelope = json.loads(body)
    crypto.verify(envelope, keys.alpha.signing_public)
    content = crypto.open_sealed(envelope, keys.beta)
    assert content["reference"] == referral.number and content["basis"] == "consent"
    assert content["person"]["given_name"] == "Amina" and "contacts" not in content["person"]
    message = OutboundMessage.objects.get()
    assert message.status == "sent" and message.content == {}  # nothing personal kept once delivered
    assert AuditEvent.objects.filter(action="exchange.queued", object_id=str(message.pk)).exists()


def test_unreachable_partner_stays_pending_for_retry(
    beta, partner_service, adult, personas, consent_for, django_capture_on_commit_callbacks
):
    consent_for(adult, service=partner_service, scope=("identity",))
    referral = referrals.create_referral(
        personas.caseworker, adult.number, partner_service.code, fields=["identity"]
    )
    with django_capture_on_commit_callbacks(execute=True):
        referrals.send(personas.caseworker, referral.pk)  # nothing listens on 127.0.0.1:9
    message = OutboundMessage.objects.get()
    assert (message.status, message.attempts) == ("pending", 1) and message.content
    assert services.send_pending() == {"pending": 1}


def test_receive_referral_then_replay_refused(beta, personas, keys):
    envelope = envelope_from_beta(keys, REFERRAL)
    response = _post(envelope)
    assert response.status_code == 202, response.content
    received = InboundMessage.objects.get()
    assert (received.agency, received.status, received.remote_reference) == (
        personas.agency_b,
        "received",
        "R7",
    )
    assert AuditEvent.objects.filter(action="exchange.received", actor_username="partner:beta").exists()
    assert _post(envelope).status_code == 409
    assert InboundMessage.objects.count() == 1


@pytest.mark.parametrize(
    "change, status",
    [
        (lambda e, k: e.update(sig=envelope_from_beta(k, {"kind": "status"})["sig"]), 401),
        (lambda e, k: e.update(ct=e["ct"][:-8] + "AAAAAAA="), 401),
        (lambda e, k: e.update(sender="gamma"), 401),
    ],
)
def test_tampered_or_unknown_refused(beta, keys, change, status):
    envelope = envelope_from_beta(keys, REFERRAL)
    change(envelope, keys)
    assert _post(envelope).status_code == status
    assert not InboundMessage.objects.exists()


def test_old_or_misaddressed_message_refused(beta, keys):
    assert _post(envelope_from_beta(keys, REFERRAL, ts=int(time.time()) - 3600)).status_code == 400
    assert _post(envelope_from_beta(keys, REFERRAL, recipient="gamma")).status_code == 400
    assert not InboundMessage.objects.exists()


def test_receiving_agency_decides_and_sender_is_told(
    beta, personas, keys, captured, django_capture_on_commit_callbacks
):
    from mixmig.apps.exchange import crypto
    from mixmig.apps.registry.errors import NotVisible

    _post(envelope_from_beta(keys, REFERRAL))
    received = InboundMessage.objects.get()
    with pytest.raises(NotVisible):  # agency A may not decide for agency B
        services.decide(personas.caseworker, received.pk, True)
    from mixmig.apps.access import services as access

    caseworker_b = access.create_user("system", "cw_b", personas.password, "caseworker", personas.agency_b)
    with django_capture_on_commit_callbacks(execute=True):
        services.decide(caseworker_b, received.pk, False, "no capacity")
    ((_, body),) = captured
    content = crypto.open_sealed(json.loads(body), keys.beta)
    assert content == {"kind": "status", "reference": "R7", "status": "declined", "reason": "no capacity"}


def test_status_from_partner_moves_our_referral(
    beta, partner_service, adult, personas, keys, consent_for, captured, django_capture_on_commit_callbacks
):
    consent_for(adult, service=partner_service, scope=("identity",))
    referral = referrals.create_referral(
        personas.caseworker, adult.number, partner_service.code, fields=["identity"]
    )
    with django_capture_on_commit_callbacks(execute=True):
        referrals.send(personas.caseworker, referral.pk)
    status = {"kind": "status", "reference": referral.number, "status": "accepted", "reason": "place found"}
    assert _post(envelope_from_beta(keys, status)).status_code == 202
    referral.refresh_from_db()
    assert referral.status == "accepted"
    assert referral.transitions.last().actor_label == "partner:beta"
    # a status about a referral never sent to beta is refused
    other = dict(status, reference="R999999")
    assert _post(envelope_from_beta(keys, other)).status_code == 422
