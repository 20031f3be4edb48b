"""A villager's record history: every change to their data and every queue transition, with
who did it, on which laptop, and when. Staff screen: values are shown in full.

Other screens open it with ``AuditDialog(db, villager_id, parent).exec()`` (or ``.open()``).
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)
from sqlite_utils import Database

from marketapp.core import clock
from marketapp.core.people.audit import HistoryEntry, villager_history_audit
from marketapp.core.people.same_person import MERGED, merged_record_name
from marketapp.core.people.villagers import get_villager
from marketapp.core.queue.rules import ACTION_NAMES, STATE_NAMES
from marketapp.core.settings import device_id
from marketapp.core.text import name_in


class AuditDialog(QDialog):
    COLUMNS = 6

    def __init__(self, db: Database, villager_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.villager_id = villager_id
        self.setWindowTitle(self.tr("Record history"))
        self.resize(900, 520)
        layout = QVBoxLayout(self)
        person = get_villager(db, villager_id)
        self.heading = QLabel(self.tr("History of {name}").format(name=person.name))
        layout.addWidget(self.heading)
        self.table = QTableWidget(0, self.COLUMNS)
        self.table.setHorizontalHeaderLabels([
            self.tr("Time"), self.tr("What"), self.tr("Before"), self.tr("After"),
            self.tr("Operator"), self.tr("Laptop")])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        layout.addWidget(self.table)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self._field_names = {
            "created": self.tr("Record created"),
            "retention": self.tr("Personal details cleared (retention)"),
            MERGED: self.tr("Merged with a second record of the same person"),
            "name": self.tr("Name"), "gender": self.tr("Gender"),
            "birth_date": self.tr("Birth date"), "id_number": self.tr("ID number"),
            "phone": self.tr("Phone"), "village": self.tr("Village"),
            "address": self.tr("Group / address"), "living_alone": self.tr("Lives alone"),
            "left_behind": self.tr("Left-behind"), "disabled": self.tr("Disabled"),
            "low_income": self.tr("Low income"), "notes": self.tr("Notes"),
            "last_seen_at": self.tr("Last seen"),
        }
        self._this_device = device_id(db)
        self.reload()

    def reload(self) -> None:
        # Newest first, as the villager's history lists visits.
        entries = villager_history_audit(self.db, self.villager_id)[::-1]
        self.table.setRowCount(len(entries))
        for row, entry in enumerate(entries):
            for column, text in enumerate(self.cells(entry)):
                self.table.setItem(row, column, QTableWidgetItem(text))
        if not entries:
            self.heading.setText(self.heading.text() + " — " + self.tr("no changes recorded"))

    def cells(self, entry: HistoryEntry) -> list[str]:
        when = clock.local_text(entry.at)
        device = (self.tr("this laptop") if entry.device == self._this_device
                  else self.tr("another laptop ({id})").format(id=entry.device[:8]))
        operator = entry.operator or "–"
        if entry.kind == "queue":
            action = name_in(ACTION_NAMES, entry.field)
            what = f"{entry.ticket} {entry.stall}: {action}"
            return [when, what, self._state(entry.old), self._state(entry.new), operator, device]
        what = self._field_names.get(entry.field, entry.field)
        return [when, what, self._value(entry.field, entry.old),
                self._value(entry.field, entry.new), operator, device]

    def _state(self, state: str | None) -> str:
        if not state:
            return ""
        return name_in(STATE_NAMES, state)

    def _value(self, field: str, value: str | None) -> str:
        if value is None:
            return ""
        if field in ("living_alone", "left_behind", "disabled", "low_income"):
            return self.tr("yes") if value == "1" else self.tr("no")
        if field == "gender":
            return {"M": self.tr("male"), "F": self.tr("female")}.get(value, value)
        if field == "last_seen_at":
            return clock.local_text(value)
        if field == MERGED:
            return merged_record_name(value)
        return value
