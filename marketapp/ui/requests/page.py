"""Requests (诉求): the list with filters (status, overdue, unit, village), and the chosen
request's history and actions (start, resolve, refer, reopen, follow-up).

The list refreshes when the queue changes (a stall may have raised a request) and whenever
the page is shown; the chosen request stays chosen.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from marketapp.core.requests import records as core
from marketapp.core.requests.listing import (
    ACTIVE,
    ALL,
    RequestFilter,
    filter_choices,
    shown_requests,
)
from marketapp.core.text import current_language, gettext
from marketapp.ui.requests.detail import RequestDetail
from marketapp.ui.requests.model import (
    COL_CATEGORY,
    COL_DUE,
    COL_RAISED,
    COL_STATUS,
    COL_TEXT,
    COL_VILLAGER,
    RequestsModel,
)
from marketapp.ui.shell.session import Session

REFRESH_DELAY_MS = 200


class RequestsPage(QWidget):
    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.db = session.db
        self.model = RequestsModel(self)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(REFRESH_DELAY_MS)
        self._timer.timeout.connect(self.refresh)
        session.events.queue_changed.connect(self._timer.start)

        lang = current_language()
        self.status_combo = QComboBox()
        self.status_combo.addItem(self.tr("Open and in progress"), ACTIVE)
        for code, name in core.STATUSES.items():
            self.status_combo.addItem(gettext(name, lang), code)
        self.status_combo.addItem(self.tr("All"), ALL)
        self.overdue_check = QCheckBox(self.tr("Overdue only"))
        self.unit_combo = QComboBox()
        self.unit_combo.setMinimumContentsLength(10)
        self.village_combo = QComboBox()
        self.village_combo.setMinimumContentsLength(8)
        for combo in (self.status_combo, self.unit_combo, self.village_combo):
            combo.currentIndexChanged.connect(lambda _i: self.refresh())
        self.overdue_check.toggled.connect(lambda _on: self.refresh())

        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.selectionModel().currentRowChanged.connect(self._current_changed)

        self.detail = RequestDetail(self.db, session.operator)
        self.detail.changed.connect(self._after_change)
        self.count_label = QLabel()

        filters = QHBoxLayout()
        filters.addWidget(QLabel(self.tr("Status:")))
        filters.addWidget(self.status_combo)
        filters.addWidget(self.overdue_check)
        filters.addSpacing(12)
        filters.addWidget(QLabel(self.tr("Unit:")))
        filters.addWidget(self.unit_combo)
        filters.addSpacing(12)
        filters.addWidget(QLabel(self.tr("Village:")))
        filters.addWidget(self.village_combo)
        filters.addStretch(1)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.table, 1)
        left_layout.addWidget(self.count_label)
        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(self.detail)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setChildrenCollapsible(False)
        splitter.setSizes([800, 400])
        self.splitter = splitter
        layout = QVBoxLayout(self)
        title = QLabel(self.tr("Requests"))
        font = title.font()
        font.setPointSize(font.pointSize() + 6)
        font.setBold(True)
        title.setFont(font)
        layout.addWidget(title)
        layout.addLayout(filters)
        layout.addWidget(splitter, 1)
        self.reload_choices()
        self.refresh()

    def on_shown(self) -> None:
        operator = self.session.operator
        if operator:
            self.detail.operator.setText(operator)
            self.detail.operator.setReadOnly(True)
        self.reload_choices()
        self.refresh()

    # ------------------------------------------------------------------ filters

    def reload_choices(self) -> None:
        choices = filter_choices(self.db)
        self._refill(self.unit_combo, self.tr("All units"), choices.units)
        self._refill(self.village_combo, self.tr("All villages"), choices.villages)

    @staticmethod
    def _refill(combo: QComboBox, everything: str, values: list[str]) -> None:
        current = combo.currentData()
        combo.blockSignals(True)
        combo.clear()
        combo.addItem(everything, None)
        for value in values:
            combo.addItem(value, value)
        combo.setCurrentIndex(max(combo.findData(current), 0) if current else 0)
        combo.blockSignals(False)

    def set_status_filter(self, value: str) -> None:
        self.status_combo.setCurrentIndex(self.status_combo.findData(value))

    def set_unit_filter(self, unit: str | None) -> None:
        self.unit_combo.setCurrentIndex(max(self.unit_combo.findData(unit), 0))

    def set_village_filter(self, village: str | None) -> None:
        self.village_combo.setCurrentIndex(max(self.village_combo.findData(village), 0))

    def query(self) -> list[core.Request]:
        overdue = self.model.today() if self.overdue_check.isChecked() else None
        return shown_requests(self.db, RequestFilter(
            self.status_combo.currentData(), overdue, self.unit_combo.currentData(),
            self.village_combo.currentData()))

    # ------------------------------------------------------------------ list

    def refresh(self) -> None:
        self._timer.stop()
        chosen = self.detail.request.id if self.detail.request else None
        rows = self.query()
        self.model.set_rows(rows)
        self._count()
        self._size_columns()
        row = self.model.row_of(chosen) if chosen else None
        if row is not None:
            self.table.selectRow(row)
        elif rows:
            self.table.selectRow(0)
        else:
            self.detail.show_request(None)

    def _count(self) -> None:
        n = self.model.rowCount()
        overdue = sum(1 for i in range(n) if self.model.is_overdue(i))
        text = self.tr("{n} requests").format(n=n)
        if overdue:
            text += " · " + self.tr("{n} overdue").format(n=overdue)
        if not n:
            text = self.tr("No requests match these filters.")
        self.count_label.setText(text)

    def _size_columns(self) -> None:
        self.table.resizeColumnsToContents()
        widths = {COL_RAISED: 96, COL_VILLAGER: 70, COL_CATEGORY: 90, COL_DUE: 96,
                  COL_STATUS: 80}
        for column, least in widths.items():
            self.table.setColumnWidth(column, max(self.table.columnWidth(column), least))
        for column in range(self.model.columnCount()):
            if column != COL_TEXT:
                self.table.setColumnWidth(column, min(self.table.columnWidth(column), 170))
        # the request text takes what is left (its full text is the tooltip and the panel)
        self.table.horizontalHeader().setSectionResizeMode(COL_TEXT, QHeaderView.ResizeMode.Stretch)

    def select_request(self, request_id: str) -> bool:
        row = self.model.row_of(request_id)
        if row is None:
            return False
        self.table.selectRow(row)
        self.table.scrollTo(self.model.index(row, 0))
        return True

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if not current.isValid():
            return
        request_id = self.model.request(current.row()).id
        if self.detail.request is None or self.detail.request.id != request_id:
            self.detail.show_request(request_id)

    def _after_change(self, request_id: str) -> None:
        """A change may move the request out of the filter: keep showing it in the detail."""
        notice = self.detail.notice.text()
        self.reload_choices()
        rows = self.query()
        self.model.set_rows(rows)
        self._count()
        self._size_columns()
        self.detail.show_request(request_id)
        row = self.model.row_of(request_id)
        if row is not None:
            self.table.selectRow(row)
        self.detail.notice.setText(notice)
