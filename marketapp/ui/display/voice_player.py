"""The sound itself, inside the voice worker process (``voice_worker``): choosing what can
sound here and playing one call at a time. The queue, the watchdog and the fallbacks when
the worker fails live in the app (``voice.VoiceService``).

In a process of its own because opening an engine blocks *and holds Python's lock*:
QTextToSpeech("speechd") takes about 2 s to list speech-dispatcher's 1,500 voices without
releasing the GIL, so in a thread of the app it stopped the UI too (and for minutes when
speech-dispatcher was still busy from an earlier session).

Chooses once, in this order: QtTextToSpeech with a Mandarin voice (``voice_rules``); else the
chime through QtMultimedia's QSoundEffect when there is an audio output; else silence. Both
modules are imported lazily, on the worker's main thread: on Linux they fail without
libpulse. An engine that reports an error mid-call gives way to the chime (a new decision);
the app then sends the unfinished call again.
"""

from __future__ import annotations

import importlib
import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QUrl, Signal

from marketapp.resource_files import resource_path
from marketapp.ui.display.voice_rules import choose_voice

log = logging.getLogger(__name__)
TTS_MODULE = "PySide6.QtTextToSpeech"
SOUND_MODULE = "PySide6.QtMultimedia"
TEST_ENGINES = {"mock"}  # PySide6 ships Qt's test engine: it never makes a sound


def _state_name(state: Any) -> str:
    return getattr(state, "name", str(state))


class VoicePlayer(QObject):
    decided = Signal(str, str, str)  # mode (tts | chime | silent), reason, voice name
    done = Signal(int)  # the id of a call that has been said (or chimed) in full

    def __init__(self, importer: Callable[[str], Any] | None = None) -> None:
        super().__init__()
        self._import = importer or importlib.import_module
        self.mode: str | None = None
        self._decision = ("", "")  # reason, voice name
        self._engine: Any = None
        self._effect: Any = None
        self._current: int | None = None  # id of the call sounding now
        self._started = False

    def _module(self, name: str) -> Any:
        return self._import(name)

    # ------------------------------------------------------------------ choosing

    def probe(self, speech: bool = True) -> None:
        """Choose once; ``speech=False`` skips the engine (it failed in an earlier worker)."""
        if self.mode is not None:
            self.decided.emit(self.mode, *self._decision)
            return
        reason, voice_name = self._try_speech() if speech else ("speech-off", "")
        if reason:
            self._decide("chime" if self._try_chime() else "silent", reason)
        else:
            self._decide("tts", "", voice_name)

    def _decide(self, mode: str, reason: str, voice_name: str = "") -> None:
        self.mode, self._decision = mode, (reason, voice_name)
        log.info("display voice: %s %s %s", mode, reason, voice_name)
        self.decided.emit(mode, reason, voice_name)

    def _try_speech(self) -> tuple[str, str]:
        """("", voice name) when an engine with a Mandarin voice is ready, else (reason, "")."""
        try:
            tts_class = self._module(TTS_MODULE).QTextToSpeech
            names = [n for n in tts_class.availableEngines() if n not in TEST_ENGINES]
        except Exception as exc:  # noqa: BLE001 - any failure means "no speech here"
            log.info("text to speech unavailable: %s", exc)
            return "no-speech-module", ""
        reason = "no-engine"
        for name in names:
            try:
                engine = tts_class(name, self)
                if _state_name(engine.state()) == "Error":
                    log.info("speech engine %s: %s", name, engine.errorString())
                    engine.deleteLater()
                    continue
                voices = list(engine.allVoices(None))
                voice = choose_voice(voices)
            except Exception as exc:  # noqa: BLE001
                log.info("speech engine %s failed: %s", name, exc)
                continue
            if voice is None:
                log.info("speech engine %s has %d voices, none Mandarin", name, len(voices))
                reason = "no-chinese-voice"
                engine.deleteLater()
                continue
            engine.setVoice(voice)
            engine.stateChanged.connect(self._engine_state)
            self._engine = engine
            return "", voice.name()
        return reason, ""

    def _try_chime(self) -> bool:
        if self._effect is not None:
            return True
        try:
            media = self._module(SOUND_MODULE)
            if not media.QMediaDevices.audioOutputs():
                log.info("no audio output device")
                return False
            effect = media.QSoundEffect(self)
            effect.setSource(QUrl.fromLocalFile(str(resource_path("sounds", "chime.wav"))))
            effect.playingChanged.connect(self._chime_state)
        except Exception as exc:  # noqa: BLE001
            log.info("sound effects unavailable: %s", exc)
            return False
        self._effect = effect
        return True

    # ------------------------------------------------------------------ playing

    def say(self, call_id: int, text: str, volume: float) -> None:
        """Sound one call now (the app sends the next only after ``done``)."""
        if self.mode is None:
            self.probe()
        if self.mode == "silent":
            return
        if self._current is not None:
            self.stop()
        self._current, self._started = call_id, False
        try:
            if self.mode == "tts":
                self._engine.setVolume(volume)
                self._engine.say(text)
            else:
                self._effect.setVolume(volume)
                self._effect.play()
        except Exception:  # noqa: BLE001 - the app's watchdog moves on without a "done"
            log.exception("announcing %r failed", text)

    def stop(self) -> None:
        """Silence now (voice switched off); the stopped call gets no ``done``."""
        if self._current is None:
            return
        self._current = None  # a late "Ready" of the cancelled call then changes nothing
        try:
            if self.mode == "tts":
                self._engine.stop()
            elif self.mode == "chime":
                self._effect.stop()
        except Exception:  # noqa: BLE001 - stopping must never end the worker
            log.exception("stopping the voice failed")

    def _engine_state(self, state: Any) -> None:
        name = _state_name(state)
        if name == "Speaking":
            self._started = True
        elif name == "Error":
            log.warning("speech engine error: %s", self._engine.errorString())
            self._give_up_speech()
        elif name == "Ready" and self._started:
            self._finish()

    def _chime_state(self) -> None:
        if self._effect.isPlaying():
            self._started = True
        elif self._started:
            self._finish()

    def _finish(self) -> None:
        done, self._current = self._current, None
        if done is not None:
            self.done.emit(done)

    def _give_up_speech(self) -> None:
        """The engine failed: the chime (or silence) from now on; the app says the unfinished
        call again when it hears the new decision."""
        if self.mode != "tts":
            return
        engine, self._engine = self._engine, None
        self._current = None
        try:
            engine.stateChanged.disconnect(self._engine_state)
            engine.stop()
        except Exception:  # noqa: BLE001
            log.exception("stopping the speech engine failed")
        self._decide("chime" if self._try_chime() else "silent", "engine-error")
