"""The public display (叫号大屏): a second top-level window for a TV facing the waiting crowd.

Shows the number being called now in large type (at least 15% of the window's height) with
its stall, and for every stall the numbers being called and the next few. Public: names only
masked (张*明, from ``board_snapshot``), never an ID number or phone. Refreshes every second;
new calls are found by comparing consecutive lists of calls (``stall_desk.calls_now``: a
recall changes the recall count) and are announced by ``Voice``.

Placement: the ``display_screen`` setting, -1 = full screen on a screen other than the
desk's when there is one (the TV), otherwise a normal window; n >= 0 = full screen on screen
n. The desk keeps the keyboard: on two screens the staff window stays active beside the TV;
on one, F8 or Esc in the display hands the screen back to the desk at once (``desk_wanted``:
the main window hides the display and comes forward). F11 toggles full screen. A screen
plugged in while the display shows moves it there.

Always in Chinese (``public_text``), whatever the staff's language: villagers read it. How
calls are announced (the voice's status) is for the staff: ``notice`` takes it to the main
window's status bar; the TV does not show it.
"""

from __future__ import annotations

import math
from datetime import datetime

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QFont, QGuiApplication, QKeyEvent, QResizeEvent, QScreen
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLayout,
    QVBoxLayout,
    QWidget,
)

from marketapp.core.market.days import latest_closed_today
from marketapp.core.screens.board import BoardSnapshot, StallBoard, board_snapshot
from marketapp.core.screens.stall_desk import CallKey, calls_now
from marketapp.core.settings import get_setting
from marketapp.ui.display.public_text import translate
from marketapp.ui.display.voice import Voice
from marketapp.ui.shell.session import Session
from marketapp.ui.widgets import style

REFRESH_MS = 1000
NEXT_SHOWN = 4
BIG_NUMBER_SHARE = 0.22  # of the window height; the issue asks for at least 0.15


def target_screen(setting: int, screens: list[QScreen],
                  desk: QScreen | None = None) -> QScreen | None:
    """The screen to fill, or None for a normal window. -1: the first screen that is not
    the desk's (the second screen when the desk is on the first)."""
    if setting == -1:
        others = [s for s in screens if s is not desk] if desk is not None else screens[1:]
        return others[0] if others and len(screens) > 1 else None
    if 0 <= setting < len(screens):
        return screens[setting]
    return None


def available_screens() -> list[QScreen]:
    return QGuiApplication.screens()


def _label(colour: str = style.WHITE, bold: bool = False) -> QLabel:
    label = QLabel()
    label.setStyleSheet(f"color: {colour}; background: transparent;")
    if bold:
        font = label.font()
        font.setBold(True)
        label.setFont(font)
    return label


def _px(label: QLabel, pixels: float) -> None:
    font = QFont(label.font())
    font.setPixelSize(max(10, int(pixels)))
    label.setFont(font)


def tile_columns(stalls: int) -> int:
    """Tiles per row: four rows of ten stalls left each tile's text too small on a 720p TV."""
    return 4 if stalls > 9 else 3 if stalls > 4 else 2


class StallTile(QFrame):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("tile")
        self.setStyleSheet(f"#tile {{ background: {style.DISPLAY_TILE}; border-radius: 10px; }}")
        self.name = _label(style.DISPLAY_GOLD, bold=True)
        self.calling = _label(style.WHITE, bold=True)
        self.next = _label(style.DISPLAY_SOFT)
        self.waiting = _label(style.DISPLAY_SOFT)  # read from the back of the crowd: not dimmer
        column = QVBoxLayout(self)
        column.setContentsMargins(14, 8, 14, 8)
        column.setSpacing(2)
        for label in (self.name, self.calling, self.next, self.waiting):
            column.addWidget(label)

    def show_board(self, board: StallBoard) -> None:
        self.name.setText(f"{board.letter}  {board.name_zh}")
        # One number with its masked name; several: the numbers only (they must fit).
        called = ([f"{c.label} {c.name}" for c in board.calling] if len(board.calling) == 1
                  else [c.label for c in board.calling])
        self.calling.setText(translate("StallTile", "Calling: {who}").format(
            who="  ".join(called) or "—"))
        self.next.setText(translate("StallTile", "Next: {labels}").format(
            labels="  ".join(board.next_labels[:NEXT_SHOWN]) or "—"))
        minutes = f"{board.wait_minutes:.0f}" if board.wait_minutes > 0 else "0"
        self.waiting.setText(translate("StallTile", "{n} waiting · about {minutes} min").format(
            n=board.waiting, minutes=minutes))

    def set_scale(self, pixels: float) -> None:
        _px(self.name, pixels * 1.1)
        _px(self.calling, pixels)
        _px(self.next, pixels * 0.85)
        _px(self.waiting, pixels * 0.85)


class DisplayWindow(QWidget):
    notice = Signal(str)  # for the staff's status bar: how calls are announced
    desk_wanted = Signal()  # F8 or Esc here: the staff want their window back

    def __init__(self, session: Session, parent: QWidget | None = None,
                 voice: Voice | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setAttribute(Qt.WidgetAttribute.WA_QuitOnClose, False)
        self.session = session
        self.db = session.db
        self.snapshot: BoardSnapshot | None = None
        self._calls: list[CallKey] | None = None  # None until the first look
        self.current: CallKey | None = None
        self.placed_on: QScreen | None = None  # the screen it fills; None: a normal window
        self.voice = voice or Voice(self._voice_settings, self)
        self.voice.notice.connect(self.notice)
        self.setStyleSheet(f"DisplayWindow {{ background: {style.DISPLAY_BACKGROUND}; }}")
        self.setAutoFillBackground(True)
        palette = self.palette()
        palette.setColor(self.backgroundRole(), style.DISPLAY_BACKGROUND)
        self.setPalette(palette)

        self.header = _label(style.DISPLAY_TEXT, bold=True)
        self.clock = _label(style.DISPLAY_TEXT)
        head = QHBoxLayout()
        head.addWidget(self.header, 1)
        head.addWidget(self.clock)

        self.please = _label(style.DISPLAY_GOLD, bold=True)
        self.please.setText(translate("DisplayWindow", "Now calling"))
        self.number = _label(style.WHITE, bold=True)
        self.number.setObjectName("bigNumber")
        self.number.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.stall_name = _label(style.DISPLAY_GOLD, bold=True)
        self.who = _label(style.DISPLAY_TEXT)
        band = QFrame()
        band.setObjectName("band")
        band.setStyleSheet(f"#band {{ background: {style.DISPLAY_BAND}; border-radius: 12px; }}")
        words = QVBoxLayout()
        words.addStretch(1)
        words.addWidget(self.please)
        words.addWidget(self.stall_name)
        words.addWidget(self.who)
        words.addStretch(1)
        band_row = QHBoxLayout(band)
        band_row.setContentsMargins(24, 4, 24, 4)
        band_row.addWidget(self.number, 3)
        band_row.addLayout(words, 4)

        self.tiles_box = QWidget()
        self.tiles_grid = QGridLayout(self.tiles_box)
        self.tiles_grid.setContentsMargins(0, 0, 0, 0)
        self.tiles_grid.setSpacing(10)
        self.tiles: dict[str, StallTile] = {}

        self.empty = _label(style.DISPLAY_TEXT, bold=True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)

        column = QVBoxLayout(self)
        # The fonts follow the window's height (_scale), so the text of the size before must
        # not hold the window up: moved from a 1080-line TV to a 768-line screen it stayed
        # 872 high, its last row of stalls off the screen, until resized again.
        column.setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)
        column.setContentsMargins(20, 12, 20, 8)
        column.addLayout(head)
        column.addWidget(band, 4)
        column.addWidget(self.tiles_box, 5)
        column.addWidget(self.empty, 1)
        self.band = band

        self.timer = QTimer(self)
        self.timer.setInterval(REFRESH_MS)
        self.timer.timeout.connect(self.refresh)
        session.events.queue_changed.connect(self._refresh_if_shown)
        session.events.market_changed.connect(self._refresh_if_shown)
        self.resize(1280, 720)
        app = QGuiApplication.instance()
        if isinstance(app, QGuiApplication):
            app.screenAdded.connect(self._screens_changed)
            app.screenRemoved.connect(self._screens_changed)
        self.refresh()
        self.voice.prepare()  # chosen in the voice's worker process; ``notice`` says what

    # ------------------------------------------------------------------ placement

    def place(self, desk: QScreen | None = None) -> QScreen | None:
        """Show on the screen the settings choose (full screen), or as a normal window;
        ``desk`` is the staff window's screen (the TV is another one)."""
        setting = get_setting(self.db, "display_screen")
        screen = target_screen(int(setting if setting is not None else -1),
                               available_screens(), desk)
        self.placed_on = screen
        if screen is None:
            self.showNormal()
        else:
            self.setGeometry(screen.geometry())
            self.showFullScreen()
        return screen

    def _screens_changed(self, *_screen) -> None:
        """A TV plugged in (or out) while the display shows: where it belongs now."""
        if self.isVisible():
            parent = self.parentWidget()
            self.place(parent.screen() if parent is not None else None)

    def showEvent(self, event) -> None:  # noqa: N802
        super().showEvent(event)
        self.timer.start()

    def hideEvent(self, event) -> None:  # noqa: N802
        self.timer.stop()  # a closed display does no work
        super().hideEvent(event)

    def _refresh_if_shown(self) -> None:
        if self.isVisible():
            self.refresh()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        if event.key() in (Qt.Key.Key_Escape, Qt.Key.Key_F8):
            self.desk_wanted.emit()
        elif event.key() == Qt.Key.Key_F11:
            self.showNormal() if self.isFullScreen() else self.showFullScreen()
        else:
            super().keyPressEvent(event)

    # ------------------------------------------------------------------ content

    def _voice_settings(self) -> tuple[bool, int]:
        return bool(get_setting(self.db, "voice_enabled")), int(get_setting(self.db,
                                                                             "voice_volume"))

    def refresh(self) -> None:
        self.clock.setText(datetime.now().strftime("%H:%M"))
        day = self.session.market()
        if day is None:
            self.snapshot = None
            self._calls = None
            self.setWindowTitle(translate("DisplayWindow", "Public display"))
            self.header.setText(translate("DisplayWindow", "Service market"))
            closed = latest_closed_today(self.db)
            self.empty.setText(
                translate("DisplayWindow", "The market has not opened yet") if closed is None
                else translate("DisplayWindow", "Today's market at {village} has closed. "
                               "Thank you for coming").format(village=closed.village))
            self.empty.setVisible(True)
            self.band.setVisible(False)
            self.tiles_box.setVisible(False)
            return
        self.empty.setVisible(False)
        self.band.setVisible(True)
        self.tiles_box.setVisible(True)
        self.setWindowTitle(translate("DisplayWindow", "Public display — {village}").format(
            village=day.village))
        self.header.setText(translate(
            "DisplayWindow", "Service market · {village} · {date}").format(
            village=day.village, date=day.date))
        self.snapshot = board_snapshot(self.db, day.id, next_count=NEXT_SHOWN)
        self._announce_new(calls_now(self.db, day.id))
        self._show_tiles(self.snapshot)
        self._show_current()

    def _announce_new(self, calls: list[CallKey]) -> None:
        previous = self._calls
        self._calls = calls
        if previous is None:  # first look: show, do not announce what was called before
            self.current = calls[-1] if calls else None
            return
        names = {b.stall_id: b.name_zh for b in self.snapshot.stalls} if self.snapshot else {}
        seen = set(previous)
        for call in calls:
            if call not in seen:
                self.current = call
                self.voice.announce(call.label, names.get(call.stall_id, ""))
        if self.current is not None and self.current.label not in {c.label for c in calls}:
            self.current = calls[-1] if calls else None

    def _show_current(self) -> None:
        call = self.current
        board = next((b for b in self.snapshot.stalls if call and b.stall_id == call.stall_id),
                     None) if self.snapshot else None
        self.please.setVisible(call is not None and board is not None)  # nothing to call out
        if call is None or board is None:
            self.number.setText("—")
            self.stall_name.setText(translate("DisplayWindow", "Please wait to be called"))
            self.who.setText("")
            return
        self.number.setText(call.label)
        self.stall_name.setText(translate("DisplayWindow", "please go to {stall}").format(
            stall=board.name_zh))
        masked = next((c.name for c in board.calling if c.label == call.label), "")
        counter = (translate("DisplayWindow", "counter {n}").format(n=call.counter)
                   if call.counter else "")
        self.who.setText("  ".join(part for part in (masked, counter) if part))

    def _show_tiles(self, snapshot: BoardSnapshot) -> None:
        ids = [b.stall_id for b in snapshot.stalls]
        if ids != list(self.tiles):
            for tile in self.tiles.values():
                tile.deleteLater()
            self.tiles = {}
            columns = tile_columns(len(ids))
            for i, stall_id in enumerate(ids):
                tile = StallTile()
                self.tiles[stall_id] = tile
                self.tiles_grid.addWidget(tile, i // columns, i % columns)
            self._scale()
        for board in snapshot.stalls:
            self.tiles[board.stall_id].show_board(board)

    # ------------------------------------------------------------------ sizes

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        super().resizeEvent(event)
        self._scale()

    def _scale(self) -> None:
        h = max(self.height(), 200)
        _px(self.number, h * BIG_NUMBER_SHARE)
        _px(self.please, h * 0.05)
        _px(self.stall_name, h * 0.075)
        _px(self.who, h * 0.05)
        _px(self.header, h * 0.04)
        _px(self.clock, h * 0.04)
        _px(self.empty, h * 0.06)
        rows = max(1, math.ceil(len(self.tiles) / tile_columns(len(self.tiles))))
        tile_px = min(h * 0.035, h * 0.5 / rows / 5.8)
        for tile in self.tiles.values():
            tile.set_scale(tile_px)
