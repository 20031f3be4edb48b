"""Errors shown to people: a message box with what happened and what to do; never a traceback."""

from __future__ import annotations

import logging
import sys
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from marketapp.core.errors import UserError

log = logging.getLogger("marketapp")


def error_text(exc: BaseException) -> str:
    if isinstance(exc, UserError):
        return exc.message()
    if isinstance(exc, OSError):
        # The system's own text ("No such file or directory") is English on every laptop.
        from marketapp.store.os_errors import explain_file_error

        return explain_file_error(exc).message()
    return QCoreApplication.translate(
        "Errors", "Something unexpected went wrong. What was saved before is safe. "
        "If it happens again, restart the program and tell the person who supports it."
    )


def show_error(parent: QWidget | None, exc: BaseException | str, title: str | None = None) -> None:
    text = exc if isinstance(exc, str) else error_text(exc)
    title = title or QCoreApplication.translate("Errors", "Cannot do that")
    QMessageBox.warning(parent, title, text)


def setup_logging(log_file: Path | None) -> None:
    if log_file is None or any(getattr(h, "_marketapp", False) for h in log.handlers):
        return
    try:
        log_file.parent.mkdir(parents=True, exist_ok=True)
        handler = logging.FileHandler(log_file, encoding="utf-8")
    except OSError:
        return
    handler._marketapp = True  # type: ignore[attr-defined]
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    log.addHandler(handler)
    log.setLevel(logging.INFO)


class ExceptHook:
    """sys.excepthook for the GUI: log the traceback, show a calm message, keep running."""

    def __init__(self, log_file: Path | None = None) -> None:
        self.log_file = log_file
        self.showing = False
        self.shown = 0

    def __call__(self, etype: type[BaseException], value: BaseException,
                 tb: TracebackType | None) -> None:
        if issubclass(etype, KeyboardInterrupt):
            sys.__excepthook__(etype, value, tb)
            return
        log.error("unhandled error", exc_info=(etype, value, tb))
        if self.showing or QApplication.instance() is None:
            return  # one box at a time: an error repeating in a paint loop must not stack boxes
        self.showing = True
        try:
            text = error_text(value)
            if self.log_file is not None and not isinstance(value, UserError):
                details = QCoreApplication.translate("Errors", "Details were written to {path}")
                text += "\n\n" + details.format(path=self.log_file)
            self.shown += 1
            title = QCoreApplication.translate("Errors", "Error")
            QMessageBox.critical(QApplication.activeWindow(), title, text)
        finally:
            self.showing = False


def install_excepthook(log_file: Path | None) -> ExceptHook:
    setup_logging(log_file)
    hook = ExceptHook(log_file)
    sys.excepthook = hook
    return hook
