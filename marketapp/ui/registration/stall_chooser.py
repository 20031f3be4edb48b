"""Choosing stalls for one person: a check box per stall with its number key (1–9, then 0
for the tenth, as on the keyboard's row of digits), how many wait, the expected wait, and a
warning when the wait runs past the stall's closing time; plus the priority (decided by the
rules unless staff choose urgent/priority and a reason).

Keys while the chooser has focus: 1–9 and 0 tick/untick a stall, Enter issues, Esc goes back to
the search; a digit that is no stall does nothing (a slip of the finger must not throw the
chosen person away); a stall the person cannot have says why (``refused``); a letter starts
the next search. The page does the work: this widget only shows lines and reports keys.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from marketapp.core.queue.rules import PRIORITY_REASONS
from marketapp.ui.widgets import style
from marketapp.ui.widgets.fitting_scroll import FittingScrollArea

translate = QCoreApplication.translate

MAX_KEYED = 10  # keys 1–9, then 0 for the tenth stall
WIDE = 640  # px: room for a stall's wait and its warning on one line
LINES_MIN_HEIGHT = 120  # px: three stall lines, at least


@dataclass(frozen=True)
class StallLine:
    stall_id: str
    letter: str
    name: str
    waiting: int
    wait_minutes: float
    closing_warning: bool = False
    closes_at: str | None = None
    refusal: str | None = None  # short: why this person cannot get a ticket here
    ahead: int | None = None  # tickets called before hers, when priority puts her forward
    refusal_detail: str = ""  # the full reason, as a tooltip
    closing_passed: bool = False  # the closing time is behind us (core.queue.estimates)


class StallChooser(QFrame):
    issue_requested = Signal()
    back_requested = Signal()
    typed_elsewhere = Signal(str)  # printable non-digit text: belongs to the search field
    refused = Signal(str)  # the number of a stall this person cannot have: why not
    priority_changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setObjectName("stallChooser")
        self.setStyleSheet(
            f"#stallChooser {{ border: 1px solid {style.CHOOSER_BORDER}; border-radius: 4px; }}"
            f"#stallChooser:focus {{ border: 2px solid {style.FOCUS}; }}")
        self.lines: list[StallLine] = []
        self.boxes: list[QCheckBox] = []
        self.infos: list[QLabel] = []
        self.warnings: list[QLabel] = []
        self._enabled = False

        self.grid = QGridLayout()
        self.grid.setHorizontalSpacing(10)
        self.grid.setVerticalSpacing(4)
        self.grid.setColumnStretch(1, 1)
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        self.hint.setStyleSheet(style.text(style.HINT))

        self.priority_label = QLabel()
        self.priority_combo = QComboBox()
        for text, value in ((self.tr("Decided by the rules"), None),
                            (self.tr("Normal"), "normal"),
                            (self.tr("Priority"), "priority"),
                            (self.tr("Urgent"), "urgent")):
            self.priority_combo.addItem(text, value)
        self.reason_combo = QComboBox()
        for value in PRIORITY_REASONS:
            self.reason_combo.addItem(reason_name(value), value)
        self.reason_combo.setCurrentIndex(PRIORITY_REASONS.index("staff"))
        self.priority_combo.currentIndexChanged.connect(self._priority_picked)
        self.reason_combo.currentIndexChanged.connect(lambda _i: self.priority_changed.emit())
        self.reason_combo.setVisible(False)
        choose = QLabel(self.tr("&Priority:"))
        choose.setBuddy(self.priority_combo)
        priority_row = QHBoxLayout()
        priority_row.addWidget(choose)
        priority_row.addWidget(self.priority_combo)
        priority_row.addWidget(self.reason_combo)
        priority_row.addStretch(1)

        lines = QWidget()
        lines.setLayout(self.grid)
        # Nine stalls with a closing warning each would otherwise make the page taller
        # than a 1366×697 laptop window: the stall lines scroll instead.
        self.lines_area = FittingScrollArea(lines, min_height=LINES_MIN_HEIGHT)
        column = QVBoxLayout(self)
        column.addWidget(self.lines_area)
        column.addWidget(self.hint)
        column.addWidget(self.priority_label)
        column.addLayout(priority_row)
        column.addStretch(1)

    # ----------------------------------------------------------------------- lines

    def set_lines(self, lines: list[StallLine], enabled: bool) -> None:
        """Show the stalls; ``enabled`` when a person is chosen (ticks survive a refresh)."""
        kept = set(self.checked_stall_ids()) if enabled else set()
        while self.grid.count():
            item = self.grid.takeAt(0)
            widget = item.widget()
            if widget is not None:
                widget.hide()  # deleted later: must not show meanwhile
                widget.deleteLater()
        self.lines, self.boxes, self.infos, self.warnings = list(lines), [], [], []
        self._enabled = enabled
        for row, line in enumerate(self.lines):
            key = str((row + 1) % 10) if row < MAX_KEYED else " "
            box = QCheckBox(f"{key}  {line.letter} {line.name}".replace("&", "&&"))
            box.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            box.setEnabled(enabled and line.refusal is None)
            box.setChecked(box.isEnabled() and line.stall_id in kept)
            font = box.font()
            font.setPointSize(font.pointSize() + 2)
            box.setFont(font)
            info = QLabel(self._info_text(line))
            info.setToolTip(line.refusal_detail)
            warning = QLabel(self._warning_text(line))
            warning.setStyleSheet(style.text(style.ERROR, bold=True))
            # Wait and warning side by side when there is room, else the warning goes under.
            cell = QWidget()
            flow = QHBoxLayout(cell) if self.width() > WIDE else QVBoxLayout(cell)
            flow.setContentsMargins(0, 0, 0, 0)
            flow.setSpacing(0 if self.width() <= WIDE else 10)
            flow.addWidget(info)
            flow.addWidget(warning)
            flow.addStretch(1)
            self.grid.addWidget(box, row, 0, Qt.AlignmentFlag.AlignTop)
            self.grid.addWidget(cell, row, 1)
            cell.show()
            warning.setVisible(bool(warning.text()))  # after it has a parent
            self.boxes.append(box)
            self.infos.append(info)
            self.warnings.append(warning)
        if not lines:
            self.hint.setText(self.tr("No stalls are open."))
        elif enabled:
            self.hint.setText(self.tr("Press a stall's number to tick it, Enter to issue the "
                                      "tickets, Esc to go back to the search. Typing a letter "
                                      "starts the next search: ticks not issued are cleared."))
        else:
            self.hint.setText(self.tr("Choose a person first: type in the search field and "
                                      "press Enter."))

    def _info_text(self, line: StallLine) -> str:
        if line.refusal:
            return line.refusal
        if line.ahead is not None and line.ahead != line.waiting:
            # Her class puts her before others: the wait is hers, not the line's.
            return self.tr("{ahead} ahead (of {n} waiting) · about {minutes} min").format(
                ahead=line.ahead, n=line.waiting, minutes=round(line.wait_minutes))
        return self.tr("{n} waiting · about {minutes} min").format(
            n=line.waiting, minutes=round(line.wait_minutes))

    def _warning_text(self, line: StallLine) -> str:
        if line.refusal is None and line.closing_passed:
            return self.tr("⚠ closing time {time} has passed").format(time=line.closes_at or "")
        if line.refusal is None and line.closing_warning:
            return self.tr("⚠ turn may come after closing {time}").format(
                time=line.closes_at or "")
        return ""

    def checked_stall_ids(self) -> list[str]:
        return [line.stall_id for line, box in zip(self.lines, self.boxes, strict=True)
                if box.isChecked()]

    def press_number(self, number: int) -> None:
        """Stall ``number`` (1–10; the 0 key is 10): tick it, or say why this person cannot
        have it; a number that is no stall (7 with six stalls) does nothing."""
        if not self._enabled or not 1 <= number <= min(len(self.lines), MAX_KEYED):
            return
        line = self.lines[number - 1]
        if line.refusal is not None:
            self.refused.emit(line.refusal_detail or line.refusal)
            return
        self.toggle(number)

    def toggle(self, number: int) -> bool:
        """Tick/untick stall ``number`` (1-based); False when there is no such free stall."""
        if not self._enabled or not 1 <= number <= min(len(self.boxes), MAX_KEYED):
            return False
        box = self.boxes[number - 1]
        if not box.isEnabled():
            return False
        box.setChecked(not box.isChecked())
        return True

    def clear_ticks(self) -> None:
        for box in self.boxes:
            box.setChecked(False)

    # ----------------------------------------------------------------------- priority

    def chosen_priority(self) -> tuple[str | None, str | None]:
        priority = self.priority_combo.currentData()
        if priority is None or priority == "normal":
            return priority, None
        return priority, self.reason_combo.currentData()

    def reset_priority(self) -> None:
        self.priority_combo.blockSignals(True)
        self.priority_combo.setCurrentIndex(0)
        self.priority_combo.blockSignals(False)
        self.reason_combo.setVisible(False)

    def show_decided(self, priority: str | None, reason: str | None) -> None:
        """The class the tickets will get (from the previews), e.g. "Priority (aged)"."""
        if priority is None:
            self.priority_label.clear()
            return
        text = priority_name(priority)
        if reason:
            text += f"（{reason_name(reason)}）"
        self.priority_label.setText(self.tr("Priority: {what}").format(what=text))
        colour = {"urgent": style.ERROR, "priority": style.ATTENTION}.get(priority, style.TEXT)
        self.priority_label.setStyleSheet(style.text(colour, bold=True))

    def _priority_picked(self, _index: int) -> None:
        priority = self.priority_combo.currentData()
        self.reason_combo.setVisible(priority in ("priority", "urgent"))
        if priority == "priority" and self.reason_combo.currentData() == "staff":
            self.reason_combo.setCurrentIndex(PRIORITY_REASONS.index("age"))
        self.priority_changed.emit()

    # ----------------------------------------------------------------------- keys

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        key = event.key()
        if Qt.Key.Key_0 <= key <= Qt.Key.Key_9 and not event.modifiers() & ~(
                Qt.KeyboardModifier.KeypadModifier):
            self.press_number(key - Qt.Key.Key_0 or 10)
            return
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.issue_requested.emit()
            return
        if key == Qt.Key.Key_Escape:
            self.back_requested.emit()
            return
        text = event.text()
        if text and text.isprintable() and not text.isspace():
            self.typed_elsewhere.emit(text)
            return
        super().keyPressEvent(event)



def priority_name(priority: str) -> str:
    names = {"normal": translate("StallChooser", "Normal"),
             "priority": translate("StallChooser", "Priority"),
             "urgent": translate("StallChooser", "Urgent")}
    return names.get(priority, priority)


def reason_name(reason: str) -> str:
    names = {"age": translate("StallChooser", "Aged"),
             "disabled": translate("StallChooser", "Disability"),
             "pregnancy": translate("StallChooser", "Pregnancy"),
             "staff": translate("StallChooser", "Staff decision")}
    return names.get(reason, reason)
