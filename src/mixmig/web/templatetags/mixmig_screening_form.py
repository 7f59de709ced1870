"""Helpers for the screening-questions form (field names, errors, posted values)."""

from django import template
from django.utils.translation import gettext_lazy as _

register = template.Library()


@register.simple_tag
def question_name(prefix, qid) -> str:
    return f"r{prefix}-{qid}"


@register.simple_tag
def question_error(errors, name) -> str:
    return (errors or {}).get(name, "")


@register.filter
def getlist(querydict, name):
    if hasattr(querydict, "getlist"):
        return querydict.getlist(name)
    return []


YES_NO = [("yes", _("Yes")), ("no", _("No")), ("unknown", _("Unknown / prefers not to say"))]
