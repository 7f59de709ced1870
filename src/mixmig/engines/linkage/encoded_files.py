"""The exchange file of privacy-preserving linkage: encodings only, never names.

CSV with a first comment line ``# mixmig-pprl-rbf-v1 bits=<n> key_check=<hex>`` and columns
``record_id, encoding, blocks`` (base64 balanced Bloom filter; space-separated keyed blocking keys).
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .bloom import BITS, FORMAT, from_text, to_text
from .csvio import InputError


@dataclass
class EncodedFile:
    record_id: list[str]
    encodings: np.ndarray
    blocks: list[list[str]]
    key_check: str


def write_encoded(path: str | Path, encoded: EncodedFile) -> None:
    with Path(path).open("w", newline="", encoding="utf-8") as handle:
        handle.write(f"# {FORMAT} bits={2 * BITS} key_check={encoded.key_check}\n")
        writer = csv.writer(handle)
        writer.writerow(["record_id", "encoding", "blocks"])
        for rid, enc, blocks in zip(
            encoded.record_id, to_text(encoded.encodings), encoded.blocks, strict=True
        ):
            writer.writerow([rid, enc, " ".join(blocks)])


def read_encoded(path: str | Path) -> EncodedFile:
    path = Path(path)
    if not path.exists():
        raise InputError(f"{path}: no such file")
    with path.open(newline="", encoding="utf-8") as handle:
        first = handle.readline().split()
        if len(first) < 4 or first[1] != FORMAT:
            raise InputError(f"{path}: not a {FORMAT} file (make it with `mixmig identity encode`)")
        meta = dict(part.split("=", 1) for part in first[2:] if "=" in part)
        rows = list(csv.DictReader(handle))
    try:
        encodings = from_text([r["encoding"] for r in rows])
    except (KeyError, ValueError) as error:
        raise InputError(f"{path}: unreadable encoding ({error})") from error
    return EncodedFile(
        [r["record_id"] for r in rows],
        encodings,
        [r.get("blocks", "").split() for r in rows],
        meta.get("key_check", ""),
    )
