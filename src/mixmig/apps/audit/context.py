"""Where the current action comes from (IP address and channel), set by the face that received it."""

from __future__ import annotations

from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass


@dataclass(frozen=True)
class Origin:
    address: str = ""
    channel: str = "system"


_current: ContextVar[Origin] = ContextVar("mixmig_audit_origin", default=Origin())  # noqa: B039 - frozen


def current_origin() -> Origin:
    return _current.get()


@contextmanager
def origin(address: str, channel: str):
    token = _current.set(Origin(address=address or "", channel=channel))
    try:
        yield
    finally:
        _current.reset(token)


def set_origin(address: str, channel: str):
    """Set the origin for the rest of this context (returns a token for ``reset_origin``)."""
    return _current.set(Origin(address=address or "", channel=channel))


def reset_origin(token) -> None:
    _current.reset(token)
