"""`marketapp report`: the daily summary PDF of a market day, or the report of a period."""

from __future__ import annotations

from pathlib import Path

import click

from marketapp.commands.export import data_for
from marketapp.commands.params import MARKET_DATE
from marketapp.core.market.days import the_market_day
from marketapp.core.text import set_language


@click.command("report")
@click.option("--date", "day", type=MARKET_DATE, default=None,
              help="Market date: the daily summary.")
@click.option("--from", "date_from", type=MARKET_DATE, default=None,
              help="First day of a period report.")
@click.option("--to", "date_to", type=MARKET_DATE, default=None,
              help="Last day of a period report.")
@click.option("-o", "--output", type=click.Path(dir_okay=False), required=True,
              help="The PDF to write.")
@click.option("--village", default=None, help="Host village, when several markets share a date.")
@click.option("--lang", "report_lang", type=click.Choice(["zh", "en"]), default=None,
              help="Language of the report (default: the global --lang, else zh).")
@click.option("--full", is_flag=True,
              help="Staff copy: full names and ID numbers (said on every page).")
@click.pass_obj
def report(app, day, date_from, date_to, output: str, village: str | None,
           report_lang: str | None, full: bool) -> None:
    """Daily summary (--date) or period report (--from/--to) as an A4 PDF."""
    from marketapp.reports.daily_report import build_daily_report
    from marketapp.reports.pdf_base import ReportError
    from marketapp.reports.period_report import build_period_report

    if report_lang:  # given after the subcommand: it also sets the language of messages
        app.lang = report_lang
        set_language(report_lang)
    lang = app.lang
    out = Path(output)
    if out.suffix.lower() != ".pdf":
        raise ReportError("not_pdf", path=output)
    if day and (date_from or date_to):
        raise click.UsageError(app.say("Use either --date or --from/--to."))
    if day:
        when = day.date().isoformat()
        # A staff copy is logged, as a full export is (commands.export.data_for).
        with data_for(app, output, full) as db:
            market = the_market_day(db, when, village)
            result = build_daily_report(db, market.id, out, lang=lang, full=full)
            if full:
                from marketapp.core.people.audit import REPORT_FULL, log_sensitive

                log_sensitive(db, app.operator_name(), REPORT_FULL, f"daily {when} -> {out}")
    elif date_from and date_to:
        if full or village:
            raise click.UsageError(app.say("A period report names no one and covers every "
                                           "village: --full and --village go with --date only."))
        with data_for(app, output, False) as db:
            result = build_period_report(db, date_from.date().isoformat(),
                                         date_to.date().isoformat(), out, lang=lang)
    else:
        raise click.UsageError(app.say("Give --date, or both --from and --to."))
    click.echo(app.say("Report written to {output} ({pages} pages)", output=output,
                       pages=result.pages))
    if result.missing:
        chars = "".join(sorted(result.missing))
        click.echo(app.say("Note: the font lacks these characters, shown as 〓: {chars}",
                           chars=chars),
                   err=True)
