"""Recognising the columns of a village roster (村民花名册) by their header text.

Headers are matched after normalisation (NFKC, case-fold, spaces / colons / asterisks /
underscores / dots / brackets removed), so ``*姓 名：``, ``姓名（必填）``, ``Full Name`` and
``ID_Number`` all match. Qt-free and database-free.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from marketapp.core.text import join

FIELDS = (
    "name", "id_number", "phone", "village", "group", "gender", "birth_date", "notes",
    "living_alone", "left_behind", "disabled", "low_income", "care_flags",
)

# field -> synonyms, most specific first: when two columns map to the same field the one whose
# synonym comes earlier in this list wins (ties: the leftmost column); the other is reported in
# ``unknown_columns``.
SYNONYMS: dict[str, tuple[str, ...]] = {
    "name": ("姓名", "名字", "村民姓名", "name", "full name"),
    "id_number": ("身份证号", "身份证号码", "公民身份号码", "身份证", "身份证件号码", "证件号码",
                  "证件号", "id", "id_number", "id number", "id no", "id card"),
    "phone": ("联系电话", "手机号", "手机", "电话", "手机号码", "电话号码", "联系方式",
              "phone", "mobile", "tel", "telephone", "phone number"),
    "village": ("所属村", "行政村", "村", "村名", "村别", "所在村", "village"),
    "group": ("村民小组", "组", "小组", "组别", "住址", "地址", "家庭住址", "group", "address"),
    "gender": ("性别", "gender", "sex"),
    "birth_date": ("出生日期", "出生年月", "出生年月日", "生日", "birth date", "birthday",
                   "date of birth", "dob"),
    "notes": ("备注", "说明", "notes", "note", "remark", "remarks"),
    "living_alone": ("独居老人", "独居", "living alone"),
    "left_behind": ("留守老人", "留守", "left behind"),
    "disabled": ("残疾", "残疾人", "disabled"),
    "low_income": ("低保", "低保户", "low income"),
    "care_flags": ("特殊群体", "人员类别", "类别", "care flags", "care_flags"),
}

# Known columns that carry nothing to import (row counters); not reported as unknown.
IGNORED = ("序号", "编号", "no.", "no", "#", "s/n")

# A row whose name cell or first text cell starts with one of these is a totals row.
TOTALS_WORDS = ("合计", "总计", "小计", "共计", "total")

HEADER_SEARCH_ROWS = 20

_NOISE = re.compile(r"[\s:*_.\-·・]+")
_BRACKET_CHARS = re.compile(r"[()\[\]{}<>【】〔〕《》「」『』]")
_BRACKETED = re.compile(r"[(\[{<【〔《「『][^)\]}>】〕》」』]*[)\]}>】〕》」』]")


def normalize(text: str) -> str:
    """Header text reduced to what matters for matching."""
    return _NOISE.sub("", unicodedata.normalize("NFKC", text).casefold())


IGNORE = "__ignore__"

_LOOKUP: dict[str, tuple[str, int]] = {}
for _field, _words in SYNONYMS.items():
    for _prio, _word in enumerate(_words):
        _LOOKUP.setdefault(normalize(_word), (_field, _prio))
for _word in IGNORED:
    _LOOKUP.setdefault(normalize(_word), (IGNORE, 0))
_NAME_KEYS = frozenset(normalize(w) for w in SYNONYMS["name"])


def match_header(text: str) -> tuple[str, int] | None:
    """(field or IGNORE, priority) for a header cell, or None if not recognised."""
    if not text:
        return None
    n = normalize(text)
    for key in (n, _BRACKET_CHARS.sub("", n), _BRACKETED.sub("", n)):
        hit = _LOOKUP.get(key)
        if hit is not None:
            return hit
    return None


def is_name_header(text: str) -> bool:
    hit = match_header(text)
    return hit is not None and hit[0] == "name"


def is_totals(cell: str) -> bool:
    """True if a (stripped, non-empty) cell marks a totals row: 合计 / 合　计：120 / Total."""
    if cell[0] not in "合总小共Tt":
        return False
    n = normalize(cell)
    return n.startswith(TOTALS_WORDS)


@dataclass
class HeaderMap:
    row_index: int                 # 0-based index of the (last) header row
    mapping: list[tuple[str, int]]  # (field, column index)
    columns: dict[str, str]        # field -> header text
    unknown: list[str]
    name_col: int
    serial_cols: frozenset[int] = frozenset()  # 序号 / 编号 / No.: row counters


def _header_texts(rows: list[list[str]], i: int, name_col: int) -> tuple[list[str], int]:
    """Header cells of row i, merged with a sub-header row i+1 when there is one.

    A two-row header (e.g. 特殊群体 merged over four columns with 独居/留守/残疾/低保 below it,
    and 姓名 merged vertically over both rows) shows up, after merged cells are filled, as a
    next row whose name cell repeats the name header.
    """
    top = rows[i]
    if i + 1 < len(rows):
        sub = rows[i + 1]
        if name_col < len(sub) and sub[name_col] == top[name_col]:
            width = max(len(top), len(sub))
            merged = []
            for j in range(width):
                t = top[j] if j < len(top) else ""
                s = sub[j] if j < len(sub) else ""
                merged.append(s if s and s != t else t)
            return merged, i + 1
    return top, i


def find_header(rows: list[list[str]]) -> HeaderMap | None:
    """The header: the first of the first HEADER_SEARCH_ROWS rows that has a name column."""
    for i, cells in enumerate(rows[:HEADER_SEARCH_ROWS]):
        name_col = next((j for j, c in enumerate(cells) if c and is_name_header(c)), None)
        if name_col is None:
            continue
        texts, last = _header_texts(rows, i, name_col)
        best: dict[str, tuple[int, int]] = {}
        unknown: list[tuple[int, str]] = []
        serial: set[int] = set()
        for j, text in enumerate(texts):
            if not text:
                continue
            hit = match_header(text)
            if hit is None:
                unknown.append((j, text))
                continue
            field, prio = hit
            if field == IGNORE:
                serial.add(j)
                continue
            old = best.get(field)
            if old is None or prio < old[0]:
                if old is not None:
                    unknown.append((old[1], texts[old[1]]))
                best[field] = (prio, j)
            else:
                unknown.append((j, text))
        mapping = sorted(((f, j) for f, (_, j) in best.items()), key=lambda fj: fj[1])
        return HeaderMap(
            row_index=last,
            mapping=mapping,
            columns={f: texts[j] for f, j in mapping},
            unknown=[t for _, t in sorted(unknown)],
            name_col=best["name"][1],
            serial_cols=frozenset(serial),
        )
    return None


def expected_headers(lang: str) -> tuple[str, str]:
    """(name column synonyms, other recognised columns) for the no_header message."""
    names = join(SYNONYMS["name"], lang)
    # The synonyms are the files' own words (data): the Chinese ones, else the English ones.
    if lang == "zh":
        others = [w for f in FIELDS[1:] for w in SYNONYMS[f][:1]]
    else:
        others = [next((w for w in SYNONYMS[f] if w.isascii()), f) for f in FIELDS[1:]]
    return names, join(others, lang)
