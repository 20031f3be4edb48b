"""The right-hand side of the catalogue editor: the chosen service's title and category,
whether what it records is sensitive (health readings: shown only at its own stall, on the
desk and on the stall's phone), and its outcome fields and flag rules in two tabs."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)
from sqlite_utils import Database

from marketapp.core.catalogue import edit
from marketapp.ui.settings.catalogue_fields import FieldsPanel
from marketapp.ui.settings.catalogue_flags import FlagsPanel
from marketapp.ui.settings.catalogue_table import pick, quiet


class ServiceDetails(QWidget):
    changed = Signal()
    refused = Signal(str)

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.draft: dict[str, Any] = {"services": []}
        self.code = ""
        self._loading = False
        self.title = QLabel()
        font = self.title.font()
        font.setPointSize(font.pointSize() + 2)
        font.setBold(True)
        self.title.setFont(font)
        self.category = QComboBox()
        self.category.setToolTip(self.tr(
            "Health: the readings recorded at this stall are health data, and the retention "
            "rule clears them with the person's details"))
        self.category.currentIndexChanged.connect(self._category_changed)
        category_label = QLabel(self.tr("Category"))
        category_label.setBuddy(self.category)
        self.sensitive = QCheckBox(self.tr("Holds sensitive information such as health: "
                                           "readings shown only at this stall"))
        self.sensitive.setToolTip(self.tr(
            "A villager's earlier readings of this service are shown only at its own stall "
            "(the stall desk and the stall's phone), never at another stall. Health services "
            "are sensitive unless unticked here."))
        self.sensitive.toggled.connect(self._sensitive_changed)
        self.field_panel = FieldsPanel(db)
        self.flag_panel = FlagsPanel()
        self.field_panel.changed.connect(self._fields_changed)
        self.flag_panel.changed.connect(self.changed)
        self.flag_panel.refused.connect(self.refused)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.field_panel, self.tr("Outcome fields"))
        self.tabs.addTab(self.flag_panel, self.tr("Flag rules"))
        header = QHBoxLayout()
        header.addWidget(self.title, 1)
        header.addWidget(category_label)
        header.addWidget(self.category)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(header)
        layout.addWidget(self.sensitive)
        layout.addWidget(self.tabs, 1)

    def show_service(self, draft: dict[str, Any], code: str) -> None:
        self.draft, self.code = draft, code
        service = edit.service_of(draft, code) if code else None
        with quiet(self):
            self.category.clear()
            for category in draft.get("categories", []):
                self.category.addItem(pick(category["name_zh"], category["name_en"]),
                                      category["code"])
            if service is not None:
                index = self.category.findData(service["category"])
                if index < 0:  # a category the list does not know (an edited file): keep it
                    self.category.addItem(service["category"], service["category"])
                    index = self.category.count() - 1
                self.category.setCurrentIndex(index)
        self.category.setEnabled(service is not None)
        self._show_sensitive()
        if service is None:
            self.title.clear()
        else:
            name = pick(service["name_zh"], service["name_en"]) or self.tr("(new service)")
            retired = "  " + self.tr("(retired)") if service.get("retired") else ""
            self.title.setText(f"{service['letter']}  {name}{retired}")
        self.field_panel.show_service(draft, code)
        self.flag_panel.show_service(draft, code)

    def _category_changed(self) -> None:
        if not self._loading and self.code:
            edit.set_service_value(self.draft, self.code, "category",
                                   self.category.currentData())
            self._show_sensitive()  # a service that follows its category follows it here
            self.changed.emit()

    def _show_sensitive(self) -> None:
        with quiet(self):
            has = bool(self.code) and any(s["code"] == self.code for s in self.draft["services"])
            self.sensitive.setEnabled(has)
            self.sensitive.setChecked(has and edit.service_sensitive(self.draft, self.code))

    def _sensitive_changed(self, on: bool) -> None:
        if not self._loading and self.code:
            edit.set_service_sensitive(self.draft, self.code, on)
            self.changed.emit()

    def _fields_changed(self) -> None:
        # the flag rules name fields and options: show them as they are now
        self.flag_panel.show_service(self.draft, self.code)
        self.changed.emit()
