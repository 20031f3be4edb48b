"""A roster cell as the text the user sees: control characters out, the apostrophe an export
puts before = + - @ taken off, an openpyxl value written as Excel shows it."""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from typing import Any

# Control characters (NUL and the like) that broken exports leave in cells; tabs and line
# breaks stay. In a workbook Excel writes them escaped (_x0000_), and openpyxl keeps that.
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
CONTROL_BYTES = bytes(range(0x09)) + b"\x0b\x0c" + bytes(range(0x0e, 0x20)) + b"\x7f"
_ESCAPEDCONTROL = re.compile("_x00(?:[01][0-9A-Fa-f]|7[Ff])_")
# What spreadsheet exports (ours included: the rejected rows) put before a cell that would
# run as a formula; read back, the cell is what it was before.
NEUTRALISED = re.compile("'[=+\\-@]")


def may_hold_controls(data: bytes, encoding: str) -> bool:
    """A look at the bytes, 6 times faster than searching the text: in UTF-8 and GBK/GB18030
    no byte below 0x40 is part of a longer character but GB18030's four-byte digits."""
    return encoding == "utf-16" or len(data.translate(None, CONTROL_BYTES)) != len(data)


def plain_cell(text: str) -> str:
    """A cell without control characters or the apostrophe put before = + - @."""
    text = text.strip()
    if text and (text[0] == "'" or not text.isprintable()):  # cheap tests first: most cells
        text = CONTROL.sub("", text).strip()
        if NEUTRALISED.match(text):
            text = text[1:]
    return text


def cell_text(value: Any) -> str:
    """An openpyxl cell value as the text the user sees in Excel."""
    if value is None:
        return ""
    if isinstance(value, str):
        return plain_cell(_ESCAPEDCONTROL.sub("", value) if "_x" in value else value)
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
