"""Write a table as CSV (UTF-8 with BOM, so Excel on Chinese Windows reads it) or XLSX.

Cells are written as Excel keeps them (``core.excel_text``): no formulas, long digit runs
(ID numbers) kept as text.
"""

from __future__ import annotations

import contextlib
import csv
import os
from collections.abc import Iterable, Sequence
from pathlib import Path

from marketapp.core.errors import UserError
from marketapp.core.excel_text import csv_cell, neutralise
from marketapp.core.text import N_
from marketapp.store.os_errors import explain_file_error

__all__ = ["ExportError", "csv_cell", "neutralise", "write_table"]


class ExportError(UserError):
    messages = {
        "unsupported_type": N_("Unsupported export format “{suffix}”; use .csv or .xlsx."),
    }


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
        # Said as a person reads it ("if it is open in Excel or WPS, close it first"), never
        # the system's English.
        raise explain_file_error(exc, path) from exc
    finally:
        with contextlib.suppress(OSError):
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

    # The folder is tried before the rows are laid out: a write-only workbook that fails to
    # save leaves its row writer open, and Python later prints that writer's error.
    open(path, "wb").close()
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
