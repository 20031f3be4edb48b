"""Catalogue editor: edits saved through core; a malformed edit is refused and saves nothing."""

from __future__ import annotations

import pytest
from ui_helpers import app_in, back_to_chinese

from marketapp.core.catalogue import CatalogueError
from marketapp.core.market import current_catalogue, save_catalogue
from marketapp.ui.catalogue_editor import (
    F_MAX,
    F_MIN,
    F_NAME_ZH,
    F_REQUIRED,
    S_LETTER,
    S_MINUTES,
    CatalogueEditor,
)


@pytest.fixture
def zh_app(qapp):
    yield app_in("zh")
    back_to_chinese(qapp)


@pytest.fixture
def editor(qtbot, zh_app, db):
    widget = CatalogueEditor(db)
    qtbot.addWidget(widget)
    widget.resize(1200, 650)
    widget.show()
    return widget


def stored(db):
    return db.execute("SELECT value FROM settings WHERE key = 'catalogue'").fetchone()


def test_edit_minutes_and_a_field_range_then_save(qtbot, db, editor):
    assert editor.services.rowCount() == len(current_catalogue(db))
    editor.set_service_value("haircut", S_MINUTES, 20)
    editor.set_field_value("health_check", "systolic", F_MAX, 250)
    editor.set_field_value("health_check", "pulse", F_NAME_ZH, "心率")
    editor.set_field_value("health_check", "systolic", F_REQUIRED, True)
    assert "未保存" in editor.notice.text()
    with qtbot.waitSignal(editor.saved):
        editor.save_button.click()
    catalogue = current_catalogue(db)
    assert catalogue.get("haircut").typical_minutes == 20
    health = catalogue.get("health_check")
    assert health.field("systolic").max == 250 and health.field("systolic").required
    assert health.field("pulse").name_zh == "心率"
    assert not editor.error.isVisible()
    assert "今后新开的集市" in editor.notice.text()


def test_min_above_max_is_refused_naming_service_and_field(db, editor):
    editor.set_field_value("health_check", "diastolic", F_MIN, 200)
    assert editor.save() is False
    assert editor.error.isVisible()
    text = editor.error.text()
    assert "健康检查" in text and "diastolic" in text and "200" in text
    assert stored(db) is None  # nothing saved
    assert current_catalogue(db).get("health_check").field("diastolic").min == 30


def test_duplicate_letter_is_refused_and_nothing_saved(db, editor):
    before = current_catalogue(db)
    save_catalogue(db, before)
    editor.load()
    editor.set_service_value("haircut", S_LETTER, "b")  # typed lower-case: shown upper-case
    assert editor.services.item(editor.service_row("haircut"), S_LETTER).text() == "B"
    assert editor.save() is False
    expected = CatalogueError("duplicate_letter", letter="B", first_zh="", first_en="",
                              second_zh="", second_en="").message()
    assert expected.split("：")[0] in editor.error.text()
    assert "理发" in editor.error.text() and "健康检查" in editor.error.text()
    assert current_catalogue(db) == before


def test_a_number_that_is_not_a_number_is_refused(db, editor):
    editor.set_field_value("health_check", "pulse", F_MAX, "两百")
    assert editor.save() is False and "pulse" in editor.error.text()
    assert stored(db) is None


def test_restore_default(db, editor):
    editor.set_service_value("haircut", S_MINUTES, 25)
    assert editor.save()
    assert current_catalogue(db).get("haircut").typical_minutes == 25
    assert editor.restore_default(ask=False)
    assert stored(db) is None
    assert current_catalogue(db).get("haircut").typical_minutes == 15
    assert editor.services.item(editor.service_row("haircut"), S_MINUTES).data(0) == 15
