"""Normalise personal names written in any script.

``normalise`` folds case, compatibility forms and diacritics, and unifies letter variants that writers
use interchangeably (Arabic alef forms, Persian/Urdu kaf and yeh, teh marbuta, tatweel). ``romanise``
gives a Latin form (Chinese characters one syllable each). ``search_terms`` yields every token and prefix
that a search may use; the registry turns them into keyed blind indexes.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from anyascii import anyascii

# Letters that are written interchangeably in Arabic-script names (Arabic, Persian, Pashto, Urdu).
_ARABIC_FOLD = str.maketrans(
    {
        "أ": "ا",
        "إ": "ا",
        "آ": "ا",
        "ٱ": "ا",
        "ٲ": "ا",
        "ٳ": "ا",
        "ة": "ه",
        "ۀ": "ه",
        "ہ": "ه",
        "ھ": "ه",
        "ى": "ي",
        "ی": "ي",
        "ې": "ي",
        "ۍ": "ي",
        "ے": "ي",
        "ئ": "ي",
        "ؤ": "و",
        "ک": "ك",
        "ڪ": "ك",
        "ګ": "گ",
        "ـ": "",  # tatweel
        "ء": "",
    }
)

_WORD = re.compile(r"[^\W_]+", re.UNICODE)
MIN_PREFIX = 2
MAX_PREFIX = 8


def is_cjk(char: str) -> bool:
    """True for Han ideographs, kana and hangul syllables (names tokenised one character each)."""
    code = ord(char)
    return (
        0x4E00 <= code <= 0x9FFF
        or 0x3400 <= code <= 0x4DBF
        or 0x20000 <= code <= 0x2A6DF
        or 0xF900 <= code <= 0xFAFF
        or 0x3040 <= code <= 0x30FF
    )


def normalise(text: str) -> str:
    """Case-, accent- and variant-insensitive form of ``text`` in its own script."""
    if not text:
        return ""
    if text.isascii():
        # ASCII has no compatibility forms, variants or combining marks: only the case folds
        return text.lower()
    text = unicodedata.normalize("NFKC", text).translate(_ARABIC_FOLD)
    decomposed = unicodedata.normalize("NFD", text.casefold())
    stripped = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return unicodedata.normalize("NFC", stripped)


_CJK = "\u4e00-\u9fff\u3400-\u4dbf\U00020000-\U0002a6df\uf900-\ufaff\u3040-\u30ff"
# a CJK word character alone, or a run of word characters that are not CJK
_TOKEN = re.compile(f"(?=[^\\W_])[{_CJK}]|[^\\W_{_CJK}]+")


def _split(text: str) -> list[str]:
    """Word runs, with each CJK character a token of its own."""
    if text.isascii():
        return _WORD.findall(text)
    return _TOKEN.findall(text)


def name_tokens(text: str) -> list[str]:
    """Normalised tokens of a name in its own script; each CJK character is a token."""
    return _split(normalise(text))


def romanise(text: str) -> str:
    """A Latin, lower-case, accent-free form of ``text`` (CJK characters romanised one syllable each)."""
    parts = []
    for token in name_tokens(text):
        latin = anyascii(token)
        parts.append(latin)
    return normalise(" ".join(parts).replace("'", "").replace("`", ""))


def prefixes(token: str, minimum: int = MIN_PREFIX, maximum: int = MAX_PREFIX) -> list[str]:
    """Prefixes of ``token`` from ``minimum`` to ``maximum`` characters (shorter tokens give themselves)."""
    if len(token) <= minimum:
        return [token]
    return [token[:n] for n in range(minimum, min(len(token), maximum) + 1)]


def search_terms(names: Iterable[str]) -> set[str]:
    """Every searchable term for a person's names: tokens, their prefixes and their Latin forms.

    A term is ``"t:<token>"`` for a whole token and ``"p:<prefix>"`` for a prefix (a whole token is also a
    prefix of itself). Both the original-script and the romanised tokens are included, so that a name
    written محمد is found by typing محمد or "mhmd", and 王小明 by 王 or "wang".
    """
    terms: set[str] = set()
    for name in names:
        if not name:
            continue
        for token in name_tokens(name) + romanise(name).split():
            if not token:
                continue
            terms.add("t:" + token)
            for prefix in prefixes(token):
                terms.add("p:" + prefix)
    return terms


def _abjad(token: str) -> bool:
    """Arabic-script or Hebrew token: its romanisation drops the vowels, so it finds nothing more."""
    return any(0x0590 <= ord(ch) <= 0x08FF or 0xFB1D <= ord(ch) <= 0xFEFF for ch in token)


def query_terms(query: str) -> list[set[str]]:
    """For each token of a search query, the terms any of which must match (prefix search).

    A query token longer than the longest stored prefix matches on that prefix (a slight superset); a
    token in a non-Latin alphabet also matches through its romanised form (Алексей finds a name stored
    only as "Aleksey"). Arabic-script and Hebrew tokens are not romanised: stored names in those scripts
    keep their own tokens, and a consonant skeleton would only find the same names again.
    """
    groups: list[set[str]] = []
    for token in name_tokens(query):
        group = {"p:" + token[:MAX_PREFIX]}
        latin = romanise(token).replace(" ", "")
        if latin and latin != token and not _abjad(token):
            group.add("p:" + latin[:MAX_PREFIX])
        groups.append(group)
    return groups
