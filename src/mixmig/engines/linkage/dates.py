"""Dates of birth as registrations record them: exact, year only, or an estimate set to 1 January.

A date is kept as integer parts plus a precision, never coerced into a calendar date: a typo such as
month 13 still carries a usable year and day, and an estimated age must not look exact.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_ISO = re.compile(r"^\s*(\d{4})(?:[-/.]?(\d{1,2})(?:[-/.]?(\d{1,2}))?)?\s*$")
_DMY = re.compile(r"^\s*(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})\s*$")

EXACT = 2  # day, month and year stated
YEAR_ONLY = 1  # only the year is known, or the date is a 1 January default (an estimate)
UNKNOWN = 0


@dataclass(frozen=True, slots=True)
class BirthDate:
    year: int = 0
    month: int = 0
    day: int = 0
    precision: int = UNKNOWN

    @property
    def digits(self) -> str:
        """``YYYYMMDD`` for exact dates (for edit-distance comparisons), else ``""``."""
        if self.precision != EXACT:
            return ""
        return f"{self.year:04d}{self.month:02d}{self.day:02d}"


UNKNOWN_DATE = BirthDate()


def parse_birth_date(text: str | None) -> BirthDate:
    """Parse ``YYYY-MM-DD``, ``YYYYMMDD``, ``YYYY`` or ``DD/MM/YYYY``; anything else is unknown.

    ``01-01`` is read as an estimate (year precision): registration systems fill it in when only an age
    is known, so it must not count as exact agreement with another 1 January.
    """
    if not text:
        return UNKNOWN_DATE
    match = _ISO.match(text)
    if match:
        year, month, day = int(match.group(1)), int(match.group(2) or 0), int(match.group(3) or 0)
    else:
        match = _DMY.match(text)
        if not match:
            return UNKNOWN_DATE
        day, month, year = int(match.group(1)), int(match.group(2)), int(match.group(3))
    if year == 0:
        return UNKNOWN_DATE
    if not month or not day or (month == 1 and day == 1):
        return BirthDate(year, month if day else 0, day, YEAR_ONLY)
    return BirthDate(year, month, day, EXACT)
