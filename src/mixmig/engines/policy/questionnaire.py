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


def answer_problems(pack: Pack, registration: dict[str, Any], where: str = "") -> list[str]:
    """Answers that the pack's questions cannot read: unknown question, wrong type, option not offered."""
    from mixmig.engines.policy.errors import allowed, suggest
    from mixmig.engines.policy.facts import YES

    out = []
    questions = {q.id: q for q in pack.questions}
    for qid, value in (registration.get("answers") or {}).items():
        q = questions.get(qid)
        field = f"{where}answers.{qid}"
        if q is None:
            out.append(f"{field}: pack '{pack.id}' asks no question '{qid}'{suggest(qid, questions)}")
            continue
        if value is None:
            continue
        if q.type == "yes_no":
            key = value.lower() if isinstance(value, str) else value
            if isinstance(key, list | dict) or key not in YES:
                out.append(
                    f"{field}: {value!r} is not a yes/no answer; allowed: true, false, null, yes, no, unknown"
                )
        elif q.type in ("select_one", "select_multiple"):
            options = [v for v, _ in q.options]
            values = value.split() if isinstance(value, str) and q.type == "select_multiple" else value
            values = values if isinstance(values, list) else [values]
            for v in values:
                if v not in options:
                    out.append(
                        f"{field}: {v!r} is not an option{suggest(str(v), options)}; {allowed(options)}"
                    )
        elif q.type in ("integer", "decimal"):
            try:
                (int if q.type == "integer" else float)(value)
            except (TypeError, ValueError):
                out.append(
                    f"{field}: {value!r} is not {'a whole number' if q.type == 'integer' else 'a number'}"
                )
    return out
