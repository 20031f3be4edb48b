"""Reading village rosters (村民花名册) as townships really have them: CSV or .xlsx.

Only the reading half: find the header, map its columns to FIELDS, return every data row as
text. Validation and turning rows into villagers is the importer's job. Qt-free, no database.

* CSV: UTF-8, UTF-8 with BOM or GBK/GB18030 (decided on the whole file, see ``decode_text``);
  comma, tab or semicolon delimited. Row numbers are record numbers (1-based, as Excel/WPS
  shows them; the same as the text-editor line unless a quoted cell spans lines).
* XLSX (``core.roster.workbook``: streamed, within limits): title rows above the header are
  skipped; merged cells are filled with their value; numbers come out as the user sees them
  (IDs damaged by Excel come out in scientific notation, e.g. ``3.30624193501E+17``); dates
  as YYYY-MM-DD, or YYYY-MM when the cell's format shows no day (a 出生年月 column).
* Limits, either kind: at most :data:`MAX_ROWS` rows and :data:`MAX_CELL_CHARS` characters a
  cell; past them the file is refused saying which row and column, not called damaged.
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import io
import threading
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from marketapp.core.roster import gc_pause as cycle_collection
from marketapp.core.roster import workbook
from marketapp.core.roster.cells import CONTROL, NEUTRALISED, may_hold_controls, plain_cell
from marketapp.core.roster.headers import (
    FIELDS,
    HEADER_SEARCH_ROWS,
    SYNONYMS,
    find_header,
    is_name_header,
    is_totals,
)
from marketapp.core.roster.problems import (
    MAX_CELL_CHARS,
    MAX_ROWS,
    RosterReadError,
    column_name,
    read_bytes,
)

__all__ = [
    "FIELDS", "RosterRow", "Roster", "RosterReadError", "list_sheets", "read_roster",
    "decode_text", "CSV_SUFFIXES", "XLSX_SUFFIXES",
]

CSV_SUFFIXES = (".csv", ".txt", ".tsv")
XLSX_SUFFIXES = (".xlsx", ".xlsm")
OLD_EXCEL_SUFFIXES = (".xls", ".et", ".ett", ".xlt")

_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # old .xls, or a password-protected .xlsx


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

    @property
    def lacks_village(self) -> bool:
        """Rows to import and no village column: everyone would come in without a village."""
        return bool(self.rows) and "village" not in self.columns


# --------------------------------------------------------------------------- entry points


def list_sheets(path: str | Path) -> list[str]:
    """Sheet names of an .xlsx file; [] for a CSV file."""
    path, kind = _check_path(path)
    if kind == "csv":
        return []
    return workbook.list_sheets(path)


def read_roster(path: str | Path, sheet: str | None = None) -> Roster:
    """Read a roster file; raises RosterReadError with a user-facing reason."""
    path, kind = _check_path(path)
    if kind == "csv":
        with cycle_collection.paused():  # openpyxl's objects do hold cycles: not for XLSX
            return _read_csv(path)
    grid, sheet, names, others = workbook.read(path, sheet)
    roster = assemble(grid, path=path, kind="xlsx", encoding=None, sheet=sheet, sheets=names)
    roster.other_sheets = others
    return roster


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
    magic = read_bytes(path, 8)
    if magic.startswith(_OLE_MAGIC):
        raise RosterReadError("unsupported_type", ext=suffix, name=path.name, old_excel=True)
    if magic.startswith(_ZIP_MAGIC):
        return path, "xlsx"  # includes an .xlsx renamed to .csv
    return path, "csv" if suffix in CSV_SUFFIXES else "xlsx"


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


def _read_csv(path: Path) -> Roster:
    data = read_bytes(path)
    text, encoding = decode_text(data, path.name)
    if may_hold_controls(data, encoding) and CONTROL.search(text):
        text = CONTROL.sub("", text)
    if not text.strip():
        raise RosterReadError("empty", name=path.name)
    delim = _sniff_delimiter(text)
    strip = plain_cell if NEUTRALISED.search(text) else str.strip
    rows: list[list[str]] = []
    with _cells_up_to(len(text)):
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delim)
        try:
            for rec in reader:
                if len(rows) >= MAX_ROWS:
                    raise RosterReadError("too_many_rows", name=path.name, limit=MAX_ROWS)
                rows.append(list(map(strip, rec)))
                _check_cells(rec, len(rows), path)
        except csv.Error as exc:
            raise RosterReadError("broken_csv", name=path.name, row=len(rows) + 1,
                                  detail=str(exc)) from None
    return assemble(rows, path=path, kind="csv", encoding=encoding, sheet=None, sheets=[])


#: csv's own cell limit is process-wide: raised while a file is read, under this lock, so a
#: long cell is reported as such (row, column) rather than as a broken file.
_csv_limit = threading.Lock()


@contextlib.contextmanager
def _cells_up_to(length: int) -> Iterator[None]:
    with _csv_limit:
        before = csv.field_size_limit()
        csv.field_size_limit(max(before, length + 1))
        try:
            yield
        finally:
            csv.field_size_limit(before)


def _check_cells(cells: list[str], row: int, path: Path) -> None:
    for index, cell in enumerate(cells):
        if len(cell) > MAX_CELL_CHARS:
            raise RosterReadError("cell_too_long", name=path.name, row=row,
                                  column=column_name(index), length=len(cell),
                                  limit=MAX_CELL_CHARS)


# --------------------------------------------------------------------------- common


def _may_be_name_header(cell: str) -> bool:
    # Cheap pre-check first: a villager's name starts with a CJK surname, and no name synonym
    # starts with a CJK character other than 姓 / 名 / 村.
    c = cell[0]
    if "\u4e00" <= c <= "\u9fff" and c not in "姓名村":
        return False
    return len(cell) < 20 and is_name_header(cell)


def assemble(rows: list[list[str]], *, path: Path, kind: str, encoding: str | None,
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
