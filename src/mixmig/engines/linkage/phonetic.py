"""Vowel-tolerant consonant skeletons of romanised name tokens.

Scripts disagree on vowels (Arabic and Hebrew mostly omit them, Korean adds epenthetic ones) and on a few
consonant distinctions (Korean ㄹ is l or r, ㄱ is g or k; Egyptian ج is g, elsewhere j; Arabic has no p
or v). The skeleton keeps the consonant frame, maps letters that transliterations confuse to one class, and
drops vowels and the semivowels w/v/y that Arabic and Hebrew use as vowel letters:

    mohammed, muhamad, محمد (mhmd), מוחמד (mvhmd), 무함마드 (muhammadeu)  ->  "mhmt"

A skeleton is deliberately lossy (Mahmoud and Mohammed share one); comparisons weigh it against the
romanised form, and blocking pairs it with another attribute.
"""

from __future__ import annotations

import re
from functools import lru_cache

_DIGRAPHS = [
    ("sch", "s"),
    ("tch", "s"),
    ("kh", "k"),
    ("gh", "k"),
    ("th", "t"),
    ("dh", "t"),
    ("sh", "s"),
    ("ch", "s"),
    ("zh", "k"),
    ("ph", "f"),
    ("ts", "s"),
    ("tz", "s"),
    ("dz", "s"),
    ("dj", "k"),
    ("ck", "k"),
    ("x", "ks"),
]
_CLASS = str.maketrans(
    {
        "c": "k",
        "q": "k",
        "g": "k",
        "j": "k",
        "z": "s",
        "p": "b",
        "d": "t",
        "l": "r",
    }
)
_VOWELS = set("aeiouywv")
_NON_LETTER = re.compile(r"[^a-z]")


@lru_cache(maxsize=200_000)
def skeleton(token: str) -> str:
    """Consonant-class skeleton of a romanised token (lower-case ASCII expected; other characters dropped)."""
    word = _NON_LETTER.sub("", token.lower())
    if not word:
        return ""
    first = word[0]
    for old, new in _DIGRAPHS:
        word = word.replace(old, new)
    word = word.translate(_CLASS)
    out: list[str] = []
    previous = ""
    for ch in word:
        if ch in _VOWELS:
            previous = ""
            continue
        if ch == previous:
            continue
        out.append(ch)
        previous = ch
    # A final h is a teh marbuta or a spelling habit (Fatimah / فاطمة / Fatima).
    if len(out) > 1 and out[-1] == "h":
        out.pop()
    # Identical consonants separated only by a vowel letter that a script omits stay distinct; but a
    # consonant written twice with nothing between (Mohammed) is one.
    return "".join(out) or first
