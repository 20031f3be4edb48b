"""The daily summary PDF: figures equal the visits export, Chinese intact, masking, every page
drawn, glyph coverage, edge days (empty stall, only no-shows, very long lists), cancel."""

from __future__ import annotations

import csv
import re
import statistics
from datetime import date

import pytest
from idgen import make_id
from pdf_text import pdf_pages
from pypdf import PdfReader

from marketapp.core.demo.day import STALL_CLOSING, run_demo
from marketapp.core.figures.daily import daily_data
from marketapp.core.market.days import StallPlan, find_market_day, open_market_day
from marketapp.core.people.cleaning import clean
from marketapp.core.people.villagers import VillagerInput, save_villager
from marketapp.core.queue import engine as queue
from marketapp.core.queue import visits
from marketapp.core.queue.closing import close_market_day
from marketapp.reports.daily_report import build_daily_report
from marketapp.reports.labels import label
from marketapp.reports.pdf_base import (
    FONT,
    ReportCancelled,
    ReportText,
    font_covers,
    register_font,
)
from marketapp.reports.visit_export import export_visits
from marketapp.store.database import open_database

DAY = "2026-11-28"
EDGE_DAY = "2026-03-08"
FULL_ID = re.compile(r"(?<![0-9])[0-9]{17}[0-9X](?![0-9])")
STALL_COLUMNS = 10  # tickets … overruns after the stall's name


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    folder = tmp_path_factory.mktemp("daily")
    db = open_database(folder / "demo.db")
    run_demo(db, day=date.fromisoformat(DAY), villagers=120, seed=2)
    market = find_market_day(db, DAY)
    masked = folder / "masked.pdf"
    full = folder / "full.pdf"
    english = folder / "en.pdf"
    build_daily_report(db, market.id, masked)
    build_daily_report(db, market.id, full, full=True)
    build_daily_report(db, market.id, english, lang="en")
    yield {"db": db, "market": market, "folder": folder, "masked": masked, "full": full,
           "en": english}
    db.close()


def _t(tick: str) -> str:
    return f"{EDGE_DAY}T{tick}:00+08:00"


@pytest.fixture(scope="module")
def edge(tmp_path_factory):
    """A day with a stall nobody came to, a stall with only no-shows, and villagers named
    李文喆 and 周子堃 (喆, 堃: characters outside the everyday set) with high readings."""
    folder = tmp_path_factory.mktemp("edge")
    db = open_database(folder / "edge.db")
    people = {}
    for name, gender, ident in (("李文喆", "M", make_id(birth="19500308", seq=1)),
                                ("周子堃", "F", make_id(birth="19480512", seq=2, male=False)),
                                ("欧阳小明", "M", ""), ("张三", "M", "")):
        born = f"{ident[6:10]}-{ident[10:12]}-{ident[12:14]}" if ident else "1950-03-08"
        people[name] = save_villager(db, clean(VillagerInput(
            name=name, gender=gender, id_number=ident, village="城南村",
            birth_date=born), today=date(2026, 3, 8))).villager.id
    market = open_market_day(db, EDGE_DAY, "城南村",
                             [StallPlan("health_check", ("陆医生",), 1, "11:00"),
                              StallPlan("legal", ("吕调解员",)), StallPlan("jobs", ("陈经理",))],
                             at=_t("07:50"))
    stalls = {s.service_code: s for s in market.stalls}
    for n, name in enumerate(("李文喆", "周子堃", "欧阳小明")):
        ticket = queue.issue(db, stalls["health_check"].id, people[name],
                             at=_t(f"08:0{n}")).ticket
        queue.call(db, ticket.id, at=_t(f"08:1{n}"))
        queue.start(db, ticket.id, at=_t(f"08:1{n}"))
        visits.finish(db, ticket.id, {"systolic": 150 + n, "diastolic": 95, "pulse": 80,
                                      "advice": "低盐饮食，按时服药"},
                      rating=("satisfied", "basically_satisfied", "very_dissatisfied")[n],
                      at=_t(f"{'08:30' if n < 2 else '11:20'}"))
    for name in ("张三", "周子堃"):
        ticket = queue.issue(db, stalls["jobs"].id, people[name], at=_t("09:00")).ticket
        queue.call(db, ticket.id, at=_t("09:05"))
        queue.no_show(db, ticket.id, at=_t("09:10"))
    close_market_day(db, market.id, at=_t("12:00"))
    pdf = folder / "edge.pdf"
    result = build_daily_report(db, market.id, pdf)
    yield {"db": db, "market": market, "pdf": pdf, "result": result, "folder": folder}
    db.close()


# ------------------------------------------------------------------ figures


def _stall_rows(text: str, names: list[str]) -> dict[str, list[str]]:
    lines = [line.strip() for line in text.splitlines()]
    rows = {}
    for name in names:
        at = lines.index(name)
        rows[name] = lines[at + 1: at + 1 + STALL_COLUMNS]
    return rows


def _value_after(text: str, caption: str) -> str:
    lines = [line.strip() for line in text.splitlines()]
    return lines[lines.index(caption) + 1]


def _nearest_rank(values: list[float], pct: int) -> float:
    ordered = sorted(values)
    return ordered[-(-len(ordered) * pct // 100) - 1]


def test_daily_numbers_equal_the_visits_export(demo, tmp_path):
    out = tmp_path / "visits.csv"
    export_visits(demo["db"], out, DAY, DAY, full=True)
    rows = list(csv.DictReader(out.read_text(encoding="utf-8-sig").splitlines()))
    text = pdf_pages(demo["masked"])[0]
    stalls = demo["market"].stalls
    names = [f"{s.letter} {s.name_zh}" for s in stalls]
    found = _stall_rows(text, names)
    status_names = ("办结", "过号", "取消", "转摊位", "未服务")
    for stall, name in zip(stalls, names, strict=True):
        mine = [r for r in rows if r["服务项目"] == stall.name_zh]
        done = [r for r in mine if r["状态"] == "办结"]
        waits = [float(r["等候(分钟)"]) for r in done]
        service = [float(r["办理(分钟)"]) for r in done]
        expected = [str(len(mine))] + [str(sum(r["状态"] == s for r in mine))
                                        for s in status_names]
        expected += [f"{statistics.median(waits):.1f}" if waits else "–",
                     f"{_nearest_rank(waits, 90):.1f}" if waits else "–",
                     f"{statistics.median(service):.1f}" if service else "–",
                     str(sum(r["结束时间"] > STALL_CLOSING for r in done))]
        assert found[name] == expected, name
    done = [r for r in rows if r["状态"] == "办结"]
    people = {(r["姓名"], r["身份证号"], r["联系电话"], r["所属村"]) for r in done}
    assert _value_after(text, "服务村民（人）") == str(len(people))
    assert _value_after(text, "服务人次（办结）") == str(len(done))
    assert _value_after(text, "发放号票") == str(len(rows))
    assert _value_after(text, "过号") == str(sum(r["状态"] == "过号" for r in rows))
    assert _value_after(text, "取消") == str(sum(r["状态"] == "取消" for r in rows))
    for mark in ("非常满意", "满意", "基本满意", "不满意", "非常不满意"):
        count = sum(r["评价"] == mark for r in done)
        assert re.search(rf"(?<![\u4e00-\u9fff]){mark} {count}（", text), mark


def test_daily_text_is_chinese_with_every_section(demo):
    text = "\n".join(pdf_pages(demo["masked"]))
    for heading in ("服务集市日报", "摊位与工作人员", "主要数据", "各摊位情况", "图表",
                    "各摊位服务人次", "每小时到场与办结", "服务村民年龄段与性别（人）",
                    "服务村民来自（人）", "健康检查回访名单（读数偏高）", "今日登记的诉求"):
        assert heading in text, heading
    assert "城南村" in text and DAY in text
    data = daily_data(demo["db"], demo["market"].id)
    assert f"共 {len(data.health)} 人次" in text
    # Request texts are free text staff type names into: the staff copy only (issue 15, 6).
    full = "\n".join(pdf_pages(demo["full"]))
    for request in data.requests:
        assert request.text not in text and request.text in full


def test_footer_page_x_of_y_version_and_time(demo):
    from marketapp import __version__

    pages = pdf_pages(demo["masked"])
    assert len(pages) >= 2
    for number, text in enumerate(pages, start=1):
        assert f"第 {number} 页，共 {len(pages)} 页" in text
        assert f"marketapp {__version__}" in text and "生成时间" in text


def test_english_report(demo):
    text = "\n".join(pdf_pages(demo["en"]))
    assert "Service market daily summary" in text and "Per stall" in text
    assert "Haircut" in text and "Page 1 of" in text
    assert "主要数据" not in text


# ------------------------------------------------------------------ masking


def test_default_report_shows_no_full_id(demo):
    for text in pdf_pages(demo["masked"]):
        assert not FULL_ID.search(text)
        assert "内部资料" not in text
    assert "********" in "\n".join(pdf_pages(demo["masked"]))


def test_full_report_shows_ids_and_says_so_on_every_page(demo):
    pages = pdf_pages(demo["full"])
    assert any(FULL_ID.search(text) for text in pages)
    for text in pages:
        assert "内部资料　含个人信息　请勿外传" in text


# ------------------------------------------------------------------ drawing


def test_every_page_renders_non_blank(demo, edge):
    import pypdfium2 as pdfium

    for path in (demo["masked"], demo["full"], demo["en"], edge["pdf"]):
        pdf = pdfium.PdfDocument(str(path))
        for index in range(len(pdf)):
            image = pdf[index].render(scale=0.6).to_pil().convert("L")
            # The body, above the footer every page has: a page that is only a footer is blank.
            body = image.crop((0, 0, image.width, int(image.height * 0.9)))
            dark = sum(body.histogram()[:128])
            assert dark > 200, f"{path.name} page {index + 1} looks blank"
        pdf.close()


def test_font_covers_every_character_printed(demo, edge):
    register_font()
    assert font_covers("喆") and font_covers("堃")
    for path in (demo["masked"], demo["full"], demo["en"], edge["pdf"]):
        text = "".join(pdf_pages(path))
        missing = {c for c in text if not c.isspace() and not font_covers(c)}
        assert not missing, f"{path.name}: {missing}"
    assert edge["result"].missing == set()
    assert "李*喆" in "".join(pdf_pages(edge["pdf"]))


def test_a_character_the_font_lacks_is_marked_not_blank():
    rt = ReportText("zh", label)
    rare = "\U0002a6a5"  # CJK extension B: not in WenQuanYi Micro Hei
    assert not font_covers(rare)
    assert rt.clean(f"张{rare}") == "张〓"
    assert rt.missing == {rare}


def test_pdf_embeds_the_cjk_font(demo):
    raw = demo["masked"].read_bytes()
    assert b"FontFile2" in raw  # TrueType program embedded
    assert b"STSong" not in raw
    for page in PdfReader(str(demo["masked"])).pages:
        fonts = {key: str(font.get_object()["/BaseFont"])
                 for key, font in page["/Resources"]["/Font"].items()}
        content = page.get_contents().get_data().decode("latin-1")
        # Every text shown (Tj) is in a subset of WenQuanYi; reportlab's Helvetica only
        # appears in empty BT/ET state blocks.
        for block in re.findall(r"BT(.*?)ET", content, flags=re.S):
            if "Tj" in block:
                for key in re.findall(r"(/F[0-9+]+) [0-9.]+ Tf", block):
                    assert "WenQuanYiMicroHei" in fonts[key], block[:80]


# ------------------------------------------------------------------ edge days and layout


def test_empty_stall_and_no_show_only_stall(edge):
    text = pdf_pages(edge["pdf"])[0]
    rows = _stall_rows(text, ["B 健康检查", "F 法律咨询与调解", "H 招聘就业"])
    assert rows["F 法律咨询与调解"] == ["0"] * 6 + ["–", "–", "–", "0"]
    assert rows["H 招聘就业"] == ["2", "0", "2", "0", "0", "0", "–", "–", "–", "0"]
    assert rows["B 健康检查"][:2] == ["3", "3"]
    assert rows["B 健康检查"][-1] == "1"  # finished 11:20, the stall closed at 11:00
    everything = "\n".join(pdf_pages(edge["pdf"]))
    for masked in ("李*喆", "周*堃", "欧**明"):
        assert masked in everything
    assert "今日没有登记诉求。" in everything


def test_every_poor_rating_is_listed_for_follow_up_with_a_masked_name(edge):
    everything = "\n".join(pdf_pages(edge["pdf"]))
    assert "差评回访（不满意、非常不满意）" in everything
    lines = [line.strip() for line in everything.splitlines()]
    start = lines.index("差评回访（不满意、非常不满意）")
    listed = lines[start:start + 30]
    # the one 差评 of the day: 欧阳小明's health check, finished 11:20
    assert "B003" in listed and "11:20" in listed and "欧**明" in listed
    assert "非常不满意" in listed and "工作人员代评" in listed
    assert "欧阳小明" not in everything and "共 1 条差评，每一条都须回访。" in everything


def _text_boxes(path) -> list[list[tuple[float, float, float, float, str]]]:
    """Per page: (x0, y0, x1, y1, text) of every text run, from its matrix and font size."""
    from reportlab.pdfbase import pdfmetrics

    register_font()
    pages = []
    for page in PdfReader(str(path)).pages:
        # pypdf reports each font-subset run of one string at the string's start: runs that
        # start at the same point are one string drawn in pieces.
        runs: dict[tuple[float, float], list] = {}

        def visit(text, cm, tm, font_dict, size, runs=runs):
            if not text.strip("\n"):
                return
            height = size * abs((tm[3] * cm[3]) or 1)
            x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            key = (round(x, 2), round(y, 2))
            runs.setdefault(key, [height, ""])[1] += text

        page.extract_text(visitor_text=visit)
        boxes: list[tuple[float, float, float, float, str]] = []
        for (x, y), (height, text) in runs.items():
            for n, line in enumerate(text.strip("\n").split("\n")):
                if line.strip():
                    width = pdfmetrics.stringWidth(line.strip(), FONT, height)
                    top = y - n * height
                    boxes.append((x, top - 0.2 * height, x + width, top + 0.8 * height, line))
        pages.append(boxes)
    return pages


def _overlaps(boxes) -> list[tuple[str, str]]:
    found = []
    ordered = sorted(boxes, key=lambda b: b[1])
    for i, a in enumerate(ordered):
        for b in ordered[i + 1:]:
            if b[1] >= a[3]:
                break
            shared_x = min(a[2], b[2]) - max(a[0], b[0])
            shared_y = min(a[3], b[3]) - max(a[1], b[1])
            if shared_x > 1.0 and shared_y > 1.0:
                found.append((a[4], b[4]))
    return found


def test_no_text_overlaps_on_any_page(demo, edge):
    for path in (demo["masked"], demo["full"], edge["pdf"]):
        for number, boxes in enumerate(_text_boxes(path), start=1):
            assert boxes, f"{path.name} page {number} has no text"
            assert not _overlaps(boxes), (path.name, number, _overlaps(boxes)[:5])


def test_a_huge_follow_up_list_splits_with_repeated_headers(demo, tmp_path):
    data = daily_data(demo["db"], demo["market"].id)
    data.health = data.health * 40  # well over a thousand rows
    data.requests = data.requests * 20
    out = tmp_path / "huge.pdf"
    result = build_daily_report(demo["db"], demo["market"].id, out, data=data)
    pages = pdf_pages(out)
    assert result.pages == len(pages) > 20
    health_pages = [t for t in pages if re.search(r"B\d{3}\n", t) and "血压" in t]
    assert len(health_pages) > 15
    for text in pages[2:-1]:
        assert ("身份证号" in text and "健康建议" in text) or ("诉求内容" in text), text[:200]
    assert not any(_overlaps(b) for b in _text_boxes(out)[2:6])


# ------------------------------------------------------------------ progress and files


def test_progress_reaches_total_and_cancel_leaves_no_file(demo, tmp_path):
    calls = []
    out = tmp_path / "day.pdf"
    build_daily_report(demo["db"], demo["market"].id, out,
                       progress=lambda done, total: calls.append((done, total)))
    assert out.exists() and calls[-1][0] == calls[-1][1]
    assert [d for d, _t in calls] == sorted(d for d, _t in calls)

    cancelled = tmp_path / "cancelled.pdf"
    seen = []

    def cancel_on_third(done, total):
        seen.append(done)
        return len(seen) < 3

    with pytest.raises(ReportCancelled):
        build_daily_report(demo["db"], demo["market"].id, cancelled, progress=cancel_on_third)
    assert not cancelled.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["day.pdf"]


def test_an_existing_file_survives_a_cancelled_rebuild(demo, tmp_path):
    out = tmp_path / "day.pdf"
    out.write_bytes(b"%PDF-old")
    with pytest.raises(ReportCancelled):
        build_daily_report(demo["db"], demo["market"].id, out, progress=lambda d, t: d < 5)
    assert out.read_bytes() == b"%PDF-old"
    assert [p.name for p in tmp_path.iterdir()] == ["day.pdf"]
