"""What was read from a roster file, before anything is imported: encoding, header, columns
and the first rows, so staff can see at a glance whether the file was understood."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractItemView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from marketapp.core.roster.read import Roster

PREVIEW_ROWS = 20
ENCODING_NAMES = {"utf-8": "UTF-8", "utf-8-sig": "UTF-8 (BOM)", "gb18030": "GBK / GB18030",
                  "utf-16": "UTF-16"}


class RosterPreview(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.info = QLabel()
        self.info.setWordWrap(True)
        self.table = QTableWidget()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.setAlternatingRowColors(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.info)
        layout.addWidget(self.table, 1)

    def show_roster(self, roster: Roster) -> None:
        lines = []
        if roster.kind == "csv":
            encoding = ENCODING_NAMES.get(roster.encoding or "", roster.encoding or "?")
            lines.append(self.tr("CSV file, text encoding: {encoding}").format(encoding=encoding))
        else:
            lines.append(self.tr("Excel workbook, sheet: {sheet}").format(sheet=roster.sheet))
        lines.append(self.tr("Header found on row {row}; {n} data rows; {skipped} rows skipped "
                             "(blank or totals).").format(row=roster.header_row,
                                                          n=len(roster.rows),
                                                          skipped=len(roster.skipped)))
        lines.append(self.tr("Columns read: {columns}").format(
            columns="、".join(roster.columns.values())))
        if roster.unknown_columns:
            lines.append(self.tr("Columns not imported: {columns}").format(
                columns="、".join(roster.unknown_columns)))
        self.info.setText("\n".join(lines))
        fields = list(roster.columns)
        self.table.clear()
        self.table.setColumnCount(len(fields) + 1)
        self.table.setHorizontalHeaderLabels([self.tr("Row"), *roster.columns.values()])
        shown = roster.rows[:PREVIEW_ROWS]
        self.table.setRowCount(len(shown))
        for r, row in enumerate(shown):
            self.table.setItem(r, 0, QTableWidgetItem(str(row.row_number)))
            for c, name in enumerate(fields, start=1):
                self.table.setItem(r, c, QTableWidgetItem(row.values.get(name, "")))
        self.table.resizeColumnsToContents()

    def clear(self) -> None:
        self.info.clear()
        self.table.clear()
        self.table.setRowCount(0)
        self.table.setColumnCount(0)
