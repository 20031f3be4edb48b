"""Lock the app after a while without use: the window is covered and a sign-in is needed.

Installed only when sign-in is on. Any key, click, wheel or mouse move in the application
restarts the countdown (setting ``lock_minutes``, default 10). On timeout the main window and
any open dialog are covered (their content hidden, not closed, so nothing typed is lost) and
the sign-in dialog is shown over them; the public display keeps running (it shows only
masked names). Signing in — as the same or another operator — uncovers them.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QApplication, QDialog, QLabel, QVBoxLayout, QWidget
from sqlite_utils import Database

from marketapp.ui.shell.signin_dialog import SignInDialog
from marketapp.ui.widgets import style

ACTIVITY = {
    QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.MouseMove,
    QEvent.Type.Wheel, QEvent.Type.TouchBegin,
}


class LockCover(QWidget):
    """An opaque panel over a window's content while locked."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("lockCover")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setStyleSheet(f"#lockCover {{ background: {style.LOCK_COVER}; }}"
                           f" QLabel {{ color: {style.WHITE}; }}")
        layout = QVBoxLayout(self)
        label = QLabel(self.tr("Locked"))
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        font = label.font()
        font.setPointSizeF(font.pointSizeF() * 2)
        label.setFont(font)
        layout.addWidget(label)
        self.setGeometry(parent.rect())
        parent.installEventFilter(self)
        self.show()
        self.raise_()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if watched is self.parent() and event.type() == QEvent.Type.Resize:
            self.setGeometry(self.parentWidget().rect())
        return False


class IdleLock(QObject):
    locked = Signal()
    unlocked = Signal(str)  # the operator who signed in

    def __init__(self, window: QWidget, db: Database, minutes: float, *,
                 operator: str = "") -> None:
        super().__init__(window)
        self.window = window
        self.db = db
        self.operator = operator
        self.dialog: SignInDialog | None = None
        self._covers: list[LockCover] = []
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(max(1, int(minutes * 60_000)))
        self.timer.timeout.connect(self.lock)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)
        self.timer.start()

    @property
    def is_locked(self) -> bool:
        return self.dialog is not None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if self.dialog is None and event.type() in ACTIVITY:
            self.timer.start()
        return False

    def lock(self) -> None:
        if self.dialog is not None:
            return
        self.timer.stop()
        targets = [self.window] + [w for w in QApplication.topLevelWidgets()
                                   if isinstance(w, QDialog) and w.isVisible()
                                   and not isinstance(w, SignInDialog)]
        self._covers = [LockCover(w) for w in targets]
        self.dialog = SignInDialog(self.db, self.window, locked=True, current=self.operator)
        self.dialog.setWindowModality(Qt.WindowModality.ApplicationModal)
        self.dialog.accepted.connect(self._signed_in)
        self.locked.emit()
        self.dialog.open()

    def _signed_in(self) -> None:
        dialog, self.dialog = self.dialog, None
        if dialog is not None and dialog.operator is not None:
            self.operator = dialog.operator.name
            dialog.deleteLater()
        for cover in self._covers:
            cover.hide()
            cover.deleteLater()
        self._covers = []
        self.timer.start()
        self.unlocked.emit(self.operator)

    def stop(self) -> None:
        self.timer.stop()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
