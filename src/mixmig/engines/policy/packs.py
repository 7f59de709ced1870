"""Find a pack by shipped id (``baseline``) or by path to a YAML file."""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from pathlib import Path

from mixmig.engines.policy.errors import PackError, Problem, suggest
from mixmig.engines.policy.loader import load_pack_file, load_pack_text
from mixmig.engines.policy.model import Pack

PACKS_PACKAGE = "mixmig.packs"


def shipped_pack_ids() -> list[str]:
    return list(_shipped_ids())


@lru_cache(maxsize=1)
def _shipped_ids() -> tuple[str, ...]:
    root = resources.files(PACKS_PACKAGE)
    return tuple(sorted(p.name[: -len(".yaml")] for p in root.iterdir() if p.name.endswith(".yaml")))


@lru_cache(maxsize=32)
def _shipped(pack_id: str) -> Pack:
    res = resources.files(PACKS_PACKAGE).joinpath(f"{pack_id}.yaml")
    return load_pack_text(res.read_text("utf-8"), f"mixmig/packs/{pack_id}.yaml")


def resolve_pack(ref: str | Path) -> Pack:
    """A shipped pack id or a path to a pack YAML file."""
    ref_s = str(ref)
    if ref_s in shipped_pack_ids():
        return _shipped(ref_s)
    path = Path(ref_s)
    if path.suffix in (".yaml", ".yml") or path.exists():
        return load_pack_file(path)
    ids = shipped_pack_ids()
    raise PackError(
        [
            Problem(
                ref_s,
                None,
                "",
                f"no shipped pack '{ref_s}' and no such file{suggest(ref_s, ids)}; shipped packs: {', '.join(ids)}",
            )
        ]
    )
