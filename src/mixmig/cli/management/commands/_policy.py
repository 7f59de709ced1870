"""Shared bits of the policy commands: load a pack or fail with the pack's own file/line errors."""

from __future__ import annotations

from django.core.management.base import CommandError

from mixmig.cli.common import EXIT_INVALID
from mixmig.engines.policy import PackError, resolve_pack
from mixmig.engines.policy.caseload import CaseloadError, read_caseload
from mixmig.engines.policy.model import Pack


def load(ref: str) -> Pack:
    try:
        return resolve_pack(ref)
    except PackError as exc:
        raise CommandError(f"pack {ref!r} did not load:\n{exc}", returncode=EXIT_INVALID) from None


def caseload(path: str) -> list[dict]:
    try:
        return list(read_caseload(path))
    except (CaseloadError, OSError) as exc:
        raise CommandError(str(exc), returncode=EXIT_INVALID) from None
