"""Reading village rosters as townships really have them (CSV in GBK/UTF-8, messy .xlsx)."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from roster_files import (
    HEADER_EN,
    HEADER_ZH,
    gbk_text_valid_as_utf8,
    patch_xlsx,
    people,
    roster_rows,
    write_corrupt_xlsx,
    write_csv,
    write_fake_xls,
    write_truncated_xlsx,
    write_xlsx,
)

from marketapp.core.roster.read import (
    FIELDS,
    RosterReadError,
    decode_text,
    list_sheets,
    read_roster,
)

HEADER = ["姓名", "身份证号", "联系电话", "所属村", "村民小组"]
ZHANG = ["张桂英", "330624193501010012", "13812345678", "花园村", "3组"]
LI = ["李福根", "33062419380214001X", "13900001111", "花园村", "5组"]


def names(roster):
    return [r.values["name"] for r in roster.rows]


def raises(code, fn, *args, **kwargs) -> RosterReadError:
    with pytest.raises(RosterReadError) as info:
        fn(*args, **kwargs)
    assert info.value.code == code, info.value.message("en")
    return info.value


# --------------------------------------------------------------------------- CSV encodings


def test_gbk_csv_as_saved_by_chinese_excel(tmp_path):
    p = write_csv(tmp_path / "花园村.csv", [HEADER, ZHANG, LI], encoding="gbk")
    r = read_roster(p)
    assert r.kind == "csv" and r.encoding == "gb18030"
    assert r.sheet is None and r.sheets == []
    assert r.header_row == 1
    assert r.columns == {"name": "姓名", "id_number": "身份证号", "phone": "联系电话",
                         "village": "所属村", "group": "村民小组"}
    assert [r.rows[0].values[f] for f in ("name", "id_number", "phone", "village", "group")] \
        == ZHANG
    assert r.rows[1].values["id_number"] == "33062419380214001X"
    assert [row.row_number for row in r.rows] == [2, 3]


def test_short_gbk_file_that_is_also_valid_utf8_is_read_as_gbk(tmp_path):
    data = ("name,village\r\n" + gbk_text_valid_as_utf8()).encode("gbk")
    data.decode("utf-8")  # the trap: strict UTF-8 accepts these bytes (as mojibake)
    p = tmp_path / "short.csv"
    p.write_bytes(data)
    r = read_roster(p)
    assert r.encoding == "gb18030"
    assert names(r) == ["叶小平", "施雪英"]
    assert r.rows[0].values["village"] == "潭头"


def test_short_utf8_file_that_is_also_valid_gb18030_is_read_as_utf8(tmp_path):
    data = "姓名,村名\r\n张三,石门\r\n李四,潭头\r\n".encode()
    data.decode("gb18030")  # the opposite trap: strict GB18030 accepts these bytes too
    p = tmp_path / "u.csv"
    p.write_bytes(data)
    r = read_roster(p)
    assert r.encoding == "utf-8"
    assert names(r) == ["张三", "李四"] and r.rows[0].values["village"] == "石门"


def test_utf8_with_bom_from_excel_csv_utf8(tmp_path):
    p = write_csv(tmp_path / "bom.csv", [HEADER, ZHANG], encoding="utf-8", bom=True)
    r = read_roster(p)
    assert r.encoding == "utf-8-sig"
    assert r.columns["name"] == "姓名"  # no BOM glued to the first header
    assert names(r) == ["张桂英"]


@pytest.mark.parametrize("name", ["楼平", "平潭", "头路"])
def test_one_utf8_name_whose_bytes_read_as_common_gbk_characters(tmp_path, name):
    data = f"name\r\n{name}\r\n".encode()
    assert len(data.decode("gb18030")) > len(data.decode())  # 楼平 is 妤煎钩 in GBK
    p = tmp_path / "one.csv"
    p.write_bytes(data)
    r = read_roster(p)
    assert (r.encoding, names(r)) == ("utf-8", [name])


def test_plain_utf8(tmp_path):
    p = write_csv(tmp_path / "plain.csv", [HEADER, ZHANG, LI], encoding="utf-8", newline="\n")
    r = read_roster(p)
    assert r.encoding == "utf-8"
    assert names(r) == ["张桂英", "李福根"]


def test_pure_ascii_reported_as_utf8(tmp_path):
    p = write_csv(tmp_path / "a.csv", [["name", "phone"], ["Zhang San", "13812345678"]])
    r = read_roster(p)
    assert r.encoding == "utf-8" and names(r) == ["Zhang San"]


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
# 丶 is left out: "丶丶" written as UTF-8 (E4 B8 B6 E4 B8 B6) is also valid GBK for the common
# 涓朵付, and no rule can tell which one a person meant — the reader shows the encoding it chose
# (CLI summary, import preview) for exactly such a file; the GBK-side cases are tested above.
@given(st.lists(st.text(alphabet="王李张刘陈杨黄叶小平潭头施雪英秀桂兰福根阿毛隆垄拢楼娄路鹿禄录",
                        min_size=1, max_size=4), min_size=1, max_size=4),
       st.sampled_from(["gbk", "utf-8"]))
def test_names_survive_either_encoding(tmp_path, people_names, encoding):
    p = write_csv(tmp_path / "h.csv", [["name"]] + [[n] for n in people_names],
                  encoding=encoding)
    r = read_roster(p)
    assert names(r) == people_names
    assert r.encoding == ("gb18030" if encoding == "gbk" else "utf-8")


def test_undecodable_bytes_say_where(tmp_path):
    p = tmp_path / "bad.csv"
    p.write_bytes("姓名,村\r\n张三,花园村\r\n".encode() + b"\x80\xff\xfe\r\n")
    err = raises("cannot_decode", read_roster, p)
    assert err.params["line"] == 3
    assert "第 3 行" in err.message("zh") and "UTF-8" in err.message("zh")
    assert "line 3" in err.message("en")


def test_decode_text_reports_choice():
    assert decode_text("姓名".encode("gbk") + b"\r\n")[1] == "gb18030"
    assert decode_text(b"\xef\xbb\xbf" + "姓名".encode())[1] == "utf-8-sig"


# --------------------------------------------------------------------------- CSV shape


def test_tab_delimited_with_commas_in_cells(tmp_path):
    rows = [HEADER + ["备注"], ZHANG + ["独居, 低保"], LI + ["腿脚不便，需上门"]]
    p = write_csv(tmp_path / "tab.txt", rows, encoding="utf-8", delimiter="\t")
    r = read_roster(p)
    assert names(r) == ["张桂英", "李福根"]
    assert r.rows[0].values["notes"] == "独居, 低保"
    assert r.rows[1].values["notes"] == "腿脚不便，需上门"


def test_semicolon_delimited(tmp_path):
    p = write_csv(tmp_path / "s.csv", [HEADER, ZHANG], encoding="utf-8", delimiter=";")
    assert read_roster(p).rows[0].values["phone"] == "13812345678"


def test_chinese_comma_is_not_a_delimiter(tmp_path):
    rows = [["姓名", "特殊群体", "备注"], ["张桂英", "独居，低保", "无"]]
    p = write_csv(tmp_path / "c.csv", rows)
    r = read_roster(p)
    assert r.rows[0].values["care_flags"] == "独居，低保"
    assert r.rows[0].values["notes"] == "无"


def test_title_rows_in_csv_and_whitespace_stripped(tmp_path):
    rows = [["城南乡花园村村民花名册", "", "", ""], ["制表日期：2024年5月", "", "", ""],
            ["序号", " 姓 名 ", "联系电话", "备注"],
            ["1", "\u3000张桂英 ", " 13812345678\t", "欧阳 修 的母亲"]]
    r = read_roster(write_csv(tmp_path / "t.csv", rows))
    assert r.header_row == 3
    v = r.rows[0].values
    assert (v["name"], v["phone"], v["notes"]) == ("张桂英", "13812345678", "欧阳 修 的母亲")
    assert r.rows[0].row_number == 4


def test_blank_and_totals_rows_skipped_with_row_numbers_csv(tmp_path):
    rows = [HEADER, ZHANG, ["", " ", "\u3000", "", ""], LI, [], ["合　计", "", "", "", "2人"],
            ["", "", "", "", ""]]
    r = read_roster(write_csv(tmp_path / "t.csv", rows))
    assert [(x.row_number, x.values["name"]) for x in r.rows] == [(2, "张桂英"), (4, "李福根")]
    assert r.skipped == [(3, "blank"), (5, "blank"), (6, "totals")]  # trailing blank: not listed


NUMBERED = ["序号", *HEADER]


@pytest.mark.parametrize("totals", [
    ["5", "总计：2人", "", "", "", ""],
    ["5", "合计人数", "", "", "", "2"],
    ["", "", "小计", "", "", "2人"],
    ["合计", "", "", "", "", "2"],
    ["5", "Total: 2", "", "", "", ""],
    ["5", "", "", "", "共计 2 人", ""],
])
def test_totals_row_beside_a_serial_number_is_skipped(tmp_path, totals):
    rows = [NUMBERED, ["1", *ZHANG], ["2", *LI], totals]
    r = read_roster(write_csv(tmp_path / "t.csv", rows, encoding="utf-8"))
    assert names(r) == ["张桂英", "李福根"]
    assert r.skipped == [(4, "totals")]


def test_rows_numbered_ahead_with_nothing_else_are_blank(tmp_path):
    rows = [NUMBERED, ["1", *ZHANG], ["2", "", "", "", "", ""], ["3", *LI], ["4"], ["5", "", ""],
            ["6", "", "", "", "花园村", ""]]
    r = read_roster(write_csv(tmp_path / "n.csv", rows, encoding="utf-8"))
    assert [x.row_number for x in r.rows] == [2, 4, 7]  # row 7 has a village: a person's row
    assert r.skipped == [(3, "blank"), (5, "blank"), (6, "blank")]


def test_xlsx_numbered_blank_rows_and_totals_beside_the_number(tmp_path):
    rows = [["编号", *HEADER], [1, *ZHANG], [2, None, None, None, None, None], [3, *LI],
            [4, "合　计：2人", None, None, None, None]]
    r = read_roster(write_xlsx(tmp_path / "n.xlsx", {"S": rows}, title_rows=["花名册"]))
    assert names(r) == ["张桂英", "李福根"]
    assert r.skipped == [(4, "blank"), (6, "totals")]


def test_a_number_under_an_unnamed_column_still_counts_as_data(tmp_path):
    rows = [["", *HEADER], ["1", *ZHANG], ["2", "", "", "", "", ""]]
    r = read_roster(write_csv(tmp_path / "u.csv", rows, encoding="utf-8"))
    assert [x.row_number for x in r.rows] == [2, 3]


def test_rows_with_empty_fields_are_still_returned(tmp_path):
    rows = [HEADER, ["", "", "13812345678", "", ""], ["王五", "", "", "", ""]]
    r = read_roster(write_csv(tmp_path / "e.csv", rows))
    assert [x.row_number for x in r.rows] == [2, 3]
    assert r.rows[0].values["name"] == "" and r.rows[0].values["phone"] == "13812345678"


def test_every_field_present_in_values(tmp_path):
    r = read_roster(write_csv(tmp_path / "f.csv", [["姓名"], ["张三"]]))
    assert list(r.rows[0].values) == list(FIELDS)
    assert r.rows[0].values["phone"] == ""
    assert r.columns == {"name": "姓名"}


def test_quoted_cell_with_newline_keeps_record_numbers(tmp_path):
    rows = [HEADER + ["备注"], ZHANG + ["第一行\n第二行"], LI + [""]]
    r = read_roster(write_csv(tmp_path / "q.csv", rows, encoding="utf-8"))
    assert r.rows[0].values["notes"] == "第一行\n第二行"
    assert [x.row_number for x in r.rows] == [2, 3]


# --------------------------------------------------------------------------- headers


@pytest.mark.parametrize("encoding", ["gbk", "utf-8"])
def test_control_characters_are_stripped_from_every_cell(tmp_path, encoding):
    rows = [["姓名", "身份证号\x00", "联系电话", "所属村", "村民小组"],
            ["张\x00桂英", ZHANG[1] + "\x00\x00", "\x0713812345678", "花园村\x1f", "3组\x7f"],
            ["\x00", "", "", "", ""], LI]
    r = read_roster(write_csv(tmp_path / "nul.csv", rows, encoding=encoding))
    assert r.rows[0].values == {**r.rows[0].values, "name": "张桂英", "id_number": ZHANG[1],
                                "phone": "13812345678", "village": "花园村", "group": "3组"}
    assert names(r) == ["张桂英", "李福根"] and r.skipped == [(3, "blank")]
    assert r.columns["id_number"] == "身份证号"


def test_xlsx_control_characters_as_excel_writes_them_are_stripped(tmp_path):
    rows = [HEADER, ["张NUL桂英", ZHANG[1] + "BEL", *ZHANG[2:]], LI]
    path = patch_xlsx(write_xlsx(tmp_path / "c.xlsx", {"S": rows}),
                      {"NUL": "_x0000_", "BEL": "_x0007__x001F_"})
    r = read_roster(path)
    assert names(r) == ["张桂英", "李福根"] and r.rows[0].values["id_number"] == ZHANG[1]


def test_cells_an_export_neutralised_read_back_as_they_were(tmp_path):
    rows = [HEADER + ["备注"], ["张桂英", ZHANG[1], "'+86 138 1234 5678", "花园村", "3组", "'=1+1"],
            ["李福根", LI[1], "'13900001111", "花园村", "5组", "'-"]]
    r = read_roster(write_csv(tmp_path / "n.csv", rows, encoding="utf-8", bom=True))
    assert [(x.values["phone"], x.values["notes"]) for x in r.rows] == [
        ("+86 138 1234 5678", "=1+1"), ("'13900001111", "-")]


def test_header_synonyms_and_decorations(tmp_path):
    header = ["序号", "*村民姓名：", "公民身份号码（18位）", "手机号码", "行政村", "组别", "性 别",
              "出生年月", "说明", "独居老人", "留守", "残疾人", "低保户", "年龄"]
    row = ["1", "张桂英", "330624193501010012", "13812345678", "花园村", "3", "女",
           "1935.01", "", "是", "", "√", "否", "89"]
    r = read_roster(write_csv(tmp_path / "h.csv", [header, row]))
    v = r.rows[0].values
    assert v["name"] == "张桂英" and v["id_number"] == "330624193501010012"
    assert v["phone"] == "13812345678" and v["village"] == "花园村" and v["group"] == "3"
    assert v["gender"] == "女" and v["birth_date"] == "1935.01"
    assert (v["living_alone"], v["left_behind"], v["disabled"], v["low_income"]) \
        == ("是", "", "√", "否")
    assert r.columns["name"] == "*村民姓名："
    assert r.unknown_columns == ["年龄"]  # 序号 is known and ignored


def test_english_headers_any_case(tmp_path):
    header = ["no.", "FULL NAME", "ID Number", "Mobile", "Village", "Address", "Gender",
              "Date of Birth", "Remark", "Care flags"]
    row = ["1", "Zhang Guiying", "330624193501010012", "13812345678", "Huayuan", "Group 3",
           "F", "1935-01-01", "", "living alone"]
    r = read_roster(write_csv(tmp_path / "en.csv", [header, row], encoding="utf-8"))
    assert set(r.columns) == {"name", "id_number", "phone", "village", "group", "gender",
                              "birth_date", "notes", "care_flags"}
    assert r.rows[0].values["care_flags"] == "living alone"
    assert r.unknown_columns == []


def test_two_columns_for_one_field_keeps_the_more_specific(tmp_path):
    header = ["姓名", "家庭住址", "村民小组", "联系方式", "手机"]
    row = ["张三", "花园村3组12号", "3组", "0575-8601234", "13812345678"]
    r = read_roster(write_csv(tmp_path / "d.csv", [header, row]))
    assert r.rows[0].values["group"] == "3组" and r.rows[0].values["phone"] == "13812345678"
    assert r.unknown_columns == ["家庭住址", "联系方式"]


def test_no_header_lists_what_is_expected(tmp_path):
    rows = [["张三", "13812345678"], ["李四", "13900001111"]]
    err = raises("no_header", read_roster, write_csv(tmp_path / "n.csv", rows))
    assert "姓名" in err.message("zh") and "身份证号" in err.message("zh")
    assert "name" in err.message("en") and "20" in err.message("en")


def test_header_below_row_20_is_not_found(tmp_path):
    rows = [[f"说明第{i}行"] for i in range(20)] + [["姓名"], ["张三"]]
    raises("no_header", read_roster, write_csv(tmp_path / "late.csv", rows))
    r = read_roster(write_csv(tmp_path / "ok.csv", rows[1:]))
    assert r.header_row == 20 and names(r) == ["张三"]


def test_repeated_header_rows_are_skipped(tmp_path):
    rows = [HEADER, ZHANG, HEADER, LI]
    r = read_roster(write_csv(tmp_path / "rep.csv", rows))
    assert names(r) == ["张桂英", "李福根"]
    assert r.skipped == [(3, "header")]


# --------------------------------------------------------------------------- XLSX


def test_xlsx_title_rows_above_header_and_merged_village(tmp_path):
    ps = people(4)
    rows = roster_rows(ps)
    for row in rows[2:]:
        row[5] = None  # village typed once, merged down over the group
    p = write_xlsx(tmp_path / "花园村.xlsx", {"花名册": rows},
                   title_rows=["城南乡花园村村民花名册", "制表日期：2024年5月12日"],
                   merged=["F4:F7"])
    r = read_roster(p)
    assert r.kind == "xlsx" and r.encoding is None and r.sheet == "花名册"
    assert r.header_row == 3
    assert [x.row_number for x in r.rows] == [4, 5, 6, 7]
    assert [x.values["village"] for x in r.rows] == ["花园村"] * 4
    assert names(r) == [p_["name"] for p_ in ps]
    assert r.rows[2].values["id_number"] == ps[2]["id_number"]


def test_xlsx_two_sheets_default_and_chosen(tmp_path):
    p = write_xlsx(tmp_path / "z.xlsx", {
        "填表说明": [["请按下表填写，身份证号请设为文本格式"]],
        "花园村": [HEADER, ZHANG],
        "石门村": [HEADER, ["王阿毛", "", "", "石门村", "1组"]],
    })
    assert list_sheets(p) == ["填表说明", "花园村", "石门村"]
    r = read_roster(p)
    assert r.sheet == "花园村" and names(r) == ["张桂英"]
    assert r.sheets == ["填表说明", "花园村", "石门村"]
    r2 = read_roster(p, sheet="石门村")
    assert r2.sheet == "石门村" and names(r2) == ["王阿毛"]


def test_other_sheets_that_are_rosters_too_are_named(tmp_path):
    p = write_xlsx(tmp_path / "乡.xlsx", {
        "填表说明": [["请按下表填写，身份证号请设为文本格式"]],
        "花园村": [HEADER, ZHANG],
        "统计": [["村名", "人数"], ["花园村", 1]],
        "石门村": [["序号", "姓 名", "性别"], [1, "王阿毛", "男"]],
        "空白模板": [HEADER],
        "旧名单": [HEADER, LI],
        "潭头村": [HEADER, LI],
    }, title_rows={"潭头村": ["潭头村花名册"]}, hidden=["旧名单"])
    assert read_roster(p).other_sheets == ["石门村", "潭头村"]
    assert read_roster(p, sheet="潭头村").other_sheets == ["花园村", "石门村"]
    one = write_xlsx(tmp_path / "one.xlsx", {"说明": [["说明"]], "花园村": [HEADER, ZHANG]})
    assert read_roster(one).other_sheets == []
    assert read_roster(write_csv(tmp_path / "c.csv", [HEADER, ZHANG])).other_sheets == []


def test_hidden_sheet_is_not_the_default(tmp_path):
    p = write_xlsx(tmp_path / "h.xlsx", {"旧名单": [HEADER, LI], "名单": [HEADER, ZHANG]},
                   hidden=["旧名单"])
    assert names(read_roster(p)) == ["张桂英"]


def test_sheet_not_found_lists_sheets(tmp_path):
    p = write_xlsx(tmp_path / "z.xlsx", {"花园村": [HEADER, ZHANG], "石门村": [HEADER, LI]})
    err = raises("sheet_not_found", read_roster, p, sheet="潭头村")
    assert err.params["available"] == ["花园村", "石门村"]
    assert "潭头村" in err.message("zh") and "“花园村”、“石门村”" in err.message("zh")
    assert "“花园村”, “石门村”" in err.message("en")


def test_xlsx_english_headers(tmp_path):
    p = write_xlsx(tmp_path / "en.xlsx", {"Roster": [HEADER_EN, [1, "Li Si", "M",
                                                                "330624193501010012",
                                                                13812345678, "Huayuan",
                                                                "3", ""]]})
    r = read_roster(p)
    assert r.rows[0].values["name"] == "Li Si" and r.rows[0].values["gender"] == "M"
    assert r.rows[0].values["phone"] == "13812345678"


def test_xlsx_numbers_as_the_user_sees_them(tmp_path):
    rows = [["姓名", "身份证号", "联系电话", "出生日期", "村民小组", "备注"],
            ["张桂英", 330624193501010012, 13812345678, datetime(1935, 1, 1), 3, 1.5],
            ["李福根", 3.30624193501e17, 13900001111.0, date(1938, 2, 14), 5.0, 0.1 + 0.2]]
    r = read_roster(write_xlsx(tmp_path / "n.xlsx", {"Sheet1": rows}))
    a, b = (x.values for x in r.rows)
    assert a["id_number"] == "330624193501010012"
    assert b["id_number"] == "3.30624193501E+17"  # Excel damage, visible as such
    assert (a["phone"], b["phone"]) == ("13812345678", "13900001111")
    assert (a["birth_date"], b["birth_date"]) == ("1935-01-01", "1938-02-14")
    assert (a["group"], b["group"]) == ("3", "5")
    assert (a["notes"], b["notes"]) == ("1.5", "0.3")


def test_xlsx_date_formatted_as_year_and_month_reads_as_year_and_month(tmp_path):
    rows = [["姓名", "出生年月"],
            ["甲", datetime(1950, 3, 1)],
            ["乙", datetime(1962, 11, 1)],
            ["丙", datetime(1970, 1, 1)],
            ["丁", datetime(1971, 2, 3)]]
    path = write_xlsx(tmp_path / "ym.xlsx", {"花名册": rows},
                      number_formats={"B2": 'yyyy"年"m"月"', "B3": "yyyy.mm", "B4": "mmm-yy"})
    roster = read_roster(path)
    assert [r.values["birth_date"] for r in roster.rows] == [
        "1950-03", "1962-11", "1970-01", "1971-02-03"]


def test_xlsx_id_with_lost_digits_shows_in_scientific_notation(tmp_path):
    rows = [["姓名", "身份证号"], ["张三", float(330624193501010012)]]
    r = read_roster(write_xlsx(tmp_path / "n.xlsx", {"Sheet1": rows}))
    assert r.rows[0].values["id_number"] == "3.3062419350101E+17"


def test_xlsx_blank_and_totals_rows(tmp_path):
    rows = [HEADER, ZHANG, [None, None, None, None, None], ["  ", None, None], LI,
            ["共计：2人", None, None, None, None], [None, None]]
    r = read_roster(write_xlsx(tmp_path / "t.xlsx", {"S": rows}, title_rows=["花名册"]))
    assert r.header_row == 2
    assert [(x.row_number, x.values["name"]) for x in r.rows] == [(3, "张桂英"), (6, "李福根")]
    assert r.skipped == [(4, "blank"), (5, "blank"), (7, "totals")]


def test_xlsx_two_row_header_with_merged_group_heading(tmp_path):
    rows = [["序号", "姓名", "身份证号", "特殊群体", None, None, None, "备注"],
            [None, None, None, "独居老人", "留守老人", "残疾", "低保", None],
            [1, "张桂英", "330624193501010012", "√", None, None, "√", ""]]
    p = write_xlsx(tmp_path / "two.xlsx", {"S": rows}, title_rows=["城南乡特殊群体名册"],
                   merged=["A2:A3", "B2:B3", "C2:C3", "D2:G2", "H2:H3"])
    r = read_roster(p)
    assert r.header_row == 3
    assert [x.row_number for x in r.rows] == [4]
    v = r.rows[0].values
    assert v["name"] == "张桂英"
    assert (v["living_alone"], v["left_behind"], v["disabled"], v["low_income"]) \
        == ("√", "", "", "√")


def test_xlsx_saved_with_csv_name_is_read_as_xlsx(tmp_path):
    p = write_xlsx(tmp_path / "x.xlsx", {"S": [HEADER, ZHANG]})
    renamed = p.rename(tmp_path / "名单.csv")
    r = read_roster(renamed)
    assert r.kind == "xlsx" and names(r) == ["张桂英"]
    assert list_sheets(renamed) == ["S"]


# --------------------------------------------------------------------------- refusals


def test_old_xls_tells_user_to_save_as_xlsx(tmp_path):
    err = raises("unsupported_type", read_roster, write_fake_xls(tmp_path / "名单.xls"))
    assert "另存为" in err.message("zh") and ".xlsx" in err.message("zh")
    assert "Save As" in err.message("en") and ".xlsx" in err.message("en")


def test_old_xls_renamed_to_xlsx(tmp_path):
    err = raises("unsupported_type", read_roster, write_fake_xls(tmp_path / "名单.xlsx"))
    assert "另存为" in err.message("zh")


def test_other_types_say_which_work(tmp_path):
    p = tmp_path / "名单.docx"
    p.write_bytes(b"PK\x03\x04whatever")
    err = raises("unsupported_type", read_roster, p)
    for lang in ("zh", "en"):
        assert ".csv" in err.message(lang) and ".xlsx" in err.message(lang)
        assert ".docx" in err.message(lang)


def test_corrupt_xlsx(tmp_path):
    err = raises("broken_file", read_roster, write_corrupt_xlsx(tmp_path / "坏.xlsx"))
    assert "坏.xlsx" in err.message("zh") and "损坏" in err.message("zh")
    assert "damaged" in err.message("en")
    raises("broken_file", list_sheets, tmp_path / "坏.xlsx")


def test_truncated_xlsx(tmp_path):
    p = write_truncated_xlsx(tmp_path / "半.xlsx", [HEADER, ZHANG] * 200)
    raises("broken_file", read_roster, p)


def test_not_found(tmp_path):
    err = raises("not_found", read_roster, tmp_path / "nope.csv")
    assert "nope.csv" in err.message("zh") and "not found" in err.message("en")


def test_empty_files(tmp_path):
    (tmp_path / "e.csv").write_bytes(b"")
    raises("empty", read_roster, tmp_path / "e.csv")
    (tmp_path / "w.csv").write_bytes(b"\r\n , ,\r\n")
    raises("empty", read_roster, tmp_path / "w.csv")
    raises("empty", read_roster, write_csv(tmp_path / "h.csv", [HEADER, ["合计", "0"]]))
    raises("empty", read_roster, write_xlsx(tmp_path / "e.xlsx", {"Sheet1": []}))


def test_xlsx_without_header_anywhere(tmp_path):
    p = write_xlsx(tmp_path / "n.xlsx", {"A": [["张三", "13812345678"]], "B": [["x"]]})
    raises("no_header", read_roster, p)


def test_error_message_follows_current_language(tmp_path):
    from marketapp.core.text import set_language

    err = raises("not_found", read_roster, tmp_path / "nope.csv")
    set_language("en")
    assert str(err).startswith("File not found")
    set_language("zh")
    assert str(err).startswith("找不到文件")


# --------------------------------------------------------------------------- size
# (Speed is measured by tests/bench.py, not asserted here: timings flake on shared machines.)


def test_a_100k_row_gbk_csv_is_read_whole(tmp_path):
    ps = people(500)
    rows = roster_rows(ps * 200)
    p = write_csv(tmp_path / "big.csv", rows, encoding="gbk")
    r = read_roster(p)
    assert len(r.rows) == 100_000 and r.rows[-1].row_number == 100_001
    assert r.encoding == "gb18030"


def test_builders_make_valid_people():
    ps = people(20)
    assert len({p["id_number"] for p in ps}) == 20
    assert all(len(p["phone"]) == 11 for p in ps)
    assert roster_rows(ps)[0] == HEADER_ZH


def test_a_one_name_gbk_file_that_is_also_utf8_keeps_the_chinese(tmp_path):
    # GBK 路 is C2 B7: valid UTF-8 for a lone "·". Found by the property test above.
    p = write_csv(tmp_path / "lu.csv", [["name"], ["路"]], encoding="gbk")
    r = read_roster(p)
    assert names(r) == ["路"] and r.encoding == "gb18030"
