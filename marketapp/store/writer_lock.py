"""The app's lock, taken by a command-line command that writes to the data file.

One writer at a time is what keeps a restore or a merge from overwriting what another
command is committing (a restore used to take its "before" copy while an import was still
running, and the import was then in neither file). Every command that writes holds the
data file's instance lock (``store.instance_lock``) for its whole run, with a policy:

``EXCLUSIVE`` (the default: imports, restore, merge, operators…)
    another command holding the lock is waited for, said once on stderr with its name and
    process number (Ctrl+C gives up); the app's window or ``marketapp serve`` holding it is
    a refusal naming it and what to do - they can hold the file for hours.
``BESIDE_APP`` (pairing a phone: ``marketapp devices``)
    may write beside the app or ``marketapp serve``: its few rows go through SQLite's write
    lock like theirs, and the app or server has already checked and upgraded the file.
    Another command (a restore or a merge among them) is waited for, as above; with nobody
    holding the file the lock is taken, so a restore or merge started meanwhile waits.

A ``BESIDE_APP`` command that found the app holding the file runs without the lock. Should
the app close and a restore start in the second that command takes, its rows could land
between the restore's "before" copy and the overwrite; the window is the command's own
run, a fraction of a second, and it is accepted rather than a second lock every holder
would have to take.
"""

from __future__ import annotations

import contextlib
import enum
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from marketapp.core.errors import UserError
from marketapp.core.text import N_
from marketapp.store.instance_lock import InstanceLock, InstanceLockError, LockHolder, read_holder

POLL_S = 0.2


class LockPolicy(enum.Enum):
    EXCLUSIVE = "exclusive"
    BESIDE_APP = "beside_app"


class WriterLockError(UserError):
    messages = {
        "app_open": N_("The data file {path} is open in the marketapp window (process {pid}), so "
                       "“marketapp {command}” did not run and nothing was changed. Close the app "
                       "first, or do this in the app."),
        "serve_open": N_("The data file {path} is in use by “marketapp serve” (process {pid}), so "
                         "“marketapp {command}” did not run and nothing was changed. Stop the "
                         "server first (Ctrl+C in its window)."),
        "waiting": N_("Waiting for “marketapp {other}” (process {pid}) to finish with the data "
                      "file… (Ctrl+C to give up)"),
        "gave_up": N_("Stopped waiting: “marketapp {command}” did not run and nothing was "
                      "changed."),
    }


Refusal = Callable[..., UserError]


@contextlib.contextmanager
def writer_lock(db_path: Path | str, command: str,
                policy: LockPolicy = LockPolicy.EXCLUSIVE, *,
                refusal: Refusal | None = None,
                waiting: Callable[[str], object] | None = None,
                poll: float = POLL_S) -> Iterator[InstanceLock | None]:
    """Hold the data file's lock while the block runs (None: running beside the app or
    server under ``BESIDE_APP``, without the lock).

    ``refusal('in_use', path=…, pid=…)``: a command's own error for the app holding the
    file (its message says what was not done); ``waiting(text)`` is told once when another
    command is waited for (default: nothing said)."""
    lock = InstanceLock(db_path, holder="command", command=command)
    said = False
    while True:
        try:
            lock.acquire()
            break
        except InstanceLockError as exc:
            if exc.code != "open_elsewhere":
                raise
            holder = read_holder(db_path)
        if holder is not None and holder.kind in ("app", "serve"):
            if policy is LockPolicy.BESIDE_APP:
                yield None
                return
            raise _refused(db_path, command, holder, refusal)
        # Another command, or a holder that has not written its name yet: wait for it.
        if not said and waiting is not None and holder is not None:
            waiting(WriterLockError("waiting", other=holder.command or "?",
                                    pid=holder.pid or "?").message())
            said = True
        try:
            time.sleep(poll)
        except KeyboardInterrupt:
            raise WriterLockError("gave_up", command=command) from None
    try:
        yield lock
    finally:
        lock.release()


def _refused(db_path: Path | str, command: str, holder: LockHolder,
             refusal: Refusal | None) -> UserError:
    pid = holder.pid or "?"
    if holder.kind == "serve":
        return WriterLockError("serve_open", path=str(db_path), pid=pid, command=command)
    if refusal is not None:
        return refusal("in_use", path=str(db_path), pid=pid)
    return WriterLockError("app_open", path=str(db_path), pid=pid, command=command)
