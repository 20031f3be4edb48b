"""Hints inside text fields are read in full on a 1366×768 laptop, maximised (1366×697) or
not, in Chinese and English: a cut hint ("…Enter ch…", "Fee in yuan (optio…") hides the
very thing it is there to say."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtWidgets import QLineEdit
from ui_helpers import SCREEN, WORK_AREA, shown_main_window

from marketapp.core.market.days import open_market_day

#: The frame and text margins of a QLineEdit, and the place its clear button keeps.
FRAME_AND_MARGINS = 8
CLEAR_BUTTON = 22


@pytest.mark.parametrize("size", [SCREEN, WORK_AREA], ids=["1366x768", "1366x697"])
def test_no_placeholder_is_cut_off(qtbot, lang_app, db, db_path, size):
    open_market_day(db, date.today(), "花园村", ["haircut", "health_check"])
    window = shown_main_window(qtbot, db, db_path, size)
    cut = []
    checked = 0
    for key, page in window.all_pages().items():
        window.show_page(key)
        qtbot.wait(10)
        for edit in page.findChildren(QLineEdit):
            hint = edit.placeholderText()
            if not (edit.isVisible() and hint):
                continue
            checked += 1
            room = edit.width() - FRAME_AND_MARGINS - (
                CLEAR_BUTTON if edit.isClearButtonEnabled() else 0)
            if edit.fontMetrics().horizontalAdvance(hint) > room:
                cut.append((key, hint))
    assert checked >= 4  # the search at the desk, the fee at the stall, …
    assert cut == []
