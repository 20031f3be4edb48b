"""Hostile or broken roster files are refused within seconds, saying why (issue 15, items 10
and 11): a workbook that would unpack to gigabytes, a cell longer than any roster cell, more
rows than a roster has. Workbooks are read in openpyxl's read-only (streaming) mode."""

import time
import zipfile

import pytest
from roster_files import people, roster_rows, write_csv, write_xlsx

from marketapp.core.roster import read as roster_read
from marketapp.core.roster import workbook
from marketapp.core.roster.read import RosterReadError, read_roster

HEADER = ["姓名", "身份证号", "联系电话", "所属村"]


def refused(path, code):
    started = time.monotonic()
    with pytest.raises(RosterReadError) as caught:
        read_roster(path)
    assert caught.value.code == code, caught.value.message("en")
    assert time.monotonic() - started < 5  # seconds, not minutes
    return caught.value


def test_a_zip_bomb_is_refused_before_anything_is_unpacked(tmp_path):
    path = write_xlsx(tmp_path / "bomb.xlsx", {"花名册": [HEADER, ["张三", "", "", "花园村"]]})
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as archive:
        with archive.open("xl/media/padding.bin", "w", force_zip64=True) as entry:
            block = b"\0" * (1 << 20)
            for _ in range(workbook.MAX_UNPACKED_BYTES // len(block) + 8):
                entry.write(block)
    assert path.stat().st_size < 2 * 1024 * 1024  # a small file…
    error = refused(path, "too_big")  # …that would unpack to over 200 MB
    assert "MB" in error.message("en") and "解压后" in error.message("zh")


def test_one_huge_cell_in_a_workbook_is_too_long_with_its_row_and_column(tmp_path):
    path = write_xlsx(tmp_path / "long.xlsx", {"花名册": [
        HEADER, ["张三", "", "", "花园村"], ["李四", "", "备注" * 4000, "花园村"]]})
    error = refused(path, "cell_too_long")
    assert error.params["row"] == 3 and error.params["column"] == "C"
    assert "第 3 行第 C 列" in error.message("zh")


def test_a_workbook_with_more_rows_than_a_roster_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(workbook, "MAX_ROWS", 50)
    rows = [HEADER] + [[f"村民{i}", "", "", "花园村"] for i in range(60)]
    path = write_xlsx(tmp_path / "rows.xlsx", {"花名册": rows})
    refused(path, "too_many_rows")


def test_a_declared_million_rows_are_not_made_up(tmp_path):
    """The sheet's <dimension> says A1:D1048576: only the rows that are there are read."""
    path = write_xlsx(tmp_path / "dim.xlsx", {"花名册": [HEADER, ["张三", "", "", "花园村"]]})
    with zipfile.ZipFile(path) as archive:
        entries = [(info, archive.read(info)) for info in archive.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for info, data in entries:
            if info.filename.startswith("xl/worksheets/sheet"):
                assert b'<dimension ref="A1:D2" />' in data
                data = data.replace(b'<dimension ref="A1:D2" />',
                                    b'<dimension ref="A1:D1048576" />')
            archive.writestr(info, data)
    started = time.monotonic()
    roster = read_roster(path)
    assert [r.values["name"] for r in roster.rows] == ["张三"]
    assert time.monotonic() - started < 5


def test_workbooks_are_read_streaming(tmp_path, monkeypatch):
    import openpyxl

    modes = []
    real = openpyxl.load_workbook

    def spy(*args, **kwargs):
        modes.append(kwargs.get("read_only"))
        return real(*args, **kwargs)

    monkeypatch.setattr(openpyxl, "load_workbook", spy)
    read_roster(write_xlsx(tmp_path / "ok.xlsx", {"花名册": [HEADER, ["张三", "", "", "花园村"]]}))
    assert modes == [True]


def test_a_long_csv_cell_is_too_long_not_damaged(tmp_path):
    rows = roster_rows(people(3, seed=1))
    rows[2][-1] = "很长的备注" * 200_000  # 1 MB in one cell
    path = write_csv(tmp_path / "long.csv", rows, encoding="utf-8")
    error = refused(path, "cell_too_long")
    assert error.params["row"] == 3 and error.params["column"] == "H"
    assert "damaged" not in error.message("en") and "not really an Excel" not in error.message("en")
    assert "Row 3, column H" in error.message("en")


def test_a_csv_with_more_rows_than_a_roster_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(roster_read, "MAX_ROWS", 10)
    path = write_csv(tmp_path / "many.csv", roster_rows(people(20, seed=2)))
    refused(path, "too_many_rows")


def test_a_cell_at_the_limit_is_read(tmp_path):
    rows = roster_rows(people(2, seed=3))
    rows[1][-1] = "注" * roster_read.MAX_CELL_CHARS
    roster = read_roster(write_csv(tmp_path / "edge.csv", rows, encoding="utf-8"))
    assert len(roster.rows[0].values["notes"]) == roster_read.MAX_CELL_CHARS
