"""The paired devices (stall, counter, device, when paired, last seen, online or not) with
撤销 for each one still in use (a lost or borrowed phone: it stops at once). Pairings end
when the market day closes; the list says so."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGroupBox,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from marketapp.core.devices.pairing import Device, listed_devices, revoke_device
from marketapp.core.market.days import get_stall
from marketapp.ui.devices.hub_control import HubControl
from marketapp.ui.devices.model import COL_NAME, COL_REVOKE, DevicesModel, device_rows
from marketapp.ui.queues.feedback import MessageLine
from marketapp.ui.shell.actions import act
from marketapp.ui.shell.session import Change
from marketapp.ui.widgets import style

SEEN_REFRESH_MS = 30_000  # "last seen" is written at most every 30 s


class DevicesBox(QGroupBox):
    def __init__(self, control: HubControl, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Paired devices"))
        self.control = control
        self.session = control.session
        self.db = self.session.db
        self.model = DevicesModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.setAlternatingRowColors(True)
        self.table.setTabKeyNavigation(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(COL_NAME, QHeaderView.ResizeMode.Stretch)
        self.empty = QLabel(self.tr("No device is paired yet."))
        self.empty.setStyleSheet(style.text(style.FAINT))
        self.note = QLabel(self.tr("Every pairing ends when the market day closes: scan "
                                   "again at the next market. Revoke a lost or borrowed phone "
                                   "(Del): it stops at once."))
        self.note.setWordWrap(True)
        self.note.setStyleSheet(style.text(style.HINT))
        self.message = MessageLine()
        column = QVBoxLayout(self)
        column.addWidget(self.table, 1)
        column.addWidget(self.empty)
        column.addWidget(self.message)
        column.addWidget(self.note)
        revoke_key = QShortcut(QKeySequence(Qt.Key.Key_Delete), self.table)
        revoke_key.setContext(Qt.ShortcutContext.WidgetShortcut)
        revoke_key.activated.connect(self.revoke_selected)
        self.seen_timer = QTimer(self)
        self.seen_timer.setInterval(SEEN_REFRESH_MS)
        self.seen_timer.timeout.connect(self.refresh)
        control.online_changed.connect(lambda _n: self.refresh())
        control.changed.connect(self.refresh)
        self.session.events.devices_changed.connect(self.refresh)
        self.session.events.market_changed.connect(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        devices = listed_devices(self.db)
        names = {}
        for stall_id in {d.stall_id for d in devices if d.stall_id}:
            stall = get_stall(self.db, stall_id)
            names[stall_id] = (stall.name_zh, stall.name_en)
        selected = self.selected()
        self.model.set_rows(device_rows(devices, names, self.control.online_ids))
        for row in range(self.model.rowCount()):
            device = self.model.row(row).device
            if device.active:
                button = QPushButton(self.tr("Revoke"))
                button.setToolTip(self.tr("End this device's pairing now"))
                button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
                button.clicked.connect(lambda _=False, d=device: self.revoke(d))
                self.table.setIndexWidget(self.model.index(row, COL_REVOKE), button)
            if selected is not None and device.id == selected.id:
                self.table.selectRow(row)
        self.table.resizeColumnToContents(COL_REVOKE)
        self.empty.setVisible(not devices)

    def selected(self) -> Device | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.row(rows[0].row()).device if rows else None

    def revoke_selected(self) -> None:
        device = self.selected()
        if device is not None and device.active:
            self.revoke(device)

    def revoke(self, device: Device) -> bool:
        """Asks first: the phone stops at once and must scan a new code to go on."""
        answer = QMessageBox.question(
            self, self.tr("Revoke device"),
            self.tr("Revoke {label} ({name})? It stops at once; to carry on it must scan a "
                    "new code.").format(label=device.label, name=device.name or "—"),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No)
        if answer != QMessageBox.StandardButton.Yes:
            return False
        ok, _ = act(self.session, lambda s: revoke_device(s.db, device.id, operator=s.operator),
                    Change.DEVICES, refused=self.message.show_refusal,
                    failed=self.message.show_failure)
        if ok:
            self.message.ok(self.tr("{label} revoked.").format(label=device.label))
        return ok

    def showEvent(self, event) -> None:  # noqa: N802
        super().showEvent(event)
        self.refresh()
        self.seen_timer.start()

    def hideEvent(self, event) -> None:  # noqa: N802
        self.seen_timer.stop()
        super().hideEvent(event)
