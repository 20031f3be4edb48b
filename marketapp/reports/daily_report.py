"""The end-of-day summary of one market day as an A4 PDF (what the township sends upward).

Every figure comes from ``core.figures.daily.daily_data``, which reads the same ticket records
as the visits export. Masked by default; ``full=True`` (the staff copy) shows full names and
ID numbers and says so at the top and bottom of every page. The masked copy leaves out what
staff type as free text (the health check's advice, the text of each request), as the
masked visits export does: names and phone numbers are written there, and masking cannot
find them. What was chosen from a list (a referral, a category, a status) stays.

A GUI worker calls ``build_daily_report(..., progress=cb)``: ``cb(done, total)`` is called as
the work goes on and may return False to cancel; the PDF is written to a temporary file and
renamed, so a cancelled or failed build leaves no file behind.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from reportlab.platypus import Spacer, Table, TableStyle

from marketapp import __version__
from marketapp.core import clock
from marketapp.core.catalogue.model import Service
from marketapp.core.figures.daily import UNKNOWN_AGE, DailyData, daily_data
from marketapp.core.figures.ticket_records import TicketRecord
from marketapp.core.people.masking import mask_id, mask_name
from marketapp.core.queue.ratings import RATINGS
from marketapp.reports.labels import label
from marketapp.reports.pdf_base import (
    AVAILABLE,
    PageDecor,
    Progress,
    ReportResult,
    ReportText,
    bar_chart,
    build_pdf,
    data_table,
    figures_grid,
    fit_widths,
    number,
    percent,
)

VILLAGE_BARS = 12


def _time(stamp: str | None) -> str:
    return stamp[11:16] if stamp else "–"


def page_decor(rt: ReportText, left: str, full: bool) -> PageDecor:
    generated = clock.now().strftime("%Y-%m-%d %H:%M")
    return PageDecor(
        footer_left=rt.clean(left),
        footer_right=rt.t("rpt_generated", at=generated, version=__version__),
        page_label=lambda page, total: rt.t("rpt_page_of", page=page, total=total),
        warning=rt.t("rpt_full_warning") if full else None,
    )


def build_daily_report(db, market_day_id: str, out_path: Path | str, lang: str = "zh",
                       full: bool = False,
                       progress: Callable[[int, int], object] | None = None,
                       data: DailyData | None = None) -> ReportResult:
    """Write the daily summary PDF of ``market_day_id`` to ``out_path``."""
    rt = ReportText(lang, label)
    steps = Progress(progress, total=10)
    steps.check()
    if data is None:
        data = daily_data(db, market_day_id)
    steps.step(3)
    story = daily_story(data, rt, full, steps)
    market = data.market
    title = rt.titled("rpt_daily_title", data.township)
    decor = page_decor(rt, f"{data.township} {market.village} {market.date}".strip(), full)
    pages = build_pdf(out_path, story, decor, title, steps)
    steps.finish()
    return ReportResult(Path(out_path), pages, set(rt.missing))


def daily_story(data: DailyData, rt: ReportText, full: bool,
                steps: Progress | None = None) -> list:
    story: list = []
    story += _header(data, rt, full)
    story += _key_figures(data, rt)
    story += _stall_table(data, rt)
    if steps:
        steps.step()
    story += _charts(data, rt)
    if steps:
        steps.step()
    story += _health(data, rt, full)
    story += _bad_ratings(data, rt, full)
    story += _requests(data, rt, full)
    if steps:
        steps.step()
    return story


def _service_name(rt: ReportText, zh: str, en: str) -> str:
    return zh if rt.lang == "zh" else en


def _header(data: DailyData, rt: ReportText, full: bool) -> list:
    m = data.market
    title = rt.titled("rpt_daily_title", data.township)
    weekday = rt.t(f"rpt_weekday_{date.fromisoformat(m.date).weekday()}")
    if m.status == "closed":
        line = rt.t("rpt_daily_subtitle", village=m.village, date=m.date, weekday=weekday,
                    opened=_time(m.opened_at), closed=_time(m.closed_at))
    else:  # "Closed: not closed yet" read badly
        line = rt.t("rpt_daily_subtitle_open", village=m.village, date=m.date,
                    weekday=weekday, opened=_time(m.opened_at))
    out: list = [rt.para(title, rt.title), rt.para(line, rt.subtitle)]
    if full:
        out.append(rt.para(rt.t("rpt_full_banner"), rt.warning))
    rows = [[rt.t("rpt_col_letter"), rt.t("rpt_col_service"), rt.t("rpt_col_staff"),
             rt.t("rpt_col_counters"), rt.t("rpt_col_closes")]]
    for s in m.stalls:
        rows.append([s.letter, rt.clean(_service_name(rt, s.name_zh, s.name_en)),
                     rt.para("、".join(s.staff) or "–", rt.cell), str(s.counters),
                     s.closes_at or "–"])
    out += [*rt.section(rt.t("rpt_stalls_staff")),
            data_table(rows, [26, 120, 270, 40, 54], numeric_from=3)]
    helpers = "、".join(data.operators) or "–"
    out.append(Spacer(1, 3))
    out.append(rt.para(rt.t("rpt_volunteers", names=helpers), rt.note))
    return out


def _key_figures(data: DailyData, rt: ReportText) -> list:
    k = data.key
    ratings = "  ".join(
        rt.t("rpt_rating_count", rating=rt.t(f"rpt_rating_{r}"), n=k.ratings[r],
             share=percent(k.share(r))) for r in RATINGS)
    pairs = [
        (rt.t("rpt_kf_people"), str(k.villagers_served)),
        (rt.t("rpt_kf_visits"), str(k.visits)),
        (rt.t("rpt_kf_tickets"), str(k.tickets)),
        (rt.t("rpt_kf_no_shows"), str(k.no_shows)),
        (rt.t("rpt_kf_cancelled"), str(k.cancelled)),
        (rt.t("rpt_kf_transferred"), str(k.transferred)),
        (rt.t("rpt_kf_not_served"), str(k.not_served)),
        (rt.t("rpt_kf_visitors"), str(k.visitors)),
        (rt.t("rpt_kf_requests"), str(k.requests_raised)),
        (rt.t("rpt_kf_on_the_spot"), str(k.requests_on_the_spot)),
        (rt.t("rpt_kf_referred"), str(k.requests_referred)),
        (rt.t("rpt_kf_rated"), str(k.rated)),
    ]
    table = figures_grid(pairs, 56)
    return [*rt.section(rt.t("rpt_key_figures")), table, Spacer(1, 3),
            rt.para(rt.t("rpt_satisfaction") + ratings, rt.body),
            rt.para(rt.t("rpt_kf_note"), rt.note)]


def _stall_table(data: DailyData, rt: ReportText) -> list:
    header = [rt.t(k) for k in ("rpt_col_stall", "rpt_col_tickets", "rpt_col_served",
                                "rpt_col_no_show", "rpt_col_cancelled", "rpt_col_transferred",
                                "rpt_col_not_served", "rpt_col_wait_median", "rpt_col_wait_p90",
                                "rpt_col_service_median", "rpt_col_overruns")]
    rows: list[list[object]] = [[rt.para(h, rt.label_cell) for h in header]]
    totals = [0] * 6
    for f in data.stalls:
        counts = [f.tickets, f.served, f.no_show, f.cancelled, f.transferred, f.not_served]
        totals = [a + b for a, b in zip(totals, counts, strict=True)]
        rows.append([rt.para(f"{f.stall.letter} "
                             f"{_service_name(rt, f.stall.name_zh, f.stall.name_en)}",
                             rt.label_cell),
                     *map(str, counts), number(f.wait_median), number(f.wait_p90),
                     number(f.service_median), str(f.overruns)])
    rows.append([rt.t("rpt_total"), *map(str, totals), "", "", "",
                 str(sum(f.overruns for f in data.stalls))])
    widths = [118, 38, 38, 38, 38, 38, 40, 42, 42, 42, 36]
    table = data_table(rows, widths, numeric_from=1)
    table.setStyle(TableStyle([("LINEABOVE", (0, -1), (-1, -1), 0.9, "#333333")]))
    return [*rt.section(rt.t("rpt_per_stall")), table, Spacer(1, 2),
            rt.para(rt.t("rpt_per_stall_note"), rt.note)]


def _charts(data: DailyData, rt: ReportText) -> list:
    half = AVAILABLE / 2 - 6
    stall_names = [f"{f.stall.letter} {_service_name(rt, f.stall.name_zh, f.stall.name_en)}"
                   for f in data.stalls]
    per_stall = bar_chart(rt, rt.t("rpt_chart_visits_per_stall"), stall_names,
                          [[f.served for f in data.stalls]], width=half, height=190,
                          horizontal=True)
    hours = list(data.arrivals_by_hour)
    hourly = bar_chart(rt, rt.t("rpt_chart_hourly"), [f"{h:02d}:00" for h in hours],
                       [[data.arrivals_by_hour[h] for h in hours],
                        [data.served_by_hour[h] for h in hours]],
                       [rt.t("rpt_series_arrivals"), rt.t("rpt_series_served")],
                       width=half, height=190)
    bands = list(data.age_gender)
    band_names = [rt.t("rpt_age_unknown") if b == UNKNOWN_AGE else b for b in bands]
    genders = ["M", "F"]
    names = [label("gender_M", rt.lang), label("gender_F", rt.lang)]
    if any(data.age_gender[b]["?"] for b in bands):
        genders.append("?")
        names.append(rt.t("rpt_gender_unknown"))
    ages = bar_chart(rt, rt.t("rpt_chart_age_gender"), band_names,
                     [[data.age_gender[b][g] for b in bands] for g in genders], names,
                     width=half, height=190)
    top = data.villages[:VILLAGE_BARS]
    rest = sum(n for _v, n in data.villages[VILLAGE_BARS:])
    village_names = [v or rt.t("rpt_village_unknown") for v, _n in top]
    village_counts = [n for _v, n in top]
    if rest:
        village_names.append(rt.t("rpt_village_other"))
        village_counts.append(rest)
    villages = bar_chart(rt, rt.t("rpt_chart_villages"), village_names, [village_counts],
                         width=half, height=190, horizontal=True)
    grid = Table([[per_stall, hourly], [ages, villages]], colWidths=[AVAILABLE / 2] * 2,
                 rowHeights=[198, 198], hAlign="LEFT")
    grid.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"),
                              ("LEFTPADDING", (0, 0), (-1, -1), 0),
                              ("RIGHTPADDING", (0, 0), (-1, -1), 0)]))
    return [*rt.section(rt.t("rpt_charts"), room=430), grid]


def _readings(r: TicketRecord, service: Service, rt: ReportText) -> tuple[str, str, str]:
    o = r.outcome
    bp = f"{o['systolic']}/{o['diastolic']}" if "systolic" in o and "diastolic" in o else ""
    glucose = ""
    if "glucose" in o:
        glucose = str(o["glucose"])
        if "fasting" in o:
            glucose += rt.t("rpt_fasting") if o["fasting"] else rt.t("rpt_not_fasting")
    pulse = str(o["pulse"]) if "pulse" in o else ""
    return bp, pulse, glucose


def _health(data: DailyData, rt: ReportText, full: bool) -> list:
    out: list = [*rt.section(rt.t("rpt_health"))]
    if not data.health:
        return [*out, rt.para(rt.t("rpt_health_none"), rt.body)]
    services = {s.id: s.service() for s in data.market.stalls}
    header = [rt.t(k) for k in ("rpt_col_no", "rpt_col_ticket", "rpt_col_name",
                                "rpt_col_id_number", "rpt_col_village", "rpt_col_bp",
                                "rpt_col_pulse", "rpt_col_glucose", "rpt_col_flags",
                                "rpt_col_advice")]
    rows: list[list[object]] = [[rt.para(h, rt.label_cell) for h in header]]
    widths = fit_widths([28, 30, 44, 86, 46, 42, 28, 46, 56, 94])
    for n, r in enumerate(data.health, start=1):
        service = services[r.stall_id]
        bp, pulse, glucose = _readings(r, service, rt)
        advice = (r.outcome.get("advice") or "") if full else ""
        if r.outcome.get("referral"):
            spec = next((f for f in service.fields if f.key == "referral"), None)
            if spec:
                what = spec.name(rt.lang)
                advice = advice + rt.t("rpt_referred_note", what=what) if advice else what
        ident = (r.id_number or "") if full else (mask_id(r.id_number) if r.id_number else "")
        flags = "、".join(service.flag_name(f, rt.lang) for f in r.flags
                         if f.startswith("high_"))
        rows.append([str(n), r.label, rt.clean(r.name if full else mask_name(r.name)),
                     ident or "–", rt.fit(r.village or "–", widths[4]), bp, pulse,
                     rt.fit(glucose, widths[7], rt.label_cell),
                     rt.fit(flags, widths[8], rt.label_cell),
                     rt.fit(advice or "–", widths[9])])
    out.append(data_table(rows, widths))
    out.append(rt.para(rt.t("rpt_health_note", n=len(data.health)), rt.note))
    if not full:
        out.append(rt.para(rt.t("rpt_free_text_left_out"), rt.note))
    return out


def _bad_ratings(data: DailyData, rt: ReportText, full: bool) -> list:
    """Every 差评 of the day (不满意, 非常不满意): each is followed up (国办发〔2019〕51号)."""
    out: list = [*rt.section(rt.t("rpt_bad_ratings"))]
    if not data.bad_ratings:
        return [*out, rt.para(rt.t("rpt_bad_ratings_none"), rt.body)]
    header = [rt.t(k) for k in ("rpt_col_no", "rpt_col_ticket", "rpt_col_stall",
                                "rpt_col_time", "rpt_col_name", "rpt_col_village",
                                "rpt_col_rating", "rpt_col_rated_by")]
    rows: list[list[object]] = [[rt.para(h, rt.label_cell) for h in header]]
    widths = fit_widths([28, 40, 110, 40, 56, 70, 66, 88])
    for n, r in enumerate(data.bad_ratings, start=1):
        who = rt.t(f"rpt_rated_by_{r.rated_by}") if r.rated_by else "–"
        rows.append([str(n), r.label,
                     rt.fit(_service_name(rt, r.service_zh, r.service_en), widths[2]),
                     _time(r.finished_at), rt.clean(r.name if full else mask_name(r.name)),
                     rt.fit(r.village or "–", widths[5]),
                     rt.fit(rt.t(f"rpt_rating_{r.rating}"), widths[6], rt.label_cell),
                     rt.fit(who, widths[7], rt.label_cell)])
    out.append(data_table(rows, widths))
    out.append(rt.para(rt.t("rpt_bad_ratings_note", n=len(data.bad_ratings)), rt.note))
    return out


def _requests(data: DailyData, rt: ReportText, full: bool) -> list:
    out: list = [*rt.section(rt.t("rpt_requests"))]
    if not data.requests:
        return [*out, rt.para(rt.t("rpt_requests_none"), rt.body)]
    header = [rt.t(k) for k in ("rpt_col_no", "rpt_col_category", "rpt_col_request",
                                "rpt_col_name", "rpt_col_village", "rpt_col_unit",
                                "rpt_col_status")]
    rows: list[list[object]] = [[rt.para(h, rt.label_cell) for h in header]]
    widths = fit_widths([28, 58, 190, 46, 50, 72, 54])
    for n, q in enumerate(data.requests, start=1):
        unit = q.referred_to or q.unit or "–"
        rows.append([str(n), rt.fit(q.category_name(rt.lang), widths[1], rt.label_cell),
                     rt.fit(q.text if full else "–", widths[2]),
                     rt.fit(q.villager_name if full else mask_name(q.villager_name), widths[3]),
                     rt.fit(q.village or "–", widths[4]), rt.fit(unit, widths[5]),
                     rt.fit(q.status_name(rt.lang), widths[6], rt.label_cell)])
    out.append(data_table(rows, widths))
    if not full:
        out.append(rt.para(rt.t("rpt_free_text_left_out"), rt.note))
    return out


__all__ = ["build_daily_report", "daily_story", "page_decor"]
