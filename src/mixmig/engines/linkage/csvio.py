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
    if len(set(ids)) != len(ids):
        seen: set[str] = set()
        duplicate = next(i for i in ids if i in seen or seen.add(i))
        raise InputError(f"{path}: record_id {duplicate!r} occurs more than once; record ids must be unique")
    return rows


def write_rows(path: str | Path, header: Sequence[str], rows: Iterable[Sequence[object]]) -> None:
    with Path(path).open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
