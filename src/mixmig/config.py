"""Reading configuration from ``MIXMIG_*`` environment variables.

Every setting may also come from a file named by ``MIXMIG_<NAME>_FILE`` (for secrets mounted by an
orchestrator). Values are read when settings are built, never elsewhere.
"""

from __future__ import annotations

import os
from pathlib import Path

PREFIX = "MIXMIG_"


class ConfigurationError(RuntimeError):
    """A configuration value is missing, malformed or unsafe for this environment."""


def env(name: str, default: str | None = None) -> str | None:
    """Return ``MIXMIG_<name>``, or the contents of the file named by ``MIXMIG_<name>_FILE``."""
    key = PREFIX + name
    file_key = key + "_FILE"
    if os.environ.get(file_key):
        path = Path(os.environ[file_key])
        try:
            return path.read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise ConfigurationError(f"{file_key} names {path}, which cannot be read: {exc}") from exc
    return os.environ.get(key, default)


def env_bool(name: str, default: bool) -> bool:
    raw = env(name)
    if raw is None or raw == "":
        return default
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ConfigurationError(
        f"{PREFIX}{name}={raw!r} is not a boolean; use one of 1/0, true/false, yes/no, on/off"
    )


def env_int(name: str, default: int, minimum: int = 0) -> int:
    raw = env(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError as exc:
        raise ConfigurationError(f"{PREFIX}{name}={raw!r} is not a whole number") from exc
    if value < minimum:
        raise ConfigurationError(f"{PREFIX}{name}={value} must be at least {minimum}")
    return value


def env_list(name: str, default: list[str]) -> list[str]:
    raw = env(name)
    if raw is None or raw.strip() == "":
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]
