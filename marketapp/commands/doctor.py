"""`marketapp doctor`: check this laptop before a market day (``marketapp.doctor``).

Read-only, so it runs while the app is open. Exit code 0 when the market can run, 1 when
something blocks it (listed first).
"""

from __future__ import annotations

import sys

import click


@click.command("doctor")
@click.option("--no-voice", is_flag=True,
              help="Skip the voice check (it opens the speech engine: about 2 s on Linux).")
@click.pass_obj
def doctor(app, no_voice: bool) -> None:
    """Check this laptop: data folder and file, backups, window, font, voice, sound,
    printer, screens, network; say what to do. Exit code 1 when the market cannot run."""
    from marketapp.doctor import diagnose

    report = diagnose(app.db_path, _qt_facts, voice=not no_voice)
    click.echo(report.text(app.lang))
    sys.exit(report.exit_code)


def _qt_facts():
    # Imported here: the command line loads Qt only for the checks that need it.
    from marketapp.ui.help.qt_facts import for_command_line

    return for_command_line()
