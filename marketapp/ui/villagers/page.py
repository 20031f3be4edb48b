"""Villagers (村民): search as you type, filter by village and care flags, edit, import."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QModelIndex, Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from marketapp.core.errors import UserError
from marketapp.core.people.listing import VillagerFilter, find_page
from marketapp.core.people.villagers import CARE_FLAG_NAMES, CARE_FLAGS
from marketapp.core.people.villages import list_villages
from marketapp.core.text import gettext
from marketapp.ui.roster.import_dialog import ImportDialog
from marketapp.ui.shell.session import Session
from marketapp.ui.villagers.dialog import VillagerDialog
from marketapp.ui.villagers.model import COL_CARE, COL_NAME, VillagersModel

SEARCH_DELAY_MS = 150


class VillagersPage(QWidget):
    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.db = session.db
        self.model = VillagersModel(self)
        self._offset = 0
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_DELAY_MS)
        self._timer.timeout.connect(self.refresh)

        self.search_edit = QLineEdit()
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.setPlaceholderText(
            self.tr("Search: name, pinyin initials, last digits of ID or phone"))
        self.search_edit.textChanged.connect(lambda _text: self._timer.start())
        # Enter or Down in the search box goes to the first person found, as on 登记.
        self.search_edit.returnPressed.connect(self.to_results)
        self.search_edit.installEventFilter(self)
        self.new_button = QPushButton(self.tr("New villager"))
        self.new_button.clicked.connect(self.new_villager)
        self.import_button = QPushButton(self.tr("Import roster…"))
        self.import_button.clicked.connect(self.import_roster)
        self.village_combo = QComboBox()
        self.village_combo.setMinimumContentsLength(8)
        self.village_combo.currentIndexChanged.connect(lambda _i: self.refresh())
        self.flag_boxes: dict[str, QCheckBox] = {}
        for flag in CARE_FLAGS:
            box = QCheckBox(gettext(CARE_FLAG_NAMES[flag]))
            box.toggled.connect(lambda _on: self.refresh())
            self.flag_boxes[flag] = box

        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        # Two rows chosen (Ctrl+click) can be merged as one person.
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        # activated is a double-click or Enter; doubleClicked as well would open two dialogs.
        self.table.activated.connect(self._edit_index)

        self.count_label = QLabel()
        self.more_button = QPushButton(self.tr("Show more"))
        self.more_button.clicked.connect(self.load_more)
        self.edit_button = QPushButton(self.tr("&Edit…"))
        self.edit_button.clicked.connect(lambda: self._edit_index(self.table.currentIndex()))
        self.history_button = QPushButton(self.tr("Hi&story…"))
        self.history_button.setToolTip(self.tr("This person's visits at every market day, and "
                                               "the record history"))
        self.history_button.clicked.connect(lambda: self.open_history())
        self.merge_button = QPushButton(self.tr("Mer&ge two records…"))
        self.merge_button.setToolTip(self.tr("Two rows that are the same person (select both "
                                             "with Ctrl+click), or one row flagged as a "
                                             "possible duplicate"))
        self.merge_button.clicked.connect(lambda: self.merge_selected())

        top = QHBoxLayout()
        top.addWidget(self.search_edit, 1)
        top.addWidget(self.new_button)
        top.addWidget(self.import_button)
        filters = QHBoxLayout()
        filters.addWidget(QLabel(self.tr("Village:")))
        filters.addWidget(self.village_combo)
        filters.addSpacing(16)
        for box in self.flag_boxes.values():
            filters.addWidget(box)
        filters.addStretch(1)
        bottom = QHBoxLayout()
        bottom.addWidget(self.count_label, 1)
        bottom.addWidget(self.edit_button)
        bottom.addWidget(self.history_button)
        bottom.addWidget(self.merge_button)
        bottom.addWidget(self.more_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        layout.addLayout(bottom)
        self.reload_villages()
        self.refresh()

    def on_shown(self) -> None:
        self.search_edit.setFocus()

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 (Qt's name)
        if (watched is self.search_edit and event.type() == QEvent.Type.KeyPress
                and event.key() == Qt.Key.Key_Down):
            self.to_results()
            return True
        return super().eventFilter(watched, event)

    def to_results(self) -> None:
        """The first person found chosen and the keys in the list (Enter opens her)."""
        if self._timer.isActive():  # typed just now: search first
            self._timer.stop()
            self.refresh()
        if self.model.rowCount():
            self.table.selectRow(0)
            self.table.setFocus()

    def _nobody_chosen(self) -> None:
        QMessageBox.information(self, self.tr("Villagers"), self.tr(
            "Choose a villager in the list first (search, then Down or Enter)."))

    def current_filter(self) -> VillagerFilter:
        flags = tuple(flag for flag, box in self.flag_boxes.items() if box.isChecked())
        return VillagerFilter(self.search_edit.text(), self.village_combo.currentData(), flags)

    def reload_villages(self) -> None:
        current = self.village_combo.currentData()
        self.village_combo.blockSignals(True)
        self.village_combo.clear()
        self.village_combo.addItem(self.tr("All villages"), None)
        for village in list_villages(self.db):
            self.village_combo.addItem(village.name, village.name)
        found = self.village_combo.findData(current)
        self.village_combo.setCurrentIndex(max(found, 0))
        self.village_combo.blockSignals(False)

    def hideEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        # A pending search for a page nobody sees would only touch the database late.
        self._timer.stop()
        super().hideEvent(event)

    def refresh(self) -> None:
        self._timer.stop()
        self._offset = 0
        rows, more = find_page(self.db, self.current_filter())
        self.model.set_rows(rows)
        self._after_load(more)

    def load_more(self) -> None:
        self._offset = self.model.rowCount()
        rows, more = find_page(self.db, self.current_filter(), offset=self._offset)
        self.model.append_rows(rows)
        self._after_load(more)

    def _after_load(self, more: bool) -> None:
        count = self.model.rowCount()
        if count == 0 and self.current_filter().narrows:
            text = self.tr("No villagers found.")
        elif count == 0:
            text = self.tr("No villagers yet: add one, or import a village roster.")
        elif more:
            text = self.tr("Showing the first {n}; there are more.").format(n=count)
        else:
            text = self.tr("{n} villagers").format(n=count)
        self.count_label.setText(text)
        self.more_button.setVisible(more)
        self.edit_button.setEnabled(count > 0)
        self.history_button.setEnabled(count > 0)
        self.merge_button.setEnabled(count > 0)
        self.table.resizeColumnsToContents()
        self.table.setColumnWidth(COL_NAME, max(self.table.columnWidth(COL_NAME), 100))
        self.table.horizontalHeader().setSectionResizeMode(COL_CARE, QHeaderView.ResizeMode.Stretch)

    def select_villager(self, villager_id: str) -> None:
        row = self.model.row_of(villager_id)
        if row is not None:
            self.table.selectRow(row)
            self.table.scrollTo(self.model.index(row, 0))

    def _edit_index(self, index: QModelIndex) -> None:
        if not index.isValid():
            self._nobody_chosen()
            return
        self.open_dialog(self.model.villager(index.row()).id)

    def new_villager(self) -> None:
        self.open_dialog(None)

    def open_dialog(self, villager_id: str | None) -> VillagerDialog:
        dialog = VillagerDialog(self.session, villager_id, self)
        dialog.finished.connect(lambda _result: self._after_dialog(dialog))
        dialog.open()
        return dialog

    def _after_dialog(self, dialog: VillagerDialog) -> None:
        chosen = dialog.saved_villager or dialog.chosen_existing
        if chosen is None:
            return
        self.reload_villages()
        self.refresh()
        if self.model.row_of(chosen.id) is None:
            self.model.set_rows([chosen, *(self.model.villager(i) for i in range(
                self.model.rowCount()))])
        self.select_villager(chosen.id)

    def selected_ids(self) -> list[str]:
        rows = sorted({index.row() for index in self.table.selectionModel().selectedRows()})
        if not rows and self.table.currentIndex().isValid():
            rows = [self.table.currentIndex().row()]
        return [self.model.villager(row).id for row in rows]

    def merge_selected(self):
        """同一人合并: the two selected rows, or one row and the record a flag pairs it with."""
        from marketapp.core.people.same_person import flagged_partners

        chosen = self.selected_ids()
        if len(chosen) == 1:
            chosen += flagged_partners(self.db, chosen[0])[:1]
        if len(chosen) != 2:
            QMessageBox.information(
                self, self.tr("Merge two records"),
                self.tr("Select the two rows that are the same person (Ctrl+click), then "
                        "press Merge."))
            return None
        return self.open_merge(chosen[0], chosen[1])

    def open_merge(self, keep_id: str, other_id: str):
        from marketapp.ui.villagers.merge_dialog import VillagerMergeDialog

        try:
            dialog = VillagerMergeDialog(self.session, keep_id, other_id, self)
        except UserError as exc:
            QMessageBox.warning(self, self.tr("Merge two records"), exc.message())
            return None
        dialog.accepted.connect(lambda: self._after_merge(dialog))
        self.merge_dialog = dialog
        dialog.open()
        return dialog

    def _after_merge(self, dialog) -> None:
        self.refresh()
        if dialog.merged_villager is not None:
            self.select_villager(dialog.merged_villager.id)

    def open_history(self, villager_id: str | None = None):
        from marketapp.core.access.operators import allowed_by_name
        from marketapp.ui.villagers.history import VillagerHistoryDialog

        if villager_id is None:
            chosen = self.selected_ids()
            if not chosen:
                self._nobody_chosen()
                return None
            villager_id = chosen[0]
        can_audit = allowed_by_name(self.db, self.session.operator, "audit_view")
        dialog = VillagerHistoryDialog(self.session, villager_id, self, can_see_audit=can_audit)
        self.history_dialog = dialog
        dialog.open()
        return dialog

    def import_roster(self) -> ImportDialog:
        dialog = ImportDialog(self.session, self)
        dialog.imported.connect(lambda: (self.reload_villages(), self.refresh()))
        dialog.open()
        return dialog
