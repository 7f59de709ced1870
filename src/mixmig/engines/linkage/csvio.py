"""Reading and writing the linkage CLI's CSV files (plain rows in, plain rows out)."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from pathlib import Path

from .records import missing_columns


class InputError(ValueError):
    """A file the user gave cannot be used; the message says what to fix."""


def read_registrations(path: str | Path, required: bool = True) -> list[dict[str, str]]:
    """Rows of a registrations CSV (UTF-8, header row; column names trimmed)."""
    path = Path(path)
    if not path.exists():
        raise InputError(f"{path}: no such file")
    with path.open(newline="", encoding="utf-8-sig") as handle:
        reader = csv.DictReader(handle, skipinitialspace=True)
        header = [h.strip() for h in reader.fieldnames or []]
        missing = missing_columns(header)
        if required and missing:
            raise InputError(
                f"{path}: missing required column(s): {', '.join(missing)} "
                f"(the header has: {', '.join(header) or 'nothing'})"
            )
        rows = []
        for raw in reader:
            rows.append({(k or "").strip(): (v or "").strip() for k, v in raw.items() if k is not None})
    ids = [r["record_id"] for r in rows]
    seen: dict[str, int] = {}
    for line, rid in enumerate(ids, start=2):
        if not rid:
            raise InputError(f"{path}, row {line}: record_id is empty; every record needs an id")
        if rid in seen:
            raise InputError(
                f"{path}, row {line}: record_id {rid!r} already used on row {seen[rid]}; record ids must be unique"
            )
        seen[rid] = line
    return rows


def write_rows(path: str | Path, header: Sequence[str], rows: Iterable[Sequence[object]]) -> None:
    with Path(path).open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
