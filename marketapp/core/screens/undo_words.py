"""Undo in words for front ends without Qt (the stall phone): the same sentences as the
desktop's ``ui/queues/undo_text.py``, from the same ``describe_undo`` facts."""

from __future__ import annotations

from marketapp.core import clock
from marketapp.core.queue.rules import STATE_NAMES
from marketapp.core.queue.undo import UndoPreview

_ACTIONS = {
    "call": ("叫号", "call"), "recall": ("重呼", "recall"), "no_show": ("过号", "no-show"),
    "return": ("重新排队", "back to line"), "start": ("开始办理", "start of service"),
    "done": ("办结", "done"), "cancel": ("取消号票", "cancellation"),
    "reprioritise": ("改优先级", "priority change"), "transfer": ("转到其他摊位", "transfer"),
}
_PRIORITIES = {"urgent": ("紧急", "Urgent"), "priority": ("优先", "Priority"),
               "normal": ("普通", "Normal")}


def _pick(pair: tuple[str, str], lang: str) -> str:
    return pair[0] if lang == "zh" else pair[1]


def _ago(minutes: float, lang: str) -> str:
    whole = int(minutes)
    zh = lang == "zh"
    if whole < 1:
        return "刚才" if zh else "just now"
    if whole < 60:
        return f"{whole} 分钟前" if zh else f"{whole} min ago"
    hours, rest = divmod(whole, 60)
    if rest == 0:
        return f"{hours} 小时前" if zh else f"{hours} h ago"
    return f"{hours} 小时 {rest} 分钟前" if zh else f"{hours} h {rest} min ago"


def what_it_undoes(preview: UndoPreview, lang: str = "zh") -> str:
    """撤销 B050 的『办结』（10:42，2 分钟前）：将删除已记录的服务结果（血压 165/101），
    B050 回到“办理中”。"""
    zh = lang == "zh"
    action = _pick(_ACTIONS.get(preview.action, (preview.action, preview.action)), lang)
    label = preview.label
    state = _pick(STATE_NAMES.get(preview.restores, (preview.restores, preview.restores)), lang)
    time = clock.parse_iso(preview.at).strftime("%H:%M")
    ago = _ago(preview.minutes_ago, lang)
    if zh:
        head = f"撤销 {label} 的『{action}』（{time}，{ago}"
        if preview.operator:
            head += f"，{preview.operator} 操作"
    else:
        head = f"Undo the “{action}” of {label} ({time}, {ago}"
        if preview.operator:
            head += f", taken by {preview.operator}"
    values = ("，" if zh else ", ").join(preview.visit or ())
    if preview.deletes_visit and values:
        then = (f"将删除已记录的服务结果（{values}），{label} 回到“{state}”。" if zh else
                f"the recorded outcome ({values}) will be deleted and {label} is back to "
                f"“{state}”.")
    elif preview.deletes_visit:
        then = (f"将删除 {label} 已记录的服务结果，{label} 回到“{state}”。" if zh else
                f"the visit recorded for {label} will be deleted and {label} is back to "
                f"“{state}”.")
    elif preview.action == "transfer":
        then = (f"将取消{preview.to_stall}的新号票 {preview.to_label}，{label} 回到本摊位“{state}”。"
                if zh else f"the new ticket {preview.to_label} at {preview.to_stall} will be "
                f"cancelled and {label} is back here, “{state}”.")
    elif preview.action == "reprioritise":
        before = _pick(_PRIORITIES.get(preview.priority_before or "", ("", "")), lang)
        then = (f"{label} 的优先级改回“{before}”。" if zh else
                f"{label} goes back to the priority “{before}”.")
    else:
        then = f"{label} 回到“{state}”。" if zh else f"{label} goes back to “{state}”."
    return f"{head}）：{then}" if zh else f"{head}): {then}"


def what_was_undone(preview: UndoPreview, lang: str = "zh") -> str:
    """已撤销 B050 的『办结』：已记录的服务结果已删除，B050 回到“办理中”。"""
    zh = lang == "zh"
    action = _pick(_ACTIONS.get(preview.action, (preview.action, preview.action)), lang)
    label = preview.label
    state = _pick(STATE_NAMES.get(preview.restores, (preview.restores, preview.restores)), lang)
    if preview.deletes_visit:
        return (f"已撤销 {label} 的『{action}』：已记录的服务结果已删除，{label} 回到“{state}”。"
                if zh else f"Undone: the “{action}” of {label}. Its recorded outcome was "
                f"deleted; {label} is “{state}” again.")
    if preview.action == "transfer":
        return (f"已撤销 {label} 的『{action}』：{preview.to_label} 已取消，{label} 回到本摊位“{state}”。"
                if zh else f"Undone: the “{action}” of {label}. {preview.to_label} was "
                f"cancelled; {label} is “{state}” here again.")
    return (f"已撤销 {label} 的『{action}』：{label} 回到“{state}”。" if zh else
            f"Undone: the “{action}” of {label}; {label} is “{state}” again.")
