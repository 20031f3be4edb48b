"""The reports' own small text catalogue (Qt's translations are for ui/ only)."""

from __future__ import annotations

LABELS: dict[str, tuple[str, str]] = {
    "name": ("姓名", "Name"),
    "gender": ("性别", "Gender"),
    "birth_date": ("出生日期", "Birth date"),
    "age": ("年龄", "Age"),
    "id_number": ("身份证号", "ID number"),
    "phone": ("联系电话", "Phone"),
    "village": ("所属村", "Village"),
    "address": ("村民小组/地址", "Group / address"),
    "care_flags": ("关爱对象", "Care flags"),
    "notes": ("备注", "Notes"),
    "created_at": ("登记时间", "Registered"),
    "last_seen_at": ("最近到场", "Last seen"),
    "gender_M": ("男", "M"),
    "gender_F": ("女", "F"),
    "masked_note": ("个人信息已脱敏", "Personal details masked"),
}


def label(key: str, lang: str = "zh") -> str:
    zh, en = LABELS[key]
    return zh if lang == "zh" else en
