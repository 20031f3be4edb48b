"""The status bar's line about stall devices: "摊位设备 3 台在线" while the app serves them,
updated as devices come and go; a warning when the switch is on but nothing is served (the
saved address is gone, the port is taken). It opens the devices dialog."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QWidget

from marketapp.ui.devices.hub_control import ON, STARTING, HubControl, describe
from marketapp.ui.shell.status_bar import MarketStatusBar


def status_line(control: HubControl) -> tuple[str | None, bool]:
    """(text, warning); text None: say nothing (switched off)."""
    translate = QCoreApplication.translate
    if control.state == ON:
        return translate("HubStatus", "Stall devices: {n} online").format(n=control.online), False
    if control.state == STARTING:
        return translate("HubStatus", "Stall devices: starting…"), False
    if control.gone is not None or control.error:
        return translate("HubStatus", "Stall devices: not served"), True
    return None, False


def show_hub_in(status: MarketStatusBar, control: HubControl, window: QWidget) -> None:
    def open_panel(_link: str) -> None:
        # on the first click: the panel (QR codes, device list) stays out of the app's start
        from marketapp.ui.devices.panel import open_devices_dialog

        open_devices_dialog(control.session, window)

    def update(*_args) -> None:
        text, warning = status_line(control)
        status.set_hub(text, warning, describe(control))

    control.changed.connect(update)
    control.online_changed.connect(update)
    status.hub_label.linkActivated.connect(open_panel)
    update()
