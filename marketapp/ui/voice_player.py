"""The sound side of calling numbers, living in its own thread (``VoiceService`` owns it).

Own thread because opening an engine blocks: speech-dispatcher lists its 1,500 espeak-ng
voices in about 2.7 s on the development machine, and a Windows engine may wait on its audio
device; the display's clock and big number must not stop meanwhile.

Chooses once, in this order: QtTextToSpeech with a Mandarin voice (``voice_rules``); else the
chime through QtMultimedia's QSoundEffect when there is an audio output; else silence. Both
modules are imported here, lazily: on Linux they fail without libpulse.

Calls queue: a call that comes while one is sounding waits its turn and is said in full
(QTextToSpeech.say would cut the current one off). At most ``MAX_WAITING`` wait; beyond that
the oldest waiting call is dropped (its number is still on the screen), and a call already
waiting is not queued twice. A call that has not finished after ``STUCK_MS`` means the engine
hangs (speech-dispatcher without a working sound device stays "Speaking" for ever): it is
stopped and the chime takes over.
"""

from __future__ import annotations

import importlib
import logging
from collections import deque
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QTimer, QUrl, Signal, Slot

from marketapp.resource_files import resource_path
from marketapp.ui.voice_rules import choose_voice

log = logging.getLogger(__name__)
TTS_MODULE = "PySide6.QtTextToSpeech"
SOUND_MODULE = "PySide6.QtMultimedia"
TEST_ENGINES = {"mock"}  # PySide6 ships Qt's test engine: it never makes a sound
MAX_WAITING = 4
STUCK_MS = 30_000  # a call takes about 3 s to say


def _import(name: str) -> Any:
    return importlib.import_module(name)


def _state_name(state: Any) -> str:
    return getattr(state, "name", str(state))


class VoicePlayer(QObject):
    decided = Signal(str, str, str)  # mode (tts | chime | silent), reason, voice name
    finished_one = Signal(str)  # the words of a call that has been said (or chimed)

    def __init__(self, importer: Callable[[str], Any] | None = None) -> None:
        super().__init__()
        self._import = importer or (lambda name: _import(name))
        self.mode: str | None = None
        self._engine: Any = None
        self._effect: Any = None
        self._waiting: deque[tuple[str, float]] = deque()
        self._current: str | None = None
        self._volume = 1.0
        self._started = False
        self._watchdog: QTimer | None = None
        self._modules: dict[str, Any] = {}

    def load_modules(self) -> None:
        """Import the speech and sound modules on the calling thread: call it on the UI thread
        before the first ``probe``. Loading them in the player's thread can deadlock: their
        libraries log while the dynamic loader's lock is held, the log handler needs the GIL,
        and the UI thread may hold the GIL while it waits for that lock (importing a page)."""
        for name in (TTS_MODULE, SOUND_MODULE):
            if name not in self._modules:
                try:
                    self._modules[name] = self._import(name)
                except Exception as exc:  # noqa: BLE001 - kept: it is the reason for "no sound"
                    self._modules[name] = exc

    def _module(self, name: str) -> Any:
        if name not in self._modules:
            self.load_modules()
        found = self._modules[name]
        if isinstance(found, Exception):
            raise found
        return found

    # ------------------------------------------------------------------ choosing

    @Slot()
    def probe(self) -> None:
        if self.mode is not None:
            return
        self._watchdog = QTimer(self)  # made here: a QTimer belongs to the thread creating it
        self._watchdog.setSingleShot(True)
        self._watchdog.timeout.connect(self._stuck)
        reason, voice_name = self._try_speech()
        if reason:
            self._decide("chime" if self._try_chime() else "silent", reason)
        else:
            self._decide("tts", "", voice_name)

    def _decide(self, mode: str, reason: str, voice_name: str = "") -> None:
        self.mode = mode
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

    @Slot(str, float)
    def say(self, text: str, volume: float) -> None:
        self.probe()
        if self.mode == "silent":
            return
        if text == self._current or any(text == waiting for waiting, _ in self._waiting):
            return
        self._waiting.append((text, volume))
        while len(self._waiting) > MAX_WAITING:
            log.info("too many calls waiting: %r is not said", self._waiting.popleft()[0])
        self._next()

    @Slot()
    def stop(self) -> None:
        """Silence now and forget the waiting calls (voice switched off, or quitting)."""
        self._waiting.clear()
        if self._current is None:
            return
        self._current = None  # a late "Ready" of the cancelled call then changes nothing
        if self._watchdog is not None:
            self._watchdog.stop()
        try:
            if self.mode == "tts":
                self._engine.stop()
            elif self.mode == "chime":
                self._effect.stop()
        except Exception:  # noqa: BLE001 - stopping must never raise into the display
            log.exception("stopping the voice failed")

    def _next(self) -> None:
        if self._current is not None or not self._waiting:
            return
        text, volume = self._waiting.popleft()
        self._current, self._volume, self._started = text, volume, False
        self._watchdog.start(STUCK_MS)
        try:
            if self.mode == "tts":
                self._engine.setVolume(volume)
                self._engine.say(text)
            else:
                self._effect.setVolume(volume)
                self._effect.play()
        except Exception:  # noqa: BLE001 - sound must never stop the display
            log.exception("announcing %r failed", text)
            self._finish()

    def _engine_state(self, state: Any) -> None:
        name = _state_name(state)
        if name == "Speaking":
            self._started = True
        elif name == "Error":
            log.warning("speech engine error: %s", self._engine.errorString())
            self._give_up_speech("engine-error")
        elif name == "Ready" and self._started:
            self._finish()

    def _chime_state(self) -> None:
        if self._effect.isPlaying():
            self._started = True
        elif self._started:
            self._finish()

    def _finish(self) -> None:
        if self._watchdog is not None:
            self._watchdog.stop()
        done, self._current = self._current, None
        if done is not None:
            self.finished_one.emit(done)
        QTimer.singleShot(0, self._next)

    def _stuck(self) -> None:
        log.warning("the call %r did not finish within %d s", self._current, STUCK_MS // 1000)
        if self.mode == "tts":
            self._give_up_speech("engine-stuck")
        else:
            self._finish()

    def _give_up_speech(self, reason: str) -> None:
        """The engine failed or hangs: the chime (or silence) from now on."""
        if self.mode != "tts":
            return
        engine, self._engine = self._engine, None
        try:
            engine.stateChanged.disconnect(self._engine_state)
            engine.stop()
        except Exception:  # noqa: BLE001
            log.exception("stopping the speech engine failed")
        if self._watchdog is not None:
            self._watchdog.stop()
        unsaid = ([(self._current, self._volume)] if self._current is not None else [])
        unsaid += list(self._waiting)
        self._current = None
        self._waiting.clear()
        self._decide("chime" if self._try_chime() else "silent", reason)
        for text, volume in unsaid:
            self.say(text, volume)
