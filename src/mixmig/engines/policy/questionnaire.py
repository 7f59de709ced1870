"""What an intake form must still ask under a pack, in the user's language."""

from __future__ import annotations

from typing import Any

from mixmig.engines.policy.facts import AnswerSource
from mixmig.engines.policy.model import Labels, Pack


def _label(labels: Labels, language: str) -> str:
    """The label in ``language``, else its base language (zh-hans → zh), else English."""
    base = language.split("-")[0]
    return labels.get(language) or labels.get(base) or labels.get("en", "")


def needed_question_ids(pack: Pack) -> list[str]:
    """Questions some fact reads, in the pack's order."""
    read = {f.source.qid for f in pack.facts if isinstance(f.source, AnswerSource)}
    return [q.id for q in pack.questions if q.id in read]


def questions_to_ask(
    pack: Pack, registration: dict[str, Any] | None = None, language: str = "en"
) -> list[dict[str, Any]]:
    """The pack's needed questions not yet answered in ``registration["answers"]`` (a key present — even
    with "unknown" — counts as asked), labelled in ``language``."""
    answered = set((registration or {}).get("answers") or {})
    out = []
    for qid in needed_question_ids(pack):
        if qid in answered:
            continue
        q = pack.question(qid)
        out.append(
            {
                "id": q.id,
                "type": q.type,
                "label": _label(q.label, language),
                "hint": _label(q.hint, language) if q.hint else "",
                "options": [{"value": v, "label": _label(labels, language)} for v, labels in q.options],
                "sensitive": q.sensitive,
            }
        )
    return out
