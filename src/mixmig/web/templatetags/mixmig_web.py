"""Presentation helpers: permission checks, localised country and language names, birth and age text."""

from __future__ import annotations

import gettext
from datetime import date
from functools import lru_cache

import pycountry
from django import template
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from mixmig.apps.access.roles import can
from mixmig.apps.registry import codes
from mixmig.apps.registry.vocabularies import SPECIAL_NATIONALITIES, Reason

register = template.Library()

# Django language code → pycountry (iso-codes) locale.
_ISO_LOCALES = {"zh-hans": "zh_CN"}


@lru_cache(maxsize=16)
def _iso_translation(domain: str, language: str):
    locale = _ISO_LOCALES.get(language)
    if not locale:
        return None
    try:
        return gettext.translation(domain, pycountry.LOCALES_DIR, languages=[locale])
    except OSError:
        return None


def country_label(code: str) -> str:
    if not code:
        return ""
    if code in SPECIAL_NATIONALITIES:
        return _("Stateless") if code == "XXA" else _("Unknown")
    name = codes.countries().get(code)
    if name is None:
        return code
    translation = _iso_translation("iso3166-1", (get_language() or "en").lower())
    return translation.gettext(name) if translation else name


def language_label(code: str) -> str:
    name = codes.languages().get(code)
    if name is None:
        return code
    translation = _iso_translation("iso639-3", (get_language() or "en").lower())
    return translation.gettext(name) if translation else name


@register.simple_tag(takes_context=True)
def may(context, permission: str) -> bool:
    """``{% may "person.view" as may_view %}``: whether the signed-in user's role grants ``permission``."""
    return can(context["request"].user, permission)


@register.filter
def country(code: str) -> str:
    return country_label(code)


@register.filter
def countries(values) -> str:
    return ", ".join(country_label(v) for v in values or [])


@register.filter
def languages(values) -> str:
    return ", ".join(language_label(v) for v in values or [])


@register.filter
def reasons(values) -> str:
    labels = dict(Reason.choices)
    return ", ".join(str(labels.get(v, v)) for v in values or [])


def _age(born: date, on: date) -> int:
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


@register.filter
def birth(registration) -> str:
    """Date of birth, year of birth or estimated age, with the age today — as precise as recorded."""
    today = timezone.localdate()
    precision = registration.birth_precision
    if precision == "exact" and registration.birth_date:
        return _("%(date)s (age %(age)s)") % {
            "date": registration.birth_date.isoformat(),
            "age": _age(registration.birth_date, today),
        }
    if precision == "year" and registration.birth_year:
        return _("born %(year)s (about %(age)s)") % {
            "year": registration.birth_year,
            "age": today.year - registration.birth_year,
        }
    if precision == "age_estimate" and registration.age_estimate is not None:
        return _("estimated %(age)s on %(date)s") % {
            "age": registration.age_estimate,
            "date": registration.registered_on.isoformat(),
        }
    return _("unknown")


@register.simple_tag
def country_options():
    """(code, localised name) for every country, for the shared ``<datalist id="countries">``."""
    special = [("XXA", _("Stateless")), ("XXX", _("Unknown"))]
    return [(code, country_label(code)) for code in sorted(codes.countries())] + special


COMMON_LANGUAGES = (
    "ara", "prs", "pus", "fas", "tir", "amh", "orm", "som", "kur", "urd", "ben", "hin", "tam", "nep", "tur", "rus",
    "ukr", "zho", "eng", "fra", "spa", "por", "ita", "deu", "ell", "hau", "ful", "wol", "bam", "swa", "lin", "hat",
)  # fmt: skip


@register.simple_tag
def language_options():
    return [(code, language_label(code)) for code in COMMON_LANGUAGES]
