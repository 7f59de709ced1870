"""Group commit: many concurrent writes, one durable commit.

With SQLite in WAL mode and ``synchronous=FULL`` every commit waits for the disk (fsync, several ms here),
and only one writer runs at a time, so one commit per request caps a server at a few dozen writes per
second. ``write`` hands the write to a single writer thread that runs every write waiting in the queue in
one transaction — each in its own savepoint, so a failing write is rolled back alone — commits once, and
only then returns each caller its result. Nothing is acknowledged before it is on disk.

Enabled by ``settings.GROUP_COMMIT`` (on by default for an SQLite database file). When disabled, ``write``
simply runs the function in its own transaction in the caller's thread.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable
from concurrent.futures import Future
from typing import Any, TypeVar

from django.conf import settings
from django.db import close_old_connections, connection, transaction

from mixmig.apps.audit.context import current_origin, reset_origin, set_origin

T = TypeVar("T")
MAX_BATCH = 128
WAIT_SECONDS = 60


class _Writer:
    def __init__(self) -> None:
        self.jobs: queue.Queue = queue.Queue()
        self.thread = threading.Thread(target=self._run, name="mixmig-group-commit", daemon=True)
        self.thread.start()

    def _run(self) -> None:
        while True:
            first = self.jobs.get()
            if first is None:  # stop(): close this thread's connection and end
                connection.close()
                return
            batch = [first]
            while len(batch) < MAX_BATCH:
                try:
                    job = self.jobs.get_nowait()
                except queue.Empty:
                    break
                if job is None:
                    self.jobs.put(None)
                    break
                batch.append(job)
            self._commit(batch)

    def _commit(self, batch: list) -> None:
        outcomes: list[tuple[Future, Any, BaseException | None]] = []
        try:
            close_old_connections()
            with transaction.atomic():
                for future, fn, args, kwargs, origin in batch:
                    token = set_origin(origin.address, origin.channel)
                    try:
                        with transaction.atomic():
                            outcomes.append((future, fn(*args, **kwargs), None))
                    except Exception as exc:  # noqa: BLE001 - handed back to the caller
                        outcomes.append((future, None, exc))
                    finally:
                        reset_origin(token)
        except BaseException as exc:  # the commit itself failed: nothing in the batch is acknowledged
            for future, *_ in batch:
                future.set_exception(exc)
            connection.close()
            return
        for future, result, error in outcomes:
            if error is not None:
                future.set_exception(error)
            else:
                future.set_result(result)


_writer: _Writer | None = None
_lock = threading.Lock()


def _get_writer() -> _Writer:
    global _writer
    with _lock:
        if _writer is None or not _writer.thread.is_alive():
            _writer = _Writer()
        return _writer


def stop() -> None:
    """Finish queued writes, close the writer's database connection and end its thread."""
    global _writer
    with _lock:
        if _writer is not None and _writer.thread.is_alive():
            _writer.jobs.put(None)
            _writer.thread.join(timeout=WAIT_SECONDS)
        _writer = None


def enabled() -> bool:
    return bool(getattr(settings, "GROUP_COMMIT", False))


def write(fn: Callable[..., T], *args, **kwargs) -> T:
    """Run ``fn(*args, **kwargs)`` in a transaction and return its result once it is durably committed."""
    if not enabled() or connection.in_atomic_block:
        with transaction.atomic():
            return fn(*args, **kwargs)
    future: Future = Future()
    _get_writer().jobs.put((future, fn, args, kwargs, current_origin()))
    return future.result(timeout=WAIT_SECONDS)
