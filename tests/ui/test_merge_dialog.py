"""The merge dialog says how many old records a merge folded in or dropped because of
tombstones, in the language of the app (the report view and the line above it)."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest
from ui_helpers import app_in, back_to_chinese

from marketapp.core.merge.files import MergeReport
from marketapp.ui.data.merge_dialog import MergeDialog


@pytest.fixture
def dialog(qapp, qtbot, tmp_path):
    def make(lang):
        app_in(lang)
        shown = MergeDialog(SimpleNamespace(db_path=tmp_path / "market.db"))
        qtbot.addWidget(shown)
        return shown

    yield make
    back_to_chinese(qapp)


def preview(folded, dropped):
    return MergeReport("old.db", dry_run=True, tombstone_folded=folded,
                       tombstone_dropped=dropped)


@pytest.mark.parametrize(("lang", "expected"), [
    ("zh", "按合并记录并入保留的村民记录：2 条；已清除的村民，个人信息未带回：1 条。"),
    ("en", "Folded into the record they were merged into: 2; removed people whose personal "
           "data was dropped: 1."),
])
def test_the_preview_says_what_tombstones_kept_out(dialog, lang, expected):
    shown = dialog(lang)
    shown._done(preview(2, 1), Path("old.db"))
    assert expected in shown.state_label.text()
    report = shown.report_view.toPlainText()
    assert ("2 条" if lang == "zh" else "merged into: 2") in report


def test_nothing_is_said_when_no_tombstone_mattered(dialog):
    shown = dialog("zh")
    shown._done(preview(0, 0), Path("old.db"))
    assert "并入" not in shown.state_label.text()
    assert "并入保留" not in shown.report_view.toPlainText()
