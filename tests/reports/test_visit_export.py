"""`marketapp demo` then `marketapp board` and `marketapp export visits`."""

import csv
import re

import pytest
from click.testing import CliRunner

from marketapp.cli import cli


@pytest.fixture(scope="module")
def demo_run(tmp_path_factory):
    path = tmp_path_factory.mktemp("cli") / "demo.db"
    result = CliRunner().invoke(cli, ["--db", str(path), "demo", "--date", "2026-11-28",
                                      "--villagers", "60", "--seed", "2"])
    assert result.exit_code == 0, result.output
    return path, result.output


@pytest.fixture(scope="module")
def demo_path(demo_run):
    return demo_run[0]


def run(path, *args):
    return CliRunner().invoke(cli, ["--db", str(path), *args], catch_exceptions=False)


def test_demo_twice_on_the_same_day_is_refused(demo_path):
    again = CliRunner().invoke(cli, ["--db", str(demo_path), "demo", "--date", "2026-11-28"])
    assert again.exit_code == 1 and "已有" in again.output


def test_board_prints_every_stall(demo_path):
    result = run(demo_path, "board", "--date", "2026-11-28")
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert "城南村" in lines[0] and "已收市" in lines[0]
    assert any(line.startswith("A 理发") for line in lines)
    assert len(lines) >= 10


def test_board_without_market_is_exit_1(demo_path):
    result = CliRunner().invoke(cli, ["--db", str(demo_path), "board", "--date", "2026-01-01"])
    assert result.exit_code == 1 and "没有集市" in result.output


def test_the_demo_summary_counts_what_the_report_counts(demo_run):
    from marketapp.core.figures.daily import daily_data
    from marketapp.core.market.days import find_market_day
    from marketapp.store.database import open_database

    path, output = demo_run
    db = open_database(path)
    key = daily_data(db, find_market_day(db, "2026-11-28").id).key
    db.close()
    summary = next(line for line in output.splitlines() if line.startswith("村民"))
    assert f"号票 {key.tickets}，办结 {key.visits}，过号 {key.no_shows}，" in summary
    assert f"转摊位 {key.transferred}，取消 {key.cancelled}，收市未服务 {key.not_served}" in summary
    assert key.tickets == key.visits + key.no_shows + key.transferred + key.cancelled \
        + key.not_served
    assert "过号后回到队伍" in output  # said apart, not added to the no-shows
    assert f"演示数据文件：{path}" in output


def test_demo_without_db_writes_the_demo_file_not_the_real_one(tmp_path, monkeypatch):
    monkeypatch.delenv("MARKETAPP_DB", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    from marketapp.store.paths import default_db_path, demo_db_path

    result = CliRunner().invoke(cli, ["demo", "--date", "2026-11-20", "--villagers", "5"])
    assert result.exit_code == 0, result.output
    assert demo_db_path().is_relative_to(tmp_path) and demo_db_path().exists()
    assert not default_db_path().exists()
    assert f"演示数据文件：{demo_db_path()}" in result.output
    named = tmp_path / "named.db"
    monkeypatch.setenv("MARKETAPP_DB", str(named))
    result = CliRunner().invoke(cli, ["demo", "--date", "2026-11-20", "--villagers", "5"])
    assert result.exit_code == 0 and named.exists() and str(named) in result.output


def test_demo_on_an_absurd_date_is_refused_and_leaves_no_market(tmp_path):
    path = tmp_path / "d.db"
    result = CliRunner().invoke(cli, ["--db", str(path), "demo", "--date", "1900-01-01",
                                      "--villagers", "5"])
    assert result.exit_code == 1
    assert "演示日期 1900-01-01 不合理：请用 2000-01-01 至" in result.output
    board = run(path, "board", "--date", "1900-01-01")
    assert board.exit_code == 1 and "1900-01-01 没有集市" in board.output


def test_board_of_a_closed_day_gives_each_stalls_final_figures(demo_path):
    import sqlite3

    result = run(demo_path, "board", "--date", "2026-11-28")
    hair = next(line for line in result.output.splitlines() if line.startswith("A 理发"))
    counts = dict(sqlite3.connect(demo_path).execute(
        "SELECT t.status, COUNT(*) FROM tickets t JOIN stalls s ON s.id = t.stall_id "
        "WHERE s.letter = 'A' GROUP BY t.status").fetchall())
    assert f"办结 {counts['done']}\t" in hair
    assert f"过号 {counts.get('no_show', 0)}\t取消 {counts.get('cancelled', 0)}\t" in hair
    assert f"收市未服务 {counts.get('not_served', 0)}\t等候中位数 " in hair and "分钟" in hair
    assert "下一位" not in result.output  # nobody is left in a line


def test_board_for_a_village_without_a_market_names_the_ones_with_one(demo_path):
    result = CliRunner().invoke(cli, ["--db", str(demo_path), "board", "--date", "2026-11-28",
                                      "--village", "不存在"])
    assert result.exit_code == 1
    assert "不存在 2026-11-28 没有集市。这一天有集市的村：城南村。" in result.output
    english = CliRunner().invoke(cli, ["--db", str(demo_path), "--lang", "en", "board",
                                       "--date", "2026-11-28", "--village", "不存在"])
    assert "不存在 has no market on 2026-11-28. Markets that day: 城南村." in english.output


def test_visits_export_one_row_per_ticket_masked(demo_path, tmp_path):
    out = tmp_path / "visits.csv"
    result = run(demo_path, "export", "visits", "--date", "2026-11-28", "-o", str(out))
    assert result.exit_code == 0
    rows = list(csv.DictReader(out.read_text(encoding="utf-8-sig").splitlines()))
    import sqlite3

    tickets = sqlite3.connect(demo_path).execute("SELECT COUNT(*) FROM tickets").fetchone()[0]
    assert len(rows) == tickets
    text = out.read_text(encoding="utf-8-sig")
    assert not re.search(r"\d{17}[\dX]", text)  # no full ID number
    assert not re.search(r"(?<!\d)1[3-9]\d{9}(?!\d)", text)  # no full mobile number
    done = [r for r in rows if r["状态"] == "办结"]
    assert done and all(r["等候(分钟)"] for r in done)
    health = [r for r in done if r["服务项目"] == "健康检查"]
    assert health and all(r["健康检查·收缩压(mmHg)"] for r in health)
    assert {r["号票"][0] for r in rows} >= {"A", "B"}


def test_visits_export_full_and_range(demo_path, tmp_path):
    out = tmp_path / "full.xlsx"
    result = run(demo_path, "export", "visits", "--from", "2026-11-01", "--to", "2026-11-30",
                 "-o", str(out), "--full")
    assert result.exit_code == 0
    from openpyxl import load_workbook

    sheet = load_workbook(out).active
    ids = [row[16] for row in sheet.iter_rows(min_row=2, values_only=True) if row[16]]
    assert ids and all(re.fullmatch(r"\d{17}[\dX]", i) for i in ids)


@pytest.fixture(scope="module")
def two_days_path(tmp_path_factory):
    path = tmp_path_factory.mktemp("cli2") / "two.db"
    for day, village in (("2026-10-10", "石门村"), ("2026-11-14", "城南村")):
        result = CliRunner().invoke(cli, ["--db", str(path), "demo", "--date", day, "--village",
                                          village, "--villagers", "20", "--seed", "4"])
        assert result.exit_code == 0, result.output
    return path


def _exported_dates(path, tmp_path, *options):
    out = tmp_path / "dates.csv"
    result = run(path, "export", "visits", *options, "-o", str(out))
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(out.read_text(encoding="utf-8-sig").splitlines()))
    return rows, {r["集市日期"] for r in rows}


def test_visits_export_without_dates_has_every_market_day(two_days_path, tmp_path):
    import sqlite3

    rows, dates = _exported_dates(two_days_path, tmp_path)
    assert dates == {"2026-10-10", "2026-11-14"}
    tickets = sqlite3.connect(two_days_path).execute("SELECT COUNT(*) FROM tickets").fetchone()[0]
    assert len(rows) == tickets


def test_visits_export_range_may_be_open_at_either_end(two_days_path, tmp_path):
    assert _exported_dates(two_days_path, tmp_path, "--from", "2026-11-01")[1] == {"2026-11-14"}
    assert _exported_dates(two_days_path, tmp_path, "--to", "2026-10-31")[1] == {"2026-10-10"}


def test_visits_export_refuses_a_date_and_a_range_or_a_reversed_range(demo_path, tmp_path):
    out = str(tmp_path / "x.csv")
    both = CliRunner().invoke(cli, ["--db", str(demo_path), "export", "visits", "--date",
                                    "2026-11-28", "--from", "2026-11-01", "-o", out])
    reversed_range = CliRunner().invoke(cli, ["--db", str(demo_path), "export", "visits",
                                              "--from", "2026-11-30", "--to", "2026-11-01",
                                              "-o", out])
    assert both.exit_code == 2 and "只能选一种" in both.output
    assert reversed_range.exit_code == 2 and "晚于" in reversed_range.output
    assert not (tmp_path / "x.csv").exists()


@pytest.fixture
def legal_and_health_day(tmp_path):
    from datetime import date

    from marketapp.core.market import days as market
    from marketapp.core.market.days import StallPlan
    from marketapp.core.people.cleaning import clean
    from marketapp.core.people.villagers import VillagerInput, save_villager
    from marketapp.core.queue import engine as queue
    from marketapp.core.queue import visits
    from marketapp.store.database import open_database

    path = tmp_path / "day.db"
    db = open_database(path)
    day = market.open_market_day(db, date(2026, 11, 20), "城南村",
                                 [StallPlan("legal"), StallPlan("health_check")])
    person = save_villager(db, clean(VillagerInput(name="赵大山", birth_date="1950-01-01"))).villager
    for stall, outcome in ((day.stalls[0], {"parties": "王建国与邻居李秀兰",
                                            "matter": "王建国(身份证330624194001010011)宅基地",
                                            "result": "settled"}),
                           (day.stalls[1], {"systolic": "152", "diastolic": "96",
                                            "advice": "少吃盐，王医生下周回访"})):
        ticket = queue.issue(db, stall.id, person.id).ticket
        queue.call(db, ticket.id)
        queue.start(db, ticket.id)
        visits.finish(db, ticket.id, outcome)
    db.close()
    return path


def test_masked_visits_leave_out_free_text_a_full_copy_keeps_it(legal_and_health_day, tmp_path):
    masked, full = tmp_path / "m.csv", tmp_path / "f.csv"
    assert run(legal_and_health_day, "export", "visits", "-o", str(masked)).exit_code == 0
    assert run(legal_and_health_day, "export", "visits", "-o", str(full),
               "--full").exit_code == 0
    masked_text = masked.read_text(encoding="utf-8-sig")
    for typed in ("王建国", "李秀兰", "330624194001010011", "王医生", "赵大山"):
        assert typed not in masked_text
    assert "王建国与邻居李秀兰" in full.read_text(encoding="utf-8-sig")
    rows = list(csv.DictReader(masked_text.splitlines()))
    health = next(r for r in rows if r["服务项目"] == "健康检查")
    legal = next(r for r in rows if r["服务项目"] == "法律咨询与调解")
    assert health["健康检查·收缩压(mmHg)"] == "152" and health["提示"] == "血压偏高"
    assert legal["法律咨询与调解·结果"] == "调解成功"


def test_readings_are_numbers_in_the_xlsx(legal_and_health_day, tmp_path):
    from openpyxl import load_workbook

    out = tmp_path / "v.xlsx"
    assert run(legal_and_health_day, "export", "visits", "-o", str(out)).exit_code == 0
    sheet = load_workbook(out).active
    header = [c.value for c in next(sheet.iter_rows(max_row=1))]
    column = header.index("健康检查·收缩压(mmHg)")
    values = [row[column] for row in sheet.iter_rows(min_row=2, values_only=True) if row[column]]
    assert values == [152]
