"""数据 Data menu: back up now, check the file, restore from a backup, merge another file,
clear old personal data (``ui.data.clearing``).

Slow work (backup, check, restore) runs in a worker thread that opens its own connection
from the data file's path; the UI thread never waits on it. Restore and merge are
administrator actions when sign-in is on (``core.access.operators.allowed``; sign-in off: allowed).
After a restore the data file is reopened (migrations for an older backup) and the pages are
built again on the new connection.
"""

from __future__ import annotations

import logging
import sqlite3
from pathlib import Path

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from marketapp.core.errors import UserError
from marketapp.core.text import current_language
from marketapp.store.database import backups_dir, open_database
from marketapp.ui.shell.errors import show_error
from marketapp.ui.shell.tasks import Task

log = logging.getLogger("marketapp")


def operator_allowed(window, action: str) -> bool:
    """``allowed`` for the signed-in operator of ``window`` (sign-in off: always)."""
    from marketapp.core.access.operators import allowed_by_name

    return allowed_by_name(window.session.db, window.session.operator, action)


def mirror_dir(window) -> Path | None:
    lifecycle = getattr(window, "lifecycle", None)
    return getattr(lifecycle, "mirror_dir", None)


def reopen_database(window) -> None:
    """Open the data file again (after a restore) and build the pages on the new connection."""
    session = window.session
    key = "registration"
    try:
        key = window.current_key()
    except StopIteration:
        pass
    for page in list(window._pages.values()):
        window.stack.removeWidget(page)
        page.hide()
        page.deleteLater()
    window._pages.clear()
    if getattr(window, "display", None) is not None:
        window.display.close()
        window.display.deleteLater()
        window.display = None
    old = session.db
    new = open_database(window.db_path)  # an older backup may need its migrations
    session.db = new
    session.market_day_id = None
    window.db = new
    try:
        old.close()
    except Exception:  # noqa: BLE001 - an already closed connection is fine
        pass
    idle_lock = getattr(window, "idle_lock", None)
    if idle_lock is not None:
        idle_lock.db = new
    lifecycle = getattr(window, "lifecycle", None)
    if lifecycle is not None:
        lifecycle.database_replaced(new)
    window.update_title()
    window.status.refresh()
    window.show_page(key)


class DataMenu(QObject):
    """The Data menu of a MainWindow (it builds one as ``window.data_menu``)."""

    def __init__(self, window) -> None:
        super().__init__(window)
        self.window = window
        self.task: Task | None = None
        self.last_text = ""
        menu = window.menuBar().addMenu(self.tr("&Data"))
        self.menu = menu
        self.backup_action = self._action(self.tr("Back up now"), self.back_up,
                                          self.tr("Copy the data file into the backups folder"))
        self.check_action = self._action(self.tr("Check the data file"), self.check,
                                         self.tr("Integrity and foreign-key checks"))
        menu.addSeparator()
        self.restore_action = self._action(self.tr("Restore from a backup…"), self.restore,
                                           self.tr("Replace the data with a backup (the "
                                                   "current data is backed up first)"))
        self.merge_action = self._action(self.tr("Merge another data file…"), self.merge,
                                         self.tr("Bring in another laptop's data file"))
        menu.addSeparator()
        from marketapp.ui.data.clearing import ClearOldData

        self.clearing = ClearOldData(self)
        self.clear_action = self._action(
            self.tr("Clear old personal data…"), self.clearing.start,
            self.tr("Clear the personal details of people not seen for the keeping period "
                    "set in Settings"))

    def _action(self, text: str, slot, tip: str) -> QAction:
        action = QAction(text, self.window)
        action.setToolTip(tip)
        action.setStatusTip(tip)
        action.triggered.connect(lambda _checked=False: slot())
        self.menu.addAction(action)
        return action

    def refuse(self, parent: QWidget | None = None) -> None:
        name = self.window.session.operator or "–"
        self.last_text = self.tr("Only an administrator may do this (signed in: {name})."
                                 ).format(name=name)
        QMessageBox.warning(parent or self.window, self.tr("Not allowed"), self.last_text)

    @property
    def busy(self) -> bool:
        return self.task is not None and self.task.isRunning()

    @property
    def db_path(self) -> Path:
        return Path(self.window.db_path)

    def _run(self, job, done, waiting: str) -> Task | None:
        if self.busy:
            self.window.status.showMessage(self.tr("Please wait: the previous data task is "
                                                   "still running."), 5000)
            return None
        for action in self.menu.actions():
            action.setEnabled(False)
        self.window.status.showMessage(waiting)
        task = Task(job, self)
        task.succeeded.connect(done)
        task.failed.connect(self._failed)
        task.finished.connect(self._finished)
        self.task = task
        task.start()
        return task

    def _finished(self) -> None:
        for action in self.menu.actions():
            action.setEnabled(True)

    def _failed(self, exc: BaseException) -> None:
        from marketapp.store.os_errors import explain_write_error

        self.window.status.clearMessage()
        if not isinstance(exc, UserError):
            exc = explain_write_error(exc)
        self.last_text = exc.message()
        show_error(self.window, exc)

    def _inform(self, title: str, text: str, ok: bool = True) -> None:
        self.last_text = text
        self.window.status.clearMessage()
        if ok:
            QMessageBox.information(self.window, title, text)
        else:
            QMessageBox.warning(self.window, title, text)

    # -- back up

    def back_up(self) -> Task | None:
        if getattr(getattr(self.window, "lifecycle", None), "read_only", False):
            show_error(self.window, self.tr("The data file is open read-only because it is "
                                            "damaged: restore a backup instead."))
            return None
        if not operator_allowed(self.window, "backup"):
            self.refuse()
            return None
        from marketapp.store.backup.policy import backup_now

        path, mirror = self.db_path, mirror_dir(self.window)
        return self._run(lambda: backup_now(path, "manual", mirror_dir=mirror),
                         self._backed_up, self.tr("Backing up…"))

    def _backed_up(self, result) -> None:
        self.window.status.refresh()
        text = self.tr("Backed up to {path}").format(path=result.path)
        if result.mirror_path:
            text += "\n" + self.tr("Copied to the second folder: {path}").format(
                path=result.mirror_path)
        if result.mirror_error is not None:
            text += "\n" + result.mirror_error.message()
        self._inform(self.tr("Backup"), text, ok=result.mirror_error is None)

    # -- check

    def check(self) -> Task | None:
        if not operator_allowed(self.window, "backup"):
            self.refuse()
            return None
        from marketapp.store.integrity import check_database, newest_good_backup

        path, mirror = self.db_path, mirror_dir(self.window)

        def job():
            result = check_database(path)
            good = None if result.ok else newest_good_backup(path, mirror)
            return result, good

        return self._run(job, self._checked, self.tr("Checking the data file…"))

    def _checked(self, found) -> None:
        result, good = found
        text = result.summary(current_language())
        if not result.ok:
            text += "\n\n" + (self.tr("Newest good backup: {path}. Restore it from this menu.")
                              .format(path=good) if good else self.tr("No good backup was "
                                                                      "found."))
        self._inform(self.tr("Check the data file"), text, ok=result.ok)

    # -- restore

    def restore(self) -> Task | None:
        if not operator_allowed(self.window, "restore"):
            self.refuse()
            return None
        folder = backups_dir(self.db_path)
        chosen, _ = QFileDialog.getOpenFileName(
            self.window, self.tr("Restore from a backup"), str(folder),
            self.tr("Data files (*.db *.sqlite);;All files (*)"))
        if not chosen:
            return None
        return self.restore_from_file(Path(chosen))

    def restore_from_file(self, backup_file: Path, confirm: bool = True) -> Task | None:
        if confirm:
            answer = QMessageBox.question(
                self.window, self.tr("Restore from a backup"),
                self.tr("Replace all data with the backup {path}?\n\nThe current data is "
                        "backed up first, so this can be undone by restoring that copy."
                        ).format(path=backup_file),
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                QMessageBox.StandardButton.No)
            if answer != QMessageBox.StandardButton.Yes:
                return None
        from marketapp.store.backup.policy import restore_from

        path = self.db_path
        return self._run(lambda: restore_from(backup_file, path), self._restored,
                         self.tr("Restoring…"))

    def _restored(self, result) -> None:
        try:
            reopen_database(self.window)
        except UserError as exc:
            show_error(self.window, exc)
            return
        self._log_restore(result)
        text = self.tr("The data was restored from {path}.").format(path=result.restored_from)
        if result.safety_backup:
            text += "\n" + self.tr("The data as it was before is backed up in {path}").format(
                path=result.safety_backup)
        if result.damaged_copy:
            text += "\n" + self.tr("The damaged data file was kept in {path}").format(
                path=result.damaged_copy)
        self._inform(self.tr("Restored"), text)

    def _log_restore(self, result) -> None:
        """As the command line does: the restore and who made it, in the restored file's log."""
        from marketapp.core.people.audit import log_restore

        try:
            log_restore(self.window.session.db, self.window.session.operator,
                        result.restored_from, result.safety_backup)
        except (UserError, sqlite3.Error) as exc:
            # The data is restored; only the log line is missing: say so in the app's log.
            log.warning("the restore could not be written to the sensitive-action log: %s", exc)

    # -- merge

    def merge(self):
        if not operator_allowed(self.window, "merge"):
            self.refuse()
            return None
        if getattr(getattr(self.window, "lifecycle", None), "read_only", False):
            show_error(self.window, self.tr("The data file is open read-only because it is "
                                            "damaged: restore a backup instead."))
            return None
        from marketapp.ui.data.merge_dialog import MergeDialog

        dialog = MergeDialog(self.window.session, self.window)
        dialog.merged.connect(lambda: self.window.status.refresh())
        self.merge_dialog = dialog
        dialog.open()
        return dialog

