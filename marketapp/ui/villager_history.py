"""历史: one person's visits across market days (date, village, ticket, stall, what was done,
rating), with the record history (who changed what) one button away (``AuditDialog``)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from marketapp.core.errors import current_language
from marketapp.core.villagers import get_villager
from marketapp.core.visits import RATING_NAMES, HistoryEntry, villager_history
from marketapp.ui.session import Session


def outcome_text(entry: HistoryEntry) -> str:
    outcome = entry.visit.outcome
    parts = []
    if "systolic" in outcome and "diastolic" in outcome:
        parts.append(f"{outcome['systolic']}/{outcome['diastolic']} mmHg")
    parts += [f"{key}: {value}" for key, value in outcome.items()
              if key not in ("systolic", "diastolic") and value not in (None, "")]
    if entry.visit.notes:
        parts.append(entry.visit.notes)
    return "; ".join(parts)


class VillagerHistoryDialog(QDialog):
    def __init__(self, session: Session, villager_id: str, parent: QWidget | None = None,
                 *, can_see_audit: bool = True) -> None:
        super().__init__(parent)
        self.session = session
        self.db = session.db
        self.villager_id = villager_id
        self.audit_dialog = None
        person = get_villager(self.db, villager_id)
        self.setWindowTitle(self.tr("History of {name}").format(name=person.name))
        self.resize(860, 480)
        self.entries = villager_history(self.db, villager_id)
        self.heading = QLabel(self.tr("{name}: {n} visits at service markets").format(
            name=person.name, n=len(self.entries)))
        self.table = QTableWidget(0, 6)
        self.table.setHorizontalHeaderLabels([
            self.tr("Date"), self.tr("Village"), self.tr("Ticket"), self.tr("Service"),
            self.tr("What was done"), self.tr("Rating")])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.audit_button = QPushButton(self.tr("Record history…"))
        self.audit_button.setToolTip(self.tr("Every change to this person's data: who, when, "
                                             "on which laptop"))
        self.audit_button.setEnabled(can_see_audit)
        self.audit_button.clicked.connect(self.open_audit)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(self.audit_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        self.fill()

    def fill(self) -> None:
        zh = current_language() == "zh"
        rows = list(reversed(self.entries))  # newest first
        self.table.setRowCount(len(rows))
        for row, entry in enumerate(rows):
            rating = RATING_NAMES.get(entry.visit.rating or "", ("", ""))[0 if zh else 1]
            cells = [entry.date, entry.village, entry.label,
                     entry.service_zh if zh else entry.service_en, outcome_text(entry), rating]
            for column, text in enumerate(cells):
                self.table.setItem(row, column, QTableWidgetItem(text))
        if not rows:
            self.heading.setText(self.heading.text() + " — " + self.tr("no visits yet"))

    def rows_text(self) -> list[str]:
        return [" | ".join(self.table.item(r, c).text() for c in range(self.table.columnCount()))
                for r in range(self.table.rowCount())]

    def open_audit(self):
        from marketapp.ui.audit_view import AuditDialog

        self.audit_dialog = AuditDialog(self.db, self.villager_id, self)
        self.audit_dialog.open()
        return self.audit_dialog
