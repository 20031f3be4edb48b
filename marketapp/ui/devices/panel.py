"""设置 → 摊位设备: the server switch, the stall PIN (sign-in on) and the paired devices on the
left, the pairing QR codes on the right. The same panel is the settings tab and the dialog the 排队 page (and the
status bar) opens."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QHBoxLayout, QVBoxLayout, QWidget

from marketapp.ui.devices.devices_box import DevicesBox
from marketapp.ui.devices.hub_control import hub_control
from marketapp.ui.devices.pairing_box import PairingBox
from marketapp.ui.devices.pin_box import PinBox
from marketapp.ui.devices.server_box import ServerBox
from marketapp.ui.shell.session import Session

DIALOG_SIZE = (1340, 660)  # within 1366×697, a maximised window's room on a 1366×768 laptop


class StallDevicesPanel(QWidget):
    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.control = hub_control(session)
        self.server = ServerBox(self.control)
        self.devices = DevicesBox(self.control)
        self.pairing = PairingBox(self.control)
        self.pin = PinBox(session)
        left = QWidget()
        left.setMaximumWidth(560)  # the rest to the QR code: it must be big
        column = QVBoxLayout(left)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.server)
        column.addWidget(self.pin)
        column.addWidget(self.devices, 1)
        row = QHBoxLayout(self)
        row.addWidget(left, 5)
        row.addWidget(self.pairing, 6)

    def showEvent(self, event) -> None:  # noqa: N802
        super().showEvent(event)
        self.pin.load()  # sign-in may have been switched meanwhile (设置 → 登录与数据)


class StallDevicesDialog(QDialog):
    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Stall devices"))
        self.panel = StallDevicesPanel(session, self)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        column = QVBoxLayout(self)
        column.addWidget(self.panel, 1)
        column.addWidget(buttons)
        self.resize(*DIALOG_SIZE)


def open_devices_dialog(session: Session, parent: QWidget | None = None) -> StallDevicesDialog:
    """Window-modal, gone when closed (the 排队 page's button, the status bar)."""
    dialog = StallDevicesDialog(session, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.show()
    return dialog
