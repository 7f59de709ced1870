"""Read a caseload of registrations from JSON Lines, JSON or CSV, with errors naming file, row and field.

CSV columns: the scalar fields of the input schema; ``nationalities``, ``reasons_for_leaving`` and
``documents`` (document kinds) as ``;``-separated lists; ``companions`` as ``relation:age;relation:age``
(age may be empty); answers as ``answers.<question id>`` columns (select_multiple: values separated by
spaces). An empty cell is "not known".
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from mixmig.engines.policy.schema import registration_problems

_INTS = ("birth_year", "age_estimate")
_BOOLS = ("age_disputed", "smuggler_paid")
_LISTS = ("nationalities", "reasons_for_leaving")


class CaseloadError(ValueError):
    """A record in a caseload file does not fit the input schema."""


def _bool(value: str, where: str) -> bool | None:
    v = value.strip().lower()
    if v in ("", "unknown"):
        return None
    if v in ("true", "yes", "1"):
        return True
    if v in ("false", "no", "0"):
        return False
    raise CaseloadError(
        f"{where}: {value!r} is not a yes/no value; allowed: true, false, yes, no, 1, 0 or empty"
    )


def _num(value: str, where: str, cast: type) -> Any:
    try:
        return None if value.strip() == "" else cast(value)
    except ValueError:
        raise CaseloadError(f"{where}: {value!r} is not a {'whole ' if cast is int else ''}number") from None


def from_csv_row(row: dict[str, str], where: str) -> dict[str, Any]:
    reg: dict[str, Any] = {"answers": {}}
    for key, raw in row.items():
        if key is None:
            raise CaseloadError(f"{where}: more cells than header columns")
        value = raw or ""
        cell = f"{where}, column {key}"
        if key.startswith(("answers.", "a_")):
            if value.strip():
                reg["answers"][key.split(".", 1)[1] if key.startswith("answers.") else key[2:]] = (
                    value.strip()
                )
        elif key in _INTS:
            reg[key] = _num(value, cell, int)
        elif key == "journey_cost":
            reg[key] = _num(value, cell, float)
        elif key in _BOOLS:
            reg[key] = _bool(value, cell)
        elif key in _LISTS:
            reg[key] = [v.strip() for v in value.split(";") if v.strip()] if value.strip() else None
        elif key == "documents":
            reg[key] = [{"kind": v.strip()} for v in value.split(";") if v.strip()] if value.strip() else None
        elif key == "companions":
            reg[key] = [_companion(part, cell) for part in value.split(";") if part.strip()]
        else:
            reg[key] = value.strip() or None
    return reg


def _companion(part: str, where: str) -> dict[str, Any]:
    relation, _, age = part.strip().partition(":")
    return {"relation": relation.strip(), "age": _num(age, where, int)}


def read_caseload(path: str | Path, *, validate: bool = True) -> Iterator[dict[str, Any]]:
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".jsonl", ".ndjson", ".json"):
        raise CaseloadError(
            f"{path}: unknown caseload format '{suffix}'; allowed: .csv, .jsonl, .ndjson, .json"
        )
    with path.open(encoding="utf-8", newline="") as fh:
        if suffix == ".csv":
            rows = (
                (i + 2, from_csv_row(r, f"{path}, row {i + 2}")) for i, r in enumerate(csv.DictReader(fh))
            )
        elif suffix == ".json":
            data = json.load(fh)
            rows = ((i + 1, r) for i, r in enumerate(data if isinstance(data, list) else [data]))
        else:
            rows = (
                (i + 1, _json_line(line, f"{path}, line {i + 1}"))
                for i, line in enumerate(fh)
                if line.strip()
            )
        label = "row" if suffix == ".csv" else ("item" if suffix == ".json" else "line")
        for n, reg in rows:
            if validate:
                problems = registration_problems(reg, f"{path}, {label} {n}: ")
                if problems:
                    raise CaseloadError("\n".join(problems[:10]))
            yield reg


def _json_line(line: str, where: str) -> dict[str, Any]:
    try:
        return json.loads(line)
    except json.JSONDecodeError as exc:
        raise CaseloadError(f"{where}: invalid JSON ({exc.msg} at column {exc.colno})") from None
