"""Main window: navigation by F-keys, placeholders, status bar, fits a 1366×768 laptop."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QFont, QFontDatabase, QFontMetrics
from ui_helpers import SCREEN, WORK_AREA, app_in, back_to_chinese

from marketapp.ui.shell.fonts import FONT_FAMILY
from marketapp.ui.shell.main_window import PAGES, MainWindow
from marketapp.ui.shell.session import Session


@pytest.fixture
def window(qtbot, zh_app, db, db_path):
    w = MainWindow(Session(db, db_path))
    qtbot.addWidget(w)
    w.resize(*SCREEN)
    w.show()
    qtbot.waitExposed(w)
    return w


def test_function_keys_switch_pages(qtbot, window):
    expected = {Qt.Key.Key_F1: "registration", Qt.Key.Key_F2: "queues", Qt.Key.Key_F3: "stall",
                Qt.Key.Key_F4: "villagers", Qt.Key.Key_F5: "requests", Qt.Key.Key_F6: "reports",
                Qt.Key.Key_F7: "settings"}
    assert window.current_key() == "registration"
    for key, page in reversed(expected.items()):
        qtbot.keyClick(window, key)
        assert window.current_key() == page
        assert window.stack.currentWidget() is window.page(page)
        assert window.nav_buttons[page].isChecked()


def test_navigation_buttons_are_chinese_by_default(qtbot, window):
    labels = [window.nav_buttons[spec.key].text().split("\n")[0] for spec in PAGES]
    assert labels == ["登记", "排队", "摊位", "村民", "诉求", "报表", "设置"]
    qtbot.mouseClick(window.nav_buttons["settings"], Qt.MouseButton.LeftButton)
    assert window.current_key() == "settings"


def test_status_bar_says_no_market_and_shows_the_data_file(window, db_path):
    status = window.status
    assert status.market_label.text() == "未开集"
    assert str(db_path) in status.file_label.text()
    assert status.backup_label.text() == "尚无备份"
    status.set_market_day("2024-05-18 花园村")
    status.set_counts(12, 3)
    assert status.market_label.text() == "2024-05-18 花园村"
    assert "12" in status.counts_label.text() and "3" in status.counts_label.text()


def test_another_data_files_backup_in_the_same_folder_is_not_this_ones(window, db_path):
    """Staff must not read "last backup" for a file that has none."""
    from marketapp.store.backup.policy import backup_now
    from marketapp.store.database import open_database

    other = db_path.with_name("other.db")
    open_database(other).close()
    backup_now(other, "manual")
    window.status.refresh()
    assert window.status.backup_label.text() == "尚无备份"
    backup_now(db_path, "manual")
    window.status.refresh()
    assert window.status.backup_label.text().startswith("上次备份")


def test_every_page_fits_a_1366x768_laptop(window):
    status_height = window.status.sizeHint().height()
    room = QSize(WORK_AREA[0], WORK_AREA[1] - status_height)
    for key, page in window.all_pages().items():
        hint = page.minimumSizeHint()
        assert hint.width() <= room.width() - window.nav_buttons[key].parentWidget().width(), key
        assert hint.height() <= room.height(), key
    whole = window.minimumSizeHint()
    assert whole.width() <= WORK_AREA[0] and whole.height() <= WORK_AREA[1], whole


def test_no_wrapped_text_is_cut_off_at_1366x768(qtbot, window):
    from PySide6.QtWidgets import QLabel

    for key, page in window.all_pages().items():
        window.show_page(key)
        qtbot.wait(10)
        for label in page.findChildren(QLabel):
            if label.isVisible() and label.wordWrap() and label.text():
                needed = label.heightForWidth(label.contentsRect().width())
                assert label.contentsRect().height() >= needed, (key, label.text())


def test_window_resizes_up_to_a_big_monitor(qtbot, window):
    window.resize(1920, 1080)
    qtbot.waitUntil(lambda: window.width() == 1920)
    assert window.stack.width() > 1600


def test_bundled_font_is_the_application_font_and_has_chinese(zh_app):
    assert FONT_FAMILY in QFontDatabase.families()
    assert zh_app.font().family() == FONT_FAMILY
    metrics = QFontMetrics(QFont(FONT_FAMILY))
    assert all(metrics.inFontUcs4(ord(ch)) for ch in "登记排队摊位村民诉求报表设置未开集")


def test_the_window_has_the_market_and_data_menus(qtbot, window, db_path, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    told = []
    monkeypatch.setattr(QMessageBox, "information", staticmethod(
        lambda parent, title, text, *a, **k: told.append(text)))
    menus = {a.text(): a.menu() for a in window.menuBar().actions()}
    assert list(menus) == ["集市(&M)", "数据(&D)", "帮助(&H)"]
    data = [a.text() for a in menus["数据(&D)"].actions() if not a.isSeparator()]
    assert data == ["立即备份", "检查数据", "从备份恢复…", "合并另一个数据文件…",
                    "清除旧个人信息…"]
    menus["数据(&D)"].actions()[0].trigger()  # 立即备份, as a click in the menu does
    qtbot.waitUntil(lambda: bool(told), timeout=15000)
    [backup] = [p for p in (db_path.parent / "backups").iterdir()
                if p.name.endswith("-manual.db")]
    assert str(backup) in told[0]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_page_opened_by_its_key_speaks_the_language(qtbot, qapp, db, db_path, lang):
    from PySide6.QtWidgets import QAbstractButton, QLabel

    app_in(lang)
    try:
        w = MainWindow(Session(db, db_path))
        qtbot.addWidget(w)
        w.resize(*SCREEN)
        w.show()
        w.activateWindow()  # shortcuts go to the active window
        qtbot.waitUntil(lambda: qapp.activeWindow() is w)
        for spec in PAGES:
            qtbot.keyClick(w, spec.shortcut)
            page = w.stack.currentWidget()
            assert w.current_key() == spec.key
            texts = [widget.text() for kind in (QLabel, QAbstractButton)
                     for widget in page.findChildren(kind) if widget.isVisible()]
            chinese = [t for t in texts if any("\u4e00" <= ch <= "\u9fff" for ch in t)]
            if lang == "zh":
                assert chinese, spec.key
            else:
                assert not chinese, (spec.key, chinese)
    finally:
        back_to_chinese(qapp)


def test_status_bar_counts_follow_the_market_day(qtbot, zh_app, db, db_path):
    from datetime import date

    from PySide6.QtWidgets import QApplication
    from ui_helpers import add_person

    from marketapp.core.market.days import StallPlan, open_market_day
    from marketapp.core.queue import engine as queue
    from marketapp.core.queue import visits

    market = open_market_day(db, date.today(), "花园村", [StallPlan("policy", (), 1, None)])
    first = add_person(db, "王秀英", seq=2)
    second = add_person(db, "李福根", seq=3)
    queue.issue(db, market.stalls[0].id, first.id)
    done = queue.start(db, queue.call_next(db, market.stalls[0].id).id)
    window = MainWindow(Session(db, db_path))
    qtbot.addWidget(window)
    window.resize(*SCREEN)
    window.show()
    qtbot.waitExposed(window)
    status = window.status
    assert status.market_label.text() == f"{date.today().isoformat()} 花园村"
    assert status.counts_label.text() == "已办结 0 · 等候 0"

    page = window.page("registration")  # queue the second person with the keyboard
    qtbot.waitUntil(lambda: QApplication.focusWidget() is page.search_edit)
    for key in second.id_number[-4:]:
        qtbot.keyClick(QApplication.focusWidget(), key)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    qtbot.keyClick(QApplication.focusWidget(), "1")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: status.counts_label.text() == "已办结 0 · 等候 1")

    visits.finish(db, done.id, {"topic": "低保政策", "result": "answered"})
    window.session.events.queue_changed.emit()  # what the stall desk does after "done"
    assert status.counts_label.text() == "已办结 1 · 等候 1"
