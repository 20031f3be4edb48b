"""Privacy scan: what leaves the laptop by default names no one.

A demo market day is written to a temporary data file through the CLI; then the default
(masked) villager and visit exports (CSV and the XML inside the XLSX), the public board and
the daily report PDF are scanned for an 18-character ID number, an 11-digit mobile number and
the full name of anyone who came that day. The same outputs with ``--full`` must contain
them, so the scan is shown to be able to fail.
"""

from __future__ import annotations

import re
import sqlite3
import zipfile
from datetime import datetime
from pathlib import Path

import pytest
from click.testing import CliRunner

from marketapp.cli import cli

DAY = "2026-11-28"
LIVE_DAY = "2026-11-29"
ID_RE = re.compile(r"\d{17}[\dXx]")
PHONE_RE = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)")


def run(path: Path, *args: str):
    result = CliRunner().invoke(cli, ["--db", str(path), *args], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result


@pytest.fixture(scope="module")
def market(tmp_path_factory):
    """The demo day (closed), plus a live day with people being called and served."""
    from marketapp.core.market.days import open_market_day
    from marketapp.core.queue import engine as queue
    from marketapp.store.database import open_database

    folder = tmp_path_factory.mktemp("privacy")
    path = folder / "market.db"
    run(path, "demo", "--date", DAY, "--villagers", "60", "--seed", "5")
    db = open_database(path)
    try:
        people = [row[0] for row in db.execute(
            "SELECT id FROM villagers ORDER BY seq LIMIT 12").fetchall()]
        live = open_market_day(db, LIVE_DAY, "城南村", ["haircut", "health_check"],
                               at=f"{LIVE_DAY}T07:50:00+08:00")
        stalls = db.execute("SELECT id FROM stalls WHERE market_day_id = ? ORDER BY position",
                            [live.id]).fetchall()
        for i, person in enumerate(people):
            queue.issue(db, stalls[i % 2][0], person,
                        at=datetime.fromisoformat(f"{LIVE_DAY}T08:{i:02d}:00+08:00"))
        for stall_id, in stalls:
            first = queue.call_next(db, stall_id, counter=1, at=f"{LIVE_DAY}T08:20:00+08:00")
            queue.start(db, first.id, at=f"{LIVE_DAY}T08:21:00+08:00")
            queue.call_next(db, stall_id, counter=2, at=f"{LIVE_DAY}T08:22:00+08:00")
        names = {
            day: {row[0] for row in db.execute(
                "SELECT DISTINCT v.name FROM tickets t JOIN villagers v ON v.id = t.villager_id "
                "JOIN market_days d ON d.id = t.market_day_id WHERE d.date = ?", [day])}
            for day in (DAY, LIVE_DAY)
        }
    finally:
        db.close()
    return path, folder, names


def leaks(text: str, names: set[str]) -> dict[str, list[str]]:
    found = {
        "id": ID_RE.findall(text),
        "phone": PHONE_RE.findall(text),
        "name": sorted(n for n in names if len(n) >= 2 and n in text),
    }
    return {kind: hits for kind, hits in found.items() if hits}


def xlsx_text(path: Path) -> str:
    with zipfile.ZipFile(path) as book:
        return "\n".join(book.read(name).decode("utf-8") for name in book.namelist()
                         if name.endswith(".xml"))


def pdf_text(path: Path) -> str:
    from pypdf import PdfReader

    return "\n".join(page.extract_text() or "" for page in PdfReader(path).pages)


def read(path: Path) -> str:
    if path.suffix == ".xlsx":
        return xlsx_text(path)
    if path.suffix == ".pdf":
        return pdf_text(path)
    return path.read_text(encoding="utf-8-sig")


def test_the_day_has_people_with_ids_phones_and_long_names(market):
    path, _, names = market
    assert len([n for n in names[DAY] if len(n) >= 2]) > 30
    conn = sqlite3.connect(path)
    try:
        with_id, with_phone = conn.execute(
            "SELECT COUNT(id_number), COUNT(phone) FROM villagers").fetchone()
    finally:
        conn.close()
    assert with_id > 30 and with_phone > 10


EXPORTS = [
    ("villagers", ".csv"), ("villagers", ".xlsx"), ("visits", ".csv"), ("visits", ".xlsx"),
]


@pytest.mark.parametrize(("what", "suffix"), EXPORTS)
def test_default_exports_name_no_one(market, what, suffix):
    path, folder, names = market
    out = folder / f"default-{what}{suffix}"
    args = ["export", what, "-o", str(out)] + (["--date", DAY] if what == "visits" else [])
    run(path, *args)
    text = read(out)
    assert "*" in text  # masked values are there…
    assert leaks(text, names[DAY]) == {}  # …and nothing unmasked


@pytest.mark.parametrize(("what", "suffix"), EXPORTS)
def test_full_exports_do_contain_them_so_the_scan_can_fail(market, what, suffix):
    path, folder, names = market
    out = folder / f"full-{what}{suffix}"
    args = ["export", what, "-o", str(out), "--full"]
    run(path, *(args + (["--date", DAY] if what == "visits" else [])))
    found = leaks(read(out), names[DAY])
    assert set(found) == {"id", "phone", "name"}


def test_full_exports_are_logged_with_who_and_when(market, monkeypatch):
    path, folder, _ = market
    monkeypatch.setenv("MARKETAPP_OPERATOR", "王管理")
    run(path, "export", "villagers", "-o", str(folder / "logged.csv"), "--full")
    run(path, "export", "villagers", "-o", str(folder / "not-logged.csv"))
    conn = sqlite3.connect(path)
    try:
        rows = conn.execute("SELECT at, operator, action, detail FROM sensitive_log "
                            "WHERE detail LIKE '%logged.csv'").fetchall()
    finally:
        conn.close()
    [(at, operator, action, detail)] = rows
    assert operator == "王管理" and action == "export_full" and "villagers" in detail
    assert at[:4] >= "2025"
    log = run(path, "operators", "log").output
    assert "王管理" in log and "export_full" in log


def test_the_board_shows_masked_names_only(market):
    path, _, names = market
    text = run(path, "board", "--date", LIVE_DAY).output
    assert re.search(r"[A-Z]\d{3}\(\S\*+\S?\)", text), text  # A001(张*明): the scan has data
    assert leaks(text, names[LIVE_DAY]) == {}


def test_default_daily_report_pdf_names_no_one(market):
    path, folder, names = market
    out = folder / "default.pdf"
    run(path, "report", "--date", DAY, "-o", str(out))
    text = pdf_text(out)
    assert "*" in text
    assert leaks(text, names[DAY]) == {}


def test_full_daily_report_pdf_does_contain_them(market):
    path, folder, names = market
    out = folder / "full.pdf"
    run(path, "report", "--date", DAY, "-o", str(out), "--full")
    found = leaks(pdf_text(out), names[DAY])
    assert "id" in found and "name" in found
