"""Commands that replace or rewrite the data file hold the app's lock while they work."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from pathlib import Path

from marketapp.core.errors import UserError
from marketapp.store.instance_lock import InstanceLock, InstanceLockError, read_holder


@contextlib.contextmanager
def exclusive(db_path: Path, refusal: Callable[..., UserError]) -> Iterator[None]:
    """Hold the data file's lock; while the app has it open, raise ``refusal('in_use', …)``
    (each command's own error, so its message says what was not done)."""
    lock = InstanceLock(db_path)
    try:
        lock.acquire()
    except InstanceLockError as exc:
        if exc.code != "open_elsewhere":
            raise
        holder = read_holder(db_path)
        raise refusal("in_use", path=str(db_path),
                      pid=holder.pid if holder and holder.pid else "?") from exc
    try:
        yield
    finally:
        lock.release()
