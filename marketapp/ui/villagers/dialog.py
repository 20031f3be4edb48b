"""Add or edit one villager, with core's validation shown inline next to the field.

The form checks as you type (``villager_problems``: every problem at once): a field's
problem appears once the person has left the field (or typed a whole ID number), and Save
shows them all at once; each goes the moment it is fixed. Every field's error line keeps its
space, so a field never moves under the pointer when an error comes or goes."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QStackedLayout,
    QVBoxLayout,
    QWidget,
)

from marketapp.core import clock
from marketapp.core.errors import UserError
from marketapp.core.people.cleaning import clean, villager_problems
from marketapp.core.people.idnumber import InvalidId, age_on, check_id, normalise_id
from marketapp.core.people.villagers import (
    CARE_FLAG_NAMES,
    CARE_FLAGS,
    InvalidVillager,
    PossibleDuplicate,
    Villager,
    VillagerInput,
    get_villager,
    save_villager,
    update_villager,
)
from marketapp.core.people.villages import list_villages
from marketapp.core.text import gettext
from marketapp.ui.shell.actions import act
from marketapp.ui.shell.session import Change, Session
from marketapp.ui.villagers.duplicates_panel import DuplicatesPanel
from marketapp.ui.widgets import style
from marketapp.ui.widgets.fitting_scroll import FittingScrollArea
from marketapp.ui.widgets.labels import error_label, field_error_label

TEXT_FIELDS = ("name", "id_number", "birth_date", "phone", "address", "notes")
FIELD_ORDER = ("name", "id_number", "birth_date", "gender", "phone", "village", "address",
               "notes")
# The error line under each row, and the fields whose problems it says (gender shares the
# birth date's row: the two the ID number fills). Lines with checks keep their space.
LINES = {"name": ("name",), "id_number": ("id_number",), "birth_date": ("birth_date", "gender"),
         "phone": ("phone",), "village": ("village",), "address": ("address",),
         "notes": ("notes",)}
CHECKED_LINES = {"name": 1, "id_number": 2, "birth_date": 1, "phone": 2}  # lines kept
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
        self.setMinimumWidth(640)  # an ID or phone problem fits its two kept lines

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
        self.flags = {flag: QCheckBox(gettext(CARE_FLAG_NAMES[flag])) for flag in CARE_FLAGS}
        self.errors = {line: field_error_label(CHECKED_LINES[line])
                       if line in CHECKED_LINES else error_label() for line in LINES}
        self.errors["id_number"] = error_label()  # shares its line with the ID's hint
        self.errors["gender"] = self.errors["birth_date"]  # one line for the row
        self.general_error = error_label()
        self._shown: set[str] = set()  # fields whose problems are said (left, or Save pressed)
        self.problems: dict[str, InvalidVillager] = {}
        for key, edit in self.edits.items():
            edit.textChanged.connect(lambda _text, key=key: self.check())
            edit.editingFinished.connect(lambda key=key: self._left(key))
        self.gender.currentIndexChanged.connect(lambda _i: self._left("gender"))
        self.village.currentTextChanged.connect(lambda _t: self.check())

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        rows = (
            ("name", self.tr("Name"), self.edits["name"]),
            ("id_number", self.tr("ID number"), self.edits["id_number"]),
            ("birth_date", self.tr("Birth date"), self._beside(
                self.edits["birth_date"], self.tr("Gender"), self.gender)),
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

    @staticmethod
    def _beside(first: QWidget, label: str, second: QWidget) -> QWidget:
        row = QWidget()
        line = QHBoxLayout(row)
        line.setContentsMargins(0, 0, 0, 0)
        line.addWidget(first, 1)
        line.addSpacing(8)
        line.addWidget(QLabel(label))
        line.addWidget(second)
        return row

    def _with_error(self, widget: QWidget, key: str) -> QWidget:
        box = QWidget()
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(1)
        column.addWidget(widget)
        if key == "id_number":
            # What the ID says, or what is wrong with it: one line, the same line.
            line = QWidget()
            self.id_line = QStackedLayout(line)
            self.id_line.addWidget(self.id_hint)
            self.id_line.addWidget(self.errors[key])
            line.setMinimumHeight(self.errors[key].fontMetrics().lineSpacing()
                                  * CHECKED_LINES[key])
            self.errors[key].setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
            self.id_hint.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
            column.addWidget(line)
        else:
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
        self.id_hint.clear()
        if len(normalise_id(text)) < 18:
            return
        self._shown.add("id_number")
        try:
            info = check_id(text)
        except InvalidId:
            return  # check() says why, under the field
        self.edits["birth_date"].setText(info.birth_date.isoformat())
        self.gender.setCurrentIndex(self.gender.findData(info.gender))
        age = self.tr("{n} years").format(n=age_on(info.birth_date, clock.today()))
        self.id_hint.setText(f"{info.region} · {info.birth_date.isoformat()} · {age} · "
                             f"{self.gender.currentText()}")

    def _left(self, key: str) -> None:
        """The person moved on from a field they typed in: its problem may be said now."""
        widget = self.edits.get(key)
        if widget is None or widget.isModified() or widget.text().strip():
            self._shown.add(key)
        self.check()

    def check(self) -> dict[str, InvalidVillager]:
        """Core's verdict on everything typed; each said problem shown under its field, each
        fixed one gone. Returns every problem, said or not yet."""
        self.problems = villager_problems(self.current_input(), clock.today())
        for line, fields in LINES.items():
            said = [self.problems[f].message() for f in fields
                    if f in self.problems and f in self._shown]
            self._say(line, " ".join(said))
        return self.problems

    def _say(self, key: str, text: str) -> None:
        label = self.errors[key]
        label.setText(text)
        if key == "id_number":
            self.id_line.setCurrentWidget(label if text else self.id_hint)
        else:
            label.setVisible(bool(text))  # a checked line keeps its space (FieldErrorLabel)

    def clear_errors(self) -> None:
        for line in LINES:
            self._say(line, "")
        self.general_error.clear()
        self.general_error.setVisible(False)

    def show_field_error(self, field_name: str | None, text: str) -> None:
        """A refusal of the save itself (an ID number taken by someone else…)."""
        line = next((key for key, fields in LINES.items() if field_name in fields), None)
        if line is not None:
            self._say(line, text)
        else:
            self.general_error.setText(text)
            self.general_error.setVisible(True)
        self.fit_to_screen()
        self._focus(field_name)

    def _focus(self, field_name: str | None) -> None:
        focus = self.edits.get(field_name or "") or {"gender": self.gender,
                                                      "village": self.village}.get(field_name or "")
        if focus is not None:
            focus.setFocus()

    def _save(self, on_duplicate: str) -> None:
        self.general_error.setVisible(False)
        self._shown.update(FIELD_ORDER)  # Save: every problem at once
        problems = self.check()
        if problems:
            self._focus(next(key for key in FIELD_ORDER if key in problems))
            self.fit_to_screen()
            return
        typed = self.current_input()

        def save(s: Session) -> tuple[Villager, str]:
            data = clean(typed)
            if self.villager_id:
                return update_villager(s.db, self.villager_id, data, operator=s.operator), "updated"
            result = save_villager(s.db, data, on_duplicate=on_duplicate,
                                   operator=s.operator)
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
        the screen has (shrink to it when taller); what does not fit scrolls."""
        self.layout().activate()
        self.scroll.widget().layout().activate()
        self.scroll.keep_minimum()
        wanted = self.height() - self.scroll.height() + self.scroll.needed_height()
        screen = self.screen().availableGeometry()
        frame = self.frameGeometry().height() - self.height() if self.isVisible() else 0
        room = screen.height() - max(frame, WINDOW_FRAME_HEIGHT)
        height = min(wanted, room)
        if height > self.height() or self.height() > room:
            self.resize(self.width(), height)
            if self.isVisible() and self.frameGeometry().bottom() > screen.bottom():
                self.move(self.x(), max(screen.top(), screen.bottom() - self.frameGeometry().height()))

    def showEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        super().showEvent(event)
        self.fit_to_screen()  # a short screen: the form scrolls from the start

    def _use_existing(self, villager: Villager) -> None:
        self.chosen_existing = villager
        self.accept()

    def keyPressEvent(self, event) -> None:  # noqa: N802
        # Enter in a field saves (the default button); Esc cancels. Nothing else special.
        if event.key() == Qt.Key.Key_Escape and self.duplicates.isVisible():
            self.duplicates.setVisible(False)
            return
        super().keyPressEvent(event)
