"""Refused inbound messages are audited: one ``exchange.refused`` event each, with the reason, the claimed
sender id and the message id, never the content."""

from __future__ import annotations

import json
import time

import pytest
from django.test import Client

from conftest import envelope_from_beta
from mixmig.apps.audit.models import AuditEvent
from mixmig.apps.exchange.models import InboundMessage

REFERRAL = {
    "kind": "referral", "reference": "R7", "service": {"code": "nrm", "name": "NRM", "type": "x"},
    "priority": "high", "deadline_at": None, "purpose": "protection", "fields_shared": ["identity"],
    "basis": "consent", "person": {"given_name": "Amina"},
}  # fmt: skip


def _post(envelope):
    return Client().post("/api/v1/exchange/inbox", json.dumps(envelope), content_type="application/json")


def _refusals():
    return list(AuditEvent.objects.filter(action="exchange.refused").order_by("id"))


@pytest.mark.parametrize(
    "change, status, reason, sender",
    [
        (lambda e, k: e.update(sender="gamma"), 401, "unknown_sender", "gamma"),
        (
            lambda e, k: e.update(sig=envelope_from_beta(k, {"kind": "status"})["sig"]),
            401,
            "bad_signature",
            "beta",
        ),
        (lambda e, k: e.update(ct=e["ct"][:-8] + "AAAAAAA="), 401, "bad_signature", "beta"),
    ],
)
def test_unknown_sender_and_bad_signature_are_audited(beta, keys, change, status, reason, sender):
    envelope = envelope_from_beta(keys, REFERRAL)
    change(envelope, keys)
    assert _post(envelope).status_code == status
    (event,) = _refusals()
    assert (event.details["reason"], event.details["sender"], event.details["message_id"]) == (
        reason,
        sender,
        envelope["id"],
    )
    assert event.details["status"] == status and event.actor_username == "exchange-inbox"
    assert "Amina" not in json.dumps(event.details) and "ct" not in event.details
    assert not InboundMessage.objects.exists()


def test_stale_message_is_audited(beta, keys):
    envelope = envelope_from_beta(keys, REFERRAL, ts=int(time.time()) - 3600)
    assert _post(envelope).status_code == 400
    (event,) = _refusals()
    assert (event.details["reason"], event.details["sender"]) == ("stale", "beta")


def test_replay_is_audited_once_per_refusal(beta, keys):
    envelope = envelope_from_beta(keys, REFERRAL)
    assert _post(envelope).status_code == 202
    assert _refusals() == []
    assert _post(envelope).status_code == 409
    (event,) = _refusals()
    assert (event.details["reason"], event.details["sender"], event.details["message_id"]) == (
        "replay",
        "beta",
        envelope["id"],
    )
    assert "Amina" not in json.dumps(event.details)
    assert InboundMessage.objects.count() == 1


def test_accepted_message_is_not_a_refusal(beta, keys):
    assert _post(envelope_from_beta(keys, REFERRAL)).status_code == 202
    assert _refusals() == []
