"""Reading an .xlsx roster within limits: streamed, never unpacked whole.

A workbook is a zip of XML. A few megabytes can unpack to gigabytes (a "zip bomb", or one
cell pasted full of text), and openpyxl's normal mode builds every cell in memory: a 5.7 MB
file took four minutes and 7.6 GB before failing. So, before anything is parsed, the zip's
table of contents is read and a workbook that would unpack to more than
:data:`MAX_UNPACKED_BYTES` is refused (zipfile never inflates an entry past the size its
directory declares, so the declared sizes bound the work). Then the sheet is read in
openpyxl's read-only mode, row by row: more than :data:`MAX_ROWS` rows, or a cell longer
than :data:`~marketapp.core.roster.problems.MAX_CELL_CHARS`, stops the read with a message that
says which. Columns past :data:`MAX_COLUMNS` are not read (no roster is that wide).

Read-only mode does not give merged cells, which rosters use (a village typed once and
merged down a group): their ranges are found in the sheet's XML with a streamed scan.
"""

from __future__ import annotations

import io
import re
import warnings
import zipfile
from datetime import datetime
from pathlib import Path
from typing import Any

from marketapp.core.roster.cells import cell_text
from marketapp.core.roster.headers import HEADER_SEARCH_ROWS, find_header
from marketapp.core.roster.problems import (
    MAX_CELL_CHARS,
    MAX_ROWS,
    RosterReadError,
    column_name,
    read_bytes,
)

#: What a roster workbook may unpack to, all parts together (a 50,000-person roster is
#: about 40 MB of XML).
MAX_UNPACKED_BYTES = 200 * 1024 * 1024
MAX_ZIP_ENTRIES = 10_000
MAX_COLUMNS = 200
_MB = 1024 * 1024
_MERGE = re.compile(rb'<(?:[\w.-]+:)?mergeCell\b[^>]*?\bref="([A-Z]{1,3})([0-9]{1,7})'
                    rb'(?::([A-Z]{1,3})([0-9]{1,7}))?"')
_SCAN_CHUNK = 1024 * 1024


def load(path: Path):
    """The workbook in read-only mode, after its zip passed the size check."""
    from openpyxl import load_workbook

    data = io.BytesIO(read_bytes(path))
    _check_unpacked_size(data, path)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return load_workbook(data, read_only=True, data_only=True)
    except Exception as exc:  # zipfile.BadZipFile, KeyError, InvalidFileException, lxml errors…
        raise RosterReadError("broken_file", name=path.name, detail=repr(exc)) from None


def _check_unpacked_size(data: io.BytesIO, path: Path) -> None:
    try:
        with zipfile.ZipFile(data) as archive:
            entries = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise RosterReadError("broken_file", name=path.name, detail=repr(exc)) from None
    total = sum(entry.file_size for entry in entries)
    if total > MAX_UNPACKED_BYTES or len(entries) > MAX_ZIP_ENTRIES:
        raise RosterReadError("too_big", name=path.name, size=total // _MB,
                              limit=MAX_UNPACKED_BYTES // _MB)
    data.seek(0)


def list_sheets(path: Path) -> list[str]:
    wb = load(path)
    try:
        return list(wb.sheetnames)
    finally:
        wb.close()


def read(path: Path, sheet: str | None) -> tuple[list[list[str]], str, list[str], list[str]]:
    """(the roster sheet's rows as text, its name, every sheet's name, the other sheets
    that look like rosters too)."""
    wb = load(path)
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
    return grid, sheet, names, others


def _grid_or_broken(ws, path: Path) -> list[list[str]]:
    try:
        return sheet_grid(ws, path)
    except RosterReadError:
        raise
    except Exception as exc:  # openpyxl can fail late on odd files
        raise RosterReadError("broken_file", name=path.name, detail=repr(exc)) from None


# A 出生年月 cell holds the 1st of the month: shown as the user sees it.
_FORMAT_LITERALS = re.compile(r'"[^"]*"|\[[^\]]*\]|\\.')


def _shows_no_day(number_format: str | None) -> bool:
    """True for a date format without the day: yyyy"年"m"月", yyyy.mm, mmm-yy."""
    codes = _FORMAT_LITERALS.sub("", number_format or "").lower()
    return "y" in codes and "d" not in codes


def sheet_grid(ws, path: Path) -> list[list[str]]:
    """All rows of a worksheet from row 1 as stripped text, merged cells filled; refused
    past the row and cell-length limits."""
    ws.reset_dimensions()  # a declared size is not trusted: only rows that are there
    rows: list[list[Any]] = []
    for cells in ws.iter_rows():
        if len(rows) >= MAX_ROWS:
            raise RosterReadError("too_many_rows", name=path.name, limit=MAX_ROWS)
        row = []
        for cell in cells[:MAX_COLUMNS]:
            value = getattr(cell, "value", None)
            if isinstance(value, str) and len(value) > MAX_CELL_CHARS:
                raise RosterReadError("cell_too_long", name=path.name, row=len(rows) + 1,
                                      column=column_name(len(row)), length=len(value),
                                      limit=MAX_CELL_CHARS)
            if isinstance(value, datetime) and _shows_no_day(cell.number_format):
                value = value.strftime("%Y-%m")
            row.append(value)
        rows.append(row)
    _fill_merged(rows, merged_ranges(ws))
    return [[cell_text(v) for v in r] for r in rows]


def _fill_merged(rows: list[list[Any]], ranges: list[tuple[int, int, int, int]]) -> None:
    height = len(rows)
    for r0, c0, r1, c1 in ranges:  # 0-based, inclusive
        if r0 >= height or c0 >= MAX_COLUMNS:
            continue
        value = rows[r0][c0] if c0 < len(rows[r0]) else None
        if value is None:
            continue
        for r in range(r0, min(r1 + 1, height)):
            row = rows[r]
            last = min(c1, MAX_COLUMNS - 1)
            if last >= len(row):
                row.extend([None] * (last + 1 - len(row)))
            for c in range(c0, last + 1):
                row[c] = value


def merged_ranges(ws) -> list[tuple[int, int, int, int]]:
    """(first row, first column, last row, last column), 0-based, of the sheet's merged
    cells, scanned from its XML in chunks (the list sits after the rows)."""
    found: set[tuple[int, int, int, int]] = set()
    tail = b""
    with ws._get_source() as source:  # openpyxl's read-only sheet: its XML in the zip
        while True:
            chunk = source.read(_SCAN_CHUNK)
            if not chunk:
                break
            text = tail + chunk
            for m in _MERGE.finditer(text):
                c0, r0 = _column_index(m.group(1)), int(m.group(2)) - 1
                c1 = _column_index(m.group(3)) if m.group(3) else c0
                r1 = int(m.group(4)) - 1 if m.group(4) else r0
                found.add((r0, c0, r1, c1))
            tail = text[-256:]  # a tag cut by the chunk's end is found in the next round
    return sorted(found)


def _column_index(letters: bytes) -> int:
    index = 0
    for ch in letters:
        index = index * 26 + (ch - 64)
    return index - 1


def _looks_like_a_roster(ws) -> bool:
    """A visible sheet with a roster header and rows below it (one village a sheet)."""
    if ws.sheet_state != "visible":
        return False
    try:
        top = [[cell_text(v) for v in row[:MAX_COLUMNS]] for row in
               ws.iter_rows(max_row=HEADER_SEARCH_ROWS + 1, values_only=True)]
    except Exception:  # only a note about other sheets: an odd one is not worth failing for
        return False
    header = find_header(top[:HEADER_SEARCH_ROWS])
    return header is not None and any(any(r) for r in top[header.row_index + 1:])
