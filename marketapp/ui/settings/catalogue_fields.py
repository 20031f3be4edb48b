"""The outcome fields of one service in the catalogue editor, and the options of a choice
field. Every change is one call into core.catalogue.edit on the editor's draft."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QGroupBox,
    QLabel,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)
from sqlite_utils import Database

from marketapp.core.catalogue import edit
from marketapp.core.catalogue.checks import FIELD_TYPES
from marketapp.core.market.days import service_history
from marketapp.ui.settings.catalogue_table import (
    button_row,
    check_item,
    confirm,
    edit_table,
    names_text,
    number_text,
    pick,
    push,
    quiet,
    text_item,
    type_names,
)
from marketapp.ui.widgets import style

F_NAME_ZH, F_NAME_EN, F_TYPE, F_UNIT_ZH, F_UNIT_EN, F_MIN, F_MAX, F_REQUIRED = range(8)
O_NAME_ZH, O_NAME_EN, O_CODE = range(3)
_FIELD_KEYS = {F_NAME_ZH: "name_zh", F_NAME_EN: "name_en", F_UNIT_ZH: "unit_zh",
               F_UNIT_EN: "unit_en", F_MIN: "min", F_MAX: "max"}
_OPTION_KEYS = {O_NAME_ZH: "zh", O_NAME_EN: "en", O_CODE: "code"}


class FieldsPanel(QWidget):
    changed = Signal()

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.draft: dict[str, Any] = {"services": []}
        self.code = ""
        self._loading = False
        self.table = edit_table([
            self.tr("Field (中文)"), self.tr("Field (English)"), self.tr("Type"),
            self.tr("Unit (中文)"), self.tr("Unit (English)"), self.tr("Min"), self.tr("Max"),
            self.tr("Required")], stretch=(F_NAME_EN,))
        self.table.horizontalHeader().setMinimumSectionSize(52)  # room for "260" and "35.0"
        self.table.itemChanged.connect(self._field_edited)
        self.table.currentCellChanged.connect(lambda *_: self._show_options())
        self.new_type = QComboBox()
        for field_type in FIELD_TYPES:
            self.new_type.addItem(type_names()[field_type], field_type)
        self.new_type.setToolTip(self.tr("The kind of answer the new field records"))
        self.add_button = push(self.tr("Add field"), self.add_field)
        self.remove_button = push(self.tr("Remove field"), self.remove_field)
        order = self.tr("The stall's form shows the fields in this order")
        self.up_button = push(self.tr("Move up"), lambda: self.move_field(-1), order)
        self.down_button = push(self.tr("Move down"), lambda: self.move_field(1), order)

        self.options = edit_table([self.tr("Option (中文)"), self.tr("Option (English)"),
                                   self.tr("Code")], stretch=(O_NAME_ZH, O_NAME_EN))
        self.options.itemChanged.connect(self._option_edited)
        self.add_option_button = push(self.tr("Add option"), self.add_option)
        self.remove_option_button = push(self.tr("Remove option"), self.remove_option)
        self.option_up_button = push(self.tr("Move up"), lambda: self.move_option(-1))
        self.option_down_button = push(self.tr("Move down"), lambda: self.move_option(1))
        self.options_box = QGroupBox()
        # a service's form has few fields when one of them is a choice: the options get the
        # room below them only then
        self.options_hint = QLabel(self.tr(
            "Choose a field of the type “choice” to edit what the stall can pick."))
        self.options_hint.setStyleSheet(style.text(style.HINT))
        # a label, not the box's title: Qt cuts off the end of a Chinese title with quotes
        self.options_title = QLabel()
        options = QVBoxLayout(self.options_box)
        options.addWidget(self.options_title)
        options.setContentsMargins(6, 4, 6, 6)
        options.addWidget(self.options, 1)
        options.addLayout(button_row(self.add_option_button, self.remove_option_button,
                                     self.option_up_button, self.option_down_button))

        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.table, 1)
        layout.addLayout(button_row(self.new_type, self.add_button, self.remove_button,
                                    self.up_button, self.down_button))
        layout.addWidget(self.options_box, 1)
        layout.addWidget(self.options_hint)

    # ------------------------------------------------------------------ showing

    def _fields(self) -> list[dict[str, Any]]:
        return edit.service_of(self.draft, self.code)["fields"] if self.code else []

    def current_key(self) -> str | None:
        row = self.table.currentRow()
        fields = self._fields()
        return fields[row]["key"] if 0 <= row < len(fields) else None

    def field_row(self, key: str) -> int:
        return next(i for i, f in enumerate(self._fields()) if f["key"] == key)

    def show_service(self, draft: dict[str, Any], code: str, key: str | None = None) -> None:
        """Show ``code``'s fields; select ``key`` (else keep the row selected before)."""
        same = code == self.code and draft is self.draft
        row = self.table.currentRow() if same else 0
        self.draft, self.code = draft, code
        with quiet(self):
            fields = self._fields()
            self.table.setRowCount(len(fields))
            for index, spec in enumerate(fields):
                self._fill_field(index, spec)
        if key is not None:
            row = self.field_row(key)
        if fields:
            self.table.setCurrentCell(min(max(row, 0), len(fields) - 1), F_NAME_ZH)
        self._show_options()

    def _fill_field(self, row: int, spec: dict[str, Any]) -> None:
        numeric = spec["type"] in edit.NUMERIC
        cells = {
            F_NAME_ZH: spec["name_zh"], F_NAME_EN: spec["name_en"],
            F_UNIT_ZH: spec.get("unit_zh", ""), F_UNIT_EN: spec.get("unit_en", ""),
            F_MIN: number_text(spec.get("min")), F_MAX: number_text(spec.get("max")),
        }
        for column, text in cells.items():
            editable = numeric or column in (F_NAME_ZH, F_NAME_EN)
            item = text_item(text, editable, right=column in (F_MIN, F_MAX))
            if not editable:
                item.setBackground(self.palette().window())
                item.setToolTip(self.tr("Only number fields have a unit and a range"))
            self.table.setItem(row, column, item)
        self.table.setItem(row, F_TYPE,
                           text_item(type_names().get(spec["type"], spec["type"]), False))
        self.table.setItem(row, F_REQUIRED, check_item(bool(spec.get("required"))))

    def _show_options(self) -> None:
        key = self.current_key()
        spec = edit.field_of(self.draft, self.code, key) if key else None
        is_choice = spec is not None and spec["type"] == "choice"
        if is_choice:
            self.options_title.setText(self.tr("Options of “{field}”").format(
                field=pick(spec["name_zh"], spec["name_en"])))
        with quiet(self):
            options = spec.get("options", []) if is_choice else []
            self.options.setRowCount(len(options))
            for row, option in enumerate(options):
                self.options.setItem(row, O_NAME_ZH, text_item(option["zh"]))
                self.options.setItem(row, O_NAME_EN, text_item(option["en"]))
                code = text_item(option["code"])
                code.setToolTip(self.tr("What the data file stores: small letters, digits and _"))
                self.options.setItem(row, O_CODE, code)
        self.options_box.setVisible(is_choice)
        self.options_hint.setVisible(not is_choice)

    # ------------------------------------------------------------------ field edits

    def _field_edited(self, item: QTableWidgetItem) -> None:
        if self._loading:
            return
        key = self._fields()[item.row()]["key"]
        if item.column() == F_REQUIRED:
            edit.set_field_value(self.draft, self.code, key, "required",
                                 item.checkState() == Qt.CheckState.Checked)
        elif item.column() in _FIELD_KEYS:
            edit.set_field_value(self.draft, self.code, key, _FIELD_KEYS[item.column()],
                                 item.text())
        if item.column() in (F_NAME_ZH, F_NAME_EN) and key == self.current_key():
            self._show_options()  # its title names the field
        self.changed.emit()

    def add_field(self) -> str:
        key = edit.add_field(self.draft, self.code, self.new_type.currentData(),
                             service_history(self.db))
        self.show_service(self.draft, self.code, key)
        self.table.setFocus()
        self.table.editItem(self.table.item(self.field_row(key), F_NAME_ZH))
        self.changed.emit()
        return key

    def remove_field(self) -> None:
        key = self.current_key()
        if key is None:
            return
        spec = edit.field_of(self.draft, self.code, key)
        question = self.tr("Remove the field “{field}”? Market days already opened keep it.")
        if not self._may_remove(self.tr("Remove field"), question.format(
                field=pick(spec["name_zh"], spec["name_en"])), spec["name_zh"] or spec["name_en"],
                edit.field_users(self.draft, self.code, key)):
            return
        edit.remove_field(self.draft, self.code, key)
        self.show_service(self.draft, self.code)
        self.changed.emit()

    def _may_remove(self, title: str, question: str, named: str,
                    users: list[tuple[str, str]]) -> bool:
        """Asks first, naming what else changes; a row just added with no name goes quietly."""
        if users:
            question += "\n\n" + self.tr("It is used by {names}: their conditions on it are "
                                         "removed too.").format(names=names_text(users))
        return not (named or users) or confirm(self, title, question)

    def move_field(self, delta: int) -> None:
        key = self.current_key()
        if key is not None:
            edit.move_field(self.draft, self.code, key, delta)
            self.show_service(self.draft, self.code, key)
            self.changed.emit()

    # ------------------------------------------------------------------ options

    def _option_codes(self) -> list[str]:
        key = self.current_key()
        spec = edit.field_of(self.draft, self.code, key) if key else {}
        return [o["code"] for o in spec.get("options", [])]

    def _option_edited(self, item: QTableWidgetItem) -> None:
        if self._loading:
            return
        code = self._option_codes()[item.row()]
        edit.set_option_value(self.draft, self.code, self.current_key(), code,
                              _OPTION_KEYS[item.column()], item.text())
        self.changed.emit()

    def _show_option(self, row: int, column: int = O_NAME_ZH, start_editing: bool = False):
        self._show_options()
        if 0 <= row < self.options.rowCount():
            self.options.setCurrentCell(row, column)
            if start_editing:
                self.options.setFocus()
                self.options.editItem(self.options.item(row, column))

    def add_option(self) -> None:
        key = self.current_key()
        if key is None:
            return
        edit.add_option(self.draft, self.code, key)
        self._show_option(len(self._option_codes()) - 1, start_editing=True)
        self.changed.emit()

    def remove_option(self) -> None:
        row = self.options.currentRow()
        codes = self._option_codes()
        if not 0 <= row < len(codes):
            return
        key = self.current_key()
        option = edit.field_of(self.draft, self.code, key)["options"][row]
        question = self.tr("Remove the option “{option}”?").format(
            option=pick(option["zh"], option["en"]))
        if not self._may_remove(self.tr("Remove option"), question, option["zh"] or option["en"],
                                edit.option_users(self.draft, self.code, key, codes[row])):
            return
        edit.remove_option(self.draft, self.code, key, codes[row])
        self._show_option(min(row, len(codes) - 2))
        self.changed.emit()

    def move_option(self, delta: int) -> None:
        row = self.options.currentRow()
        codes = self._option_codes()
        if 0 <= row < len(codes):
            new_row = edit.move_option(self.draft, self.code, self.current_key(), codes[row],
                                       delta)
            self._show_option(new_row)
            self.changed.emit()
