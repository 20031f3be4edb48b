"""The service catalogue editor (服务项目): names, ticket letters, typical minutes, and each
service's outcome fields (names, unit, plausible range, required).

Edits go to a working copy; Save builds a ``Catalogue`` from it (so a malformed edit is
refused with core's message naming the service and the field, and nothing is saved) and
stores it with ``save_catalogue``. Market days keep the service definitions they were opened
with, so a change applies to market days opened after saving.
"""

from __future__ import annotations

import copy
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)
from sqlite_utils import Database

from marketapp.core.catalogue import Catalogue, CatalogueError
from marketapp.core.errors import current_language
from marketapp.core.market import current_catalogue, reset_catalogue, save_catalogue
from marketapp.ui.widgets import error_label

S_LETTER, S_NAME_ZH, S_NAME_EN, S_MINUTES, S_FIELDS = range(5)
F_NAME_ZH, F_NAME_EN, F_TYPE, F_UNIT_ZH, F_UNIT_EN, F_MIN, F_MAX, F_REQUIRED = range(8)
NUMERIC = ("int", "decimal")


def number_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return f"{value:.1f}"
    return str(value)


def parse_number(text: str) -> object:
    """'' -> None; '12' -> 12; '3.5' -> 3.5; anything else stays text, so that core refuses
    it with its message naming the service and field."""
    text = text.strip()
    if not text:
        return None
    try:
        return int(text)
    except ValueError:
        pass
    try:
        return float(text)
    except ValueError:
        return text


class CatalogueEditor(QWidget):
    saved = Signal()

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self._data: dict[str, Any] = {}
        self._loading = False
        self.services = QTableWidget(0, 5)
        self.services.setHorizontalHeaderLabels([
            self.tr("Letter"), self.tr("Name (中文)"), self.tr("Name (English)"),
            self.tr("Typical minutes"), self.tr("Outcome fields")])
        self.fields = QTableWidget(0, 8)
        self.fields.setHorizontalHeaderLabels([
            self.tr("Field (中文)"), self.tr("Field (English)"), self.tr("Type"),
            self.tr("Unit (中文)"), self.tr("Unit (English)"), self.tr("Min"), self.tr("Max"),
            self.tr("Required")])
        for table in (self.services, self.fields):
            table.verticalHeader().setVisible(False)
            table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
            table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
            table.setAlternatingRowColors(True)
            table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
            table.horizontalHeader().setStretchLastSection(True)
            table.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                                  | QAbstractItemView.EditTrigger.EditKeyPressed
                                  | QAbstractItemView.EditTrigger.AnyKeyPressed)
        self.services.itemChanged.connect(self._service_edited)
        self.services.currentCellChanged.connect(lambda row, *_: self._show_fields(row))
        self.fields.itemChanged.connect(self._field_edited)
        self.fields_label = QLabel()
        self.save_button = QPushButton(self.tr("Save catalogue"))
        self.save_button.clicked.connect(self.save)
        self.revert_button = QPushButton(self.tr("Undo changes"))
        self.revert_button.clicked.connect(self.load)
        self.default_button = QPushButton(self.tr("Restore default catalogue…"))
        self.default_button.clicked.connect(lambda: self.restore_default())
        self.error = error_label()
        self.notice = QLabel()
        self.notice.setWordWrap(True)
        note = QLabel(self.tr(
            "Double-click a cell to change it. Market days keep the services they were opened "
            "with: changes apply to market days opened after saving."))
        note.setWordWrap(True)
        buttons = QHBoxLayout()
        buttons.addWidget(self.notice, 1)
        buttons.addWidget(self.default_button)
        buttons.addWidget(self.revert_button)
        buttons.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addWidget(self.services, 3)
        layout.addWidget(self.fields_label)
        layout.addWidget(self.fields, 2)
        layout.addWidget(self.error)
        layout.addLayout(buttons)
        self.load()

    # ------------------------------------------------------------------ working copy

    def load(self) -> None:
        self._data = copy.deepcopy(current_catalogue(self.db).to_dict())
        self.error.setVisible(False)
        self.notice.clear()
        self._fill_services()

    def data(self) -> dict[str, Any]:
        return copy.deepcopy(self._data)

    def service_row(self, code: str) -> int:
        return next(i for i, s in enumerate(self._data["services"]) if s["code"] == code)

    def field_row(self, key: str) -> int:
        service = self._data["services"][self.services.currentRow()]
        return next(i for i, f in enumerate(service["fields"]) if f["key"] == key)

    def _fill_services(self) -> None:
        current = max(self.services.currentRow(), 0)
        self._loading = True
        services = self._data["services"]
        self.services.setRowCount(len(services))
        for row, service in enumerate(services):
            letter = QTableWidgetItem(service["letter"])
            letter.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
            minutes = QTableWidgetItem()
            minutes.setData(Qt.ItemDataRole.EditRole, service["typical_minutes"])
            fields = QTableWidgetItem(str(len(service["fields"])))
            fields.setFlags(fields.flags() & ~Qt.ItemFlag.ItemIsEditable)
            for column, item in ((S_LETTER, letter),
                                 (S_NAME_ZH, QTableWidgetItem(service["name_zh"])),
                                 (S_NAME_EN, QTableWidgetItem(service["name_en"])),
                                 (S_MINUTES, minutes), (S_FIELDS, fields)):
                self.services.setItem(row, column, item)
        self._loading = False
        self.services.resizeColumnsToContents()
        self.services.setColumnWidth(S_NAME_EN, max(self.services.columnWidth(S_NAME_EN), 220))
        if services:
            self.services.setCurrentCell(min(current, len(services) - 1), S_NAME_ZH)
            self._show_fields(self.services.currentRow())

    def _show_fields(self, row: int) -> None:
        self._loading = True
        self.fields.setRowCount(0)
        if not 0 <= row < len(self._data["services"]):
            self._loading = False
            return
        service = self._data["services"][row]
        pick = "name_zh" if current_language() == "zh" else "name_en"
        self.fields_label.setText(self.tr("Outcome fields of {service}").format(
            service=service[pick]))
        types = {"int": self.tr("whole number"), "decimal": self.tr("number"),
                 "text": self.tr("text"), "choice": self.tr("choice"), "bool": self.tr("yes/no")}
        self.fields.setRowCount(len(service["fields"]))
        for row_index, spec in enumerate(service["fields"]):
            numeric = spec["type"] in NUMERIC
            cells = {
                F_NAME_ZH: spec["name_zh"], F_NAME_EN: spec["name_en"],
                F_TYPE: types.get(spec["type"], spec["type"]),
                F_UNIT_ZH: spec.get("unit_zh", ""), F_UNIT_EN: spec.get("unit_en", ""),
                F_MIN: number_text(spec.get("min")), F_MAX: number_text(spec.get("max")),
            }
            for column, text in cells.items():
                item = QTableWidgetItem(text)
                if column == F_TYPE or (not numeric and column in (F_UNIT_ZH, F_UNIT_EN, F_MIN,
                                                                    F_MAX)):
                    item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
                    if column != F_TYPE:
                        item.setBackground(self.palette().window())
                if column in (F_MIN, F_MAX):
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight
                                          | Qt.AlignmentFlag.AlignVCenter)
                self.fields.setItem(row_index, column, item)
            required = QTableWidgetItem()
            required.setFlags((required.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                              & ~Qt.ItemFlag.ItemIsEditable)
            required.setCheckState(Qt.CheckState.Checked if spec.get("required")
                                   else Qt.CheckState.Unchecked)
            self.fields.setItem(row_index, F_REQUIRED, required)
        self._loading = False
        self.fields.resizeColumnsToContents()
        for column in (F_MIN, F_MAX):
            self.fields.setColumnWidth(column, max(self.fields.columnWidth(column), 72))

    def _service_edited(self, item: QTableWidgetItem) -> None:
        if self._loading:
            return
        service = self._data["services"][item.row()]
        column = item.column()
        if column == S_LETTER:
            letter = item.text().strip().upper()
            service["letter"] = letter
            if item.text() != letter:
                self._loading = True
                item.setText(letter)
                self._loading = False
        elif column == S_NAME_ZH:
            service["name_zh"] = item.text().strip()
        elif column == S_NAME_EN:
            service["name_en"] = item.text().strip()
        elif column == S_MINUTES:
            value = item.data(Qt.ItemDataRole.EditRole)
            service["typical_minutes"] = parse_number(str(value)) if value is not None else None
        self._edited()

    def _field_edited(self, item: QTableWidgetItem) -> None:
        if self._loading:
            return
        service = self._data["services"][self.services.currentRow()]
        spec = service["fields"][item.row()]
        column = item.column()
        keys = {F_NAME_ZH: "name_zh", F_NAME_EN: "name_en", F_UNIT_ZH: "unit_zh",
                F_UNIT_EN: "unit_en"}
        if column in keys:
            text = item.text().strip()
            if column in (F_UNIT_ZH, F_UNIT_EN) and not text:
                spec.pop(keys[column], None)
            else:
                spec[keys[column]] = text
        elif column in (F_MIN, F_MAX):
            key = "min" if column == F_MIN else "max"
            value = parse_number(item.text())
            if value is None:
                spec.pop(key, None)
            else:
                spec[key] = float(value) if (spec["type"] == "decimal"
                                              and isinstance(value, int)) else value
        elif column == F_REQUIRED:
            spec["required"] = item.checkState() == Qt.CheckState.Checked
        self._edited()

    def _edited(self) -> None:
        self.notice.setText(self.tr("Not saved yet."))

    # ------------------------------------------------------------------ edits for code/tests

    def set_service_value(self, code: str, column: int, value: object) -> None:
        item = self.services.item(self.service_row(code), column)
        if column == S_MINUTES:
            item.setData(Qt.ItemDataRole.EditRole, value)
        else:
            item.setText(str(value))

    def set_field_value(self, code: str, key: str, column: int, value: object) -> None:
        self.services.setCurrentCell(self.service_row(code), S_NAME_ZH)
        item = self.fields.item(self.field_row(key), column)
        if column == F_REQUIRED:
            item.setCheckState(Qt.CheckState.Checked if value else Qt.CheckState.Unchecked)
        else:
            item.setText(str(value))

    # ------------------------------------------------------------------ saving

    def save(self) -> bool:
        self.error.setVisible(False)
        try:
            catalogue = Catalogue.from_dict(self.data())
            save_catalogue(self.db, catalogue)
        except CatalogueError as exc:
            self.error.setText(exc.message())
            self.error.setVisible(True)
            self.notice.setText(self.tr("Not saved: correct the entry named above."))
            return False
        self.notice.setText(self.tr(
            "Catalogue saved. It applies to market days opened from now on; a market that is "
            "already open keeps its stalls as they were."))
        self.saved.emit()
        return True

    def restore_default(self, ask: bool = True) -> bool:
        if ask:
            answer = QMessageBox.question(
                self, self.tr("Restore default catalogue"),
                self.tr("Replace your edited catalogue with the one that came with the "
                        "program? Your changes to services and fields are lost."))
            if answer != QMessageBox.StandardButton.Yes:
                return False
        reset_catalogue(self.db)
        self.load()
        self.notice.setText(self.tr(
            "The default catalogue is back. It applies to market days opened from now on."))
        self.saved.emit()
        return True
