"""The CLI contract: commands, options, output and exit codes."""

import csv
import subprocess
import sys

import pytest
from click.testing import CliRunner
from roster_files import people, roster_rows, write_corrupt_xlsx, write_csv

from marketapp import __version__
from marketapp.cli import cli
from marketapp.core.catalogue.reading import catalogue_from_dict


@pytest.fixture
def roster(tmp_path):
    rows = roster_rows(people(5, seed=2))
    rows.append(["6", "坏号码", "男", "330624195003080039", "", "花园村", "1组", ""])
    return write_csv(tmp_path / "roster.csv", rows, encoding="gbk")


def invoke(runner, db_path, *args):
    return runner.invoke(cli, ["--db", str(db_path), *args], catch_exceptions=False)


def test_version(runner):
    result = runner.invoke(cli, ["--version"])
    assert result.exit_code == 0 and __version__ in result.output


def test_import_prints_summary_and_exits_0_with_rejected_rows(runner, db_path, roster, tmp_path):
    rejects = tmp_path / "rejects.csv"
    result = invoke(runner, db_path, "import-villagers", str(roster), "--rejects", str(rejects))
    assert result.exit_code == 0
    assert "新增 5" in result.output and "拒绝 1" in result.output and "新建村 1" in result.output
    assert "第 7 行" in result.output
    assert "gb18030" in result.output or "gbk" in result.output
    assert "330624195003080039" in rejects.read_text(encoding="utf-8-sig")


def test_import_in_english(runner, db_path, roster):
    result = runner.invoke(cli, ["--db", str(db_path), "--lang", "en", "import-villagers",
                                 str(roster)])
    assert result.exit_code == 0
    assert "added 5" in result.output and "rejected 1" in result.output
    assert "row 7" in result.output


def test_dry_run_writes_nothing(runner, db_path, roster):
    result = invoke(runner, db_path, "import-villagers", str(roster), "--dry-run")
    assert result.exit_code == 0 and "新增 5" in result.output
    found = invoke(runner, db_path, "search", "花园")
    assert "没有找到" in found.output or found.output.strip() == ""


def test_unreadable_file_exits_1_with_a_message(runner, db_path, tmp_path):
    broken = write_corrupt_xlsx(tmp_path / "broken.xlsx")
    result = runner.invoke(cli, ["--db", str(db_path), "import-villagers", str(broken)])
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert result.output.strip()
    missing = runner.invoke(cli, ["--db", str(db_path), "import-villagers",
                                  str(tmp_path / "nope.csv")])
    assert missing.exit_code == 1


def test_usage_error_exits_2(runner, db_path):
    assert runner.invoke(cli, ["--db", str(db_path), "import-villagers"]).exit_code == 2
    assert runner.invoke(cli, ["--db", str(db_path), "search", "x", "--limit", "0"]).exit_code == 2


def test_search_prints_ranked_masked_matches(runner, db_path, roster):
    invoke(runner, db_path, "import-villagers", str(roster))
    person = people(5, seed=2)[0]
    result = invoke(runner, db_path, "search", person["id_number"][-4:])
    assert result.exit_code == 0
    first = result.output.splitlines()[0].split("\t")
    assert first[0] == person["name"]
    assert person["id_number"] not in result.output  # masked on screen
    assert first[4].startswith(person["id_number"][:6]) and "*" in first[4]


@pytest.mark.parametrize("query", ['"', "%", "*", "'; DROP TABLE villagers; --"])
def test_search_with_sql_syntax_is_plain_text(runner, db_path, roster, query):
    invoke(runner, db_path, "import-villagers", str(roster))
    result = invoke(runner, db_path, "search", query)
    assert result.exit_code == 0
    assert invoke(runner, db_path, "search", people(5, seed=2)[0]["name"]).output.strip()


def test_export_villagers_csv_is_excel_ready_and_masked(runner, db_path, tmp_path):
    rows = roster_rows(people(2, seed=8))
    rows[1][7] = "=HYPERLINK(\"http://x\")"
    invoke(runner, db_path, "import-villagers", str(write_csv(tmp_path / "r.csv", rows,
                                                              encoding="utf-8")))
    out = tmp_path / "villagers.csv"
    result = invoke(runner, db_path, "export", "villagers", "-o", str(out))
    assert result.exit_code == 0
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # BOM: Excel on Chinese Windows reads UTF-8
    table = list(csv.reader(raw.decode("utf-8-sig").splitlines()))
    assert table[0][0] == "姓名"
    person = people(2, seed=8)[0]
    flat = raw.decode("utf-8-sig")
    assert person["id_number"] not in flat and person["phone"] not in flat
    assert person["name"] not in flat


def test_export_full_and_formula_neutralised(runner, db_path, tmp_path):
    rows = roster_rows(people(1, seed=8))
    rows[1][7] = "=1+2"
    invoke(runner, db_path, "import-villagers", str(write_csv(tmp_path / "r.csv", rows,
                                                              encoding="utf-8")))
    out = tmp_path / "full.xlsx"
    assert invoke(runner, db_path, "export", "villagers", "-o", str(out), "--full").exit_code == 0
    from openpyxl import load_workbook

    sheet = load_workbook(out).active
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    person = people(1, seed=8)[0]
    assert values[1][0] == person["name"] and values[1][4] == person["id_number"]
    assert values[1][9] == "'=1+2"


def test_export_refuses_unknown_format(runner, db_path, tmp_path):
    result = runner.invoke(cli, ["--db", str(db_path), "export", "villagers", "-o",
                                 str(tmp_path / "x.pdf")])
    assert result.exit_code == 1 and ".csv" in result.output


def test_db_from_environment(tmp_path, roster, monkeypatch):
    target = tmp_path / "env.db"
    monkeypatch.setenv("MARKETAPP_DB", str(target))
    result = CliRunner().invoke(cli, ["import-villagers", str(roster)])
    assert result.exit_code == 0 and target.exists()


def test_python_dash_m_runs_the_cli(tmp_path):
    done = subprocess.run([sys.executable, "-m", "marketapp", "--version"], capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 0 and __version__ in done.stdout


def test_every_command_is_in_the_readme():
    from pathlib import Path

    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    names = []
    for name, command in cli.commands.items():
        subs = getattr(command, "commands", None)
        names += [f"marketapp {name} {sub}" for sub in subs] if subs else [f"marketapp {name}"]
    missing = [n for n in names if n not in readme]
    assert missing == []


def test_services_lists_the_catalogue(runner, db_path):
    result = invoke(runner, db_path, "services")
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert len(lines) >= 10
    assert any(line.split("\t")[1] == "理发" for line in lines)


def test_disk_full_is_a_message_and_exit_1(runner, db_path, roster, monkeypatch):
    from marketapp.core.roster import importer as roster_import

    def full(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(roster_import, "save_in_transaction", full)
    result = runner.invoke(cli, ["--db", str(db_path), "import-villagers", str(roster)])
    assert result.exit_code == 1
    assert "未改动" in result.output and "磁盘空间已满" in result.output
    assert "Traceback" not in result.output


def test_import_names_the_other_roster_sheets_it_did_not_import(runner, db_path, tmp_path):
    from roster_files import write_xlsx

    path = write_xlsx(tmp_path / "乡.xlsx", {"花园村": roster_rows(people(2)),
                                            "石门村": roster_rows(people(3, seed=2))})
    result = invoke(runner, db_path, "import-villagers", str(path))
    assert "新增 2" in result.output and "另有工作表：“石门村”，未导入" in result.output
    chosen = invoke(runner, db_path, "--lang", "en", "import-villagers", str(path),
                    "--sheet", "石门村")
    assert "added 3" in chosen.output and "Other sheets: “花园村”, not imported" in chosen.output


def test_sheet_option_for_a_csv_says_it_is_ignored(runner, db_path, roster):
    result = invoke(runner, db_path, "import-villagers", str(roster), "--sheet", "花园村")
    assert result.exit_code == 0 and "新增 5" in result.output
    assert "--sheet 已忽略" in result.output


def villager_count(db_path):
    from marketapp.store.database import open_database

    db = open_database(db_path)
    try:
        return db.execute("SELECT COUNT(*) FROM villagers").fetchone()[0]
    finally:
        db.close()


def test_rejects_file_that_cannot_be_written_stops_before_importing(runner, db_path, roster,
                                                                    tmp_path):
    target = tmp_path / "no such folder" / "rejects.csv"
    result = runner.invoke(cli, ["--db", str(db_path), "import-villagers", str(roster),
                                 "--rejects", str(target)])
    assert result.exit_code == 1
    assert "no such folder" in result.output and "没有导入任何村民" in result.output
    assert "Traceback" not in result.output
    assert villager_count(db_path) == 0 and not target.parent.exists()
    english = runner.invoke(cli, ["--db", str(db_path), "--lang", "en", "import-villagers",
                                  str(roster), "--rejects", str(target)])
    assert english.exit_code == 1 and "Nothing was imported" in english.output


def test_rejects_check_leaves_no_file_behind_and_keeps_an_existing_one(tmp_path):
    from marketapp.core.roster import importer as roster_import

    fresh, kept = tmp_path / "new.csv", tmp_path / "old.csv"
    kept.write_text("earlier", encoding="utf-8")
    roster_import.check_rejects_path(fresh)
    roster_import.check_rejects_path(kept)
    assert not fresh.exists() and kept.read_text(encoding="utf-8") == "earlier"


def test_rejects_that_fail_after_the_import_do_not_claim_nothing_changed(runner, db_path,
                                                                         roster, tmp_path,
                                                                         monkeypatch):
    from marketapp.commands import import_villagers

    def full(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(import_villagers, "write_rejects", full)
    result = runner.invoke(cli, ["--db", str(db_path), "import-villagers", str(roster),
                                 "--rejects", str(tmp_path / "r.csv")])
    assert result.exit_code == 1
    assert "以上村民已导入" in result.output and "未能写入" in result.output
    assert "未改动" not in result.output
    assert villager_count(db_path) == 5


def test_db_in_a_folder_that_does_not_exist_is_refused(runner, roster, tmp_path):
    target = tmp_path / "typo" / "market.db"
    result = runner.invoke(cli, ["--db", str(target), "import-villagers", str(roster)])
    assert result.exit_code == 1
    assert "文件夹不存在" in result.output and str(target.parent) in result.output
    assert not target.parent.exists()
    english = runner.invoke(cli, ["--db", str(target), "--lang", "en", "services"])
    assert english.exit_code == 1 and "does not exist" in english.output
    assert not target.parent.exists()


def test_db_from_environment_in_a_missing_folder_is_refused(tmp_path, roster, monkeypatch):
    target = tmp_path / "typo" / "env.db"
    monkeypatch.setenv("MARKETAPP_DB", str(target))
    result = CliRunner().invoke(cli, ["import-villagers", str(roster)])
    assert result.exit_code == 1 and "文件夹不存在" in result.output
    assert not target.parent.exists()


def test_a_folder_given_as_the_data_file_is_refused_with_a_file_name_to_add(
        tmp_path, monkeypatch, capsys):
    from marketapp.launch import main

    with pytest.raises(SystemExit) as app_start:
        main(["--db", str(tmp_path)])  # the app's own start, which skips click
    assert app_start.value.code == 1
    said = capsys.readouterr().err
    assert "是一个文件夹" in said and str(tmp_path / "marketapp.db") in said
    for args in (["--db", str(tmp_path), "check"], ["--db", str(tmp_path), "--demo"]):
        said = CliRunner().invoke(cli, args)  # the same answer with a command, or the demo
        assert said.exit_code == 1 and "是一个文件夹" in said.output, args
    monkeypatch.setenv("MARKETAPP_DB", str(tmp_path))
    result = CliRunner().invoke(cli, ["--lang", "en", "services"])
    assert result.exit_code == 1 and "is a folder, not a data file" in result.output
    assert list(tmp_path.iterdir()) == []  # nothing was created in it


@pytest.mark.parametrize(("lang", "said"), [("zh", "操作未完成，数据未改动"),
                                            ("en", "Not done; nothing was changed")])
def test_the_apps_own_start_says_a_file_error_instead_of_a_traceback(db_path, monkeypatch,
                                                                      capsys, lang, said):
    from marketapp import desktop, launch

    def unwritable(path, lang):
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr(desktop, "run_gui", unwritable)
    with pytest.raises(SystemExit) as app_start:
        launch.main(["--db", str(db_path), "--lang", lang])
    assert app_start.value.code == 1
    err = capsys.readouterr().err
    assert said in err and "Traceback" not in err


def test_services_lists_the_townships_edited_catalogue(runner, db_path):
    from marketapp.core.catalogue import edit as catalogue_edit
    from marketapp.core.market.days import current_catalogue, save_catalogue
    from marketapp.store.database import open_database

    db = open_database(db_path)
    draft = current_catalogue(db).to_dict()
    code = catalogue_edit.add_service(draft, {})
    catalogue_edit.set_service_value(draft, code, "name_zh", "缝补衣物")
    catalogue_edit.set_service_value(draft, code, "name_en", "Mending clothes")
    catalogue_edit.remove_service(draft, "haircut", {"haircut": set()})
    save_catalogue(db, catalogue_from_dict(draft))
    db.close()
    lines = invoke(runner, db_path, "services").output.splitlines()
    names = {line.split("\t")[1] for line in lines}
    assert "缝补衣物" in names and "理发（已停用）" in names


def test_services_without_a_data_file_lists_the_default_and_creates_none(runner, tmp_path):
    missing = tmp_path / "none.db"
    result = invoke(runner, missing, "services")
    assert result.exit_code == 0 and "理发" in result.output
    assert not missing.exists()


def test_full_csv_keeps_id_numbers_as_text_for_excel_and_imports_back(runner, db_path, tmp_path):
    rows = roster_rows(people(3, seed=8))
    invoke(runner, db_path, "import-villagers", str(write_csv(tmp_path / "r.csv", rows,
                                                              encoding="utf-8")))
    out = tmp_path / "full.csv"
    assert invoke(runner, db_path, "export", "villagers", "-o", str(out), "--full").exit_code == 0
    table = list(csv.reader(out.read_text(encoding="utf-8-sig").splitlines()))
    ids = [row[table[0].index("身份证号")] for row in table[1:]]
    assert sorted(i.lstrip("\t") for i in ids) == sorted(p["id_number"] for p in people(3, seed=8))
    assert all(i.startswith("\t") for i in ids)  # Excel then reads text, not 3.30624E+17
    again = invoke(runner, tmp_path / "other.db", "import-villagers", str(out))
    assert again.exit_code == 0 and "新增 3" in again.output.replace("：", " ").replace(":", " ")


def test_desk_shows_and_sets_this_laptops_block_of_numbers(runner, db_path):
    result = invoke(runner, db_path, "desk")
    assert result.exit_code == 0 and "第 1 台登记电脑，共 1 台" in result.output
    assert "001–999" in result.output
    result = invoke(runner, db_path, "desk", "2", "2")
    assert result.exit_code == 0 and "501–999" in result.output
    result = invoke(runner, db_path, "desk", "3", "2")
    assert result.exit_code == 1 and "第 3 台，共 2 台" in result.output
    assert "501–999" in invoke(runner, db_path, "desk").output  # the refusal changed nothing
    assert invoke(runner, db_path, "desk", "2").exit_code == 2


def test_anything_else_goes_to_the_command_line_with_its_own_arguments(capsys):
    from marketapp.launch import main

    with pytest.raises(SystemExit) as done:
        main(["--version"])  # not pytest's own arguments
    assert done.value.code == 0 and __version__ in capsys.readouterr().out


@pytest.mark.parametrize(("args", "plain"), [
    ([], (None, "zh")),
    (["--db", "x.db"], ("x.db", "zh")),
    (["--lang=en", "--db=x.db"], ("x.db", "en")),
    (["--lang", "en"], (None, "en")),
    (["--demo"], None), (["services"], None), (["--version"], None), (["-h"], None),
    (["--lang", "fr"], None), (["--db"], None), (["--db", "x.db", "search", "wang"], None),
    (["voice-worker"], None),
])
def test_only_a_plain_start_of_the_app_skips_the_command_line(args, plain):
    from marketapp.launch import plain_start

    assert plain_start(args) == plain


def test_import_names_the_columns_it_ignored_the_missing_village_and_each_possible_duplicate(
        runner, db_path, tmp_path):
    first = people(1, seed=7)[0]
    invoke(runner, db_path, "import-villagers", str(write_csv(tmp_path / "a.csv",
                                                             roster_rows([first]))))
    second = write_csv(tmp_path / "b.csv", [
        ["序号", "姓名", "性别", "联系电话", "户籍地址"],
        ["1", "刘德明", "男", "13900001111", "花园村1组"],
        ["2", first["name"], first["gender"], first["phone"], "花园村3组"],
    ])
    result = invoke(runner, db_path, "import-villagers", str(second))
    assert result.exit_code == 0
    out = result.output
    assert "未识别的列，没有导入：“户籍地址”" in out
    assert "没有所属村这一列" in out and "“所属村”" in out
    masked = first["name"][0] + "*" + (first["name"][2:] if len(first["name"]) > 2 else "")
    assert f"第 3 行：{masked} 可能就是已登记的 {masked}" in out  # row 3 as Excel shows it
    assert first["name"] not in out  # masked, as on every default output


@pytest.mark.skipif(not hasattr(__import__("time"), "tzset"), reason="time.tzset: Unix only")
def test_export_villagers_says_when_in_this_computers_time_as_a_person_reads_it(
        runner, db_path, tmp_path, monkeypatch):
    """A record made while the laptop was set to UTC reads in local time, without seconds
    or offset: 2026-12-07T22:58:24+00:00 is 2026-12-08 06:58 in Beijing."""
    import time
    from datetime import UTC, datetime

    from marketapp.core import clock

    monkeypatch.setattr(clock, "now",
                        lambda: datetime(2026, 12, 7, 22, 58, 24, tzinfo=UTC))
    invoke(runner, db_path, "import-villagers", str(write_csv(tmp_path / "r.csv",
                                                             roster_rows(people(1, seed=3)))))
    monkeypatch.undo()
    monkeypatch.setenv("TZ", "Asia/Shanghai")
    time.tzset()
    try:
        out = tmp_path / "villagers.csv"
        assert invoke(runner, db_path, "export", "villagers", "-o", str(out)).exit_code == 0
    finally:
        monkeypatch.undo()
        time.tzset()
    table = list(csv.reader(out.read_bytes().decode("utf-8-sig").splitlines()))
    assert table[1][table[0].index("登记时间")] == "2026-12-08 06:58"


def test_demo_flag_makes_the_demo_market_in_a_new_file_then_opens_the_app_on_it(
        tmp_path, monkeypatch):
    """`marketapp --demo`, as the README's first command offers it: a new file, written."""
    from marketapp import desktop
    from marketapp.core.market.days import open_market_days
    from marketapp.store.database import open_database

    opened = []
    monkeypatch.setattr(desktop, "run_gui", lambda path, lang: opened.append(path) or 0)
    demo_file = tmp_path / "demo.db"
    result = CliRunner().invoke(cli, ["--db", str(demo_file), "--demo"])
    assert result.exit_code == 0, result.output
    assert "演示集市" in result.output and opened == [demo_file]
    db = open_database(demo_file)
    assert len(open_market_days(db)) == 1  # a market in progress to try the app on
    db.close()
