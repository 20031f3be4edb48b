"""Add or edit one villager, with core's validation shown inline next to the field."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from marketapp.core import clock
from marketapp.core.errors import UserError, current_language
from marketapp.core.people.idnumber import InvalidId, age_on, check_id, normalise_id
from marketapp.core.people.villagers import (
    CARE_FLAG_NAMES,
    CARE_FLAGS,
    InvalidVillager,
    PossibleDuplicate,
    Villager,
    VillagerInput,
    clean,
    get_villager,
    save_villager,
    update_villager,
)
from marketapp.core.people.villages import list_villages
from marketapp.ui.shell.actions import act
from marketapp.ui.shell.session import Change, Session
from marketapp.ui.villagers.duplicates_panel import DuplicatesPanel
from marketapp.ui.widgets import style
from marketapp.ui.widgets.fitting_scroll import FittingScrollArea
from marketapp.ui.widgets.labels import error_label

TEXT_FIELDS = ("name", "id_number", "birth_date", "phone", "address", "notes")
#: What a window's title bar and frame take from the screen's height (Windows 10/11).
WINDOW_FRAME_HEIGHT = 32


class VillagerDialog(QDialog):
    """``saved_villager`` is set after a save; ``chosen_existing`` when the user said the new
    entry is a person already registered."""

    def __init__(self, session: Session, villager_id: str | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.db = session.db
        self.villager_id = villager_id
        self.saved_villager: Villager | None = None
        self.chosen_existing: Villager | None = None
        self.save_status = ""
        self.setWindowTitle(self.tr("Edit villager") if villager_id else self.tr("New villager"))
        self.setMinimumWidth(520)

        self.edits = {name: QLineEdit() for name in TEXT_FIELDS}
        self.edits["id_number"].setMaxLength(24)
        self.edits["id_number"].textChanged.connect(self._id_typed)
        self.edits["birth_date"].setPlaceholderText("1950-03-08")
        self.gender = QComboBox()
        for text, value in (("", ""), (self.tr("Male"), "M"), (self.tr("Female"), "F")):
            self.gender.addItem(text, value)
        self.village = QComboBox()
        self.village.setEditable(True)
        self.village.addItem("")
        self.village.addItems([v.name for v in list_villages(self.db)])
        self.id_hint = QLabel()
        self.id_hint.setStyleSheet(style.text(style.HINT))
        pick = 0 if current_language() == "zh" else 1
        self.flags = {flag: QCheckBox(CARE_FLAG_NAMES[flag][pick]) for flag in CARE_FLAGS}
        self.errors = {name: error_label() for name in (*TEXT_FIELDS, "gender", "village")}
        self.general_error = error_label()

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        rows = (
            ("name", self.tr("Name"), self.edits["name"]),
            ("id_number", self.tr("ID number"), self.edits["id_number"]),
            ("birth_date", self.tr("Birth date"), self.edits["birth_date"]),
            ("gender", self.tr("Gender"), self.gender),
            ("phone", self.tr("Phone"), self.edits["phone"]),
            ("village", self.tr("Village"), self.village),
            ("address", self.tr("Group / address"), self.edits["address"]),
            ("notes", self.tr("Notes"), self.edits["notes"]),
        )
        for key, label, widget in rows:
            form.addRow(label, self._with_error(widget, key))
        flags_box = QGridLayout()
        for i, box in enumerate(self.flags.values()):
            flags_box.addWidget(box, i // 2, i % 2)
        form.addRow(self.tr("Care"), flags_box)

        self.duplicates = DuplicatesPanel()
        self.duplicates.same_person.connect(self._use_existing)
        self.duplicates.different_person.connect(lambda: self._save(on_duplicate="ignore"))
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setText(self.tr("Save"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancel"))
        self.buttons.accepted.connect(lambda: self._save(on_duplicate="raise"))
        self.buttons.rejected.connect(self.reject)
        # The fields, errors and the duplicates question scroll together when the screen is
        # too short: squeezing them instead made the ID field 14 px high.
        body = QWidget()
        column = QVBoxLayout(body)
        column.setContentsMargins(0, 0, 0, 0)
        column.addLayout(form)
        column.addWidget(self.general_error)
        column.addWidget(self.duplicates)
        self.scroll = FittingScrollArea(body, min_height=120)
        layout = QVBoxLayout(self)
        layout.addWidget(self.scroll, 1)
        layout.addWidget(self.buttons)
        if villager_id:
            self._load(get_villager(self.db, villager_id))
        else:
            # Most people at a market live in the village that hosts it.
            market = session.market()
            if market is not None:
                self.village.setCurrentText(market.village)

    def _with_error(self, widget: QWidget, key: str) -> QWidget:
        box = QWidget()
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(1)
        column.addWidget(widget)
        if key == "id_number":
            column.addWidget(self.id_hint)
        column.addWidget(self.errors[key])
        return box

    def _load(self, v: Villager) -> None:
        values = {"name": v.name, "id_number": v.id_number, "birth_date": v.birth_date,
                  "phone": v.phone, "address": v.address, "notes": v.notes}
        for key, value in values.items():
            self.edits[key].setText(value or "")
        self.gender.setCurrentIndex(max(self.gender.findData(v.gender or ""), 0))
        self.village.setCurrentText(v.village or "")
        for flag, box in self.flags.items():
            box.setChecked(bool(getattr(v, flag)))

    def current_input(self) -> VillagerInput:
        return VillagerInput(
            **{key: edit.text() for key, edit in self.edits.items()},
            gender=self.gender.currentData() or "",
            village=self.village.currentText(),
            **{flag: box.isChecked() for flag, box in self.flags.items()},
        )

    def _id_typed(self, text: str) -> None:
        """A complete, valid ID fills birth date and gender and says the age; a wrong one
        says why at once."""
        self.errors["id_number"].setVisible(False)
        self.id_hint.clear()
        if len(normalise_id(text)) < 18:
            return
        try:
            info = check_id(text)
        except InvalidId as exc:
            self.show_field_error("id_number", exc.message())
            return
        self.edits["birth_date"].setText(info.birth_date.isoformat())
        self.gender.setCurrentIndex(self.gender.findData(info.gender))
        age = self.tr("{n} years").format(n=age_on(info.birth_date, clock.today()))
        self.id_hint.setText(f"{info.region} · {info.birth_date.isoformat()} · {age} · "
                             f"{self.gender.currentText()}")

    def clear_errors(self) -> None:
        for label in (*self.errors.values(), self.general_error):
            label.clear()
            label.setVisible(False)

    def show_field_error(self, field_name: str | None, text: str) -> None:
        label = self.errors.get(field_name or "", self.general_error)
        label.setText(text)
        label.setVisible(True)
        self.fit_to_screen()
        focus = self.edits.get(field_name or "") or {"gender": self.gender,
                                                      "village": self.village}.get(field_name or "")
        if focus is not None:
            focus.setFocus()

    def _save(self, on_duplicate: str) -> None:
        self.clear_errors()
        typed = self.current_input()

        def save(s: Session) -> tuple[Villager, str]:
            data = clean(typed)
            if self.villager_id:
                return update_villager(s.db, self.villager_id, data), "updated"
            result = save_villager(s.db, data, on_duplicate=on_duplicate)
            return result.villager, result.status

        ok, saved = act(self.session, save, Change.VILLAGERS, refused=self._not_saved)
        if ok and saved is not None:
            self.saved_villager, self.save_status = saved
            self.accept()

    def _not_saved(self, exc: UserError) -> None:
        if isinstance(exc, InvalidVillager):
            self.show_field_error(exc.field_name, exc.message())
        elif isinstance(exc, PossibleDuplicate):
            self.duplicates.show_candidates(exc.candidates)
            self.fit_to_screen()
            self.scroll.ensureWidgetVisible(self.duplicates)
        else:
            raise exc  # not a refusal this form can show: the excepthook's box, as before

    def fit_to_screen(self) -> None:
        """Grow to show everything (the duplicates question, error lines), within the height
        the screen has; what does not fit scrolls."""
        self.layout().activate()
        self.scroll.widget().layout().activate()
        wanted = self.height() - self.scroll.height() + self.scroll.needed_height()
        screen = self.screen().availableGeometry()
        frame = self.frameGeometry().height() - self.height() if self.isVisible() else 0
        room = screen.height() - max(frame, WINDOW_FRAME_HEIGHT)
        height = min(wanted, room)
        if height > self.height():
            self.resize(self.width(), height)
            if self.isVisible() and self.frameGeometry().bottom() > screen.bottom():
                self.move(self.x(), max(screen.top(), screen.bottom() - self.frameGeometry().height()))

    def _use_existing(self, villager: Villager) -> None:
        self.chosen_existing = villager
        self.accept()

    def keyPressEvent(self, event) -> None:  # noqa: N802
        # Enter in a field saves (the default button); Esc cancels. Nothing else special.
        if event.key() == Qt.Key.Key_Escape and self.duplicates.isVisible():
            self.duplicates.setVisible(False)
            return
        super().keyPressEvent(event)
