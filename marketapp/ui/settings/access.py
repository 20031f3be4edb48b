"""Settings → sign-in and data: sign-in on/off (refused until an administrator exists, with a
small form to add operators), the idle lock, retention of personal data, and the second
backup folder (a USB stick)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)
from sqlite_utils import Database

from marketapp.core.access import operators as ops
from marketapp.core.errors import UserError
from marketapp.core.settings import get_setting
from marketapp.core.text import current_language
from marketapp.store.backup.mirror import MIRROR_SETTING
from marketapp.ui.widgets.labels import error_label, field_error_label


class SignInBox(QGroupBox):
    """Sign-in applies at once (it is one core call that may be refused); the lock minutes
    are saved with the page's Save button."""

    def __init__(self, db: Database, by: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Sign-in and operators"))
        self.db = db
        self.by = by
        lang = current_language()
        self.signin = QCheckBox(self.tr("Ask for name and PIN when the program starts"))
        self.signin.toggled.connect(self.set_signin)
        self.signin_error = field_error_label(lines=2)  # above fields: its lines kept
        self.lock_minutes = QSpinBox()
        self.lock_minutes.setRange(1, 240)
        self.lock_minutes.setSuffix(self.tr(" min"))
        self.lock_minutes.setToolTip(self.tr("Cover the screen after this long without use; "
                                             "only with sign-in on"))
        self.operators = QListWidget()
        self.operators.setMaximumHeight(90)
        self.name = QLineEdit()
        self.name.setPlaceholderText(self.tr("Name"))
        self.role = QComboBox()
        for role in ops.ROLES:
            self.role.addItem(ops.role_name(role, lang), role)
        self.pin = QLineEdit()
        self.pin2 = QLineEdit()
        for edit, text in ((self.pin, self.tr("PIN (4–8 digits)")),
                           (self.pin2, self.tr("PIN again"))):
            edit.setEchoMode(QLineEdit.EchoMode.Password)
            edit.setMaxLength(8)
            edit.setPlaceholderText(text)
        self.add_button = QPushButton(self.tr("Add operator"))
        self.add_button.clicked.connect(self.add_operator)
        self.add_error = error_label()
        for edit in (self.name, self.pin, self.pin2):
            edit.textChanged.connect(lambda _text: self.add_error.setVisible(False))
        self.add_notice = QLabel()

        form = QFormLayout(self)
        form.addRow(self.signin)
        form.addRow(self.signin_error)
        form.addRow(self.tr("Lock when idle after"), self.lock_minutes)
        form.addRow(self.tr("Operators"), self.operators)
        row = QHBoxLayout()
        row.addWidget(self.name, 2)
        row.addWidget(self.role, 1)
        form.addRow(self.tr("New operator"), row)
        pins = QHBoxLayout()
        pins.addWidget(self.pin)
        pins.addWidget(self.pin2)
        pins.addWidget(self.add_button)
        form.addRow("", pins)
        form.addRow(self.add_error)
        form.addRow(self.add_notice)
        self.load()

    def load(self) -> None:
        self.signin.blockSignals(True)
        self.signin.setChecked(ops.signin_enabled(self.db))
        self.signin.blockSignals(False)
        self.lock_minutes.setValue(int(round(ops.lock_minutes(self.db))))
        self.reload_operators()

    def reload_operators(self) -> None:
        lang = current_language()
        self.operators.clear()
        for operator in ops.list_operators(self.db):
            self.operators.addItem(f"{operator.name} · {ops.role_name(operator.role, lang)}")
        if not self.operators.count():
            self.operators.addItem(self.tr("No operators yet"))

    def set_signin(self, on: bool) -> None:
        self.signin_error.setVisible(False)
        try:
            ops.set_signin_enabled(self.db, on, by=self.by)
        except UserError as exc:
            text = exc.message()
            if on and getattr(exc, "code", "") == "need_admin":
                text = self.tr("Sign-in stays off: first add an administrator below "
                               "(role “administrator”), then turn it on.")
            self.signin_error.setText(text)
            self.signin_error.setVisible(True)
            self.signin.blockSignals(True)
            self.signin.setChecked(ops.signin_enabled(self.db))
            self.signin.blockSignals(False)

    def add_operator(self) -> None:
        self.add_error.setVisible(False)
        self.add_notice.clear()
        if self.pin.text() != self.pin2.text():
            self.add_error.setText(self.tr("The two PINs differ; type the same PIN twice."))
            self.add_error.setVisible(True)
            return
        try:
            added = ops.add_operator(self.db, self.name.text(), self.role.currentData(),
                                     self.pin.text(), by=self.by)
        except UserError as exc:
            self.add_error.setText(exc.message())
            self.add_error.setVisible(True)
            return
        for edit in (self.name, self.pin, self.pin2):
            edit.clear()
        self.add_notice.setText(self.tr("Operator {name} added.").format(name=added.name))
        self.reload_operators()

    def values(self) -> dict[str, object]:
        return {"lock_minutes": self.lock_minutes.value()}


class DataKeepingBox(QGroupBox):
    """Retention years (0 = off) and the second backup folder, saved with the page."""

    def __init__(self, db: Database, storage_warning: str | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Keeping data"))
        self.db = db
        self.retention = QSpinBox()
        self.retention.setRange(0, 100)
        self.retention.setSuffix(self.tr(" years"))
        self.retention.setSpecialValueText(self.tr("Off"))
        retention_note = QLabel(self.tr(
            "Personal details and health readings of people not seen for this long can be "
            "cleared by an administrator: menu Data → Clear old personal data… (or the "
            "command “marketapp retention”); nothing is cleared by itself. 0 = off."))
        retention_note.setWordWrap(True)
        self.mirror = QLineEdit()
        self.mirror.setPlaceholderText(self.tr("None: backups only beside the data file"))
        self.mirror.setClearButtonEnabled(True)
        self.choose_button = QPushButton(self.tr("Choose folder…"))
        self.choose_button.clicked.connect(self.choose_folder)
        mirror_note = QLabel(self.tr(
            "Each backup is also copied here, e.g. to a USB stick, so a lost laptop does not "
            "lose the data."))
        mirror_note.setWordWrap(True)
        self.storage_warning = error_label()
        if storage_warning:
            self.storage_warning.setText(storage_warning)
            self.storage_warning.setVisible(True)
        form = QFormLayout(self)
        form.addRow(self.tr("Clear personal data after"), self.retention)
        form.addRow(retention_note)
        row = QHBoxLayout()
        row.addWidget(self.mirror, 1)
        row.addWidget(self.choose_button)
        form.addRow(self.tr("Second backup folder"), row)
        form.addRow(mirror_note)
        form.addRow(self.storage_warning)
        self.load()

    def load(self) -> None:
        years = get_setting(self.db, "retention_years")
        try:
            self.retention.setValue(int(years or 0))
        except (TypeError, ValueError):
            self.retention.setValue(0)
        mirror = get_setting(self.db, MIRROR_SETTING)
        self.mirror.setText(mirror if isinstance(mirror, str) else "")

    def choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Second backup folder"),
                                                  self.mirror.text())
        if folder:
            self.mirror.setText(folder)

    def values(self) -> dict[str, object]:
        return {"retention_years": self.retention.value(),
                MIRROR_SETTING: self.mirror.text().strip()}


class AccessTab(QWidget):
    def __init__(self, db: Database, by: str = "", storage_warning: str | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.signin_box = SignInBox(db, by)
        self.data_box = DataKeepingBox(db, storage_warning)
        row = QHBoxLayout(self)
        for box in (self.signin_box, self.data_box):
            column = QVBoxLayout()
            column.addWidget(box)
            column.addStretch(1)
            row.addLayout(column, 1)

    def values(self) -> dict[str, object]:
        return {**self.signin_box.values(), **self.data_box.values()}
