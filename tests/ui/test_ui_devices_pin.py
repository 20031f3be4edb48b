"""设置 → 摊位设备's stall PIN: offered only while sign-in is on (the panel looks again when
shown, since sign-in is switched in the tab beside it), saved at once in the data file, and
changed only by whoever may change settings."""

from __future__ import annotations

import pytest

from marketapp.core.access import operators as ops
from marketapp.core.devices.pairing_pin import pin_required, pin_setting
from marketapp.ui.devices.panel import StallDevicesPanel
from marketapp.ui.shell.session import Session


@pytest.fixture
def session(zh_app, db, db_path):
    made = Session(db, db_path)
    yield made
    if made.hub is not None:
        made.hub.shutdown()


@pytest.fixture
def operators(db):
    ops.add_operator(db, "李站长", "admin", "900001")
    ops.add_operator(db, "王芳", "registrar", "246801")


def shown_panel(qtbot, session) -> StallDevicesPanel:
    panel = StallDevicesPanel(session)
    qtbot.addWidget(panel)
    panel.show()
    qtbot.waitExposed(panel)
    return panel


def test_the_stall_pin_is_offered_only_with_sign_in_on_and_saved_at_once(qtbot, session, db,
                                                                         operators):
    session.sign_in_as("李站长")
    panel = shown_panel(qtbot, session)
    assert not panel.pin.isVisible()  # sign-in off: pairing as ever, nothing to offer
    ops.set_signin_enabled(db, True, by="李站长")  # in 设置 → 登录与数据, beside this tab
    panel.hide()
    panel.show()
    assert panel.pin.isVisible() and panel.pin.switch.isEnabled()
    assert not panel.pin.switch.isChecked()
    assert panel.pin.switch.text() == "摊位手机配对时须输入摊位人员的姓名和 PIN"
    assert "管理员的姓名和 PIN" in panel.pin.hint.text()
    panel.pin.switch.click()
    assert pin_setting(db) and pin_required(db)
    assert panel.pin.message.text() == "已保存：摊位手机配对时须输入姓名和 PIN。"
    assert db.execute("SELECT operator FROM sensitive_log WHERE action = 'device_pin_on'"
                      ).fetchone()[0] == "李站长"
    again = shown_panel(qtbot, session)
    assert again.pin.switch.isChecked()  # kept in the data file
    again.pin.switch.click()
    assert not pin_setting(db)


def test_only_someone_who_may_change_settings_changes_it(qtbot, session, db, operators):
    ops.set_signin_enabled(db, True, by="李站长")
    session.sign_in_as("王芳")
    panel = shown_panel(qtbot, session)
    assert panel.pin.isVisible() and not panel.pin.switch.isEnabled()
    assert panel.pin.switch.toolTip() == "只有管理员可以更改"
    panel.pin._switched(True)  # were it reached anyway: core refuses, the box says why
    assert not pin_setting(db) and not panel.pin.switch.isChecked()
    assert "无权" in panel.pin.message.text()
