"""Villagers page: merge two records of the same person; a person's history."""

from __future__ import annotations

from datetime import date

import pytest
from ui_helpers import add_person, app_in, back_to_chinese

from marketapp.core.market import days as market
from marketapp.core.market.days import StallPlan
from marketapp.core.people.cleaning import clean
from marketapp.core.people.villagers import VillagerInput, save_villager
from marketapp.core.queue import engine as queue
from marketapp.core.queue import visits
from marketapp.ui.villagers.history import VillagerHistoryDialog
from marketapp.ui.villagers.merge_dialog import VillagerMergeDialog
from marketapp.ui.villagers.page import VillagersPage


def serve(db, stall_id, villager_id):
    ticket = queue.issue(db, stall_id, villager_id).ticket
    queue.call(db, ticket.id)
    queue.start(db, ticket.id)
    return visits.finish(db, ticket.id, {"systolic": 150, "diastolic": 92}, rating="好")


@pytest.fixture
def two(db):
    keep = add_person(db, "周桂兰", seq=5, male=False)
    other = save_villager(db, clean(VillagerInput(name="周桂兰", village="花园村",
                                                  birth_date="1950-03-08",
                                                  phone="13712345678")),
                          on_duplicate="flag").villager
    assert db.execute("SELECT count(*) FROM duplicate_flags").fetchone()[0] == 1
    day = market.open_market_day(db, date.today(), "花园村", [StallPlan("health_check")])
    serve(db, day.stalls[0].id, other.id)
    return keep, other


@pytest.fixture(autouse=True)
def boxes(monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    shown = []
    for kind in ("critical", "warning", "information"):
        monkeypatch.setattr(QMessageBox, kind, staticmethod(
            lambda parent, title, text, *a, k=kind, **kw: shown.append((k, text))))
    return shown


@pytest.fixture
def page(qtbot, zh_app, session, two):
    widget = VillagersPage(session)
    qtbot.addWidget(widget)
    widget.show()
    return widget


def select_rows(page, *ids):
    from PySide6.QtCore import QItemSelectionModel

    selection = page.table.selectionModel()
    selection.clearSelection()
    for villager_id in ids:
        index = page.model.index(page.model.row_of(villager_id), 0)
        selection.select(index, QItemSelectionModel.SelectionFlag.Select
                         | QItemSelectionModel.SelectionFlag.Rows)


def test_merging_two_selected_rows_moves_tickets_and_visits_and_deletes_the_other(
        qtbot, db, page, two):
    keep, other = two
    select_rows(page, keep.id, other.id)
    dialog = page.merge_selected()
    assert isinstance(dialog, VillagerMergeDialog)
    ids = {dialog.keep.id, dialog.other.id}
    assert ids == {keep.id, other.id}
    if dialog.keep.id != keep.id:
        dialog.swap()
    assert dialog.choices()["phone"] == "other"  # the blank is filled by default
    dialog.choose("name", "keep")
    merged = dialog.merge()
    assert merged is not None and merged.id == keep.id and merged.phone == "13712345678"
    assert db.execute("SELECT count(*) FROM villagers WHERE id = ?", [other.id]).fetchone()[0] == 0
    assert db.execute("SELECT count(*) FROM tickets WHERE villager_id = ?",
                      [keep.id]).fetchone()[0] == 1
    assert len(visits.villager_history(db, keep.id)) == 1
    qtbot.waitUntil(lambda: page.model.rowCount() == 1)
    assert page.model.villager(0).id == keep.id


def test_one_flagged_row_opens_the_merge_with_its_partner(page, two):
    keep, other = two
    select_rows(page, other.id)
    dialog = page.merge_selected()
    assert {dialog.keep.id, dialog.other.id} == {keep.id, other.id}
    dialog.reject()


def test_two_different_id_numbers_cannot_be_merged_in_the_dialog(qtbot, db, zh_app, session):
    first = add_person(db, "吴强", seq=8)
    second = add_person(db, "吴强", seq=9)
    dialog = VillagerMergeDialog(session, first.id, second.id)
    qtbot.addWidget(dialog)
    assert not dialog.merge_button.isEnabled()
    assert "两个人" in dialog.error.text()


def test_history_lists_the_visits_and_opens_the_record_history(qtbot, page, two):
    keep, other = two
    select_rows(page, other.id)
    page.table.setCurrentIndex(page.model.index(page.model.row_of(other.id), 0))
    dialog = page.open_history()
    assert isinstance(dialog, VillagerHistoryDialog)
    [row] = dialog.rows_text()
    assert "150/92 mmHg" in row and "001" in row and row.endswith("| 满意") and "健康检查" in row
    audit = dialog.open_audit()
    assert audit.table.rowCount() >= 1
    audit.reject()
    dialog.reject()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_history_shows_what_was_done_in_words_not_codes(qtbot, qapp, db, session, lang):
    from PySide6.QtCore import Qt

    person = add_person(db, "陈桂花", seq=9, male=False)
    day = market.open_market_day(db, date.today(), "花园村", [
        StallPlan("social_security_card"), StallPlan("health_check")])
    card, health = day.stalls
    for stall, outcome in ((card, {"business": "replace", "result": "missing_documents"}),
                           (health, {"systolic": 150, "diastolic": 92, "glucose": 6.1,
                                     "fasting": True})):
        ticket = queue.issue(db, stall.id, person.id).ticket
        queue.call(db, ticket.id)
        queue.start(db, ticket.id)
        visits.finish(db, ticket.id, outcome)
    app_in(lang)
    try:
        widget = VillagersPage(session)
        qtbot.addWidget(widget)
        widget.show()
        widget.table.setCurrentIndex(widget.model.index(widget.model.row_of(person.id), 0))
        qtbot.mouseClick(widget.history_button, Qt.MouseButton.LeftButton)
        dialog = widget.history_dialog
        rows = dialog.rows_text()
        text = "\n".join(rows)
        assert "result" not in text and "missing_documents" not in text and "fasting" not in text
        if lang == "zh":
            assert any("业务类型：补换卡；结果：需补材料" in row for row in rows)
            assert any("150/92 mmHg；血糖：6.1 mmol/L；空腹：是" in row for row in rows)
        else:
            assert any("Kind of business: Replacement; Result: Documents missing" in row
                       for row in rows)
            assert any("150/92 mmHg; Blood glucose: 6.1 mmol/L; Fasting: Yes" in row
                       for row in rows)
        dialog.reject()
    finally:
        back_to_chinese(qapp)
