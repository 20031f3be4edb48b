"""Start-up and shut-down of the app around its data file ("nothing lost").

Start (:func:`start_up`, called by ``ui.shell.app.start_window`` before any window; steps 1 and 2
are begun by ``store.opening`` before the widgets are imported, the check in a thread of its
own):

1. the instance lock (``store.instance_lock``): a second copy on the same data file asks
   the running one (QLocalSocket to ``server_name``) to bring its window forward and exits;
   when nobody answers it says clearly that the file is open elsewhere. A lock left by a
   killed process is taken over by the operating system's lock without asking anyone;
2. ``startup_check`` through a read-only connection: nothing is written before it. A damaged
   file is explained, the newest good backup offered for restore (restore, then open
   normally); declined, the file is opened read-only (look and export, no changes);
3. a warning when the data file sits on removable or network storage;
4. the database opened normally (migrations after a backup, ``store.database``);
5. once the window shows, its search keys rebuilt when this version's key rules differ
   (``ui.shell.search_rekey``: in a worker, a small dialog meanwhile).

While running (:class:`AppLifecycle`): the market square's server for stall phones and
displays when its switch is on (``ui.devices.hub_control``: started in a worker once the
window is attached, its devices online in the status bar); a QLocalServer answers later
starts by raising the window; a timer (every 30 s) asks the :class:`BackupScheduler` whether the automatic backup is
due and runs it in a worker thread (from the file path: the worker opens its own
connection); the status bar shows the last backup time; a failing backup is said once,
calmly, in a message and then only in the status bar until a backup works again.

Exit (window closed / ``aboutToQuit``): the stall devices' server stopped (waited for: it
has its own connection to the file), the raise server closed, the ``exit`` backup (in a
worker, a small modal "Backing up…" dialog meanwhile; a failure is said), the database
closed, the lock released - in that order, once, and only then does the process go on to
exit.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget
from sqlite_utils import Database

from marketapp.core.errors import UserError
from marketapp.store.backup.policy import (
    BackupScheduler,
    ChangeWatcher,
    backup_now,
    restore_from,
)
from marketapp.store.clean_close import forget_clean_close, record_clean_close
from marketapp.store.database import open_database
from marketapp.store.instance_lock import InstanceLock, InstanceLockError, server_name
from marketapp.store.opening import Opening
from marketapp.store.os_errors import os_reason
from marketapp.store.read_only import open_read_only
from marketapp.store.startup_check import StartupState
from marketapp.ui.shell.search_rekey import rekey_if_instant, rekey_search
from marketapp.ui.shell.tasks import Task, run_with_progress

log = logging.getLogger("marketapp")

TICK_MS = 30_000
RAISE_REQUEST = b"raise\n"
RAISE_ANSWER = b"ok\n"
CONNECT_MS = 1000
# -- one copy per data file ------------------------------------------------------------------

def ask_running_copy_to_raise(db_path: Path, timeout_ms: int = CONNECT_MS) -> bool:
    """True when a running copy answered and brought its window forward."""
    from PySide6.QtNetwork import QLocalSocket

    socket = QLocalSocket()
    socket.connectToServer(server_name(db_path))
    if not socket.waitForConnected(timeout_ms):
        return False
    socket.write(RAISE_REQUEST)
    socket.flush()
    answered = False
    socket.waitForBytesWritten(timeout_ms)  # False when flush() already wrote it all
    if socket.bytesAvailable() or socket.waitForReadyRead(timeout_ms):
        answered = bytes(socket.readAll().data()).startswith(RAISE_ANSWER)
    socket.disconnectFromServer()
    return answered


class RaiseServer(QObject):
    """Listens on ``server_name(db_path)``; a later start asks it to raise the window."""

    def __init__(self, db_path: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.window: QWidget | None = None
        self.requests = 0
        from PySide6.QtNetwork import QLocalServer

        self.server = QLocalServer(self)
        self.server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        self.server.newConnection.connect(self._connected)
        name = server_name(db_path)
        if not self.server.listen(name):
            # A socket file left by a killed copy (we hold the lock, so it is stale).
            self.server.removeServer(name)
            if not self.server.listen(name):
                log.warning("cannot listen on %s: %s", name, self.server.errorString())

    def _connected(self) -> None:
        while self.server.hasPendingConnections():
            socket = self.server.nextPendingConnection()
            socket.readyRead.connect(lambda s=socket: self._read(s))
            socket.disconnected.connect(socket.deleteLater)

    def _read(self, socket) -> None:  # a QLocalSocket
        if bytes(socket.readAll().data()).startswith(RAISE_REQUEST.strip()):
            self.requests += 1
            self.bring_forward()
            socket.write(RAISE_ANSWER)
            socket.flush()

    def bring_forward(self) -> None:
        window = self.window
        if window is None:
            return
        if window.isMinimized():
            window.showNormal()
        window.show()
        window.raise_()
        window.activateWindow()

    def close(self) -> None:
        self.server.close()


# -- start -----------------------------------------------------------------------------------

def say_open_elsewhere(exc: InstanceLockError, lang: str) -> None:
    QMessageBox.warning(None, QCoreApplication.translate("Lifecycle", "The data file is already open"), exc.message(lang))


def _data_version(db: Database) -> int | None:
    """SQLite's count of other connections' commits, as this connection sees it."""
    try:
        return db.execute("PRAGMA data_version").fetchone()[0]
    except sqlite3.Error:
        return None


def start_up(db_path: Path, lang: str = "zh", *, opening: Opening | None = None,
             meanwhile: Callable[[], object] | None = None) -> tuple[AppLifecycle | None, int]:
    """Lock, check and open the data file; ``(None, exit code)`` when the app must not open.

    ``opening`` is the lock and check begun earlier (``marketapp.launch`` begins them before the
    widgets are imported); without it they begin here. ``meanwhile`` runs on this thread while the
    check reads the file. Nothing is opened for writing before the check is done."""
    db_path = Path(db_path)
    opening = opening or Opening(db_path)
    exc = opening.lock_error
    if exc is not None:
        if exc.code == "open_elsewhere" and ask_running_copy_to_raise(db_path):
            return None, 0  # the running window came forward: nothing else to do
        if exc.code == "open_elsewhere":
            say_open_elsewhere(exc, lang)
        else:
            QMessageBox.critical(None, QCoreApplication.translate("Lifecycle", "Cannot open the data file"), exc.message(lang))
        return None, 1
    try:
        try:
            if meanwhile is not None:
                meanwhile()
        finally:
            mirror, state = opening.result()
        forget_clean_close(db_path)  # opened for writing now: a crash must mean a check
        db, read_only = open_after_check(state, db_path, lang, mirror)
    except BaseException:
        opening.release()
        raise
    if db is None:
        opening.release()
        return None, 1
    return AppLifecycle(db_path, opening.lock, db, read_only=read_only, mirror_dir=mirror,
                        state=state), 0


def open_after_check(state: StartupState, db_path: Path, lang: str,
                     mirror: Path | None) -> tuple[Database | None, bool]:
    """(database, read_only) after telling the person what the check found."""
    if state.status == "disk_full":  # not damage: a restore would fail for lack of room too
        QMessageBox.critical(None, QCoreApplication.translate("Lifecycle",
                                                              "Cannot open the data file"),
                             state.message(lang) or "")
        return None, False
    if state.status == "damaged":
        if offer_restore(state, db_path, lang):
            return open_data_file(db_path, lang), False
        if not state.can_read:
            return None, False
        try:
            return open_read_only(db_path), True
        except sqlite3.Error as exc:
            QMessageBox.critical(None, QCoreApplication.translate("Lifecycle", "Cannot open the data file"), str(exc))
            return None, False
    if state.storage_warning:
        QMessageBox.warning(None, QCoreApplication.translate("Lifecycle", "Where the data file is kept"), state.storage_warning)
    return open_data_file(db_path, lang), False


def offer_restore(state: StartupState, db_path: Path, lang: str) -> bool:
    """Say the file is damaged; True when the newest good backup was restored (in a worker,
    a small dialog saying so meanwhile)."""
    text = state.message(lang) or ""
    title = QCoreApplication.translate("Lifecycle", "The data file is damaged")
    if state.good_backup is None:
        QMessageBox.critical(None, title, text)
        return False
    question = text + "\n\n" + QCoreApplication.translate("Lifecycle", "Restore the newest good backup now? (The damaged file is "
                                   "kept in the backups folder.) Choose No to open it "
                                   "read-only.")
    answer = QMessageBox.question(
        None, title, question,
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.Yes)
    if answer != QMessageBox.StandardButton.Yes:
        return False
    good = state.good_backup
    try:
        result = run_with_progress(lambda: restore_from(good, db_path),
                                   QCoreApplication.translate("Lifecycle", "Restoring…"))
    except UserError as exc:
        QMessageBox.critical(None, QCoreApplication.translate("Lifecycle", "Restore failed"), exc.message(lang))
        return False
    done = QCoreApplication.translate("Lifecycle", "The data was restored from {path}.").format(path=result.restored_from)
    QMessageBox.information(None, QCoreApplication.translate("Lifecycle", "Restored"), done)
    return True


# -- running and exit ------------------------------------------------------------------------

class AppLifecycle(QObject):
    """Owns the lock, the raise server, the automatic backup and the orderly exit."""

    def __init__(self, db_path: Path, lock: InstanceLock, db: Database, *,
                 read_only: bool = False, mirror_dir: Path | None = None,
                 state: StartupState | None = None, tick_ms: int = TICK_MS) -> None:
        super().__init__()
        self.db_path = Path(db_path)
        self.lock = lock
        self.db = db
        self.read_only = read_only
        self.mirror_dir = mirror_dir
        self.state = state
        self.window: QWidget | None = None
        self.session = None
        # Listening for later starts begins once the event loop runs: QtNetwork and the
        # socket are not needed to show the window (about 7 ms of start-up).
        self.server: RaiseServer | None = None
        QTimer.singleShot(0, self._listen)
        self.scheduler = BackupScheduler(self.db_path, mirror_dir=mirror_dir)
        if not read_only:
            rekey_if_instant(db)
        self.watcher = ChangeWatcher(db) if not read_only else None
        self.task: Task | None = None
        self.error_said = False
        self.last_error: str | None = None
        self.closed = False
        self.timer = QTimer(self)
        self.timer.setInterval(tick_ms)
        self.timer.timeout.connect(self.tick)
        app = QApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.shutdown)

    def _listen(self) -> None:
        if self.closed or self.server is not None:
            return
        self.server = RaiseServer(self.db_path, self)
        self.server.window = self.window

    def attach(self, window) -> None:
        """Start serving ``window`` (a MainWindow): raise requests, backups, status bar."""
        self.window = window
        self.session = window.session
        if self.server is not None:
            self.server.window = window
        window.lifecycle = self
        if self.read_only:
            window.setWindowTitle(window.windowTitle() + " — " + QCoreApplication.translate("Lifecycle", "read-only"))
            window.status.showMessage(QCoreApplication.translate("Lifecycle", "The data file is damaged and open read-only: "
                                          "restore a backup from the Data menu."))
        else:
            self.timer.start()
            self._serve(window)

    def _serve(self, window) -> None:
        """The stall devices' server, when its switch was left on (in a worker)."""
        from marketapp.ui.devices.hub_control import hub_control
        from marketapp.ui.devices.status import show_hub_in

        control = hub_control(window.session)
        show_hub_in(window.status, control, window)
        control.start_saved()

    def rekey_search(self) -> bool:
        """Once the window shows: re-key the search when the key rules changed."""
        if self.read_only:
            return False
        return rekey_search(self.current_db(), self.db_path, self.window)

    def current_db(self) -> Database:
        return self.session.db if self.session is not None else self.db

    def database_replaced(self, db: Database, *, read_only: bool = False) -> None:
        """After a restore reopened the file (data menu)."""
        self.db = db
        self.read_only = read_only
        if not read_only:
            rekey_if_instant(db)  # a restored backup may be of an older version
        self.watcher = ChangeWatcher(db) if not read_only else None
        if not read_only and not self.timer.isActive() and self.window is not None:
            self.timer.start()
        if self.window is not None:
            self.rekey_search()

    # -- automatic backup

    def tick(self, now: datetime | None = None) -> bool:
        """One timer step; True when a backup was started."""
        if self.closed or self.read_only or self.watcher is None or self.busy:
            return False
        now = now or datetime.now()
        try:
            changed = self.watcher.changed()
        except sqlite3.Error:
            return False
        if not self.scheduler.due(now, changed):
            return False
        scheduler = self.scheduler
        self.task = Task(lambda: scheduler.backup(now, "auto"), self)
        self.task.succeeded.connect(self._backed_up)
        self.task.failed.connect(self._backup_failed)
        self.task.start()
        return True

    @property
    def busy(self) -> bool:
        return self.task is not None and self.task.isRunning()

    def _backed_up(self, result) -> None:
        self.task = None
        status = getattr(self.window, "status", None)
        if status is not None:
            status.refresh()
        if result.mirror_error is not None:
            self._say_once(result.mirror_error.message())
        else:
            self.error_said, self.last_error = False, None

    def _backup_failed(self, exc: BaseException) -> None:
        self.task = None
        text = exc.message() if isinstance(exc, UserError) else str(exc)
        self._say_once(text)

    def _say_once(self, text: str) -> None:
        self.last_error = text
        status = getattr(self.window, "status", None)
        if status is not None:
            status.showMessage(QCoreApplication.translate("Lifecycle", "Automatic backup failed: {reason}").format(reason=text))
        if self.error_said:
            return
        self.error_said = True
        QMessageBox.warning(self.window, QCoreApplication.translate("Lifecycle", "Automatic backup"),
                            QCoreApplication.translate("Lifecycle", "The automatic backup did not work: {reason}\n\nThe data "
                                "itself is safe. It will be tried again; this message is not "
                                "shown again until a backup works.").format(reason=text))

    # -- exit

    def shutdown(self) -> None:
        """Exit backup, close the database, release the lock; once.

        The backup runs in a worker with a small "Backing up…" dialog; this returns only
        when it has finished, or failed and said so."""
        if self.closed:
            return
        self.closed = True
        self.timer.stop()
        self._stop_serving()
        if self.task is not None:
            self.task.wait()
        if self.server is not None:
            self.server.close()  # a later start is told the file is open, not "raised"
        db = self.current_db()
        before = _data_version(db)
        checked = not self.read_only and self._exit_backup()
        # Another connection (a command-line import, say) wrote while the backup ran: what
        # it wrote was not in the checked copy.
        checked = checked and before is not None and _data_version(db) == before
        try:
            db.close()
        except sqlite3.Error:
            checked = False
        try:
            if checked:  # the backup's copy passed quick_check; closing emptied the log
                record_clean_close(self.db_path)
        finally:
            self.lock.release()

    def _stop_serving(self) -> None:
        """The stall devices' server ends before the backup and the close; whatever fails
        here, the exit goes on."""
        hub = getattr(self.session, "hub", None)
        if hub is None:
            return
        try:
            hub.shutdown()
        except Exception:
            log.exception("stopping the stall devices' server failed")

    def _exit_backup(self) -> bool:
        """The exit backup; True when it was made (and its copy passed quick_check)."""
        path, mirror = self.db_path, self.mirror_dir
        title = QCoreApplication.translate("Lifecycle", "Backup on exit")
        try:
            result = run_with_progress(lambda: backup_now(path, "exit", mirror_dir=mirror),
                                       QCoreApplication.translate("Lifecycle", "Backing up…"),
                                       self.window)
        except Exception as exc:  # whatever went wrong, say it, then close and unlock
            log.exception("exit backup failed")
            reason = exc.message() if isinstance(exc, UserError) else str(exc)
            QMessageBox.warning(self.window, title, QCoreApplication.translate(
                "Lifecycle", "The backup on exit did not work: {reason}\n\nThe data itself "
                "is safe. Back up from the Data menu the next time the app is open."
            ).format(reason=reason))
            return False
        if result.mirror_error is not None:
            QMessageBox.warning(self.window, title, result.mirror_error.message())
        return True


def open_data_file(db_path: Path, lang: str) -> Database | None:
    """The database, or None after telling the person why it could not be opened."""
    try:
        return open_database(db_path)
    except UserError as exc:
        text = exc.message(lang)
    except (sqlite3.Error, UnicodeDecodeError, OSError) as exc:  # see store.integrity
        log.exception("cannot open %s", db_path)
        template = QCoreApplication.translate("App", "Cannot open the data file {path}: {reason}")
        reason = os_reason(exc) if isinstance(exc, OSError) else exc
        text = template.format(path=db_path, reason=reason)
    title = QCoreApplication.translate("App", "Cannot open the data file")
    QMessageBox.critical(None, title, text)
    return None
