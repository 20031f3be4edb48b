"""Small pieces the catalogue editor's tables share (services, fields, options, flag rules)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from marketapp.core.text import current_language

ROW_HEIGHT = 26


@contextmanager
def quiet(owner) -> Iterator[None]:
    """While the editor fills its own tables, their change signals are not the user's edits
    (nests: filling one table can move the selection and fill another)."""
    was = owner._loading
    owner._loading = True
    try:
        yield
    finally:
        owner._loading = was


def pick(zh: str, en: str) -> str:
    return zh if current_language() == "zh" else en


def names_text(pairs: Iterable[tuple[str, str]]) -> str:
    """'血压偏高、空腹' (or 'High blood pressure, Fasting'): what a removal also changes."""
    separator = "、" if current_language() == "zh" else ", "
    return separator.join(f"“{pick(zh, en)}”" for zh, en in pairs)


def number_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return f"{value:.1f}"
    return str(value)


def edit_table(headers: list[str], stretch: Iterable[int]) -> QTableWidget:
    """A one-row-at-a-time table edited in place: double-click, F2 or just type. The
    ``stretch`` columns share the width left by the others (sized to their contents), so the
    table never needs a horizontal scroll bar."""
    table = QTableWidget(0, len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.verticalHeader().setVisible(False)
    table.verticalHeader().setDefaultSectionSize(ROW_HEIGHT)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setAlternatingRowColors(True)
    table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    header = table.horizontalHeader()
    header.setStretchLastSection(False)
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    for column in stretch:
        header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
    table.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                          | QAbstractItemView.EditTrigger.EditKeyPressed
                          | QAbstractItemView.EditTrigger.AnyKeyPressed)
    return table


def content_width(table: QTableWidget, column: int) -> int:
    """What ``column`` needs to show its header and cells in full."""
    return max(table.sizeHintForColumn(column),
               table.horizontalHeader().sectionSizeHint(column))


def text_item(text: str, editable: bool = True, right: bool = False) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    if not editable:
        item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
    if right:
        item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    return item


def check_item(checked: bool) -> QTableWidgetItem:
    item = QTableWidgetItem()
    item.setFlags((item.flags() | Qt.ItemFlag.ItemIsUserCheckable) & ~Qt.ItemFlag.ItemIsEditable)
    item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
    return item


def combo(choices: Iterable[tuple[str, object]], current: object,
          changed: Callable[[object], None]) -> QComboBox:
    """A combo box for a table cell; ``changed`` gets the chosen item's data."""
    box = QComboBox()
    for text, data in choices:
        box.addItem(text, data)
    index = box.findData(current)
    if index < 0:  # a value the choices do not know (an edited file): show it as it is
        box.addItem(str(current), current)
        index = box.count() - 1
    box.setCurrentIndex(index)
    box.currentIndexChanged.connect(lambda i: changed(box.itemData(i)))
    return box


def button_row(*buttons: QPushButton, stretch_first: bool = False) -> QHBoxLayout:
    row = QHBoxLayout()
    row.setContentsMargins(0, 0, 0, 0)
    if stretch_first:
        row.addStretch(1)
    for widget in buttons:
        row.addWidget(widget)
    if not stretch_first:
        row.addStretch(1)
    return row


def push(text: str, slot: Callable[[], object], tip: str = "") -> QPushButton:
    widget = QPushButton(text)
    widget.clicked.connect(lambda: slot())
    if tip:
        widget.setToolTip(tip)
    return widget


def confirm(parent: QWidget, title: str, text: str) -> bool:
    """Yes only when chosen: Enter keeps what is there."""
    answer = QMessageBox.question(parent, title, text,
                                  QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                                  QMessageBox.StandardButton.No)
    return answer == QMessageBox.StandardButton.Yes


def type_names() -> dict[str, str]:
    translate = QCoreApplication.translate
    return {"int": translate("CatalogueEditor", "whole number"),
            "decimal": translate("CatalogueEditor", "number"),
            "text": translate("CatalogueEditor", "text"),
            "choice": translate("CatalogueEditor", "choice"),
            "bool": translate("CatalogueEditor", "yes/no")}
