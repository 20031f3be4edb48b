"""Undo said in words before and after it happens, for every front end (the queues page and
the stall phone): which ticket, which step, when, and what it takes back — for a "done", the
recorded values it deletes. The facts come from ``core.queue.undo.describe_undo``; only the
sentences are made here, in the text path's catalogue (context "undo")."""

from __future__ import annotations

from marketapp.core import clock
from marketapp.core.queue.rules import STATE_NAMES
from marketapp.core.queue.undo import UndoPreview
from marketapp.core.text import NP_, gettext, name_in

_ACTIONS = {
    "call": NP_("undo", "call"), "recall": NP_("undo", "call again"),
    "no_show": NP_("undo", "no-show"), "return": NP_("undo", "back to line"),
    "start": NP_("undo", "start of service"), "done": NP_("undo", "done"),
    "cancel": NP_("undo", "cancellation"), "reprioritise": NP_("undo", "priority change"),
    "transfer": NP_("undo", "transfer"),
}
_PRIORITIES = {"urgent": NP_("undo", "Urgent"), "priority": NP_("undo", "Priority"),
               "normal": NP_("undo", "Normal")}


def _say(msgid: str, lang: str | None, **fields: object) -> str:
    return gettext(msgid, lang).format(**fields)


def action_name(action: str, lang: str | None = None) -> str:
    return gettext(_ACTIONS[action], lang) if action in _ACTIONS else action


def _priority(priority: str | None, lang: str | None) -> str:
    known = _PRIORITIES.get(priority or "")
    return gettext(known, lang) if known else priority or ""


def _ago(minutes: float, lang: str | None) -> str:
    whole = int(minutes)
    if whole < 1:
        return _say(NP_("undo", "just now"), lang)
    if whole < 60:
        return _say(NP_("undo", "{n} min ago"), lang, n=whole)
    if whole % 60 == 0:
        return _say(NP_("undo", "{h} h ago"), lang, h=whole // 60)
    return _say(NP_("undo", "{h} h {m} min ago"), lang, h=whole // 60, m=whole % 60)


def what_it_undoes(preview: UndoPreview, lang: str | None = None) -> str:
    """The confirmation's sentence: 撤销 B050 的『办结』（10:42，1 小时 2 分钟前）：将删除
    已记录的服务结果（血压 165/101，评价 满意），B050 回到“办理中”。"""
    head = _say(NP_("undo", "Undo the “{action}” of {label} ({time}, {ago})"), lang,
                action=action_name(preview.action, lang), label=preview.label,
                time=clock.parse_iso(preview.at).strftime("%H:%M"),
                ago=_ago(preview.minutes_ago, lang))
    if preview.operator:
        head += _say(NP_("undo", ", taken by {operator}"), lang, operator=preview.operator)
    label, state = preview.label, name_in(STATE_NAMES, preview.restores, lang)
    if preview.deletes_visit and preview.visit:
        then = _say(NP_("undo", "the recorded outcome ({values}) will be deleted and {label} is back to "
                    "“{state}”."), lang, values=_say(NP_("undo", ", "), lang).join(preview.visit),
                    label=label, state=state)
    elif preview.deletes_visit:
        then = _say(NP_("undo", "the visit recorded for {label} will be deleted and {label} is back to "
                    "“{state}”."), lang, label=label, state=state)
    elif preview.action == "transfer":
        then = _say(NP_("undo", "the new ticket {new} at {stall} will be cancelled and {label} is back "
                    "here, “{state}”."), lang, new=preview.to_label, stall=preview.to_stall,
                    label=label, state=state)
    elif preview.action == "reprioritise":
        then = _say(NP_("undo", "{label} goes back to the priority “{priority}”."), lang, label=label,
                    priority=_priority(preview.priority_before, lang))
    else:
        then = _say(NP_("undo", "{label} goes back to “{state}”."), lang, label=label, state=state)
    return _say(NP_("undo", "{head}: {then}"), lang, head=head, then=then)


def what_was_undone(preview: UndoPreview, lang: str | None = None) -> str:
    """The message after the undo: 已撤销 B050 的『办结』：已记录的服务结果已删除，B050 回到
    “办理中”。"""
    fields = {"action": action_name(preview.action, lang), "label": preview.label,
              "state": name_in(STATE_NAMES, preview.restores, lang), "new": preview.to_label}
    if preview.deletes_visit:
        return _say(NP_("undo", "Undone: the “{action}” of {label}. Its recorded outcome was deleted; "
                    "{label} is “{state}” again."), lang, **fields)
    if preview.action == "transfer":
        return _say(NP_("undo", "Undone: the “{action}” of {label}. {new} was cancelled; {label} is "
                    "“{state}” here again."), lang, **fields)
    return _say(NP_("undo", "Undone: the “{action}” of {label}; {label} is “{state}” again."), lang,
                **fields)
