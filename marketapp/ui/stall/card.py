"""The called villager's card at the stall desk: who she is, her care flags, what this stall's
service did for her before (the caller passes ``stall_view.visible_history``), and at a
stall whose service is sensitive (health) her readings and blood-pressure trend — the rule of
``core.screens.stall_view``, as on the stall phone. Staff screen: full name."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QListWidget, QVBoxLayout, QWidget

from marketapp.core.catalogue.model import Service
from marketapp.core.people.villagers import CARE_FLAG_NAMES, Villager
from marketapp.core.queue.rules import STATE_NAMES
from marketapp.core.queue.tickets import Ticket
from marketapp.core.queue.visits import HistoryEntry, readings
from marketapp.core.screens.stall_view import reading_summary
from marketapp.core.text import current_language, gettext, name_in
from marketapp.ui.stall.bp_chart import BloodPressureChart
from marketapp.ui.widgets import style

HISTORY_ROWS = 12


def has_blood_pressure(service: Service | None) -> bool:
    return bool(service and service.field("systolic") and service.field("diastolic"))


class VillagerCard(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ticket_label = QLabel()
        font = self.ticket_label.font()
        font.setPointSize(font.pointSize() + 14)
        font.setBold(True)
        self.ticket_label.setFont(font)
        self.name_label = QLabel()
        name_font = self.name_label.font()
        name_font.setPointSize(name_font.pointSize() + 6)
        name_font.setBold(True)
        self.name_label.setFont(name_font)
        self.details_label = QLabel()
        self.details_label.setWordWrap(True)
        self.flags_label = QLabel()
        self.flags_label.setWordWrap(True)
        self.flags_label.setStyleSheet(style.text(style.CARD_FLAGS, bold=True))
        self.history_title = QLabel(self.tr("Earlier visits here"))
        self.history_list = QListWidget()
        self.history_list.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.chart = BloodPressureChart()
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.ticket_label)
        column.addWidget(self.name_label)
        column.addWidget(self.details_label)
        column.addWidget(self.flags_label)
        column.addWidget(self.history_title)
        column.addWidget(self.history_list, 1)
        column.addWidget(self.chart, 1)
        self.show_nobody()

    def show_nobody(self, text: str | None = None) -> None:
        self.ticket_label.setText("—")
        self.name_label.setText(text if text is not None else self.tr("Nobody called yet"))
        for label in (self.details_label, self.flags_label):
            label.clear()
        self.history_list.clear()
        self.history_title.setVisible(False)
        self.history_list.setVisible(False)
        self.chart.setVisible(False)

    def show_ticket(self, ticket: Ticket, villager: Villager, history: list[HistoryEntry],
                    service: Service | None, stall_code: str, on: date) -> None:
        status = name_in(STATE_NAMES, ticket.status)
        self.ticket_label.setText(f"{ticket.label}  ·  {status}")
        self.name_label.setText(villager.name)
        parts = []
        age = villager.age_on(on)
        if age is not None:
            parts.append(self.tr("{age} years").format(age=age))
        gender = {"M": self.tr("Male"), "F": self.tr("Female")}.get(villager.gender or "")
        if gender:
            parts.append(gender)
        if villager.village:
            parts.append(villager.village)
        if ticket.priority == "urgent":
            parts.append(self.tr("urgent ticket"))
        elif ticket.priority != "normal":
            parts.append(self.tr("priority ticket"))
        self.details_label.setText(" · ".join(parts))
        pick = 0 if current_language() == "zh" else 1
        self.flags_label.setText("、".join(gettext(CARE_FLAG_NAMES[f])
                                          for f in villager.care_flags()))
        self.history_title.setVisible(True)
        self.history_list.setVisible(True)
        self.history_list.clear()
        if not history:
            self.history_list.addItem(self.tr("First visit to this service"))
        sensitive = bool(service and service.is_sensitive)
        for entry in reversed(history[-HISTORY_ROWS:]):
            service_name = entry.service_zh if pick == 0 else entry.service_en
            line = f"{entry.date}  {service_name}"
            summary = reading_summary(entry) if sensitive else ""
            if summary:
                line += "：" + summary if pick == 0 else ": " + summary
            self.history_list.addItem(line)
        show_chart = sensitive and has_blood_pressure(service)
        self.chart.setVisible(show_chart)
        if show_chart:
            self.chart.set_readings(readings(history, "systolic"), readings(history, "diastolic"))
