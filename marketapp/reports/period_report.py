"""The period report (month, quarter, year, custom range) as an A4 PDF.

Figures come from ``core.figures.period.period_data`` (the same ticket records as the daily
report and the visits export). It names no person, so there is no masked/full choice.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from reportlab.graphics.charts.linecharts import HorizontalLineChart
from reportlab.graphics.shapes import Drawing, String
from reportlab.graphics.widgets.markers import makeMarker
from reportlab.platypus import Spacer

from marketapp.core.figures.period import PeriodData, period_data
from marketapp.core.queue.ratings import BAD
from marketapp.core.requests.records import CATEGORIES
from marketapp.core.text import name_in
from marketapp.reports.daily_report import page_decor
from marketapp.reports.labels import label
from marketapp.reports.pdf_base import (
    AVAILABLE,
    FONT,
    SERIES_COLOURS,
    Progress,
    ReportError,
    ReportResult,
    ReportText,
    bar_chart,
    build_pdf,
    data_table,
    figures_grid,
    percent,
)


def check_range(date_from: str, date_to: str) -> None:
    """A period must not end before it starts (YYYY-MM-DD texts compare as dates)."""
    if date_from > date_to:
        raise ReportError("bad_range", date_from=date_from, date_to=date_to)


def build_period_report(db, date_from: str, date_to: str, out_path: Path | str,
                        lang: str = "zh",
                        progress: Callable[[int, int], object] | None = None,
                        data: PeriodData | None = None) -> ReportResult:
    """Write the report of [date_from, date_to] to ``out_path``; ReportError when the range
    holds no market day (and then no file is written)."""
    check_range(date_from, date_to)
    rt = ReportText(lang, label)
    steps = Progress(progress, total=10)
    steps.check()
    if data is None:
        data = period_data(db, date_from, date_to, tick=steps.check)
    if not data.days:
        raise ReportError("empty_range", date_from=date_from, date_to=date_to)
    steps.step(5)
    story = period_story(data, rt)
    steps.step()
    title = rt.titled("rpt_period_title", data.township)
    decor = page_decor(rt, f"{data.township} {date_from} – {date_to}".strip(), False)
    pages = build_pdf(out_path, story, decor, title, steps)
    steps.finish()
    return ReportResult(Path(out_path), pages, set(rt.missing))


def period_story(data: PeriodData, rt: ReportText) -> list:
    story: list = [
        rt.para(rt.titled("rpt_period_title", data.township), rt.title),
        rt.para(rt.t("rpt_period_subtitle", date_from=data.date_from, date_to=data.date_to),
                rt.subtitle),
    ]
    story += _key_figures(data, rt)
    story += _day_charts(data, rt)
    story += _days_table(data, rt)
    story += _services(data, rt)
    story += _villages(data, rt)
    story += _requests(data, rt)
    return story


def _key_figures(data: PeriodData, rt: ReportText) -> list:
    hosts = list(dict.fromkeys(d.village for d in data.days))
    bad = sum(data.ratings[code] for code in BAD)
    good = (data.rated - bad) / data.rated if data.rated else None
    pairs = [
        (rt.t("rpt_pf_days"), str(len(data.days))),
        (rt.t("rpt_pf_people"), str(data.people)),
        (rt.t("rpt_pf_visits"), str(data.visits)),
        (rt.t("rpt_pf_tickets"), str(data.tickets)),
        (rt.t("rpt_pf_raised"), str(data.requests.raised)),
        (rt.t("rpt_pf_solved"), str(data.solved)),
        (rt.t("rpt_pf_on_the_spot"), str(data.requests.resolved_on_the_spot)),
        (rt.t("rpt_pf_referred"), str(data.requests.referred)),
        (rt.t("rpt_pf_good_share"), percent(good)),
    ]
    table = figures_grid(pairs, 60)
    return [*rt.section(rt.t("rpt_key_figures")), table, Spacer(1, 3),
            rt.para(rt.t("rpt_pf_villages_hosted") + "、".join(hosts), rt.body),
            rt.para(rt.t("rpt_pf_note"), rt.note)]


def _day_label(day, many: bool) -> str:
    return day.date[5:] if many else f"{day.date[5:]} {day.village}"


def _day_charts(data: PeriodData, rt: ReportText) -> list:
    many = len(data.days) > 8
    names = [_day_label(d, many) for d in data.days]
    angle = 90 if len(data.days) > 12 else (30 if len(data.days) > 5 else 0)
    visits = bar_chart(rt, rt.t("rpt_chart_visits_per_day"), names,
                       [[d.visits for d in data.days]], width=AVAILABLE, height=200,
                       label_angle=angle, value_labels=len(data.days) <= 31)
    return [*rt.section(rt.t("rpt_charts")), visits, Spacer(1, 4),
            _good_share_chart(data, rt, names, angle)]


def _good_share_chart(data: PeriodData, rt: ReportText, names: list[str],
                      angle: int) -> Drawing:
    width, height = AVAILABLE, 150
    drawing = Drawing(width, height)
    drawing.add(String(0, height - 11, rt.t("rpt_chart_good_share"), fontName=FONT,
                       fontSize=10))
    chart = HorizontalLineChart()
    bottom = 16 if angle == 0 else 40
    chart.x, chart.y = 28, bottom
    chart.width, chart.height = width - 34, height - bottom - 22
    shares = [round(d.good_share() * 100, 1) if d.rated else None for d in data.days]
    chart.data = [shares]
    chart.categoryAxis.categoryNames = [rt.clean(n) for n in names]
    for axis in (chart.categoryAxis, chart.valueAxis):
        axis.labels.fontName = FONT
        axis.labels.fontSize = 7
    chart.categoryAxis.labels.angle = angle
    chart.categoryAxis.labels.boxAnchor = "n" if angle == 0 else "e"
    chart.valueAxis.valueMin, chart.valueAxis.valueMax, chart.valueAxis.valueStep = 0, 100, 20
    chart.lines[0].strokeColor = SERIES_COLOURS[3]
    chart.lines[0].strokeWidth = 1.5
    chart.lines[0].symbol = makeMarker("FilledCircle", size=3.5)
    chart.joinedLines = 1
    drawing.add(chart)
    return drawing


def _days_table(data: PeriodData, rt: ReportText) -> list:
    header = [rt.t(k) for k in ("rpt_col_no", "rpt_col_date", "rpt_col_host",
                                "rpt_col_tickets", "rpt_col_visits", "rpt_col_people",
                                "rpt_col_rated", "rpt_col_good", "rpt_col_bad",
                                "rpt_col_good_share")]
    rows: list[list[object]] = [[rt.para(h, rt.label_cell) for h in header]]
    for n, d in enumerate(data.days, start=1):
        rows.append([str(n), d.date, rt.clean(d.village), str(d.tickets), str(d.visits),
                     str(d.people), str(d.rated), str(d.good), str(d.bad),
                     percent(d.good_share())])
    return [*rt.section(rt.t("rpt_market_days")),
            data_table(rows, [26, 64, 90, 50, 50, 50, 40, 40, 40, 48], numeric_from=3)]


def _services(data: PeriodData, rt: ReportText) -> list:
    header = [rt.t(k) for k in ("rpt_col_service", "rpt_col_tickets", "rpt_col_visits",
                                "rpt_col_people", "rpt_col_wait_median_short")]
    rows: list[list[object]] = [[rt.para(h, rt.label_cell) for h in header]]
    for s in data.services:
        wait = "–" if s.wait_median is None else f"{s.wait_median:.1f}"
        rows.append([rt.clean(s.name(rt.lang)), str(s.tickets), str(s.visits), str(s.people),
                     wait])
    return [*rt.section(rt.t("rpt_by_service")),
            data_table(rows, [180, 70, 70, 70, 80], numeric_from=1)]


def _villages(data: PeriodData, rt: ReportText) -> list:
    header = [rt.t(k) for k in ("rpt_col_village", "rpt_col_markets", "rpt_col_people",
                                "rpt_col_visits")]
    rows: list[list[object]] = [[rt.para(h, rt.label_cell) for h in header]]
    for v in data.villages:
        rows.append([rt.clean(v.village or rt.t("rpt_village_unknown")), str(v.markets),
                     str(v.people), str(v.visits)])
    none = (rt.t("rpt_no_market", names="、".join(data.no_market)) if data.no_market
            else rt.t("rpt_no_market_none"))
    return [*rt.section(rt.t("rpt_by_village")),
            data_table(rows, [180, 80, 80, 80], numeric_from=1), Spacer(1, 3),
            rt.para(none, rt.body)]


def _requests(data: PeriodData, rt: ReportText) -> list:
    out: list = [*rt.section(rt.t("rpt_requests_period")),
                 rt.para(f"{rt.t('rpt_pf_raised')} {data.requests.raised}　"
                         f"{rt.t('rpt_pf_solved')} {data.solved}　"
                         f"{rt.t('rpt_pf_on_the_spot')} {data.requests.resolved_on_the_spot}　"
                         f"{rt.t('rpt_pf_referred')} {data.requests.referred}", rt.body),
                 Spacer(1, 3)]
    if not data.categories:
        return out
    total = sum(n for _c, n in data.categories)
    rows: list[list[object]] = [[rt.t("rpt_col_category"), rt.t("rpt_col_count"),
                                 rt.t("rpt_col_share")]]
    for code, n in data.categories:
        rows.append([rt.clean(name_in(CATEGORIES, code, rt.lang)), str(n), percent(n / total)])
    out += [rt.para(rt.t("rpt_top_categories"), rt.body),
            data_table(rows, [180, 70, 70], numeric_from=1)]
    return out
