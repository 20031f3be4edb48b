"""Requests page: filters, the history panel, and changes written through core."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from PySide6.QtCore import Qt
from ui_helpers import add_person, type_text

from marketapp.core.requests import changes
from marketapp.core.requests import records as core
from marketapp.ui.requests.model import COL_STATUS, OVERDUE_ROLE, RequestsModel
from marketapp.ui.requests.page import ALL, RequestsPage
from marketapp.ui.shell.session import Session

TODAY = date.today()


def _at(days_ago: int) -> str:
    day = TODAY - timedelta(days=days_ago)
    return f"{day.isoformat()}T09:00:00+08:00"


@pytest.fixture
def filled(db):
    """Four requests: open+overdue (花园村, 镇卫生院), in progress (石门村, 镇司法所),
    resolved (花园村), open not due (石门村, 镇卫生院)."""
    wang = add_person(db, "王秀英", "花园村", seq=1)
    li = add_person(db, "李建国", "石门村", seq=2)
    zhang = add_person(db, "张福根", "花园村", seq=3)
    late = changes.raise_request(db, villager_id=wang.id, category="health_referral",
                              text="血压偏高，需到卫生院复查", raised_by="陆医生",
                              unit="镇卫生院", due_date=(TODAY - timedelta(days=3)).isoformat(),
                              at=_at(20))
    busy = changes.raise_request(db, villager_id=li.id, category="dispute", text="宅基地边界纠纷",
                              raised_by="吕调解员", unit="镇司法所", at=_at(10))
    changes.start_request(db, busy.id, by="吕调解员", at=_at(9))
    done = changes.raise_request(db, villager_id=zhang.id, category="repair_follow_up",
                              text="电视机需带回维修", raised_by="梁师傅", at=_at(5))
    changes.resolve_request(db, done.id, resolution="已修好送回", by="梁师傅", at=_at(2))
    fresh = changes.raise_request(db, villager_id=li.id, category="policy", text="医保报销咨询",
                               raised_by="周专员", unit="镇卫生院",
                               due_date=(TODAY + timedelta(days=10)).isoformat(), at=_at(1))
    return {"late": late.id, "busy": busy.id, "done": done.id, "fresh": fresh.id}


@pytest.fixture
def page(qtbot, zh_app, db, db_path, filled):
    widget = RequestsPage(Session(db, db_path))
    qtbot.addWidget(widget)
    widget.resize(1216, 700)
    widget.show()
    return widget


def shown(page) -> set[str]:
    return {page.model.request(i).id for i in range(page.model.rowCount())}


def test_model_marks_overdue_in_red_without_a_view(db, filled):
    model = RequestsModel(today=TODAY)
    model.set_rows(core.list_requests(db))
    late = model.row_of(filled["late"])
    assert model.index(late, 0).data(OVERDUE_ROLE) is True
    status = model.index(late, COL_STATUS)
    assert "overdue" in status.data() or "逾期" in status.data()
    assert status.data(Qt.ItemDataRole.ForegroundRole) is not None
    fresh = model.row_of(filled["fresh"])
    assert model.index(fresh, COL_STATUS).data(Qt.ItemDataRole.ForegroundRole) is None
    assert model.index(fresh, 1).data() == "李建国"  # full name: a staff screen


def test_filters_show_the_right_rows(page, filled):
    assert shown(page) == {filled["late"], filled["busy"], filled["fresh"]}  # default: active
    page.set_status_filter("open")
    assert shown(page) == {filled["late"], filled["fresh"]}
    page.set_status_filter("resolved")
    assert shown(page) == {filled["done"]}
    page.set_status_filter(ALL)
    assert len(shown(page)) == 4
    page.overdue_check.setChecked(True)
    assert shown(page) == {filled["late"]}
    assert "逾期" in page.count_label.text()
    page.overdue_check.setChecked(False)
    assert page.unit_combo.findData("镇卫生院") > 0 and page.unit_combo.findData("镇司法所") > 0
    page.set_unit_filter("镇卫生院")
    assert shown(page) == {filled["late"], filled["fresh"]}
    page.set_unit_filter(None)
    page.set_village_filter("石门村")
    assert shown(page) == {filled["busy"], filled["fresh"]}
    page.set_unit_filter("镇司法所")
    assert shown(page) == {filled["busy"]}


def _dialog_ok(qtbot, page, action: str, text: str, unit: str = ""):
    dialog = page.detail.open_action(action)
    assert dialog is not None
    if unit:
        type_text(qtbot, dialog.unit, unit)
    type_text(qtbot, dialog.text, text)
    dialog.ok_button.click()
    return dialog


def test_resolve_writes_through_core_and_shows_in_history(qtbot, db, page, filled):
    page.detail.operator.setText("陆医生")
    assert page.select_request(filled["late"])
    assert page.detail.request.id == filled["late"]
    dialog = _dialog_ok(qtbot, page, "resolve", "已转卫生院复查，血压正常")
    assert dialog.result() == dialog.DialogCode.Accepted
    request = core.get_request(db, filled["late"])
    assert request.status == "resolved" and request.resolution == "已转卫生院复查，血压正常"
    history = "\n".join(page.detail.history_texts())
    assert "已解决" in history and "已转卫生院复查，血压正常" in history and "陆医生" in history
    assert page.detail.reopen_button.isEnabled() and not page.detail.resolve_button.isEnabled()
    # it left the "open and in progress" list but stays in the panel
    assert filled["late"] not in shown(page)
    assert page.detail.request.id == filled["late"]


def test_refer_writes_through_core_and_shows_in_history(qtbot, db, page, filled):
    page.detail.operator.setText("吕调解员")
    page.select_request(filled["busy"])
    _dialog_ok(qtbot, page, "refer", "涉及土地确权，移交县里", unit="县自然资源局")
    request = core.get_request(db, filled["busy"])
    assert request.status == "referred" and request.referred_to == "县自然资源局"
    events = core.request_events(db, filled["busy"])
    assert [e.to_status for e in events] == ["open", "in_progress", "referred"]
    history = "\n".join(page.detail.history_texts())
    assert "已转办" in history and "县自然资源局" in history
    assert page.unit_combo.findData("县自然资源局") > 0  # the new unit is offered as a filter


def test_follow_up_and_start(qtbot, db, page, filled):
    page.detail.operator.setText("周专员")
    page.select_request(filled["fresh"])
    qtbot.mouseClick(page.detail.start_button, Qt.MouseButton.LeftButton)
    assert core.get_request(db, filled["fresh"]).status == "in_progress"
    dialog = page.detail.open_action("follow_up")
    dialog.outcome.setCurrentIndex(dialog.outcome.findData("unreachable"))
    type_text(qtbot, dialog.text, "电话无人接听")
    dialog.ok_button.click()
    assert [f.outcome for f in core.follow_ups(db, filled["fresh"])] == ["unreachable"]
    assert any("未联系上" in t for t in page.detail.history_texts())


def test_a_refused_change_shows_the_reason_and_changes_nothing(qtbot, db, page, filled):
    page.detail.operator.setText("梁师傅")
    page.select_request(filled["late"])
    before = core.request_events(db, filled["late"])
    dialog = page.detail.open_action("resolve")
    dialog.ok_button.click()  # no resolution written
    assert dialog.isVisible() and dialog.error.isVisible()
    assert dialog.error.text() == core.RequestError("resolution_required").message()
    dialog.reject()
    # refer to the unit already responsible
    dialog = _dialog_ok(qtbot, page, "refer", "转一下", unit="镇卫生院")
    assert dialog.isVisible() and "镇卫生院" in dialog.error.text()
    dialog.reject()
    # no operator: start is refused on the page itself, calmly
    page.detail.operator.setText("")
    page.detail.start()
    assert page.detail.error.isVisible() and "经办人" in page.detail.error.text()
    assert core.get_request(db, filled["late"]).status == "open"
    assert core.request_events(db, filled["late"]) == before


def test_refreshes_when_a_stall_raises_a_request(qtbot, db, page, filled):
    person = add_person(db, "赵桂花", "花园村", seq=4)
    changes.raise_request(db, villager_id=person.id, category="home_help", text="独居，需上门帮扶",
                       raised_by="王师傅")
    page.session.events.queue_changed.emit()
    qtbot.waitUntil(lambda: page.model.rowCount() == 4, timeout=2000)


@pytest.mark.parametrize("action", ["resolve", "refer"])
def test_a_missing_handler_is_filled_in_the_dialog_without_losing_the_text(
        qtbot, db, page, filled, action):
    page.detail.operator.setText("")
    page.select_request(filled["late"])
    qtbot.mouseClick(getattr(page.detail, f"{action}_button"), Qt.MouseButton.LeftButton)
    dialog = page.detail.dialog
    assert dialog.isVisible() and dialog.operator.isVisible() and dialog.operator.text() == ""
    if action == "refer":
        type_text(qtbot, dialog.unit, "县民政局")
    type_text(qtbot, dialog.text, "已上门修好")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and dialog.error.text() == "请填写经办人。"
    assert dialog.focusWidget() is dialog.operator  # where the missing name goes
    type_text(qtbot, dialog.operator, "王干事")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    request = core.get_request(db, filled["late"])
    assert request.status == ("resolved" if action == "resolve" else "referred")
    assert core.request_events(db, filled["late"])[-1].operator == "王干事"
    assert "已上门修好" in "\n".join(page.detail.history_texts())  # the typed text was kept
    assert page.detail.operator.text() == "王干事"  # ready for the next change


def test_the_dialog_takes_the_signed_in_name_and_keeps_it(qtbot, db, page, filled):
    page.detail.operator.setText("陆医生")
    page.detail.operator.setReadOnly(True)
    page.select_request(filled["late"])
    dialog = page.detail.open_action("resolve")
    assert dialog.operator.text() == "陆医生" and dialog.operator.isReadOnly()
