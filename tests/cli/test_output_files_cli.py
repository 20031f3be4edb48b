"""An output the command cannot write — a PDF still open in a viewer, a folder without
permission, a read-only stick — is said as the output's problem, in the user's language, with
what to do; never as the data file's problem, never the system's English, never a traceback."""

from __future__ import annotations

import errno
import os
from datetime import date

import pytest

from marketapp.cli import cli
from marketapp.core.demo.day import run_demo
from marketapp.store.database import open_database

DAY = "2026-03-08"


@pytest.fixture
def market(db_path):
    db = open_database(db_path)
    run_demo(db, day=date.fromisoformat(DAY), village="花园村", villagers=20, seed=3)
    db.close()
    return db_path


def run(runner, db_path, *args):
    return runner.invoke(cli, ["--db", str(db_path), *args])


def refuse_writes_in(monkeypatch, folder, error=errno.EACCES):
    """The folder refuses new files and renames into it, as Windows does for a PDF held
    open by a viewer, or a folder without permission."""
    real_replace, real_open = os.replace, open

    def replace(src, dst, *a, **k):
        if str(dst).startswith(str(folder)):
            raise PermissionError(error, os.strerror(error), str(dst))
        return real_replace(src, dst, *a, **k)

    def opener(file, mode="r", *a, **k):
        if str(file).startswith(str(folder)) and any(c in mode for c in "wax"):
            raise PermissionError(error, os.strerror(error), str(file))
        return real_open(file, mode, *a, **k)

    monkeypatch.setattr(os, "replace", replace)
    monkeypatch.setattr("builtins.open", opener)


@pytest.mark.parametrize("args", [
    ["report", "--date", DAY, "-o", "{out}/日报.pdf"],
    ["report", "--from", DAY, "--to", DAY, "-o", "{out}/period.pdf"],
    ["export", "villagers", "-o", "{out}/villagers.xlsx"],
    ["export", "villagers", "-o", "{out}/villagers.csv"],
    ["export", "visits", "--date", DAY, "-o", "{out}/visits.xlsx"],
])
def test_an_output_that_cannot_be_written_is_said_as_the_outputs_problem(
        runner, market, tmp_path, monkeypatch, args):
    out = tmp_path / "out"
    out.mkdir()
    refuse_writes_in(monkeypatch, out)
    result = run(runner, market, *[a.format(out=out) for a in args])
    assert result.exit_code == 1
    said = result.output
    assert "没有权限使用" in said and str(out) in said and "PDF 阅读器" in said
    assert "数据文件" not in said and "Permission denied" not in said
    assert "Traceback" not in said and "Exception" not in said
    assert list(out.iterdir()) == []  # nothing half-written left behind


def test_a_date_with_two_markets_is_refused_until_the_village_is_named(runner, market, tmp_path):
    """Two villages held markets that day: a report of the wrong one is worse than none."""
    db = open_database(market)
    run_demo(db, day=date.fromisoformat(DAY), village="城南村", villagers=10, seed=4)
    db.close()
    out = tmp_path / "day.pdf"
    for args in (["report", "--date", DAY, "-o", str(out)], ["board", "--date", DAY]):
        refused = run(runner, market, *args)
        assert refused.exit_code == 1
        assert "有几场集市" in refused.output and "花园村" in refused.output
        assert "城南村" in refused.output and "--village" in refused.output
    assert not out.exists()
    missing = run(runner, market, "report", "--date", DAY, "--village", "东山村", "-o", str(out))
    assert missing.exit_code == 1 and "东山村 2026-03-08 没有集市" in missing.output
    assert "花园村" in missing.output and not out.exists()
    chosen = run(runner, market, "report", "--date", DAY, "--village", "城南村", "-o", str(out))
    assert chosen.exit_code == 0 and out.exists()
