"""Start the desktop app: QApplication, bundled font, translator, database, main window."""

from __future__ import annotations

import logging
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication
from sqlite_utils import Database

from marketapp.core.settings import get_setting
from marketapp.core.text import set_language
from marketapp.ui.shell.errors import install_excepthook
from marketapp.ui.shell.fonts import install_app_font
from marketapp.ui.shell.i18n import choose_language, install_translator

if TYPE_CHECKING:
    from marketapp.store.opening import Opening
    from marketapp.ui.shell.lifecycle import AppLifecycle
    from marketapp.ui.shell.main_window import MainWindow

log = logging.getLogger("marketapp")
SMALL_SCREEN = (1366, 800)



def create_application(lang: str = "zh") -> QApplication:
    """The QApplication (reused if one exists) with the bundled font and ``lang``'s translator."""
    app = QApplication.instance()
    if app is None:
        app = QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName("marketapp")
    install_app_font(app)
    use_language(app, lang)
    return app


def use_language(app: QApplication, lang: str) -> None:
    set_language(lang)  # core's messages (errors, care flag names) follow the UI language
    install_translator(app, lang)
    # The window system adds it to every window's title ("收市 — 服务集市"): set once the
    # translator is in, or the titles said "服务集市 — Service market".
    app.setApplicationDisplayName(QCoreApplication.translate("App", "Service market"))


def build_main_window(app: QApplication, db: Database, db_path: Path,
                      lang: str) -> MainWindow:
    from marketapp.ui.shell.main_window import MainWindow
    from marketapp.ui.shell.session import Session

    ui_lang = choose_language(get_setting(db, "language"), lang)
    if ui_lang != lang:
        use_language(app, ui_lang)
    window = MainWindow(Session(db, Path(db_path)))
    window.asks_before_quit = True  # Alt+F4 mid-market asks first
    return window


def show_sized(window: MainWindow) -> None:
    """Maximised on a small laptop screen, a comfortable window on a big one."""
    screen = window.screen().availableGeometry() if window.screen() else None
    if screen is None or (screen.width() <= SMALL_SCREEN[0] or screen.height() <= SMALL_SCREEN[1]):
        window.showMaximized()
    else:
        window.resize(1366, 800)
        window.show()


@dataclass
class StartedApp:
    """The app as ``marketapp`` has it just before the event loop starts."""

    app: QApplication
    window: MainWindow
    lifecycle: AppLifecycle


def start_window(db_path: Path, lang: str = "zh",
                 opening: Opening | None = None) -> StartedApp | int:
    """Everything ``marketapp`` does before ``app.exec()``: lock and check the data file
    (``opening``, when marketapp.launch began it before importing the widgets; ui.shell.lifecycle), open it,
    build the window, sign in, show the window, re-key the search if the key rules changed.

    Returns the exit code instead when the app must not open (file open elsewhere,
    unreadable, sign-in cancelled)."""
    from marketapp.ui.shell.lifecycle import start_up

    try:
        app = create_application(lang)
        install_excepthook(Path(db_path).parent / "logs" / "marketapp.log")
    except BaseException:
        if opening is not None:
            opening.release()
        raise
    lifecycle, code = start_up(Path(db_path), lang, opening=opening, meanwhile=import_window)
    if lifecycle is None:
        return code
    try:
        window = build_main_window(app, lifecycle.db, Path(db_path), lang)
        lifecycle.attach(window)
        if not start_signed_in(window, lifecycle.db):
            lifecycle.shutdown()
            return 0
        show_sized(window)
        if not lifecycle.read_only:
            ask_township_once_shown(window)
        lifecycle.rekey_search()
    except BaseException:
        lifecycle.shutdown()
        raise
    return StartedApp(app, window, lifecycle)


def ask_township_once_shown(window: MainWindow) -> None:
    """A data file without its township's name (the first start): ask over the window,
    without holding up the start (``ui.shell.first_run``)."""
    from marketapp.core.settings import township

    if township(window.db):
        return
    from marketapp.ui.shell.first_run import FirstRunDialog

    dialog = window.first_run = FirstRunDialog(window.session, window)  # type: ignore[attr-defined]
    dialog.accepted.connect(window.update_title)
    dialog.open()


def import_window() -> None:
    """The main window's modules and its start page's: imported while the data file is
    checked in another thread."""
    from marketapp.ui.shell.main_window import import_page

    import_page()


def start_signed_in(window: MainWindow, db: Database) -> bool:
    """With sign-in on: ask for it (False = the person quit) and install the idle lock.
    The signed-in name is ``window.session.operator`` (``''`` with sign-in off)."""
    from marketapp.core.access.operators import lock_minutes, signin_required

    if not signin_required(db):
        return True
    from marketapp.ui.shell.idle_lock import IdleLock
    from marketapp.ui.shell.signin_dialog import SignInDialog

    dialog = SignInDialog(db)
    if dialog.exec() != SignInDialog.DialogCode.Accepted or dialog.operator is None:
        return False
    window.session.sign_in_as(dialog.operator.name)
    lock = IdleLock(window, db, lock_minutes(db), operator=dialog.operator.name)
    lock.unlocked.connect(window.session.sign_in_as)
    window.idle_lock = lock  # type: ignore[attr-defined]
    return True
