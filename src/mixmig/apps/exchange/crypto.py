"""Sealed, signed messages between instances: X25519 + HKDF-SHA256 + AES-256-GCM, then Ed25519.

An envelope is a JSON object::

    {"v": 1, "sender": "a", "recipient": "b", "id": "<32 hex>", "ts": 1764400000,
     "epk": "<b64 X25519 ephemeral public key>", "nonce": "<b64 12 bytes>", "ct": "<b64>", "sig": "<b64>"}

The content key is derived from a fresh ephemeral X25519 key and the recipient's X25519 key (HKDF-SHA256, the
header in ``info``); the header (v, sender, recipient, id, ts) is the AES-GCM associated data, so it cannot be
changed without the decryption failing. The sender then signs every other field (encrypt-then-sign) with its
Ed25519 key; the recipient checks the signature before anything else.

An instance's private key file is JSON ``{"signing": <b64 Ed25519 seed>, "encryption": <b64 X25519 key>}``
(``mixmig exchange keygen``); partners know its two public keys.
"""

from __future__ import annotations

import base64
import json
import os
import secrets
import time
from dataclasses import dataclass

from cryptography.exceptions import InvalidSignature, InvalidTag
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

VERSION = 1
HEADER_FIELDS = ("v", "sender", "recipient", "id", "ts")
SIGNED_FIELDS = (*HEADER_FIELDS, "epk", "nonce", "ct")
_RAW = serialization.Encoding.Raw, serialization.PublicFormat.Raw


class CryptoError(Exception):
    """The envelope is malformed, its signature does not verify or it cannot be decrypted."""


def b64e(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def b64d(text: str, length: int | None = None) -> bytes:
    try:
        data = base64.b64decode(text.encode("ascii"), validate=True)
    except (ValueError, AttributeError, UnicodeEncodeError) as exc:
        raise CryptoError("a field is not valid base64") from exc
    if length is not None and len(data) != length:
        raise CryptoError(f"a key or nonce has {len(data)} bytes, expected {length}")
    return data


@dataclass(frozen=True)
class KeyPair:
    signing: Ed25519PrivateKey
    encryption: X25519PrivateKey

    @classmethod
    def generate(cls) -> KeyPair:
        return cls(Ed25519PrivateKey.generate(), X25519PrivateKey.generate())

    @classmethod
    def loads(cls, text: str) -> KeyPair:
        try:
            data = json.loads(text)
            return cls(
                Ed25519PrivateKey.from_private_bytes(b64d(data["signing"], 32)),
                X25519PrivateKey.from_private_bytes(b64d(data["encryption"], 32)),
            )
        except (ValueError, KeyError, TypeError) as exc:
            raise CryptoError(
                'the exchange private key must be JSON {"signing": <b64>, "encryption": <b64>}'
            ) from exc

    def dumps(self) -> str:
        raw = serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption()
        return json.dumps(
            {
                "signing": b64e(self.signing.private_bytes(*raw)),
                "encryption": b64e(self.encryption.private_bytes(*raw)),
            }
        )

    @property
    def signing_public(self) -> str:
        return b64e(self.signing.public_key().public_bytes(*_RAW))

    @property
    def encryption_public(self) -> str:
        return b64e(self.encryption.public_key().public_bytes(*_RAW))


def _canonical(envelope: dict, fields) -> bytes:
    return json.dumps({k: envelope[k] for k in fields}, sort_keys=True, separators=(",", ":")).encode()


def _content_key(shared: bytes, header: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=b"mixmig-exchange-v1" + header).derive(
        shared
    )


def seal(
    content: dict,
    *,
    sender: str,
    recipient: str,
    keys: KeyPair,
    recipient_encryption_key: str,
    message_id: str | None = None,
    ts: int | None = None,
) -> dict:
    """Encrypt ``content`` for the recipient and sign the envelope with ``keys``."""
    envelope = {
        "v": VERSION,
        "sender": sender,
        "recipient": recipient,
        "id": message_id or secrets.token_hex(16),
        "ts": int(time.time()) if ts is None else ts,
    }
    header = _canonical(envelope, HEADER_FIELDS)
    ephemeral = X25519PrivateKey.generate()
    peer = X25519PublicKey.from_public_bytes(b64d(recipient_encryption_key, 32))
    key = _content_key(ephemeral.exchange(peer), header)
    nonce = os.urandom(12)
    plaintext = json.dumps(content, sort_keys=True, ensure_ascii=False).encode()
    envelope["epk"] = b64e(ephemeral.public_key().public_bytes(*_RAW))
    envelope["nonce"] = b64e(nonce)
    envelope["ct"] = b64e(AESGCM(key).encrypt(nonce, plaintext, header))
    envelope["sig"] = b64e(keys.signing.sign(_canonical(envelope, SIGNED_FIELDS)))
    return envelope


def parse(raw: bytes | str | dict) -> dict:
    """The envelope as a dict with every field of the right type (signature not yet checked)."""
    try:
        envelope = raw if isinstance(raw, dict) else json.loads(raw)
    except ValueError as exc:
        raise CryptoError("the message is not JSON") from exc
    if not isinstance(envelope, dict):
        raise CryptoError("the message is not a JSON object")
    missing = [k for k in (*SIGNED_FIELDS, "sig") if k not in envelope]
    if missing:
        raise CryptoError(f"the message lacks {', '.join(missing)}")
    if envelope["v"] != VERSION or not isinstance(envelope["ts"], int) or isinstance(envelope["ts"], bool):
        raise CryptoError("unsupported message version or bad timestamp")
    for k in ("sender", "recipient", "id", "epk", "nonce", "ct", "sig"):
        if not isinstance(envelope[k], str) or not envelope[k] or len(envelope[k]) > 10_000_000:
            raise CryptoError(f"field {k} must be a non-empty string")
    if len(envelope["id"]) > 64:
        raise CryptoError("message id too long")
    return envelope


def verify(envelope: dict, sender_signing_key: str) -> None:
    """Raise CryptoError unless the sender's Ed25519 signature covers every signed field."""
    try:
        public = Ed25519PublicKey.from_public_bytes(b64d(sender_signing_key, 32))
        public.verify(b64d(envelope["sig"], 64), _canonical(envelope, SIGNED_FIELDS))
    except InvalidSignature as exc:
        raise CryptoError("the signature does not verify") from exc


def open_sealed(envelope: dict, keys: KeyPair) -> dict:
    """Decrypt a verified envelope with the recipient's keys."""
    header = _canonical(envelope, HEADER_FIELDS)
    peer = X25519PublicKey.from_public_bytes(b64d(envelope["epk"], 32))
    key = _content_key(keys.encryption.exchange(peer), header)
    try:
        plaintext = AESGCM(key).decrypt(b64d(envelope["nonce"], 12), b64d(envelope["ct"]), header)
    except InvalidTag as exc:
        raise CryptoError("the message cannot be decrypted (tampered or not for this instance)") from exc
    content = json.loads(plaintext)
    if not isinstance(content, dict):
        raise CryptoError("the content is not a JSON object")
    return content
