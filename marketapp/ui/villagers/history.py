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

from marketapp.core.catalogue.model import Service
from marketapp.core.catalogue.outcomes import format_value
from marketapp.core.figures.ticket_records import services_of
from marketapp.core.people.villagers import get_villager
from marketapp.core.queue.ratings import RATING_NAMES
from marketapp.core.queue.visits import HistoryEntry, villager_history
from marketapp.core.text import current_language, gettext
from marketapp.ui.shell.session import Session

BLOOD_PRESSURE = ("systolic", "diastolic")
COL_DONE = 4


def outcome_text(entry: HistoryEntry, service: Service | None, lang: str | None = None) -> str:
    """What was done, as a person reads it: field names and values in the stall's words
    ("主题：养老保险缴费；结果：已解答"), in the order of the stall's form; blood pressure
    as "150/92 mmHg"."""
    zh = (lang or current_language()) == "zh"
    outcome = entry.visit.outcome
    parts = []
    if all(key in outcome for key in BLOOD_PRESSURE):
        parts.append(f"{outcome['systolic']}/{outcome['diastolic']} mmHg")
    order = [spec.key for spec in service.fields] if service else []
    keys = sorted(outcome, key=lambda key: order.index(key) if key in order else len(order))
    for key in keys:
        value = outcome[key]
        if key in BLOOD_PRESSURE or value in (None, ""):
            continue
        spec = service.field(key) if service else None
        if spec is None:  # a field the stall's form no longer has: its code is all there is
            parts.append(f"{key}{'：' if zh else ': '}{value}")
        else:
            shown = format_value(spec, value, lang)
            parts.append(f"{spec.name(lang)}{'：' if zh else ': '}{shown}")
    if entry.visit.notes:
        parts.append(entry.visit.notes)
    return ("；" if zh else "; ").join(parts)


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
        # Each stall's form as it was on its day: names and choices of its fields.
        self.services = {stall_id: service for stall_id, (_stall, service) in services_of(
            self.db, {entry.visit.stall_id for entry in self.entries}).items()}
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
        # What was done takes the room left and wraps, rather than scrolling sideways.
        header.setSectionResizeMode(COL_DONE, QHeaderView.ResizeMode.Stretch)
        self.table.setWordWrap(True)
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
            rating = entry.visit.rating
            rating = gettext(RATING_NAMES[rating]) if rating in RATING_NAMES else ""
            cells = [entry.date, entry.village, entry.label,
                     entry.service_zh if zh else entry.service_en,
                     outcome_text(entry, self.services.get(entry.visit.stall_id)), rating]
            for column, text in enumerate(cells):
                self.table.setItem(row, column, QTableWidgetItem(text))
        self.table.resizeRowsToContents()
        if not rows:
            self.heading.setText(self.heading.text() + " — " + self.tr("no visits yet"))

    def rows_text(self) -> list[str]:
        return [" | ".join(self.table.item(r, c).text() for c in range(self.table.columnCount()))
                for r in range(self.table.rowCount())]

    def open_audit(self):
        from marketapp.ui.villagers.audit_view import AuditDialog

        self.audit_dialog = AuditDialog(self.db, self.villager_id, self)
        self.audit_dialog.open()
        return self.audit_dialog
