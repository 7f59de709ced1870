"""Person numbers: short, human-readable, with a check character (Luhn mod 32, Crockford alphabet).

Format ``XXXX-XXXX-C``: eight random symbols and one check symbol. The alphabet has no I, L, O or U,
so numbers survive being read over the phone or copied from a wristband; the check symbol catches any
single mistyped symbol and most swaps of neighbours.
"""

from __future__ import annotations

import secrets

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_INDEX = {ch: i for i, ch in enumerate(ALPHABET)}
_CONFUSABLE = str.maketrans({"I": "1", "L": "1", "O": "0", "U": "V"})
N = len(ALPHABET)


def check_symbol(payload: str) -> str:
    """Luhn mod N check symbol for ``payload`` (symbols of ALPHABET)."""
    total = 0
    factor = 2
    for ch in reversed(payload):
        addend = factor * _INDEX[ch]
        total += addend // N + addend % N
        factor = 1 if factor == 2 else 2
    return ALPHABET[(N - total % N) % N]


def new_person_number() -> str:
    payload = "".join(secrets.choice(ALPHABET) for _ in range(8))
    return f"{payload[:4]}-{payload[4:]}-{check_symbol(payload)}"


def canonical(number: str) -> str | None:
    """Return the canonical form of a typed person number, or None when it is malformed or its check fails."""
    symbols = "".join(ch for ch in number.upper().translate(_CONFUSABLE) if ch not in " -")
    if len(symbols) != 9 or any(ch not in _INDEX for ch in symbols):
        return None
    payload, check = symbols[:8], symbols[8]
    if check_symbol(payload) != check:
        return None
    return f"{payload[:4]}-{payload[4:]}-{check}"
