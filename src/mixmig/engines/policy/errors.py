"""Problems found in a policy pack, each with file, line and a hint how to fix it."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a pack: where (file, line, field path) and what."""

    file: str
    line: int | None
    path: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        field = f" [{self.path}]" if self.path else ""
        return f"{where}{field}: {self.message}"


class PackError(ValueError):
    """A pack failed to load; ``problems`` lists everything wrong (the pack is not half-loaded)."""

    def __init__(self, problems: Iterable[Problem]):
        self.problems = sorted(problems, key=lambda p: (p.file, p.line or 0, p.path, p.message))
        super().__init__("\n".join(str(p) for p in self.problems))


def suggest(word: str, candidates: Iterable[str]) -> str:
    """A " did you mean 'x'?" suffix for ``word`` among ``candidates``, or "" when nothing is close."""
    close = difflib.get_close_matches(str(word), sorted(set(candidates)), n=1, cutoff=0.6)
    return f"; did you mean '{close[0]}'?" if close else ""


def allowed(candidates: Iterable[str], limit: int = 40) -> str:
    values = sorted(set(candidates))
    shown = ", ".join(values[:limit]) + (", …" if len(values) > limit else "")
    return f"allowed: {shown}"
