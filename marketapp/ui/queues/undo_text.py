"""Undo said in words before and after it happens (queues page): which ticket, which step,
when, and what it takes back — for a "done", the recorded values it deletes. The facts
come from ``core.queue.undo.describe_undo``; only the sentences are made here."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QAbstractButton, QMessageBox, QWidget

from marketapp.core import clock
from marketapp.core.errors import current_language
from marketapp.core.queue.rules import STATE_NAMES
from marketapp.core.queue.undo import CONFIRM_AFTER_MINUTES, UndoPreview

translate = QCoreApplication.translate  # lupdate reads translate("UndoText", "…") calls


def action_name(action: str) -> str:
    names = {
        "call": translate("UndoText", "call"),
        "recall": translate("UndoText", "call again"),
        "no_show": translate("UndoText", "no-show"),
        "return": translate("UndoText", "back to line"),
        "start": translate("UndoText", "start of service"),
        "done": translate("UndoText", "done"),
        "cancel": translate("UndoText", "cancellation"),
        "reprioritise": translate("UndoText", "priority change"),
        "transfer": translate("UndoText", "transfer"),
    }
    return names.get(action, action)


def _state(state: str) -> str:
    zh, en = STATE_NAMES.get(state, (state, state))
    return zh if current_language() == "zh" else en


def _priority(priority: str | None) -> str:
    names = {"urgent": translate("TicketPriority", "Urgent"),
             "priority": translate("TicketPriority", "Priority"),
             "normal": translate("TicketPriority", "Normal")}
    return names.get(priority or "", priority or "")


def _ago(minutes: float) -> str:
    whole = int(minutes)
    if whole < 1:
        return translate("UndoText", "just now")
    if whole < 60:
        return translate("UndoText", "{n} min ago").format(n=whole)
    if whole % 60 == 0:
        return translate("UndoText", "{h} h ago").format(h=whole // 60)
    return translate("UndoText", "{h} h {m} min ago").format(h=whole // 60, m=whole % 60)


def _values(preview: UndoPreview) -> str:
    return ("，" if current_language() == "zh" else ", ").join(preview.visit or ())


def what_it_undoes(preview: UndoPreview) -> str:
    """The confirmation's sentence: 撤销 B050 的『办结』（10:42，1 小时 2 分钟前）：将删除
    已记录的服务结果（血压 165/101，评价 中），B050 回到“办理中”。"""
    head = translate("UndoText", "Undo the “{action}” of {label} ({time}, {ago})").format(
        action=action_name(preview.action), label=preview.label,
        time=clock.parse_iso(preview.at).strftime("%H:%M"), ago=_ago(preview.minutes_ago))
    if preview.operator:
        head += translate("UndoText", ", taken by {operator}").format(operator=preview.operator)
    label, state = preview.label, _state(preview.restores)
    if preview.deletes_visit and preview.visit:
        then = translate(
            "UndoText", "the recorded outcome ({values}) will be deleted and {label} is back "
            "to “{state}”.").format(values=_values(preview), label=label, state=state)
    elif preview.deletes_visit:
        then = translate(
            "UndoText", "the visit recorded for {label} will be deleted and {label} is back "
            "to “{state}”.").format(label=label, state=state)
    elif preview.action == "transfer":
        then = translate(
            "UndoText", "the new ticket {new} at {stall} will be cancelled and {label} is "
            "back here, “{state}”.").format(new=preview.to_label, stall=preview.to_stall,
                                            label=label, state=state)
    elif preview.action == "reprioritise":
        then = translate("UndoText", "{label} goes back to the priority “{priority}”.").format(
            label=label, priority=_priority(preview.priority_before))
    else:
        then = translate("UndoText", "{label} goes back to “{state}”.").format(
            label=label, state=state)
    return translate("UndoText", "{head}: {then}").format(head=head, then=then)


def what_was_undone(preview: UndoPreview) -> str:
    """The message line after the undo: 已撤销 B050 的『办结』：已记录的服务结果已删除，
    B050 回到“办理中”。"""
    action, label, state = action_name(preview.action), preview.label, _state(preview.restores)
    if preview.deletes_visit:
        text = translate("UndoText", "Undone: the “{action}” of {label}. Its recorded outcome "
                         "was deleted; {label} is “{state}” again.")
    elif preview.action == "transfer":
        text = translate("UndoText", "Undone: the “{action}” of {label}. {new} was cancelled; "
                         "{label} is “{state}” here again.")
    else:
        text = translate("UndoText", "Undone: the “{action}” of {label}; {label} is “{state}” "
                         "again.")
    return text.format(action=action, label=label, state=state, new=preview.to_label)


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
