"""The display's voice: the words of a call, the choice of a Mandarin voice, the fallback chain
(speech -> chime -> silence) with the engine present, absent and without a Chinese voice,
calls queued rather than cut off, a hanging or crashing worker replaced by a chiming one
(then silence), the worker being a process of its own that the window never waits for, and
the settings page's voice status and trial.

Most tests run the worker's own code (VoicePlayer behind WorkerSide) in this process with
fake sound modules, every message through the protocol's encoding (``Loopback``); the
process side is driven with tests/helpers/fake_voice_worker.py and the real worker
(``marketapp voice-worker``); the real engine (speech-dispatcher + espeak-ng) in
test_ui_voice_real.py."""

from __future__ import annotations

import enum
import os
import sys
import threading
import time
import types
from itertools import pairwise
from pathlib import Path

import pytest
from PySide6.QtCore import QLocale, QObject, QThread, QTimer, Signal

from marketapp.ui.display import voice as voice_module
from marketapp.ui.display import voice_worker
from marketapp.ui.display.voice import MAX_WAITING, Voice, VoiceService
from marketapp.ui.display.voice_link import WorkerProcess, worker_command
from marketapp.ui.display.voice_player import SOUND_MODULE, TTS_MODULE, VoicePlayer
from marketapp.ui.display.voice_protocol import decode, encode
from marketapp.ui.display.voice_rules import call_text, choose_voice, spoken_number, spoken_text
from marketapp.ui.display.voice_worker import WorkerSide

FAKE_WORKER = str(Path(__file__).resolve().parents[1] / "helpers" / "fake_voice_worker.py")

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


class Loopback(QObject):
    """A worker in this process: the worker's VoicePlayer and WorkerSide with fake sound
    modules; every message goes through the protocol's encoding and arrives through the
    event loop, as it would from a process. ``hung``: it never answers."""

    message = Signal(dict)
    ended = Signal(str)

    def __init__(self, load, hung=False) -> None:
        super().__init__()
        self.player = VoicePlayer(load)
        self.side = WorkerSide(self.player, self._answer, self._quit)
        self.hung, self.alive, self.killed, self.sent = hung, True, False, []

    def start(self):
        pass

    def send(self, message):
        self.sent.append(message)
        raw = encode(message)
        QTimer.singleShot(0, lambda: self._deliver(raw))

    def _deliver(self, raw):
        if self.alive and not self.hung:
            self.side.handle(decode(raw))

    def _answer(self, message):
        raw = encode(message)
        QTimer.singleShot(0, lambda: self.alive and self.message.emit(decode(raw)))

    def _quit(self):
        self.alive = False

    def kill(self):
        self.alive, self.killed = False, True

    close = _quit

    def crash(self):
        self.alive = False
        self.ended.emit("worker-died")


@pytest.fixture
def make_service(zh_app):
    """make(speech=…, media=…, hung=n): a service whose workers are Loopbacks on these fake
    modules (the first n of them hung); ``service.workers`` lists those started."""
    made = []

    def make(hung=0, **modules):
        workers = []

        def start():
            workers.append(Loopback(importer(**modules), hung=len(workers) < hung))
            return workers[-1]

        service = VoiceService(start)
        service.workers = workers
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


# ---------------------------------------------------------------------------- the worker process


def test_the_app_voice_is_a_process_of_its_own(qtbot, zh_app, monkeypatch):
    """The real worker, started the way the app starts it; the engine is not loaded here."""
    monkeypatch.setenv("SPEECHD_ADDRESS", "unix_socket:/nonexistent/speechd.sock")
    assert worker_command()[-1] == "voice-worker"
    service = VoiceService()
    try:
        service.prepare()
        assert isinstance(service.worker, WorkerProcess)
        qtbot.waitUntil(lambda: service.mode is not None, timeout=30_000)
        assert service.worker.pid() not in (0, os.getpid())
        assert service.mode in ("chime", "silent")  # no speech-dispatcher at that address
    finally:
        service.shutdown()


def test_opening_the_display_with_a_slow_engine_leaves_the_window_responsive(
        qtbot, zh_app, db, db_path):
    """A worker that takes 3 s to choose: the display opens at once and its event loop keeps
    running meanwhile. The bound is loose on purpose (a shared test machine stalls now and
    then); a window that waited for the engine would stall for the whole 3 s."""
    from test_ui_stall_core import open_day

    from marketapp.ui.display.window import DisplayWindow
    from marketapp.ui.shell.session import Session

    open_day(db)
    service = VoiceService(
        lambda: WorkerProcess([sys.executable, FAKE_WORKER, "--probe-delay", "3"]))
    ticks = [time.monotonic()]
    timer = QTimer()
    timer.timeout.connect(lambda: ticks.append(time.monotonic()))
    timer.start(50)
    try:
        window = DisplayWindow(Session(db, db_path),
                               voice=Voice(lambda: (True, 80), service=service))
        qtbot.addWidget(window)
        window.show()
        assert service.mode is None  # opened without the worker's answer
        qtbot.waitUntil(lambda: service.mode == "tts", timeout=30_000)
        assert service.describe() == "语音：可用（普通话，Test Mandarin）"
    finally:
        timer.stop()
        service.shutdown()
    gaps = [later - earlier for earlier, later in pairwise(ticks)]
    assert len(gaps) >= 20  # about 60 ticks of 50 ms in those 3 s
    assert max(gaps) < 1.0, max(gaps)


def test_a_crashing_worker_gives_the_chime_then_silence_and_settings_say_so(qtbot, zh_app):
    service = VoiceService(lambda: WorkerProcess([sys.executable, FAKE_WORKER, "--die-on-say"]))
    statuses = []
    service.status_changed.connect(statuses.append)
    try:
        assert decided(qtbot, service) == "tts"
        service.say("请 A零零一号 到 理发 摊位", 80)  # the worker dies; a chiming one takes over
        qtbot.waitUntil(lambda: service.reason == "worker-failed", timeout=30_000)
    finally:
        service.shutdown()
    assert statuses == ["语音：可用（普通话，Test Mandarin）", "语音引擎没有响应，改用提示音",
                        "声音出现故障：叫号只显示，不发声"]
    assert service.mode == "silent"


def test_a_worker_process_that_does_not_answer_is_killed(qtbot, zh_app, monkeypatch):
    monkeypatch.setattr(voice_module, "STUCK_MS", 300)
    started = []

    def start():
        started.append(WorkerProcess([sys.executable, FAKE_WORKER, "--probe-delay", "60"]))
        return started[-1]

    service = VoiceService(start)
    try:
        service.prepare()
        qtbot.waitUntil(lambda: service.mode == "silent", timeout=30_000)
        assert service.reason == "worker-failed" and len(started) == 2
        for worker in started:  # both killed, neither left behind
            qtbot.waitUntil(lambda worker=worker: worker.pid() == 0, timeout=10_000)
    finally:
        service.shutdown()


def test_the_worker_reads_in_a_thread_and_plays_on_its_main_thread(qtbot, zh_app):
    """The sound modules load where the player lives: their libraries log while loading, and
    loading them in another thread deadlocked against the main thread's own imports."""
    threads = []
    load = importer(speech=fake_speech((HUIHUI,)))

    def recording(name):
        threads.append((name, QThread.currentThread()))
        return load(name)

    answers = []
    side = WorkerSide(VoicePlayer(recording), answers.append, lambda: None)
    lines = voice_worker._Lines()
    lines.line.connect(side.handle_line)
    read, write = os.pipe()
    os.write(write, encode({"do": "probe", "speech": True}) + b"not json\n")
    os.close(write)
    with os.fdopen(read, "rb") as stream:
        reader = threading.Thread(target=voice_worker._read_lines, args=(stream, lines))
        reader.start()
        qtbot.waitUntil(lambda: answers != [])
        reader.join(5)
    assert answers == [{"mode": "tts", "reason": "", "voice": "Microsoft Huihui Desktop"}]
    assert {name for name, _ in threads} == {TTS_MODULE}
    assert all(thread is QThread.currentThread() for _, thread in threads)


# ---------------------------------------------------------------------------- queue


@pytest.fixture
def speaking(qtbot, make_service):
    """A service whose worker has chosen the (fake) Huihui voice; ``engine``, ``media``."""
    speech, media = fake_speech((HUIHUI,)), fake_media()
    service = make_service(speech=speech, media=media)
    assert decided(qtbot, service) == "tts"
    service.engine, service.media = speech.opened[0], media
    return service


def test_a_call_during_another_waits_and_is_said_in_full(qtbot, speaking):
    engine = speaking.engine
    speaking.say("一", 80)
    speaking.say("二", 60)
    qtbot.waitUntil(lambda: engine.said == ["一"])
    qtbot.wait(20)
    assert engine.said == ["一"] and engine.stopped == 0  # not cut off
    engine.finish()
    qtbot.waitUntil(lambda: engine.said == ["一", "二"])
    assert engine.volumes == [0.8, 0.6]


def test_a_call_already_waiting_is_not_queued_twice_and_the_oldest_drops(qtbot, speaking):
    engine = speaking.engine
    for words in ("一", "一", "二", "二", "三", "四", "五", "六"):
        speaking.say(words, 100)
    finished = []
    speaking.finished_one.connect(finished.append)
    qtbot.waitUntil(lambda: len(engine.said) == 1)
    for turn in range(1, MAX_WAITING + 1):
        engine.finish()
        qtbot.waitUntil(lambda turn=turn: len(engine.said) == turn + 1)
    assert len(finished) == MAX_WAITING
    assert engine.said == ["一", "三", "四", "五", "六"]  # 二 was the oldest of five waiting


def test_switching_off_silences_at_once_and_forgets_the_waiting(qtbot, speaking):
    engine = speaking.engine
    speaking.say("一", 100)
    speaking.say("二", 100)
    qtbot.waitUntil(lambda: engine.said == ["一"])
    speaking.stop()
    qtbot.waitUntil(lambda: engine.stopped == 1)
    qtbot.wait(20)
    assert engine.said == ["一"]
    speaking.say("三", 100)
    qtbot.waitUntil(lambda: engine.said == ["一", "三"])


def test_a_hanging_engine_is_killed_and_a_chiming_worker_takes_over(
        qtbot, speaking, monkeypatch):
    monkeypatch.setattr(voice_module, "STUCK_MS", 50)
    statuses = []
    speaking.status_changed.connect(statuses.append)
    speaking.say("一", 90)
    speaking.say("二", 90)
    qtbot.waitUntil(lambda: statuses == ["语音引擎没有响应，改用提示音"])
    first, second = speaking.workers
    assert first.killed and second.sent[0] == {"do": "probe", "speech": False}
    assert speaking.engine.said == ["一"]  # the speech never came back
    effect = speaking.media.effects[-1]
    qtbot.waitUntil(lambda: effect.played == [0.9])  # the unfinished call chimes, then the next
    effect.end()
    qtbot.waitUntil(lambda: effect.played == [0.9, 0.9])


def test_a_worker_that_never_answers_is_replaced(qtbot, make_service, monkeypatch):
    """Like speech-dispatcher still busy from an earlier session: opening the engine hangs."""
    monkeypatch.setattr(voice_module, "STUCK_MS", 50)
    media = fake_media()
    service = make_service(hung=1, speech=fake_speech((HUIHUI,)), media=media)
    Voice(lambda: (True, 60), service=service).announce("A001", "理发")
    assert service.mode is None
    qtbot.waitUntil(lambda: service.mode == "chime")
    assert service.workers[0].killed and service.reason == "engine-stuck"
    qtbot.waitUntil(lambda: bool(media.effects) and media.effects[0].played == [0.6])


def test_an_engine_error_gives_the_chime(qtbot, speaking):
    speaking.say("一", 90)
    qtbot.waitUntil(lambda: speaking.engine.said == ["一"])
    speaking.engine.fail()
    qtbot.waitUntil(lambda: speaking.mode == "chime")
    qtbot.waitUntil(lambda: speaking.media.effects[0].played == [0.9])
    assert speaking.describe() == "语音引擎没有响应，改用提示音"
    assert len(speaking.workers) == 1  # the same worker chimes


def test_a_crash_while_chiming_leaves_the_calls_shown_only(qtbot, speaking):
    speaking.workers[0].crash()
    qtbot.waitUntil(lambda: speaking.mode == "chime")
    speaking.workers[1].crash()
    qtbot.waitUntil(lambda: speaking.mode == "silent")
    assert speaking.describe() == "声音出现故障：叫号只显示，不发声"
    speaking.say("一", 90)
    assert len(speaking.workers) == 2  # no third worker


# ---------------------------------------------------------------------------- settings page


@pytest.fixture
def settings_page(qtbot, zh_app, db, db_path, monkeypatch, make_service):
    from marketapp.ui.settings.page import SettingsPage
    from marketapp.ui.shell.session import Session

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
