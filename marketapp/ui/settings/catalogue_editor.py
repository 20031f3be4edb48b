"""The service catalogue editor (服务项目) in Settings: services (names, ticket letters, typical
minutes; add, remove or retire, offer again), and beside them the chosen service's category,
outcome fields with their options and flag rules (catalogue_service and the panels it holds).

Edits go to a draft (``Catalogue.to_dict()`` data) through core.catalogue.edit; Save builds a
``Catalogue`` from it, so a malformed edit is refused with core's message naming the service and
the field, and nothing is saved. Market days keep the service definitions they were opened
with, so a change applies to market days opened after saving.
"""

from __future__ import annotations

import copy
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)
from sqlite_utils import Database

from marketapp.core.catalogue import edit
from marketapp.core.catalogue.errors import CatalogueError
from marketapp.core.catalogue.reading import catalogue_from_dict
from marketapp.core.market.days import (
    current_catalogue,
    reset_catalogue,
    save_catalogue,
    service_history,
)
from marketapp.ui.settings.catalogue_fields import (  # noqa: F401 (the columns, for callers and tests)
    F_MAX,
    F_MIN,
    F_NAME_EN,
    F_NAME_ZH,
    F_REQUIRED,
)
from marketapp.ui.settings.catalogue_service import ServiceDetails
from marketapp.ui.settings.catalogue_table import (
    button_row,
    confirm,
    content_width,
    edit_table,
    pick,
    push,
    quiet,
    text_item,
)
from marketapp.ui.widgets import style
from marketapp.ui.widgets.labels import error_label

S_LETTER, S_NAME_ZH, S_NAME_EN, S_MINUTES, S_STATE = range(5)
_SERVICE_KEYS = {S_LETTER: "letter", S_NAME_ZH: "name_zh", S_NAME_EN: "name_en",
                 S_MINUTES: "typical_minutes"}


class CatalogueEditor(QWidget):
    saved = Signal()

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.draft: dict[str, Any] = {"services": []}
        self._loading = False
        self.services = edit_table([
            self.tr("Letter"), self.tr("Name (中文)"), self.tr("Name (English)"),
            self.tr("Minutes"), self.tr("State")], stretch=(S_NAME_EN,))
        self.services.horizontalHeaderItem(S_MINUTES).setToolTip(
            self.tr("Typical minutes per villager: the expected wait is worked out from it"))
        self.services.itemChanged.connect(self._service_edited)
        self.services.currentCellChanged.connect(lambda *_: self._show_current())
        self.add_service_button = push(self.tr("Add service"), self.add_service)
        self.remove_service_button = push(self.tr("Remove service"), self.remove_service)
        self.offer_again_button = push(
            self.tr("Offer again"), self.offer_again,
            self.tr("Offer this retired service again for new market days"))
        self.details = ServiceDetails(db)
        self.details.changed.connect(self._edited)
        self.details.refused.connect(self._show_error)
        self.field_panel = self.details.field_panel
        self.flag_panel = self.details.flag_panel

        self.save_button = push(self.tr("Save catalogue"), self.save)
        self.revert_button = push(self.tr("Undo changes"), self.load)
        self.default_button = push(self.tr("Restore default catalogue…"),
                                   lambda: self.restore_default())
        self.error = error_label()
        self.notice = QLabel()
        self.notice.setWordWrap(True)
        # shown where the notices go while there is nothing to report
        self.hint = QLabel(self.tr(
            "Double-click a cell or just type to change it. Market days keep the services they "
            "were opened with: changes apply to market days opened after saving."))
        self.hint.setWordWrap(True)
        self.hint.setStyleSheet(style.text(style.HINT))

        services_box = QGroupBox(self.tr("Services"))
        box = QVBoxLayout(services_box)
        box.setContentsMargins(6, 4, 6, 6)
        box.addWidget(self.services, 1)
        box.addLayout(button_row(self.add_service_button, self.remove_service_button,
                                 self.offer_again_button))
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(services_box)
        self.splitter.addWidget(self.details)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.hint, 1)
        buttons.addWidget(self.notice, 1)
        buttons.addWidget(self.default_button)
        buttons.addWidget(self.revert_button)
        buttons.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.splitter, 1)
        layout.addWidget(self.error)
        layout.addLayout(buttons)
        self.load()

    # ------------------------------------------------------------------ the draft

    def load(self) -> None:
        self.draft = copy.deepcopy(current_catalogue(self.db).to_dict())
        self.error.setVisible(False)
        self.say("")
        self._fill_services()

    def data(self) -> dict[str, Any]:
        return copy.deepcopy(self.draft)

    @property
    def fields(self) -> QTableWidget:
        return self.field_panel.table

    def service_row(self, code: str) -> int:
        return next(i for i, s in enumerate(self.draft["services"]) if s["code"] == code)

    def field_row(self, key: str) -> int:
        return self.field_panel.field_row(key)

    def current_code(self) -> str:
        row = self.services.currentRow()
        services = self.draft["services"]
        return services[row]["code"] if 0 <= row < len(services) else ""

    def select_service(self, code: str) -> None:
        self.services.setCurrentCell(self.service_row(code), S_NAME_ZH)

    def _fill_services(self, select: str | None = None) -> None:
        row = self.services.currentRow()
        services = self.draft["services"]
        with quiet(self):
            self.services.setRowCount(len(services))
            for index, service in enumerate(services):
                letter = text_item(service["letter"])
                letter.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                minutes = QTableWidgetItem()
                minutes.setData(Qt.ItemDataRole.EditRole, service["typical_minutes"])
                retired = bool(service.get("retired"))
                state = text_item(self.tr("Retired") if retired else self.tr("Offered"), False)
                state.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                items = ((S_LETTER, letter), (S_NAME_ZH, text_item(service["name_zh"])),
                         (S_NAME_EN, text_item(service["name_en"])), (S_MINUTES, minutes),
                         (S_STATE, state))
                for column, item in items:
                    if retired:
                        item.setForeground(self.palette().placeholderText())
                        item.setToolTip(self.tr("Retired: kept for the market days that had it, not "
                                                "offered for new market days"))
                    self.services.setItem(index, column, item)
        self._fit_services()
        if select is not None:
            row = self.service_row(select)
        if services:
            self.services.setCurrentCell(min(max(row, 0), len(services) - 1), S_NAME_ZH)
        self._show_current()

    def _fit_services(self) -> None:
        """As wide as its columns need (long English names a little shortened), so that the
        fields beside it get the rest of the width."""
        table = self.services
        width = sum(min(content_width(table, column), 210)
                    for column in range(table.columnCount()))
        table.setMinimumWidth(width + table.verticalScrollBar().sizeHint().width()
                              + 2 * table.frameWidth())

    def _show_current(self) -> None:
        code = self.current_code()
        retired = bool(code and edit.service_of(self.draft, code).get("retired"))
        self.remove_service_button.setVisible(not retired)
        self.remove_service_button.setEnabled(bool(code))
        self.offer_again_button.setVisible(retired)
        self.details.show_service(self.draft, code)

    # ------------------------------------------------------------------ service edits

    def _service_edited(self, item: QTableWidgetItem) -> None:
        if self._loading or item.column() not in _SERVICE_KEYS:
            return
        code = self.draft["services"][item.row()]["code"]
        value = item.data(Qt.ItemDataRole.EditRole) if item.column() == S_MINUTES else item.text()
        edit.set_service_value(self.draft, code, _SERVICE_KEYS[item.column()], value)
        if item.column() == S_LETTER:
            with quiet(self):
                item.setText(edit.service_of(self.draft, code)["letter"])
        if item.column() in (S_LETTER, S_NAME_ZH, S_NAME_EN) and code == self.current_code():
            self._show_current()  # the panels' titles name the service
        self._edited()

    def add_service(self) -> str:
        code = edit.add_service(self.draft, service_history(self.db))
        self._fill_services(select=code)
        self._edited()
        self.say(self.tr(
            "New service with ticket letter {letter}: type its Chinese and English names, then "
            "add its outcome fields.").format(letter=edit.service_of(self.draft, code)["letter"]))
        self.services.setFocus()
        self.services.editItem(self.services.item(self.service_row(code), S_NAME_ZH))
        return code

    def remove_service(self) -> None:
        code = self.current_code()
        if not code:
            return
        service = edit.service_of(self.draft, code)
        name = pick(service["name_zh"], service["name_en"])
        history = service_history(self.db)
        if edit.removal_of(code, history) == "retired":
            question = self.tr(
                "“{service}” has been used on market days. It stays in the catalogue for their "
                "records and reports, but new market days no longer offer it. You can offer it "
                "again later. Retire it?").format(service=name)
        else:
            question = self.tr("Remove the service “{service}” with its outcome fields and flag "
                               "rules?").format(service=name)
        if name and not confirm(self, self.tr("Remove service"), question):
            return
        kind = edit.remove_service(self.draft, code, history)
        self._fill_services(select=code if kind == "retired" else None)
        self._edited()
        name = name or service["letter"]
        if kind == "retired":
            self.say(self.tr("“{service}” is retired when you save: kept for the market days "
                             "that had it, not offered for new ones.").format(service=name))
        else:
            self.say(self.tr("“{service}” is removed when you save.").format(service=name))

    def offer_again(self) -> None:
        code = self.current_code()
        if code:
            edit.offer_again(self.draft, code)
            self._fill_services(select=code)
            self._edited()

    def _edited(self) -> None:
        self.error.setVisible(False)
        self.say(self.tr("Not saved yet."))

    def say(self, text: str) -> None:
        self.notice.setText(text)
        self.notice.setVisible(bool(text))
        self.hint.setVisible(not text)

    def _show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.setVisible(True)

    # ------------------------------------------------------------------ edits for code/tests

    def set_service_value(self, code: str, column: int, value: object) -> None:
        item = self.services.item(self.service_row(code), column)
        if column == S_MINUTES:
            item.setData(Qt.ItemDataRole.EditRole, value)
        else:
            item.setText(str(value))

    def set_field_value(self, code: str, key: str, column: int, value: object) -> None:
        self.select_service(code)
        item = self.fields.item(self.field_row(key), column)
        if column == F_REQUIRED:
            item.setCheckState(Qt.CheckState.Checked if value else Qt.CheckState.Unchecked)
        else:
            item.setText(str(value))

    # ------------------------------------------------------------------ saving

    def save(self) -> bool:
        self.error.setVisible(False)
        code = self.current_code()
        try:
            catalogue = catalogue_from_dict(edit.with_english_filled(self.data()))
            save_catalogue(self.db, catalogue)
        except CatalogueError as exc:
            self._show_error(exc.message())
            self.say(self.tr("Not saved: correct the entry named above."))
            return False
        self.draft = copy.deepcopy(current_catalogue(self.db).to_dict())
        self._fill_services(select=code if code in catalogue else None)
        self.say(self.tr(
            "Catalogue saved. It applies to market days opened from now on; a market that is "
            "already open keeps its stalls as they were."))
        self.saved.emit()
        return True

    def restore_default(self, ask: bool = True) -> bool:
        if ask and not confirm(self, self.tr("Restore default catalogue"), self.tr(
                "Replace your edited catalogue with the one that came with the program? Your "
                "changes to services and fields are lost.")):
            return False
        reset_catalogue(self.db)
        self.load()
        self.say(self.tr(
            "The default catalogue is back. It applies to market days opened from now on."))
        self.saved.emit()
        return True
