"""Chinese line breaking in the reports: a full-width comma, colon or closing quote never
begins a line (the typesetting rule every printed Chinese text follows), and wrapping loses
no character."""

from __future__ import annotations

import pytest
from reportlab.platypus import Paragraph

from marketapp.reports.labels import label
from marketapp.reports.pdf_base import ReportText

# A request text as staff type it: short clauses, commas, a colon, quotes, a question.
TEXT = ("村民反映：村东头的路灯坏了三个月，晚上老人出门不方便，希望尽快修好；"
        "另外，“自来水”水压低，二楼上不去水。能否在下次集市前答复？") * 6
NO_LINE_START = "，；：！？”’》」』。、）"


def wrapped_lines(style, width: float) -> list[str]:
    paragraph = Paragraph(TEXT, style)
    paragraph.wrap(width, 10_000)
    return ["".join(line[1]) for line in paragraph.blPara.lines]


@pytest.mark.parametrize("style_name", ["body", "cell", "note"])
def test_no_line_of_a_report_begins_with_a_closing_mark(style_name):
    style = getattr(ReportText("zh", label), style_name)
    bad = []
    for width in range(60, 400, 7):  # table cells to full-width paragraphs
        lines = wrapped_lines(style, width)
        assert "".join(lines) == TEXT
        bad += [(width, line) for line in lines if line[:1] in NO_LINE_START]
    assert not bad
