"""Calling a number aloud on the public display: "请 A012 号 到 理发 摊位".

``VoiceService`` is the app's one voice. The sound itself comes from a worker process
(``voice_worker``: Mandarin speech, else a chime, else silence), because opening a speech
engine blocks Python as a whole for seconds (``voice_player``); the service keeps the calls'
queue, watches the worker and tells what it found in words for the staff (``describe``,
``status_changed``: the settings page and the status bar show it, never the public display).
``Voice`` is the display's caller: it turns a call into words (``voice_rules``), keeps the
last calls, and reads on/off and volume from the settings at every call, so a saved change
applies to the next call. Nothing here waits for the worker: the UI thread only posts
messages and reacts to answers.

The queue: a call that comes while one is sounding waits its turn and is said in full; at
most ``MAX_WAITING`` wait (beyond that the oldest waiting call is dropped: its number is still
on the screen) and a call already waiting is not queued twice. The worker gets one call at a
time and answers "done". A worker that has not answered the first question or finished a
call within ``STUCK_MS`` hangs (speech-dispatcher without a working sound device stays
"Speaking" for ever), and one that ends by itself has crashed: either way it is killed and a
new one is started that only chimes; when that one fails too, the calls are only shown.
"""

from __future__ import annotations

import atexit
import itertools
import logging
from collections import deque
from collections.abc import Callable
from typing import Any, Protocol

from PySide6.QtCore import QCoreApplication, QObject, QTimer, Signal

from marketapp.ui.display.voice_link import WorkerProcess
from marketapp.ui.display.voice_rules import call_text, spoken_text

log = logging.getLogger(__name__)
MAX_WAITING = 4
STUCK_MS = 30_000  # a call takes about 3 s to say, choosing about 3 s (speech-dispatcher)
SOUNDING = ("tts", "chime")

__all__ = ["Voice", "VoiceService", "call_text", "shared_service", "spoken_text"]


class WorkerLink(Protocol):
    """What the service needs of a worker (``voice_link.WorkerProcess``; a fake in tests)."""

    message: Any  # Signal(dict)
    ended: Any  # Signal(str): gone without being asked to

    def start(self) -> None: ...
    def send(self, message: dict[str, Any]) -> None: ...
    def kill(self) -> None: ...
    def close(self) -> None: ...


class VoiceService(QObject):
    status_changed = Signal(str)  # describe(), whenever what is used changes
    finished_one = Signal(str)  # the words of a call that has been said

    def __init__(self, start_worker: Callable[[], WorkerLink] | None = None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._start_worker = start_worker or WorkerProcess
        self.mode: str | None = None  # tts | chime | silent once the worker has chosen
        self.reason = ""
        self.voice_name = ""
        self.worker: WorkerLink | None = None
        self._restarted = False  # a failed worker is replaced once, by one that only chimes
        self._failure = ""  # why the first worker was given up
        self._closed = False
        self._waiting: deque[tuple[str, float]] = deque()
        self._current: tuple[int, str, float] | None = None  # id, words, volume
        self._ids = itertools.count(1)
        self._watchdog = QTimer(self)
        self._watchdog.setSingleShot(True)
        self._watchdog.timeout.connect(self._stuck)

    # ------------------------------------------------------------------ asked by the app

    def prepare(self) -> None:
        """Start the worker now, so that it has chosen by the first call."""
        if self.worker is None and self.mode is None and not self._closed:
            self._open_worker(speech=True)

    def say(self, words: str, volume: int) -> None:
        """Queue one call's words; volume 0–100."""
        self.prepare()
        if self.mode == "silent" or self._closed:
            return
        if ((self._current is not None and self._current[1] == words)
                or any(words == waiting for waiting, _ in self._waiting)):
            return
        self._waiting.append((words, max(0, min(100, int(volume))) / 100))
        while len(self._waiting) > MAX_WAITING:
            log.info("too many calls waiting: %r is not said", self._waiting.popleft()[0])
        self._next()

    def stop(self) -> None:
        """Silence now and forget the waiting calls (voice switched off)."""
        self._waiting.clear()
        if self._current is None:
            return
        self._current = None  # a late "done" of the stopped call then changes nothing
        self._watchdog.stop()
        if self.worker is not None:
            self.worker.send({"do": "stop"})

    def shutdown(self) -> None:
        if self._closed:
            return
        self._closed = True
        self._waiting.clear()
        self._current = None
        try:
            self._watchdog.stop()
            worker = self._drop_worker()
            if worker is not None:
                worker.close()
        except RuntimeError:  # at exit, after Qt has deleted its side of the objects
            pass

    # ------------------------------------------------------------------ the worker

    def _open_worker(self, speech: bool) -> None:
        worker = self._start_worker()
        worker.message.connect(self._heard)
        worker.ended.connect(self._worker_failed)
        self.worker = worker
        worker.start()
        worker.send({"do": "probe", "speech": speech})
        self._watchdog.start(STUCK_MS)

    def _drop_worker(self) -> WorkerLink | None:
        worker, self.worker = self.worker, None
        if worker is not None:
            worker.message.disconnect(self._heard)
            worker.ended.disconnect(self._worker_failed)
        return worker

    def _heard(self, message: dict[str, Any]) -> None:
        if "mode" in message:
            self._decided(str(message["mode"]), str(message.get("reason", "")),
                          str(message.get("voice", "")))
        elif "done" in message:
            self._done(message["done"])

    def _decided(self, mode: str, reason: str, voice_name: str) -> None:
        if mode not in (*SOUNDING, "silent"):
            log.warning("the voice worker chose %r", mode)
            mode = "silent"
        if self._failure:
            reason = self._failure  # the chime is used because the speech failed
        self.mode, self.reason, self.voice_name = mode, reason, voice_name
        log.info("display voice: %s %s %s", mode, reason, voice_name)
        self._watchdog.stop()
        if self._current is not None:  # the engine failed mid-call: the chime says it
            self._waiting.appendleft(self._current[1:])
            self._current = None
        if mode == "silent":
            self._waiting.clear()
        self.status_changed.emit(self.describe())
        self._next()

    def _next(self) -> None:
        if (self.mode not in SOUNDING or self.worker is None or self._current is not None
                or not self._waiting):
            return
        words, volume = self._waiting.popleft()
        self._current = (next(self._ids), words, volume)
        self.worker.send({"do": "say", "id": self._current[0], "words": words,
                          "volume": volume})
        self._watchdog.start(STUCK_MS)

    def _done(self, call_id: object) -> None:
        if self._current is None or self._current[0] != call_id:
            return
        words = self._current[1]
        self._current = None
        self._watchdog.stop()
        self.finished_one.emit(words)
        self._next()

    def _stuck(self) -> None:
        what = "a call" if self.mode is not None else "the choice of a voice"
        log.warning("the voice worker did not finish %s within %d s", what, STUCK_MS // 1000)
        self._worker_failed("engine-stuck")

    def _worker_failed(self, reason: str) -> None:
        """The worker hangs or has died: a new one that only chimes, once; then silence."""
        worker = self._drop_worker()
        if worker is not None:
            worker.kill()
        self._watchdog.stop()
        if self._current is not None:
            self._waiting.appendleft(self._current[1:])
            self._current = None
        if self._closed:
            return
        if not self._restarted:
            self._restarted, self._failure, self.mode = True, reason, None
            self._open_worker(speech=False)
            return
        self.mode, self.reason, self.voice_name = "silent", "worker-failed", ""
        self._waiting.clear()
        self.status_changed.emit(self.describe())

    # ------------------------------------------------------------------ for the staff

    def describe(self) -> str:
        if self.mode is None:
            return QCoreApplication.translate("Voice", "Voice: checking…")
        if self.mode == "tts":
            return QCoreApplication.translate(
                "Voice", "Voice: available (Mandarin, {voice})").format(voice=self.voice_name)
        if self.mode == "silent":
            if self.reason == "worker-failed":
                return QCoreApplication.translate(
                    "Voice", "The sound stopped working: calls are shown without sound")
            return QCoreApplication.translate(
                "Voice", "No sound device on this computer: calls are shown without sound")
        if self.reason == "no-chinese-voice":
            return QCoreApplication.translate(
                "Voice", "No Chinese voice on this computer: a chime plays for each call")
        if self.reason in ("engine-stuck", "engine-error", "worker-died"):
            return QCoreApplication.translate(
                "Voice", "The speech engine stopped working: a chime plays for each call")
        return QCoreApplication.translate(
            "Voice", "No speech engine on this computer: a chime plays for each call")


_shared: VoiceService | None = None


def shared_service() -> VoiceService:
    """The app's voice, made on first use and stopped when the app quits."""
    global _shared
    if _shared is None:
        _shared = VoiceService()
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(_shared.shutdown)
        atexit.register(_shared.shutdown)  # also when no event loop ever quits (tests, scripts)
    return _shared


class Voice(QObject):
    """The display's caller: words for each call, said through the service when switched on."""

    notice = Signal(str)

    def __init__(self, settings: Callable[[], tuple[bool, int]],
                 parent: QObject | None = None, service: VoiceService | None = None) -> None:
        super().__init__(parent)
        self._settings = settings
        self.service = service if service is not None else shared_service()
        self.service.status_changed.connect(self.notice)
        self.announced: list[str] = []  # what was called, newest last (for the screen and tests)

    @property
    def mode(self) -> str | None:
        return self.service.mode

    def prepare(self) -> None:
        if self.service.mode is None:
            self.service.prepare()  # notice follows when the worker has chosen
        else:
            self.notice.emit(self.service.describe())

    def describe(self) -> str:
        return self.service.describe()

    def announce(self, label: str, stall_zh: str) -> str:
        """Call one number (again, on a recall). Returns the words of the call."""
        text = call_text(label, stall_zh)
        self.announced.append(text)
        del self.announced[:-20]
        enabled, volume = self._settings()
        if enabled:
            self.service.say(spoken_text(label, stall_zh), volume)
        return text
