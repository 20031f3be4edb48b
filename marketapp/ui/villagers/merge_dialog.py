"""同一人合并: two villager records side by side; per field choose which value to keep; the
merge is one core call (``core.people.same_person.merge_villagers``) in one transaction."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from marketapp.core.people.same_person import (
    MERGE_FIELDS,
    VillagerMergeError,
    check_mergeable,
    default_choices,
    merge_villagers,
)
from marketapp.core.people.villagers import CARE_FLAG_NAMES, CARE_FLAGS, Villager, get_villager
from marketapp.core.text import gettext
from marketapp.ui.shell.actions import act
from marketapp.ui.shell.session import Change, Session
from marketapp.ui.widgets.labels import error_label


class VillagerMergeDialog(QDialog):
    """``merged_villager`` is set after a merge."""

    def __init__(self, session: Session, keep_id: str, other_id: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.db = session.db
        self.merged_villager: Villager | None = None
        self.groups: dict[str, QButtonGroup] = {}
        self.setWindowTitle(self.tr("Merge two records of the same person"))
        self.setMinimumWidth(640)
        self.grid_host = QWidget()
        self.grid = QGridLayout(self.grid_host)
        self.error = error_label()
        self.swap_button = QPushButton(self.tr("Keep the other record"))
        self.swap_button.setToolTip(self.tr("Swap which record stays (its id, tickets and "
                                            "history stay under it)"))
        self.swap_button.clicked.connect(self.swap)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.merge_button = self.buttons.addButton(self.tr("Merge"),
                                                   QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.accepted.connect(self.merge)
        self.buttons.rejected.connect(self.reject)
        note = QLabel(self.tr("Choose the value to keep in each row. All tickets, visits, "
                              "requests and history of the other record move to the kept "
                              "one, and the other record is deleted."))
        note.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addWidget(self.grid_host)
        layout.addWidget(self.error)
        layout.addWidget(self.swap_button)
        layout.addWidget(self.buttons)
        self.load(keep_id, other_id)

    def field_names(self) -> dict[str, str]:
        names = {
            "name": self.tr("Name"), "gender": self.tr("Gender"),
            "birth_date": self.tr("Birth date"), "id_number": self.tr("ID number"),
            "phone": self.tr("Phone"), "village": self.tr("Village"),
            "address": self.tr("Group / address"), "notes": self.tr("Notes"),
        }
        names.update({flag: gettext(CARE_FLAG_NAMES[flag]) for flag in CARE_FLAGS})
        return names

    def _text(self, field: str, value: object) -> str:
        if field in CARE_FLAGS:
            return self.tr("yes") if value else self.tr("no")
        if field == "gender":
            return {"M": self.tr("male"), "F": self.tr("female")}.get(str(value), "")
        return "" if value in (None, "") else str(value)

    def load(self, keep_id: str, other_id: str) -> None:
        self.keep, self.other = get_villager(self.db, keep_id), get_villager(self.db, other_id)
        while self.grid.count():
            item = self.grid.takeAt(0)
            if item.widget() is not None:
                item.widget().deleteLater()
        self.groups.clear()
        self.grid.addWidget(QLabel(self.tr("Kept record")), 0, 1)
        self.grid.addWidget(QLabel(self.tr("Record merged into it")), 0, 2)
        defaults = default_choices(self.keep, self.other)
        for row, field in enumerate(MERGE_FIELDS, start=1):
            self.grid.addWidget(QLabel(self.field_names()[field]), row, 0)
            group = QButtonGroup(self)
            for column, (which, person) in enumerate((("keep", self.keep),
                                                       ("other", self.other)), start=1):
                button = QRadioButton(self._text(field, getattr(person, field)) or "—")
                button.setProperty("choice", which)
                button.setChecked(defaults[field] == which)
                group.addButton(button)
                self.grid.addWidget(button, row, column)
            self.groups[field] = group
        try:
            check_mergeable(self.keep, self.other)
        except VillagerMergeError as exc:
            self.show_error(exc.message())
            self.merge_button.setEnabled(False)
        else:
            self.show_error("")
            self.merge_button.setEnabled(True)

    def show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.setVisible(bool(text))

    def swap(self) -> None:
        self.load(self.other.id, self.keep.id)

    def choices(self) -> dict[str, str]:
        return {field: group.checkedButton().property("choice")
                for field, group in self.groups.items() if group.checkedButton() is not None}

    def choose(self, field: str, which: str) -> None:
        for button in self.groups[field].buttons():
            button.setChecked(button.property("choice") == which)

    def merge(self) -> Villager | None:
        keep_id, other_id, choices = self.keep.id, self.other.id, self.choices()
        ok, merged = act(self.session, lambda s: merge_villagers(
            s.db, keep_id, other_id, choices, operator=s.operator), Change.VILLAGERS,
            refused=lambda exc: self.show_error(exc.message()))
        if not ok:
            return None
        self.merged_villager = merged
        self.accept()
        return self.merged_villager
