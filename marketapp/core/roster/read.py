"""Reading village rosters (村民花名册) as townships really have them: CSV or .xlsx.

Only the reading half: find the header, map its columns to FIELDS, return every data row as
text. Validation and turning rows into villagers is the importer's job. Qt-free, no database.

* CSV: UTF-8, UTF-8 with BOM or GBK/GB18030 (decided on the whole file, see ``decode_text``);
  comma, tab or semicolon delimited. Row numbers are record numbers (1-based, as Excel/WPS
  shows them; the same as the text-editor line unless a quoted cell spans lines).
* XLSX: title rows above the header are skipped; merged cells are filled with their value;
  numbers come out as the user sees them (IDs damaged by Excel come out in scientific
  notation, e.g. ``3.30624193501E+17``); dates as YYYY-MM-DD, or YYYY-MM when the cell's
  format shows no day (a 出生年月 column).
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import warnings
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from marketapp.core.errors import UserError
from marketapp.core.roster import gc_pause as cycle_collection
from marketapp.core.roster.headers import (
    FIELDS,
    HEADER_SEARCH_ROWS,
    SYNONYMS,
    expected_headers,
    find_header,
    is_name_header,
    is_totals,
)
from marketapp.core.text import N_, current_language, gettext, join
from marketapp.store.os_errors import os_reason

__all__ = [
    "FIELDS", "RosterRow", "Roster", "RosterReadError", "list_sheets", "read_roster",
    "decode_text", "CSV_SUFFIXES", "XLSX_SUFFIXES",
]

CSV_SUFFIXES = (".csv", ".txt", ".tsv")
XLSX_SUFFIXES = (".xlsx", ".xlsm")
OLD_EXCEL_SUFFIXES = (".xls", ".et", ".ett", ".xlt")

_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # old .xls, or a password-protected .xlsx


class RosterReadError(UserError):
    messages = {
        "not_found": N_("File not found: {path}"),
        "cannot_open": N_("Cannot open “{name}”: it may be open in Excel or WPS, or you lack "
                          "permission to read it. Close it and try again."),
        "unsupported_type": N_("“{ext}” files are not supported. Please use a CSV file (.csv) or "
                               "an Excel workbook (.xlsx)."),
        # Variant of unsupported_type (same code) for old Excel / WPS files.
        "unsupported_type:old_excel": N_("“{name}” is an old Excel (.xls) or WPS spreadsheet, or "
                                         "is password-protected, and cannot be read directly. "
                                         "Open it in Excel or WPS (remove any password), choose "
                                         "Save As → “Excel Workbook (.xlsx)”, and import the new "
                                         "file."),
        "cannot_decode": N_("Cannot tell how the text in “{name}” is encoded (near line {line} "
                            "it is neither UTF-8 nor GBK). Open it in Excel or WPS, save it as "
                            "“CSV UTF-8 (comma delimited)” or .xlsx, and import that."),
        "no_header": N_("No header row found in the first {rows} rows. The header row needs a "
                        "name column ({names}); other recognised columns: {others}."),
        "sheet_not_found": N_("There is no sheet “{sheet}”. Sheets in this file: {available}"),
        "empty": N_("“{name}” contains no villager rows."),
        "broken_file": N_("Cannot read “{name}”: the file is damaged or is not really an Excel "
                          "workbook (.xlsx). Open it in Excel or WPS, save it again as .xlsx or "
                          ".csv, and import that."),
    }

    def message(self, lang: str | None = None) -> str:
        lang = lang or current_language()
        key = self.code
        if key == "unsupported_type" and self.params.get("old_excel"):
            key = "unsupported_type:old_excel"
        params = dict(self.params)
        if "available" in params:
            params["available"] = join((f"“{s}”" for s in params["available"]), lang)
        if self.code == "no_header":
            params["names"], params["others"] = expected_headers(lang)
        return gettext(self.messages[key], lang).format(**params)


@dataclass
class RosterRow:
    row_number: int          # 1-based, as the user sees it in Excel (header counts)
    values: dict[str, str]   # every field in FIELDS -> cell text ('' if empty or no such column)


@dataclass
class Roster:
    path: Path
    kind: str                # 'csv' or 'xlsx'
    encoding: str | None     # 'utf-8', 'utf-8-sig', 'gb18030' (or 'utf-16') for CSV; None for xlsx
    sheet: str | None
    sheets: list[str]
    header_row: int          # row number of the header (of its last row, for two-row headers)
    columns: dict[str, str]  # field -> header text found in the file
    unknown_columns: list[str]
    rows: list[RosterRow]
    skipped: list[tuple[int, str]] = field(default_factory=list)  # 'blank' | 'totals' | 'header'
    # Other visible sheets of the workbook with a roster header of their own: not read.
    other_sheets: list[str] = field(default_factory=list)


# --------------------------------------------------------------------------- entry points


def list_sheets(path: str | Path) -> list[str]:
    """Sheet names of an .xlsx file; [] for a CSV file."""
    path, kind = _check_path(path)
    if kind == "csv":
        return []
    wb = _load_workbook(path, read_only=True)
    try:
        return list(wb.sheetnames)
    finally:
        wb.close()


def read_roster(path: str | Path, sheet: str | None = None) -> Roster:
    """Read a roster file; raises RosterReadError with a user-facing reason."""
    path, kind = _check_path(path)
    if kind == "csv":
        with cycle_collection.paused():  # openpyxl's objects do hold cycles: not for XLSX
            return _read_csv(path)
    return _read_xlsx(path, sheet)


# --------------------------------------------------------------------------- file type


def _check_path(path: str | Path) -> tuple[Path, str]:
    path = Path(path)
    if not path.is_file():
        raise RosterReadError("not_found", path=str(path))
    suffix = path.suffix.lower()
    if suffix in OLD_EXCEL_SUFFIXES:
        raise RosterReadError("unsupported_type", ext=suffix, name=path.name, old_excel=True)
    if suffix not in CSV_SUFFIXES + XLSX_SUFFIXES:
        raise RosterReadError("unsupported_type", ext=suffix or path.name, name=path.name)
    magic = _read_bytes(path, 8)
    if magic.startswith(_OLE_MAGIC):
        raise RosterReadError("unsupported_type", ext=suffix, name=path.name, old_excel=True)
    if magic.startswith(_ZIP_MAGIC):
        return path, "xlsx"  # includes an .xlsx renamed to .csv
    return path, "csv" if suffix in CSV_SUFFIXES else "xlsx"


def _read_bytes(path: Path, n: int | None = None) -> bytes:
    try:
        with path.open("rb") as fh:
            return fh.read() if n is None else fh.read(n)
    except OSError as exc:
        raise RosterReadError("cannot_open", name=path.name, detail=os_reason(exc)) from exc


# --------------------------------------------------------------------------- CSV


def _odd_chars(text: str) -> int:
    """How many characters look like mojibake rather than a Chinese roster.

    Normal: printable ASCII and whitespace, CJK ideographs in GB2312 (the common ones), CJK and
    full-width punctuation, general punctuation (“” — …), the middle dot.
    """
    odd = 0
    for ch, n in Counter(text).items():
        o = ord(ch)
        if o < 0x80:
            if ch.isprintable() or ch in "\t\r\n":
                continue
        elif 0x4E00 <= o <= 0x9FFF:
            try:
                ch.encode("gb2312")
                continue
            except UnicodeEncodeError:
                pass
        elif (0x3000 <= o <= 0x303F or 0xFF01 <= o <= 0xFF5E or 0x2010 <= o <= 0x2027
              or o in (0xB7, 0xD7, 0x2030, 0x2103) or 0x2460 <= o <= 0x249B):
            continue
        odd += n
    return odd


def decode_text(data: bytes, name: str = "") -> tuple[str, str]:
    """Decode a whole CSV file; returns (text, encoding name reported to the user).

    1. A BOM decides (utf-8-sig, utf-16).
    2. Pure ASCII is 'utf-8'.
    3. Strict UTF-8 and strict GB18030 are both tried on the whole bytes. If only one works it
       wins. If both work (a short GBK file can be valid UTF-8) the one with fewer odd characters
       (see ``_odd_chars``) wins; on a tie charset-normalizer, limited to those two, decides,
       and UTF-8 if it has no opinion.
    Raises RosterReadError('cannot_decode') with the line near the first bad byte.
    """
    if data.startswith(codecs.BOM_UTF8):
        try:
            return data[3:].decode("utf-8"), "utf-8-sig"
        except UnicodeDecodeError as exc:
            raise _decode_error(data, exc.start + 3, name) from None
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError as exc:
            raise _decode_error(data, exc.start, name) from None
    if data.isascii():
        return data.decode("ascii"), "utf-8"
    utf8 = gb = None
    bad = 0
    try:
        utf8 = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        bad = exc.start
    try:
        gb = data.decode("gb18030")
    except UnicodeDecodeError as exc:
        bad = max(bad, exc.start)
    if utf8 is None and gb is None:
        raise _decode_error(data, bad, name)
    if gb is None:
        return utf8, "utf-8"
    if utf8 is None:
        return gb, "gb18030"
    odd_utf8, odd_gb = _odd_chars(utf8), _odd_chars(gb)
    if odd_utf8 != odd_gb:
        return (utf8, "utf-8") if odd_utf8 < odd_gb else (gb, "gb18030")
    # A roster is names: with no odd characters either way, the reading in which more of the
    # bytes are Chinese characters wins (GBK 路 is C2 B7, which UTF-8 reads as a lone "·").
    # Bytes, not characters: UTF-8 takes 3 for what GBK writes in 2, so UTF-8 楼平 (6 bytes)
    # reads as three GBK characters 妤煎钩 — a tie, left to charset-normalizer.
    cjk_utf8, cjk_gb = 3 * _cjk_count(utf8), 2 * _cjk_count(gb)
    if cjk_utf8 != cjk_gb:
        return (utf8, "utf-8") if cjk_utf8 > cjk_gb else (gb, "gb18030")
    from charset_normalizer import from_bytes

    best = from_bytes(data, cp_isolation=["utf_8", "gb18030"]).best()
    if best is not None and best.encoding.replace("_", "").lower() in ("gb18030", "gbk", "gb2312"):
        return gb, "gb18030"
    return utf8, "utf-8"


def _cjk_count(text: str) -> int:
    return sum(1 for c in text if "\u4e00" <= c <= "\u9fff")


def _decode_error(data: bytes, pos: int, name: str) -> RosterReadError:
    return RosterReadError("cannot_decode", name=name, line=data.count(b"\n", 0, pos) + 1)


def _sniff_delimiter(text: str) -> str:
    head = text[:65536]
    first, _, _ = head.partition("\n")
    if first.strip().lower().startswith("sep=") and len(first.strip()) == 5:
        return first.strip()[4]
    lines = [ln for ln in head.split("\n")[:60] if ln.strip()]
    if len(head) == 65536 and len(lines) > 1:
        lines.pop()  # may be cut in the middle
    best, best_score = ",", (0, 0)
    for delim in (",", "\t", ";"):
        counts = [c for c in (ln.count(delim) for ln in lines) if c]
        if not counts:
            continue
        mode, freq = Counter(counts).most_common(1)[0]
        if (freq, mode) > best_score:
            best, best_score = delim, (freq, mode)
    return best


# Control characters (NUL and the like) that broken exports leave in cells; tabs and line
# breaks stay. In a workbook Excel writes them escaped (_x0000_), and openpyxl keeps that.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_CONTROL_BYTES = bytes(range(0x09)) + b"\x0b\x0c" + bytes(range(0x0e, 0x20)) + b"\x7f"
_ESCAPED_CONTROL = re.compile("_x00(?:[01][0-9A-Fa-f]|7[Ff])_")
# What spreadsheet exports (ours included: the rejected rows) put before a cell that would
# run as a formula; read back, the cell is what it was before.
_NEUTRALISED = re.compile("'[=+\\-@]")


def _may_hold_controls(data: bytes, encoding: str) -> bool:
    """A look at the bytes, 6 times faster than searching the text: in UTF-8 and GBK/GB18030
    no byte below 0x40 is part of a longer character but GB18030's four-byte digits."""
    return encoding == "utf-16" or len(data.translate(None, _CONTROL_BYTES)) != len(data)


def _plain_cell(text: str) -> str:
    """A cell without control characters or the apostrophe put before = + - @."""
    text = text.strip()
    if text and (text[0] == "'" or not text.isprintable()):  # cheap tests first: most cells
        text = _CONTROL.sub("", text).strip()
        if _NEUTRALISED.match(text):
            text = text[1:]
    return text


def _read_csv(path: Path) -> Roster:
    data = _read_bytes(path)
    text, encoding = decode_text(data, path.name)
    if _may_hold_controls(data, encoding) and _CONTROL.search(text):
        text = _CONTROL.sub("", text)
    if not text.strip():
        raise RosterReadError("empty", name=path.name)
    delim = _sniff_delimiter(text)
    try:
        strip = _plain_cell if _NEUTRALISED.search(text) else str.strip
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delim)
        rows = [list(map(strip, rec)) for rec in reader]
    except csv.Error as exc:
        raise RosterReadError("broken_file", name=path.name, detail=str(exc)) from None
    return _assemble(rows, path=path, kind="csv", encoding=encoding, sheet=None, sheets=[])


# --------------------------------------------------------------------------- XLSX


def _load_workbook(path: Path, read_only: bool):
    from openpyxl import load_workbook

    try:
        with path.open("rb") as fh:
            data = io.BytesIO(fh.read())
    except OSError as exc:
        raise RosterReadError("cannot_open", name=path.name, detail=os_reason(exc)) from exc
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return load_workbook(data, read_only=read_only, data_only=True)
    except Exception as exc:  # zipfile.BadZipFile, KeyError, InvalidFileException, lxml errors…
        raise RosterReadError("broken_file", name=path.name, detail=repr(exc)) from None


def cell_text(value: Any) -> str:
    """An openpyxl cell value as the text the user sees in Excel."""
    if value is None:
        return ""
    if isinstance(value, str):
        return _plain_cell(_ESCAPED_CONTROL.sub("", value) if "_x" in value else value)
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            return ""
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        # Excel keeps 15 significant digits; an 18-digit ID stored as a number has lost its
        # tail, so show it the way Excel does: 3.30624193501E+17 (the importer rejects it).
        return _excel_float(value)
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, time):
        return value.strftime("%H:%M:%S")
    if isinstance(value, timedelta):
        return str(value)
    return str(value).strip()


def _excel_float(value: float) -> str:
    s = format(value, ".15g")
    if "e" in s:
        mantissa, exp = s.split("e")
        return f"{mantissa}E{exp[0]}{exp[1:].zfill(2)}"
    return s


# Quoted literals ("年"), [colour]/[$-804] sections and \-escapes of a number format.
_FORMAT_LITERALS = re.compile(r'"[^"]*"|\[[^\]]*\]|\\.')


def _shows_no_day(number_format: str) -> bool:
    """True for a date format without the day: yyyy"年"m"月", yyyy.mm, mmm-yy."""
    codes = _FORMAT_LITERALS.sub("", number_format).lower()
    return "y" in codes and "d" not in codes


def _sheet_grid(ws) -> list[list[str]]:
    """All rows of a worksheet from row 1 as stripped text, merged cells filled."""
    raw = [list(r) for r in ws.iter_rows(values_only=True)]
    for r, row in enumerate(raw, 1):
        for c, value in enumerate(row):
            # A 出生年月 cell holds the 1st of the month: show it as the user sees it.
            if isinstance(value, datetime) and _shows_no_day(ws.cell(r, c + 1).number_format):
                row[c] = value.strftime("%Y-%m")
    height = len(raw)
    width = max((len(r) for r in raw), default=0)
    for rng in ws.merged_cells.ranges:
        r0, c0 = rng.min_row - 1, rng.min_col - 1
        if r0 >= height or c0 >= width:
            continue
        value = raw[r0][c0] if c0 < len(raw[r0]) else None
        if value is None:
            continue
        for r in range(r0, min(rng.max_row, height)):
            row = raw[r]
            for c in range(c0, min(rng.max_col, width)):
                if c >= len(row):
                    row.extend([None] * (c + 1 - len(row)))
                row[c] = value
    return [[cell_text(v) for v in r] for r in raw]


def _read_xlsx(path: Path, sheet: str | None) -> Roster:
    wb = _load_workbook(path, read_only=False)
    try:
        names = list(wb.sheetnames)
        if sheet is not None:
            if sheet not in names:
                folded = {n.strip().casefold(): n for n in names}
                if sheet.strip().casefold() not in folded:
                    raise RosterReadError("sheet_not_found", sheet=sheet, available=names)
                sheet = folded[sheet.strip().casefold()]
            grid = _grid_or_broken(wb[sheet], path)
        else:
            visible = [n for n in names if wb[n].sheet_state == "visible"]
            order = visible + [n for n in names if n not in visible]
            grid = None
            any_content = False
            for n in order:
                g = _grid_or_broken(wb[n], path)
                if any(any(row) for row in g):
                    any_content = True
                    if find_header(g) is not None:
                        sheet, grid = n, g
                        break
            if grid is None:
                if not any_content:
                    raise RosterReadError("empty", name=path.name)
                raise RosterReadError("no_header", rows=HEADER_SEARCH_ROWS, name=path.name)
        others = [n for n in names if n != sheet and _looks_like_a_roster(wb[n])]
    finally:
        wb.close()
    roster = _assemble(grid, path=path, kind="xlsx", encoding=None, sheet=sheet, sheets=names)
    roster.other_sheets = others
    return roster


def _looks_like_a_roster(ws) -> bool:
    """A visible sheet with a roster header and rows below it (one village a sheet)."""
    if ws.sheet_state != "visible":
        return False
    height = ws.max_row  # before iter_rows, which adds the cells it passes
    try:
        top = [[cell_text(v) for v in row] for row in
               ws.iter_rows(max_row=min(height, HEADER_SEARCH_ROWS), values_only=True)]
    except Exception:  # only a note about other sheets: an odd one is not worth failing for
        return False
    header = find_header(top)
    return header is not None and height > header.row_index + 1


def _grid_or_broken(ws, path: Path) -> list[list[str]]:
    try:
        return _sheet_grid(ws)
    except Exception as exc:  # openpyxl can fail late on odd files
        raise RosterReadError("broken_file", name=path.name, detail=repr(exc)) from None


# --------------------------------------------------------------------------- common


def _may_be_name_header(cell: str) -> bool:
    # Cheap pre-check first: a villager's name starts with a CJK surname, and no name synonym
    # starts with a CJK character other than 姓 / 名 / 村.
    c = cell[0]
    if "\u4e00" <= c <= "\u9fff" and c not in "姓名村":
        return False
    return len(cell) < 20 and is_name_header(cell)


def _assemble(rows: list[list[str]], *, path: Path, kind: str, encoding: str | None,
              sheet: str | None, sheets: list[str]) -> Roster:
    last = len(rows) - 1
    while last >= 0 and not any(rows[last]):
        last -= 1
    if last < 0:
        raise RosterReadError("empty", name=path.name)
    header = find_header(rows)
    if header is None:
        raise RosterReadError("no_header", rows=HEADER_SEARCH_ROWS, name=path.name)
    mapping = header.mapping
    name_col = header.name_col
    # A header repeated further down (printed page by page) has a name synonym in the name
    # column: exact texts are caught by the set, decorated ones (*姓 名：) by the full match.
    repeat_names = {header.columns["name"], *SYNONYMS["name"]}
    template = dict.fromkeys(FIELDS, "")
    out: list[RosterRow] = []
    skipped: list[tuple[int, str]] = []
    serial_cols = header.serial_cols
    for i in range(header.row_index + 1, last + 1):
        cells = rows[i]
        n = len(cells)
        name = cells[name_col] if name_col < n else ""
        # A template numbered ahead of time has rows with only the 序号 filled in.
        if not name and all(j in serial_cols for j, c in enumerate(cells) if c):
            skipped.append((i + 1, "blank"))
            continue
        for first in cells:  # the first text cell: 序号 5 of "5,总计：2人" is not it
            if first and not ("0" <= first[0] <= "9"):
                break
        else:
            first = ""
        if (first and is_totals(first)) or (name and name is not first and is_totals(name)):
            skipped.append((i + 1, "totals"))
            continue
        if name in repeat_names or (name and _may_be_name_header(name)):
            skipped.append((i + 1, "header"))
            continue
        values = template.copy()
        for f, j in mapping:
            if j < n:
                values[f] = cells[j]
        out.append(RosterRow(i + 1, values))
    if not out:
        raise RosterReadError("empty", name=path.name)
    return Roster(
        path=path, kind=kind, encoding=encoding, sheet=sheet, sheets=sheets,
        header_row=header.row_index + 1, columns=header.columns,
        unknown_columns=header.unknown, rows=out, skipped=skipped,
    )
