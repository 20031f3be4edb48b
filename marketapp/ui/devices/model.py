"""The paired devices as a table: stall, counter, device, when paired, last seen, state."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QColor

from marketapp.core.devices.pairing import Device
from marketapp.core.text import current_language
from marketapp.ui.widgets import style
from marketapp.ui.widgets.table_model import TableModel

COL_STALL, COL_COUNTER, COL_NAME, COL_PAIRED, COL_SEEN, COL_STATE, COL_REVOKE = range(7)


@dataclass(frozen=True)
class DeviceRow:
    device: Device
    stall: str  # "B 健康检查", or the display's name
    online: bool


def _time(stamp: str | None) -> str:
    return stamp[11:16] if stamp else "—"


def device_rows(devices: Sequence[Device], stall_names: Mapping[str, tuple[str, str]],
                online: frozenset[str]) -> list[DeviceRow]:
    """``stall_names``: stall id -> (zh, en) of the market's stalls."""
    zh = current_language() == "zh"
    rows = []
    for device in devices:
        if device.scope == "display":
            where = ""
        else:
            names = stall_names.get(str(device.stall_id), ("", ""))
            where = f"{device.letter or ''} {names[0] if zh else names[1]}".strip()
        rows.append(DeviceRow(device, where, device.id in online and device.active))
    return rows


class DevicesModel(TableModel[DeviceRow]):
    def headers(self) -> Sequence[str]:
        return (self.tr("Stall"), self.tr("Counter"), self.tr("Device"), self.tr("Paired"),
                self.tr("Last seen"), self.tr("State"), "")

    def row(self, index: int) -> DeviceRow:
        return self._rows[index]

    def state_text(self, row: DeviceRow) -> str:
        device = row.device
        if device.revoked_at:
            return self.tr("Revoked")
        if device.ended_at:
            return self.tr("Ended (market closed)")
        return self.tr("Online") if row.online else self.tr("Offline")

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        device, column = row.device, index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == COL_STALL:
                return row.stall or self.tr("Public display")
            if column == COL_COUNTER:
                return str(device.counter) if device.counter and device.scope == "stall" else "—"
            if column == COL_NAME:
                return device.name or "—"
            if column == COL_PAIRED:
                return _time(device.paired_at)
            if column == COL_SEEN:
                return self.tr("now") if row.online else _time(device.last_seen_at)
            if column == COL_STATE:
                return self.state_text(row)
            return None
        if role == Qt.ItemDataRole.ForegroundRole:
            if not device.active:
                return QColor(style.FAINT)
            if column == COL_STATE and row.online:
                return QColor(style.OPEN_DAY)
        if role == Qt.ItemDataRole.ToolTipRole and column == COL_NAME:
            name = device.name or "—"  # the column may be too narrow for all of it
            if device.operator:
                name += "\n" + self.tr("Paired by {operator}").format(operator=device.operator)
            return name
        return None
