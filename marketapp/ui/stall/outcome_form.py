"""The outcome form of a stall, generated from its service's fields (FieldSpec).

Numbers are typed into line edits, not spin boxes: ``validate_outcome`` takes text as typed
(full-width digits, a trailing unit, "。" from a Chinese input method), an empty field must be
possible for optional numbers, and a spin box would silently clamp an implausible reading
instead of saying what is wrong with it. Every change is validated by core; each field's
problem is shown under it (a "required" problem only once the field was touched or Done was
pressed, so a fresh form is not red).
"""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QWidget,
)

from marketapp.core.catalogue.model import FieldSpec, Service
from marketapp.core.catalogue.outcomes import FieldProblem, InvalidOutcome, validate_outcome
from marketapp.ui.widgets import style
from marketapp.ui.widgets.labels import field_error_label

_QUIET_UNTIL_TOUCHED = ("required", "required_with")


def _number_text(value: object) -> str:
    return str(value) if not isinstance(value, float) else f"{Decimal(str(value))}"


class OutcomeForm(QWidget):
    changed = Signal()

    def __init__(self, service: Service, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.service = service
        self.editors: dict[str, QWidget] = {}
        self.errors: dict[str, QLabel] = {}
        self.problems: dict[str, FieldProblem] = {}
        self._touched: set[str] = set()
        self._show_all = False
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setVerticalSpacing(2)
        grid.setColumnStretch(1, 1)
        row = 0
        for spec in service.fields:
            name = spec.name() + (" *" if spec.required else "")
            label = QLabel(name)
            editor = self._editor(spec)
            editor.setObjectName(f"field_{spec.key}")
            unit = QLabel(spec.unit())
            unit.setStyleSheet(style.text(style.HINT))
            error = field_error_label()  # its line kept: nothing moves when it speaks
            label.setBuddy(editor)
            # The unit right after its box, not in a column as wide as the widest box.
            cell = QHBoxLayout()
            cell.setSpacing(6)
            cell.addWidget(editor)
            cell.addWidget(unit)
            cell.addStretch(1)
            grid.addWidget(label, row, 0)
            grid.addLayout(cell, row, 1)
            grid.addWidget(error, row + 1, 1)
            self.editors[spec.key] = editor
            self.errors[spec.key] = error
            row += 2
        grid.setRowStretch(row, 1)

    def _editor(self, spec: FieldSpec) -> QWidget:
        key = spec.key
        if spec.type == "choice":
            combo = QComboBox()
            combo.setMinimumWidth(220)
            combo.addItem("", None)
            for option in spec.options:
                combo.addItem(option.name(), option.code)
            combo.currentIndexChanged.connect(lambda _i: self._edited(key))
            return combo
        if spec.type == "bool":
            box = QCheckBox()
            box.toggled.connect(lambda _on: self._edited(key))
            return box
        edit = QLineEdit()
        edit.setMinimumWidth(320)
        if spec.type in ("int", "decimal"):
            edit.setMinimumWidth(120)
            if spec.min is not None and spec.max is not None:
                edit.setPlaceholderText(f"{spec.min}–{spec.max}")
            edit.setMaximumWidth(160)
        edit.textChanged.connect(lambda _t: self._edited(key))
        return edit

    def focus_first(self) -> None:
        """The cursor in the first field, ready for the first reading."""
        first = next(iter(self.editors.values()), None)
        if first is not None:
            first.setFocus(Qt.FocusReason.OtherFocusReason)

    def focus_problem(self, problems: dict[str, FieldProblem]) -> None:
        """The cursor on the first field (in the form's order) that was refused, its text
        selected so the right value types over it."""
        key = next((k for k in self.editors if k in problems), None)
        if key is None:
            return
        editor = self.editors[key]
        editor.setFocus(Qt.FocusReason.OtherFocusReason)
        if isinstance(editor, QLineEdit):
            editor.selectAll()

    # ------------------------------------------------------------------ values

    def values(self) -> dict[str, object]:
        """What the form holds, as core expects it (text as typed, choice codes, booleans)."""
        out: dict[str, object] = {}
        for spec in self.service.fields:
            editor = self.editors[spec.key]
            if isinstance(editor, QComboBox):
                code = editor.currentData()
                if code:
                    out[spec.key] = code
            elif isinstance(editor, QCheckBox):
                out[spec.key] = editor.isChecked()
            elif isinstance(editor, QLineEdit) and editor.text().strip():
                out[spec.key] = editor.text()
        return out

    def set_values(self, values: dict[str, object]) -> None:
        for key, value in values.items():
            editor = self.editors.get(key)
            if isinstance(editor, QComboBox):
                editor.setCurrentIndex(max(0, editor.findData(value)))
            elif isinstance(editor, QCheckBox):
                editor.setChecked(bool(value))
            elif isinstance(editor, QLineEdit):
                editor.setText(_number_text(value))

    def is_blank(self) -> bool:
        """Nothing typed, chosen or ticked yet (a form with something in it is a person's
        work that must not vanish silently)."""
        for editor in self.editors.values():
            if isinstance(editor, QComboBox) and editor.currentIndex() > 0:
                return False
            if isinstance(editor, QCheckBox) and editor.isChecked():
                return False
            if isinstance(editor, QLineEdit) and editor.text().strip():
                return False
        return True

    def clear(self) -> None:
        for editor in self.editors.values():
            editor.blockSignals(True)
            if isinstance(editor, QComboBox):
                editor.setCurrentIndex(0)
            elif isinstance(editor, QCheckBox):
                editor.setChecked(False)
            elif isinstance(editor, QLineEdit):
                editor.clear()
            editor.blockSignals(False)
        self._touched.clear()
        self._show_all = False
        self.validate()

    # ------------------------------------------------------------------ checking

    def _edited(self, key: str) -> None:
        self._touched.add(key)
        self.validate()
        self.changed.emit()

    def validate(self) -> dict[str, FieldProblem]:
        """Ask core; show each field's problem next to it. Returns every problem."""
        try:
            validate_outcome(self.service, self.values())
            problems: dict[str, FieldProblem] = {}
        except InvalidOutcome as exc:
            problems = exc.problems
        self.problems = problems
        self._show(problems)
        return problems

    def show_all_problems(self, problems: dict[str, FieldProblem] | None = None) -> None:
        """After Done was pressed: every problem, required ones too."""
        self._show_all = True
        if problems is None:
            problems = self.validate()
        self.problems = problems
        self._show(problems)

    def _show(self, problems: dict[str, FieldProblem]) -> None:
        for key, label in self.errors.items():
            problem = problems.get(key)
            quiet = (problem is not None and problem.code in _QUIET_UNTIL_TOUCHED
                     and not self._show_all and key not in self._touched)
            if problem is None or quiet:
                label.clear()
                label.setVisible(False)
            else:
                label.setText(problem.message())
                label.setVisible(True)

    def error_text(self, key: str) -> str:
        label = self.errors[key]
        return label.text() if label.isVisibleTo(self) else ""
