"""The voice worker: a small process of its own that owns the speech engine and the chime
(``VoicePlayer``), so nothing the engine does can stop the app's windows (``voice_player``
says why a thread was not enough).

The app starts it as ``marketapp voice-worker`` (``voice_link``) and talks JSON lines, one
message a line, ASCII only:

    to the worker (stdin)    {"do": "probe", "speech": true}
                             {"do": "say", "id": 3, "words": "请 A零零三号 到 理发 摊位", "volume": 0.8}
                             {"do": "stop"}   {"do": "quit"}
    to the app (stdout)      {"mode": "tts", "reason": "", "voice": "Microsoft Huihui Desktop"}
                             {"done": 3}
                             {"log": 20, "text": "speech engine speechd has 1514 voices, …"}

The end of stdin (the app quit, or died) ends the worker. stdout carries only these
messages: whatever a library prints goes to stderr.
"""

from __future__ import annotations

import logging
import os
import sys
import threading
from collections.abc import Callable
from typing import IO, Any

from PySide6.QtCore import QCoreApplication, QObject, Signal, Slot

from marketapp import VOICE_WORKER
from marketapp.ui.display.voice_player import VoicePlayer
from marketapp.ui.display.voice_protocol import decode, encode

log = logging.getLogger(__name__)


class WorkerSide(QObject):
    """Messages from the app become calls on the player; its signals become messages."""

    def __init__(self, player: VoicePlayer, send: Callable[[dict[str, Any]], None],
                 quit_worker: Callable[[], None]) -> None:
        super().__init__()
        self.player = player
        self._send = send
        self._quit = quit_worker
        player.decided.connect(self._decided)
        player.done.connect(self._done)

    def _decided(self, mode: str, reason: str, voice_name: str) -> None:
        self._send({"mode": mode, "reason": reason, "voice": voice_name})

    def _done(self, call_id: int) -> None:
        self._send({"done": call_id})

    @Slot(bytes)
    def handle_line(self, raw: bytes) -> None:
        message = decode(raw)
        if message is None:
            log.warning("voice worker: not a message: %r", raw[:200])
        else:
            self.handle(message)

    def handle(self, message: dict[str, Any]) -> None:
        do = message.get("do")
        try:
            if do == "probe":
                self.player.probe(bool(message.get("speech", True)))
            elif do == "say":
                self.player.say(int(message["id"]), str(message["words"]),
                                float(message["volume"]))
            elif do == "stop":
                self.player.stop()
            elif do == "quit":
                self._quit()
            else:
                log.warning("voice worker: unknown message %r", message)
        except (KeyError, TypeError, ValueError):
            log.warning("voice worker: malformed message %r", message)


class _Lines(QObject):
    """Lines read from stdin in a thread, delivered to the main thread (queued signals)."""

    line = Signal(bytes)
    closed = Signal()


def _read_lines(stream: IO[bytes], lines: _Lines) -> None:
    try:
        for raw in iter(stream.readline, b""):
            lines.line.emit(raw)
        lines.closed.emit()
    except RuntimeError:  # the worker is quitting and its objects are gone
        pass


class _Channel:
    """stdout kept for the messages; file descriptor 1 then points to stderr, so a library
    writing to stdout cannot garble them."""

    def __init__(self) -> None:
        self._out = os.fdopen(os.dup(1), "wb", buffering=0)
        try:
            os.dup2(2, 1)
        except OSError:  # no stderr (a windowed build): stray output goes nowhere
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, 1)
            os.close(devnull)
        sys.stdout = sys.stderr
        self._lock = threading.Lock()  # the log handler may write from any thread

    def send(self, message: dict[str, Any]) -> None:
        with self._lock:
            try:
                self._out.write(encode(message))
            except OSError:  # the app is gone; the end of stdin ends this process
                pass


class _ToApp(logging.Handler):
    """The worker's log records go to the app's log (its file), not to a console."""

    def __init__(self, channel: _Channel) -> None:
        super().__init__(logging.INFO)
        self._channel = channel

    def emit(self, record: logging.LogRecord) -> None:
        self._channel.send({"log": record.levelno, "text": self.format(record)})


def run() -> int:
    """The worker's main: returns when the app says quit or closes stdin."""
    channel = _Channel()
    root = logging.getLogger("marketapp")
    root.addHandler(_ToApp(channel))
    root.setLevel(logging.INFO)
    stdin = sys.stdin.buffer if sys.stdin is not None else os.fdopen(0, "rb", closefd=False)
    app = QCoreApplication.instance() or QCoreApplication([sys.argv[0], VOICE_WORKER])
    side = WorkerSide(VoicePlayer(), channel.send, app.quit)
    lines = _Lines()
    lines.line.connect(side.handle_line)  # a slot of the main thread's object: queued
    lines.closed.connect(app.quit)
    threading.Thread(target=_read_lines, args=(stdin, lines), name="voice-stdin",
                     daemon=True).start()
    return app.exec()


if __name__ == "__main__":
    sys.exit(run())
