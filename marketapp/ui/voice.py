"""Calling a number aloud on the public display: "请 A012 号 到 理发 摊位".

``VoiceService`` is the app's one voice: it runs a ``VoicePlayer`` (Mandarin speech, else a
chime, else silence) in its own thread and tells what it found in words for the staff
(``describe``, ``status_changed``): the settings page shows it, the display's footer too.
``Voice`` is the display's caller: it turns a call into words (``voice_rules``), keeps the
last calls, and reads on/off and volume from the settings at every call, so a saved change
applies to the next call. Nothing here waits for the engine: the UI thread only posts.
"""

from __future__ import annotations

import atexit
import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, QThread, Signal, Slot

from marketapp.ui.voice_player import VoicePlayer
from marketapp.ui.voice_rules import call_text, spoken_text

log = logging.getLogger(__name__)
SHUTDOWN_WAIT_MS = 5000

__all__ = ["Voice", "VoiceService", "call_text", "shared_service", "spoken_text"]


class VoiceService(QObject):
    status_changed = Signal(str)  # describe(), whenever what is used changes
    finished_one = Signal(str)  # the words of a call that has been said

    _probe = Signal()
    _say = Signal(str, float)
    _stop = Signal()

    def __init__(self, importer: Callable[[str], Any] | None = None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.mode: str | None = None  # tts | chime | silent once the player has chosen
        self.reason = ""
        self.voice_name = ""
        self._asked = False
        self._thread = QThread()
        self._thread.setObjectName("marketapp-voice")
        self._player = VoicePlayer(importer)
        self._player.moveToThread(self._thread)
        self._probe.connect(self._player.probe)
        self._say.connect(self._player.say)
        self._stop.connect(self._player.stop)
        self._player.decided.connect(self._decided)
        self._player.finished_one.connect(self.finished_one)
        self._thread.finished.connect(self._player.deleteLater)
        self._thread.start()

    def prepare(self) -> None:
        """Let the player choose now (in its thread), so the first call is not delayed."""
        if not self._asked:
            self._asked = True
            self._player.load_modules()  # here, on the UI thread (see load_modules)
            self._probe.emit()

    def say(self, words: str, volume: int) -> None:
        """Queue one call's words; volume 0–100."""
        self.prepare()
        self._say.emit(words, max(0, min(100, int(volume))) / 100)

    def stop(self) -> None:
        self._stop.emit()

    def shutdown(self) -> None:
        if not self._thread.isRunning():
            return
        self._stop.emit()
        self._thread.quit()
        if not self._thread.wait(SHUTDOWN_WAIT_MS):
            log.warning("the voice thread did not stop within %d ms", SHUTDOWN_WAIT_MS)

    @Slot(str, str, str)
    def _decided(self, mode: str, reason: str, voice_name: str) -> None:
        self.mode, self.reason, self.voice_name = mode, reason, voice_name
        self.status_changed.emit(self.describe())

    def describe(self) -> str:
        if self.mode is None:
            return QCoreApplication.translate("Voice", "Voice: checking…")
        if self.mode == "tts":
            return QCoreApplication.translate(
                "Voice", "Voice: available (Mandarin, {voice})").format(voice=self.voice_name)
        if self.mode == "silent":
            return QCoreApplication.translate(
                "Voice", "No sound device on this computer: calls are shown without sound")
        if self.reason == "no-chinese-voice":
            return QCoreApplication.translate(
                "Voice", "No Chinese voice on this computer: a chime plays for each call")
        if self.reason in ("engine-stuck", "engine-error"):
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
            self.service.prepare()  # notice follows when the player has chosen
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
