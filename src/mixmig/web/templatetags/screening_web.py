"""Showing screening results: labels in the user's language and the "why" (trace) as nested lists.

Everything is escaped with ``format_html``/``conditional_escape``; no user data is marked safe.
"""

from __future__ import annotations

from django import template
from django.utils.html import conditional_escape, format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

register = template.Library()

_OPS = {
    "eq": "=",
    "ne": "≠",
    "lt": "<",
    "le": "≤",
    "gt": ">",
    "ge": "≥",
    "in": "∈",
    "not_in": "∉",
    "contains": "∋",
    "contains_any": "∩",
    "contains_all": "⊇",
}


@register.filter
def localised(labels, fallback=""):
    """The label in the active language (zh-hans → zh → en), else ``fallback``."""
    if not isinstance(labels, dict) or not labels:
        return fallback
    language = (get_language() or "en").lower()
    return labels.get(language) or labels.get(language.split("-")[0]) or labels.get("en") or fallback


def _value(value) -> str:
    if value is True:
        return _("yes")
    if value is False:
        return _("no")
    if value is None:
        return _("unknown")
    if isinstance(value, list):
        return ", ".join(str(v) for v in value) or "∅"
    return str(value)


def _node(node) -> str:
    if not isinstance(node, dict):
        return format_html("<li>{}</li>", _value(node))
    outcome = format_html(
        '<span class="outcome v-{}">{}</span>', str(node.get("value")).lower(), _value(node.get("value"))
    )
    if "all" in node or "any" in node:
        key = "all" if "all" in node else "any"
        title = _("all of these hold") if key == "all" else _("any of these holds")
        children = format_html_join("", "{}", ((mark_safe(_node(child)),) for child in node[key]))  # noqa: S308
        return format_html("<li>{} → {}<ul>{}</ul></li>", title, outcome, children)
    if "not" in node:
        return format_html("<li>{} → {}<ul>{}</ul></li>", _("not"), outcome, mark_safe(_node(node["not"])))  # noqa: S308
    if "guard" in node:
        details = ", ".join(f"{k}: {_value(v)}" for k, v in node.items() if k not in ("guard", "value"))
        return format_html("<li>{} <code>{}</code> {} → {}</li>", _("guard"), node["guard"], details, outcome)
    if "profile" in node:
        return format_html("<li>{} <code>{}</code> → {}</li>", _("profile"), node["profile"], outcome)
    if "fact" in node:
        because = format_html("<ul>{}</ul>", mark_safe(_node(node["because"]))) if "because" in node else ""  # noqa: S308
        if "op" in node:
            return format_html(
                "<li><code>{}</code> = {} {} {} → {}{}</li>",
                node["fact"],
                _value(node.get("fact_value")),
                _OPS.get(node["op"], node["op"]),
                _value(node.get("arg")),
                outcome,
                because,
            )
        return format_html("<li><code>{}</code> → {}{}</li>", node["fact"], outcome, because)
    return format_html("<li>{}</li>", conditional_escape(str(node)))


@register.filter
def explain(trace) -> str:
    """A trace as a nested list: which facts and conditions made an indication hold."""
    if not trace:
        return ""
    return format_html('<ul class="trace">{}</ul>', mark_safe(_node(trace)))  # noqa: S308 - built with format_html


@register.filter
def procedure(code):
    from mixmig.apps.screening.vocabularies import PROCEDURES

    return PROCEDURES.get(code, code)


@register.filter
def service(code):
    from mixmig.apps.screening.vocabularies import SERVICES

    return SERVICES.get(code, code)


@register.filter
def priority(code):
    from mixmig.apps.screening.vocabularies import PRIORITIES

    return PRIORITIES.get(code, code)
