"""The flag rules of one service in the catalogue editor (提示规则: e.g. high blood pressure when
systolic ≥ 140 or diastolic ≥ 90) and the conditions of the chosen rule. Every change is one
call into core.catalogue.edit on the editor's draft."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QGroupBox, QLabel, QTableWidgetItem, QVBoxLayout, QWidget

from marketapp.core.catalogue import edit
from marketapp.core.catalogue.errors import CatalogueError
from marketapp.ui.settings.catalogue_table import (
    button_row,
    combo,
    confirm,
    edit_table,
    number_text,
    pick,
    push,
    quiet,
    text_item,
)

R_NAME_ZH, R_NAME_EN, R_WHEN, R_SUMMARY = range(4)
C_FIELD, C_OP, C_VALUE = range(3)
OP_SIGNS = {">=": "≥", ">": ">", "<=": "≤", "<": "<", "==": "=", "!=": "≠"}
_EQUALITY = ("==", "!=")


class FlagsPanel(QWidget):
    changed = Signal()
    refused = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.draft: dict[str, Any] = {"services": []}
        self.code = ""
        self._loading = False
        note = QLabel(self.tr(
            "A flag marks a visit for attention (high blood pressure or glucose: the doctor's "
            "follow-up list). Rules with the same name raise the same flag."))
        note.setWordWrap(True)
        self.rules = edit_table([self.tr("Flag (中文)"), self.tr("Flag (English)"),
                                 self.tr("Raised when"), self.tr("Conditions")],
                                stretch=(R_SUMMARY,))
        self.rules.itemChanged.connect(self._rule_edited)
        self.rules.currentCellChanged.connect(lambda *_: self._show_conditions())
        self.add_rule_button = push(self.tr("Add flag rule"), self.add_rule)
        self.remove_rule_button = push(self.tr("Remove flag rule"), self.remove_rule)
        self.conditions = edit_table([self.tr("Field"), self.tr("Comparison"), self.tr("Value")],
                                     stretch=(C_FIELD, C_VALUE))
        self.conditions.itemChanged.connect(self._value_edited)
        self.add_condition_button = push(self.tr("Add condition"), self.add_condition)
        self.remove_condition_button = push(self.tr("Remove condition"), self.remove_condition)
        self.conditions_box = QGroupBox()
        self.conditions_title = QLabel()  # not the box's title: see the options box
        box = QVBoxLayout(self.conditions_box)
        box.addWidget(self.conditions_title)
        box.setContentsMargins(6, 4, 6, 6)
        box.addWidget(self.conditions, 1)
        box.addLayout(button_row(self.add_condition_button, self.remove_condition_button))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(note)
        layout.addWidget(self.rules, 1)
        layout.addLayout(button_row(self.add_rule_button, self.remove_rule_button))
        layout.addWidget(self.conditions_box, 1)

    # ------------------------------------------------------------------ showing

    def _service(self) -> dict[str, Any]:
        return edit.service_of(self.draft, self.code)

    def _flags(self) -> list[dict[str, Any]]:
        return self._service()["flags"] if self.code else []

    def _rule(self) -> int:
        row = self.rules.currentRow()
        return row if 0 <= row < len(self._flags()) else -1

    def _spec(self, key: str) -> dict[str, Any] | None:
        return next((f for f in self._service()["fields"] if f["key"] == key), None)

    def show_service(self, draft: dict[str, Any], code: str, rule: int | None = None) -> None:
        same = code == self.code and draft is self.draft
        row = self.rules.currentRow() if same else 0
        self.draft, self.code = draft, code
        flags = self._flags()
        with quiet(self):
            self.rules.setRowCount(0)  # drops the old rows' combo boxes with them
            self.rules.setRowCount(len(flags))
            for index, flag in enumerate(flags):
                self.rules.setItem(index, R_NAME_ZH, text_item(flag["name_zh"]))
                self.rules.setItem(index, R_NAME_EN, text_item(flag["name_en"]))
                self.rules.setCellWidget(index, R_WHEN, combo(
                    ((self.tr("all conditions hold"), False), (self.tr("any condition holds"), True)),
                    bool(flag.get("any")), lambda value, i=index: self._any_changed(i, value)))
                self.rules.setItem(index, R_SUMMARY, text_item(self.summary(flag), False))
        if rule is not None:
            row = rule
        if flags:
            self.rules.setCurrentCell(min(max(row, 0), len(flags) - 1), R_NAME_ZH)
        self._show_conditions()

    def summary(self, flag: dict[str, Any]) -> str:
        """'收缩压 ≥ 140 或 舒张压 ≥ 90': the rule in one line."""
        joiner = self.tr(" or ") if flag.get("any") else self.tr(" and ")
        return joiner.join(self._condition_text(c) for c in flag["when"])

    def _condition_text(self, cond: dict[str, Any]) -> str:
        spec = self._spec(cond["field"])
        if spec is None:
            return f"{cond['field']} ?"
        value = cond["value"]
        if spec["type"] == "bool":
            shown = self.tr("yes") if value is True else self.tr("no")
        elif spec["type"] == "choice":
            option = next((o for o in spec.get("options", []) if o["code"] == value), None)
            shown = pick(option["zh"], option["en"]) if option else str(value)
        else:
            shown = number_text(value) if not isinstance(value, str) else value
        name = pick(spec["name_zh"], spec["name_en"]) or cond["field"]
        return f"{name} {OP_SIGNS.get(cond['op'], cond['op'])} {shown}"

    def _show_conditions(self) -> None:
        index = self._rule()
        conditions = self._flags()[index]["when"] if index >= 0 else []
        if index >= 0:
            flag = self._flags()[index]
            name = pick(flag["name_zh"], flag["name_en"])
            self.conditions_title.setText(self.tr("Conditions of the flag “{flag}”").format(
                flag=name) if name else self.tr("Conditions of the new flag rule"))
        else:
            self.conditions_title.setText(self.tr("Conditions: choose a flag rule"))
        with quiet(self):
            self.conditions.setRowCount(0)
            self.conditions.setRowCount(len(conditions))
            fields = [(pick(f["name_zh"], f["name_en"]) or f["key"], f["key"])
                      for f in self._service()["fields"]] if self.code else []
            for row, cond in enumerate(conditions):
                self.conditions.setCellWidget(row, C_FIELD, combo(
                    fields, cond["field"], lambda key, r=row: self._field_changed(r, key)))
                self._fill_test(row, cond)
        self.conditions_box.setEnabled(index >= 0)
        self.remove_rule_button.setEnabled(index >= 0)

    def _fill_test(self, row: int, cond: dict[str, Any]) -> None:
        """The comparison and value cells of one condition, as its field's type allows."""
        spec = self._spec(cond["field"]) or {"type": "text"}
        ops = list(OP_SIGNS) if spec["type"] in edit.NUMERIC else list(_EQUALITY)
        self.conditions.setCellWidget(row, C_OP, combo(
            [(OP_SIGNS[op], op) for op in ops], cond["op"],
            lambda op, r=row: self._set(r, op=op)))
        old = self.conditions.cellWidget(row, C_VALUE)
        if old is not None:
            old.hide()  # deleted later by Qt; not to be seen meanwhile
            self.conditions.removeCellWidget(row, C_VALUE)
        self.conditions.takeItem(row, C_VALUE)
        if spec["type"] == "bool":
            self.conditions.setCellWidget(row, C_VALUE, combo(
                ((self.tr("yes"), True), (self.tr("no"), False)), cond["value"],
                lambda value, r=row: self._set(r, value=value)))
        elif spec["type"] == "choice":
            options = [(pick(o["zh"], o["en"]) or o["code"], o["code"])
                       for o in spec.get("options", [])]
            self.conditions.setCellWidget(row, C_VALUE, combo(
                options, cond["value"], lambda value, r=row: self._set(r, value=value)))
        else:
            value = cond["value"]
            text = number_text(value) if not isinstance(value, str) else value
            self.conditions.setItem(row, C_VALUE, text_item(text, right=True))

    # ------------------------------------------------------------------ rule edits

    def _after_rule_change(self) -> None:
        index = self._rule()
        if index >= 0:
            self.rules.item(index, R_SUMMARY).setText(self.summary(self._flags()[index]))
        self.changed.emit()

    def _rule_edited(self, item: QTableWidgetItem) -> None:
        if self._loading or item.column() not in (R_NAME_ZH, R_NAME_EN):
            return
        name = {"name_zh" if item.column() == R_NAME_ZH else "name_en": item.text()}
        edit.set_flag_names(self.draft, self.code, item.row(), **name)
        # a name can rename the other rules of the flag, or adopt a known flag's names
        with quiet(self):
            for row, flag in enumerate(self._flags()):
                self.rules.item(row, R_NAME_ZH).setText(flag["name_zh"])
                self.rules.item(row, R_NAME_EN).setText(flag["name_en"])
        self._show_conditions()
        self.changed.emit()

    def _any_changed(self, index: int, any_condition: object) -> None:
        edit.set_flag_any(self.draft, self.code, index, bool(any_condition))
        self.rules.item(index, R_SUMMARY).setText(self.summary(self._flags()[index]))
        self.changed.emit()

    def add_rule(self) -> None:
        try:
            index = edit.add_flag_rule(self.draft, self.code)
        except CatalogueError as exc:
            self.refused.emit(exc.message())
            return
        self.show_service(self.draft, self.code, index)
        self.rules.setFocus()
        self.rules.editItem(self.rules.item(index, R_NAME_ZH))
        self.changed.emit()

    def remove_rule(self) -> None:
        index = self._rule()
        if index < 0:
            return
        flag = self._flags()[index]
        name = pick(flag["name_zh"], flag["name_en"])
        if name and not confirm(self, self.tr("Remove flag rule"), self.tr(
                "Remove the rule “{flag}”: {conditions}?").format(
                    flag=name, conditions=self.summary(flag))):
            return
        edit.remove_flag_rule(self.draft, self.code, index)
        self.show_service(self.draft, self.code, max(index - 1, 0))
        self.changed.emit()

    # ------------------------------------------------------------------ condition edits

    def _set(self, row: int, **change: object) -> None:
        if self._loading:
            return
        edit.set_condition(self.draft, self.code, self._rule(), row, **change)
        self._after_rule_change()

    def _field_changed(self, row: int, key: object) -> None:
        if self._loading:
            return
        edit.set_condition(self.draft, self.code, self._rule(), row, field=str(key))
        with quiet(self):
            self._fill_test(row, self._flags()[self._rule()]["when"][row])
        self._after_rule_change()

    def _value_edited(self, item: QTableWidgetItem) -> None:
        if not self._loading and item.column() == C_VALUE:
            self._set(item.row(), value=item.text())

    def add_condition(self) -> None:
        index = self._rule()
        if index < 0:
            return
        row = edit.add_condition(self.draft, self.code, index)
        self._show_conditions()
        self._after_rule_change()
        self.conditions.setCurrentCell(row, C_VALUE)

    def remove_condition(self) -> None:
        index, row = self._rule(), self.conditions.currentRow()
        if index < 0 or not 0 <= row < self.conditions.rowCount():
            return
        edit.remove_condition(self.draft, self.code, index, row)
        self._show_conditions()
        self._after_rule_change()
