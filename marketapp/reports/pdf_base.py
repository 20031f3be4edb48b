"""What every PDF report shares: the embedded CJK font, styles, tables, bar charts, the
"page X of Y" footer, progress/cancel, and writing the file atomically.

Font: WenQuanYi Micro Hei (resources/fonts/wqy-microhei.ttc, face 0) registered as a TrueType
font, so reportlab embeds a subset of it in every PDF. It has one face only: there is no bold.
Rather than ask for a bold that reportlab would silently draw regular, headings are set
larger (and on a tinted band), and no text in the reports uses ``<b>``.

A character the font lacks would be drawn blank without any error. Every string goes through
``ReportText.clean``, which puts a visible 〓 (the Chinese typesetter's mark for a missing
character) in its place and records it, so a report never silently drops part of a name.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from reportlab.graphics.charts.barcharts import HorizontalBarChart, VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.lib import textsplit as reportlab_textsplit
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    CondPageBreak,
    Paragraph,
    SimpleDocTemplate,
    Table,
    TableStyle,
)
from reportlab.platypus import paragraph as reportlab_paragraph

from marketapp.core.text import say
from marketapp.reports.errors import ReportCancelled, ReportError  # noqa: F401 (re-exported)
from marketapp.resource_files import resource_path
from marketapp.store.os_errors import explain_file_error

FONT = "MarketCJK"
MISSING_MARK = "〓"
PAGE = A4
MARGIN = 15 * mm
FRAME_WIDTH = PAGE[0] - 2 * MARGIN
AVAILABLE = FRAME_WIDTH - 12  # SimpleDocTemplate's frame pads 6 pt on each side
SERIES_COLOURS = (colors.HexColor("#2f6fb0"), colors.HexColor("#e07b39"),
                  colors.HexColor("#8a8a8a"), colors.HexColor("#4d9a52"))
HEADER_FILL = colors.HexColor("#e6edf5")
WARNING_RED = colors.HexColor("#b00020")


_font_face = None


def font_path() -> Path:
    return resource_path("fonts", "wqy-microhei.ttc")


#: Full-width marks that may not begin a line (GB/T 15834's rule). reportlab's CJK wrap
#: keeps "。、）" off a line's start but not these: without them about one line in nine of
#: wrapped Chinese text began with "，" or "：" in a report.
CANNOT_START_A_LINE = "，；：！？”’》」』"


def register_font() -> str:
    """Register the bundled CJK font once; returns its reportlab name."""
    global _font_face
    if _font_face is None:
        # Both wrapping paths read their own copy: one-style text (textsplit) and mixed
        # styles (paragraph).
        for module in (reportlab_textsplit, reportlab_paragraph):
            module.ALL_CANNOT_START += "".join(c for c in CANNOT_START_A_LINE
                                               if c not in module.ALL_CANNOT_START)
        font = TTFont(FONT, str(font_path()), subfontIndex=0)
        pdfmetrics.registerFont(font)
        _font_face = font.face
    return FONT


def font_covers(char: str) -> bool:
    register_font()
    return ord(char) in _font_face.charToGlyph or char in "\n\r\t"


def missing_chars(text: str) -> set[str]:
    return {c for c in set(text) if not font_covers(c)}


@dataclass
class Progress:
    """Calls ``callback(done, total)``; a False return cancels the build."""

    callback: Callable[[int, int], object] | None
    total: int
    done: int = 0

    def step(self, count: int = 1) -> None:
        self.done = min(self.total, self.done + count)
        self.check()

    def check(self) -> None:
        if self.callback is not None and self.callback(self.done, self.total) is False:
            raise ReportCancelled()

    def finish(self) -> None:
        self.done = self.total
        self.check()


@dataclass
class ReportResult:
    path: Path
    pages: int
    missing: set[str] = field(default_factory=set)  # characters the font lacks (shown as 〓)


class ReportText:
    """Language, styles and the missing-glyph guard for one report being built."""

    def __init__(self, lang: str, labels: Callable[[str, str], str]):
        register_font()
        self.lang = lang
        self._label = labels
        self.missing: set[str] = set()
        self._seen: dict[str, str] = {}
        base = {"fontName": FONT, "wordWrap": "CJK"}
        self.title = ParagraphStyle("title", fontSize=17, leading=22, spaceAfter=4, **base)
        self.subtitle = ParagraphStyle("subtitle", fontSize=10.5, leading=14, spaceAfter=6,
                                       **base)
        # No bold face exists: a section heading is larger text on a tinted band.
        self.heading = ParagraphStyle("heading", fontSize=12.5, leading=16, spaceBefore=8,
                                      spaceAfter=4, backColor=HEADER_FILL, borderPadding=(2, 3),
                                      **base)
        self.body = ParagraphStyle("body", fontSize=9, leading=12.5, **base)
        self.cell = ParagraphStyle("cell", fontSize=8, leading=10, **base)
        # Labels (headers, flag names) wrap at spaces in English, anywhere in Chinese.
        self.label_cell = ParagraphStyle("label_cell", fontSize=8, leading=10,
                                         fontName=FONT, wordWrap="CJK" if lang == "zh" else None)
        self.note = ParagraphStyle("note", fontSize=8, leading=10.5,
                                   textColor=colors.HexColor("#444444"), **base)
        self.warning = ParagraphStyle("warning", fontSize=10, leading=13, alignment=TA_CENTER,
                                      textColor=WARNING_RED, borderColor=WARNING_RED,
                                      borderWidth=0.8, borderPadding=3, spaceAfter=6, **base)

    def titled(self, key: str, township: str) -> str:
        """The report's title with the township's name, as each language puts it."""
        title = self.t(key)
        if not township:
            return title
        return self.clean(say("{title}, {township}", self.lang, title=title, township=township))

    def t(self, key: str, **params: object) -> str:
        text = self._label(key, self.lang)
        return self.clean(text.format(**params) if params else text)

    def clean(self, value: object) -> str:
        text = "" if value is None else str(value)
        known = self._seen.get(text)
        if known is not None:
            return known
        gone = missing_chars(text)
        result = text
        if gone:
            self.missing |= gone
            result = "".join(MISSING_MARK if c in gone else c for c in text)
        self._seen[text] = result
        return result

    def fit(self, text: object, width: float, style: ParagraphStyle | None = None,
            padding: float = 6) -> str | Paragraph:
        """Plain text when it fits on one line of a cell ``width`` wide (cheap to lay out, which
        matters for a list of two thousand rows), else a wrapping Paragraph."""
        style = style or self.cell
        clean = self.clean(text)
        if "\n" not in clean and pdfmetrics.stringWidth(clean, FONT, style.fontSize) <= (
                width - padding):
            return clean
        return Paragraph(escape(clean), style)

    def section(self, title: str, room: float = 110) -> list:
        """A section heading that starts a new page unless ``room`` points are left below it
        (a heading never sits alone at a page foot; a long table still starts right after)."""
        return [CondPageBreak(room), Paragraph(escape(self.clean(title)), self.heading)]

    def para(self, text: object, style: ParagraphStyle | None = None) -> Paragraph:
        return Paragraph(escape(self.clean(text)), style or self.body)


def escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def number(value: float | int | None, digits: int = 1) -> str:
    if value is None:
        return "–"
    if isinstance(value, int):
        return str(value)
    return f"{value:.{digits}f}"


def percent(share: float | None) -> str:
    return "–" if share is None else f"{share * 100:.1f}%"


def fit_widths(widths: Sequence[float]) -> list[float]:
    """Column widths scaled down to the frame when they add up to more."""
    total = sum(widths)
    if total > AVAILABLE:
        return [w * AVAILABLE / total for w in widths]
    return list(widths)


def figures_grid(pairs: Sequence[tuple[str, str]], value_width: float) -> Table:
    """Key figures as name/value cells, three pairs to a row, the values large and right."""
    rows = []
    for i in range(0, len(pairs), 3):
        row: list[str] = []
        for name, value in pairs[i:i + 3]:
            row += [name, value]
        rows.append(row)
    table = Table(rows, colWidths=[AVAILABLE / 3 - value_width, value_width] * 3,
                  hAlign="LEFT")
    table.setStyle(TableStyle([
        ("FONTNAME", (0, 0), (-1, -1), FONT),
        ("FONTSIZE", (0, 0), (-1, -1), 9),
        *[("FONTSIZE", (c, 0), (c, -1), 12) for c in (1, 3, 5)],
        *[("ALIGN", (c, 0), (c, -1), "RIGHT") for c in (1, 3, 5)],
        *[("BACKGROUND", (c, 0), (c, -1), HEADER_FILL) for c in (0, 2, 4)],
        ("LEADING", (0, 0), (-1, -1), 14),
        ("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#9aa5b1")),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
    ]))
    return table


def data_table(rows: Sequence[Sequence[object]], widths: Sequence[float], *,
               numeric_from: int | None = None, font_size: float = 8,
               zebra: bool = True) -> Table:
    """A table with a header row repeated on every page it runs onto. Long tables get row
    rules instead of a full grid and no zebra: drawing fewer lines keeps a 2,000-row day fast."""
    widths = fit_widths(widths)
    long_table = len(rows) > 60
    table = Table([list(r) for r in rows], colWidths=list(widths), repeatRows=1,
                  hAlign="LEFT")
    style = [
        ("FONTNAME", (0, 0), (-1, -1), FONT),
        ("FONTSIZE", (0, 0), (-1, -1), font_size),
        ("LEADING", (0, 0), (-1, -1), font_size + 2),
        ("BACKGROUND", (0, 0), (-1, 0), HEADER_FILL),
        *([("LINEBELOW", (0, 0), (-1, -1), 0.4, colors.HexColor("#9aa5b1")),
           ("BOX", (0, 0), (-1, -1), 0.4, colors.HexColor("#9aa5b1"))] if long_table else
          [("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#9aa5b1"))]),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
    ]
    if numeric_from is not None:
        style.append(("ALIGN", (numeric_from, 1), (-1, -1), "RIGHT"))
    if zebra and 2 < len(rows) <= 60:
        style.append(("ROWBACKGROUNDS", (0, 1), (-1, -1),
                      [colors.white, colors.HexColor("#f5f7fa")]))
    table.setStyle(TableStyle(style))
    return table


def nice_axis(top: float) -> tuple[float, float]:
    """(max, step) for a value axis from zero: whole numbers, at most about 6 steps."""
    if top <= 0:
        return 1, 1
    for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 2500, 5000, 10000,
                 20000, 50000, 100000):
        if top / step <= 6:
            return step * -(-top // step), step
    step = 10 ** len(str(int(top)))
    return step * -(-top // step), step


def _text_width(text: str, size: float) -> float:
    return pdfmetrics.stringWidth(text, FONT, size)


def bar_chart(rt: ReportText, title: str, categories: Sequence[str],
              series: Sequence[Sequence[float]], names: Sequence[str] = (), *,
              width: float, height: float, horizontal: bool = False,
              label_angle: int = 0, value_labels: bool = True) -> Drawing:
    """A titled bar chart with its value axis from zero and every label in the CJK font."""
    categories = [rt.clean(c) for c in categories]
    names = [rt.clean(n) for n in names]
    drawing = Drawing(width, height)
    drawing.add(String(0, height - 11, rt.clean(title), fontName=FONT, fontSize=10))
    legend_h = 14 if len(series) > 1 else 0
    top = height - 18 - legend_h
    size = 7
    chart = HorizontalBarChart() if horizontal else VerticalBarChart()
    values = [[float(v) for v in s] for s in series] or [[0.0]]
    peak = max((v for s in values for v in s), default=0)
    value_max, step = nice_axis(peak)
    if horizontal:
        label_w = max((_text_width(c, size) for c in categories), default=10) + 6
        chart.x, chart.y = label_w, 16
        chart.width, chart.height = width - label_w - 22, top - 20
    else:
        longest = max((_text_width(c, size) for c in categories), default=10)
        bottom = 16 if label_angle == 0 else min(60, longest + 8)
        chart.x, chart.y = 28, bottom
        chart.width, chart.height = width - 34, top - bottom - 4
    chart.data = values
    chart.categoryAxis.categoryNames = list(categories) or [""]
    for axis in (chart.categoryAxis, chart.valueAxis):
        axis.labels.fontName = FONT
        axis.labels.fontSize = size
    chart.valueAxis.valueMin = 0
    chart.valueAxis.valueMax = value_max
    chart.valueAxis.valueStep = step
    chart.valueAxis.labelTextFormat = "%d"
    if horizontal:
        chart.categoryAxis.reverseDirection = 1  # first category at the top
        chart.categoryAxis.labels.boxAnchor = "e"
        chart.categoryAxis.labels.dx = -3
    else:
        chart.categoryAxis.labels.boxAnchor = "n" if label_angle == 0 else "e"
        chart.categoryAxis.labels.angle = label_angle
        if label_angle:
            chart.categoryAxis.labels.dy = -2
    chart.barSpacing = 1 if len(values) > 1 else 0
    chart.groupSpacing = 4 if len(categories) < 30 else 1
    for index in range(len(values)):
        chart.bars[index].fillColor = SERIES_COLOURS[index % len(SERIES_COLOURS)]
        chart.bars[index].strokeColor = None
    if value_labels:
        chart.barLabelFormat = "%d"
        chart.barLabels.fontName = FONT
        chart.barLabels.fontSize = 6.5
        if horizontal:
            chart.barLabels.boxAnchor = "w"
            chart.barLabels.dx = 2
        else:
            chart.barLabels.boxAnchor = "s"
            chart.barLabels.dy = 1
    drawing.add(chart)
    if len(series) > 1:
        legend = Legend()
        legend.fontName = FONT
        legend.fontSize = 7.5
        legend.x, legend.y = chart.x, height - 17
        legend.alignment = "right"
        legend.columnMaximum = 1
        legend.deltax = max(_text_width(n, 7.5) for n in names) + 24
        legend.boxAnchor = "nw"
        legend.dxTextSpace = 4
        legend.colorNamePairs = [(SERIES_COLOURS[i % len(SERIES_COLOURS)], n)
                                 for i, n in enumerate(names)]
        drawing.add(legend)
    return drawing


@dataclass
class PageDecor:
    """What the two-pass canvas draws on every page once the page count is known."""

    footer_left: str
    footer_right: str
    page_label: Callable[[int, int], str]
    warning: str | None = None  # full (unmasked) copy: said on every page, top and bottom


def numbered_canvas(decor: PageDecor, pages_out: list[int]) -> type[Canvas]:
    """A canvas that keeps every page until save() and then draws "page X of Y"."""

    class NumberedCanvas(Canvas):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self._pages: list[dict] = []

        def showPage(self):  # noqa: N802 (reportlab's name)
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self):
            total = len(self._pages)
            pages_out.append(total)
            for state in self._pages:
                self.__dict__.update(state)
                self._decorate(self._pageNumber, total)
                super().showPage()
            super().save()

        def _decorate(self, page: int, total: int) -> None:
            width, _height = PAGE
            self.saveState()
            self.setStrokeColor(colors.HexColor("#9aa5b1"))
            self.setLineWidth(0.5)
            self.line(MARGIN, MARGIN - 4, width - MARGIN, MARGIN - 4)
            self.setFont(FONT, 7.5)
            self.setFillColor(colors.HexColor("#444444"))
            self.drawString(MARGIN, MARGIN - 14, decor.footer_left)
            self.drawRightString(width - MARGIN, MARGIN - 14, decor.footer_right)
            self.setFont(FONT, 8.5)
            self.drawCentredString(width / 2, MARGIN - 14, decor.page_label(page, total))
            if decor.warning:
                self.setFillColor(WARNING_RED)
                self.setFont(FONT, 9)
                self.drawCentredString(width / 2, PAGE[1] - MARGIN + 6, decor.warning)
                self.setFont(FONT, 7.5)
                self.drawCentredString(width / 2, MARGIN - 24, decor.warning)
            self.restoreState()

    return NumberedCanvas


class _Doc(SimpleDocTemplate):
    def __init__(self, *args, progress: Progress | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self._progress = progress

    def afterPage(self):  # noqa: N802 (reportlab's name)
        if self._progress is not None:
            self._progress.check()


def build_pdf(out_path: Path | str, story: list, decor: PageDecor, title: str,
              progress: Progress | None = None) -> int:
    """Lay out ``story`` into a temporary file beside ``out_path`` and rename it into place
    when complete: a cancel, an error or a crash never leaves half a report. Returns pages."""
    out = Path(out_path)
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        fd, temp_name = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".part", dir=out.parent)
    except OSError as exc:  # the PDF's folder, not the data file: said so (store.os_errors)
        raise explain_file_error(exc, out) from exc
    os.close(fd)
    pages: list[int] = []
    try:
        doc = _Doc(temp_name, pagesize=PAGE, leftMargin=MARGIN, rightMargin=MARGIN,
                   topMargin=MARGIN + 4, bottomMargin=MARGIN + 14, title=title,
                   author="marketapp", progress=progress)
        doc.build(story, canvasmaker=numbered_canvas(decor, pages))
        with open(temp_name, "rb+") as handle:
            os.fsync(handle.fileno())
        os.replace(temp_name, out)  # refused while a viewer holds the old one on Windows
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(temp_name)
        raise explain_file_error(exc, out) from exc
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp_name)
        raise
    return pages[-1] if pages else 0
