"""Sign-in: choose your name, type your PIN. Used at start-up and by the idle lock."""

from __future__ import annotations

from PySide6.QtCore import QRegularExpression, Qt
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)
from sqlite_utils import Database

from marketapp.core.access.operators import (
    Operator,
    OperatorError,
    list_operators,
    role_name,
    sign_in,
)
from marketapp.core.text import current_language
from marketapp.ui.widgets.labels import error_label


class SignInDialog(QDialog):
    """``operator`` holds who signed in after ``accepted``.

    ``locked=True`` (the idle lock): the dialog cannot be dismissed without a sign-in;
    otherwise Quit rejects it (the app then does not open).
    """

    def __init__(self, db: Database, parent: QWidget | None = None, *, locked: bool = False,
                 current: str = "") -> None:
        super().__init__(parent)
        self.db = db
        self.locked = locked
        self.operator: Operator | None = None
        self.setWindowTitle(self.tr("Locked") if locked else self.tr("Sign in"))
        self.setModal(True)
        if locked:
            self.setWindowFlag(Qt.WindowType.WindowCloseButtonHint, False)
        layout = QVBoxLayout(self)
        intro = QLabel(self.tr("The screen was locked after a while without use. Sign in to "
                               "continue.") if locked else
                       self.tr("Choose your name and type your PIN."))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.name_box = QComboBox()
        lang = current_language()
        for op in list_operators(db):
            self.name_box.addItem(f"{op.name}（{role_name(op.role, lang)}）", op.name)
        index = self.name_box.findData(current)
        if index >= 0:
            self.name_box.setCurrentIndex(index)
        form.addRow(self.tr("Name"), self.name_box)
        self.pin_edit = QLineEdit()
        self.pin_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.pin_edit.setMaxLength(8)
        self.pin_edit.setValidator(QRegularExpressionValidator(QRegularExpression("[0-9]{0,8}"),
                                                               self.pin_edit))
        self.pin_edit.setPlaceholderText(self.tr("4 to 8 digits"))
        form.addRow(self.tr("PIN"), self.pin_edit)
        layout.addLayout(form)
        self.message = error_label()
        layout.addWidget(self.message)
        buttons = QDialogButtonBox()
        self.sign_in_button = buttons.addButton(self.tr("Sign in"),
                                                QDialogButtonBox.ButtonRole.AcceptRole)
        self.sign_in_button.setDefault(True)
        if not locked:
            buttons.addButton(self.tr("Quit"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.try_sign_in)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        # Room for a refusal on one line ("PIN 不正确（还可再试 4 次）。" wrapped mid-phrase).
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance("中" * 28))
        self.pin_edit.setFocus()

    def try_sign_in(self) -> None:
        name = self.name_box.currentData()
        if not name:
            return
        try:
            self.operator = sign_in(self.db, name, self.pin_edit.text())
        except OperatorError as exc:
            self.message.setText(exc.message())
            self.message.setVisible(True)
            self.pin_edit.clear()
            self.pin_edit.setFocus()
            return
        self.message.setVisible(False)
        self.accept()

    def reject(self) -> None:
        if self.locked:
            return  # Escape does not unlock
        super().reject()
