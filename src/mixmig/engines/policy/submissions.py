"""Read KoBo / ODK submissions of a form made by ``xlsform.py`` back into screening registrations.

Accepts the KoBo API JSON (``{"results": [...]}``), a JSON list, or a CSV export. Group prefixes
(``registration/sex``, ``screening/fear_of_return``) are dropped; select_multiple answers are
space-separated; yes/no/unknown answers become true/false/null; the companions repeat becomes
``companions`` (CSV exports carry no repeats, so companions are then not known to the form: none).
"""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

from mixmig.engines.policy.caseload import CaseloadError
from mixmig.engines.policy.facts import YES
from mixmig.engines.policy.model import Pack
from mixmig.engines.policy.schema import registration_problems

_INTS = ("birth_year", "age_estimate")


def _leaf(key: str) -> str:
    return key.rsplit("/", 1)[-1]


def _flat(sub: dict[str, Any]) -> dict[str, Any]:
    return {_leaf(k): v for k, v in sub.items()}


def submission_to_registration(sub: dict[str, Any], pack: Pack, where: str) -> dict[str, Any]:
    flat = _flat(sub)
    qtypes = {q.id: q.type for q in pack.questions}

    def blank(v: Any) -> bool:
        return v is None or (isinstance(v, str) and v.strip() in ("", "n/a"))

    def num(name: str, cast: type) -> Any:
        v = flat.get(name)
        if blank(v):
            return None
        try:
            return cast(v)
        except (TypeError, ValueError):
            raise CaseloadError(f"{where}, field {name}: {v!r} is not a number") from None

    def split(name: str) -> list[str] | None:
        v = flat.get(name)
        if blank(v):
            return None
        return v.split() if isinstance(v, str) else list(v or [])

    def yes(name: str) -> bool | None:
        v = flat.get(name)
        v = v.strip().lower() if isinstance(v, str) else v
        if v not in YES:
            raise CaseloadError(f"{where}, field {name}: {v!r}; allowed: yes, no, unknown")
        return YES[v]

    record_id = flat.get("record_id") or flat.get("_uuid") or flat.get("instanceID")
    reg: dict[str, Any] = {
        "record_id": str(record_id) if record_id else None,
        "screening_date": (flat.get("screening_date") or "")[:10] or None,
        "sex": flat.get("sex"),
        "birth_precision": flat.get("birth_precision"),
        "birth_date": (flat.get("birth_date") or "")[:10] or None,
        "birth_year": num("birth_year", int),
        "age_estimate": num("age_estimate", int),
        "age_disputed": yes("age_disputed"),
        "nationalities": [n.upper() for n in split("nationalities") or []] or None,
        "origin_country": (flat.get("origin_country") or "").upper() or None,
        "intended_destination": (flat.get("intended_destination") or "").upper() or None,
        "transport_mode": flat.get("transport_mode") or None,
        "smuggler_paid": yes("smuggler_paid"),
        "journey_cost": num("journey_cost", float),
        "reasons_for_leaving": split("reasons_for_leaving"),
        "documents": [{"kind": k} for k in split("documents") or []]
        if split("documents") is not None
        else None,
        "companions": [
            {
                "relation": _flat(c).get("relation") or "unknown",
                "age": None if blank(_flat(c).get("age")) else int(_flat(c)["age"]),
            }
            for c in sub.get("companions") or sub.get("registration/companions") or []
        ],
        "answers": {},
    }
    for qid, qtype in qtypes.items():
        v = flat.get(qid)
        if blank(v):
            continue
        if qtype == "yes_no":
            reg["answers"][qid] = yes(qid)
        elif qtype == "select_multiple":
            reg["answers"][qid] = split(qid)
        elif qtype == "integer":
            reg["answers"][qid] = num(qid, int)
        elif qtype == "decimal":
            reg["answers"][qid] = num(qid, float)
        else:
            reg["answers"][qid] = v
    problems = registration_problems(reg, f"{where}: ")
    if problems:
        raise CaseloadError("\n".join(problems[:10]))
    return reg


def read_submissions(path: str | Path, pack: Pack) -> list[dict[str, Any]]:
    path = Path(path)
    if path.suffix.lower() == ".csv":
        with path.open(encoding="utf-8-sig", newline="") as fh:
            rows = list(csv.DictReader(fh))
        return [submission_to_registration(r, pack, f"{path}, row {i + 2}") for i, r in enumerate(rows)]
    if path.suffix.lower() != ".json":
        raise CaseloadError(
            f"{path}: unknown submissions format '{path.suffix}'; allowed: .json (KoBo API / ODK), .csv"
        )
    try:
        data = json.loads(path.read_text("utf-8"))
    except json.JSONDecodeError as exc:
        raise CaseloadError(f"{path}: invalid JSON ({exc.msg} at line {exc.lineno})") from None
    items = (data.get("results", data.get("value")) if isinstance(data, dict) else data) or []
    return [submission_to_registration(s, pack, f"{path}, submission {i + 1}") for i, s in enumerate(items)]
