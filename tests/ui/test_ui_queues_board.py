"""The queues board at a glance: every stall of a ten-stall day is visible without scrolling
in a maximised window on a 1366×768 laptop (1366×697), and the chosen stall's line below
still shows enough people to work with — in Chinese and in English."""

from __future__ import annotations

from datetime import date

import pytest
from test_ui_stall_core import queue_people
from ui_helpers import SCREEN, WORK_AREA

from marketapp.core.market.days import StallPlan, current_catalogue, open_market_day
from marketapp.ui.shell.main_window import MainWindow
from marketapp.ui.shell.session import Session

LINE_ROWS_USABLE = 5  # people in the chosen stall's line visible at once


def fully_visible_rows(view) -> int:
    viewport = view.viewport().rect()
    model = view.model()
    return sum(1 for row in range(model.rowCount())
               if viewport.contains(view.visualRect(model.index(row, 0))))


@pytest.mark.parametrize("size", [WORK_AREA, SCREEN])
def test_every_stall_of_a_ten_stall_day_is_on_screen(qtbot, lang_app, db, db_path, size):
    services = [s.code for s in current_catalogue(db).offered()][:10]
    assert len(services) == 10
    day = open_market_day(db, date.today(), "花园村", [StallPlan(c, ("刘医生",), 2)
                                                      for c in services])
    queue_people(db, day.stalls[0].id, names=[f"村民{i}" for i in range(12)])
    window = MainWindow(Session(db, db_path))
    qtbot.addWidget(window)
    window.resize(*size)
    window.show()
    qtbot.waitExposed(window)
    window.show_page("queues")
    page = window.page("queues")
    qtbot.waitUntil(lambda: page.line_model.rowCount() == 12)
    assert page.board_model.rowCount() == 10
    assert fully_visible_rows(page.board_view) == 10
    assert not page.board_view.verticalScrollBar().isVisible()
    assert fully_visible_rows(page.line_view) >= LINE_ROWS_USABLE
    window.close()
