"""The registration desk's warning that this data file was copied from another laptop and
still has that laptop's desk (its block of ticket numbers), with the one choice that ends
it: this laptop's desk. The fact comes from core (``settings.copied_desk``)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)
from sqlite_utils import Database

from marketapp.core.errors import UserError
from marketapp.core.settings import choose_desk, copied_desk
from marketapp.ui.widgets import style


class DeskWarning(QFrame):
    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.setStyleSheet(f"DeskWarning {{ background: {style.WARNING_BACKGROUND};"
                           f" border: 1px solid {style.WARNING_BORDER}; border-radius: 4px; }}")
        self.text = QLabel()
        self.text.setWordWrap(True)
        self.slot, self.count = QSpinBox(), QSpinBox()
        for box in (self.slot, self.count):
            box.setRange(1, 9)
            box.setFocusPolicy(Qt.FocusPolicy.ClickFocus)  # typing stays in the search field
        self.choose = QPushButton(self.tr("Use this desk"))
        self.choose.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.choose.clicked.connect(self.use_desk)
        row = QHBoxLayout()
        row.addWidget(QLabel(self.tr("This laptop is desk")))
        row.addWidget(self.slot)
        row.addWidget(QLabel(self.tr("of")))
        row.addWidget(self.count)
        row.addWidget(QLabel(self.tr("desks")))
        row.addWidget(self.choose)
        row.addStretch(1)
        column = QVBoxLayout(self)
        column.addWidget(self.text)
        column.addLayout(row)
        self.refresh()

    def refresh(self) -> None:
        copied = copied_desk(self.db)
        self.setVisible(copied is not None)
        if copied is None:
            return
        self.text.setText(self.tr(
            "This data file was copied here from {machine} ({path}) and still issues the "
            "ticket numbers of desk {slot} of {count}, like the laptop it came from: if both "
            "issue tickets, numbers repeat. Choose this laptop's desk.").format(
                machine=copied.machine, path=copied.path, slot=copied.desk_slot,
                count=copied.desk_count))
        # Suggest another desk than the one copied (1 of 1 -> 2 of 2: numbers from 501).
        self.count.setValue(max(copied.desk_count, 2))
        self.slot.setValue(2 if copied.desk_slot == 1 else 1)

    def use_desk(self) -> None:
        try:
            choose_desk(self.db, self.slot.value(), self.count.value())
        except UserError as exc:
            self.text.setText(exc.message())
            return
        self.refresh()
