"""Validating registration input from any face (web form, API, CSV/XLSX import) the same way.

``clean_member`` turns a plain dict (strings from a form or file, or typed JSON values) into a
``MemberInput``, or raises ``InvalidInput`` naming every wrong field and what is allowed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation

import phonenumbers
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

from mixmig.apps.registry import codes
from mixmig.apps.registry.errors import FieldError, InvalidInput
from mixmig.apps.registry.vocabularies import (
    BirthDatePrecision,
    DocumentKind,
    Reason,
    Relation,
    Sex,
    TransportMode,
)

MAX_AGE = 120
_NAME_FIELDS = ("given_name", "family_name", "given_name_original", "family_name_original")


@dataclass
class DocumentInput:
    kind: str
    number: str
    issuing_country: str = ""
    expires_on: date | None = None


@dataclass
class LegInput:
    country: str
    place: str = ""
    arrived_on: date | None = None
    departed_on: date | None = None
    transport_mode: str = ""


@dataclass
class MemberInput:
    given_name: str = ""
    family_name: str = ""
    given_name_original: str = ""
    family_name_original: str = ""
    original_script: str = ""
    sex: str = Sex.UNKNOWN
    birth_date: date | None = None
    birth_year: int | None = None
    birth_precision: str = BirthDatePrecision.UNKNOWN
    age_estimate: int | None = None
    nationalities: list[str] = field(default_factory=list)
    languages: list[str] = field(default_factory=list)
    origin_country: str = ""
    origin_place: str = ""
    departed_on: date | None = None
    intended_destination: str = ""
    transport_mode: str = ""
    smuggler_paid: bool | None = None
    journey_cost: Decimal | None = None
    journey_cost_currency: str = ""
    reasons_for_leaving: list[str] = field(default_factory=list)
    documents: list[DocumentInput] = field(default_factory=list)
    phones: list[str] = field(default_factory=list)
    emails: list[str] = field(default_factory=list)
    legs: list[LegInput] = field(default_factory=list)
    screening_answers: dict = field(default_factory=dict)


@dataclass
class RelationInput:
    subject: int
    other: int
    relation: str


class _Collector:
    def __init__(self, prefix: str = "", row: int | None = None):
        self.prefix = prefix
        self.row = row
        self.errors: list[FieldError] = []

    def add(self, name: str, message: str) -> None:
        self.errors.append(FieldError(self.prefix + name, message, self.row))


def _blank(value) -> bool:
    return value is None or (isinstance(value, str) and value.strip() == "")


def _text(data: dict, name: str, max_length: int = 200, errors: _Collector | None = None) -> str:
    value = data.get(name)
    if _blank(value):
        return ""
    text = str(value).strip()
    if len(text) > max_length and errors is not None:
        errors.add(
            name,
            _("is %(length)s characters long; at most %(max)s allowed")
            % {"length": len(text), "max": max_length},
        )
    if "\x00" in text and errors is not None:
        errors.add(name, _("contains a NUL character"))
    return text


def parse_date(value, name: str, errors: _Collector) -> date | None:
    if _blank(value):
        return None
    if isinstance(value, date):
        return value
    text = str(value).strip()
    try:
        return date.fromisoformat(text) if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text) else _bad_date(text)
    except ValueError:
        errors.add(
            name, _("%(value)s is not a valid date; use YYYY-MM-DD, e.g. 2009-03-27") % {"value": repr(text)}
        )
        return None


def _bad_date(text: str):
    raise ValueError(text)


def _int(value, name: str, errors: _Collector, lo: int, hi: int) -> int | None:
    if _blank(value):
        return None
    try:
        number = int(str(value).strip())
    except ValueError:
        errors.add(name, _("%(value)s is not a whole number") % {"value": repr(value)})
        return None
    if not lo <= number <= hi:
        errors.add(
            name,
            _("%(value)s is out of range; allowed %(low)s to %(high)s")
            % {"value": number, "low": lo, "high": hi},
        )
        return None
    return number


def _list(value) -> list[str]:
    if _blank(value):
        return []
    if isinstance(value, list | tuple):
        return [str(v).strip() for v in value if not _blank(v)]
    return [part.strip() for part in re.split(r"[;,|]", str(value)) if part.strip()]


def _choice(value, name: str, choices, errors: _Collector, default: str = "") -> str:
    if _blank(value):
        return default
    text = str(value).strip().lower()
    if text not in choices.values:
        errors.add(
            name,
            _("%(value)s is not allowed; use one of: %(allowed)s")
            % {"value": repr(value), "allowed": ", ".join(choices.values)},
        )
        return default
    return text


def _bool(value, name: str, errors: _Collector) -> bool | None:
    if _blank(value):
        return None
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in {"yes", "true", "1", "y"}:
        return True
    if text in {"no", "false", "0", "n"}:
        return False
    errors.add(
        name,
        _("%(value)s is not yes/no; use yes, no, true, false, 1 or 0 (or leave empty if unknown)")
        % {"value": repr(value)},
    )
    return None


def _country(value, name: str, errors: _Collector, special: bool = False) -> str:
    if _blank(value):
        return ""
    code = str(value).strip().upper()
    problem = codes.country_problem(code, allow_special=special)
    if problem:
        errors.add(name, problem)
        return ""
    return code


def normalise_document_number(number: str) -> str:
    return re.sub(r"[\s\-./]", "", number).upper()


def _birth(data: dict, registered_on: date, e: _Collector, member: MemberInput) -> None:
    birth_date = parse_date(data.get("birth_date"), "birth_date", e)
    birth_year = _int(data.get("birth_year"), "birth_year", e, 1800, 9999)
    age = _int(data.get("age_estimate"), "age_estimate", e, 0, MAX_AGE)
    if birth_date:
        if birth_date > registered_on:
            e.add(
                "birth_date",
                _("%(date)s is after the registration date %(registered)s")
                % {"date": birth_date.isoformat(), "registered": registered_on.isoformat()},
            )
        elif registered_on.year - birth_date.year > MAX_AGE:
            e.add(
                "birth_date",
                _("%(date)s gives an age over %(max)s; check the year")
                % {"date": birth_date.isoformat(), "max": MAX_AGE},
            )
        member.birth_date, member.birth_year, member.birth_precision = (
            birth_date,
            birth_date.year,
            BirthDatePrecision.EXACT,
        )
    elif birth_year:
        if birth_year > registered_on.year:
            e.add(
                "birth_year",
                _("%(year)s is after the registration year %(registered)s")
                % {"year": birth_year, "registered": registered_on.year},
            )
        elif registered_on.year - birth_year > MAX_AGE:
            e.add(
                "birth_year",
                _("%(year)s gives an age over %(max)s; check the year")
                % {"year": birth_year, "max": MAX_AGE},
            )
        member.birth_year, member.birth_precision = birth_year, BirthDatePrecision.YEAR
    elif age is not None:
        member.age_estimate, member.birth_precision = age, BirthDatePrecision.AGE_ESTIMATE
        member.birth_year = registered_on.year - age


def _documents(raw, e: _Collector) -> list[DocumentInput]:
    documents: list[DocumentInput] = []
    seen: dict[str, int] = {}
    for i, item in enumerate(raw or []):
        sub = _Collector(f"{e.prefix}documents[{i}].", e.row)
        kind = _choice(item.get("kind"), "kind", DocumentKind, sub, default=DocumentKind.OTHER)
        number = normalise_document_number(_text(item, "number", 64, sub))
        if not number:
            sub.add("number", _("is required for a document"))
        elif number in seen:
            sub.add(
                "number",
                _("%(number)s is already given for document %(position)s of this registration")
                % {"number": number, "position": seen[number] + 1},
            )
        else:
            seen[number] = i
        issuing = _country(item.get("issuing_country"), "issuing_country", sub)
        expires = parse_date(item.get("expires_on"), "expires_on", sub)
        e.errors.extend(sub.errors)
        documents.append(DocumentInput(kind, number, issuing, expires))
    return documents


def _phones(raw, region: str | None, e: _Collector) -> list[str]:
    phones: list[str] = []
    for i, value in enumerate(_list(raw)):
        try:
            parsed = phonenumbers.parse(value, region)
        except phonenumbers.NumberParseException:
            parsed = None
        if parsed is None or not phonenumbers.is_possible_number(parsed):
            e.add(
                f"phones[{i}]",
                _("%(value)s is not a phone number; give it with the country code, e.g. +249 912 345 678")
                % {"value": repr(value)},
            )
            continue
        e164 = phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)
        if e164 not in phones:
            phones.append(e164)
    return phones


def _legs(raw, e: _Collector) -> list[LegInput]:
    legs = []
    for i, item in enumerate(raw or []):
        sub = _Collector(f"{e.prefix}legs[{i}].", e.row)
        country = _country(item.get("country"), "country", sub)
        if not country and not sub.errors:
            sub.add("country", _("is required for a transit leg (ISO 3166-1 alpha-3)"))
        arrived = parse_date(item.get("arrived_on"), "arrived_on", sub)
        departed = parse_date(item.get("departed_on"), "departed_on", sub)
        if arrived and departed and departed < arrived:
            sub.add(
                "departed_on",
                _("%(departed)s is before arrived_on %(arrived)s")
                % {"departed": departed.isoformat(), "arrived": arrived.isoformat()},
            )
        mode = _choice(item.get("transport_mode"), "transport_mode", TransportMode, sub)
        e.errors.extend(sub.errors)
        legs.append(LegInput(country, _text(item, "place"), arrived, departed, mode))
    return legs


def clean_member(
    data: dict, registered_on: date, site_country: str = "", prefix: str = "", row: int | None = None
) -> MemberInput:
    """Validate one person's registration data; raise ``InvalidInput`` listing every problem."""
    e = _Collector(prefix, row)
    m = MemberInput()
    for name in _NAME_FIELDS:
        setattr(m, name, _text(data, name, 200, e))
    if not any(getattr(m, name) for name in _NAME_FIELDS):
        e.add(
            "given_name",
            _("at least one name is required (given or family name, in Latin or original script)"),
        )
    m.original_script = _text(data, "original_script", 4, e)
    m.sex = _choice(data.get("sex"), "sex", Sex, e, default=Sex.UNKNOWN)
    _birth(data, registered_on, e, m)
    m.nationalities = [
        c
        for c in (_country(v, "nationalities", e, special=True) for v in _list(data.get("nationalities")))
        if c
    ]
    for value in _list(data.get("languages")):
        code = codes.language_code(value)
        if code is None:
            e.add(
                "languages",
                _("%(value)s is not an ISO 639 language code; use e.g. ara, prs, pus, tir, eng, fra")
                % {"value": repr(value)},
            )
        elif code not in m.languages:
            m.languages.append(code)
    m.origin_country = _country(data.get("origin_country"), "origin_country", e)
    m.origin_place = _text(data, "origin_place", 200, e)
    m.departed_on = parse_date(data.get("departed_on"), "departed_on", e)
    if m.departed_on and m.departed_on > registered_on:
        e.add(
            "departed_on",
            _("%(date)s is after the registration date") % {"date": m.departed_on.isoformat()},
        )
    m.intended_destination = _country(data.get("intended_destination"), "intended_destination", e)
    m.transport_mode = _choice(data.get("transport_mode"), "transport_mode", TransportMode, e)
    m.smuggler_paid = _bool(data.get("smuggler_paid"), "smuggler_paid", e)
    if not _blank(data.get("journey_cost")):
        try:
            m.journey_cost = Decimal(str(data["journey_cost"]).strip())
            if m.journey_cost < 0 or m.journey_cost >= Decimal("1e10"):
                raise InvalidOperation
        except InvalidOperation:
            e.add(
                "journey_cost",
                _("%(value)s is not an amount; use a number such as 2500 or 2500.50")
                % {"value": repr(data["journey_cost"])},
            )
            m.journey_cost = None
    currency = _text(data, "journey_cost_currency", 3, e).upper()
    if currency and currency not in codes.currencies():
        e.add(
            "journey_cost_currency",
            _("%(value)s is not an ISO 4217 currency code; use e.g. USD, EUR, LYD")
            % {"value": repr(currency)},
        )
    m.journey_cost_currency = currency
    for value in _list(data.get("reasons_for_leaving")):
        reason = _choice(value, "reasons_for_leaving", Reason, e)
        if reason and reason not in m.reasons_for_leaving:
            m.reasons_for_leaving.append(reason)
    m.documents = _documents(data.get("documents"), e)
    m.phones = _phones(data.get("phones"), codes.alpha2(site_country) if site_country else None, e)
    for i, value in enumerate(_list(data.get("emails"))):
        try:
            validate_email(value)
            m.emails.append(value.lower())
        except ValidationError:
            e.add(f"emails[{i}]", _("%(value)s is not an e-mail address") % {"value": repr(value)})
    m.legs = _legs(data.get("legs"), e)
    answers = data.get("screening_answers") or {}
    if not isinstance(answers, dict):
        e.add("screening_answers", _("must be an object of question id → answer"))
    else:
        m.screening_answers = answers
    if e.errors:
        raise InvalidInput(e.errors)
    return m


def clean_relations(raw, size: int) -> list[RelationInput]:
    """Validate relations between members given by 0-based index: subject is the <relation> of other."""
    e = _Collector()
    out: list[RelationInput] = []
    seen = set()
    for i, item in enumerate(raw or []):
        sub = _Collector(f"relations[{i}].")
        s = _int(item.get("subject"), "subject", sub, 0, max(size - 1, 0))
        o = _int(item.get("other"), "other", sub, 0, max(size - 1, 0))
        relation = _choice(item.get("relation"), "relation", Relation, sub, default=Relation.UNKNOWN)
        if s is not None and s == o:
            sub.add("other", _("a member cannot be related to themselves"))
        if (s, o) in seen:
            sub.add(
                "other",
                _("the relation between members %(subject)s and %(other)s is given twice")
                % {"subject": s, "other": o},
            )
        seen.add((s, o))
        e.errors.extend(sub.errors)
        if not sub.errors and s is not None and o is not None:
            out.append(RelationInput(s, o, relation))
    if e.errors:
        raise InvalidInput(e.errors)
    return out


def clean_registered_on(value, today: date) -> date:
    e = _Collector()
    when = parse_date(value, "registered_on", e) if not _blank(value) else today
    if when and when > today:
        e.add("registered_on", _("%(date)s is in the future") % {"date": when.isoformat()})
    if when and when.year < 1950:
        e.add("registered_on", _("%(date)s is before 1950") % {"date": when.isoformat()})
    if e.errors or when is None:
        raise InvalidInput(e.errors or [FieldError("registered_on", _("is required (YYYY-MM-DD)"))])
    return when
