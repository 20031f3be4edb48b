"""数据 → 清除旧个人信息…: the data-keeping period (Settings → 登录与数据) applied from the app
by an administrator, as ``marketapp retention`` applies it from the command line.

What would be cleared is counted first and said — how many people, since when, how many
health records and request texts — then cleared only after a question whose default is No.
Counting and clearing run in the Data menu's worker on their own connection; the clearing is
logged as the signed-in operator's (``core.people.retention``). No backup is made first: a
copy would keep exactly what the township decided not to keep.
"""

from __future__ import annotations

from contextlib import closing

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QMessageBox

from marketapp.core.settings import get_setting
from marketapp.ui.shell.errors import show_error
from marketapp.ui.shell.session import Change
from marketapp.ui.shell.tasks import Task


class ClearOldData(QObject):
    """The Data menu's clearing of personal data kept past the township's period."""

    def __init__(self, menu) -> None:
        super().__init__(menu)
        self.menu = menu
        self.years = 0
        self.preview = None

    @property
    def window(self):
        return self.menu.window

    def start(self) -> Task | None:
        from marketapp.core.access.operators import allowed_by_name

        if getattr(getattr(self.window, "lifecycle", None), "read_only", False):
            show_error(self.window, self.tr("The data file is open read-only because it is "
                                            "damaged: restore a backup instead."))
            return None
        session = self.window.session
        if not allowed_by_name(session.db, session.operator, "retention"):
            self.menu.refuse()
            return None
        try:
            self.years = int(get_setting(self.window.session.db, "retention_years") or 0)
        except (TypeError, ValueError):
            self.years = 0
        if self.years <= 0:
            self.menu._inform(self.title(), self.tr(
                "No keeping period is set, so nothing is cleared. An administrator sets it in "
                "Settings → Sign-in and data (“Clear personal data after”)."), ok=False)
            return None
        from marketapp.core.people.retention import apply_retention

        years, session = self.years, self.window.session
        self.preview = None

        def count():
            with closing(session.open_worker_db()) as db:
                return apply_retention(db, years, dry_run=True)

        task = self.menu._run(count, self._keep_preview,
                              self.tr("Counting who would be cleared…"))
        if task is not None:
            # Asked once the count's worker has ended: the clearing needs the worker again.
            task.finished.connect(self._counted)
        return task

    def _keep_preview(self, preview) -> None:
        self.preview = preview

    def title(self) -> str:
        return self.tr("Clear old personal data")

    def ask(self, text: str) -> bool:
        """Yes only when chosen (tests replace this)."""
        answer = QMessageBox.question(
            self.window, self.title(), text,
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No)
        return answer == QMessageBox.StandardButton.Yes

    def _counted(self) -> None:
        preview, self.preview = self.preview, None
        if preview is None:  # the count failed: the menu said why
            return
        self.window.status.clearMessage()
        if preview.people == 0:
            self.menu._inform(self.title(), self.tr(
                "Nobody to clear: everyone was seen at a market since {cutoff} (the keeping "
                "period is {years} years).").format(cutoff=preview.cutoff, years=self.years))
            return
        question = self.tr(
            "{people} people have not come to a market since {cutoff} ({years} years). Their "
            "names, ID numbers, phones, addresses, notes and health readings are cleared "
            "({health} health records, the text of {requests} requests); birth year, gender, "
            "village and the visit figures stay.\n\nThis cannot be undone. Clear now?").format(
                people=preview.people, cutoff=preview.cutoff, years=self.years,
                health=preview.health_visits, requests=preview.requests)
        if not self.ask(question):
            self.menu.last_text = self.tr("Nothing was cleared.")
            self.window.status.showMessage(self.menu.last_text, 5000)
            return
        from marketapp.core.people.retention import apply_retention

        years, session = self.years, self.window.session
        operator = session.operator or ""

        def clear():
            with closing(session.open_worker_db()) as db:
                return apply_retention(db, years, operator=operator)

        self.menu._run(clear, self._cleared, self.tr("Clearing…"))

    def _cleared(self, done) -> None:
        self.window.session.announce(Change.VILLAGERS | Change.QUEUE)
        self.menu._inform(self.title(), self.tr(
            "Cleared the personal details and health records of {people} people.").format(
                people=done.people))
