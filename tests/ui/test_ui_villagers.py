"""Villagers page and villager dialog: search as you type, filters, inline validation,
ID fills birth date and gender, possible duplicates decided before saving."""

from __future__ import annotations

from datetime import date

import pytest
from idgen import make_id
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from ui_helpers import add_person, app_in, back_to_chinese, type_text, villager_count

from marketapp.core import clock
from marketapp.core.people.idnumber import age_on
from marketapp.ui.villagers.dialog import VillagerDialog
from marketapp.ui.villagers.model import COL_ID, COL_NAME, COL_PHONE, VillagersModel
from marketapp.ui.villagers.page import VillagersPage


@pytest.fixture
def people(db):
    return {
        "zhu": add_person(db, "朱伯庄", "花园村", seq=1, phone="13857512345"),
        "wang1": add_person(db, "王秀英", "花园村", seq=2, male=False, living_alone=True),
        "wang2": add_person(db, "王建国", "石门村", seq=3),
        "li": add_person(db, "李福根", "石门村", seq=4, left_behind=True),
    }


@pytest.fixture
def page(qtbot, zh_app, session, people):
    widget = VillagersPage(session)
    qtbot.addWidget(widget)
    widget.resize(1200, 700)
    widget.show()
    yield widget
    widget.hide()  # before the database closes: no search may fire after it


def names(model: VillagersModel) -> list[str]:
    return [model.villager(row).name for row in range(model.rowCount())]


def test_model_masks_id_and_phone(people):
    model = VillagersModel()
    model.set_rows([people["zhu"]])
    assert model.rowCount() == 1
    assert model.index(0, COL_NAME).data() == "朱伯庄"
    shown_id = model.index(0, COL_ID).data()
    assert shown_id.startswith("330624") and "*" in shown_id
    assert people["zhu"].id_number not in shown_id
    assert model.index(0, COL_PHONE).data() == "138****2345"


def test_empty_search_lists_everyone(page):
    assert sorted(names(page.model)) == sorted(["朱伯庄", "王秀英", "王建国", "李福根"])
    assert "4" in page.count_label.text()


def test_typing_a_name_shows_the_matching_villagers(qtbot, page):
    type_text(qtbot, page.search_edit, "王")
    qtbot.waitUntil(lambda: sorted(names(page.model)) == ["王建国", "王秀英"], timeout=2000)
    page.search_edit.clear()
    qtbot.keyClicks(page.search_edit, "zbz")  # pinyin initials of 朱伯庄
    qtbot.waitUntil(lambda: names(page.model) == ["朱伯庄"], timeout=2000)
    page.search_edit.clear()
    qtbot.keyClicks(page.search_edit, "2345")  # phone tail
    qtbot.waitUntil(lambda: names(page.model) == ["朱伯庄"], timeout=2000)


def test_search_is_debounced(qtbot, page):
    calls = []
    page._timer.timeout.connect(lambda: calls.append(page.search_edit.text()))
    qtbot.keyClicks(page.search_edit, "wang")
    qtbot.waitUntil(lambda: calls == ["wang"], timeout=2000)


def test_filters_by_village_and_care_flag(qtbot, page):
    page.village_combo.setCurrentIndex(page.village_combo.findData("石门村"))
    assert sorted(names(page.model)) == ["李福根", "王建国"]
    page.flag_boxes["left_behind"].setChecked(True)
    assert names(page.model) == ["李福根"]
    page.village_combo.setCurrentIndex(0)
    page.flag_boxes["left_behind"].setChecked(False)
    page.flag_boxes["living_alone"].setChecked(True)
    assert names(page.model) == ["王秀英"]


def test_nothing_found_says_so(qtbot, page):
    type_text(qtbot, page.search_edit, "欧阳")
    qtbot.waitUntil(lambda: page.model.rowCount() == 0, timeout=2000)
    assert page.count_label.text() == "没有找到符合条件的村民。"


@pytest.fixture
def dialog(qtbot, zh_app, session):
    d = VillagerDialog(session)
    qtbot.addWidget(d)
    d.show()
    return d


def test_wrong_check_digit_is_shown_next_to_the_id_field_and_nothing_is_saved(qtbot, db, dialog):
    good = make_id(birth="19500308", seq=7)
    bad = good[:-1] + ("0" if good[-1] != "0" else "1")
    type_text(qtbot, dialog.edits["name"], "张三明")
    qtbot.keyClicks(dialog.edits["id_number"], bad)
    qtbot.mouseClick(dialog.buttons.buttons()[0], Qt.MouseButton.LeftButton)  # Save
    error = dialog.errors["id_number"]
    assert error.isVisible()
    assert "校验" in error.text()  # the specific reason: the check digit
    assert dialog.errors["name"].text() == ""
    assert dialog.isVisible() and dialog.saved_villager is None
    assert villager_count(db) == 0


def test_save_button_runs_core_validation_for_other_fields(qtbot, db, dialog):
    type_text(qtbot, dialog.edits["name"], "张三明")
    qtbot.keyClicks(dialog.edits["phone"], "12345")
    dialog.buttons.accepted.emit()
    assert dialog.errors["phone"].isVisible()
    assert dialog.errors["phone"].text().startswith("电话")
    assert villager_count(db) == 0


def test_typing_an_id_fills_birth_date_and_gender_then_saves(qtbot, db, dialog):
    type_text(qtbot, dialog.edits["name"], "王秀英")
    qtbot.keyClicks(dialog.edits["id_number"], make_id(birth="19450308", seq=3, male=False))
    assert dialog.edits["birth_date"].text() == "1945-03-08"
    assert dialog.gender.currentData() == "F"
    assert "新昌" in dialog.id_hint.text()
    age = age_on(date(1945, 3, 8), clock.today())
    assert f"{age} 岁" in dialog.id_hint.text()  # the three the issue asks for: birth, age, gender
    assert "1945-03-08" in dialog.id_hint.text() and "女" in dialog.id_hint.text()
    dialog.village.setCurrentText("花园村")
    dialog.buttons.accepted.emit()
    assert dialog.saved_villager is not None and dialog.save_status == "added"
    assert dialog.saved_villager.birth_date == "1945-03-08"
    assert villager_count(db) == 1


def test_possible_duplicate_asks_first_then_different_person_saves(qtbot, db, dialog):
    add_person(db, "朱伯庄", phone="13857512345", with_id=False)
    type_text(qtbot, dialog.edits["name"], "朱伯庄")
    qtbot.keyClicks(dialog.edits["phone"], "13857512345")
    dialog.buttons.accepted.emit()
    assert dialog.duplicates.isVisible()
    assert "朱伯庄" in dialog.duplicates.list.item(0).text()
    assert villager_count(db) == 1
    qtbot.mouseClick(dialog.duplicates.different_button, Qt.MouseButton.LeftButton)
    assert dialog.saved_villager is not None
    assert villager_count(db) == 2


def test_possible_duplicate_same_person_keeps_one_record(qtbot, db, dialog):
    existing = add_person(db, "朱伯庄", phone="13857512345", with_id=False)
    type_text(qtbot, dialog.edits["name"], "朱伯庄")
    qtbot.keyClicks(dialog.edits["phone"], "13857512345")
    dialog.buttons.accepted.emit()
    qtbot.mouseClick(dialog.duplicates.same_button, Qt.MouseButton.LeftButton)
    assert dialog.chosen_existing is not None and dialog.chosen_existing.id == existing.id
    assert dialog.saved_villager is None
    assert villager_count(db) == 1


def test_edit_dialog_shows_full_values_and_updates(qtbot, zh_app, db, session, people):
    zhu = people["zhu"]
    d = VillagerDialog(session, zhu.id)
    qtbot.addWidget(d)
    assert d.edits["id_number"].text() == zhu.id_number
    assert d.edits["phone"].text() == "13857512345"
    d.edits["name"].setText("朱伯壮")
    d.buttons.accepted.emit()
    assert d.saved_villager.name == "朱伯壮"
    assert villager_count(db) == 4


def test_page_opens_the_dialog_and_refreshes_after_saving(qtbot, page):
    dialog = page.open_dialog(None)
    type_text(qtbot, dialog.edits["name"], "新村民")
    dialog.buttons.accepted.emit()
    qtbot.waitUntil(lambda: "新村民" in names(page.model), timeout=2000)
    row = page.model.row_of(dialog.saved_villager.id)
    assert page.table.currentIndex().row() == row


def open_edit_dialogs(page) -> list[VillagerDialog]:
    return [d for d in page.findChildren(VillagerDialog) if d.isVisible()]


def test_double_clicking_a_row_opens_one_edit_dialog(qtbot, page):
    cell = page.table.visualRect(page.model.index(1, COL_NAME)).center()
    qtbot.mouseClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=cell)
    qtbot.mouseDClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=cell)
    dialogs = open_edit_dialogs(page)
    assert len(dialogs) == 1
    assert dialogs[0].edits["name"].text() == page.model.villager(1).name
    dialogs[0].reject()


def test_enter_on_a_row_opens_one_edit_dialog(qtbot, page):
    page.table.setFocus()
    page.table.setCurrentIndex(page.model.index(0, COL_NAME))
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    dialogs = open_edit_dialogs(page)
    assert len(dialogs) == 1
    assert dialogs[0].edits["name"].text() == page.model.villager(0).name
    dialogs[0].reject()


@pytest.fixture
def screen_height(monkeypatch):
    """The screen's available height, as a 1366×768 laptop (taskbar off) or a shorter one."""
    from PySide6.QtCore import QRect
    from PySide6.QtGui import QScreen

    def use(height: int) -> QRect:
        area = QRect(0, 0, 1366, height)
        monkeypatch.setattr(QScreen, "availableGeometry", lambda _screen: area)
        return area
    return use


def raise_the_duplicate_question(qtbot, db, dialog) -> None:
    add_person(db, "陈桂花", birth="19400601", male=False, phone="13800002345")
    type_text(qtbot, dialog.edits["name"], "陈桂花")
    qtbot.keyClicks(dialog.edits["birth_date"], "1940-06-01")
    dialog.village.setFocus()
    type_text(qtbot, dialog.village.lineEdit(), "花园村")
    qtbot.keyClick(dialog.village.lineEdit(), Qt.Key.Key_Return)  # Enter = Save
    assert dialog.duplicates.isVisible()


def assert_every_field_usable(dialog) -> None:
    from PySide6.QtWidgets import QCheckBox, QComboBox, QLineEdit

    fields = [w for kind in (QLineEdit, QComboBox, QCheckBox) for w in dialog.findChildren(kind)]
    for field in fields:
        if field.isVisible() and field.parent() is not dialog.village:
            assert field.height() >= field.minimumSizeHint().height(), field
    boxes = [box.geometry() for box in dialog.flags.values()]
    assert not any(a.intersects(b) for i, a in enumerate(boxes) for b in boxes[i + 1:])
    listing = dialog.duplicates.list
    assert listing.horizontalScrollBar().maximum() == 0  # the reason does not scroll sideways
    item_rect = listing.visualRect(listing.model().index(0, 0))
    assert item_rect.height() >= 2 * listing.fontMetrics().height()  # reason on its own line
    assert item_rect.right() <= listing.viewport().width()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_duplicate_question_keeps_every_field_usable_on_a_laptop_screen(
        qtbot, qapp, db, session, screen_height, lang):
    area = screen_height(768 - 40)
    app_in(lang)
    try:
        d = VillagerDialog(session)
        qtbot.addWidget(d)
        d.show()
        raise_the_duplicate_question(qtbot, db, d)
        assert_every_field_usable(d)
        assert d.height() <= area.height()
        assert d.scroll.verticalScrollBar().maximum() == 0  # all of it shows, nothing scrolls
    finally:
        back_to_chinese(qapp)


def test_on_a_short_screen_the_form_scrolls_instead_of_squeezing(qtbot, zh_app, db, session,
                                                                 screen_height):
    area = screen_height(420)
    d = VillagerDialog(session)
    qtbot.addWidget(d)
    d.show()
    raise_the_duplicate_question(qtbot, db, d)
    assert_every_field_usable(d)
    assert d.frameGeometry().height() <= area.height()
    assert d.scroll.verticalScrollBar().maximum() > 0
    same = d.duplicates.same_button
    top_left = same.mapTo(d.scroll.viewport(), same.rect().topLeft())
    assert d.scroll.viewport().rect().contains(top_left)  # the question is scrolled into view


def field_positions(dialog) -> dict[str, int]:
    return {key: edit.mapTo(dialog, edit.rect().topLeft()).y()
            for key, edit in dialog.edits.items()}


def test_every_error_shows_at_once_each_goes_when_fixed_and_no_field_moves(qtbot, db, dialog):
    good = make_id(birth="19500308", seq=7)
    bad = good[:-1] + ("0" if good[-1] != "0" else "1")
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)  # Tab moves the focus
    before = field_positions(dialog)
    assert all(dialog.errors[k].text() == "" for k in ("name", "id_number", "phone"))
    qtbot.keyClicks(dialog.edits["id_number"], bad)  # 18 characters: said at once
    assert "校验" in dialog.errors["id_number"].text()
    type_text(qtbot, dialog.edits["phone"], "12345")
    assert dialog.errors["phone"].text() == ""  # still typing: not yet
    qtbot.keyClick(dialog.edits["phone"], Qt.Key.Key_Tab)  # left the field: now
    assert dialog.errors["phone"].text().startswith("电话")
    qtbot.mouseClick(dialog.buttons.buttons()[0], Qt.MouseButton.LeftButton)  # Save
    assert dialog.errors["name"].text() == "姓名不能为空。"  # all three, one press
    assert "校验" in dialog.errors["id_number"].text()
    assert dialog.errors["phone"].text().startswith("电话")
    assert dialog.focusWidget() is dialog.edits["name"]  # the first one to fix
    assert field_positions(dialog) == before  # the error lines were there all along
    type_text(qtbot, dialog.edits["name"], "张三明")
    assert dialog.errors["name"].text() == ""  # gone as soon as it is fixed
    dialog.edits["phone"].clear()
    type_text(qtbot, dialog.edits["phone"], "13857512345")
    assert dialog.errors["phone"].text() == ""
    dialog.edits["id_number"].clear()
    type_text(qtbot, dialog.edits["id_number"], good)
    assert dialog.errors["id_number"].text() == "" and "1950-03-08" in dialog.id_hint.text()
    assert field_positions(dialog) == before
    dialog.buttons.accepted.emit()
    assert dialog.saved_villager is not None and villager_count(db) == 1


def test_a_birth_date_and_gender_against_the_id_are_both_said(qtbot, dialog):
    type_text(qtbot, dialog.edits["name"], "王秀英")
    dialog.edits["birth_date"].setText("1951-01-01")
    dialog.gender.setCurrentIndex(dialog.gender.findData("M"))
    dialog.edits["id_number"].blockSignals(True)  # typed before the ID fills them
    dialog.edits["id_number"].setText(make_id(birth="19450308", seq=3, male=False))
    dialog.edits["id_number"].blockSignals(False)
    dialog.buttons.accepted.emit()
    line = dialog.errors["birth_date"].text()
    assert "1951-01-01" in line and "性别" in line and dialog.saved_villager is None


def test_from_the_search_box_down_or_enter_goes_to_the_first_person_and_enter_opens_her(
        qtbot, page, people):
    page.search_edit.setFocus()
    type_text(qtbot, page.search_edit, "wxy")  # 王秀英's initials
    qtbot.keyClick(page.search_edit, Qt.Key.Key_Down)  # at once, before the search's pause
    assert QApplication.focusWidget() is page.table
    assert names(page.model) == ["王秀英"] and page.selected_ids() == [people["wang1"].id]
    opened = []
    page.open_dialog = lambda villager_id: opened.append(villager_id)
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    assert opened == [people["wang1"].id]
    page.search_edit.setFocus()
    page.search_edit.clear()
    type_text(qtbot, page.search_edit, "李福根")
    qtbot.keyClick(page.search_edit, Qt.Key.Key_Return)
    assert page.selected_ids() == [people["li"].id]


def test_edit_and_history_with_nobody_chosen_say_to_choose_someone(qtbot, page, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    said = []
    monkeypatch.setattr(QMessageBox, "information",
                        staticmethod(lambda parent, title, text, *a: said.append(text)))
    page.table.clearSelection()
    page.table.setCurrentIndex(page.model.index(-1, -1))
    qtbot.mouseClick(page.edit_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(page.history_button, Qt.MouseButton.LeftButton)
    assert len(said) == 2 and all("请先在列表里选中一位村民" in text for text in said)
    assert page.edit_button.text() == "修改(&E)…" and "(&S)" in page.history_button.text()
