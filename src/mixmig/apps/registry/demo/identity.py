"""Demo identity details: birth dates as they are really recorded, documents and phone numbers."""

from __future__ import annotations

import random
import string
from datetime import date, timedelta

import phonenumbers
from phonenumbers import PhoneNumberFormat, PhoneNumberType

from mixmig.apps.registry import codes


def birth(rng: random.Random, age: int, on: date, documented: bool, child: bool) -> dict:
    """Exact dates for some documented people, 1 January defaults, year only, or an officer's age estimate."""
    year = on.year - age
    roll = rng.random()
    if child and roll < 0.45:
        return {"age_estimate": age}
    if documented and roll < 0.75:
        born = date(year, 1, 1) + timedelta(days=rng.randrange(365))
        return {"birth_date": min(born, on - timedelta(days=1))}
    if roll < 0.25:
        return {"birth_date": date(year, 1, 1)}  # the common "1 January" default for an unknown day
    if roll < 0.7:
        return {"birth_year": year}
    return {"age_estimate": age}


def _digits(rng: random.Random, k: int) -> str:
    return "".join(rng.choice(string.digits) for _ in range(k))


def document(rng: random.Random, country: str, kind: str, on: date) -> dict:
    if kind == "passport":
        number = rng.choice(string.ascii_uppercase) + _digits(rng, rng.choice((7, 8)))
        expires = on + timedelta(days=rng.randrange(-700, 3000))
        return {"kind": kind, "number": number, "issuing_country": country, "expires_on": expires}
    if kind == "national_id":
        number = _digits(rng, rng.choice((8, 10, 12)))
        if rng.random() < 0.3:
            number = f"{number[:4]}-{number[4:]}"  # written with separators; normalised on input
        return {"kind": kind, "number": number, "issuing_country": country}
    return {"kind": kind, "number": _digits(rng, 4) + "/" + _digits(rng, 4), "issuing_country": country}


def documents(rng: random.Random, country: str, documented: bool, child: bool, on: date) -> list[dict]:
    if not documented:
        return []
    if child:
        return [document(rng, country, rng.choice(("birth_certificate", "national_id", "passport")), on)]
    kinds = ["passport"] if rng.random() < 0.6 else ["national_id"]
    if rng.random() < 0.15:
        kinds.append("national_id" if kinds[0] == "passport" else "passport")
    return [document(rng, country, k, on) for k in kinds]


def phone(rng: random.Random, country: str, site_country: str) -> str | None:
    """A valid mobile number of ``country``, written the way it is usually written there.

    A number of the site's own country is written in national format (parsed with the site as region);
    any other is written with its country code, in that country's grouping.
    """
    region = codes.alpha2(country)
    if not region:
        return None
    example = phonenumbers.example_number_for_type(region, PhoneNumberType.MOBILE)
    if example is None:
        return None
    national = str(example.national_number)
    for _ in range(12):
        keep = max(2, len(national) - 6)
        candidate = phonenumbers.parse(national[:keep] + _digits(rng, len(national) - keep), region)
        if phonenumbers.is_valid_number(candidate):
            break
    else:
        candidate = example
    if country == site_country:
        return phonenumbers.format_number(candidate, PhoneNumberFormat.NATIONAL)
    text = phonenumbers.format_number(candidate, PhoneNumberFormat.INTERNATIONAL)
    roll = rng.random()
    if roll < 0.25:
        return "00" + text[1:]
    if roll < 0.4:
        return text.replace(" ", "").replace("-", "")
    return text


def international(number: str, site_country: str) -> str:
    """A number as written at ``site_country``, rewritten with its country code (to register it elsewhere)."""
    parsed = phonenumbers.parse(number, codes.alpha2(site_country))
    return phonenumbers.format_number(parsed, PhoneNumberFormat.INTERNATIONAL)
