"""Shown before saving a new villager who may already be registered: same person or not?"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from marketapp.core import clock
from marketapp.core.people.masking import mask_id, mask_phone
from marketapp.core.people.villagers import Villager
from marketapp.ui.widgets import style


class DuplicatesPanel(QFrame):
    same_person = Signal(object)  # the existing Villager
    different_person = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setStyleSheet(f"DuplicatesPanel {{ background: {style.QUESTION_BACKGROUND}; }}")
        self._candidates: list[Villager] = []
        heading = QLabel(self.tr("This may be someone already registered. Is it the same person?"))
        heading.setWordWrap(True)
        self.list = QListWidget()
        self.list.setMaximumHeight(120)
        # The reason goes on its own line and long lines wrap: nothing scrolls sideways.
        self.list.setWordWrap(True)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.same_button = QPushButton(self.tr("Same person: use this record"))
        self.same_button.clicked.connect(self._choose_same)
        self.different_button = QPushButton(self.tr("Different person: save as new"))
        self.different_button.clicked.connect(self.different_person)
        buttons = QHBoxLayout()
        buttons.addWidget(self.same_button)
        buttons.addWidget(self.different_button)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(self.list)
        layout.addLayout(buttons)
        self.setVisible(False)

    def show_candidates(self, candidates: list[tuple[Villager, str]]) -> None:
        self._candidates = [villager for villager, _why in candidates]
        self.list.clear()
        for villager, why in candidates:
            self.list.addItem(QListWidgetItem(self.describe(villager, why)))
        self.list.setCurrentRow(0)
        self.setVisible(True)
        self.same_button.setFocus()

    def describe(self, v: Villager, why: str) -> str:
        age = v.age_on(clock.today())
        parts = [v.name, v.village or "-",
                 self.tr("{n} years").format(n=age) if age is not None else "",
                 mask_id(v.id_number) if v.id_number else "",
                 mask_phone(v.phone) if v.phone else ""]
        reason = {
            "phone": self.tr("same phone"),
            "name_village_year": self.tr("same name, village and birth year"),
        }.get(why, why)
        return "  ".join(p for p in parts if p) + f"\n({reason})"

    def _choose_same(self) -> None:
        row = self.list.currentRow()
        if 0 <= row < len(self._candidates):
            self.same_person.emit(self._candidates[row])
