"""Export a pack's questionnaire as an XLSForm (KoBo / ODK) that pyxform accepts.

The form asks the registration fields the facts derive from, the travel companions (a repeat) and every
question the pack declares, labelled in the pack's languages. ``submissions.py`` reads the answers back.
"""

from __future__ import annotations

from io import BytesIO
from typing import Any

from openpyxl import Workbook

from mixmig.engines.policy.fields import DOCUMENT_KINDS, PRECISION, REASONS, RELATIONS, SEX, TRANSPORT
from mixmig.engines.policy.model import Pack

LANGUAGE_NAMES = {
    "en": "English",
    "zh-hans": "Chinese",
    "fr": "French",
    "ar": "Arabic",
    "es": "Spanish",
    "ru": "Russian",
}
YES_NO_UNKNOWN = "yes_no_unknown"

# Registration fields: (xlsform type, name, labels, relevant)
_T = {
    "record_id": {"en": "Record ID", "zh-hans": "记录编号", "fr": "Identifiant"},
    "screening_date": {"en": "Screening date", "zh-hans": "甄别日期", "fr": "Date du filtrage"},
    "sex": {"en": "Sex", "zh-hans": "性别", "fr": "Sexe"},
    "birth_precision": {
        "en": "How is the date of birth known?",
        "zh-hans": "出生日期的确切程度？",
        "fr": "Précision de la date de naissance",
    },
    "birth_date": {"en": "Date of birth", "zh-hans": "出生日期", "fr": "Date de naissance"},
    "birth_year": {"en": "Year of birth", "zh-hans": "出生年份", "fr": "Année de naissance"},
    "age_estimate": {"en": "Estimated age in years", "zh-hans": "估计年龄（岁）", "fr": "Âge estimé (ans)"},
    "age_disputed": {
        "en": "Is the age disputed and not yet assessed?",
        "zh-hans": "年龄是否存在争议且尚未评估？",
        "fr": "L'âge est-il contesté et non encore évalué ?",
    },
    "nationalities": {
        "en": "Nationalities (ISO codes, XXA stateless, XXX unknown)",
        "zh-hans": "国籍（ISO代码，XXA无国籍，XXX不详）",
        "fr": "Nationalités (codes ISO, XXA apatride, XXX inconnue)",
    },
    "origin_country": {
        "en": "Country of origin (ISO code)",
        "zh-hans": "原籍国（ISO代码）",
        "fr": "Pays d'origine (code ISO)",
    },
    "intended_destination": {
        "en": "Intended destination (ISO code)",
        "zh-hans": "预定目的地（ISO代码）",
        "fr": "Destination prévue (code ISO)",
    },
    "transport_mode": {
        "en": "Main means of transport",
        "zh-hans": "主要交通方式",
        "fr": "Principal moyen de transport",
    },
    "smuggler_paid": {
        "en": "Was someone paid to help cross a border?",
        "zh-hans": "是否付钱请人帮助越境？",
        "fr": "Quelqu'un a-t-il été payé pour aider à franchir une frontière ?",
    },
    "journey_cost": {
        "en": "Cost of the journey (USD)",
        "zh-hans": "旅程费用（美元）",
        "fr": "Coût du voyage (USD)",
    },
    "reasons_for_leaving": {"en": "Reasons for leaving", "zh-hans": "离开的原因", "fr": "Raisons du départ"},
    "documents": {"en": "Documents held", "zh-hans": "持有的证件", "fr": "Documents détenus"},
    "companions": {
        "en": "Person travelling with them",
        "zh-hans": "同行人员",
        "fr": "Personne qui l'accompagne",
    },
    "relation": {
        "en": "What is this person to them?",
        "zh-hans": "此人与其关系？",
        "fr": "Lien avec la personne",
    },
    "age": {"en": "Age of this person", "zh-hans": "此人年龄", "fr": "Âge de cette personne"},
    "registration": {"en": "Registration", "zh-hans": "登记", "fr": "Enregistrement"},
    "screening": {"en": "Screening questions", "zh-hans": "甄别问题", "fr": "Questions de filtrage"},
    "yes": {"en": "Yes", "zh-hans": "是", "fr": "Oui"},
    "no": {"en": "No", "zh-hans": "否", "fr": "Non"},
    "unknown": {
        "en": "Does not know / prefers not to say",
        "zh-hans": "不知道/不愿回答",
        "fr": "Ne sait pas / préfère ne pas répondre",
    },
}
_CHOICE_LISTS = {
    "sex": SEX,
    "birth_precision": PRECISION,
    "transport_mode": TRANSPORT,
    "reasons": REASONS,
    "document_kinds": DOCUMENT_KINDS,
    "relation": RELATIONS,
}


def languages_of(pack: Pack) -> list[str]:
    langs = {lang for q in pack.questions for lang in q.label}
    return ["en", *sorted(langs - {"en"})]


def _lab(labels: dict[str, str], lang: str, fallback: str) -> str:
    return labels.get(lang) or labels.get("en") or fallback


def form_rows(pack: Pack, languages: list[str] | None = None) -> dict[str, list[dict[str, Any]]]:
    """The survey, choices and settings sheets as lists of row dicts (column → value)."""
    langs = languages or languages_of(pack)
    col = {lang: f"label::{LANGUAGE_NAMES.get(lang, lang)} ({lang})" for lang in langs}
    survey: list[dict[str, Any]] = []

    def row(kind: str, name: str, labels: dict[str, str] | None = None, **extra: Any) -> None:
        r = {"type": kind, "name": name, **extra}
        for lang in langs:
            if labels is not None:
                r[col[lang]] = _lab(labels, lang, name)
        survey.append(r)

    row("begin_group", "registration", _T["registration"])
    row("text", "record_id", _T["record_id"], required="yes")
    row("date", "screening_date", _T["screening_date"], required="yes", default="today()")
    row("select_one sex", "sex", _T["sex"], required="yes")
    row("select_one birth_precision", "birth_precision", _T["birth_precision"], required="yes")
    row("date", "birth_date", _T["birth_date"], relevant="${birth_precision} = 'exact'")
    row("integer", "birth_year", _T["birth_year"], relevant="${birth_precision} = 'year'")
    row("integer", "age_estimate", _T["age_estimate"], relevant="${birth_precision} = 'age_estimate'")
    row(f"select_one {YES_NO_UNKNOWN}", "age_disputed", _T["age_disputed"])
    for name in ("nationalities", "origin_country", "intended_destination"):
        row("text", name, _T[name])
    row("select_one transport_mode", "transport_mode", _T["transport_mode"])
    row(f"select_one {YES_NO_UNKNOWN}", "smuggler_paid", _T["smuggler_paid"])
    row("decimal", "journey_cost", _T["journey_cost"])
    row("select_multiple reasons", "reasons_for_leaving", _T["reasons_for_leaving"])
    row("select_multiple document_kinds", "documents", _T["documents"])
    row("end_group", "")
    row("begin_repeat", "companions", _T["companions"])
    row("select_one relation", "relation", _T["relation"])
    row("integer", "age", _T["age"])
    row("end_repeat", "")
    row("begin_group", "screening", _T["screening"])
    choices: list[dict[str, Any]] = []
    for list_name, values in _CHOICE_LISTS.items():
        for v in values:
            choices.append(
                {"list_name": list_name, "name": v, **{col[lang]: v.replace("_", " ") for lang in langs}}
            )
    for v in ("yes", "no", "unknown"):
        choices.append(
            {"list_name": YES_NO_UNKNOWN, "name": v, **{col[lang]: _lab(_T[v], lang, v) for lang in langs}}
        )
    for q in pack.questions:
        hint = {
            f"hint::{LANGUAGE_NAMES.get(lang, lang)} ({lang})": q.hint[lang]
            for lang in langs
            if lang in q.hint
        }
        if q.type == "yes_no":
            row(f"select_one {YES_NO_UNKNOWN}", q.id, q.label, **hint)
        elif q.type in ("select_one", "select_multiple"):
            row(f"{q.type} q_{q.id}", q.id, q.label, **hint)
            for value, labels in q.options:
                choices.append(
                    {
                        "list_name": f"q_{q.id}",
                        "name": value,
                        **{col[lang]: _lab(labels, lang, value) for lang in langs},
                    }
                )
        else:
            row(q.type, q.id, q.label, **hint)
    row("end_group", "")
    settings = [
        {
            "form_title": _lab(pack.title, "en", pack.id),
            "form_id": f"mixmig_{pack.id}",
            "version": pack.version,
            "default_language": f"{LANGUAGE_NAMES['en']} (en)",
        }
    ]
    return {"survey": survey, "choices": choices, "settings": settings}


def xlsform_bytes(pack: Pack, languages: list[str] | None = None) -> bytes:
    sheets = form_rows(pack, languages)
    wb = Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        columns: list[str] = []
        for r in rows:
            columns.extend(k for k in r if k not in columns)
        ws.append(columns)
        for r in rows:
            ws.append([r.get(c, "") for c in columns])
    buf = BytesIO()
    wb.save(buf)
    return buf.getvalue()


def validate_xlsform(data: bytes) -> str:
    """Convert with pyxform (raises on an invalid form); returns the XForm XML."""
    from pyxform.xls2xform import convert

    return convert(xlsform=BytesIO(data), file_type=".xlsx").xform
