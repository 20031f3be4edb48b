"""One change to a request that needs words: resolve, refer, reopen, or record a follow-up.

On OK the dialog makes the one core call; a refusal stays in the dialog with the core's
reason, and nothing is written. ``result_request`` / ``result_follow_up`` hold what was saved.
Who does it (经办人) is asked here too, prefilled from the page, so a missing name can be
filled in without cancelling and losing what was typed.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)
from sqlite_utils import Database

from marketapp.core.errors import UserError
from marketapp.core.requests import changes
from marketapp.core.requests import records as core
from marketapp.core.text import current_language, gettext
from marketapp.ui.widgets.labels import error_label

ACTIONS = ("resolve", "refer", "reopen", "follow_up")


class RequestActionDialog(QDialog):
    def __init__(self, db: Database, request: core.Request, action: str, by: str,
                 parent: QWidget | None = None, *, by_fixed: bool = False) -> None:
        super().__init__(parent)
        if action not in ACTIONS:
            raise ValueError(action)
        self.db = db
        self.request = request
        self.action = action
        self.result_request: core.Request | None = None
        self.result_follow_up: core.FollowUp | None = None
        titles = {
            "resolve": self.tr("Resolve the request"),
            "refer": self.tr("Refer to another unit"),
            "reopen": self.tr("Reopen the request"),
            "follow_up": self.tr("Record a follow-up"),
        }
        self.setWindowTitle(titles[action])
        summary = QLabel(f"{request.villager_name} · {request.category_name(current_language())}"
                         f"\n{request.text}")
        summary.setWordWrap(True)
        self.text = QPlainTextEdit()
        self.text.setMinimumHeight(90)
        self.unit = QLineEdit()
        self.unit.setPlaceholderText(self.tr("e.g. county civil affairs bureau"))
        self.outcome = QComboBox()
        for code, name in core.FOLLOW_UP_OUTCOMES.items():
            self.outcome.addItem(gettext(name), code)
        self.operator = QLineEdit(by)
        self.operator.setPlaceholderText(self.tr("Your name"))
        self.operator.setReadOnly(by_fixed)  # signed in: the name is the operator's
        self.error = error_label()
        form = QFormLayout()
        form.addRow(summary)
        if action == "refer":
            form.addRow(self.tr("Refer to"), self.unit)
        if action == "follow_up":
            form.addRow(self.tr("Outcome"), self.outcome)
        labels = {
            "resolve": self.tr("What was done"),
            "refer": self.tr("Why, and what was handed over"),
            "reopen": self.tr("Reason"),
            "follow_up": self.tr("Note"),
        }
        form.addRow(labels[action], self.text)
        form.addRow(self.tr("Done by"), self.operator)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(titles[action])
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancel"))
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        column = QVBoxLayout(self)
        column.addLayout(form)
        column.addWidget(self.error)
        column.addWidget(buttons)
        self.resize(460, 300)
        (self.unit if action == "refer" else self.text).setFocus()

    @property
    def by(self) -> str:
        return self.operator.text()

    def save(self) -> None:
        text = self.text.toPlainText()
        rid = self.request.id
        try:
            if self.action == "resolve":
                self.result_request = changes.resolve_request(self.db, rid, resolution=text,
                                                           by=self.by)
            elif self.action == "refer":
                self.result_request = changes.refer_request(self.db, rid, to_unit=self.unit.text(),
                                                         note=text, by=self.by)
            elif self.action == "reopen":
                self.result_request = changes.reopen_request(self.db, rid, reason=text, by=self.by)
            else:
                self.result_follow_up = changes.add_follow_up(
                    self.db, rid, None, self.by, text, self.outcome.currentData())
        except UserError as exc:
            self.error.setText(exc.message())
            self.error.setVisible(True)
            if exc.code == "operator_required":
                self.operator.setFocus()
            return
        self.accept()
