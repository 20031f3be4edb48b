"""Builders for realistic, messy village roster files (村民花名册), for tests.

Used by the roster reading tests and the importer tests. Everything writes into a path the test
gives (normally under ``tmp_path``) and returns that path.

    write_csv(path, rows, encoding="gbk", bom=False, delimiter=",")
    write_xlsx(path, {"花园村": rows}, title_rows=["城南乡花园村村民花名册", "制表日期：2024年5月"],
               merged=["A5:A9"])
    write_corrupt_xlsx(path), write_fake_xls(path)
    people(n), roster_rows(people(n)), HEADER_ZH, HEADER_EN
"""

from __future__ import annotations

import csv
import io
import random
import re
import zipfile
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from idgen import make_id

HEADER_ZH = ["序号", "姓名", "性别", "身份证号码", "联系电话", "所属村", "村民小组", "备注"]
HEADER_EN = ["No.", "Name", "Sex", "ID Number", "Phone", "Village", "Group", "Notes"]

SURNAMES = ("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐"
            "许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁")
GIVEN = "秀英桂兰玉梅金凤建国志强福根阿毛小平海燕明德春花荣发宝林水娟彩霞佩芳伟忠"
VILLAGES = ["花园村", "石门村", "潭头村", "下岩贝村", "王泗洲村"]


def people(n: int, seed: int = 1, village: str = "花园村") -> list[dict[str, Any]]:
    """n plausible elderly villagers with valid, distinct ID numbers and mobile numbers."""
    rnd = random.Random(seed)
    out = []
    for i in range(n):
        male = rnd.random() < 0.5
        born = date(1930 + rnd.randrange(40), 1 + rnd.randrange(12), 1 + rnd.randrange(28))
        name = rnd.choice(SURNAMES) + "".join(rnd.choice(GIVEN) for _ in range(rnd.choice((1, 2))))
        out.append({
            "name": name,
            "gender": "男" if male else "女",
            "id_number": make_id(birth=born.strftime("%Y%m%d"), seq=i % 500, male=male),
            "phone": f"13{rnd.randrange(10)}{rnd.randrange(10**8):08d}",
            "village": village,
            "group": f"{1 + rnd.randrange(9)}组",
            "notes": rnd.choice(["", "", "", "独居", "行动不便", "低保户"]),
            "birth_date": born,
        })
    return out


def roster_rows(persons: Iterable[Mapping[str, Any]], header: Sequence[str] = HEADER_ZH,
                numbered: bool = True) -> list[list[Any]]:
    """Header + one row per person in HEADER_ZH column order (序号 filled when numbered)."""
    rows: list[list[Any]] = [list(header)]
    for i, p in enumerate(persons, 1):
        rows.append([i if numbered else "", p["name"], p["gender"], p["id_number"], p["phone"],
                     p["village"], p["group"], p.get("notes", "")])
    return rows


def write_csv(path: str | Path, rows: Iterable[Sequence[Any]], encoding: str = "gbk",
              bom: bool = False, delimiter: str = ",", newline: str = "\r\n") -> Path:
    """Write rows like Excel/WPS does ("CSV (逗号分隔)" is GBK on Chinese Windows; "CSV UTF-8"
    adds a BOM). Values are written with str(); None becomes an empty cell."""
    path = Path(path)
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=delimiter, lineterminator=newline)
    for row in rows:
        writer.writerow(["" if v is None else v for v in row])
    data = buf.getvalue().encode(encoding)
    if bom:
        data = {"utf-8": b"\xef\xbb\xbf", "utf-16-le": b"\xff\xfe"}.get(encoding.lower(),
                                                                         b"\xef\xbb\xbf") + data
    path.write_bytes(data)
    return path


def write_xlsx(path: str | Path, sheets: Mapping[str, Sequence[Sequence[Any]]],
               title_rows: Sequence[str | Sequence[Any]] | Mapping[str, Sequence[Any]] = (),
               merged: Sequence[str] | Mapping[str, Sequence[str]] = (),
               hidden: Sequence[str] = (), merge_titles: bool = True,
               number_formats: Mapping[str, str] = {}) -> Path:
    """Write an .xlsx with one sheet per entry of ``sheets`` (name -> rows; cells may be str,
    int, float, date/datetime or None).

    title_rows: rows put above each sheet's rows (a dict: per sheet). A plain string becomes a
        title in column A, merged across the table's width when merge_titles (as townships do).
    merged: ranges in final sheet coordinates (after title rows), e.g. "F4:F9" for a village
        column merged over several people (a dict: per sheet). As in Excel, only the top-left
        cell keeps its value.
    hidden: names of sheets to hide.
    number_formats: cell -> Excel number format, in every sheet (e.g. {"C2": 'yyyy"年"m"月"'}).
    Python ints too big for a double (18-digit IDs) are stored with all their digits, as some
    export systems do (openpyxl itself would store them as a float, as Excel does).
    """
    from openpyxl import Workbook

    path = Path(path)
    wb = Workbook()
    wb.remove(wb.active)
    exact: dict[int, dict[str, int]] = {}  # sheet index -> coordinate -> int
    for index, (name, rows) in enumerate(sheets.items()):
        ws = wb.create_sheet(name)
        rows = [list(r) for r in rows]
        width = max((len(r) for r in rows), default=1)
        titles = title_rows.get(name, ()) if isinstance(title_rows, Mapping) else title_rows
        for t in titles:
            ws.append([t] if isinstance(t, str) else list(t))
            if isinstance(t, str) and merge_titles and width > 1:
                r = ws.max_row
                ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=width)
        for row in rows:
            ws.append(row)
            for cell in ws[ws.max_row]:
                if (isinstance(cell.value, int) and not isinstance(cell.value, bool)
                        and abs(cell.value) > 2**53):
                    exact.setdefault(index + 1, {})[cell.coordinate] = cell.value
        ranges = merged.get(name, ()) if isinstance(merged, Mapping) else merged
        for rng in ranges:
            ws.merge_cells(rng)
        for coordinate, number_format in number_formats.items():
            ws[coordinate].number_format = number_format
        if name in hidden:
            ws.sheet_state = "hidden"
    wb.save(path)
    if exact:
        _store_exact_ints(path, exact)
    return path


def _store_exact_ints(path: Path, exact: dict[int, dict[str, int]]) -> None:
    with zipfile.ZipFile(path) as zf:
        entries = [(info, zf.read(info)) for info in zf.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for info, data in entries:
            m = re.fullmatch(r"xl/worksheets/sheet(\d+)\.xml", info.filename)
            if m and int(m.group(1)) in exact:
                text = data.decode("utf-8")
                for coord, value in exact[int(m.group(1))].items():
                    text = re.sub(rf'(<c r="{coord}"[^>]*><v>)[^<]*(</v>)',
                                  rf"\g<1>{value}\g<2>", text)
                data = text.encode("utf-8")
            zf.writestr(info, data)


def patch_xlsx(path: str | Path, replacements: Mapping[str, str]) -> Path:
    """Replace text in the workbook's XML parts, for what openpyxl refuses to write (Excel's
    escaped control characters such as _x0007_)."""
    path = Path(path)
    with zipfile.ZipFile(path) as zf:
        entries = [(info, zf.read(info)) for info in zf.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for info, data in entries:
            if info.filename.endswith(".xml"):
                text = data.decode("utf-8")
                for old, new in replacements.items():
                    text = text.replace(old, new)
                data = text.encode("utf-8")
            zf.writestr(info, data)
    return path


def write_corrupt_xlsx(path: str | Path, seed: int = 7) -> Path:
    """Random bytes under an .xlsx name (a broken download / a renamed file)."""
    path = Path(path)
    path.write_bytes(random.Random(seed).randbytes(4096))
    return path


def write_truncated_xlsx(path: str | Path, rows: Sequence[Sequence[Any]]) -> Path:
    """A real .xlsx cut in half (copy interrupted, USB stick pulled)."""
    path = Path(path)
    write_xlsx(path, {"Sheet1": rows})
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    return path


def write_fake_xls(path: str | Path) -> Path:
    """An old-format .xls: starts with the OLE2 compound-file signature."""
    path = Path(path)
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504) + b"Workbook" * 64)
    return path


def gbk_text_valid_as_utf8() -> str:
    """Chinese text whose GBK bytes are also valid UTF-8 (decoding as UTF-8 gives mojibake)."""
    return "叶小平,潭头\r\n施雪英,潭头\r\n"
