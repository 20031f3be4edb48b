"""The result of a roster import: the figures and every rejected row with its reason."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from marketapp.core.roster.importer import ImportSummary
from marketapp.core.text import current_language


class ImportSummaryView(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.figures = QLabel()
        self.figures.setWordWrap(True)
        font = self.figures.font()
        font.setPointSize(font.pointSize() + 2)
        self.figures.setFont(font)
        self.rejected_title = QLabel()
        self.rejected = QTableWidget(0, 3)
        self.rejected.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.rejected.verticalHeader().setVisible(False)
        self.rejected.setWordWrap(True)
        self.rejected.setHorizontalHeaderLabels([self.tr("Row"), self.tr("Name"),
                                                 self.tr("Reason")])
        self.rejected.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.figures)
        layout.addWidget(self.rejected_title)
        layout.addWidget(self.rejected, 1)

    def show_summary(self, summary: ImportSummary) -> None:
        lines = [
            self.tr("Added: {n}").format(n=summary.added),
            self.tr("Updated: {n}").format(n=summary.updated),
            self.tr("Unchanged: {n}").format(n=summary.unchanged),
            self.tr("Rejected: {n}").format(n=len(summary.rejected)),
        ]
        text = "    ".join(lines)
        if summary.flagged:
            text += "\n" + self.tr("{n} added people resemble someone already registered and "
                                   "were flagged for checking.").format(n=summary.flagged)
        if summary.villages_created:
            text += "\n" + self.tr("New villages: {names}").format(
                names="、".join(summary.villages_created))
        self.figures.setText(text)
        self.rejected_title.setText(
            self.tr("Rejected rows (fix them in the file and import it again):")
            if summary.rejected else self.tr("No rows were rejected."))
        self.rejected.setVisible(bool(summary.rejected))
        lang = current_language()
        self.rejected.setRowCount(len(summary.rejected))
        for r, row in enumerate(summary.rejected):
            cells = (str(row.row_number), row.values.get("name", ""), row.reason(lang))
            for c, value in enumerate(cells):
                self.rejected.setItem(r, c, QTableWidgetItem(value))
        self.rejected.resizeColumnToContents(0)
        self.rejected.resizeColumnToContents(1)
        self.rejected.resizeRowsToContents()

    def reason_texts(self) -> list[str]:
        return [self.rejected.item(r, 2).text() for r in range(self.rejected.rowCount())]
