"""Undo on the queues page: the confirmation box and the tooltip. The sentences saying what
an undo takes back are core's (``core.screens.undo_words``), the same on the stall phone."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QAbstractButton, QMessageBox, QWidget

from marketapp.core.queue.undo import CONFIRM_AFTER_MINUTES, UndoPreview
from marketapp.core.screens import undo_words
from marketapp.core.text import current_language

translate = QCoreApplication.translate  # lupdate reads translate("UndoText", "…") calls


def what_it_undoes(preview: UndoPreview) -> str:
    """The confirmation's sentence, in the UI's language (core.screens.undo_words)."""
    return undo_words.what_it_undoes(preview, current_language())


def what_was_undone(preview: UndoPreview) -> str:
    return undo_words.what_was_undone(preview, current_language())


def undo_tooltip(keys: str) -> str:
    return translate(
        "UndoText", "Undo this stall's last step ({keys}). Undoing a “done” (it deletes the "
        "recorded outcome) or a step {minutes} minutes old or older first says what it takes "
        "back and asks.").format(keys=keys, minutes=CONFIRM_AFTER_MINUTES)


def ask_to_undo(parent: QWidget, preview: UndoPreview) -> bool:
    box, undo = undo_box(parent, preview)
    box.exec()
    return box.clickedButton() is undo


def undo_box(parent: QWidget, preview: UndoPreview) -> tuple[QMessageBox, QAbstractButton]:
    """The confirmation and its "Undo it" button; "Keep it" is the default, so an Enter
    pressed in passing keeps the step."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning if preview.deletes_visit
                else QMessageBox.Icon.Question)
    box.setWindowTitle(translate("UndoText", "Undo"))
    box.setText(what_it_undoes(preview))
    box.setInformativeText(translate("UndoText", "Undo it?"))
    undo = box.addButton(translate("UndoText", "Undo it"), QMessageBox.ButtonRole.DestructiveRole)
    keep = box.addButton(translate("UndoText", "Keep it"), QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(keep)
    box.setEscapeButton(keep)
    return box, undo
