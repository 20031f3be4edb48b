"""The ticket slip: paper sizes, PDF when there is no printer, nothing on it that names the
person (masked name only — never the full name or ID number), and Chinese whatever the
staff's language."""

from __future__ import annotations

from datetime import date

import pypdf
import pytest
from ui_helpers import add_person, app_in, back_to_chinese

from marketapp.core.market.days import StallPlan, get_market_day, open_market_day
from marketapp.core.queue.engine import issue
from marketapp.ui.registration.ticket_slip import (
    Slip,
    page_size,
    paint_slips,
    pdf_printer,
    print_slips,
    render_slip_image,
    slip_for,
    slip_texts,
)

MM_PER_POINT = 25.4 / 72


@pytest.fixture
def issued(db):
    day = open_market_day(db, date.today(), "花园村",
                          [StallPlan("haircut", closes_at="00:00"), StallPlan("health_check")])
    person = add_person(db, "张三明", seq=7)
    ticket = issue(db, day.stalls[0].id, person.id)
    return get_market_day(db, day.id), person, ticket


def texts(slip: Slip) -> str:
    return "\n".join(text for _, text in slip_texts(slip))


def test_slip_lists_label_stall_wait_masked_name_market_and_time(zh_app, issued):
    day, person, item = issued
    slip = slip_for(item, day, person.name)
    roles = dict(slip_texts(slip))
    assert roles["label"] == "A001"
    assert roles["stall"] == "理发"
    assert roles["name"] == "张*明"
    assert "花园村" in roles["market"] and day.date in roles["market"]
    assert "0" in roles["wait"]
    assert "warning" in roles  # closes at 00:00: every wait runs past it
    assert slip.qr_text() == f"marketapp:{day.id}:A001"
    everything = texts(slip)
    assert person.name not in everything and person.id_number not in everything


def test_the_slip_is_in_chinese_when_the_staff_work_in_english(qapp, issued):
    day, person, item = issued
    app_in("en")
    try:
        roles = dict(slip_texts(slip_for(item, day, person.name)))
    finally:
        back_to_chinese(qapp)
    assert roles["stall"] == "理发"
    assert roles["market"] == f"花园村 服务集市 · {day.date}"
    assert roles["wait"] == "前面 0 人 · 约 0 分钟"
    assert roles["warning"] == "已过收摊时间 00:00，请问工作人员"  # 00:00 has passed
    assert roles["time"].startswith("取号时间 ") and roles["time"].endswith(" · 请保留此票")


def test_a_turn_after_closing_is_said_as_such(zh_app, issued):
    from dataclasses import replace

    day, person, item = issued
    slip = replace(slip_for(item, day, person.name), closes_at="16:30", closing_passed=False,
                   wait_minutes=95)
    assert dict(slip_texts(slip))["warning"] == "收摊（16:30）前可能轮不到"


def test_paper_sizes_follow_the_setting():
    assert page_size("none") is None
    for paper, width in (("58mm", 58), ("80mm", 80), ("a6", 105)):
        size = page_size(paper).size(page_size(paper).Unit.Millimeter)
        assert abs(size.width() - width) < 0.5, paper


def test_slip_pdf_is_58mm_with_label_and_masked_name_only(zh_app, issued, tmp_path):
    day, person, item = issued
    path = tmp_path / "slip.pdf"
    assert paint_slips(pdf_printer(path, "58mm"), [slip_for(item, day, person.name)])
    reader = pypdf.PdfReader(str(path))
    page = reader.pages[0]
    assert abs(float(page.mediabox.width) * MM_PER_POINT - 58) < 1
    assert abs(float(page.mediabox.height) * MM_PER_POINT - 80) < 1
    text = page.extract_text()
    assert "A001" in text and "张*明" in text and "理发" in text
    assert person.name not in text and person.id_number not in text


def test_no_printer_saves_a_pdf_beside_the_data_file(zh_app, issued, db_path):
    day, person, item = issued
    slip = slip_for(item, day, person.name)
    out = print_slips([slip], "80mm", db_path, printers=lambda: [])
    assert out.pdf is not None and out.pdf.parent == db_path.parent / "slips"
    assert out.pdf.exists() and out.printer is None
    width = float(pypdf.PdfReader(str(out.pdf)).pages[0].mediabox.width) * MM_PER_POINT
    assert abs(width - 80) < 1
    assert print_slips([slip], "none", db_path) == type(out)()


def test_slip_image_is_not_blank_and_has_the_qr_code(zh_app, issued):
    day, person, item = issued
    image = render_slip_image(slip_for(item, day, person.name))
    assert image.width() == 58 * 8
    dark = sum(1 for y in range(0, image.height(), 4) for x in range(0, image.width(), 4)
               if image.pixelColor(x, y).lightness() < 100)
    assert dark > 200
