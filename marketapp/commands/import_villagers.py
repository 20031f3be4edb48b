"""`marketapp import-villagers FILE`: a village roster from CSV or XLSX."""

from __future__ import annotations

from pathlib import Path

import click

from marketapp.commands.operators import cli_operator
from marketapp.core.roster.importer import check_rejects_path, import_roster, write_rejects
from marketapp.core.roster.read import read_roster


@click.command("import-villagers")
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--sheet", default=None, help="Sheet name in an .xlsx file.")
@click.option("--dry-run", is_flag=True, help="Report what would happen; change nothing.")
@click.option("--rejects", "rejects_path", type=click.Path(dir_okay=False), default=None,
              help="Write the rejected rows and their reasons to this CSV.")
@click.pass_obj
def import_villagers(app, file: str, sheet: str | None, dry_run: bool,
                     rejects_path: str | None) -> None:
    """Import villagers from a roster (exit 0 when the file was read, even with rejected rows)."""
    roster = read_roster(Path(file), sheet=sheet)
    if rejects_path:
        check_rejects_path(Path(rejects_path))
    summary = import_roster(app.db(), roster, dry_run=dry_run, operator=cli_operator())
    assert summary is not None  # no progress callback, so it cannot be cancelled
    say = app.say
    read_as = roster.encoding or f"{say('工作表', 'sheet')} {roster.sheet}"
    click.echo(say(f"读取：{file}（{read_as}，表头在第 {roster.header_row} 行）",
                   f"Read: {file} ({read_as}, header on row {roster.header_row})"))
    if sheet is not None and roster.kind == "csv":
        click.echo(say("CSV 文件没有工作表，--sheet 已忽略。",
                       "A CSV file has no sheets: --sheet was ignored."), err=True)
    if roster.other_sheets:
        listed = say("、", ", ").join(f"“{name}”" for name in roster.other_sheets)
        click.echo(say(f"另有工作表：{listed}，未导入（用 --sheet 选择）。",
                       f"Other sheets: {listed}, not imported (choose one with --sheet)."))
    if dry_run:
        click.echo(say("试运行：以下为将会发生的变化，数据未改动。",
                       "Dry run: what would happen; nothing was changed."))
    click.echo(say(
        f"新增 {summary.added}，更新 {summary.updated}，未变 {summary.unchanged}，"
        f"拒绝 {len(summary.rejected)}，新建村 {len(summary.villages_created)}",
        f"added {summary.added}, updated {summary.updated}, unchanged {summary.unchanged}, "
        f"rejected {len(summary.rejected)}, villages created {len(summary.villages_created)}",
    ))
    if summary.villages_created:
        click.echo(say("新建的村：", "Villages created: ") + "、".join(summary.villages_created))
    if summary.flagged:
        click.echo(say(f"可能重复待人工确认：{summary.flagged} 条",
                       f"Possible duplicates to review: {summary.flagged}"))
    if summary.skipped:
        click.echo(say(f"跳过空行/合计行：{len(summary.skipped)}",
                       f"Skipped blank/totals rows: {len(summary.skipped)}"))
    for rejected in summary.rejected[:50]:
        click.echo(say(f"  第 {rejected.row_number} 行：", f"  row {rejected.row_number}: ")
                   + rejected.reason(app.lang))
    if len(summary.rejected) > 50:
        click.echo(say(f"  ……另有 {len(summary.rejected) - 50} 行被拒绝",
                       f"  … and {len(summary.rejected) - 50} more rejected rows"))
    if rejects_path:
        try:
            write_rejects(Path(rejects_path), summary, app.lang)
        except OSError as exc:
            # The import is committed: saying "nothing changed" here would be false.
            done = say("试运行，数据未改动", "Dry run, nothing changed") if dry_run else say(
                "以上村民已导入", "The villagers above were imported")
            click.echo(say(f"{done}；但被拒绝的行未能写入 {rejects_path}：{exc.strerror or exc}",
                           f"{done}, but the rejected rows could not be written to "
                           f"{rejects_path}: {exc.strerror or exc}"), err=True)
            click.get_current_context().exit(1)
        click.echo(say(f"被拒绝的行已写入 {rejects_path}", f"Rejected rows written to {rejects_path}"))
