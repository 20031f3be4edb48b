"""Write a table as CSV (UTF-8 with BOM, so Excel on Chinese Windows reads it) or XLSX.

Text cells that a spreadsheet would run as a formula (= + - @, or a leading tab/CR) get a
leading apostrophe: a villager's note must never become a formula on a staff laptop.

In a CSV, a long run of digits (an 18-digit ID number in a full copy) is written after a tab:
Excel otherwise reads it as a number, shows 3.30624E+17 and, once the sheet is saved, has
turned the last digits into zeros. The tab makes it text; the roster import strips it.
"""

from __future__ import annotations

import csv
import os
from collections.abc import Iterable, Sequence
from pathlib import Path

from marketapp.core.errors import UserError
from marketapp.core.text import N_

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


class ExportError(UserError):
    messages = {
        "unsupported_type": N_("Unsupported export format “{suffix}”; use .csv or .xlsx."),
        "cannot_write": N_("Cannot write {path}: {reason}"),
    }


def _long_digits(value: object) -> bool:
    return (isinstance(value, str) and len(value) >= 12 and value[:-1].isdigit()
            and (value[-1].isdigit() or value[-1] == "X"))


def csv_cell(value: object) -> object:
    if value is None:
        return ""
    if _long_digits(value):
        return "\t" + str(value)
    return neutralise(value)


def neutralise(value: object) -> object:
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def write_table(path: Path, headers: Sequence[str], rows: Iterable[Sequence[object]]) -> int:
    """Write the table; returns the number of data rows. Nothing is left half-written."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".xlsx"):
        raise ExportError("unsupported_type", suffix=suffix or path.name)
    tmp = path.with_name(path.name + ".partial")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        count = _write_csv(tmp, headers, rows) if suffix == ".csv" else _write_xlsx(
            tmp, headers, rows
        )
        os.replace(tmp, path)
    except OSError as exc:
        raise ExportError("cannot_write", path=str(path), reason=exc.strerror or str(exc)) from exc
    finally:
        if tmp.exists():
            tmp.unlink()
    return count


def _write_csv(path: Path, headers: Sequence[str], rows: Iterable[Sequence[object]]) -> int:
    count = 0
    with open(path, "w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(headers)
        for row in rows:
            writer.writerow([csv_cell(v) for v in row])
            count += 1
        handle.flush()
        os.fsync(handle.fileno())
    return count


def _write_xlsx(path: Path, headers: Sequence[str], rows: Iterable[Sequence[object]]) -> int:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    sheet.append(list(headers))
    count = 0
    for row in rows:
        # Text stays text: an ID number written as a number would be rounded by Excel.
        sheet.append([neutralise(v) for v in row])
        count += 1
    workbook.save(path)
    return count
