"""The stall PIN switch of 设置 → 摊位设备, offered only while sign-in is on: pairing a stall
phone then also takes the name and PIN of a stall worker or an administrator, typed on the
phone (``core.devices.pairing_pin``: the rule, who may change it, the sensitive log). It
applies at once, like the rest of the panel; the panel looks again whenever it is shown
(sign-in may have been switched in the tab beside it)."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QGroupBox, QLabel, QVBoxLayout, QWidget

from marketapp.core.access.operators import allowed_by_name, signin_enabled
from marketapp.core.devices.pairing_pin import pin_setting, set_pin_required
from marketapp.ui.queues.feedback import MessageLine
from marketapp.ui.shell.actions import attempt
from marketapp.ui.shell.session import Session
from marketapp.ui.widgets import style


class PinBox(QGroupBox):
    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Stall PIN"))
        self.session = session
        self.db = session.db
        self.switch = QCheckBox(self.tr("Pairing a stall phone needs a stall worker's name "
                                        "and PIN"))
        self.switch.toggled.connect(self._switched)
        self.hint = QLabel(self.tr(
            "After scanning, the phone asks for the name and PIN of a stall worker or an "
            "administrator — the ones used to sign in here; wrong PINs lock the name out as "
            "at sign-in. What the phone then does is recorded under that name. The public "
            "display needs no PIN."))
        self.hint.setWordWrap(True)
        self.hint.setStyleSheet(style.text(style.HINT))
        self.message = MessageLine()
        column = QVBoxLayout(self)
        column.addWidget(self.switch)
        column.addWidget(self.hint)
        column.addWidget(self.message)
        self.load()

    def load(self) -> None:
        """Shown only with sign-in on; changed only by whoever may change settings."""
        self.setVisible(signin_enabled(self.db))
        self.switch.blockSignals(True)
        self.switch.setChecked(pin_setting(self.db))
        self.switch.blockSignals(False)
        may = allowed_by_name(self.db, self.session.operator, "settings")
        self.switch.setEnabled(may)
        self.switch.setToolTip("" if may else self.tr("Only an administrator can change this"))

    def _switched(self, on: bool) -> None:
        done = attempt(lambda: set_pin_required(self.db, on, by=self.session.operator),
                       refused=self.message.show_refusal, failed=self.message.show_failure)
        if done.ok:
            self.message.ok(self.tr("Saved: stall phones pair with a name and PIN.") if on
                            else self.tr("Saved: stall phones pair with the QR code alone."))
        else:
            self.load()
