"""Settings page: values stored in the data file, language switch, villages."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from ui_helpers import app_in, back_to_chinese, copied_data_file, type_text

from marketapp.core.people.villages import list_villages
from marketapp.core.settings import get_setting
from marketapp.ui.settings.page import SettingsPage
from marketapp.ui.shell.session import Session


@pytest.fixture
def page(qtbot, zh_app, db, db_path):
    widget = SettingsPage(Session(db, db_path))
    qtbot.addWidget(widget)
    widget.show()
    return widget


def test_language_switch_is_stored_and_says_it_needs_a_restart(qtbot, db, page):
    assert page.language.currentData() == "zh"
    assert "重新启动" in page.language_note.text()
    page.language.setCurrentIndex(page.language.findData("en"))
    with qtbot.waitSignal(page.saved):
        qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    assert get_setting(db, "language") == "en"
    assert "重新启动" in page.saved_label.text()


def test_all_settings_are_saved(qtbot, db, page):
    type_text(qtbot, page.township, "城南乡")
    page.priority_age.setValue(75)
    page.paper.setCurrentIndex(page.paper.findData("80mm"))
    page.voice.setChecked(False)
    page.volume.setValue(40)
    page.save()
    assert get_setting(db, "township") == "城南乡"
    assert get_setting(db, "priority_age") == 75
    assert get_setting(db, "ticket_paper") == "80mm"
    assert get_setting(db, "voice_enabled") is False
    assert get_setting(db, "voice_volume") == 40
    assert get_setting(db, "display_screen") == -1


def test_settings_show_what_is_stored(qtbot, zh_app, db, db_path):
    from marketapp.core.settings import set_setting

    set_setting(db, "ticket_paper", "none")
    set_setting(db, "priority_age", 90)
    widget = SettingsPage(Session(db, db_path))
    qtbot.addWidget(widget)
    assert widget.paper.currentData() == "none"
    assert widget.priority_age.value() == 90
    assert widget.data_file.text() == str(db_path) and widget.data_file.isReadOnly()


def test_add_village_and_refuse_a_duplicate(qtbot, db, page):
    type_text(qtbot, page.new_village, "花园村")
    qtbot.mouseClick(page.add_village_button, Qt.MouseButton.LeftButton)
    assert [v.name for v in list_villages(db)] == ["花园村"]
    assert page.villages.count() == 1 and page.new_village.text() == ""
    type_text(qtbot, page.new_village, "花园村")
    qtbot.keyClick(page.new_village, Qt.Key.Key_Return)
    assert page.village_error.isVisible() and "花园村" in page.village_error.text()
    assert len(list_villages(db)) == 1


def test_signin_refused_without_an_admin_then_allowed_after_adding_one(qtbot, db, page):
    from marketapp.core.access.operators import list_operators, signin_enabled

    page.tabs.setCurrentWidget(page.access)
    box = page.access.signin_box
    box.signin.setChecked(True)
    assert not box.signin.isChecked() and not signin_enabled(db)
    assert box.signin_error.isVisible() and "管理员" in box.signin_error.text()
    # PINs that differ are refused before anything is written
    type_text(qtbot, box.name, "张主任")
    box.role.setCurrentIndex(box.role.findData("admin"))
    type_text(qtbot, box.pin, "2468")
    type_text(qtbot, box.pin2, "2469")
    qtbot.mouseClick(box.add_button, Qt.MouseButton.LeftButton)
    assert box.add_error.isVisible() and list_operators(db) == []
    box.pin2.clear()
    type_text(qtbot, box.pin2, "2468")
    qtbot.mouseClick(box.add_button, Qt.MouseButton.LeftButton)
    assert [(o.name, o.role) for o in list_operators(db)] == [("张主任", "admin")]
    assert not box.add_error.isVisible() and box.pin.text() == ""
    box.signin.setChecked(True)
    assert box.signin.isChecked() and signin_enabled(db)
    assert box.signin_error.text() == ""


def test_lock_retention_and_mirror_folder_are_saved(qtbot, db, page, tmp_path):
    page.access.signin_box.lock_minutes.setValue(15)
    page.access.data_box.retention.setValue(5)
    page.access.data_box.mirror.setText(str(tmp_path / "U盘"))
    page.save()
    assert get_setting(db, "lock_minutes") == 15
    assert get_setting(db, "retention_years") == 5
    assert get_setting(db, "backup_mirror_dir") == str(tmp_path / "U盘")
    page.access.data_box.retention.setValue(0)
    page.access.data_box.mirror.clear()
    page.save()
    assert get_setting(db, "retention_years") == 0
    assert get_setting(db, "backup_mirror_dir") == ""
    assert page.access.data_box.retention.text() in ("关闭", "Off")


def test_catalogue_tab_has_its_own_save(page):
    page.tabs.setCurrentWidget(page.catalogue_editor)
    assert not page.bottom.isVisible()
    page.tabs.setCurrentIndex(0)
    assert page.bottom.isVisible()


def cut_off(editor) -> list[str]:
    """What in the catalogue editor a person could not see in full: table columns past the
    right edge, buttons or boxes outside the window or narrower than their text, wrapped
    text taller than its label."""
    from PySide6.QtCore import QPoint, QRect
    from PySide6.QtWidgets import QComboBox, QLabel, QPushButton, QTableWidget

    problems = []
    window = editor.window()
    for table in editor.findChildren(QTableWidget):
        if table.isVisible() and table.horizontalHeader().length() > table.viewport().width():
            problems.append(f"columns past the edge: {table.horizontalHeaderItem(0).text()}")
    for widget in editor.findChildren(QPushButton) + editor.findChildren(QComboBox):
        if not widget.isVisible() or widget.parent() is None:
            continue
        if isinstance(widget.parent().parent(), QTableWidget):
            continue  # a combo box in a table cell: the column is checked above
        where = QRect(widget.mapTo(window, QPoint(0, 0)), widget.size())
        if not window.rect().contains(where):
            problems.append(f"outside the window: {widget}")
        if widget.width() < widget.minimumSizeHint().width():
            problems.append(f"narrower than its text: {getattr(widget, 'text', str)()}")
    for label in editor.findChildren(QLabel):
        if not label.isVisible() or not label.text():
            continue
        if label.wordWrap():
            needed = label.heightForWidth(label.contentsRect().width())
            if label.contentsRect().height() < needed:
                problems.append(f"wrapped text cut: {label.text()}")
        elif label.width() < label.sizeHint().width():
            problems.append(f"text cut: {label.text()}")
    return problems


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_catalogue_editor_fits_1366x768_with_nothing_cut_off(qtbot, qapp, db, db_path, lang):
    from ui_helpers import WORK_AREA

    from marketapp.ui.shell.main_window import MainWindow

    app_in(lang)
    try:
        window = MainWindow(Session(db, db_path))
        qtbot.addWidget(window)
        window.resize(*WORK_AREA)
        window.show()
        qtbot.waitExposed(window)
        window.show_page("settings")
        settings = window.page("settings")
        settings.tabs.setCurrentWidget(settings.catalogue_editor)
        editor = settings.catalogue_editor
        qtbot.waitUntil(lambda: editor.isVisible())
        # every service in view at once, with its letter, minutes and state
        assert not editor.services.verticalScrollBar().isVisible()
        editor.select_service("health_check")
        qtbot.wait(1)
        assert cut_off(editor) == []
        editor.select_service("social_security_card")  # the longest list of options
        editor.fields.setCurrentCell(editor.field_row("business"), 0)
        qtbot.wait(1)
        assert editor.field_panel.options_box.isVisible() and cut_off(editor) == []
        editor.select_service("health_check")
        editor.details.tabs.setCurrentWidget(editor.flag_panel)
        qtbot.wait(1)
        assert cut_off(editor) == []
        editor.add_service()
        editor.save()  # refused: the message and the notice in view too
        qtbot.wait(1)
        assert editor.error.isVisible() and cut_off(editor) == []
    finally:
        back_to_chinese(qapp)


# ---------------------------------------------------------------- registration desk


def test_this_laptops_desk_is_set_in_general_and_says_its_numbers(qtbot, db, page):
    from ui_helpers import add_person

    from marketapp.core.market.days import StallPlan, open_market_day
    from marketapp.core.queue import engine as queue

    assert (page.desk_slot.value(), page.desk_count.value()) == (1, 1)
    assert "001–999" in page.desk_note.text()
    page.desk_count.setValue(2)
    page.desk_slot.setValue(2)
    assert "501–999" in page.desk_note.text()
    page.save()
    assert (get_setting(db, "desk_slot"), get_setting(db, "desk_count")) == (2, 2)
    day = open_market_day(db, "2026-12-01", "花园村", [StallPlan("haircut")])
    ticket = queue.issue(db, day.stalls[0].id, add_person(db, "王秀英").id).ticket
    assert ticket.label == "A501"  # the block this laptop now issues from


def test_a_desk_beyond_the_count_is_refused_by_core_and_nothing_is_saved(qtbot, db, page):
    type_text(qtbot, page.township, "城南乡")
    page.desk_count.setValue(2)
    page.desk_slot.setValue(3)
    assert "第 3 台，共 2 台" in page.desk_note.text()
    page.save()
    assert "第 3 台，共 2 台" in page.saved_label.text()
    assert get_setting(db, "township") == "" and get_setting(db, "desk_slot") == 1


def test_saving_other_settings_keeps_a_copied_files_desk_warning(qtbot, zh_app, tmp_path,
                                                                 db_path):
    """The desk left as the copy had it is not a choice: the warning stays until one."""
    from marketapp.core.settings import copied_desk
    from marketapp.store.database import open_database

    copy_path = copied_data_file(db_path, tmp_path)
    copy = open_database(copy_path)
    widget = SettingsPage(Session(copy, copy_path))
    qtbot.addWidget(widget)
    assert "复制" in widget.desk_note.text()
    widget.save()
    assert copied_desk(copy) is not None
    widget.desk_count.setValue(2)
    widget.desk_slot.setValue(2)
    widget.save()
    assert copied_desk(copy) is None
    copy.close()


def test_started_with_another_language_the_choice_shown_is_the_saved_one_and_said_so(
        qtbot, qapp, db, db_path):
    app_in("en")  # as `marketapp --lang en`, the saved language being Chinese
    try:
        widget = SettingsPage(Session(db, db_path))
        qtbot.addWidget(widget)
        assert widget.language.currentData() == "zh"
        assert "--lang" in widget.language_note.text()
    finally:
        back_to_chinese(qapp)
