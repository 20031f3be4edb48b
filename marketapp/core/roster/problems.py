"""Why a roster file cannot be read, and the limits a roster file must keep (CSV or XLSX)."""

from __future__ import annotations

from pathlib import Path

from marketapp.core.errors import UserError
from marketapp.core.roster.headers import expected_headers
from marketapp.core.text import N_, current_language, gettext, join
from marketapp.store.os_errors import os_reason

#: No roster cell is longer (an address, a note); a longer one is a mistake or an attack.
MAX_CELL_CHARS = 5_000
#: Rows a roster file may have: a township's people many times over.
MAX_ROWS = 200_000


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
        "broken_csv": N_("Cannot read “{name}” as a CSV file (near row {row}: {detail}). Open it "
                         "in Excel or WPS, save it again as .csv or .xlsx, and import that."),
        "cell_too_long": N_("Row {row}, column {column} of “{name}” holds {length} characters; a "
                            "roster cell may hold at most {limit}. Check that cell (a whole text "
                            "pasted into it?), then import again. Nothing was imported."),
        "too_many_rows": N_("“{name}” has more than {limit} rows, far more than a roster has. "
                            "Check that this is the right file, or split it, and import again. "
                            "Nothing was imported."),
        "too_big": N_("“{name}” would unpack to {size} MB, more than the {limit} MB a roster "
                      "workbook may have: it is not a roster, or it is damaged. Save only the "
                      "roster as a new .xlsx or .csv and import that. Nothing was imported."),
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


def column_name(index: int) -> str:
    """A 0-based column as Excel names it: 0 → A, 26 → AA."""
    name = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        name = chr(65 + rest) + name
    return name


def read_bytes(path: Path, n: int | None = None) -> bytes:
    try:
        with path.open("rb") as fh:
            return fh.read() if n is None else fh.read(n)
    except OSError as exc:
        raise RosterReadError("cannot_open", name=path.name, detail=os_reason(exc)) from exc
