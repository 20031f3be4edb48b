"""The display's voice with fake sound modules: the words of a call, the choice of a Mandarin
voice, the fallback chain (speech -> chime -> silence) with the engine present, absent and
without a Chinese voice, calls queued rather than cut off, a hanging engine replaced by the
chime, the engine opened off the UI thread, and the settings page's voice status and trial.
The real engine (speech-dispatcher + espeak-ng) is driven in test_ui_voice_real.py."""

from __future__ import annotations

import enum
import threading
import types

import pytest
from PySide6.QtCore import QLocale, QObject, QThread, Signal
from ui_helpers import app_in, back_to_chinese

from marketapp.ui import voice as voice_module
from marketapp.ui import voice_player
from marketapp.ui.voice import Voice, VoiceService
from marketapp.ui.voice_player import SOUND_MODULE, TTS_MODULE, VoicePlayer
from marketapp.ui.voice_rules import call_text, choose_voice, spoken_number, spoken_text

HUIHUI = ("Microsoft Huihui Desktop", "zh_CN")
HANHAN = ("Microsoft Hanhan Desktop", "zh_TW")
TRACY = ("Microsoft Tracy Desktop", "zh_HK")  # Cantonese
ZIRA = ("Microsoft Zira Desktop", "en_US")
# speech-dispatcher + espeak-ng on Debian 12: Qt gives these the locale C
ESPEAK_ENGLISH_LATIN = ("Chinese (Mandarin, latin as English)", "C")
ESPEAK_PINYIN = ("Chinese (Mandarin, latin as Pinyin)", "C")
ESPEAK_PINYIN_VARIANT = ("Chinese (Mandarin, latin as Pinyin)+Alex", "C")
ESPEAK_CANTONESE = ("Chinese (Cantonese)", "yue_HK")
ESPEAK_HAKKA = ("Hakka Chinese", "C")
ESPEAK_ENGLISH = ("English (America)", "en_US")


class State(enum.Enum):
    Ready = 0
    Speaking = 1
    Error = 3


class FakeVoice:
    def __init__(self, name: str, locale: str) -> None:
        self._name, self._locale = name, QLocale(locale)

    def name(self) -> str:
        return self._name

    def locale(self) -> QLocale:
        return self._locale


def voices(*specs) -> list[FakeVoice]:
    return [FakeVoice(*spec) for spec in specs]


def fake_speech(voice_specs, engines=("sapi",), opened=None):
    """A stand-in for PySide6.QtTextToSpeech: ``opened`` collects the engines made."""
    opened = [] if opened is None else opened

    class FakeEngine(QObject):
        stateChanged = Signal(object)

        def __init__(self, name, parent=None):
            super().__init__(parent)
            self.name, self.said, self.volumes, self.voice = name, [], [], None
            self.stopped = 0
            self._state = State.Ready
            opened.append(self)

        @staticmethod
        def availableEngines():  # noqa: N802
            return list(engines)

        def state(self):
            return self._state

        def errorString(self):  # noqa: N802
            return ""

        def allVoices(self, locale):  # noqa: N802
            return voices(*voice_specs)

        def setVoice(self, voice):  # noqa: N802
            self.voice = voice.name()

        def setVolume(self, volume):  # noqa: N802
            self.volumes.append(volume)

        def say(self, text):
            self.said.append(text)
            self._set(State.Speaking)

        def finish(self):
            self._set(State.Ready)

        def fail(self):
            self._set(State.Error)

        def stop(self):
            self.stopped += 1
            self._set(State.Ready)

        def _set(self, state):
            self._state = state
            self.stateChanged.emit(state)

    return types.SimpleNamespace(QTextToSpeech=FakeEngine, opened=opened)


def fake_media(outputs=("Speakers",), effects=None):
    effects = [] if effects is None else effects

    class FakeEffect(QObject):
        playingChanged = Signal()

        def __init__(self, parent=None):
            super().__init__(parent)
            self.volume, self.played, self.source, self._playing = None, [], None, False
            effects.append(self)

        def setSource(self, url):  # noqa: N802
            self.source = url.toLocalFile()

        def setVolume(self, volume):  # noqa: N802
            self.volume = volume

        def play(self):
            self.played.append(self.volume)
            self._playing = True
            self.playingChanged.emit()

        def isPlaying(self):  # noqa: N802
            return self._playing

        def end(self):
            self._playing = False
            self.playingChanged.emit()

        stop = end

    devices = types.SimpleNamespace(audioOutputs=lambda: list(outputs))
    return types.SimpleNamespace(QSoundEffect=FakeEffect, QMediaDevices=devices, effects=effects)


def importer(speech=None, media=None):
    modules = {TTS_MODULE: speech, SOUND_MODULE: media}

    def load(name):
        if modules.get(name) is None:
            raise ImportError("libpulse.so.0: cannot open shared object file")
        return modules[name]
    return load


class FakeService(QObject):
    """Records what the display asks the voice to do, without any thread or sound."""

    status_changed = Signal(str)
    finished_one = Signal(str)

    def __init__(self, mode="silent") -> None:
        super().__init__()
        self.mode, self.said, self.stops, self.prepared = mode, [], 0, 0

    def prepare(self):
        self.prepared += 1

    def say(self, words, volume):
        self.said.append((words, volume))

    def stop(self):
        self.stops += 1

    def describe(self):
        return "quiet"


@pytest.fixture
def zh_app(qapp):
    yield app_in("zh")
    back_to_chinese(qapp)


@pytest.fixture
def make_service(zh_app):
    made = []

    def make(**modules):
        service = VoiceService(importer(**modules))
        made.append(service)
        return service
    yield make
    for service in made:
        service.shutdown()


def decided(qtbot, service):
    service.prepare()
    qtbot.waitUntil(lambda: service.mode is not None)
    return service.mode


# ---------------------------------------------------------------------------- words


def test_the_screen_shows_the_issues_phrase_and_the_engine_gets_digit_words():
    assert call_text("A012", "理发") == "请 A012 号 到 理发 摊位"
    assert spoken_text("A012", "理发") == "请 A零一二号 到 理发 摊位"
    assert spoken_number("B100") == "B一零零"
    assert spoken_number("K509") == "K五零九"
    assert spoken_text("C001", "家电维修") == "请 C零零一号 到 家电维修 摊位"


# ---------------------------------------------------------------------------- choice


@pytest.mark.parametrize(("available", "chosen"), [
    ((ZIRA, TRACY, HANHAN, HUIHUI), HUIHUI),  # mainland Mandarin first
    ((ZIRA, TRACY, HANHAN), HANHAN),  # Taiwan Mandarin before nothing
    ((ZIRA, TRACY), None),  # zh-HK speaks Cantonese
    ((ESPEAK_ENGLISH, ESPEAK_ENGLISH_LATIN, ESPEAK_PINYIN_VARIANT, ESPEAK_PINYIN,
      ESPEAK_CANTONESE, ESPEAK_HAKKA), ESPEAK_PINYIN),
    ((ESPEAK_ENGLISH_LATIN, ESPEAK_CANTONESE, ESPEAK_HAKKA), None),  # reads 汉字 as English
    ((ESPEAK_ENGLISH, ZIRA), None),
    ((), None),
])
def test_only_a_mandarin_voice_is_chosen(available, chosen):
    voice = choose_voice(voices(*available))
    assert (voice.name() if voice else None) == (chosen[0] if chosen else None)


# ---------------------------------------------------------------------------- fallback chain


def test_engine_with_a_mandarin_voice_speaks_the_calls(qtbot, make_service):
    speech = fake_speech((ZIRA, HUIHUI))
    service = make_service(speech=speech, media=fake_media())
    assert decided(qtbot, service) == "tts"
    assert service.describe() == "语音：可用（普通话，Microsoft Huihui Desktop）"
    engine = speech.opened[0]
    assert engine.voice == "Microsoft Huihui Desktop"
    voice = Voice(lambda: (True, 70), service=service)
    assert voice.announce("A012", "理发") == "请 A012 号 到 理发 摊位"
    qtbot.waitUntil(lambda: engine.said == ["请 A零一二号 到 理发 摊位"])
    assert engine.volumes == [0.7]


def test_engine_without_a_chinese_voice_gives_the_chime_not_an_english_voice(qtbot, make_service):
    speech = fake_speech((ZIRA, ESPEAK_ENGLISH, TRACY))
    media = fake_media()
    service = make_service(speech=speech, media=media)
    assert decided(qtbot, service) == "chime"
    assert service.describe() == "没有中文语音，使用提示音"
    Voice(lambda: (True, 50), service=service).announce("B003", "健康检查")
    qtbot.waitUntil(lambda: bool(media.effects) and media.effects[0].played == [0.5])
    assert media.effects[0].source.endswith("chime.wav")
    assert all(engine.said == [] for engine in speech.opened)


def test_no_speech_module_gives_the_chime(qtbot, make_service):
    service = make_service(media=fake_media())
    assert decided(qtbot, service) == "chime"
    assert service.describe() == "没有语音引擎，使用提示音"


def test_only_qts_test_engine_counts_as_no_engine(qtbot, make_service):
    speech = fake_speech((HUIHUI,), engines=("mock",))
    service = make_service(speech=speech, media=fake_media())
    assert decided(qtbot, service) == "chime"
    assert speech.opened == []


def test_no_sound_at_all_is_silent_and_said_once(qtbot, make_service):
    service = make_service()
    notices = []
    voice = Voice(lambda: (True, 80), service=service)
    voice.notice.connect(notices.append)
    assert voice.announce("A012", "理发") == "请 A012 号 到 理发 摊位"
    qtbot.waitUntil(lambda: voice.mode == "silent")
    voice.announce("A012", "理发")
    qtbot.waitUntil(lambda: len(notices) == 1)
    assert "声音" in notices[0] and voice.mode == "silent"


def test_multimedia_without_an_audio_output_is_silent(qtbot, make_service):
    service = make_service(media=fake_media(outputs=()))
    assert decided(qtbot, service) == "silent"


def test_switched_off_says_nothing(qtbot, make_service):
    speech = fake_speech((HUIHUI,))
    service = make_service(speech=speech)
    settings = {"on": False}
    voice = Voice(lambda: (settings["on"], 80), service=service)
    voice.announce("A001", "理发")
    settings["on"] = True
    voice.announce("A002", "理发")
    qtbot.waitUntil(lambda: bool(speech.opened and speech.opened[0].said))
    assert speech.opened[0].said == ["请 A零零二号 到 理发 摊位"]


def test_the_engine_is_opened_off_the_ui_thread(qtbot, make_service):
    release, threads = threading.Event(), []
    speech = fake_speech((HUIHUI,))
    base = speech.QTextToSpeech

    class SlowEngine(base):
        def __init__(self, name, parent=None):
            threads.append(QThread.currentThread())
            release.wait(30)  # like speech-dispatcher listing its voices
            super().__init__(name, parent)

    speech.QTextToSpeech = SlowEngine
    service = make_service(speech=speech)
    Voice(lambda: (True, 80), service=service).announce("A001", "理发")
    qtbot.waitUntil(lambda: threads != [])
    # the engine is still being opened, and the UI thread goes on
    assert threads[0] is not QThread.currentThread() and service.mode is None
    release.set()
    qtbot.waitUntil(lambda: bool(speech.opened and speech.opened[0].said))
    assert service.mode == "tts"


def test_the_sound_modules_are_imported_on_the_ui_thread(qtbot, zh_app):
    """Their libraries log while loading; loaded in the voice thread that deadlocked against
    the UI thread importing a page (both waiting in the dynamic loader)."""
    threads = []
    load = importer(speech=fake_speech((HUIHUI,)))

    def recording(name):
        threads.append((name, QThread.currentThread()))
        return load(name)

    service = VoiceService(recording)
    try:
        service.prepare()
        qtbot.waitUntil(lambda: service.mode is not None)
    finally:
        service.shutdown()
    assert {name for name, _ in threads} == {"PySide6.QtTextToSpeech", "PySide6.QtMultimedia"}
    assert all(thread is QThread.currentThread() for _, thread in threads)


# ---------------------------------------------------------------------------- queue


@pytest.fixture
def player(zh_app):
    """A player in the test's own thread, to step through its queue."""
    speech = fake_speech((HUIHUI,))
    media = fake_media()
    made = VoicePlayer(importer(speech=speech, media=media))
    made.probe()
    assert made.mode == "tts"
    made.engine = speech.opened[0]
    made.media = media
    yield made
    made.stop()


def test_a_call_during_another_waits_and_is_said_in_full(qtbot, player):
    engine = player.engine
    player.say("一", 0.8)
    player.say("二", 0.6)
    assert engine.said == ["一"] and engine.stopped == 0  # not cut off
    engine.finish()
    qtbot.waitUntil(lambda: engine.said == ["一", "二"])
    assert engine.volumes == [0.8, 0.6]


def test_a_call_already_waiting_is_not_queued_twice_and_the_oldest_drops(qtbot, player):
    engine = player.engine
    for words in ("一", "一", "二", "二", "三", "四", "五", "六"):
        player.say(words, 1.0)
    finished = []
    player.finished_one.connect(finished.append)
    for turn in range(1, voice_player.MAX_WAITING + 1):
        engine.finish()
        qtbot.waitUntil(lambda turn=turn: len(engine.said) == turn + 1)
    assert len(finished) == voice_player.MAX_WAITING
    assert engine.said == ["一", "三", "四", "五", "六"]  # 二 was the oldest of five waiting


def test_switching_off_silences_at_once_and_forgets_the_waiting(qtbot, player):
    engine = player.engine
    player.say("一", 1.0)
    player.say("二", 1.0)
    player.stop()
    assert engine.stopped == 1
    qtbot.wait(20)
    assert engine.said == ["一"]
    player.say("三", 1.0)
    assert engine.said == ["一", "三"]


def test_a_hanging_engine_is_stopped_and_the_chime_takes_over(qtbot, player, monkeypatch):
    monkeypatch.setattr(voice_player, "STUCK_MS", 50)
    reasons = []
    player.decided.connect(lambda mode, reason, _name: reasons.append((mode, reason)))
    player.say("一", 0.9)
    player.say("二", 0.9)
    qtbot.waitUntil(lambda: reasons == [("chime", "engine-stuck")])
    assert player.engine.stopped == 1
    effect = player.media.effects[0]
    assert effect.played == [0.9]  # the unfinished call chimes, then the waiting one
    effect.end()
    qtbot.waitUntil(lambda: effect.played == [0.9, 0.9])


def test_an_engine_error_gives_the_chime(qtbot, player):
    player.say("一", 0.9)
    player.engine.fail()
    assert player.mode == "chime" and player.media.effects[0].played == [0.9]


# ---------------------------------------------------------------------------- settings page


@pytest.fixture
def settings_page(qtbot, zh_app, db, db_path, monkeypatch, make_service):
    from marketapp.ui.session import Session
    from marketapp.ui.settings_page import SettingsPage

    speech = fake_speech((ZIRA,))
    media = fake_media()
    monkeypatch.setattr(voice_module, "_shared", make_service(speech=speech, media=media))
    page = SettingsPage(Session(db, db_path))
    qtbot.addWidget(page)
    page.show()
    page.media = media
    return page


def test_settings_say_there_is_no_chinese_voice(qtbot, settings_page):
    qtbot.waitUntil(lambda: settings_page.voice_status.text() == "没有中文语音，使用提示音")


def test_settings_trial_plays_at_the_sliders_volume_before_saving(qtbot, settings_page):
    settings_page.volume.setValue(30)
    settings_page.voice_try.click()
    qtbot.waitUntil(lambda: bool(settings_page.media.effects)
                    and settings_page.media.effects[0].played == [0.3])
    settings_page.voice.setChecked(False)
    assert not settings_page.voice_try.isEnabled()


def test_saving_with_the_voice_off_silences_at_once(qtbot, settings_page, db):
    from marketapp.core.settings import get_setting

    settings_page.voice_try.click()
    qtbot.waitUntil(lambda: bool(settings_page.media.effects)
                    and settings_page.media.effects[0].isPlaying())
    effect = settings_page.media.effects[0]
    settings_page.voice.setChecked(False)
    settings_page.save()
    qtbot.waitUntil(lambda: not effect.isPlaying())
    assert get_setting(db, "voice_enabled") is False
