"""The Chinese translation is complete, placeholders match, and the .qm matches the .ts."""

from __future__ import annotations

import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtCore import QTranslator

from marketapp.resource_files import resource_path

ROOT = Path(__file__).resolve().parents[2]
TS = ROOT / "resources" / "i18n" / "marketapp_zh_CN.ts"
UI_DIR = ROOT / "marketapp" / "ui"
PLACEHOLDER = re.compile(r"%L?\d+|\{[A-Za-z_]\w*\}")


def messages(ts_path: Path) -> list[tuple[str, str, ET.Element]]:
    root = ET.parse(ts_path).getroot()
    out = []
    for context in root.iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            out.append((name, message.findtext("source") or "", message.find("translation")))
    return out


def problems(ts_path: Path) -> list[str]:
    found = []
    for context, source, translation in messages(ts_path):
        where = f"{context}: {source!r}"
        if translation is None or translation.get("type") in ("unfinished", "vanished",
                                                              "obsolete"):
            found.append(f"not finished: {where}")
            continue
        text = translation.text or ""
        if not text.strip():
            found.append(f"empty: {where}")
        elif sorted(PLACEHOLDER.findall(source)) != sorted(PLACEHOLDER.findall(text)):
            found.append(f"placeholders differ: {where} -> {text!r}")
    return found


def test_every_message_is_translated_with_the_same_placeholders():
    assert problems(TS) == []
    assert len(messages(TS)) > 100


def test_the_check_catches_unfinished_and_placeholder_mistakes(tmp_path):
    broken = tmp_path / "broken.ts"
    broken.write_text(
        '<?xml version="1.0" encoding="utf-8"?><!DOCTYPE TS><TS version="2.1" language="zh_CN">'
        "<context><name>X</name>"
        "<message><source>Added: {n}</source><translation>新增：{m}</translation></message>"
        "<message><source>Row %1</source><translation>行</translation></message>"
        '<message><source>Close</source><translation type="unfinished"></translation></message>'
        "</context></TS>", encoding="utf-8")
    assert len(problems(broken)) == 3


def test_the_compiled_qm_matches_the_ts():
    """A stale .qm (the .ts edited, lrelease not run) fails here."""
    translator = QTranslator()
    assert translator.load(str(resource_path("i18n", "marketapp_zh_CN.qm")))
    stale = [(context, source) for context, source, translation in messages(TS)
             if translator.translate(context, source) != (translation.text or "")]
    assert stale == []


@pytest.mark.skipif(shutil.which("pyside6-lupdate") is None, reason="needs pyside6-lupdate")
def test_every_string_in_the_code_is_in_the_ts(tmp_path):
    """Run lupdate over ui/ into a scratch file: no source string may be missing from the .ts."""
    scratch = tmp_path / "scratch.ts"
    subprocess.run(["pyside6-lupdate", *map(str, sorted(UI_DIR.rglob("*.py"))), "-ts",
                    str(scratch)], check=True, capture_output=True)
    in_code = {(c, s) for c, s, _ in messages(scratch)}
    in_ts = {(c, s) for c, s, _ in messages(TS)}
    assert in_code - in_ts == set(), "run pyside6-lupdate (see marketapp/ui/shell/i18n.py)"
    assert in_ts - in_code == set(), "obsolete strings: run pyside6-lupdate -no-obsolete"


def ask_and_read_buttons(qtbot) -> tuple[list[str], object]:
    """QMessageBox.question as the pages ask it; reads its buttons, then answers with Y."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMessageBox

    seen: list[str] = []

    def answer():
        box = QApplication.activeModalWidget()
        if box is None:
            QTimer.singleShot(20, answer)
            return
        seen.extend(button.text() for button in box.buttons())
        qtbot.keyClick(box, "y")

    QTimer.singleShot(0, answer)
    answer_given = QMessageBox.question(None, "?", "?")
    return seen, answer_given


def test_qt_own_buttons_are_chinese_in_the_chinese_ui(qtbot, zh_app):
    from PySide6.QtWidgets import QDialogButtonBox, QMessageBox

    seen, answer = ask_and_read_buttons(qtbot)
    assert sorted(seen) == ["否(&N)", "是(&Y)"]
    assert answer == QMessageBox.StandardButton.Yes  # the mnemonic still answers from the keys
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                           | QDialogButtonBox.StandardButton.Cancel
                           | QDialogButtonBox.StandardButton.Close)
    assert sorted(b.text() for b in box.buttons()) == sorted(["确定", "取消", "关闭"])


def test_qt_own_buttons_are_english_in_the_english_ui(qtbot, zh_app):
    from ui_helpers import app_in

    app_in("en")
    seen, _answer = ask_and_read_buttons(qtbot)
    assert sorted(seen) == ["&No", "&Yes"]


def test_without_qt_translations_our_own_chinese_still_loads(qtbot, qapp, zh_app, monkeypatch,
                                                             tmp_path, caplog):
    from PySide6.QtCore import QCoreApplication

    from marketapp.ui.shell import i18n

    monkeypatch.setattr(i18n, "qt_translations_dir", lambda: str(tmp_path))
    assert i18n.install_translator(qapp, "zh")
    assert QCoreApplication.translate("App", "Service market") == "服务集市"
    assert "qtbase_zh_CN.qm" in caplog.text
    seen, _answer = ask_and_read_buttons(qtbot)
    assert sorted(seen) == ["&No", "&Yes"]


def english_words_in(dialog) -> set[str]:
    """Every text a dialog shows (labels, buttons, tooltips, list headings, menus) that has a
    Latin word in it; a file path or a filter like "PDF (*.pdf)" is not the UI's words."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QAction
    from PySide6.QtWidgets import QAbstractButton, QAbstractItemView, QLabel, QWidget

    found = set()
    for widget in [dialog, *dialog.findChildren(QWidget)]:
        found.add(widget.toolTip())
        if isinstance(widget, (QLabel, QAbstractButton)):
            found.add(widget.text())
    found |= {action.text() for action in dialog.findChildren(QAction)}
    for view in dialog.findChildren(QAbstractItemView):
        model = view.model()
        for column in range(model.columnCount() if model is not None else 0):
            found.add(str(model.headerData(column, Qt.Orientation.Horizontal) or ""))
    return {t for t in found if re.search(r"[A-Za-z]{2,}", t) and "/" not in t
            and "*." not in t}


@pytest.mark.parametrize("mode", ["save", "open", "folder"])
def test_the_file_dialog_qt_draws_itself_is_all_chinese(qtbot, zh_app, tmp_path, mode):
    """Qt's own catalogue lacks "&Look in:" and "Files of &type:": ours has them."""
    from PySide6.QtWidgets import QFileDialog

    dialog = QFileDialog(None, "保存", str(tmp_path), "PDF (*.pdf)")
    qtbot.addWidget(dialog)
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
    if mode == "save":
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    elif mode == "folder":
        dialog.setFileMode(QFileDialog.FileMode.Directory)
    dialog.show()
    assert english_words_in(dialog) == set()


def test_a_date_fields_calendar_names_its_months_in_the_uis_language(qtbot, zh_app):
    from PySide6.QtWidgets import QCalendarWidget
    from ui_helpers import app_in

    assert "一月" in QCalendarWidget().locale().monthName(1)
    app_in("en")
    assert QCalendarWidget().locale().monthName(1) == "January"


@pytest.mark.parametrize(("lang", "name"), [("zh", "服务集市"), ("en", "Service market")])
def test_window_titles_are_in_the_uis_language_only(qtbot, zh_app, db, db_path, lang, name):
    """The window system appends the application's display name to each title: it follows
    the language, and the main window's title ends with it (so it is not said twice)."""
    from PySide6.QtWidgets import QApplication
    from ui_helpers import app_in, shown_main_window

    from marketapp.core.settings import set_township

    app_in(lang)
    assert QApplication.applicationDisplayName() == name
    set_township(db, "城南乡")
    window = shown_main_window(qtbot, db, db_path)
    assert window.windowTitle().endswith(name)
    assert ("Service" in window.windowTitle()) == (lang == "en")
