"""The pairing QR codes: one per stall of the open market (one per counter when a stall has
several) and one for the public display, chosen in a list, one shown at a time and large.

One at a time on purpose: a phone's camera facing several codes reads whichever it likes,
and a barber's phone paired to the doctor's stall would see health readings. Each code is
a one-time link valid 10 minutes; 刷新 makes a new one and voids the old. Once a phone
has used it, the code gives way to "paired" (a second phone needs a new code)."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from marketapp.core import clock
from marketapp.core.devices.pairing import (
    CODE_MINUTES,
    NewCode,
    code_state,
    create_code,
    listed_devices,
    withdraw_code,
)
from marketapp.core.devices.targets import Target, paired_counts, pairing_targets
from marketapp.core.text import current_language
from marketapp.ui.devices.hub_control import HubControl
from marketapp.ui.devices.qr import QrCode
from marketapp.ui.queues.feedback import MessageLine
from marketapp.ui.shell.actions import attempt
from marketapp.ui.widgets import style

KEY_ROLE = Qt.ItemDataRole.UserRole


class PairingBox(QGroupBox):
    def __init__(self, control: HubControl, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Pairing QR codes"))
        self.control = control
        self.session = control.session
        self.db = self.session.db
        self.targets: dict[str, Target] = {}
        self.codes: dict[str, NewCode] = {}  # target key -> the code made for it
        self.shown: NewCode | None = None
        self.used_by: str | None = None  # the shown code was used by this device

        self.list = QListWidget()
        self.list.setMinimumWidth(180)
        self.list.setMaximumWidth(230)
        self.list.currentItemChanged.connect(lambda *_: self.show_code())
        self.title = QLabel()
        font = self.title.font()
        font.setPointSize(font.pointSize() + 5)
        font.setBold(True)
        self.title.setFont(font)
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.qr = QrCode()
        self.link = QLabel()
        self.link.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.link.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        link_font = self.link.font()
        link_font.setPointSize(link_font.pointSize() + 1)
        self.link.setFont(link_font)
        self.validity = QLabel()
        self.validity.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.validity.setWordWrap(True)
        self.refresh_button = QPushButton(self.tr("Refresh"))
        self.refresh_button.setToolTip(self.tr("A new code for this stall; the old one stops "
                                               "working"))
        self.refresh_button.clicked.connect(self.new_code)
        self.message = MessageLine()
        self.hint = QLabel(self.tr(
            "Scan with the phone's camera or WeChat's scanner. One code pairs one device, for "
            "{minutes} minutes; pairings end when the market day closes.").format(
                minutes=CODE_MINUTES))
        self.hint.setWordWrap(True)
        self.hint.setStyleSheet(style.text(style.HINT))

        code_column = QVBoxLayout()
        code_column.addWidget(self.title)
        code_column.addWidget(self.qr, 1)
        code_column.addWidget(self.link)
        under = QHBoxLayout()
        under.addWidget(self.validity, 1)
        under.addWidget(self.refresh_button)
        code_column.addLayout(under)
        row = QHBoxLayout()
        row.addWidget(self.list)
        row.addLayout(code_column, 1)
        column = QVBoxLayout(self)
        column.addLayout(row, 1)
        column.addWidget(self.message)
        column.addWidget(self.hint)

        self.clock = QTimer(self)
        self.clock.setInterval(1000)
        self.clock.timeout.connect(self._tick)
        control.changed.connect(self.reload)
        control.online_changed.connect(lambda _n: self._count_devices())
        self.session.events.market_changed.connect(self.reload)
        self.session.events.devices_changed.connect(self._devices_changed)
        self.reload()

    # ------------------------------------------------------------------ the list

    def reload(self) -> None:
        """The open market's stalls (again: a day opened or closed, the server switched)."""
        market = self.session.market()
        targets = pairing_targets(market) if market is not None else []
        keys = [t.key for t in targets]
        if keys != list(self.targets):
            current = self.current_key()
            self.targets = {t.key: t for t in targets}
            self.codes = {k: c for k, c in self.codes.items() if k in self.targets}
            self.list.blockSignals(True)
            self.list.clear()
            for target in targets:
                item = QListWidgetItem()
                item.setData(KEY_ROLE, target.key)
                self.list.addItem(item)
            self.list.blockSignals(False)
            row = keys.index(current) if current in keys else 0
            if targets:
                self.list.setCurrentRow(row)
        self._count_devices()
        self.show_code()

    def target_text(self, target: Target, paired: int) -> str:
        if target.display:
            text = self.tr("Public display")
        else:
            name = target.name_zh if current_language() == "zh" else target.name_en
            text = f"{target.letter} {name}"
            if target.counter is not None:
                text += " · " + self.tr("counter {n}").format(n=target.counter)
        if paired:
            text += "  ✓" + (str(paired) if paired > 1 else "")
        return text

    def _count_devices(self) -> None:
        market = self.session.market()
        devices = listed_devices(self.db) if market is not None else []
        counts = paired_counts(list(self.targets.values()),
                               [d for d in devices if market and d.market_day_id == market.id])
        for row in range(self.list.count()):
            item = self.list.item(row)
            target = self.targets[item.data(KEY_ROLE)]
            paired = counts.get(target.key, 0)
            item.setText(self.target_text(target, paired))
            item.setToolTip(self.tr("{n} device(s) paired").format(n=paired) if paired else "")

    def current_key(self) -> str | None:
        item = self.list.currentItem()
        return item.data(KEY_ROLE) if item is not None else None

    def choose(self, key: str) -> None:
        for row in range(self.list.count()):
            if self.list.item(row).data(KEY_ROLE) == key:
                self.list.setCurrentRow(row)
                return

    # ------------------------------------------------------------------ the code

    def show_code(self) -> None:
        """The chosen target's code: the one made for it while still usable, else a new one
        (only while the server runs: a link to nowhere would only confuse)."""
        key = self.current_key()
        self.used_by = None
        if not self.targets:
            self._no_code(self.tr("No market is open today: open the market day, and each "
                                  "stall's code appears here."))
            return
        target = self.targets[key] if key else None
        self.title.setText(self.target_text(target, 0) if target else "")
        if not self.control.running:
            self._no_code(self.tr("Turn on the server (left) first: then the phones can "
                                  "connect."))
            return
        code = self.codes.get(key or "")
        if code is not None:
            state = code_state(self.db, code.id)
            if state.used:
                self.used_by = state.device_name or "—"
            elif not state.usable:
                code = None
        if code is None and target is not None and self.isVisible():
            code = self._make(target)  # made when looked at, not while the tab is hidden
        self._show(code)

    def _make(self, target: Target) -> NewCode | None:
        market = self.session.market()
        if market is None:
            return None
        operator = self.session.operator
        done = attempt(lambda: create_code(self.db, market, stall_id=target.stall_id,
                                           display=target.display, counter=target.counter,
                                           operator=operator),
                       refused=self.message.show_refusal, failed=self.message.show_failure)
        if done.ok and done.result is not None:
            self.codes[target.key] = done.result
            self.message.say("")
        return done.result

    def new_code(self) -> None:
        """刷新: a new code for the chosen target; the one shown stops working."""
        key = self.current_key()
        old = self.codes.pop(key or "", None)
        if old is not None:
            attempt(lambda: withdraw_code(self.db, old.id),
                    refused=self.message.show_refusal, failed=self.message.show_failure)
        self.show_code()
        if self.shown is not None:
            self.message.ok(self.tr("New code made: it is valid for {minutes} minutes.").format(
                minutes=CODE_MINUTES))

    def _show(self, code: NewCode | None) -> None:
        self.shown = code
        if code is None:
            self._no_code("")
            return
        if self.used_by is not None:
            self.qr.set_payload(None, self.tr("Paired ✓\n{device}\n\nAnother device? Press "
                                              "Refresh for a new code.").format(
                                                  device=self.used_by))
            self.link.setText("")
            self.validity.setText(self.tr("This code has been used."))
            self.refresh_button.setEnabled(True)
            self.clock.stop()
            return
        self.qr.set_payload(self.control.link(code.code))
        self.link.setText(self.control.link(code.code))
        self.refresh_button.setEnabled(True)
        self._tick()
        if not self.clock.isActive():
            self.clock.start()

    def _no_code(self, text: str) -> None:
        self.shown = None
        self.qr.set_payload(None, text)
        self.link.setText("")
        self.validity.setText("")
        self.refresh_button.setEnabled(False)
        self.clock.stop()

    def seconds_left(self, now: datetime | None = None) -> int:
        if self.shown is None:
            return 0
        now = now or clock.now()
        return max(0, int((clock.parse_iso(self.shown.expires_at) - now).total_seconds()))

    def _tick(self) -> None:
        if self.shown is None or self.used_by is not None:
            return
        left = self.seconds_left()
        if left <= 0:
            self.qr.set_payload(None, self.tr("This code has expired.\nPress Refresh for a "
                                              "new one."))
            self.link.setText("")
            self.validity.setText(self.tr("Expired"))
            self.validity.setStyleSheet(style.text(style.ERROR))
            self.clock.stop()
            return
        until = clock.parse_iso(self.shown.expires_at).strftime("%H:%M")
        self.validity.setText(self.tr("One device · valid until {time} ({left} left)")
                              .format(time=until, left=f"{left // 60}:{left % 60:02d}"))
        self.validity.setStyleSheet(style.text(style.HINT))

    def _devices_changed(self) -> None:
        """A device paired (perhaps with the code shown) or was revoked."""
        self._count_devices()
        if self.shown is not None and self.used_by is None:
            state = code_state(self.db, self.shown.id)
            if state.used:
                self.used_by = state.device_name or "—"
                self._show(self.shown)

    def hideEvent(self, event) -> None:  # noqa: N802
        self.clock.stop()
        super().hideEvent(event)

    def showEvent(self, event) -> None:  # noqa: N802
        super().showEvent(event)
        self.reload()
