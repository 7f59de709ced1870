"""Identity resolution: find the same person across registrations, scripts and agencies.

Pure Python (numpy, rapidfuzz, DuckDB); no Django. See docs/identity-resolution.md.
"""

from .pipeline import DedupeResult, dedupe
from .records import REQUIRED_COLUMNS, Prepared, missing_columns, prepare

__all__ = ["REQUIRED_COLUMNS", "DedupeResult", "Prepared", "dedupe", "missing_columns", "prepare"]
