"""Calling a number aloud on the public display: "请 A012 号 到 理发 摊位".

Mandarin through QtTextToSpeech when it imports and has an engine with a Chinese voice;
otherwise a chime through QtMultimedia's QSoundEffect; otherwise silent. Both Qt modules are
imported lazily and may fail (on Linux they need libpulse), so the display still works on a
machine without sound. What was chosen is said once through ``notice`` and the log.
On/off and volume come from the settings each time (``voice_enabled``, ``voice_volume``).
"""

from __future__ import annotations

import importlib
import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, QLocale, QObject, QUrl, Signal

from marketapp.resource_files import resource_path

log = logging.getLogger(__name__)
TTS_MODULE = "PySide6.QtTextToSpeech"
SOUND_MODULE = "PySide6.QtMultimedia"


def _import(name: str) -> Any:
    return importlib.import_module(name)


def call_text(label: str, stall_zh: str) -> str:
    return f"请 {label} 号 到 {stall_zh} 摊位"


class Voice(QObject):
    notice = Signal(str)

    def __init__(self, settings: Callable[[], tuple[bool, int]],
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._settings = settings
        self.mode: str | None = None  # tts | chime | silent, decided on first use
        self._engine: Any = None
        self.announced: list[str] = []  # what was called, newest last (for the screen and tests)

    def prepare(self) -> str:
        if self.mode is None:
            self.mode = self._try_speech() or self._try_chime() or "silent"
            self.notice.emit(self.describe())
            log.info("display voice: %s", self.mode)
        return self.mode

    def describe(self) -> str:
        return {
            "tts": QCoreApplication.translate("Voice", "Numbers are called aloud in Mandarin."),
            "chime": QCoreApplication.translate(
                "Voice", "No Chinese speech voice on this computer: a chime plays for each call."),
            "silent": QCoreApplication.translate(
                "Voice", "No sound available on this computer: calls are shown without sound."),
        }[self.mode or "silent"]

    def _try_speech(self) -> str | None:
        try:
            module = _import(TTS_MODULE)
            tts_class = module.QTextToSpeech
            for name in tts_class.availableEngines():
                engine = tts_class(name, self)
                voices = [v for v in engine.availableVoices()
                          if v.locale().language() == QLocale.Language.Chinese]
                if voices:
                    engine.setLocale(voices[0].locale())
                    engine.setVoice(voices[0])
                    self._engine = engine
                    return "tts"
        except Exception as exc:  # noqa: BLE001 - any failure means "no speech here"
            log.info("text to speech unavailable: %s", exc)
        return None

    def _try_chime(self) -> str | None:
        try:
            module = _import(SOUND_MODULE)
            effect = module.QSoundEffect(self)
            effect.setSource(QUrl.fromLocalFile(str(resource_path("sounds", "chime.wav"))))
            self._engine = effect
            return "chime"
        except Exception as exc:  # noqa: BLE001
            log.info("sound effects unavailable: %s", exc)
        return None

    def announce(self, label: str, stall_zh: str) -> str:
        """Call one number (again, on a recall). Returns the words of the call."""
        text = call_text(label, stall_zh)
        self.announced.append(text)
        del self.announced[:-20]
        enabled, volume = self._settings()
        if not enabled:
            return text
        mode = self.prepare()
        level = max(0, min(100, int(volume))) / 100
        try:
            if mode == "tts":
                self._engine.setVolume(level)
                self._engine.say(text)
            elif mode == "chime":
                self._engine.setVolume(level)
                self._engine.play()
        except Exception:  # noqa: BLE001 - sound must never stop the display
            log.exception("announcing %s failed", label)
        return text
