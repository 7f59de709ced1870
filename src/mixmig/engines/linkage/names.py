"""Names across scripts, ready for linkage.

A name written محمد, Muhammad, Mohammed, מוחמד or 무함마드 must compare as close. Each name field becomes:

- ``latin``: romanised tokens (Arabic article and ``Abd al`` compounds folded, particles unified) joined
  without spaces, so "Abd al Rahman", "Abdulrahman" and عبد الرحمن all give ``abdrahman``/``bdrhmn``-alike;
- ``skeleton``: a vowel-less consonant-class key per token (see :mod:`.phonetic`) that survives scripts
  that do not write short vowels (Arabic, Hebrew) and those that add them (Korean, Japanese);
- ``tokens``: the token skeletons, used as blocking keys.

The registry's ``mixmig.engines.names.normalise`` is reused unchanged for script folding and romanising.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from mixmig.engines.names.normalise import name_tokens, romanise

from .phonetic import skeleton

_ARABIC_LETTERS = re.compile(r"[\u0600-\u06FF\u0750-\u077F\u08A0-\u08FF]")
# Latin articles and connectors that writers add or drop ("al-Rashid", "el Sayed", "Abu", "bin").
_ARTICLES = {"al", "el", "ul", "il", "ad", "ar", "as", "ash", "at", "az", "an", "ed", "er", "es", "et", "ez"}
_CONNECTORS = {"ibn": "bin", "ben": "bin", "bin": "bin", "bint": "bint", "abou": "abu", "abu": "abu"}
_APOSTROPHES = re.compile("['\u2019\u02bc\u02bf\u02be\u05f3\u05f4`\u00b4]")
_NOT_LATIN = re.compile(r"[^a-z]")
_ABD_PREFIX = re.compile(r"^abd(?:ul|el|al|ol|ur|ar|er|ir|us|as|ush|ash|an|un)?(?=[a-z]{3})")


@dataclass(frozen=True, slots=True)
class NameKey:
    """Linkage form of one name field."""

    latin: str  # romanised, compact (no spaces)
    skeleton: str  # token skeletons joined by a space, in written order
    sorted_skeleton: str  # token skeletons sorted (order-insensitive)
    first: str  # skeleton of the first token
    tokens: tuple[str, ...]  # token skeletons (for blocking)

    @property
    def empty(self) -> bool:
        return not self.latin


EMPTY = NameKey("", "", "", "", ())


def _strip_arabic_article(token: str) -> str:
    if _ARABIC_LETTERS.match(token) and token.startswith("ال") and len(token) > 3:
        return token[2:]
    return token


@lru_cache(maxsize=200_000)
def _latin_token(token: str) -> str:
    """One normalised token romanised to lower-case ASCII letters (cached: tokens repeat across names)."""
    token = _strip_arabic_article(token)
    if _ARABIC_LETTERS.match(token):
        # ayn and alef carry the vowel that Latin spellings write (Omar, Ahmed, Abd).
        token = token.replace("ع", "a").replace("ا", "a")
    return _NOT_LATIN.sub("", romanise(token))


def latin_tokens(text: str) -> list[str]:
    """Romanised tokens with Arabic articles dropped and ``Abd al X`` compounds joined to ``abdx``."""
    out = [latin for token in name_tokens(_APOSTROPHES.sub("", text)) if (latin := _latin_token(token))]
    merged: list[str] = []
    pending_abd = False
    for token in out:
        if token in _ARTICLES:
            continue
        token = _CONNECTORS.get(token, token)
        token = _ABD_PREFIX.sub("abd", token)
        if pending_abd:
            merged[-1] = "abd" + token
            pending_abd = False
            continue
        if token in {"abd", "abdul", "abdel", "abdal", "abdol", "abdur", "abdar", "abdus", "abdu", "abdo"}:
            merged.append("abd")
            pending_abd = True
            continue
        merged.append(token)
    return merged


@lru_cache(maxsize=500_000)
def name_key(text: str | None) -> NameKey:
    """The linkage form of one name field (cached: names repeat a lot in a registry)."""
    if not text:
        return EMPTY
    tokens = latin_tokens(text)
    if not tokens:
        return EMPTY
    skels = [skeleton(t) for t in tokens]
    return NameKey(
        latin="".join(tokens),
        skeleton=" ".join(skels),
        sorted_skeleton=" ".join(sorted(skels)),
        first=skels[0],
        tokens=tuple(dict.fromkeys(s for s in skels if s)),
    )
