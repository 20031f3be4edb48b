"""Settings page: values stored in the data file, language switch, villages."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from ui_helpers import app_in, back_to_chinese, type_text

from marketapp.core.settings import get_setting
from marketapp.core.villages import list_villages
from marketapp.ui.session import Session
from marketapp.ui.settings_page import SettingsPage


@pytest.fixture
def zh_app(qapp):
    yield app_in("zh")
    back_to_chinese(qapp)


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
    from marketapp.core.operators import list_operators, signin_enabled

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
    assert not box.signin_error.isVisible()


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
