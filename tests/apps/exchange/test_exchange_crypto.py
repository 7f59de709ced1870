"""Sealed, signed envelopes: round trip; any change to signature, ciphertext or header is refused."""

from __future__ import annotations

import pytest

from mixmig.apps.exchange import crypto


def _seal(keys, content=None, **kwargs):
    return crypto.seal(
        content or {"kind": "referral", "name": "محمد"}, sender="alpha", recipient="beta", keys=keys.alpha,
        recipient_encryption_key=keys.beta.encryption_public, **kwargs,
    )  # fmt: skip


def test_round_trip(keys):
    envelope = _seal(keys)
    crypto.verify(crypto.parse(__import__("json").dumps(envelope)), keys.alpha.signing_public)
    assert crypto.open_sealed(envelope, keys.beta) == {"kind": "referral", "name": "محمد"}
    assert "محمد" not in str(envelope)


def test_key_file_round_trip(keys):
    again = crypto.KeyPair.loads(keys.alpha.dumps())
    assert (again.signing_public, again.encryption_public) == (
        keys.alpha.signing_public,
        keys.alpha.encryption_public,
    )
    with pytest.raises(crypto.CryptoError):
        crypto.KeyPair.loads('{"signing": "x"}')


def _flip(text: str) -> str:
    raw = bytearray(crypto.b64d(text))
    raw[len(raw) // 2] ^= 1
    return crypto.b64e(bytes(raw))


@pytest.mark.parametrize("field", ["sig", "ct", "nonce", "epk"])
def test_tampered_field_refused(keys, field):
    envelope = _seal(keys)
    envelope[field] = _flip(envelope[field])
    with pytest.raises(crypto.CryptoError):
        crypto.verify(envelope, keys.alpha.signing_public)


@pytest.mark.parametrize(
    "field, value", [("recipient", "gamma"), ("sender", "gamma"), ("ts", 1), ("id", "f" * 32)]
)
def test_changed_header_refused(keys, field, value):
    envelope = _seal(keys)
    envelope[field] = value
    with pytest.raises(crypto.CryptoError):
        crypto.verify(envelope, keys.alpha.signing_public)


def test_ciphertext_bound_to_header_even_if_resigned(keys):
    """A forger holding a signing key still cannot move ciphertext under another header (AES-GCM AAD)."""
    envelope = _seal(keys)
    envelope["id"] = "0" * 32
    envelope["sig"] = crypto.b64e(keys.alpha.signing.sign(crypto._canonical(envelope, crypto.SIGNED_FIELDS)))
    crypto.verify(envelope, keys.alpha.signing_public)
    with pytest.raises(crypto.CryptoError):
        crypto.open_sealed(envelope, keys.beta)


def test_other_signer_and_other_recipient_refused(keys):
    envelope = _seal(keys)
    with pytest.raises(crypto.CryptoError):
        crypto.verify(envelope, keys.beta.signing_public)
    with pytest.raises(crypto.CryptoError):
        crypto.open_sealed(envelope, keys.alpha)


@pytest.mark.parametrize("raw", [b"not json", b"[]", b'{"v": 1}', b'{"v": 2, "sender": "a"}'])
def test_malformed_refused(raw):
    with pytest.raises(crypto.CryptoError):
        crypto.parse(raw)
