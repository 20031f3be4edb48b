"""Catalogue editor: edits saved through core; a malformed edit is refused and saves nothing."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from ui_helpers import app_in, back_to_chinese, type_text

from marketapp.core.catalogue.errors import CatalogueError
from marketapp.core.market.days import current_catalogue, save_catalogue
from marketapp.ui.settings.catalogue_editor import (
    F_MAX,
    F_MIN,
    F_NAME_ZH,
    F_REQUIRED,
    S_LETTER,
    S_MINUTES,
    CatalogueEditor,
)


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


# ------------------------------------------------------------------ driving it like a clerk


def edit_cell(qtbot, table, row: int, column: int, text: str) -> None:
    """Double-click the cell, type into the editor that opens (Chinese as an input method
    commits it), press Enter."""
    import shiboken6
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QLineEdit

    rect = table.visualRect(table.model().index(row, column))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    [line] = [w for w in table.viewport().findChildren(QLineEdit) if w.isVisible()]
    line.selectAll()
    type_text(qtbot, line, text)
    qtbot.keyClick(line, Qt.Key.Key_Return)  # Qt commits it from the event loop
    qtbot.waitUntil(lambda: not shiboken6.isValid(line) or not line.isVisible())


def click(qtbot, widget) -> None:
    from PySide6.QtCore import Qt

    assert widget.isVisible() and widget.isEnabled(), widget.text()
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def choose(qtbot, box, data) -> None:
    """Pick an entry of a combo box with the arrow keys, as without a mouse."""
    from PySide6.QtCore import Qt

    box.setFocus()
    qtbot.keyClick(box, Qt.Key.Key_Home)
    while box.currentData() != data:
        before = box.currentIndex()
        qtbot.keyClick(box, Qt.Key.Key_Down)
        assert box.currentIndex() != before, f"{data!r} is not in the list"


@pytest.fixture
def answers(monkeypatch):
    """Every question the editor asks is answered Yes (or what the test puts in ``reply``);
    the texts are kept to check what the clerk was told."""
    from PySide6.QtWidgets import QMessageBox

    asked = {"texts": [], "reply": QMessageBox.StandardButton.Yes}

    def question(_parent, _title, text, *args, **kwargs):
        asked["texts"].append(text)
        return asked["reply"]

    monkeypatch.setattr(QMessageBox, "question", question)
    return asked


def offered_at_a_new_market(qtbot, db, db_path) -> dict[str, str]:
    """What the open-market dialog lists: code -> the row's text."""
    from marketapp.ui.market_day.open_dialog import OpenMarketDialog
    from marketapp.ui.shell.session import Session

    dialog = OpenMarketDialog(Session(db, db_path))
    qtbot.addWidget(dialog)
    return {row.code: row.check.text() for row in dialog.rows}


def test_add_a_service_with_a_choice_field_and_a_new_market_day_offers_it(
        qtbot, db, db_path, editor):
    from marketapp.ui.settings.catalogue_editor import S_MINUTES, S_NAME_EN, S_NAME_ZH
    from marketapp.ui.settings.catalogue_fields import O_NAME_EN, O_NAME_ZH

    click(qtbot, editor.add_service_button)
    row = editor.services.rowCount() - 1
    assert editor.services.item(row, S_LETTER).text() == "L"  # the first free letter
    assert "L" in editor.notice.text()
    edit_cell(qtbot, editor.services, row, S_NAME_ZH, "缝补衣物")
    edit_cell(qtbot, editor.services, row, S_NAME_EN, "Mending clothes")
    edit_cell(qtbot, editor.services, row, S_MINUTES, "20")
    assert editor.details.title.text() == "L  缝补衣物"
    choose(qtbot, editor.details.category, "repair")
    panel = editor.field_panel
    choose(qtbot, panel.new_type, "choice")
    click(qtbot, panel.add_button)
    edit_cell(qtbot, panel.table, 0, F_NAME_ZH, "活计")
    edit_cell(qtbot, panel.table, 0, 1, "Job")
    assert panel.options_box.isVisible() and "活计" in panel.options_title.text()
    for number, (zh, en) in enumerate((("补裤子", "Trousers"), ("缝扣子", "Buttons"))):
        click(qtbot, panel.add_option_button)
        edit_cell(qtbot, panel.options, number, O_NAME_ZH, zh)
        edit_cell(qtbot, panel.options, number, O_NAME_EN, en)
    panel.options.setCurrentCell(1, O_NAME_ZH)
    click(qtbot, panel.option_up_button)
    with qtbot.waitSignal(editor.saved):
        click(qtbot, editor.save_button)
    assert not editor.error.isVisible(), editor.error.text()
    new = current_catalogue(db).by_letter("L")
    assert (new.name_zh, new.name_en, new.typical_minutes, new.category) == (
        "缝补衣物", "Mending clothes", 20, "repair")
    assert [o.zh for o in new.fields[0].options] == ["缝扣子", "补裤子"]
    assert offered_at_a_new_market(qtbot, db, db_path)[new.code] == "L  缝补衣物"


def test_a_field_and_its_options_named_in_chinese_only_are_saved(qtbot, db, editor):
    """Township staff name things in Chinese: the English names, left empty, are the
    Chinese ones (the catalogue needs both), not a refusal to make up English."""
    from marketapp.ui.settings.catalogue_fields import O_NAME_ZH

    editor.select_service("health_check")
    panel = editor.field_panel
    choose(qtbot, panel.new_type, "choice")
    click(qtbot, panel.add_button)
    row = panel.table.rowCount() - 1
    edit_cell(qtbot, panel.table, row, F_NAME_ZH, "是否需要随访")
    for number, zh in enumerate(("需要", "不需要")):
        click(qtbot, panel.add_option_button)
        edit_cell(qtbot, panel.options, number, O_NAME_ZH, zh)
    with qtbot.waitSignal(editor.saved):
        click(qtbot, editor.save_button)
    assert not editor.error.isVisible(), editor.error.text()
    field = current_catalogue(db).get("health_check").fields[-1]
    assert (field.name_zh, field.name_en) == ("是否需要随访", "是否需要随访")
    assert [(o.zh, o.en) for o in field.options] == [("需要", "需要"), ("不需要", "不需要")]


def test_a_choice_field_without_options_is_refused_calmly_and_nothing_saved(qtbot, db, editor):
    editor.select_service("haircut")
    panel = editor.field_panel
    choose(qtbot, panel.new_type, "choice")
    click(qtbot, panel.add_button)
    row = panel.table.rowCount() - 1
    edit_cell(qtbot, panel.table, row, F_NAME_ZH, "发型")
    edit_cell(qtbot, panel.table, row, 1, "Style")
    click(qtbot, editor.save_button)
    assert editor.error.isVisible()
    assert "理发" in editor.error.text() and "发型" in editor.error.text()
    assert "没有任何选项" in editor.error.text()
    assert "未保存" in editor.notice.text()
    assert stored(db) is None


def test_change_the_bp_threshold_flags_135_85_at_new_market_days_only(qtbot, db, editor):
    from ui_helpers import add_person

    from marketapp.core.catalogue.outcomes import evaluate_flags, validate_outcome
    from marketapp.core.market import days as market
    from marketapp.core.queue import engine as queue
    from marketapp.core.queue import visits
    from marketapp.ui.settings.catalogue_flags import C_VALUE, R_NAME_ZH

    before = market.open_market_day(db, "2025-03-08", "城南村", ["health_check"])
    editor.select_service("health_check")
    editor.details.tabs.setCurrentWidget(editor.flag_panel)
    flags = editor.flag_panel
    bp = next(r for r in range(flags.rules.rowCount())
              if flags.rules.item(r, R_NAME_ZH).text() == "血压偏高")
    rect = flags.rules.visualItemRect(flags.rules.item(bp, R_NAME_ZH))
    qtbot.mouseClick(flags.rules.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert "血压偏高" in flags.conditions_title.text()
    edit_cell(qtbot, flags.conditions, 0, C_VALUE, "130")
    edit_cell(qtbot, flags.conditions, 1, C_VALUE, "８０")  # full-width, as an IME types it
    assert flags.rules.item(bp, 3).text() == "收缩压 ≥ 130 或 舒张压 ≥ 80"
    click(qtbot, editor.save_button)
    assert not editor.error.isVisible(), editor.error.text()

    reading = {"systolic": "135", "diastolic": "85"}
    after = market.open_market_day(db, "2025-03-09", "城南村", ["health_check"])
    new_service = after.stalls[0].service()
    assert evaluate_flags(new_service, validate_outcome(new_service, reading)) == ["high_bp"]
    # the market opened before the change keeps its stalls and its threshold
    person = add_person(db, "王秀英")
    ticket = queue.issue(db, before.stalls[0].id, person.id).ticket
    queue.call(db, ticket.id)
    queue.start(db, ticket.id)
    assert visits.finish(db, ticket.id, reading).flags == []


def test_a_flag_value_that_is_not_a_number_is_refused(qtbot, db, editor):
    from marketapp.ui.settings.catalogue_flags import C_VALUE

    editor.select_service("health_check")
    editor.details.tabs.setCurrentWidget(editor.flag_panel)
    flags = editor.flag_panel
    flags.rules.setCurrentCell(0, 0)
    edit_cell(qtbot, flags.conditions, 0, C_VALUE, "高")
    click(qtbot, editor.save_button)
    assert "血压偏高" in editor.error.text() and "收缩压" in editor.error.text()
    assert stored(db) is None


def test_add_a_flag_rule_with_a_condition(qtbot, db, editor):
    from marketapp.ui.settings.catalogue_flags import C_FIELD, C_OP, C_VALUE, R_NAME_EN, R_NAME_ZH

    editor.select_service("appliance_repair")
    editor.details.tabs.setCurrentWidget(editor.flag_panel)
    flags = editor.flag_panel
    click(qtbot, flags.add_rule_button)
    row = flags.rules.rowCount() - 1
    edit_cell(qtbot, flags.rules, row, R_NAME_ZH, "费用较高")
    edit_cell(qtbot, flags.rules, row, R_NAME_EN, "Costly repair")
    # the new rule tests the first number field (parts cost); make it "parts cost > 200"
    assert flags.conditions.cellWidget(0, C_FIELD).currentData() == "parts_cost"
    choose(qtbot, flags.conditions.cellWidget(0, C_OP), ">")
    edit_cell(qtbot, flags.conditions, 0, C_VALUE, "200")
    click(qtbot, flags.add_condition_button)  # a second test: on the result
    choose(qtbot, flags.conditions.cellWidget(1, C_FIELD), "result")
    choose(qtbot, flags.conditions.cellWidget(1, C_VALUE), "needs_parts")
    click(qtbot, editor.save_button)
    assert not editor.error.isVisible(), editor.error.text()
    repair = current_catalogue(db).get("appliance_repair")
    rule = repair.flags[-1]
    assert (rule.name_zh, rule.any) == ("费用较高", False)
    assert [(c.field, c.op, c.value) for c in rule.when] == [
        ("parts_cost", ">", 200), ("result", "==", "needs_parts")]


def test_remove_a_field_used_by_a_flag_says_so_and_removes_the_condition(
        qtbot, db, editor, answers):
    editor.select_service("health_check")
    panel = editor.field_panel
    panel.table.setCurrentCell(editor.field_row("glucose"), F_NAME_ZH)
    click(qtbot, panel.remove_button)
    assert "血糖" in answers["texts"][-1] and "血糖偏高" in answers["texts"][-1]
    assert "空腹" in answers["texts"][-1]
    panel.table.setCurrentCell(editor.field_row("pulse"), F_NAME_ZH)
    click(qtbot, panel.up_button)
    assert editor.field_row("pulse") == 1
    click(qtbot, editor.save_button)
    assert not editor.error.isVisible(), editor.error.text()
    health = current_catalogue(db).get("health_check")
    assert [f.key for f in health.fields] == ["systolic", "pulse", "diastolic", "fasting",
                                              "advice", "referral"]
    assert [[c.field for c in r.when] for r in health.flags if r.flag == "high_glucose"] == [
        ["fasting"]]


def test_answering_no_removes_nothing(qtbot, db, editor, answers):
    from PySide6.QtWidgets import QMessageBox

    answers["reply"] = QMessageBox.StandardButton.No
    editor.select_service("legal")
    click(qtbot, editor.remove_service_button)
    assert "法律咨询与调解" in answers["texts"][-1]
    assert editor.services.rowCount() == 10 and editor.current_code() == "legal"


def test_remove_an_unused_service_deletes_it(qtbot, db, db_path, editor, answers):
    editor.select_service("first_aid")
    click(qtbot, editor.remove_service_button)
    assert editor.services.rowCount() == 9
    assert editor.notice.text() == "保存后“红十字救护培训”即被删除。"
    click(qtbot, editor.save_button)
    assert "first_aid" not in current_catalogue(db)
    assert "first_aid" not in offered_at_a_new_market(qtbot, db, db_path)


def test_remove_a_used_service_retires_it_keeping_history_and_the_open_day(
        qtbot, db, db_path, editor, answers):
    from marketapp.core.market import days as market
    from marketapp.ui.settings.catalogue_editor import S_STATE

    day = market.open_market_day(db, "2025-03-08", "城南村", ["haircut", "first_aid"])
    editor.select_service("first_aid")
    click(qtbot, editor.remove_service_button)
    assert "停用" in answers["texts"][-1] and "以后可以恢复使用" in answers["texts"][-1]
    assert "保存后“红十字救护培训”即停用" in editor.notice.text()
    row = editor.service_row("first_aid")  # still listed, marked retired
    assert editor.services.item(row, S_STATE).text() == "已停用"
    assert editor.offer_again_button.isVisible() and not editor.remove_service_button.isVisible()
    assert "已停用" in editor.details.title.text()
    click(qtbot, editor.save_button)
    assert current_catalogue(db).get("first_aid").retired
    assert "first_aid" not in offered_at_a_new_market(qtbot, db, db_path)
    kept = market.get_market_day(db, day.id)
    assert [s.service_code for s in kept.stalls] == ["haircut", "first_aid"]
    assert kept.stalls[1].name_zh == "红十字救护培训"
    # its letter stays its own: a new service gets the next free one
    click(qtbot, editor.add_service_button)
    assert editor.services.item(editor.services.rowCount() - 1, S_LETTER).text() == "L"
    click(qtbot, editor.revert_button)
    editor.select_service("first_aid")
    click(qtbot, editor.offer_again_button)
    click(qtbot, editor.save_button)
    assert not current_catalogue(db).get("first_aid").retired
    assert "first_aid" in offered_at_a_new_market(qtbot, db, db_path)


def test_errors_are_in_english_when_the_program_is_in_english(qtbot, qapp, db):

    app_in("en")
    try:
        widget = CatalogueEditor(db)
        qtbot.addWidget(widget)
        widget.show()
        click(qtbot, widget.add_service_button)
        assert widget.add_service_button.text() == "Add service"
        click(qtbot, widget.save_button)
        assert "ticket letter “L”" in widget.error.text()
        assert "the Chinese name must not be empty" in widget.error.text()
        assert stored(db) is None
    finally:
        back_to_chinese(qapp)
