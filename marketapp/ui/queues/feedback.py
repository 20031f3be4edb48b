"""A calm line under the queue screens: what just happened, or why core refused it.

Refusals the staff can act on (QueueError, InvalidOutcome, any UserError) are shown here in
plain words, not in a pop-up in front of a waiting line; anything unexpected still goes to
``show_error`` (and its traceback to the log). ``show_refusal`` and ``show_failure`` are the
handlers the queue screens give ``ui.shell.actions.act``.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TypeVar

from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget

from marketapp.core.errors import UserError
from marketapp.ui.shell.actions import Done, attempt
from marketapp.ui.shell.errors import show_error
from marketapp.ui.widgets import style

T = TypeVar("T")
log = logging.getLogger(__name__)


class MessageLine(QLabel):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.kind = "idle"
        self.say("")

    def say(self, text: str, kind: str = "idle") -> None:
        self.kind = kind
        self.setText(text)
        self.setStyleSheet(style.MESSAGE_LINE[kind])

    def ok(self, text: str) -> None:
        self.say(text, "ok")

    def refused(self, text: str) -> None:
        self.say(text, "refused")

    def show_refusal(self, exc: UserError) -> None:
        self.refused(exc.message())

    def show_failure(self, exc: Exception) -> None:
        # A person sees a calm box; the log keeps the traceback.
        log.error("queue action failed", exc_info=exc)
        show_error(self.window(), exc)

    def attempt(self, action: Callable[[], T]) -> Done[T]:
        """Run one core call that changes nothing: (True, result), or (False, None) after
        saying why not."""
        return attempt(action, refused=self.show_refusal, failed=self.show_failure)
