"""The Simplified Chinese catalogue is complete and up to date with the web templates and code."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import polib
import pytest
from django.core.management import call_command
from django.utils.translation.template import templatize

import mixmig

ROOT = Path(mixmig.__file__).parent
PO = ROOT / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"
_CALL = re.compile(r"\b(?:n?p?gettext(?:_lazy)?|_)\(\s*((?:u?'(?:[^'\\]|\\.)*'\s*)+)")


def catalogue() -> polib.POFile:
    return polib.pofile(str(PO))


def literals(python_source: str) -> set[str]:
    out = set()
    for match in _CALL.finditer(python_source):
        out.add("".join(ast.literal_eval(part) for part in re.findall(r"'(?:[^'\\]|\\.)*'", match.group(1))))
    return out


def template_messages() -> dict[str, set[str]]:
    found = {}
    for path in sorted((ROOT / "web" / "templates").rglob("*.html")):
        found[str(path.relative_to(ROOT))] = literals(
            templatize(path.read_text(encoding="utf-8"), origin=str(path))
        )
    return found


def python_messages() -> dict[str, set[str]]:
    pattern = re.compile(r"""\b_\(\s*((?:"(?:[^"\\]|\\.)*"\s*)+)\)""")
    found = {}
    for path in sorted((ROOT / "web").rglob("*.py")):
        source = path.read_text(encoding="utf-8")
        found[str(path.relative_to(ROOT))] = {
            "".join(ast.literal_eval(p) for p in re.findall(r'"(?:[^"\\]|\\.)*"', m.group(1)))
            for m in pattern.finditer(source)
        }
    return found


def test_every_message_has_a_chinese_translation():
    po = catalogue()
    assert po.metadata.get("Plural-Forms", "").startswith("nplurals=1")
    untranslated = [e.msgid for e in po if not (e.msgstr or any(e.msgstr_plural.values()))]
    fuzzy = [e.msgid for e in po.fuzzy_entries()]
    assert not untranslated, f"untranslated in {PO.name}: {untranslated}"
    assert not fuzzy, f"fuzzy (unchecked) in {PO.name}: {fuzzy}"


def test_placeholders_are_kept_in_translations():
    for entry in catalogue():
        names = set(re.findall(r"%\((\w+)\)", entry.msgid))
        for text in [entry.msgstr, *entry.msgstr_plural.values()]:
            if text:
                assert set(re.findall(r"%\((\w+)\)", text)) == names, entry.msgid


@pytest.mark.parametrize("source", ["templates", "python"])
def test_catalogue_is_up_to_date_with_the_web_ui(source):
    """Run `mixmig makemessages -l zh_Hans` in src/mixmig and translate the new entries when this fails."""
    msgids = {entry.msgid for entry in catalogue()}
    found = template_messages() if source == "templates" else python_messages()
    assert sum(len(v) for v in found.values()) > 20
    missing = {where: sorted(m - msgids) for where, m in found.items() if m - msgids}
    assert not missing, f"not in {PO}: {missing}"


def test_vocabulary_labels_are_translated():
    from django.utils import translation

    from mixmig.apps.access.roles import Role
    from mixmig.apps.registry.vocabularies import Reason, Relation

    with translation.override("zh-hans"):
        assert str(Role.REGISTRATION_OFFICER.label) == "登记官员"
        assert str(Relation.LEGAL_GUARDIAN.label) == "法定监护人"
        assert str(Reason.PERSECUTION.label) == "迫害"


def test_compile_command_writes_mo_files(capsys):
    call_command("compilemessages_mixmig", "--check")
    assert PO.with_suffix(".mo").exists()
    assert "100% translated" in capsys.readouterr().out
