"""One row per ticket (served or not) as a spreadsheet, masked unless a full copy is asked for.

The masked copy leaves out everything typed as free text — the visit's notes and the text
fields of its outcome (parties to a dispute, the matter, medicines, advice): staff write
names and ID numbers there, and masking cannot find them. Numbers, choices and yes/no
fields stay; a reading is a number in its own column (the unit is in the header).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from sqlite_utils import Database

from marketapp.core.catalogue.outcomes import format_value
from marketapp.core.figures.ticket_records import TicketRecord, services_of, ticket_records
from marketapp.core.people.masking import mask_id, mask_name, mask_phone
from marketapp.core.queue.ratings import RATING_NAMES
from marketapp.reports.labels import label
from marketapp.reports.spreadsheet import write_table

_STATUS = {
    "waiting": ("等候", "waiting"), "called": ("已叫号", "called"), "serving": ("办理中", "serving"),
    "done": ("办结", "done"), "no_show": ("过号", "no-show"), "cancelled": ("取消", "cancelled"),
    "transferred": ("转摊位", "transferred"), "not_served": ("未服务", "not served"),
}
_RATING = RATING_NAMES  # the five levels of 好差评
_RATED_BY = {"villager": ("村民本人", "villager"), "staff": ("工作人员代评", "staff")}
_PRIORITY = {"normal": ("普通", "normal"), "priority": ("优先", "priority"),
             "urgent": ("紧急", "urgent")}
_BASE = (("date", "集市日期", "Market date"), ("host", "集市地点", "Host village"),
         ("service", "服务项目", "Service"), ("ticket", "号票", "Ticket"),
         ("status", "状态", "Status"), ("priority", "优先级", "Priority"),
         ("arrived", "到达时间", "Arrived"), ("called", "叫号时间", "Called"),
         ("started", "开始时间", "Started"), ("finished", "结束时间", "Finished"),
         ("wait", "等候(分钟)", "Wait (min)"), ("service_min", "办理(分钟)", "Service (min)"),
         ("name", "姓名", "Name"), ("gender", "性别", "Gender"), ("age", "年龄", "Age"),
         ("village", "所属村", "Village"), ("id_number", "身份证号", "ID number"),
         ("phone", "联系电话", "Phone"), ("rating", "评价", "Rating"),
         ("rated_by", "评价人", "Rated by"),
         ("flags", "提示", "Flags"), ("fee", "收费(元)", "Fee (yuan)"),
         ("staff", "服务人员", "Staff"), ("notes", "备注", "Notes"),
         ("end_reason", "未办结原因", "Reason not served"))


def _pick(table: dict[str, tuple[str, str]], key: str | None, lang: str) -> str:
    if not key:
        return ""
    zh, en = table.get(key, (key, key))
    return zh if lang == "zh" else en


def _time(value: str | None) -> str:
    return value[11:16] if value else ""


def export_visits(db: Database, path: Path, date_from: str, date_to: str, *,
                  full: bool = False, lang: str = "zh") -> int:
    records = list(ticket_records(db, date_from, date_to))
    stalls = services_of(db, {r.stall_id for r in records})
    # One column per outcome field of the services in the file, in catalogue order.
    outcome_columns: list[tuple[str, str, object]] = []
    seen: set[tuple[str, str]] = set()
    for _stall, service in sorted(stalls.values(), key=lambda pair: pair[0].position):
        for spec in service.fields:
            if (service.code, spec.key) not in seen:
                seen.add((service.code, spec.key))
                unit = f"({spec.unit(lang)})" if spec.unit(lang) else ""
                outcome_columns.append(
                    (service.code, spec.key, (service, spec, f"{service.name(lang)}·"
                                                             f"{spec.name(lang)}{unit}")))
    headers = [zh if lang == "zh" else en for _k, zh, en in _BASE]
    headers += [title for _c, _k, (_s, _f, title) in outcome_columns]
    rows = (_row(r, outcome_columns, stalls, full, lang) for r in records)
    return write_table(path, headers, rows)


def _row(r: TicketRecord, outcome_columns, services, full: bool, lang: str) -> list[object]:
    day = date.fromisoformat(r.market_date)
    service = services.get(r.stall_id, (None, None))[1]
    row: list[object] = [
        r.market_date, r.host_village, r.service_zh if lang == "zh" else r.service_en,
        r.label, _pick(_STATUS, r.status, lang), _pick(_PRIORITY, r.priority, lang),
        _time(r.arrived_at), _time(r.called_at), _time(r.serving_at), _time(r.finished_at),
        r.wait_minutes, r.service_minutes,
        r.name if full else mask_name(r.name),
        label(f"gender_{r.gender}", lang) if r.gender else "",
        r.age_on(day),
        r.village or "",
        (r.id_number or "") if full else (mask_id(r.id_number) if r.id_number else ""),
        (r.phone or "") if full else (mask_phone(r.phone) if r.phone else ""),
        _pick(_RATING, r.rating, lang),
        _pick(_RATED_BY, r.rated_by, lang),
        "、".join(service.flag_name(flag, lang) for flag in r.flags) if service else
        "、".join(r.flags),
        round(r.fee_cents / 100, 2) if r.fee_cents is not None else None,
        r.staff or "",
        (r.notes or "") if full else "",
        r.end_reason or "",
    ]
    for code, key, (_service, spec, _title) in outcome_columns:
        value = r.outcome.get(key) if r.service_code == code else None
        row.append(_outcome_cell(spec, value, full, lang))
    return row


def _outcome_cell(spec, value: object, full: bool, lang: str) -> object:
    if value is None or (spec.type == "text" and not full):
        return ""
    if spec.type in ("int", "decimal"):
        return value  # a number Excel can sum; the unit is in the column's title
    return format_value(spec, value, lang)
