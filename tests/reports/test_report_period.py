"""The period report and the `marketapp report` command."""

from __future__ import annotations

import csv
from datetime import date

import pytest
from click.testing import CliRunner
from pdf_text import pdf_text

from marketapp.cli import cli
from marketapp.core.demo.day import run_demo
from marketapp.core.figures.period import period_data
from marketapp.core.people.villages import add_village
from marketapp.core.requests.records import count_solved, request_counts
from marketapp.reports.pdf_base import ReportError
from marketapp.reports.period_report import build_period_report
from marketapp.reports.visit_export import export_visits
from marketapp.store.database import open_database

DAYS = (("2026-11-07", "丁村", 50, 4), ("2026-11-21", "城南村", 60, 5))


@pytest.fixture(scope="module")
def two_days(tmp_path_factory):
    path = tmp_path_factory.mktemp("period") / "period.db"
    db = open_database(path)
    for day, village, people, seed in DAYS:
        run_demo(db, day=date.fromisoformat(day), village=village, villagers=people, seed=seed)
    add_village(db, "无集村")  # a township village that hosts nothing
    yield {"db": db, "path": path}
    db.close()


def test_period_figures_equal_the_visits_export(two_days, tmp_path):
    db = two_days["db"]
    out = tmp_path / "range.csv"
    export_visits(db, out, "2026-11-01", "2026-11-30", full=True)
    rows = list(csv.DictReader(out.read_text(encoding="utf-8-sig").splitlines()))
    done = [r for r in rows if r["状态"] == "办结"]
    data = period_data(db, "2026-11-01", "2026-11-30")
    assert [(d.date, d.village) for d in data.days] == [(d, v) for d, v, _n, _s in DAYS]
    assert data.tickets == len(rows) and data.visits == len(done)
    assert data.people == len({(r["姓名"], r["身份证号"], r["所属村"]) for r in done})
    for day in data.days:
        assert day.visits == sum(r["集市日期"] == day.date for r in done)
    by_service = {s.name_zh: s.visits for s in data.services}
    for name, visits in by_service.items():
        assert visits == sum(r["服务项目"] == name for r in done)
    assert "无集村" in data.no_market and "丁村" not in data.no_market
    assert data.requests == request_counts(db, "2026-11-01", "2026-11-30")
    assert data.solved == count_solved(db, "2026-11-01", "2026-11-30")


def test_period_pdf_contents(two_days, tmp_path):
    out = tmp_path / "period.pdf"
    result = build_period_report(two_days["db"], "2026-11-01", "2026-11-30", out)
    text = pdf_text(out)
    data = period_data(two_days["db"], "2026-11-01", "2026-11-30")
    assert result.pages >= 1 and not result.missing
    for heading in ("服务集市阶段报告", "2026-11-01 至 2026-11-30", "主要数据", "每场集市服务人次",
                    "每场集市好评率（%）", "集市场次与满意度", "按服务项目", "按村（村民所属村）",
                    "期间未举办集市的村", "无集村", "诉求类别（按数量）"):
        assert heading in text, heading
    lines = [line.strip() for line in text.splitlines()]
    assert lines[lines.index("服务村民（人，去重）") + 1] == str(data.people)
    assert lines[lines.index("服务人次") + 1] == str(data.visits)
    assert lines[lines.index("解决诉求") + 1] == str(data.solved)
    assert f"第 1 页，共 {result.pages} 页" in text


def test_empty_range_writes_nothing(two_days, tmp_path):
    out = tmp_path / "none.pdf"
    with pytest.raises(ReportError):
        build_period_report(two_days["db"], "2027-01-01", "2027-12-31", out)
    assert list(tmp_path.iterdir()) == []


# ------------------------------------------------------------------ CLI


def run(path, *args):
    return CliRunner().invoke(cli, ["--db", str(path), *args])


def test_cli_daily_report(two_days, tmp_path):
    out = tmp_path / "day.pdf"
    result = run(two_days["path"], "report", "--date", "2026-11-21", "-o", str(out))
    assert result.exit_code == 0, result.output
    assert "已生成报告" in result.output and out.exists()
    assert "城南村" in pdf_text(out)


def test_cli_village_lang_and_full(two_days, tmp_path):
    out = tmp_path / "day-en.pdf"
    result = run(two_days["path"], "report", "--date", "2026-11-07", "--village", "丁村",
                 "-o", str(out), "--lang", "en", "--full")
    assert result.exit_code == 0, result.output
    assert "Report written" in result.output
    text = pdf_text(out)
    assert "Service market daily summary" in text and "INTERNAL" in text
    import sqlite3

    logged = sqlite3.connect(two_days["path"]).execute(
        "SELECT action, detail FROM sensitive_log").fetchall()
    assert [a for a, _ in logged] == ["report_full"] and "2026-11-07" in logged[0][1]
    global_lang = tmp_path / "global.pdf"
    result = run(two_days["path"], "--lang", "en", "report", "--date", "2026-11-07", "-o",
                 str(global_lang))
    assert result.exit_code == 0 and "Per stall" in pdf_text(global_lang)


def test_cli_no_market_is_exit_1_and_no_file(two_days, tmp_path):
    out = tmp_path / "none.pdf"
    result = run(two_days["path"], "report", "--date", "2026-11-08", "-o", str(out))
    assert result.exit_code == 1 and "2026-11-08 没有集市" in result.output
    result = run(two_days["path"], "report", "--date", "2026-11-07", "--village", "城南村",
                 "-o", str(out))
    assert result.exit_code == 1 and "城南村" in result.output
    result = run(two_days["path"], "--lang", "en", "report", "--from", "2027-01-01", "--to",
                 "2027-02-01", "-o", str(out))
    assert result.exit_code == 1 and "No market days" in result.output
    assert list(tmp_path.iterdir()) == []


def test_cli_period_report(two_days, tmp_path):
    out = tmp_path / "period.pdf"
    result = run(two_days["path"], "report", "--from", "2026-11-01", "--to", "2026-11-30",
                 "-o", str(out))
    assert result.exit_code == 0, result.output
    assert "服务集市阶段报告" in pdf_text(out)


def test_cli_usage_errors(two_days, tmp_path):
    out = str(tmp_path / "x.pdf")
    assert run(two_days["path"], "report", "-o", out).exit_code == 2
    assert run(two_days["path"], "report", "--date", "2026-11-07", "--from", "2026-11-01",
               "--to", "2026-11-30", "-o", out).exit_code == 2
    assert run(two_days["path"], "report", "--from", "2026-11-01", "--to", "2026-11-30",
               "--full", "-o", out).exit_code == 2
    wrong = run(two_days["path"], "report", "--date", "2026-11-07", "-o",
                str(tmp_path / "x.txt"))
    assert wrong.exit_code == 1 and ".pdf" in wrong.output
    assert list(tmp_path.iterdir()) == []
