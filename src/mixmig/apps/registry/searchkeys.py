"""Blind-index search keys: HMAC-SHA-256 of each search term under ``MIXMIG_SEARCH_KEY``, first 64 bits.

Terms are derived from names (tokens and prefixes, original script and Latin), document numbers and
E.164 phone numbers. The table stores only digests; queries are hashed the same way.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Iterable

import phonenumbers
from django.conf import settings

from mixmig.apps.registry.inputs import normalise_document_number
from mixmig.engines.names import query_terms, search_terms


def digest(term: str, key: bytes | None = None) -> int:
    key = key if key is not None else settings.SEARCH_KEY.encode()
    raw = hmac.new(key, term.encode("utf-8"), hashlib.sha256).digest()[:8]
    return int.from_bytes(raw, "big", signed=True)


def registration_terms(names: Iterable[str], documents: Iterable[str], phones: Iterable[str]) -> set[str]:
    terms = search_terms(names)
    terms.update("d:" + normalise_document_number(number) for number in documents if number)
    terms.update("ph:" + phone for phone in phones if phone)
    return terms


def registration_digests(names, documents, phones) -> set[int]:
    key = settings.SEARCH_KEY.encode()
    return {digest(term, key) for term in registration_terms(names, documents, phones)}


def query_digest_groups(query: str) -> list[set[int]]:
    """Digest groups for a name query: a person matches when every group has one of its digests."""
    key = settings.SEARCH_KEY.encode()
    return [{digest(term, key) for term in group} for group in query_terms(query)]


def exact_digests(query: str) -> set[int]:
    """Digests for the query read as a document number or a phone number (either may match)."""
    key = settings.SEARCH_KEY.encode()
    out = set()
    compact = normalise_document_number(query)
    if any(ch.isdigit() for ch in compact):
        out.add(digest("d:" + compact, key))
        try:
            parsed = phonenumbers.parse(query, None)
            if phonenumbers.is_possible_number(parsed):
                out.add(
                    digest(
                        "ph:" + phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164), key
                    )
                )
        except phonenumbers.NumberParseException:
            pass
    return out
