"""The chosen request: what it is, its history (status changes and follow-ups, oldest first),
and the actions its status allows. Every action is one core call; a refusal is shown calmly
with the core's reason and changes nothing."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from sqlite_utils import Database

from marketapp.core.errors import UserError
from marketapp.core.requests import changes
from marketapp.core.requests import records as core
from marketapp.core.text import current_language, gettext
from marketapp.ui.requests.action import RequestActionDialog
from marketapp.ui.widgets import style
from marketapp.ui.widgets.labels import error_label


def _time(at: str) -> str:
    """2024-05-10T09:12:33+08:00 -> 2024-05-10 09:12"""
    return at[:16].replace("T", " ")


class RequestDetail(QWidget):
    changed = Signal(str)  # the request id, after a change was saved

    def __init__(self, db: Database, operator: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.request: core.Request | None = None
        self.dialog: RequestActionDialog | None = None
        self.title = QLabel()
        font = self.title.font()
        font.setBold(True)
        font.setPointSize(font.pointSize() + 2)
        self.title.setFont(font)
        self.title.setWordWrap(True)
        self.body = QLabel()
        self.body.setWordWrap(True)
        self.facts = QLabel()
        self.facts.setWordWrap(True)
        self.facts.setTextFormat(Qt.TextFormat.RichText)
        self.history = QListWidget()
        self.history.setWordWrap(True)
        self.history.setAlternatingRowColors(True)
        self.operator = QLineEdit(operator)
        self.operator.setPlaceholderText(self.tr("Your name"))
        self.operator.setReadOnly(bool(operator))
        self.start_button = QPushButton(self.tr("Start work"))
        self.start_button.setToolTip(self.tr("The responsible unit has taken it up"))
        self.start_button.clicked.connect(self.start)
        self.resolve_button = QPushButton(self.tr("Resolve…"))
        self.resolve_button.clicked.connect(lambda: self.open_action("resolve"))
        self.refer_button = QPushButton(self.tr("Refer…"))
        self.refer_button.clicked.connect(lambda: self.open_action("refer"))
        self.reopen_button = QPushButton(self.tr("Reopen…"))
        self.reopen_button.clicked.connect(lambda: self.open_action("reopen"))
        self.follow_up_button = QPushButton(self.tr("Follow-up…"))
        self.follow_up_button.clicked.connect(lambda: self.open_action("follow_up"))
        self.error = error_label()
        self.notice = QLabel()
        self.notice.setWordWrap(True)

        who = QFormLayout()
        who.addRow(self.tr("Done by"), self.operator)
        buttons = QGridLayout()
        buttons.addWidget(self.start_button, 0, 0)
        buttons.addWidget(self.resolve_button, 0, 1)
        buttons.addWidget(self.refer_button, 0, 2)
        buttons.addWidget(self.reopen_button, 1, 0)
        buttons.addWidget(self.follow_up_button, 1, 1, 1, 2)
        history_box = QGroupBox(self.tr("History and follow-ups"))
        history_layout = QVBoxLayout(history_box)
        history_layout.addWidget(self.history)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.body)
        layout.addWidget(self.facts)
        layout.addWidget(history_box, 1)
        layout.addLayout(who)
        layout.addLayout(buttons)
        layout.addWidget(self.error)
        layout.addWidget(self.notice)
        self.show_request(None)

    def by(self) -> str:
        return self.operator.text()

    def show_request(self, request_id: str | None) -> None:
        self.error.setVisible(False)
        self.notice.clear()
        self.request = None
        if request_id is not None:
            try:
                self.request = core.get_request(self.db, request_id)
            except core.RequestError:
                self.request = None
        self._fill()

    def _fill(self) -> None:
        r = self.request
        lang = current_language()
        self.history.clear()
        if r is None:
            self.title.setText(self.tr("No request chosen"))
            self.body.setText(self.tr("Choose a request in the list to see its history "
                                      "and change its status."))
            self.facts.clear()
            self._enable(())
            return
        village = f"（{r.village}）" if r.village and lang == "zh" else (
            f" ({r.village})" if r.village else "")
        self.title.setText(f"{r.villager_name}{village} · {r.category_name(lang)}")
        self.body.setText(r.text)
        lines = [self.tr("Status: {status}").format(status=r.status_name(lang))]
        if r.unit:
            lines.append(self.tr("Responsible unit: {unit}").format(unit=r.unit))
        if r.referred_to:
            lines.append(self.tr("Referred to: {unit}").format(unit=r.referred_to))
        if r.due_date:
            due = self.tr("Due by {date}").format(date=r.due_date)
            if r.is_overdue(self.today()):
                mark = self.tr("overdue")
                due = style.span(f"{_escape(due)} · {mark}", style.ERROR, bold=True)
            lines.append(due)
        if r.resolution:
            lines.append(self.tr("Resolution: {text}").format(text=r.resolution))
        self.facts.setText("<br>".join(_escape(line) if "<span" not in line else line
                                       for line in lines))
        self._fill_history(r, lang)
        allowed = core.TRANSITIONS[r.status]
        self._enable(allowed)

    def today(self):
        from marketapp.core import clock

        return clock.today()

    def _fill_history(self, r: core.Request, lang: str) -> None:
        entries: list[tuple[str, str]] = []
        for event in core.request_events(self.db, r.id):
            to = gettext(core.STATUSES[event.to_status], lang)
            if event.from_status is None:
                what = self.tr("Raised")
            elif event.to_status == "open":
                what = self.tr("Reopened")
            else:
                what = self.tr("→ {status}").format(status=to)
            parts = [f"{_time(event.at)}  {what}"]
            if event.unit:
                parts.append(self.tr("to {unit}").format(unit=event.unit))
            if event.operator:
                parts.append(f"({event.operator})")
            text = " ".join(parts)
            if event.note:
                text += f"\n{event.note}"
            entries.append((event.at, text))
        for follow_up in core.follow_ups(self.db, r.id):
            text = self.tr("{time}  Follow-up: {outcome} ({by})").format(
                time=_time(follow_up.at), outcome=follow_up.outcome_name(lang), by=follow_up.by)
            if follow_up.note:
                text += f"\n{follow_up.note}"
            entries.append((follow_up.at, text))
        entries.sort(key=lambda entry: entry[0])
        for _at, text in entries:
            self.history.addItem(QListWidgetItem(text))
        self.history.scrollToBottom()

    def _enable(self, allowed: tuple[str, ...]) -> None:
        self.start_button.setEnabled("in_progress" in allowed)
        self.resolve_button.setEnabled("resolved" in allowed)
        self.refer_button.setEnabled("referred" in allowed)
        self.reopen_button.setEnabled("open" in allowed)
        self.follow_up_button.setEnabled(self.request is not None)

    def history_texts(self) -> list[str]:
        return [self.history.item(i).text() for i in range(self.history.count())]

    def _refused(self, exc: UserError) -> None:
        self.error.setText(exc.message())
        self.error.setVisible(True)

    def start(self) -> None:
        if self.request is None:
            return
        self.error.setVisible(False)
        try:
            changes.start_request(self.db, self.request.id, by=self.by())
        except UserError as exc:
            self._refused(exc)
            return
        self._saved(self.tr("Marked as in progress."))

    def open_action(self, action: str) -> RequestActionDialog | None:
        if self.request is None:
            return None
        self.error.setVisible(False)
        dialog = RequestActionDialog(self.db, self.request, action, self.by(), self,
                                     by_fixed=self.operator.isReadOnly())
        dialog.accepted.connect(lambda: self._after_dialog(dialog))
        self.dialog = dialog
        dialog.open()
        return dialog

    def _after_dialog(self, dialog: RequestActionDialog) -> None:
        self.operator.setText(dialog.by)  # the name given in the dialog serves the next change
        done = {
            "resolve": self.tr("Resolved."),
            "refer": self.tr("Referred."),
            "reopen": self.tr("Reopened."),
            "follow_up": self.tr("Follow-up recorded."),
        }
        self._saved(done[dialog.action])

    def _saved(self, text: str) -> None:
        assert self.request is not None
        request_id = self.request.id
        self.show_request(request_id)
        self.notice.setText(text)
        self.changed.emit(request_id)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
