"""Keyed, balanced record-level Bloom-filter encodings for privacy-preserving record linkage (PPRL).

Each agency encodes its registrations locally with a shared secret and exchanges only the encodings.
Choices, and the attack each one answers (see docs/identity-resolution.md for the threat model):

- **Keyed hashing (HMAC-SHA256)** with a key per field derived from the secret: without the secret an
  adversary cannot build a dictionary of encoded names (the plain-hash dictionary attack).
- **Random hashing**: the ``k`` bit positions of a feature come from its HMAC digest, not from double
  hashing ``h1 + i*h2``, whose arithmetic structure the pattern-mining attacks of Niedermeyer et al. (2014)
  and Kroll & Steinmetzer (2015) exploit.
- **One record-level filter (CLK/RBF)** holding names, birth date, sex and any extra fields, not one
  filter per field: frequent-name attacks that align per-field filters with name frequency tables (Kuzu et
  al. 2011) see a mixture instead.
- **Balanced Bloom filter** (Schnell, Borgs & Encarnação 2016): the filter is concatenated with its
  complement and the bits are shuffled with a keyed permutation, so every encoding has exactly half its
  bits set. The Hamming weight no longer reveals name length, and per-bit frequencies are flattened.
- Features are romanised bigrams plus consonant skeletons, so the encoding keeps the cross-script
  tolerance of the clear-text matcher (محمد and Mohammed share a skeleton).

Not done here (documented trade-offs): salting features with the birth year (defeats cross-year frequency
analysis but loses every pair whose year was mistyped) and BLIP bit-flipping noise (differential privacy
at a recall cost); both can be added to this module without changing the exchange format.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from .blocking import MAX_TOKENS, record_keys
from .dates import EXACT, parse_birth_date
from .names import name_key
from .records import normalise_sex, normalise_text

BITS = 1024  # before balancing; encodings carry 2 * BITS bits
FORMAT = "mixmig-pprl-rbf-v1"
_K = {"given_name": 15, "family_name": 15, "date_of_birth": 12, "sex": 4, "extra": 6}


def _bigrams(text: str) -> list[str]:
    padded = f"_{text}_"
    return [padded[i : i + 2] for i in range(len(padded) - 1)]


def record_features(row: Mapping[str, str | None], extras: Sequence[str] = ()) -> list[tuple[str, str]]:
    """``(field, feature)`` pairs that go into a registration's filter."""
    out: list[tuple[str, str]] = []
    for field in ("given_name", "family_name"):
        key = name_key(row.get(field))
        if key.empty:
            continue
        out += [(field, "b:" + g) for g in set(_bigrams(key.latin))]
        out += [(field, "s:" + t) for t in key.tokens]
    dob = parse_birth_date(row.get("date_of_birth"))
    if dob.year:
        out.append(("date_of_birth", f"y:{dob.year}"))
        if dob.precision == EXACT:
            out += [("date_of_birth", f"m:{dob.month}"), ("date_of_birth", f"d:{dob.day}")]
            out.append(("date_of_birth", f"md:{min(dob.month, dob.day)}-{max(dob.month, dob.day)}"))
    sex = normalise_sex(row.get("sex"))
    if sex:
        out.append(("sex", sex))
    for extra in extras:
        value = normalise_text(row.get(extra)).replace(" ", "")
        out += [("extra:" + extra, "b:" + g) for g in set(_bigrams(value))] if value else []
    return out


@dataclass
class Encoder:
    """Encodes registrations with one agency-shared secret."""

    secret: bytes
    bits: int = BITS

    def __post_init__(self) -> None:
        if len(self.secret) < 16:
            raise ValueError(
                "the shared secret must be at least 16 bytes; generate one with `openssl rand -hex 32`"
            )
        self._field_keys: dict[str, bytes] = {}
        self._cache: dict[tuple[str, str], np.ndarray] = {}
        seed = int.from_bytes(self._derive("permutation")[:8], "big")
        self.permutation = np.random.default_rng(seed).permutation(2 * self.bits)

    def _derive(self, label: str) -> bytes:
        return hmac.new(self.secret, label.encode(), hashlib.sha256).digest()

    @property
    def key_check(self) -> str:
        """A public fingerprint of the secret, to refuse linking encodings made with different secrets."""
        return self._derive("key-check").hex()[:16]

    def positions(self, field: str, feature: str) -> np.ndarray:
        cached = self._cache.get((field, feature))
        if cached is not None:
            return cached
        key = self._field_keys.get(field)
        if key is None:
            key = self._field_keys[field] = self._derive("field:" + field)
        k = _K.get(field, _K["extra"])
        digest = b""
        counter = 0
        while len(digest) < 2 * k:
            digest += hmac.new(key, f"{counter}|{feature}".encode(), hashlib.sha256).digest()
            counter += 1
        values = np.frombuffer(digest[: 2 * k], dtype=">u2").astype(np.int64) % self.bits
        self._cache[(field, feature)] = values
        return values

    def blocking_keys(self, row: Mapping[str, str | None], extras: Sequence[str] = ()) -> list[str]:
        """Keyed blocking keys (truncated HMACs of the clear-text blocking keys of :mod:`.blocking`)."""
        given, family = name_key(row.get("given_name")), name_key(row.get("family_name"))
        dob = parse_birth_date(row.get("date_of_birth"))
        tokens = tuple(dict.fromkeys(given.tokens + family.tokens))
        nationality = (row.get("nationality") or "").strip().upper()
        keys = list(record_keys(tokens, dob.year, dob.digits, normalise_sex(row.get("sex")), nationality))
        for extra in extras[:2]:
            value = normalise_text(row.get(extra))
            if value:
                keys += [f"x|{extra}|{value}|{t}" for t in tokens[:MAX_TOKENS]]
        block_key = self._field_keys.get("blocking") or self._field_keys.setdefault(
            "blocking", self._derive("blocking")
        )
        return [hmac.new(block_key, k.encode(), hashlib.sha256).hexdigest()[:16] for k in keys]

    def encode(self, rows: Iterable[Mapping[str, str | None]], extras: Sequence[str] = ()) -> np.ndarray:
        """Packed balanced filters, one row of ``2 * bits / 8`` bytes per registration."""
        filters: list[np.ndarray] = []
        for row in rows:
            plain = np.zeros(self.bits, dtype=bool)
            for field, feature in record_features(row, extras):
                plain[self.positions(field, feature)] = True
            balanced = np.concatenate([plain, ~plain])[self.permutation]
            filters.append(np.packbits(balanced))
        if not filters:
            return np.zeros((0, 2 * self.bits // 8), dtype=np.uint8)
        return np.stack(filters)


def to_text(packed: np.ndarray) -> list[str]:
    return [base64.b64encode(row.tobytes()).decode("ascii") for row in packed]


def from_text(values: Sequence[str]) -> np.ndarray:
    rows = [np.frombuffer(base64.b64decode(v), dtype=np.uint8) for v in values]
    if not rows:
        return np.zeros((0, 2 * BITS // 8), dtype=np.uint8)
    return np.stack(rows)
