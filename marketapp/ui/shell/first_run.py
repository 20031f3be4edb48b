"""The first start on a data file: ask for the township's name (乡镇), which titles the
daily report ("城南乡服务集市日报") and the window. Asked over the shown window while the
name is blank — "Later" leaves it blank and it is asked again at the next start; Settings
(F7) changes it any time.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from marketapp.core.errors import UserError
from marketapp.core.settings import set_township, township
from marketapp.ui.shell.actions import act
from marketapp.ui.shell.session import Change, Session
from marketapp.ui.widgets import style
from marketapp.ui.widgets.labels import field_error_label


def needs_township(session: Session) -> bool:
    return not township(session.db)


class FirstRunDialog(QDialog):
    """``township`` holds the name once saved."""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.township = ""
        self.setWindowTitle(self.tr("Welcome"))
        self.setMinimumWidth(480)
        welcome = QLabel(self.tr("Welcome to the service market. One question before the "
                                 "first market: which township runs it?"))
        welcome.setWordWrap(True)
        self.name = QLineEdit()
        self.name.setPlaceholderText(self.tr("e.g. 城南乡"))
        self.name.textChanged.connect(lambda _text: self.error.clear())
        self.error = field_error_label()
        hint = QLabel(self.tr("It heads the daily summary and the window. Settings (F7) "
                              "can change it later."))
        hint.setWordWrap(True)
        hint.setStyleSheet(style.text(style.HINT))
        form = QFormLayout()
        column_box = QVBoxLayout()
        column_box.setSpacing(1)
        column_box.addWidget(self.name)
        column_box.addWidget(self.error)
        form.addRow(self.tr("Township"), column_box)
        self.buttons = QDialogButtonBox()
        self.save_button = self.buttons.addButton(self.tr("Save"),
                                                  QDialogButtonBox.ButtonRole.AcceptRole)
        self.later_button = self.buttons.addButton(self.tr("Later"),
                                                   QDialogButtonBox.ButtonRole.RejectRole)
        self.save_button.setDefault(True)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        column = QVBoxLayout(self)
        column.addWidget(welcome)
        column.addLayout(form)
        column.addWidget(hint)
        column.addWidget(self.buttons)
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.name.setFocus()

    def save(self) -> None:
        ok, saved = act(self.session, lambda s: set_township(s.db, self.name.text()),
                        Change.NONE, refused=self._refused)
        if ok and saved:
            self.township = saved
            self.accept()

    def _refused(self, exc: UserError) -> None:
        self.error.setText(exc.message())
        self.name.setFocus()
