"""设置 → 摊位设备: the app serves the market square itself (a real server on 127.0.0.1 and a
free port, started and stopped off the UI thread, stopped on exit), news both ways between the
phones and the desktop's pages, the pairing QR codes, revoking, the status bar's count, and
every part fitting a 1366×768 laptop in Chinese and English."""

from __future__ import annotations

import shutil
import socket
import threading
import time
from dataclasses import dataclass

import httpx
import pytest
from hub_phones import pair_in_core, stall_of
from PySide6.QtCore import QPoint, QRect
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QCheckBox, QComboBox, QLabel, QMessageBox, QPushButton
from sse_listen import SseListener
from ui_helpers import WORK_AREA, app_in, back_to_chinese

from marketapp.core import clock
from marketapp.core.access import operators as ops
from marketapp.core.demo.day import live_demo
from marketapp.core.devices.hub_address import (
    ENABLED_SETTING,
    remember_switch,
    saved_address,
)
from marketapp.core.devices.pairing import get_device, list_devices, secret_hash
from marketapp.core.market.days import open_market_days
from marketapp.core.queue import engine as queue
from marketapp.core.screens.stall_desk import at_counter
from marketapp.core.settings import get_setting
from marketapp.store.database import open_database
from marketapp.ui.devices.hub_control import ON, Serving, describe, hub_control
from marketapp.ui.devices.panel import StallDevicesDialog, StallDevicesPanel
from marketapp.ui.devices.qr import MIN_MODULE, QUIET
from marketapp.ui.devices.status import show_hub_in, status_line
from marketapp.ui.shell.actions import act
from marketapp.ui.shell.session import Change, Session
from marketapp.web.streams import COOKIE

START_MS = 10_000


@pytest.fixture(scope="module")
def live_template(tmp_path_factory):
    path = tmp_path_factory.mktemp("devices") / "live.db"
    db = open_database(path)
    live_demo(db, clock.now())
    db.close()
    return path


@pytest.fixture
def market_path(live_template, tmp_path):
    path = tmp_path / "market.db"
    shutil.copyfile(live_template, path)
    return path


@pytest.fixture
def mdb(market_path):
    database = open_database(market_path)
    yield database
    database.close()


@pytest.fixture
def hub_session(zh_app, mdb, market_path):
    session = Session(mdb, market_path)
    yield session
    if session.hub is not None:
        session.hub.shutdown()


@pytest.fixture
def day(mdb):
    return open_market_days(mdb)[0]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def serve(qtbot, session: Session):
    control = hub_control(session)
    control.switch_on("127.0.0.1", 0)
    qtbot.waitUntil(lambda: control.running, timeout=START_MS)
    return control


def reachable(url: str) -> bool:
    try:
        return httpx.get(url + "/", timeout=2).status_code == 200
    except httpx.HTTPError:
        return False


def hub_threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate()
            if t.name in ("marketapp-hub", "marketapp-web") and t.is_alive()]


def listen(control, token: str) -> SseListener:
    return SseListener(f"{control.url}/api/stall/events", f"{COOKIE}={token}").start()


def called_counter(db, day):
    """(stall, counter, ticket) of a counter where someone has been called (the live demo)."""
    for stall in day.stalls:
        for counter in range(1, stall.counters + 1):
            ticket = at_counter(db, stall.id, counter)
            if ticket is not None and ticket.status == "called":
                return stall, counter, ticket
    raise AssertionError("the live demo has someone called")


# ------------------------------------------------------------------ the switch


def test_the_switch_starts_and_stops_a_real_server_without_waiting_on_it(qtbot, hub_session):
    panel = StallDevicesPanel(hub_session)
    qtbot.addWidget(panel)
    panel.show()
    box, control = panel.server, panel.control
    qtbot.waitUntil(lambda: box.addresses is not None, timeout=START_MS)
    # never every network unless chosen: a LAN address (or this computer) comes first
    assert box.host.itemData(0) != "0.0.0.0" and box.host.findData("0.0.0.0") >= 0
    box.host.setCurrentIndex(box.host.findData("127.0.0.1"))
    port = free_port()
    box.port.setValue(port)
    began = time.perf_counter()
    box.switch.setChecked(True)
    assert time.perf_counter() - began < 0.25  # started in a worker
    assert control.state == "starting" and not box.host.isEnabled()
    qtbot.waitUntil(lambda: control.running, timeout=START_MS)
    assert control.url == f"http://127.0.0.1:{port}" and reachable(control.url)
    assert get_setting(hub_session.db, ENABLED_SETTING) is True
    assert saved_address(hub_session.db) == ("127.0.0.1", port)
    assert "127.0.0.1" in box.status.text() and "0 台在线" in box.status.text()
    assert len(hub_threads()) == 2

    box.switch.setChecked(False)
    qtbot.waitUntil(lambda: control.state == "off", timeout=START_MS)
    assert not reachable(f"http://127.0.0.1:{port}")
    assert get_setting(hub_session.db, ENABLED_SETTING) is False
    assert box.host.isEnabled() and "已关闭" in box.status.text()
    qtbot.waitUntil(lambda: not hub_threads(), timeout=START_MS)


@pytest.fixture
def boxes(monkeypatch):
    for kind in ("critical", "warning", "information"):
        monkeypatch.setattr(QMessageBox, kind, staticmethod(lambda *a, **k: None))


def test_the_app_serves_when_left_on_and_its_exit_stops_the_server(qtbot, zh_app, boxes,
                                                                    market_path):
    from marketapp.store.instance_lock import is_locked
    from marketapp.ui.shell import lifecycle
    from marketapp.ui.shell.app import build_main_window

    port = free_port()
    db = open_database(market_path)
    remember_switch(db, True, "127.0.0.1", port)
    db.close()
    life, code = lifecycle.start_up(market_path, "zh")
    assert code == 0 and life is not None
    try:
        window = build_main_window(zh_app, life.db, market_path, "zh")
        qtbot.addWidget(window)
        life.attach(window)
        control = window.session.hub
        qtbot.waitUntil(lambda: control is not None and control.running, timeout=START_MS)
        assert reachable(f"http://127.0.0.1:{port}")
        assert window.status.hub_label.isVisible() or not window.isVisible()
        assert "摊位设备 0 台在线" in window.status.hub_label.text()
    finally:
        life.shutdown()
    assert not reachable(f"http://127.0.0.1:{port}")
    assert not hub_threads() and control.state == "off"
    assert not is_locked(market_path)


def test_a_saved_address_no_longer_this_laptops_is_said_and_the_current_one_offered(
        qtbot, hub_session, monkeypatch):
    import marketapp.web.addresses as addresses

    # this laptop's "LAN" address here is the loopback one: no traffic leaves the machine
    monkeypatch.setattr(addresses, "lan_addresses", lambda: ["127.0.0.1"])
    port = free_port()
    remember_switch(hub_session.db, True, "192.168.1.5", port)
    control = hub_control(hub_session)
    panel = StallDevicesPanel(hub_session)
    qtbot.addWidget(panel)
    panel.show()
    control.start_saved()
    qtbot.waitUntil(lambda: control.gone is not None, timeout=START_MS)
    assert control.state == "off" and not hub_threads()
    text = describe(control)
    assert "192.168.1.5" in text and "127.0.0.1" in text
    assert status_line(control) == ("摊位设备服务未开启", True)
    button = panel.server.use_found
    assert button.isVisible() and button.text() == "改用 127.0.0.1 并开启"
    button.click()
    qtbot.waitUntil(lambda: control.running, timeout=START_MS)
    assert control.url == f"http://127.0.0.1:{port}" and control.gone is None
    assert saved_address(hub_session.db) == ("127.0.0.1", port)


def test_a_port_in_use_is_said_and_the_switch_goes_back_off(qtbot, hub_session):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        control = hub_control(hub_session)
        control.switch_on("127.0.0.1", taken.getsockname()[1])
        qtbot.waitUntil(lambda: control.state == "off" and not control.busy, timeout=START_MS)
    assert control.error and "被占用" in describe(control)
    assert control.wanted is None and status_line(control)[1]


# ------------------------------------------------------------------ news both ways


def test_a_phones_call_reaches_the_queues_page_without_its_timer(qtbot, hub_session, mdb,
                                                                 day):
    from marketapp.ui.queues.page import QueuesPage

    control = serve(qtbot, hub_session)
    page = QueuesPage(hub_session)
    qtbot.addWidget(page)
    page.timer.setInterval(600_000)  # its own refresh would come in ten minutes
    page.timer.start()
    page.show()
    stall, counter, ticket = called_counter(mdb, day)
    page.choose_stall(stall.id)
    row = page.line_model.row_of(ticket.id)
    assert page.line_model.line_row(row).ticket.status == "called"
    token = pair_in_core(mdb, day, stall.letter, counter)
    answer = httpx.post(f"{control.url}/api/stall/no_show",
                        json={"request_id": "desk-news-0001"},
                        headers={"cookie": f"{COOKIE}={token}"}, timeout=5)
    assert answer.status_code == 200, answer.text

    def shows_no_show():
        row = page.line_model.row_of(ticket.id)
        return row is not None and page.line_model.line_row(row).ticket.status == "no_show"

    qtbot.waitUntil(shows_no_show, timeout=500)


def test_a_desktop_call_reaches_a_phone_at_once_and_is_not_echoed_to_the_pages(
        qtbot, hub_session, mdb, day):
    control = serve(qtbot, hub_session)
    control.serving.hub.poll_seconds = 60  # only the desktop's own word can tell the hub
    qtbot.wait(300)
    stall, counter, ticket = called_counter(mdb, day)
    listener = listen(control, pair_in_core(mdb, day, stall.letter, counter))
    heard = []
    hub_session.events.queue_changed.connect(lambda: heard.append(time.perf_counter()))
    try:
        assert listener.events[0].data["current"]["label"] == ticket.label
        began = time.perf_counter()
        ok, _ = act(hub_session, lambda s: queue.no_show(s.db, ticket.id, operator=s.operator),
                    Change.QUEUE)
        assert ok
        event = listener.wait_for(lambda e: e.name == "state" and e.data["current"] is None,
                                  timeout=1.0)
        assert event is not None and event.at - began < 1.0
        qtbot.wait(400)  # the hub's news of the desktop's own write comes back…
        assert len(heard) == 1  # …and is not announced to the pages a second time
    finally:
        listener.stop()


# ------------------------------------------------------------------ the QR codes


class _Still:
    """A server and hub that are not there: the QR tests need no network."""

    host = "192.168.8.10"

    def stop(self) -> None:
        pass

    def notify_changed(self) -> None:
        pass


def pretend_serving(session: Session, host: str = "192.168.8.10", port: int = 8420):
    control = hub_control(session)
    control.serving = Serving(_Still(), _Still(), host, port)
    control.state, control.host, control.wanted = ON, host, (host, port)
    control.changed.emit()
    return control


@dataclass
class Shown:
    dialog: StallDevicesDialog
    box: object


@pytest.fixture
def shown_dialog(qtbot, hub_session):
    pretend_serving(hub_session)
    dialog = StallDevicesDialog(hub_session)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return Shown(dialog, dialog.panel.pairing)


def test_the_qr_code_holds_a_one_time_pairing_link_with_the_lan_address(qtbot, shown_dialog,
                                                                        mdb, day):
    box = shown_dialog.box
    target = box.targets[box.current_key()]
    code = box.shown
    assert box.qr.payload == f"http://192.168.8.10:8420/p/{code.code}"
    assert box.link.text() == box.qr.payload  # printed under it too
    row = mdb.execute("SELECT stall_id, counter, expires_at, used_at FROM pairing_codes "
                      "WHERE code_hash = ?", [secret_hash(code.code)]).fetchone()
    assert row[:2] == (target.stall_id, target.counter) and row[3] is None
    minutes = (clock.parse_iso(row[2]) - clock.now()).total_seconds() / 60
    assert 9.5 < minutes <= 10
    assert "限一台设备" in box.validity.text() and "9:5" in box.validity.text()
    assert "10 分钟内有效" in box.hint.text()

    # the image is the code, module for module, big enough for arm's length
    qr = box.qr
    module = qr.module_px()
    assert module >= MIN_MODULE
    image, rect = qr.image(), qr.code_rect()
    for r, cells in enumerate(qr.matrix):
        for c, dark in enumerate(cells):
            x = rect.left() + (QUIET + c) * module + module // 2
            y = rect.top() + (QUIET + r) * module + module // 2
            assert (QColor(image.pixel(x, y)).lightness() < 128) == dark, (r, c)
    assert QColor(image.pixel(rect.left() + module, rect.top() + module)).lightness() > 200
    try:
        import cv2
        import numpy as np
    except ImportError:
        return
    pixels = np.array(image.convertToFormat(image.Format.Format_Grayscale8).constBits(),
                      dtype=np.uint8).reshape(image.height(), image.bytesPerLine())
    text, _points, _ = cv2.QRCodeDetector().detectAndDecode(pixels[:, :image.width()])
    assert text == qr.payload


def test_refresh_voids_the_old_code_and_a_used_code_says_paired(qtbot, shown_dialog, mdb,
                                                                day, hub_session):
    from marketapp.core.devices.pairing import code_state, redeem_code

    box = shown_dialog.box
    first = box.shown
    box.refresh_button.click()
    second = box.shown
    assert second.code != first.code and code_state(mdb, first.id).revoked
    assert "已生成新的二维码" in box.message.text()
    redeem_code(mdb, second.code, name="Android 13 · 微信")  # a phone scanned it
    hub_session.events.announce(Change.DEVICES)  # as the hub's news of it does
    assert box.qr.payload is None and "Android 13 · 微信" in box.qr.placeholder
    assert "已经用过" in box.validity.text()
    assert "✓" in box.list.currentItem().text()
    box.choose("display")
    assert box.shown.scope == "display" and box.title.text() == "公共显示屏"


def test_no_code_while_the_server_is_off_or_no_market_is_open(qtbot, hub_session, mdb, day):
    panel = StallDevicesPanel(hub_session)
    qtbot.addWidget(panel)
    panel.show()
    box = panel.pairing
    assert box.qr.payload is None and "先打开左边的服务开关" in box.qr.placeholder
    assert mdb.execute("SELECT COUNT(*) FROM pairing_codes").fetchone()[0] == 0
    from marketapp.core.queue.closing import close_market_day

    pretend_serving(hub_session)
    assert box.qr.payload is not None
    act(hub_session, lambda s: close_market_day(s.db, day.id), Change.MARKET)
    assert box.qr.payload is None and "开集" in box.qr.placeholder


# ------------------------------------------------------------------ devices: list, revoke, count


def test_the_status_bar_counts_devices_online_and_revoke_ends_one_at_once(
        qtbot, hub_session, mdb, day, monkeypatch):
    from marketapp.ui.shell.main_window import MainWindow

    window = MainWindow(hub_session)
    qtbot.addWidget(window)
    control = hub_control(hub_session)
    show_hub_in(window.status, control, window)
    assert not window.status.hub_label.isVisibleTo(window)  # off: nothing said
    serve(qtbot, hub_session)
    assert "摊位设备 0 台在线" in window.status.hub_label.text()
    stall = stall_of(day, "B")
    listener = listen(control, pair_in_core(mdb, day, "B", 2))
    try:
        qtbot.waitUntil(lambda: "摊位设备 1 台在线" in window.status.hub_label.text(),
                        timeout=1000)
        panel = StallDevicesPanel(hub_session)
        qtbot.addWidget(panel)
        panel.show()
        devices = panel.devices
        [row] = [r for r in range(devices.model.rowCount())
                 if devices.model.row(r).device.stall_id == stall.id]
        model = devices.model
        texts = [model.index(row, c).data() for c in range(6)]
        assert texts[0] == f"B {stall.name_zh}" and texts[1] == "2" and texts[5] == "在线"
        assert texts[4] == "现在"
        button = devices.table.indexWidget(model.index(row, 6))
        assert isinstance(button, QPushButton) and button.text() == "撤销"
        monkeypatch.setattr(QMessageBox, "question", staticmethod(
            lambda *a, **k: QMessageBox.StandardButton.Yes))
        device_id = model.row(row).device.id
        button.click()
        assert get_device(mdb, device_id).revoked_at
        ended = listener.wait_for(lambda e: e.name == "ended", timeout=1.0)
        assert ended is not None and "撤销" in ended.data["error"]
        qtbot.waitUntil(lambda: "摊位设备 0 台在线" in window.status.hub_label.text(),
                        timeout=1000)
        [row] = [r for r in range(model.rowCount()) if model.row(r).device.id == device_id]
        assert model.index(row, 5).data() == "已撤销"
        assert devices.table.indexWidget(model.index(row, 6)) is None
        assert "收市时所有配对自动结束" in devices.note.text()
    finally:
        listener.stop()


def test_revoke_asks_first_and_no_is_no(qtbot, hub_session, mdb, day, monkeypatch):
    pair_in_core(mdb, day, None)
    panel = StallDevicesPanel(hub_session)
    qtbot.addWidget(panel)
    panel.show()
    asked = []
    monkeypatch.setattr(QMessageBox, "question", staticmethod(
        lambda *a, **k: asked.append(a[2]) or QMessageBox.StandardButton.No))
    panel.devices.table.selectRow(0)
    panel.devices.revoke_selected()
    assert asked and "公共显示屏" in asked[0]
    assert all(d.active for d in list_devices(mdb))


def test_the_queues_page_opens_the_same_dialog(qtbot, hub_session):
    from marketapp.ui.queues.page import QueuesPage

    page = QueuesPage(hub_session)
    qtbot.addWidget(page)
    page.show()
    assert page.devices_button.text() == "摊位设备(&D)…"
    page.devices_button.click()
    dialog = page.devices_dialog
    assert isinstance(dialog, StallDevicesDialog) and dialog.isVisible()
    assert dialog.windowTitle() == "摊位设备"
    dialog.close()


# ------------------------------------------------------------------ fitting 1366×768


def cut_off(root, within) -> list[str]:
    """Widgets outside ``within``'s rectangle, buttons narrower than their text, labels cut."""
    problems = []
    for widget in (root.findChildren(QPushButton) + root.findChildren(QComboBox)
                   + root.findChildren(QCheckBox)):
        if not widget.isVisible():
            continue
        where = QRect(widget.mapTo(within, QPoint(0, 0)), widget.size())
        if not within.rect().contains(where):
            problems.append(f"outside: {getattr(widget, 'text', str)()}")
        if widget.width() < widget.minimumSizeHint().width():
            problems.append(f"narrower than its text: {getattr(widget, 'text', str)()}")
    for label in root.findChildren(QLabel):
        if not label.isVisible() or not label.text():
            continue
        if label.wordWrap():
            if label.height() < label.heightForWidth(label.width()):  # padding included
                problems.append(f"wrapped text cut: {label.text()}")
        elif label.width() < label.sizeHint().width():
            problems.append(f"text cut: {label.text()}")
    return problems


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_devices_tab_and_dialog_fit_1366x768(qtbot, qapp, hub_session, mdb, day, lang):
    from marketapp.ui.shell.main_window import MainWindow

    app_in(lang)
    try:
        pair_in_core(mdb, day, "B", 1)
        pair_in_core(mdb, day, None)
        pretend_serving(hub_session)
        # Sign-in on: the stall PIN's box shows too (the panel at its fullest).
        ops.add_operator(mdb, "李站长", "admin", "900001")
        ops.set_signin_enabled(mdb, True, by="李站长")
        hub_session.sign_in_as("李站长")
        window = MainWindow(hub_session)
        qtbot.addWidget(window)
        window.resize(*WORK_AREA)
        window.show()
        qtbot.waitExposed(window)
        window.show_page("settings")
        settings = window.page("settings")
        settings.tabs.setCurrentWidget(settings.devices)
        qtbot.waitUntil(lambda: settings.devices.isVisible())
        qtbot.wait(1)
        panel = settings.devices
        assert not settings.bottom.isVisible()  # applies at once: no Save button
        assert panel.pin.isVisible() and cut_off(panel, window) == []
        assert panel.pairing.qr.module_px() >= MIN_MODULE and panel.pairing.shown is not None
        panel.pairing.choose(panel.pairing.targets[list(panel.pairing.targets)[2]].key)
        qtbot.wait(1)
        assert cut_off(panel, window) == []

        dialog = StallDevicesDialog(hub_session, window)
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        hint = dialog.minimumSizeHint()
        assert dialog.width() <= WORK_AREA[0] and dialog.height() <= WORK_AREA[1]
        assert hint.width() <= WORK_AREA[0] and hint.height() <= WORK_AREA[1]
        assert cut_off(dialog, dialog) == []
        assert dialog.panel.pairing.qr.module_px() >= MIN_MODULE
        dialog.close()

        window.show_page("queues")
        queues = window.page("queues")
        assert cut_off(queues, window) == []
    finally:
        back_to_chinese(qapp)


# ------------------------------------------------------------------ catalogue: sensitive


def test_the_sensitive_flag_is_edited_in_the_catalogue_editor(qtbot, zh_app, db, db_path):
    from marketapp.core.market.days import current_catalogue
    from marketapp.ui.settings.catalogue_editor import CatalogueEditor

    editor = CatalogueEditor(db)
    qtbot.addWidget(editor)
    editor.show()
    box = editor.details.sensitive
    assert box.text() == "含健康等敏感信息：只在本摊位显示读数"
    editor.select_service("health_check")
    assert box.isChecked()
    box.click()
    editor.select_service("legal")
    assert not box.isChecked()
    box.click()
    assert editor.save()
    catalogue = current_catalogue(db)
    assert not catalogue.is_sensitive(catalogue.get("health_check"))
    assert catalogue.is_sensitive(catalogue.get("legal"))
    editor.select_service("health_check")
    assert not box.isChecked()  # as saved

