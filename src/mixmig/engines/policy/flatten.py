"""Flatten registrations into the columnar table the compiled SQL reads (Arrow → DuckDB / Spark).

One row per registration; lists stay lists (``nationalities``, ``reasons_for_leaving``,
``document_kinds``), companions are a list of (relation, age) structs, and each pack question becomes a
column ``a_<question id>`` typed after the question.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

import pyarrow as pa

from mixmig.engines.policy.facts import answer_value, field_value
from mixmig.engines.policy.model import Pack, Question

_ANSWER_TYPES = {
    "yes_no": pa.bool_(),
    "select_one": pa.string(),
    "select_multiple": pa.list_(pa.string()),
    "integer": pa.int64(),
    "decimal": pa.float64(),
    "text": pa.string(),
}
COMPANION = pa.struct([("relation", pa.string()), ("age", pa.int32())])
BASE_SCHEMA = pa.schema(
    [
        ("record_id", pa.string()),
        ("screening_date", pa.date32()),
        ("sex", pa.string()),
        ("birth_date", pa.date32()),
        ("birth_year", pa.int32()),
        ("birth_precision", pa.string()),
        ("age_estimate", pa.int32()),
        ("age_disputed", pa.bool_()),
        ("nationalities", pa.list_(pa.string())),
        ("origin_country", pa.string()),
        ("intended_destination", pa.string()),
        ("transport_mode", pa.string()),
        ("smuggler_paid", pa.bool_()),
        ("journey_cost", pa.float64()),
        ("reasons_for_leaving", pa.list_(pa.string())),
        ("document_kinds", pa.list_(pa.string())),
        ("companions", pa.list_(COMPANION)),
    ]
)


def questions_of(packs: Iterable[Pack]) -> list[Question]:
    """The union of the packs' questions; the same id must mean the same type in every pack."""
    seen: dict[str, Question] = {}
    for pack in packs:
        for q in pack.questions:
            if q.id in seen and seen[q.id].type != q.type:
                raise ValueError(
                    f"question '{q.id}' is {seen[q.id].type} in one pack and {q.type} in pack '{pack.id}'"
                )
            seen.setdefault(q.id, q)
    return list(seen.values())


def table_schema(questions: Iterable[Question]) -> pa.Schema:
    schema = BASE_SCHEMA
    for q in questions:
        schema = schema.append(pa.field(f"a_{q.id}", _ANSWER_TYPES[q.type]))
    return schema


def _date(value: Any) -> date | None:
    return value if value is None or isinstance(value, date) else date.fromisoformat(value)


def _list(value: Any) -> list | None:
    return None if value is None else sorted(value)


def flatten(registrations: Iterable[dict[str, Any]], questions: list[Question]) -> pa.Table:
    schema = table_schema(questions)
    cols: dict[str, list[Any]] = {name: [] for name in schema.names}
    scalars = (
        "record_id",
        "sex",
        "birth_year",
        "birth_precision",
        "age_estimate",
        "origin_country",
        "intended_destination",
        "transport_mode",
        "smuggler_paid",
        "journey_cost",
    )
    for reg in registrations:
        for name in scalars:
            cols[name].append(reg.get(name))
        cols["screening_date"].append(_date(reg.get("screening_date")))
        cols["birth_date"].append(_date(reg.get("birth_date")))
        cols["age_disputed"].append(field_value(reg, "age_disputed"))
        for name in ("nationalities", "reasons_for_leaving", "document_kinds"):
            cols[name].append(_list(field_value(reg, name)))
        cols["companions"].append(
            [{"relation": c.get("relation"), "age": c.get("age")} for c in reg.get("companions") or ()]
        )
        answers = reg.get("answers") or {}
        for q in questions:
            value = answer_value(answers, q.id, q.type)
            cols[f"a_{q.id}"].append(_list(value) if q.type == "select_multiple" else value)
    return pa.table(cols, schema=schema)


def unflatten(row: dict[str, Any], questions: list[Question]) -> dict[str, Any]:
    """A flattened row (as from DuckDB/Arrow) back into a registration dict for the per-record engine."""
    reg: dict[str, Any] = {
        name: row.get(name)
        for name in (
            "record_id",
            "sex",
            "birth_year",
            "birth_precision",
            "age_estimate",
            "age_disputed",
            "nationalities",
            "origin_country",
            "intended_destination",
            "transport_mode",
            "smuggler_paid",
            "journey_cost",
            "reasons_for_leaving",
            "companions",
        )
    }
    for name in ("screening_date", "birth_date"):
        value = row.get(name)
        reg[name] = value.isoformat() if value is not None else None
    kinds = row.get("document_kinds")
    reg["documents"] = None if kinds is None else [{"kind": k} for k in kinds]
    reg["companions"] = [dict(c) for c in reg["companions"] or []]
    reg["answers"] = {q.id: row[f"a_{q.id}"] for q in questions if row.get(f"a_{q.id}") is not None}
    return reg
