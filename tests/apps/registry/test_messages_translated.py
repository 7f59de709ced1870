"""Validation messages follow the active language: Simplified Chinese under zh-hans, English under en."""

from __future__ import annotations

from datetime import date

import pytest
from django.utils import translation

from mixmig.apps.registry.errors import InvalidInput
from mixmig.apps.registry.inputs import clean_member

TODAY = date(2025, 6, 1)
BAD = {"given_name": "Amina", "birth_date": "2009-13-45", "nationalities": "ZZZ", "origin_country": "SY"}


def _messages(language: str) -> dict[str, str]:
    with translation.override(language), pytest.raises(InvalidInput) as caught:
        clean_member(dict(BAD), TODAY)
    return {e.field: e.message for e in caught.value.errors}


def test_messages_are_chinese_under_zh_hans():
    messages = _messages("zh-hans")
    assert messages["birth_date"] == "'2009-13-45' 不是有效日期；请使用 YYYY-MM-DD 格式，例如 2009-03-27"
    assert "'ZZZ' 不是 ISO 3166-1 三字母国家代码" in messages["nationalities"]
    assert "无国籍用 XXA" in messages["nationalities"]
    assert "您是否指 SYR？" in messages["origin_country"]


def test_messages_are_english_under_en():
    messages = _messages("en")
    assert messages["birth_date"] == "'2009-13-45' is not a valid date; use YYYY-MM-DD, e.g. 2009-03-27"
    assert messages["nationalities"] == (
        "'ZZZ' is not an ISO 3166-1 alpha-3 country code; "
        "use e.g. SYR, AFG, ERI, XXA for stateless or XXX for unknown"
    )
    assert messages["origin_country"] == (
        "'SY' is not an ISO 3166-1 alpha-3 country code (did you mean SYR?); use e.g. SYR, AFG, ERI"
    )


def test_the_language_is_chosen_when_the_message_is_made():
    """gettext runs at call time: the same code gives each caller its own language."""
    assert "不是有效日期" in _messages("zh-hans")["birth_date"]
    assert "is not a valid date" in _messages("en")["birth_date"]
