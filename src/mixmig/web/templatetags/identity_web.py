"""Showing identity-resolution results: the linkage engine's field and level labels in the user's language.

The engine labels each comparison level in English ("same romanised name"); these filters translate the ones
it has today and show any other label as it is.
"""

from __future__ import annotations

from django import template
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

register = template.Library()

SWAPPED = " (given and family names swapped)"

FIELDS = {
    "given_name": gettext_lazy("Given name"),
    "family_name": gettext_lazy("Family name"),
    "date_of_birth": gettext_lazy("Date of birth"),
    "sex": gettext_lazy("Sex"),
    "nationality": gettext_lazy("Nationality"),
    "full_name": gettext_lazy("Full name"),
}

LEVELS = {
    "missing on one side": gettext_lazy("missing on one side"),
    "different": gettext_lazy("different"),
    "same": gettext_lazy("same"),
    "weakly similar consonant skeleton (Jaro-Winkler >= 0.75)": gettext_lazy(
        "weakly similar consonant skeleton (Jaro-Winkler ≥ 0.75)"
    ),
    "similar or short (< 4 consonants) same skeleton, or same first-token skeleton": gettext_lazy(
        "similar, or the same short skeleton (< 4 consonants), or the same skeleton of the first name part"
    ),
    "same consonant skeleton of 4+ consonants, or romanised JW >= 0.92": gettext_lazy(
        "same consonant skeleton of 4+ consonants, or romanised names very close (Jaro-Winkler ≥ 0.92)"
    ),
    "same romanised name": gettext_lazy("same romanised name"),
    "years within 1": gettext_lazy("years within 1"),
    "same year, one date estimated or year-only": gettext_lazy("same year, one date estimated or year only"),
    "same year and month": gettext_lazy("same year and month"),
    "one digit typo or day/month swapped": gettext_lazy("one digit typo, or day and month swapped"),
    "exact date": gettext_lazy("exact date"),
    "similar (JW >= 0.75)": gettext_lazy("similar (Jaro-Winkler ≥ 0.75)"),
    "close (JW >= 0.9)": gettext_lazy("close (Jaro-Winkler ≥ 0.9)"),
    "same full name: weighed by how many other registrations carry it": gettext_lazy(
        "same full name: weighed by how many other registrations carry it"
    ),
}


@register.filter
def match_field(name) -> str:
    """A compared field's name, e.g. ``date_of_birth`` → "Date of birth"."""
    return str(FIELDS.get(name, name))


@register.filter
def match_level(label) -> str:
    """A comparison level's label in the user's language."""
    label = str(label or "")
    swapped = label.endswith(SWAPPED)
    base = label.removesuffix(SWAPPED)
    text = str(LEVELS.get(base, base))
    if swapped:
        return _("%(level)s (given and family names swapped)") % {"level": text}
    return text


@register.filter
def percent(probability) -> str:
    """0.973 → "97%"; below 1 % and above 99 % keep one decimal so they never read as 0 or 100."""
    try:
        value = float(probability) * 100
    except (TypeError, ValueError):
        return ""
    if 0 < value < 1 or 99 < value < 100:
        return f"{min(max(value, 0.1), 99.9):.1f}%"
    return f"{value:.0f}%"
