"""Public display: big number, masked names only (a scan of everything it renders as text),
announcements found by comparing snapshots (a recall repeats), screen choice, and the voice
falling back to a chime or silence when QtTextToSpeech / QtMultimedia cannot be used."""

from __future__ import annotations

import re
import types

import pytest
from PySide6.QtWidgets import QAbstractButton, QLabel, QWidget
from test_ui_stall_core import NAMES, open_day, queue_people
from ui_helpers import SCREEN, app_in, back_to_chinese

from marketapp.core import queue
from marketapp.core.settings import set_setting
from marketapp.ui import voice as voice_module
from marketapp.ui.display_window import DisplayWindow, target_screen
from marketapp.ui.session import Session
from marketapp.ui.voice import Voice, call_text

ID_NUMBER = re.compile(r"\d{17}[\dXx]")
PHONE = re.compile(r"1[3-9]\d{9}")


@pytest.fixture
def zh_app(qapp):
    yield app_in("zh")
    back_to_chinese(qapp)


class QuietVoice(Voice):
    """Records announcements without touching any sound module."""

    def __init__(self, parent=None) -> None:
        super().__init__(lambda: (True, 80), parent)
        self.mode = "silent"


@pytest.fixture
def scene(qtbot, zh_app, db, db_path):
    day = open_day(db)
    hair, health = day.stalls[0], day.stalls[1]
    hair_tickets = queue_people(db, hair.id)
    health_tickets = queue_people(db, health.id, ("赵大海", "孙丽"), start_seq=20)
    queue.call_next(db, hair.id, counter=1)
    queue.call_next(db, health.id, counter=2)
    window = DisplayWindow(Session(db, db_path), voice=QuietVoice())
    qtbot.addWidget(window)
    window.resize(*SCREEN)
    window.show()
    qtbot.waitExposed(window)
    yield window, day, hair, health, hair_tickets, health_tickets
    window.close()


def rendered_texts(window: QWidget) -> list[str]:
    texts = [window.windowTitle(), window.toolTip()]
    for child in window.findChildren(QWidget):
        texts.append(child.toolTip())
        texts.append(child.accessibleName())
        if isinstance(child, (QLabel, QAbstractButton)):
            texts.append(child.text())
        if hasattr(child, "windowTitle"):
            texts.append(child.windowTitle())
    return [t for t in texts if t]


def test_big_number_is_at_least_15_percent_of_the_window_height(scene):
    window, *_ = scene
    number = window.number
    assert number.text() in ("A001", "B001")
    assert number.font().pixelSize() >= 0.15 * window.height()
    assert number.fontMetrics().height() >= 0.15 * window.height()
    window.resize(1920, 1080)
    window._scale()
    assert number.font().pixelSize() >= 0.15 * 1080


def test_nothing_rendered_reveals_an_id_phone_or_full_name(scene, db):
    window, *_ = scene
    window.refresh()
    texts = rendered_texts(window)
    joined = "\n".join(texts)
    assert "王*英" in joined  # the called villager, masked
    assert not ID_NUMBER.search(joined)
    assert not PHONE.search(joined)
    names = [row[0] for row in db.execute("SELECT name FROM villagers")]
    assert set(NAMES) <= set(names)
    for name in names:
        assert len(name) < 2 or name not in joined, name


def test_tiles_show_each_stall_with_its_next_numbers(scene):
    window, _day, hair, health, *_ = scene
    tile = window.tiles[hair.id]
    assert "理发" in tile.name.text()
    assert "A001" in tile.calling.text() and "王*英" in tile.calling.text()
    assert "A002" in tile.next.text() and "A005" in tile.next.text()
    assert "4" in tile.waiting.text()
    assert "B001" in window.tiles[health.id].calling.text()


def test_new_calls_and_recalls_are_announced_once_each(scene, db):
    window, _day, hair, _health, hair_tickets, _ = scene
    voice = window.voice
    assert voice.announced == []  # what was called before the display opened is not read out
    called = queue.call_next(db, hair.id, counter=2)
    window.refresh()
    assert voice.announced == [call_text("A002", "理发")] == ["请 A002 号 到 理发 摊位"]
    assert window.number.text() == "A002"
    window.refresh()
    assert len(voice.announced) == 1
    queue.recall(db, called.id)
    window.refresh()
    assert voice.announced[-1] == "请 A002 号 到 理发 摊位" and len(voice.announced) == 2
    queue.recall(db, hair_tickets[0].id)
    window.refresh()
    assert voice.announced[-1] == "请 A001 号 到 理发 摊位"
    assert window.number.text() == "A001"


def test_screen_choice():
    screens = ["primary", "tv"]
    assert target_screen(-1, screens) == "tv"
    assert target_screen(-1, screens[:1]) is None
    assert target_screen(0, screens) == "primary"
    assert target_screen(5, screens) is None


def test_one_screen_means_a_normal_window(scene, db):
    window, *_ = scene
    set_setting(db, "display_screen", -1)
    assert window.place() is None  # offscreen has one screen
    assert not window.isFullScreen()


def test_voice_falls_back_to_silence_when_nothing_imports(zh_app, monkeypatch):
    def broken(name):
        raise ImportError("libpulse.so.0: cannot open shared object file")

    monkeypatch.setattr(voice_module, "_import", broken)
    notices = []
    voice = Voice(lambda: (True, 80))
    voice.notice.connect(notices.append)
    assert voice.announce("A012", "理发") == "请 A012 号 到 理发 摊位"
    assert voice.mode == "silent"
    voice.announce("A012", "理发")
    assert len(notices) == 1 and "声音" in notices[0]  # said once


def test_voice_plays_a_chime_without_speech(zh_app, monkeypatch):
    played = []

    class FakeEffect:
        def __init__(self, parent=None):
            self.volume = None

        def setSource(self, url):  # noqa: N802
            assert url.toLocalFile().endswith("chime.wav")

        def setVolume(self, value):  # noqa: N802
            self.volume = value

        def play(self):
            played.append(self.volume)

    def fake_import(name):
        if name == voice_module.TTS_MODULE:
            raise ImportError("no libpulse")
        return types.SimpleNamespace(QSoundEffect=FakeEffect)

    monkeypatch.setattr(voice_module, "_import", fake_import)
    settings = {"on": True}
    voice = Voice(lambda: (settings["on"], 50))
    voice.announce("B003", "健康检查")
    assert voice.mode == "chime" and played == [0.5]
    settings["on"] = False
    voice.announce("B003", "健康检查")
    assert played == [0.5]  # switched off in settings: no sound


def test_the_real_import_failure_here_does_not_crash(zh_app):
    voice = Voice(lambda: (True, 80))
    voice.announce("A001", "理发")
    assert voice.mode in ("tts", "chime", "silent")


def test_main_window_opens_the_display_with_f8(qtbot, zh_app, db, db_path):
    from PySide6.QtCore import Qt

    from marketapp.ui.main_window import MainWindow

    open_day(db)
    window = MainWindow(Session(db, db_path))
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window, Qt.Key.Key_F8)
    assert window.display is not None and window.display.isVisible()
    assert "花园村" in window.display.windowTitle()
    window.display.close()
    qtbot.mouseClick(window.display_button, Qt.MouseButton.LeftButton)
    assert window.display.isVisible()
    window.display.close()
