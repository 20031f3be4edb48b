"""Close the market day: the dialog closes the day (waiting tickets not served), backs up,
saves and prints the summary, and tells what happened; the Market menu opens it."""

from __future__ import annotations

from datetime import date

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from ui_helpers import SCREEN, add_person

from marketapp.core.market.days import StallPlan, get_market_day, open_market_day
from marketapp.core.queue import engine as queue
from marketapp.store.database import backups_dir
from marketapp.ui.market_day import close_dialog as close_market_dialog
from marketapp.ui.market_day.close_dialog import CloseMarketDialog
from marketapp.ui.reports.printing import pdf_printer
from marketapp.ui.shell.main_window import MainWindow
from marketapp.ui.shell.session import Session


@pytest.fixture
def open_day(db):
    """Today's market at 花园村: one person at the counter, two waiting, one called."""
    day = open_market_day(db, date.today(), "花园村", [StallPlan("haircut", ("王师傅",))])
    stall = day.stalls[0].id
    people = [add_person(db, name, seq=n) for n, name in
              enumerate(("王秀英", "李建国", "张福根", "赵喆"), start=1)]
    tickets = [queue.issue(db, stall, p.id).ticket for p in people]
    queue.call(db, tickets[0].id)
    queue.start(db, tickets[0].id)
    queue.call(db, tickets[1].id, counter=1)
    return day, tickets


def statuses(db, tickets) -> list[str]:
    return [queue.get_ticket(db, t.id).status for t in tickets]


def make_dialog(qtbot, db, db_path, monkeypatch, printed=None, printers=("Office",)):
    monkeypatch.setattr(close_market_dialog, "available_printers", lambda: list(printers))
    session = Session(db, db_path)
    dialog = CloseMarketDialog(session)
    qtbot.addWidget(dialog)
    if printed is not None:
        dialog.printer_factory = lambda parent, suggested: pdf_printer(printed)
    dialog.show()
    return session, dialog


def test_closes_the_day_backs_up_saves_and_prints(qtbot, zh_app, db, db_path, open_day,
                                                  tmp_path, monkeypatch):
    day, tickets = open_day
    printed = tmp_path / "printed.pdf"
    session, dialog = make_dialog(qtbot, db, db_path, monkeypatch, printed)
    assert "花园村" in dialog.day_label.text() and day.date in dialog.day_label.text()
    assert "3 人" in dialog.waiting_label.text()
    assert dialog.reason.text() == "收市"
    assert all(c.isChecked() for c in (dialog.backup_check, dialog.save_check,
                                       dialog.print_check))
    dialog.reason.setText("下雨提前收市")
    with qtbot.waitSignal(session.events.market_changed, timeout=5000):
        dialog.accept()
    qtbot.waitUntil(lambda: dialog.ok_button.text() == "完成", timeout=60000)

    assert get_market_day(db, day.id).status == "closed"
    assert get_market_day(db, day.id).close_reason == "下雨提前收市"
    assert statuses(db, tickets) == ["serving", "not_served", "not_served", "not_served"]
    outcome = dialog.outcome
    assert outcome.backup_path is not None and outcome.backup_path.is_file()
    assert outcome.backup_path.parent == backups_dir(db_path)
    assert outcome.backup_path.name.endswith("-close.db")
    saved = tmp_path / "reports" / f"集市日报-花园村-{day.date}.pdf"
    assert outcome.report.path == saved and saved.is_file()
    assert "花园村" in PdfReader(saved).pages[0].extract_text()
    assert len(PdfReader(printed).pages) == outcome.report.pages
    text = dialog.report_label.text()
    for expected in ("已收市", "3 张", str(outcome.backup_path), str(saved), str(printed)):
        assert expected in text, expected
    label = dialog.report_label
    assert label.contentsRect().height() >= label.heightForWidth(label.contentsRect().width())
    assert not dialog.folder_button.isEnabled()
    dialog.accept()
    assert dialog.result() == CloseMarketDialog.DialogCode.Accepted


def test_stop_skips_the_remaining_steps_and_the_day_stays_closed(
        qtbot, zh_app, db, db_path, open_day, tmp_path, monkeypatch):
    import threading


    release = threading.Event()
    from marketapp.reports import daily_report

    real = daily_report.build_daily_report

    def slow(*args, **kwargs):
        release.wait(10)
        return real(*args, **kwargs)

    # report_jobs imports the builder when a job runs (reportlab stays out of start-up)
    monkeypatch.setattr(daily_report, "build_daily_report", slow)
    day, _tickets = open_day
    session, dialog = make_dialog(qtbot, db, db_path, monkeypatch, tmp_path / "printed.pdf")
    dialog.accept()
    assert dialog.is_busy() and dialog.cancel_button.text() == "停止"
    qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    release.set()
    qtbot.waitUntil(lambda: dialog.ok_button.text() == "完成", timeout=60000)
    assert dialog.outcome.cancelled and dialog.outcome.report is None
    assert dialog.isVisible() and "已停止" in dialog.report_label.text()
    assert get_market_day(db, day.id).status == "closed"
    assert not list((tmp_path / "reports").glob("*.pdf"))
    assert not (tmp_path / "printed.pdf").exists()


def test_only_closing_when_nothing_is_ticked(qtbot, zh_app, db, db_path, open_day, tmp_path,
                                             monkeypatch):
    day, tickets = open_day
    session, dialog = make_dialog(qtbot, db, db_path, monkeypatch, printers=())
    assert not dialog.print_check.isChecked()  # no printer here: not ticked to start with
    dialog.backup_check.setChecked(False)
    dialog.save_check.setChecked(False)
    dialog.accept()
    assert not dialog.is_busy() and dialog.outcome is None
    assert get_market_day(db, day.id).status == "closed"
    assert not backups_dir(db_path).exists() or not any(backups_dir(db_path).iterdir())
    assert not (tmp_path / "reports").exists()


def test_print_without_saving_builds_aside(qtbot, zh_app, db, db_path, open_day, tmp_path,
                                           monkeypatch):
    printed = tmp_path / "printed.pdf"
    session, dialog = make_dialog(qtbot, db, db_path, monkeypatch, printed)
    dialog.backup_check.setChecked(False)
    dialog.save_check.setChecked(False)
    dialog.accept()
    qtbot.waitUntil(lambda: dialog.ok_button.text() == "完成", timeout=60000)
    assert not (tmp_path / "reports").exists()
    assert len(PdfReader(printed).pages) == dialog.outcome.report.pages > 0


@pytest.mark.parametrize("save", [True, False])
def test_print_without_a_printer_saves_the_summary_once_and_says_where(
        qtbot, zh_app, db, db_path, open_day, tmp_path, monkeypatch, save):
    day, _tickets = open_day
    session, dialog = make_dialog(qtbot, db, db_path, monkeypatch, printers=())

    def no_file_dialog(*_args):
        raise AssertionError("asked where to save, with the summary just saved")

    dialog.printer_factory = no_file_dialog
    dialog.backup_check.setChecked(False)
    dialog.save_check.setChecked(save)
    dialog.print_check.setChecked(True)  # ticked by the person, no printer here
    dialog.accept()
    qtbot.waitUntil(lambda: dialog.ok_button.text() == "完成", timeout=60000)
    saved = tmp_path / "reports" / f"集市日报-花园村-{day.date}.pdf"
    assert list((tmp_path / "reports").iterdir()) == [saved]
    assert f"这里没有打印机：日报已保存为 {saved}。" in dialog.report_label.text()


def test_a_failed_backup_is_reported_and_the_summary_still_saved(
        qtbot, zh_app, db, db_path, open_day, tmp_path, monkeypatch):
    from marketapp.store.backup.policy import BackupError
    from marketapp.ui.reports import jobs as report_jobs

    def full_disk(*args, **kwargs):
        raise BackupError("disk_full", folder="backups")

    monkeypatch.setattr(report_jobs, "backup_now", full_disk)
    session, dialog = make_dialog(qtbot, db, db_path, monkeypatch, printers=())
    dialog.accept()
    qtbot.waitUntil(lambda: dialog.ok_button.text() == "完成", timeout=60000)
    assert "磁盘已满" in dialog.report_label.text()
    assert dialog.outcome.report.path.is_file()


def test_no_open_market(qtbot, zh_app, db, db_path, monkeypatch):
    session, dialog = make_dialog(qtbot, db, db_path, monkeypatch)
    assert not dialog.ok_button.isEnabled()
    assert dialog.day_label.text() == "当前没有已开集的集市"


def test_market_menu_opens_the_dialog(qtbot, zh_app, db, db_path, open_day):
    window = MainWindow(Session(db, db_path))
    qtbot.addWidget(window)
    window.resize(*SCREEN)
    window.show()
    assert window.market_menu.title() == "集市(&M)"
    assert window.close_market_action.text() == "收市…"
    window.close_market_action.trigger()
    dialog = window.close_dialog
    assert dialog.isVisible() and "花园村" in dialog.day_label.text()
    dialog.reject()
