"""Public display: big number, masked names only (a scan of everything it renders as text),
announcements found by comparing snapshots (a recall repeats), screen choice, and the voice
settings (on/off, volume) read at every call; in Chinese whatever the staff's language, and
the voice's status for the staff only. The voice's own fallback chain is tested in
test_ui_voice.py, the real engine in test_ui_voice_real.py."""

from __future__ import annotations

import re

import pytest
from PySide6.QtWidgets import QAbstractButton, QLabel, QWidget
from test_ui_stall_core import NAMES, open_day, queue_people
from test_ui_voice import FakeService, Loopback, fake_media, importer
from ui_helpers import SCREEN, app_in, back_to_chinese

from marketapp.core.queue import engine as queue
from marketapp.core.settings import set_setting
from marketapp.ui.display.voice import Voice, VoiceService, call_text
from marketapp.ui.display.window import DisplayWindow, target_screen
from marketapp.ui.shell.session import Session

ID_NUMBER = re.compile(r"\d{17}[\dXx]")
PHONE = re.compile(r"1[3-9]\d{9}")


def quiet_voice(window_settings=None) -> Voice:
    """Records announcements and what the sound side was asked, without any sound module."""
    return Voice(window_settings or (lambda: (True, 80)), service=FakeService())


@pytest.fixture
def scene(qtbot, zh_app, db, db_path):
    day = open_day(db)
    hair, health = day.stalls[0], day.stalls[1]
    hair_tickets = queue_people(db, hair.id)
    health_tickets = queue_people(db, health.id, ("赵大海", "孙丽"), start_seq=20)
    queue.call_next(db, hair.id, counter=1)
    queue.call_next(db, health.id, counter=2)
    window = DisplayWindow(Session(db, db_path), voice=quiet_voice())
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


def test_before_the_first_call_it_asks_to_wait_without_a_now_calling_heading(qtbot, zh_app,
                                                                              db, db_path):
    day = open_day(db)
    queue_people(db, day.stalls[0].id)
    window = DisplayWindow(Session(db, db_path), voice=quiet_voice())
    qtbot.addWidget(window)
    window.resize(*SCREEN)
    window.show()
    qtbot.waitExposed(window)
    assert window.number.text() == "—" and "耐心等候" in window.stall_name.text()
    assert not window.please.isVisible()  # "正在叫号" above nobody would be wrong
    queue.call_next(db, day.stalls[0].id, counter=1)
    window.refresh()
    assert window.number.text() == "A001" and window.please.isVisible()


def test_ten_stalls_take_three_rows_of_four_tiles():
    from marketapp.ui.display.window import tile_columns

    assert [tile_columns(n) for n in (2, 4, 5, 9, 10, 12)] == [2, 2, 3, 3, 4, 4]


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


def test_each_call_and_recall_reaches_the_voice_with_the_saved_settings(scene, db):
    window, _day, hair, _health, _hair_tickets, _ = scene
    window.voice = Voice(window._voice_settings, service=FakeService())  # the display's settings
    service = window.voice.service
    called = queue.call_next(db, hair.id, counter=2)
    window.refresh()
    assert service.said == [("请 A零零二号 到 理发 摊位", 80)]  # the default volume
    set_setting(db, "voice_volume", 35)  # saved in settings: the next call uses it
    queue.recall(db, called.id)
    window.refresh()
    assert service.said[-1] == ("请 A零零二号 到 理发 摊位", 35)
    set_setting(db, "voice_enabled", False)
    queue.recall(db, called.id)
    window.refresh()
    assert len(service.said) == 2 and len(window.voice.announced) == 3  # shown, not said


def test_the_staff_hear_how_calls_are_announced_the_crowd_does_not(qtbot, zh_app, db, db_path):
    open_day(db)
    service = VoiceService(lambda: Loopback(importer(media=fake_media())))
    try:
        window = DisplayWindow(Session(db, db_path),
                               voice=Voice(lambda: (True, 80), service=service))
        qtbot.addWidget(window)
        with qtbot.waitSignal(window.notice, timeout=5000) as notice:
            window.show()
        assert notice.args == ["没有语音引擎，使用提示音"]  # the main window's status bar
        shown = "\n".join(rendered_texts(window))
        assert "提示音" not in shown and "语音" not in shown
    finally:
        service.shutdown()


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_display_is_in_chinese_whatever_the_staffs_language(qtbot, qapp, db, db_path, lang):
    day = open_day(db)
    hair = day.stalls[0]
    queue_people(db, hair.id)
    app_in(lang)
    try:
        window = DisplayWindow(Session(db, db_path), voice=quiet_voice())
        qtbot.addWidget(window)
        window.resize(*SCREEN)
        window.show()
        queue.call_next(db, hair.id, counter=2)
        window.refresh()
        assert window.please.text() == "正在叫号"
        assert window.stall_name.text() == "请到 理发 摊位"
        assert window.who.text() == "王*英  2 号窗口"
        tile = window.tiles[hair.id]
        assert tile.calling.text() == "正在叫号：A001 王*英"
        assert tile.next.text().startswith("下一位：A002")
        assert "人等候 · 约" in tile.waiting.text()
        assert window.windowTitle() == "公共显示屏 — 花园村"
        assert window.header.text().startswith("服务集市 · 花园村 · ")
        english = [text for text in rendered_texts(window) if re.search(r"[a-z]{3}", text)]
        assert english == []
    finally:
        back_to_chinese(qapp)


def test_the_real_sound_modules_here_do_not_crash(qtbot, zh_app, monkeypatch):
    # no speech-dispatcher at this address: the engine fails to connect, the chain goes on
    monkeypatch.setenv("SPEECHD_ADDRESS", "unix_socket:/nonexistent/speechd.sock")
    service = VoiceService()  # the real worker process
    try:
        Voice(lambda: (True, 80), service=service).announce("A001", "理发")
        qtbot.waitUntil(lambda: service.mode is not None, timeout=30000)
        assert service.mode in ("chime", "silent")
    finally:
        service.shutdown()


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


def test_main_window_opens_the_display_with_f8(qtbot, zh_app, db, db_path):
    from PySide6.QtCore import Qt

    from marketapp.ui.shell.main_window import MainWindow

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


@pytest.fixture
def desk_and_display(qtbot, zh_app, db, db_path):
    from PySide6.QtWidgets import QApplication

    from marketapp.ui.shell.main_window import MainWindow

    open_day(db)
    window = MainWindow(Session(db, db_path))
    qtbot.addWidget(window)
    window.resize(*SCREEN)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    yield window
    if window.display is not None:
        window.display.close()


def test_on_one_screen_f8_or_esc_give_the_screen_back_to_the_desk_at_once(qtbot,
                                                                          desk_and_display):
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication

    window = desk_and_display
    qtbot.keyClick(window, Qt.Key.Key_F8)
    display = window.display
    assert display.isVisible() and display.placed_on is None  # one screen: a window
    qtbot.waitUntil(lambda: QApplication.activeWindow() is display)
    qtbot.keyClick(display, Qt.Key.Key_F8)  # the desk back
    assert not display.isVisible()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    qtbot.keyClick(window, Qt.Key.Key_F8)
    assert display.isVisible()
    qtbot.keyClick(display, Qt.Key.Key_Escape)  # Esc too
    assert not display.isVisible()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    qtbot.keyClick(window, Qt.Key.Key_F8)
    qtbot.keyClick(window, Qt.Key.Key_F8)  # F8 from the desk toggles it away again
    assert not display.isVisible()


def test_told_to_fill_the_only_screen_esc_still_brings_the_desk_back(qtbot, db,
                                                                   desk_and_display):
    from PySide6.QtCore import Qt

    window = desk_and_display
    set_setting(db, "display_screen", 0)
    display = window.open_display()
    assert display.isFullScreen() and window.display_covers_desk()
    qtbot.keyClick(display, Qt.Key.Key_Escape)
    assert not display.isVisible()


def test_with_a_second_screen_the_display_fills_it_and_the_desk_keeps_the_keyboard(
        qtbot, desk_and_display, monkeypatch):
    from PySide6.QtCore import QRect, Qt
    from PySide6.QtWidgets import QApplication

    from marketapp.ui.display import window as display_module

    window = desk_and_display

    class Television:
        def geometry(self):
            return QRect(1366, 0, 1920, 1080)

    tv = Television()
    monkeypatch.setattr(display_module, "available_screens", lambda: [window.screen(), tv])
    qtbot.keyClick(window, Qt.Key.Key_F8)
    display = window.display
    assert display.isVisible() and display.isFullScreen() and display.placed_on is tv
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)  # typing stays here
    qtbot.keyClick(display, Qt.Key.Key_F8)
    assert display.isVisible()  # the TV keeps showing; the desk is in front
    assert target_screen(-1, [tv, window.screen()], window.screen()) is tv


def test_moved_from_a_big_tv_to_the_laptop_screen_the_board_shrinks_to_fit(qtbot, zh_app, db,
                                                                           db_path):
    """The fonts of 1080 lines must not hold the window at 1080 when it is put on a 768-line
    screen: every tile of a nine-stall market stays in sight after one resize."""
    from datetime import date

    from marketapp.core.market.days import StallPlan, open_market_day

    services = ("haircut", "health_check", "medicine", "appliance_repair", "traditional_repair",
                "legal", "social_security_card", "jobs", "policy")
    open_market_day(db, date.today(), "花园村", [StallPlan(code) for code in services])
    window = DisplayWindow(Session(db, db_path), voice=quiet_voice())
    qtbot.addWidget(window)
    window.show()
    assert len(window.tiles) == 9
    window.resize(1920, 1080)
    qtbot.wait(50)
    window.resize(1366, 768)
    qtbot.wait(50)
    assert window.height() <= 768
    for tile in window.tiles.values():
        bottom = tile.mapTo(window, tile.rect().bottomLeft()).y()
        assert bottom <= window.height(), tile
