"""The server switch of 设置 → 摊位设备: on/off, where it listens (this laptop's LAN address by
default; this computer only; every network only when chosen), the port, and what it is
doing now. The address is changed with the switch off. This laptop's addresses are looked up
in a worker (the system may take a moment to answer)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from marketapp.core.devices.hub_address import DEFAULT_PORT, saved_address
from marketapp.ui.devices.hub_control import ON, HubControl, describe
from marketapp.ui.shell.tasks import Task
from marketapp.ui.widgets import style


def _find_addresses() -> list[str]:
    from marketapp.web.addresses import lan_addresses

    return lan_addresses()


class ServerBox(QGroupBox):
    def __init__(self, control: HubControl, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Server on this laptop"))
        self.control = control
        self.db = control.session.db
        self.addresses: list[str] | None = None
        self._lookup: Task | None = None
        self.switch = QCheckBox(self.tr("Serve stall phones and displays while the program "
                                        "is open"))
        font = self.switch.font()
        font.setBold(True)
        self.switch.setFont(font)
        self.switch.toggled.connect(self._switched)
        self.host = QComboBox()
        self.host.setMinimumContentsLength(22)
        self.host.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.host.setToolTip(self.tr("Where phones reach this laptop: its address on the "
                                     "market's router (shown in the QR codes)"))
        self.port = QSpinBox()
        self.port.setRange(1024, 65535)
        self.port.setValue(DEFAULT_PORT)
        host_label = QLabel(self.tr("Address"))
        host_label.setBuddy(self.host)
        port_label = QLabel(self.tr("Port"))
        port_label.setBuddy(self.port)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.use_found = QPushButton()
        self.use_found.clicked.connect(self._use_found)
        self.use_found.setVisible(False)

        row = QHBoxLayout()
        row.addWidget(host_label)
        row.addWidget(self.host, 1)
        row.addSpacing(8)
        row.addWidget(port_label)
        row.addWidget(self.port)
        gone = QHBoxLayout()
        gone.addStretch(1)
        gone.addWidget(self.use_found)
        column = QVBoxLayout(self)
        column.addWidget(self.switch)
        column.addLayout(row)
        column.addWidget(self.status)
        column.addLayout(gone)
        control.changed.connect(self.show_state)
        control.online_changed.connect(lambda _n: self.show_state())
        self.load()

    # ------------------------------------------------------------------ addresses

    def load(self) -> None:
        """The saved address and port; this laptop's addresses looked up again."""
        host, port = saved_address(self.db)
        self._fill_hosts(host)
        self.port.setValue(port or DEFAULT_PORT)
        self.show_state()
        if self._lookup is None:
            self._lookup = Task(_find_addresses, self)
            self._lookup.succeeded.connect(self._addresses_found)
            self._lookup.failed.connect(lambda _e: self._addresses_found([]))
            self._lookup.finished.connect(self._lookup.deleteLater)
            self._lookup.start()

    def _addresses_found(self, addresses: list[str]) -> None:
        self._lookup = None
        self.addresses = list(addresses)
        current = self.host.currentData() or saved_address(self.db)[0]
        self._fill_hosts(current)
        self.show_state()

    def _fill_hosts(self, chosen: str | None) -> None:
        from marketapp.web.addresses import ANY, LOOPBACK, host_options

        found = self.addresses or []
        options = host_options(found, chosen)
        if self.addresses is None and chosen and chosen not in options:
            options.insert(0, chosen)  # not looked up yet: keep showing the saved one
        self.host.blockSignals(True)
        self.host.clear()
        for option in options:
            if option == LOOPBACK:
                text = self.tr("{address} — this computer only")
            elif option in ANY:
                text = self.tr("{address} — every network")
            elif option in found:
                text = self.tr("{address} — this laptop on the router")
            else:
                text = "{address}"
            self.host.addItem(text.format(address=option), option)
        index = self.host.findData(chosen) if chosen else -1
        if index < 0 or (self.addresses is not None and chosen not in options):
            index = 0  # this laptop's LAN address first (never 0.0.0.0 unless chosen)
        self.host.setCurrentIndex(index)
        self.host.blockSignals(False)

    # ------------------------------------------------------------------ switching

    def _switched(self, on: bool) -> None:
        if on:
            self.control.switch_on(str(self.host.currentData()), self.port.value())
        else:
            self.control.switch_off()

    def _use_found(self) -> None:
        gone = self.control.gone
        if gone is None or not gone.found:
            return
        index = self.host.findData(gone.found)
        if index < 0:
            self.host.insertItem(0, self.tr("{address} — this laptop on the router").format(
                address=gone.found), gone.found)
            index = 0
        self.host.setCurrentIndex(index)
        self.control.switch_on(gone.found, self.port.value())

    def show_state(self) -> None:
        control = self.control
        on = control.wanted is not None or control.state == ON
        self.switch.blockSignals(True)
        self.switch.setChecked(on)
        self.switch.blockSignals(False)
        # until this laptop's addresses are known, nothing to choose from (a moment)
        self.switch.setEnabled(not control.closed and (on or self.addresses is not None))
        for widget in (self.host, self.port):
            widget.setEnabled(not on and not control.busy)
            widget.setToolTip(self.tr("Turn the server off to change it") if on else "")
        if control.running and control.host:
            index = self.host.findData(control.host)
            if index < 0:  # where it listens, even if not in the list (yet)
                self.host.insertItem(0, control.host, control.host)
                index = 0
            self.host.setCurrentIndex(index)
            self.port.setValue(control.port or self.port.value())
        self.status.setText(describe(control))
        trouble = control.gone is not None or bool(control.error)
        self.status.setStyleSheet(style.NOTICE_WARNING if trouble else style.NOTICE_CALM)
        found = control.gone.found if control.gone is not None else None
        self.use_found.setVisible(bool(found))
        if found:
            self.use_found.setText(self.tr("Use {address} and start").format(address=found))
