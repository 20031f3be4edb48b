"""The main window: navigation on the left (F1–F7), one page at a time, the menus
(集市 Market, 数据 Data, 帮助 Help), the status bar. Quitting in the middle of a market, or with an
outcome typed but not saved at the stall desk, asks first.

Pages are imported and created the first time they are shown (start-up builds only the
registration desk). Every page class takes ``(session: Session, parent: QWidget | None =
None)``; a page may define ``on_shown()`` to refresh itself whenever it is brought to the
front.
"""

from __future__ import annotations

import importlib
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QButtonGroup,
    QHBoxLayout,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from marketapp.core.market.listing import served_and_waiting
from marketapp.core.settings import get_setting
from marketapp.ui.data.menu import DataMenu
from marketapp.ui.help.menu import HelpMenu
from marketapp.ui.shell.session import Session
from marketapp.ui.shell.status_bar import MarketStatusBar
from marketapp.ui.widgets import style

if TYPE_CHECKING:
    from marketapp.ui.display.window import DisplayWindow
    from marketapp.ui.market_day.close_dialog import CloseMarketDialog
    from marketapp.ui.market_day.reopen_dialog import ReopenMarketDialog

PageFactory = Callable[[Session, QWidget], QWidget]


@dataclass(frozen=True)
class PageSpec:
    key: str
    page_class: str  # "module:Class", imported when the page is first shown
    shortcut: Qt.Key

    @property
    def factory(self) -> PageFactory:
        module, _, name = self.page_class.partition(":")
        return getattr(importlib.import_module(module), name)


PAGES: tuple[PageSpec, ...] = (
    PageSpec("registration", "marketapp.ui.registration.page:RegistrationPage", Qt.Key.Key_F1),
    PageSpec("queues", "marketapp.ui.queues.page:QueuesPage", Qt.Key.Key_F2),
    PageSpec("stall", "marketapp.ui.stall.page:StallPage", Qt.Key.Key_F3),
    PageSpec("villagers", "marketapp.ui.villagers.page:VillagersPage", Qt.Key.Key_F4),
    PageSpec("requests", "marketapp.ui.requests.page:RequestsPage", Qt.Key.Key_F5),
    PageSpec("reports", "marketapp.ui.reports.page:ReportsPage", Qt.Key.Key_F6),
    PageSpec("settings", "marketapp.ui.settings.page:SettingsPage", Qt.Key.Key_F7),
)
START_PAGE = "registration"
NAV_WIDTH = 150


def import_page(key: str = START_PAGE) -> PageFactory:
    """The page class for ``key``, importing its module (start-up does this for the start
    page while the data file is being checked)."""
    return next(spec for spec in PAGES if spec.key == key).factory


class MainWindow(QMainWindow):
    page_changed = Signal(str)

    def __init__(self, session: Session, parent: QWidget | None = None,
                 start_page: str = START_PAGE) -> None:
        super().__init__(parent)
        self.session = session
        self.db = session.db
        self.db_path = Path(session.db_path)
        self._specs = {spec.key: spec for spec in PAGES}
        self._pages: dict[str, QWidget] = {}
        self.nav_buttons: dict[str, QPushButton] = {}

        self.stack = QStackedWidget()
        central = QWidget()
        row = QHBoxLayout(central)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(0)
        row.addWidget(self._build_nav())
        row.addWidget(self.stack, 1)
        self.setCentralWidget(central)
        self.status = MarketStatusBar(self.db_path)
        self.setStatusBar(self.status)
        self.display: DisplayWindow | None = None
        self._may_close = False  # the person said "Quit" to the question (closeEvent)
        self.asks_before_quit = False
        self._add_display_action()
        self._add_market_menu()
        self.data_menu = DataMenu(self)
        self.help_menu = HelpMenu(self)
        self.update_title()
        session.events.market_changed.connect(self._market_changed)
        session.events.market_changed.connect(self.update_market_status)
        session.events.market_changed.connect(self.update_market_menu)
        session.events.queue_changed.connect(self.update_market_status)
        self.update_market_status()
        self.show_page(start_page)

    def page_titles(self) -> dict[str, str]:
        return {
            "registration": self.tr("Registration"),
            "queues": self.tr("Queues"),
            "stall": self.tr("Stall desk"),
            "villagers": self.tr("Villagers"),
            "requests": self.tr("Requests"),
            "reports": self.tr("Reports"),
            "settings": self.tr("Settings"),
        }

    def _build_nav(self) -> QWidget:
        nav = QWidget()
        nav.setObjectName("navigation")
        nav.setFixedWidth(NAV_WIDTH)
        nav.setStyleSheet(
            f"#navigation {{ background: {style.SLATE}; }}"
            f"#navigation QPushButton {{ color: {style.WHITE}; background: transparent;"
            " border: none; text-align: left; padding: 8px 14px; font-size: 15pt; }"
            f"#navigation QPushButton:checked {{ background: {style.NAV_CHECKED};"
            " font-weight: bold; }"
            f"#navigation QPushButton:hover:!checked {{ background: {style.NAV_HOVER}; }}"
        )
        column = QVBoxLayout(nav)
        column.setContentsMargins(0, 8, 0, 8)
        column.setSpacing(2)
        group = QButtonGroup(self)
        group.setExclusive(True)
        titles = self.page_titles()
        for spec in PAGES:
            key_name = QKeySequence(spec.shortcut).toString()
            button = QPushButton(f"{titles[spec.key]}\n{key_name}")
            button.setCheckable(True)
            button.setMinimumHeight(56)
            button.setToolTip(f"{titles[spec.key]} ({key_name})")
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.clicked.connect(lambda _=False, key=spec.key: self.show_page(key))
            group.addButton(button)
            column.addWidget(button)
            self.nav_buttons[spec.key] = button
            shortcut = QShortcut(QKeySequence(spec.shortcut), self)
            shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
            shortcut.activated.connect(lambda key=spec.key: self.show_page(key))
        column.addStretch(1)
        self._nav_column = column
        return nav

    def _add_display_action(self) -> None:
        """The public display (a second window for the TV): F8 or the button under the pages."""
        text = self.tr("Public display")
        self.display_action = QAction(text, self)
        self.display_action.setShortcut(QKeySequence(Qt.Key.Key_F8))
        self.display_action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        self.display_action.setToolTip(self.tr("Open the calling screen on the TV (F8)"))
        self.display_action.triggered.connect(self.open_display)
        self.addAction(self.display_action)
        button = QPushButton(f"{text}\nF8")
        button.setToolTip(self.display_action.toolTip())
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        button.setMinimumHeight(56)
        button.clicked.connect(self.display_action.trigger)
        self.display_button = button
        self._nav_column.addWidget(button)

    def _add_market_menu(self) -> None:
        """集市 menu: close the market day (its report, backup and printout); reopen a day
        closed today by mistake (enabled only while there is one)."""
        menu = self.menuBar().addMenu(self.tr("&Market"))
        self.close_market_action = QAction(self.tr("Close market day…"), self)
        self.close_market_action.setToolTip(
            self.tr("Close today's market: back up, save and print the day's summary"))
        self.close_market_action.triggered.connect(self.open_close_market)
        menu.addAction(self.close_market_action)
        self.reopen_market_action = QAction(self.tr("Reopen market day…"), self)
        self.reopen_market_action.setToolTip(
            self.tr("Open again a market closed today by mistake: the people it sent away go "
                    "back in line"))
        self.reopen_market_action.triggered.connect(self.open_reopen_market)
        menu.addAction(self.reopen_market_action)
        menu.aboutToShow.connect(self.update_market_menu)
        self.market_menu = menu
        self.update_market_menu()

    def update_market_menu(self) -> None:
        """收市 only while a day is open; 重新开集 only while one closed today."""
        from marketapp.core.market.days import closed_today

        self.close_market_action.setEnabled(self.session.market() is not None)
        self.reopen_market_action.setEnabled(bool(closed_today(self.db)))

    def open_reopen_market(self) -> ReopenMarketDialog:
        from marketapp.ui.market_day.reopen_dialog import ReopenMarketDialog

        self.reopen_dialog = self._open_market_dialog(ReopenMarketDialog(self.session, self))
        return self.reopen_dialog

    def open_close_market(self) -> CloseMarketDialog:
        from marketapp.ui.market_day.close_dialog import CloseMarketDialog

        self.close_dialog = self._open_market_dialog(CloseMarketDialog(self.session, self))
        return self.close_dialog

    def _open_market_dialog(self, dialog):
        """A Market-menu dialog: window-modal, gone when closed, the status bar refreshed."""
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(lambda _result: self.status.refresh())
        dialog.open()
        return dialog

    def open_display(self) -> DisplayWindow:
        """F8: the public display — full screen on the TV with the desk keeping the keyboard;
        on the desk's own screen F8 again (or Esc in the display) brings the desk back."""
        from marketapp.ui.display.window import DisplayWindow

        if self.display is None:
            self.display = DisplayWindow(self.session, self)
            self.display.notice.connect(lambda text: self.status.showMessage(text, 15000))
            self.display.desk_wanted.connect(self.bring_desk_back)
        elif self.display.isVisible() and self.display_covers_desk():
            self.bring_desk_back()
            return self.display
        tv = self.display.place(self.screen())
        if tv is not None and tv is not self.screen():
            self.activateWindow()  # the TV shows; typing stays at the desk
        else:
            self.display.raise_()
            self.display.activateWindow()  # F8 or Esc there: the desk again
        return self.display

    def display_covers_desk(self) -> bool:
        """A display on the staff window's screen (one screen; or told to fill it)."""
        if self.display is None:
            return False
        return self.display.placed_on is None or self.display.placed_on is self.screen()

    def bring_desk_back(self) -> None:
        """The staff window in front with the keyboard, at once; a display on the desk's
        own screen steps aside (one on the TV stays)."""
        if self.display is not None and self.display_covers_desk():
            self.display.hide()
        self.raise_()
        self.activateWindow()

    def page(self, key: str) -> QWidget:
        """The page for ``key``, created on first use."""
        if key not in self._pages:
            widget = self._specs[key].factory(self.session, self.stack)
            widget.setObjectName(f"page_{key}")
            self._pages[key] = widget
            self.stack.addWidget(widget)
            if key == "settings":
                widget.saved.connect(self.update_title)  # type: ignore[attr-defined]
        return self._pages[key]

    def all_pages(self) -> dict[str, QWidget]:
        return {spec.key: self.page(spec.key) for spec in PAGES}

    def show_page(self, key: str) -> None:
        widget = self.page(key)
        self.stack.setCurrentWidget(widget)
        self.nav_buttons[key].setChecked(True)
        on_shown = getattr(widget, "on_shown", None)
        if callable(on_shown):
            on_shown()
        self.page_changed.emit(key)

    def current_key(self) -> str:
        current = self.stack.currentWidget()
        return next(key for key, widget in self._pages.items() if widget is current)

    def _market_changed(self) -> None:
        # A line about the day before ("slips saved…", "A001 done") would be stale now.
        self.status.clearMessage()

    def update_market_status(self) -> None:
        """The status bar's market day and its served / waiting counts; after 收市 the day
        that closed, when and by whom."""
        from marketapp.core.market.days import latest_closed_today
        from marketapp.ui.market_day.no_market import closed_text

        day = self.session.market()
        if day is None:
            closed = latest_closed_today(self.db)
            self.status.set_market_day(None if closed is None else self.tr(
                "{village} market: {when}").format(village=closed.village,
                                                           when=closed_text(closed)))
            # The day just closed keeps its served count (its line is empty now).
            self.status.set_counts(None if closed is None else
                                   served_and_waiting(self.db, closed.id)[0], None)
            return
        self.status.set_market_day(f"{day.date} {day.village}")
        self.status.set_counts(*served_and_waiting(self.db, day.id))

    # ------------------------------------------------------------------ quitting

    def quit_question(self) -> tuple[str, str | None] | None:
        """What to ask before quitting — (text, the ticket whose outcome is typed but not
        saved) — or None when quitting loses nothing and leaves no market half-way."""
        day = self.session.market()
        stall = self._pages.get("stall")
        unsaved = stall.unsaved_outcome() if stall is not None else None  # type: ignore[attr-defined]
        if day is None and unsaved is None:
            return None
        parts = []
        if unsaved is not None:
            parts.append(self.tr("The outcome typed for {label} at the stall desk is not "
                                 "saved: quitting now loses it.").format(label=unsaved))
        if day is not None:
            from marketapp.core.market.listing import unserved_count

            waiting = unserved_count(self.db, day.id)
            parts.append(self.tr("The market at {village} is still open, {n} people waiting "
                                 "or called. It stays open: start the app again to carry on, "
                                 "or close the market day (Market menu) first.").format(
                village=day.village, n=waiting))
        return "\n\n".join(parts), unsaved

    def closeEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        """Alt+F4 or the window's ✕ in the middle of a market asks first (without blocking:
        the question is window-modal and the answer closes the window again). The app's
        window asks (``ui.shell.app.build_main_window``); one built for a screenshot or a
        test closes when told."""
        lifecycle = getattr(self, "lifecycle", None)  # the data file closed: nothing to ask
        asked = (self.asks_before_quit and not self._may_close and self.isVisible()
                 and not getattr(lifecycle, "closed", False))
        try:
            question = self.quit_question() if asked else None
        except sqlite3.Error:  # whatever became of the file, closing must not fail
            question = None
        if question is None:
            super().closeEvent(event)
            return
        event.ignore()
        self.ask_before_quit(*question)

    def ask_before_quit(self, text: str, unsaved: str | None) -> QMessageBox:
        box = QMessageBox(QMessageBox.Icon.Question, self.tr("Quit the service market?"), text,
                          QMessageBox.StandardButton.NoButton, self)
        quit_button = box.addButton(self.tr("Quit"), QMessageBox.ButtonRole.DestructiveRole)
        stay = box.addButton(self.tr("Keep working"), QMessageBox.ButtonRole.RejectRole)
        show = (box.addButton(self.tr("Go to {label}").format(label=unsaved),
                              QMessageBox.ButtonRole.ActionRole) if unsaved else None)
        box.setDefaultButton(show or stay)
        box.setEscapeButton(stay)
        box.setWindowModality(Qt.WindowModality.WindowModal)

        def answered() -> None:
            clicked = box.clickedButton()
            if clicked is quit_button:
                self._may_close = True
                self.close()
            elif show is not None and clicked is show:
                self.show_page("stall")
                self.page("stall").focus_outcome()  # type: ignore[attr-defined]

        box.finished.connect(answered)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.quit_box = box
        box.open()
        return box

    def update_title(self) -> None:
        # Ends with the application's display name, which the window system then does not
        # add a second time ("城南乡服务集市", not "服务集市 — 城南乡 — 服务集市").
        township = get_setting(self.db, "township") or ""
        self.setWindowTitle(self.tr("{township} — Service market").format(township=township)
                            if township else self.tr("Service market"))
