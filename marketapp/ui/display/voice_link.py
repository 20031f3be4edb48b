"""The app's end of the voice worker process (``voice_worker``): start it, send it messages,
hear its answers, end it. Everything here returns at once: QProcess writes when the event
loop runs and its signals bring the answers, so the UI thread never waits for the worker.

The command: ``python -m marketapp voice-worker`` from a checkout or an installed wheel (the
same interpreter as the app); in a frozen bundle ``sys.executable`` is the app itself, and
``marketapp.launch.main`` hands ``voice-worker`` to the worker before any command parsing.
"""

from __future__ import annotations

import logging
import sys
from typing import Any

from PySide6.QtCore import QObject, QProcess, Signal

from marketapp import VOICE_WORKER
from marketapp.ui.display.voice_protocol import decode, encode

log = logging.getLogger(__name__)
worker_log = logging.getLogger("marketapp.ui.display.voice_worker")
QUIT_WAIT_MS = 1000  # at shutdown: then the worker is killed
_killed: set[WorkerProcess] = set()  # kept until reaped: a QProcess dropped early would wait


def worker_command() -> list[str]:
    if getattr(sys, "frozen", False):
        return [sys.executable, VOICE_WORKER]
    return [sys.executable, "-m", "marketapp", VOICE_WORKER]


class WorkerProcess(QObject):
    """One worker process. ``message`` brings each answer; ``ended`` says it is gone when
    that was not asked for (crashed, killed from outside, could not start)."""

    message = Signal(dict)
    ended = Signal(str)

    def __init__(self, command: list[str] | None = None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.command = command or worker_command()
        self._closing = False
        self._process = QProcess(self)
        # its stderr is the app's: nothing piles up unread in a buffer
        self._process.setProcessChannelMode(QProcess.ProcessChannelMode.ForwardedErrorChannel)
        self._process.readyReadStandardOutput.connect(self._read)
        self._process.finished.connect(self._finished)
        self._process.errorOccurred.connect(self._error)

    def start(self) -> None:
        self._process.start(self.command[0], self.command[1:])

    def pid(self) -> int:
        return int(self._process.processId())

    def send(self, message: dict[str, Any]) -> None:
        if self._process.state() != QProcess.ProcessState.NotRunning:
            self._process.write(encode(message))

    def kill(self) -> None:
        """End it now (it hangs), without waiting: its ``ended`` is not emitted."""
        self._closing = True
        if self._process.state() != QProcess.ProcessState.NotRunning:
            _killed.add(self)
            self._process.kill()

    def close(self) -> None:
        """Quitting: ask it to stop, give it a moment, then kill it. The only wait here, and
        only when the app is closing."""
        if self._process.state() == QProcess.ProcessState.NotRunning:
            return
        self._closing = True
        self.send({"do": "quit"})
        self._process.closeWriteChannel()
        if not self._process.waitForFinished(QUIT_WAIT_MS):
            self._process.kill()
            self._process.waitForFinished(QUIT_WAIT_MS)

    def _read(self) -> None:
        while self._process.canReadLine():
            raw = bytes(self._process.readLine().data())
            message = decode(raw)
            if message is None:
                log.warning("voice worker said something else: %r", raw[:200])
            elif "log" in message:
                level = message["log"] if isinstance(message["log"], int) else logging.INFO
                worker_log.log(level, "%s", message.get("text", ""))
            else:
                self.message.emit(message)

    def _finished(self, code: int, status: QProcess.ExitStatus) -> None:
        _killed.discard(self)
        if not self._closing:
            log.warning("the voice worker ended (exit %s, %s)", code, status.name)
            self.ended.emit("worker-died")

    def _error(self, error: QProcess.ProcessError) -> None:
        if error == QProcess.ProcessError.FailedToStart and not self._closing:
            log.warning("the voice worker did not start: %s (%s)",
                        self._process.errorString(), " ".join(self.command))
            self.ended.emit("worker-died")
