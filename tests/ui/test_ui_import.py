"""Roster import dialog: preview, import in a worker with progress, rejected rows and their
reasons, saving them, and Cancel rolling everything back."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox
from roster_files import people, roster_rows, write_csv, write_xlsx
from ui_helpers import villager_count

from marketapp.ui.roster import import_dialog
from marketapp.ui.roster.import_dialog import ImportDialog
from marketapp.ui.shell.session import Session

WAIT_MS = 20_000


@pytest.fixture
def dialog(qtbot, zh_app, db, db_path):
    d = ImportDialog(Session(db, db_path))
    qtbot.addWidget(d)
    d.show()
    yield d
    if d.is_busy():
        d.task.cancel()
        qtbot.waitUntil(lambda: not d.is_busy(), timeout=WAIT_MS)


def roster_with_one_bad_row(tmp_path):
    rows = roster_rows(people(5))
    rows[3][3] = "3.30624E+17"  # row 3 of the file: an ID Excel turned into a number
    return write_csv(tmp_path / "花园村.csv", rows, encoding="gbk")


def choose(qtbot, monkeypatch, dialog, path):
    monkeypatch.setattr(QFileDialog, "getOpenFileName",
                        staticmethod(lambda *args, **kwargs: (str(path), "")))
    qtbot.mouseClick(dialog.choose_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.roster is not None, timeout=WAIT_MS)


def test_preview_shows_encoding_columns_and_rows(qtbot, monkeypatch, tmp_path, dialog):
    choose(qtbot, monkeypatch, dialog, roster_with_one_bad_row(tmp_path))
    info = dialog.preview.info.text()
    assert "GBK" in info and "第 1 行" in info and "身份证号码" in info
    assert dialog.preview.table.rowCount() == 5
    assert dialog.import_button.isEnabled()
    assert not dialog.sheet_combo.isVisible()  # CSV: no sheets


def test_bad_row_is_rejected_with_its_row_number_and_reason(qtbot, monkeypatch, tmp_path, db,
                                                            dialog):
    choose(qtbot, monkeypatch, dialog, roster_with_one_bad_row(tmp_path))
    with qtbot.waitSignal(dialog.imported, timeout=WAIT_MS):
        qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    assert dialog.stack.currentIndex() == 2
    view = dialog.summary_view
    assert "新增：4" in view.figures.text() and "未导入：1" in view.figures.text()
    assert view.rejected.rowCount() == 1
    assert view.rejected.item(0, 0).text() == "4"  # header is row 1, people from row 2
    assert "Excel" in view.reason_texts()[0]
    assert villager_count(db) == 4

    target = tmp_path / "rejected.csv"
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        staticmethod(lambda *args, **kwargs: (str(target), "")))
    qtbot.mouseClick(dialog.save_rejects_button, Qt.MouseButton.LeftButton)
    saved = target.read_text(encoding="utf-8-sig")
    assert saved.splitlines()[0].startswith("行号,原因") and "3.30624E+17" in saved
    assert dialog.saved_label.isVisible() and str(target) in dialog.saved_label.text()


def test_saving_rejected_rows_where_there_is_no_folder_says_why_in_chinese(
        qtbot, monkeypatch, tmp_path, dialog):
    choose(qtbot, monkeypatch, dialog, roster_with_one_bad_row(tmp_path))
    with qtbot.waitSignal(dialog.imported, timeout=WAIT_MS):
        qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    target = tmp_path / "no-such-folder" / "rejected.csv"
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        staticmethod(lambda *args, **kwargs: (str(target), "")))
    shown = []
    monkeypatch.setattr(QMessageBox, "warning", staticmethod(
        lambda parent, title, text, *a, **k: shown.append((title, text))))
    qtbot.mouseClick(dialog.save_rejects_button, Qt.MouseButton.LeftButton)
    [(title, text)] = shown
    assert title == "无法保存文件"
    assert "No such file" not in text and "文件或文件夹不存在" in text and str(target) in text
    assert "另选一个文件夹" in text  # what to do about it
    assert not dialog.saved_label.isVisible()


def test_xlsx_offers_its_sheets(qtbot, monkeypatch, tmp_path, dialog):
    path = write_xlsx(tmp_path / "乡.xlsx", {"花园村": roster_rows(people(2)),
                                            "石门村": roster_rows(people(3, seed=2))})
    choose(qtbot, monkeypatch, dialog, path)
    assert [dialog.sheet_combo.itemText(i) for i in range(dialog.sheet_combo.count())] == [
        "花园村", "石门村"]
    dialog.sheet_combo.setCurrentIndex(1)
    dialog.sheet_combo.activated.emit(1)
    qtbot.waitUntil(lambda: dialog.roster is not None and dialog.roster.sheet == "石门村",
                    timeout=WAIT_MS)
    assert dialog.preview.table.rowCount() == 3


def test_unreadable_file_says_why_in_the_dialog(qtbot, monkeypatch, tmp_path, dialog):
    path = tmp_path / "old.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    monkeypatch.setattr(QFileDialog, "getOpenFileName",
                        staticmethod(lambda *args, **kwargs: (str(path), "")))
    qtbot.mouseClick(dialog.choose_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.is_busy(), timeout=WAIT_MS)
    assert dialog.message.isVisible() and "另存为" in dialog.message.text()
    assert not dialog.import_button.isEnabled()


def test_cancel_rolls_the_whole_import_back(qtbot, monkeypatch, tmp_path, db, dialog):
    path = write_csv(tmp_path / "big.csv", roster_rows(people(1200)), encoding="utf-8")
    choose(qtbot, monkeypatch, dialog, path)
    # Hold the worker inside the import (after 500 rows were written in its transaction)
    # until Cancel has been pressed, so the test does not race the worker.
    paused = threading.Event()
    real_job = import_dialog.import_job

    def held_job(session, roster, dry_run=False):
        steps = real_job(session, roster, dry_run)
        try:
            for done, total in steps:
                yield done, total
                if done > 0 and not paused.is_set():
                    paused.set()
                    while not dialog.task.cancel_requested():
                        threading.Event().wait(0.01)
        finally:
            steps.close()

    monkeypatch.setattr(import_dialog, "import_job", held_job)
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(paused.is_set, timeout=WAIT_MS)
    assert dialog.stack.currentIndex() == 1
    qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.is_busy(), timeout=WAIT_MS)
    assert dialog.stack.currentIndex() == 0
    assert "已取消" in dialog.message.text()
    assert villager_count(db) == 0
    assert dialog.summary is None


def test_closing_during_an_import_cancels_it_first(qtbot, monkeypatch, tmp_path, db, dialog):
    path = write_csv(tmp_path / "big.csv", roster_rows(people(1200)), encoding="utf-8")
    choose(qtbot, monkeypatch, dialog, path)
    dialog.start_import()
    dialog.reject()
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=WAIT_MS)
    assert not dialog.is_busy()
    assert villager_count(db) in (0, 1200)  # all or nothing, never half


def test_the_signed_in_operator_is_recorded_with_the_imported_people(qtbot, monkeypatch,
                                                                      tmp_path, db, dialog):
    dialog.session.sign_in_as("王会计")  # what sign-in sets (ui.shell.app.start_signed_in)
    choose(qtbot, monkeypatch, dialog, roster_with_one_bad_row(tmp_path))
    with qtbot.waitSignal(dialog.imported, timeout=WAIT_MS):
        qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    operators = {r[0] for r in db.execute("SELECT operator FROM villager_audit "
                                          "WHERE field = 'created'")}
    assert operators == {"王会计"}
