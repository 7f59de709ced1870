"""Reference codes: countries (ISO 3166-1 alpha-3), languages (ISO 639-3), currencies (ISO 4217)."""

from __future__ import annotations

from functools import lru_cache

import pycountry
from django.utils.translation import gettext as _

from mixmig.apps.registry.vocabularies import SPECIAL_NATIONALITIES


@lru_cache(maxsize=1)
def countries() -> dict[str, str]:
    return {c.alpha_3: c.name for c in pycountry.countries}


@lru_cache(maxsize=1)
def _alpha2_to_alpha3() -> dict[str, str]:
    return {c.alpha_2: c.alpha_3 for c in pycountry.countries}


@lru_cache(maxsize=1)
def languages() -> dict[str, str]:
    return {lang.alpha_3: lang.name for lang in pycountry.languages}


@lru_cache(maxsize=1)
def _lang2_to_3() -> dict[str, str]:
    return {lang.alpha_2: lang.alpha_3 for lang in pycountry.languages if hasattr(lang, "alpha_2")}


@lru_cache(maxsize=1)
def currencies() -> set[str]:
    return {c.alpha_3 for c in pycountry.currencies}


def country_problem(code: str, allow_special: bool = False) -> str | None:
    """None if ``code`` is an accepted country code, else a message saying what is allowed."""
    if code in countries() or (allow_special and code in SPECIAL_NATIONALITIES):
        return None
    values = {"code": repr(code), "suggestion": _alpha2_to_alpha3().get(code, "")}
    if len(code) == 2 and values["suggestion"]:
        if allow_special:
            message = _(
                "%(code)s is not an ISO 3166-1 alpha-3 country code (did you mean %(suggestion)s?); "
                "use e.g. SYR, AFG, ERI, XXA for stateless or XXX for unknown"
            )
        else:
            message = _(
                "%(code)s is not an ISO 3166-1 alpha-3 country code (did you mean %(suggestion)s?); "
                "use e.g. SYR, AFG, ERI"
            )
    elif allow_special:
        message = _(
            "%(code)s is not an ISO 3166-1 alpha-3 country code; "
            "use e.g. SYR, AFG, ERI, XXA for stateless or XXX for unknown"
        )
    else:
        message = _("%(code)s is not an ISO 3166-1 alpha-3 country code; use e.g. SYR, AFG, ERI")
    return message % values


def language_code(code: str) -> str | None:
    """Return the ISO 639-3 code for a 639-3 or 639-1 code, or None."""
    code = code.strip().lower()
    if code in languages():
        return code
    return _lang2_to_3().get(code)


def alpha2(alpha3: str) -> str | None:
    country = pycountry.countries.get(alpha_3=alpha3)
    return country.alpha_2 if country else None


def country_name(code: str) -> str:
    return countries().get(code) or SPECIAL_NATIONALITIES.get(code, code)
