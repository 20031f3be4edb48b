"""Reports page: build a daily or period report off the UI thread, preview, cancel, save,
print to a PDF printer; the fallback preview; the range presets."""

from __future__ import annotations

import threading
from datetime import date

import pypdfium2
import pytest
from pypdf import PdfReader

from marketapp.core.demo.day import run_demo
from marketapp.ui.reports.page import ReportsPage
from marketapp.ui.reports.printing import pdf_printer
from marketapp.ui.reports.range import preset_range
from marketapp.ui.shell.session import Session
from marketapp.ui.widgets.pdf_preview import PdfPreview, open_pdf

DAY = date(2025, 3, 8)


@pytest.fixture
def demo_day(db):
    return run_demo(db, day=DAY, village="花园村", villagers=30, seed=5).market_day


@pytest.fixture
def page(qtbot, zh_app, db, db_path):
    widget = ReportsPage(Session(db, db_path))
    qtbot.addWidget(widget)
    widget.resize(1216, 700)
    widget.show()
    yield widget
    qtbot.waitUntil(lambda: not widget.is_busy(), timeout=30000)


def build_and_wait(qtbot, page) -> None:
    page.build()
    qtbot.waitUntil(lambda: not page.is_busy(), timeout=30000)


def pdfs_in(folder) -> list:
    return sorted(folder.rglob("*.pdf"))


def test_lists_market_days_newest_first(qtbot, db, db_path, zh_app):
    run_demo(db, day=date(2025, 1, 4), village="石门村", villagers=5, seed=1)
    run_demo(db, day=DAY, village="花园村", villagers=5, seed=2)
    page = ReportsPage(Session(db, db_path))
    qtbot.addWidget(page)
    model = page.days_model
    assert [model.day(r).date for r in range(model.rowCount())] == ["2025-03-08", "2025-01-04"]
    assert model.index(0, 2).data() == "已收市"
    assert page.chosen_day_id() == model.day(0).id


def test_daily_report_is_built_and_previewed(qtbot, demo_day, page):
    assert page.chosen_day_id() == demo_day.id
    assert not page.save_button.isEnabled()
    build_and_wait(qtbot, page)
    assert page.result is not None and page.result.path.is_file()
    assert page.result.path.name == "集市日报-花园村-2025-03-08.pdf"
    assert page.preview.page_count() == page.result.pages > 0
    assert page.save_button.isEnabled() and page.print_button.isEnabled()
    text = PdfReader(page.result.path).pages[0].extract_text()
    assert "花园村" in text and "内部资料" not in text
    assert str(page.result.pages) in page.message.text()


def test_staff_copy_warns_and_says_so_in_the_pdf(qtbot, demo_day, page):
    assert page.full_warning.isHidden()
    page.full_check.setChecked(True)
    assert page.full_warning.isVisible() and "个人信息" in page.full_warning.text()
    build_and_wait(qtbot, page)
    assert "内部资料" in PdfReader(page.result.path).pages[0].extract_text()
    from marketapp.core.people.audit import sensitive_entries

    logged = sensitive_entries(page.session.db)
    assert [e.action for e in logged] == ["report_full"] and "花园村" in logged[0].detail


def test_english_report(qtbot, demo_day, page):
    page.language.setCurrentIndex(page.language.findData("en"))
    build_and_wait(qtbot, page)
    assert page.result.path.name == "market-report-花园村-2025-03-08.pdf"
    assert "Page 1" in PdfReader(page.result.path).pages[0].extract_text()


def test_cancel_leaves_no_file(qtbot, demo_day, page, monkeypatch):
    release = threading.Event()
    from marketapp.reports import daily_report

    real = daily_report.build_daily_report

    def slow(*args, **kwargs):
        release.wait(10)
        return real(*args, **kwargs)

    # report_jobs imports the builder when a job runs (reportlab stays out of start-up)
    monkeypatch.setattr(daily_report, "build_daily_report", slow)
    page.build()
    assert page.is_busy() and page.cancel_button.isEnabled()
    assert not page.build_button.isEnabled()
    page.cancel()
    release.set()
    qtbot.waitUntil(lambda: not page.is_busy(), timeout=30000)
    assert page.result is None
    assert pdfs_in(page.work_dir) == []
    assert "未生成" in page.message.text() or "取消" in page.message.text()
    assert page.build_button.isEnabled() and not page.save_button.isEnabled()


def test_period_without_markets_says_so_and_writes_nothing(qtbot, demo_day, page):
    page.range_picker.set_range(date(2024, 1, 1), date(2024, 3, 31))
    assert page.period_radio.isChecked() and not page.full_check.isEnabled()
    build_and_wait(qtbot, page)
    assert page.result is None
    assert "没有集市" in page.message.text() and "2024-01-01" in page.message.text()
    assert pdfs_in(page.work_dir) == []


def test_a_period_that_ends_before_it_starts_is_refused_with_both_dates(qtbot, demo_day, page):
    page.range_picker.set_range(date(2025, 6, 1), date(2025, 5, 1))
    page.build()
    assert not page.is_busy() and page.result is None
    said = page.message.text()
    assert "2025-06-01" in said and "2025-05-01" in said and "晚于" in said
    assert pdfs_in(page.work_dir) == []


def test_period_report_of_a_quarter(qtbot, demo_day, page):
    page.period_radio.setChecked(True)
    page.range_picker.today = date(2025, 5, 2)
    page.range_picker.choose_preset("last_quarter")
    assert page.range_picker.range() == ("2025-01-01", "2025-03-31")
    build_and_wait(qtbot, page)
    assert page.result.path.name == "集市统计-2025-01-01至2025-03-31.pdf"
    assert page.preview.page_count() > 0


def test_no_market_day_is_a_calm_message(qtbot, page):
    build_and_wait(qtbot, page)
    assert page.result is None and "还没有集市" in page.message.text()


def test_save_as_copies_the_built_pdf(qtbot, demo_day, page, tmp_path, monkeypatch):
    build_and_wait(qtbot, page)
    suggested = page.suggested_path()
    assert suggested.parent == tmp_path / "reports" and suggested.name == page.result.path.name
    monkeypatch.setattr(page, "ask_save_path", lambda: str(tmp_path / "copy"))
    saved = page.save_as()
    assert saved == tmp_path / "copy.pdf"
    assert saved.read_bytes() == page.result.path.read_bytes()
    assert str(saved) in page.message.text()


def not_blank(pdf_path, index: int = 0) -> bool:
    document = pypdfium2.PdfDocument(str(pdf_path))
    try:
        bitmap = document[index].render(scale=0.5, fill_color=(255, 255, 255, 255))
        pixels = bytes(bitmap.buffer)
        return any(b < 200 for b in pixels)
    finally:
        document.close()


def test_print_to_a_pdf_printer(qtbot, demo_day, page, tmp_path):
    build_and_wait(qtbot, page)
    out = tmp_path / "printed.pdf"
    asked = []

    def factory(parent, suggested):
        asked.append(suggested)
        return pdf_printer(out)

    page.printer_factory = factory
    page.print_report()
    qtbot.waitUntil(lambda: not page.is_busy(), timeout=60000)
    assert asked == [page.suggested_path()]
    assert len(PdfReader(out).pages) == page.result.pages
    assert not_blank(out)
    assert str(out) in page.message.text()


def test_cancelled_print_dialog_prints_nothing(qtbot, demo_day, page):
    build_and_wait(qtbot, page)
    page.printer_factory = lambda parent, suggested: None
    page.print_report()
    assert not page.is_busy()


def test_pages_render_onto_white(qtbot, demo_day, page):
    build_and_wait(qtbot, page)
    pages = open_pdf(page.result.path)
    image = pages.render(0, 50)
    assert image.pixelColor(0, 0).alpha() == 255
    assert image.pixelColor(0, 0).name() == "#ffffff"
    pages.close()


def test_fallback_preview_renders_pages_as_images(qtbot, demo_day, page):
    build_and_wait(qtbot, page)
    preview = PdfPreview(use_qtpdf=False)
    qtbot.addWidget(preview)
    assert preview.load(page.result.path) == page.result.pages
    assert len(preview.view.labels) == page.result.pages
    assert not preview.view.labels[0].pixmap().isNull()


def test_preview_of_a_broken_file_says_so(qtbot, tmp_path, zh_app):
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"not a pdf")
    for use_qtpdf in (True, False):
        preview = PdfPreview(use_qtpdf=use_qtpdf)
        qtbot.addWidget(preview)
        assert preview.load(broken) == 0
        assert preview.currentWidget() is preview.empty


@pytest.mark.parametrize("key, today, expected", [
    ("this_month", date(2025, 2, 10), (date(2025, 2, 1), date(2025, 2, 28))),
    ("last_month", date(2025, 1, 10), (date(2024, 12, 1), date(2024, 12, 31))),
    ("this_quarter", date(2025, 11, 3), (date(2025, 10, 1), date(2025, 12, 31))),
    ("last_quarter", date(2025, 2, 10), (date(2024, 10, 1), date(2024, 12, 31))),
    ("this_year", date(2024, 2, 29), (date(2024, 1, 1), date(2024, 12, 31))),
    ("last_year", date(2024, 2, 29), (date(2023, 1, 1), date(2023, 12, 31))),
])
def test_range_presets(key, today, expected):
    assert preset_range(key, today) == expected
