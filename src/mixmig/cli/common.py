"""Helpers shared by the ``mixmig`` commands: the acting user, audit origin, progress and exit codes."""

from __future__ import annotations

import sys
import time

from django.contrib.auth import get_user_model
from django.core.management.base import CommandError

from mixmig.apps.audit.context import origin

# Exit codes: 0 success, 1 invalid input / verification failed, 2 usage (argparse), 3 not permitted.
EXIT_INVALID = 1
EXIT_NOT_PERMITTED = 3


def cli_origin():
    """Audit events written by a command carry channel ``cli``."""
    return origin("cli", "cli")


def acting_user(username: str):
    """The active user named by ``--as``; a clear error otherwise."""
    if not username:
        raise CommandError("--as USERNAME is required: the command runs with that user's role and scope")
    user = get_user_model().objects.select_related("agency", "team").filter(username=username).first()
    if user is None or not user.is_active:
        raise CommandError(f"no active user named {username!r}; create one with `mixmig createuser`")
    return user


class Progress:
    """A one-line progress bar on stderr (redrawn in place on a terminal, every 10% otherwise)."""

    def __init__(self, label: str, stream=None, width: int = 30):
        self.label = label
        self.stream = stream or sys.stderr
        self.width = width
        self.started = time.monotonic()
        self.tty = hasattr(self.stream, "isatty") and self.stream.isatty()
        self._last_decile = -1

    def __call__(self, done: int, total: int | None = None) -> None:
        elapsed = time.monotonic() - self.started
        if total:
            fraction = min(done / total, 1.0)
            bar = "#" * int(fraction * self.width)
            line = f"{self.label} [{bar:<{self.width}}] {done}/{total} ({fraction:.0%}) {elapsed:.1f} s"
            decile = int(fraction * 10)
        else:
            line = f"{self.label} {done} {elapsed:.1f} s"
            decile = done
        if self.tty:
            self.stream.write("\r" + line)
            self.stream.flush()
        elif decile != self._last_decile:
            self.stream.write(line + "\n")
        self._last_decile = decile

    def finish(self) -> None:
        if self.tty:
            self.stream.write("\n")
            self.stream.flush()
