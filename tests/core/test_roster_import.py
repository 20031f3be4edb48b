"""Importing the messy rosters townships really have: right people, right rejections."""

import csv
from datetime import date

import pytest
from idgen import make_id
from roster_files import HEADER_ZH, people, roster_rows, write_csv, write_xlsx

from marketapp.core.people.search.query import search
from marketapp.core.roster.importer import import_roster, import_steps, write_rejects
from marketapp.core.roster.read import read_roster

TODAY = date(2026, 11, 28)


def run(db, path, **kwargs):
    return import_roster(db, read_roster(path, sheet=kwargs.pop("sheet", None)), today=TODAY,
                         **kwargs)


def count(db, table="villagers"):
    return db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]


def snapshot(db):
    return db.execute("SELECT * FROM villagers ORDER BY id").fetchall()


@pytest.fixture
def messy_gbk(tmp_path):
    """A GBK roster as exported from WPS: good rows, Excel damage, a totals row, a blank row."""
    persons = people(6, seed=3)
    rows = roster_rows(persons)
    good_id = persons[0]["id_number"]
    rows.append(["7", "钱小红", "女", "3.30624E+17", "13900000007", "花园村", "2组", ""])
    rows.append(["8", "孙大伟", "男", good_id[:15] + "000", "13900000008", "花园村", "2组", ""])
    rows.append(["9", "周芳", "女", make_id(birth="19600101")[:-1] + "5", "", "花园村", "3组", ""])
    rows.append(["", "", "", "", "", "", "", ""])
    rows.append(["合计", "9人", "", "", "", "", "", ""])
    rows.append(["10", "", "男", "", "13900000010", "花园村", "", ""])
    path = write_csv(tmp_path / "花园村花名册.csv", rows, encoding="gbk")
    return path, persons


def test_gbk_roster_imports_the_right_people_and_rejects_with_reasons(db, messy_gbk):
    path, persons = messy_gbk
    summary = run(db, path)
    assert summary.encoding in ("gb18030", "gbk")
    assert summary.added == 6
    assert summary.villages_created == ["花园村"]
    reasons = {r.row_number: r.reason("zh") for r in summary.rejected}
    assert set(reasons) == {8, 9, 10, 13}
    assert "Excel" in reasons[8] and "文本" in reasons[8]  # scientific notation: the fix hint
    assert "Excel" in reasons[9]  # last digits became 000
    assert "校验" in reasons[10]  # wrong check digit
    assert "姓名" in reasons[13]
    english = {r.row_number: r.reason("en") for r in summary.rejected}
    assert "Excel" in english[8] and "check" in english[10].lower()
    names = {row[0] for row in db.execute("SELECT name FROM villagers")}
    assert names == {p["name"] for p in persons}
    assert [m.villager.name for m in search(db, persons[0]["id_number"][-6:])] == [
        persons[0]["name"]]


def test_importing_the_same_file_twice_changes_nothing(db, messy_gbk):
    path, _ = messy_gbk
    run(db, path)
    before = snapshot(db)
    again = run(db, path)
    assert (again.added, again.updated) == (0, 0)
    assert again.unchanged == 6
    assert snapshot(db) == before


def test_rows_without_id_are_idempotent_and_lookalikes_are_flagged(db, tmp_path):
    rows = [HEADER_ZH,
            ["1", "王阿婆", "女", "", "", "石门村", "1组", ""],
            ["2", "李大爷", "男", "", "13811112222", "石门村", "2组", ""]]
    path = write_csv(tmp_path / "a.csv", rows, encoding="utf-8")
    run(db, path)
    assert run(db, path).unchanged == 2
    other = write_csv(tmp_path / "b.csv", [HEADER_ZH, ["1", "李大伯", "男", "", "13811112222",
                                                        "石门村", "2组", ""]], encoding="utf-8")
    summary = run(db, other)
    assert summary.added == 1 and summary.flagged == 1
    assert count(db, "duplicate_flags") == 1


def test_same_id_in_a_later_file_updates_the_person(db, tmp_path):
    person = people(1, seed=9)[0]
    first = write_csv(tmp_path / "1.csv", roster_rows([person]), encoding="utf-8")
    run(db, first)
    person = dict(person, phone="13700001111", group="5组")
    second = write_csv(tmp_path / "2.csv", roster_rows([person]), encoding="utf-8")
    summary = run(db, second)
    assert (summary.added, summary.updated) == (0, 1)
    assert db.execute("SELECT phone, address FROM villagers").fetchone() == ("13700001111", "5组")


def audit_rows(db):
    return db.execute("SELECT COUNT(*) FROM villager_audit").fetchone()[0]


@pytest.mark.parametrize("phones", [("13800000001", "13800000002"),
                                    ("13800000002", "13800000001")])
def test_same_id_twice_in_one_file_with_different_details(db, tmp_path, phones):
    number = make_id(birth="19450101", seq=4, male=False)
    rows = [HEADER_ZH,
            ["1", "王阿婆", "女", number, phones[0], "石门村", "1组", ""],
            ["2", "李大爷", "男", make_id(birth="19400101", seq=5), "", "石门村", "1组", ""],
            ["3", "王阿婆", "女", number, phones[1], "石门村", "1组", ""]]
    path = write_csv(tmp_path / "dup.csv", rows, encoding="utf-8")
    summary = run(db, path)
    assert (summary.added, summary.updated, summary.unchanged) == (2, 0, 0)
    [rejected] = summary.rejected
    assert rejected.row_number == 4
    assert "与本文件第 2 行身份证号相同但内容不同" in rejected.reason("zh")
    assert "电话" in rejected.reason("zh")
    assert "row 2 of this file" in rejected.reason("en") and "phone" in rejected.reason("en")
    assert db.execute("SELECT phone FROM villagers WHERE id_number = ?",
                      [number]).fetchone() == (phones[0],)
    before, audited = snapshot(db), audit_rows(db)
    again = run(db, path)
    assert (again.added, again.updated, again.unchanged) == (0, 0, 2)
    assert [r.row_number for r in again.rejected] == [4]
    assert snapshot(db) == before and audit_rows(db) == audited


def test_same_id_twice_in_one_file_with_the_same_details_is_one_person(db, tmp_path):
    person = people(1, seed=8)[0]
    rows = roster_rows([person, people(1, seed=9)[0], person])
    rows[3][1] = f" {person['name']} "  # the same once cleaned
    summary = run(db, write_csv(tmp_path / "same.csv", rows, encoding="utf-8"))
    assert (summary.added, summary.unchanged, summary.rejected) == (2, 1, [])
    assert count(db) == 2


def test_a_repeated_id_is_caught_far_down_a_long_file(db, tmp_path):
    persons = list({p["id_number"]: p for p in people(2300, seed=12)}.values())
    persons.append(dict(persons[1], group="9组"))
    summary = run(db, write_csv(tmp_path / "long.csv", roster_rows(persons), encoding="utf-8"))
    assert summary.added == len(persons) - 1 > 2100  # past the first block of rows cleaned
    assert [(r.row_number, "第 3 行" in r.reason("zh")) for r in summary.rejected] == [
        (len(persons) + 1, True)]
    assert "住址" in summary.rejected[0].reason("zh")


def test_xlsx_with_title_rows_merged_village_and_two_sheets(db, tmp_path):
    garden = roster_rows(people(4, seed=1, village=""))
    stone = roster_rows(people(3, seed=2, village="石门村"))
    for row in garden[1:]:
        row[5] = "花园村" if row is garden[1] else None  # merged cell: only the first has it
    path = write_xlsx(tmp_path / "花名册.xlsx", {"花园村": garden, "石门村": stone},
                      title_rows=["城南乡花园村村民花名册", "制表日期：2024年5月"],
                      merged=["F4:F7"])
    summary = run(db, path, sheet="花园村")
    assert summary.sheet == "花园村"
    assert summary.added == 4 and summary.rejected == []
    villages = {row[0] for row in db.execute(
        "SELECT g.name FROM villagers v JOIN villages g ON g.id = v.village_id")}
    assert villages == {"花园村"}


def test_dry_run_reports_and_changes_nothing(db, messy_gbk):
    path, _ = messy_gbk
    summary = run(db, path, dry_run=True)
    assert summary.dry_run and summary.added == 6 and len(summary.rejected) == 4
    assert count(db) == 0 and count(db, "villages") == 0


def test_cancelled_import_changes_nothing(db, tmp_path):
    path = write_csv(tmp_path / "big.csv", roster_rows(people(1200, seed=4)), encoding="utf-8")
    calls = []

    def cancel_after_first_chunk(done, total):
        calls.append(done)
        return done < 500

    assert run(db, path, on_progress=cancel_after_first_chunk) is None
    assert calls[0] == 0 and calls[-1] >= 500
    assert count(db) == 0 and count(db, "villager_search") == 0


def test_progress_is_reported_as_done_of_total(db, tmp_path):
    path = write_csv(tmp_path / "p.csv", roster_rows(people(1100, seed=5)), encoding="utf-8")
    steps = list(_drain(import_steps(db, read_roster(path), today=TODAY)))
    assert steps[0] == (0, 1100) and steps[-1] == (1100, 1100)
    assert [d for d, _ in steps] == sorted(d for d, _ in steps)


def _drain(generator):
    try:
        while True:
            yield next(generator)
    except StopIteration:
        return


def test_a_failure_mid_import_keeps_nothing(db, tmp_path, monkeypatch):
    from marketapp.core.roster import importer as roster_import

    path = write_csv(tmp_path / "f.csv", roster_rows(people(900, seed=6)), encoding="utf-8")
    original = roster_import.save_in_transaction
    calls = {"n": 0}

    def fail_on_the_600th(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 600:
            raise OSError(28, "No space left on device")
        return original(*args, **kwargs)

    monkeypatch.setattr(roster_import, "save_in_transaction", fail_on_the_600th)
    with pytest.raises(OSError):
        run(db, path)
    assert count(db) == 0 and count(db, "villages") == 0


def test_rejects_file_lists_row_numbers_and_reasons(db, messy_gbk, tmp_path):
    path, _ = messy_gbk
    summary = run(db, path)
    out = tmp_path / "rejects.csv"
    write_rejects(out, summary, "zh")
    text = out.read_text(encoding="utf-8-sig")
    assert text.splitlines()[0].startswith("行号,原因")
    assert "3.30624E+17" in text and "\n8," in text


def test_birth_year_and_month_column_as_rosters_have_it(db, tmp_path):
    born_0308 = make_id(birth="19500308", seq=1)
    rows = [["姓名", "身份证号", "出生年月"],
            ["甲", born_0308, "1950.03"],
            ["乙", make_id(birth="19620704", seq=2), "1962年07月"],
            ["丙", "", "1950-03"],
            ["丁", "", "195003"],
            ["戊", "", "1950-03-08 00:00:00"],
            ["己", "", "1950/03/08 0:00"],
            ["庚", make_id(birth="19500408", seq=3), "1950.03"],
            ["辛", "", "1950-02-30"]]
    summary = run(db, write_csv(tmp_path / "ym.csv", rows, encoding="utf-8"))
    born = dict(db.execute("SELECT name, birth_date FROM villagers"))
    assert born == {"甲": "1950-03-08", "乙": "1962-07-04", "丙": "1950-03-01",
                    "丁": "1950-03-01", "戊": "1950-03-08", "己": "1950-03-08"}
    reasons = {r.row_number: r.reason("zh") for r in summary.rejected}
    assert set(reasons) == {8, 9}
    assert "1950-03" in reasons[8] and "1950-04-08" in reasons[8] and "不一致" in reasons[8]
    assert "不是真实存在的日期" in reasons[9]


def test_rejects_file_has_the_users_columns_and_no_formulas(db, tmp_path):
    good = make_id(birth="19500308", seq=21)
    rows = [["序号", "村民姓名", "公民身份号码", "手机", "所在村", "备注"],
            ["1", "=HYPERLINK(\"http://x\")", "3.30624E+17", "+86 139 0000 1111", "石门村",
             "@备注"],
            ["2", "李四", good, "12345", "石门村", "-"],
            ["3", "王五", "", "", "石门村", ""]]
    summary = run(db, write_csv(tmp_path / "in.csv", rows, encoding="gbk"))
    out = tmp_path / "rejects.csv"
    write_rejects(out, summary, "zh")
    with open(out, encoding="utf-8-sig", newline="") as handle:
        written = list(csv.reader(handle))
    assert written[0] == ["行号", "原因", "村民姓名", "公民身份号码", "手机", "所在村", "备注"]
    assert written[1][0] == "2" and written[1][2:] == [
        "'=HYPERLINK(\"http://x\")", "3.30624E+17", "'+86 139 0000 1111", "石门村", "'@备注"]
    # an 18-digit ID after a tab, as the exports write it: Excel keeps it text (item 13)
    assert written[2][2:] == ["李四", "\t" + good, "12345", "石门村", "'-"]
    assert not any(cell.startswith(("=", "+", "-", "@")) for row in written for cell in row)
    # Fixed in the file and imported again, the rows come in as the user wrote them.
    written[2][4] = "13900002222"
    fixed = write_csv(tmp_path / "fixed.csv", [written[0], written[2]], encoding="utf-8",
                      bom=True)
    again = run(db, fixed)
    assert again.added == 1 and again.rejected == []
    assert db.execute("SELECT phone, notes FROM villagers WHERE name = '李四'").fetchone() == (
        "13900002222", "-")


def test_ids_written_to_keep_excel_from_mangling_them_are_imported(db, tmp_path):
    numbers = [make_id(birth="19500308", seq=s) for s in (31, 32, 33)]
    rows = [["姓名", "身份证号"], ["甲", "'" + numbers[0]], ["乙", f'="{numbers[1]}"'],
            ["丙", numbers[2] + ".0"], ["丁", numbers[2][:16] + ".0"]]
    summary = run(db, write_csv(tmp_path / "ids.csv", rows, encoding="utf-8"))
    stored = dict(db.execute("SELECT name, id_number FROM villagers"))
    assert stored == {"甲": numbers[0], "乙": numbers[1], "丙": numbers[2]}
    assert [(r.row_number, "Excel" in r.reason("zh")) for r in summary.rejected] == [(5, True)]


def test_care_flag_columns_and_free_text(db, tmp_path):
    rows = [["姓名", "所属村", "独居老人", "低保", "特殊群体"],
            ["甲", "花园村", "是", "", ""],
            ["乙", "花园村", "", "√", "残疾、留守"]]
    run(db, write_csv(tmp_path / "f.csv", rows, encoding="utf-8"))
    flags = dict((r[0], r[1:]) for r in db.execute(
        "SELECT name, living_alone, low_income, disabled, left_behind FROM villagers"))
    assert flags == {"甲": (1, 0, 0, 0), "乙": (0, 1, 1, 1)}


def test_who_ran_the_import_is_in_every_audit_row_it_wrote(db, tmp_path):
    person = people(1, seed=9)[0]
    first = write_csv(tmp_path / "1.csv", roster_rows(people(3, seed=4) + [person]),
                      encoding="utf-8")
    import_roster(db, read_roster(first), operator="王会计")
    second = write_csv(tmp_path / "2.csv", roster_rows([dict(person, phone="13700001111")]),
                       encoding="utf-8")
    import_roster(db, read_roster(second), operator="李书记")
    rows = db.execute("SELECT field, operator FROM villager_audit ORDER BY at, rowid").fetchall()
    assert [op for field, op in rows if field == "created"] == ["王会计"] * 4
    assert [op for field, op in rows if field == "phone"] == ["李书记"]
