"""``mixmig exchange keygen / add-partner / send-pending``."""

from __future__ import annotations

import io
import stat

import pytest
from django.core.management import CommandError, call_command

from mixmig.apps.exchange import crypto
from mixmig.apps.exchange.models import OutboundMessage, Partner


def _run(*args) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_keygen_writes_a_private_file_and_prints_public_keys(tmp_path, settings):
    path = tmp_path / "x.key"
    text = _run("exchange_keygen", "--output", str(path))
    keys = crypto.KeyPair.loads(path.read_text())
    assert keys.signing_public in text and keys.encryption_public in text
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    with pytest.raises(CommandError, match="exists"):
        _run("exchange_keygen", "--output", str(path))
    settings.EXCHANGE_PRIVATE_KEY = path.read_text()
    assert keys.signing_public in _run("exchange_keygen", "--public")


def test_add_partner_validates_keys(personas, keys):
    with pytest.raises(CommandError, match="signing_key"):
        _run("exchange_add_partner", "beta", "--url", "https://b.example.org", "--signing-key", "nope",
             "--encryption-key", keys.beta.encryption_public)  # fmt: skip
    _run("exchange_add_partner", "beta", "--url", "https://b.example.org", "--signing-key",
         keys.beta.signing_public, "--encryption-key", keys.beta.encryption_public, "--agency", "ngo-b")  # fmt: skip
    assert Partner.objects.get().agency == personas.agency_b


def test_send_pending_retries(beta, monkeypatch):
    from mixmig.apps.exchange import services

    OutboundMessage.objects.create(
        partner=beta, message_id="a" * 32, kind="status", content={"kind": "status"}
    )
    monkeypatch.setattr(services.transport, "post_json", lambda url, body: (202, b"{}"))
    assert "1 message(s): 1 sent" in _run("exchange_send_pending")
    assert OutboundMessage.objects.get().content == {}


def test_referral_to_unregistered_partner_is_not_sent(
    personas, partner_service, adult, consent_for, instance
):
    from mixmig.apps.referrals import services as referrals
    from mixmig.apps.referrals.models import Referral
    from mixmig.apps.registry.errors import InvalidInput

    consent_for(adult, service=partner_service)
    referral = referrals.create_referral(
        personas.caseworker, adult.number, partner_service.code, fields=["identity"]
    )
    with pytest.raises(InvalidInput):
        referrals.send(personas.caseworker, referral.pk)
    assert Referral.objects.get(pk=referral.pk).status == "draft" and not OutboundMessage.objects.exists()
