"""Running every check once, in an order that keeps the whole short: the voice workers (the
slow part: opening speech-dispatcher takes 1.5–2 s) start first and choose while the other
checks run; their answers are read last.

A check that fails in a way nobody foresaw becomes a warning that names the error, so one
odd laptop never turns the self-check into a traceback, and the other checks still report.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from pathlib import Path

from marketapp.core.errors import UserError
from marketapp.core.text import N_
from marketapp.doctor import data_checks, lan_check, qt_checks, voice_check
from marketapp.doctor.findings import OK, WARN, Finding, Report, finding
from marketapp.doctor.quiet_read import read_settings
from marketapp.doctor.window_check import check_window

log = logging.getLogger(__name__)
QtFactsSource = Callable[[], qt_checks.QtFacts]


class RunWords(UserError):
    messages = {
        "failed": N_("This check could not finish ({error})."),
        "report": N_("Send the copied results (or marketapp doctor's output) to whoever looks "
                     "after this laptop."),
    }


def _guarded(check: str, run: Callable[[], Finding]) -> Finding:
    try:
        return run()
    except Exception as exc:  # noqa: BLE001 - any surprise is reported, never raised
        log.exception("self-check %s failed", check)
        return finding(check, WARN, RunWords("failed", error=f"{type(exc).__name__}: {exc}"),
                       RunWords("report"))


def _facts(qt_facts: QtFactsSource) -> qt_checks.QtFacts:
    try:
        return qt_facts()
    except Exception as exc:  # noqa: BLE001 - Qt's failure is a finding of its own
        log.exception("reading Qt's facts failed")
        return qt_checks.QtFacts(error=f"{type(exc).__name__}: {exc}")


def diagnose(db_path: Path | str, qt_facts: QtFactsSource, *, voice: bool = True,
             voice_timeout: float = voice_check.TIMEOUT,
             start_worker: Callable[[bool], voice_check.WorkerProbe] | None = None) -> Report:
    """Every check of this laptop for the data file ``db_path``; reads, never writes.
    ``qt_facts`` asks Qt (``marketapp.ui.help.qt_facts``); ``voice=False`` leaves out the
    voice workers (``--no-voice``, and tests that are about something else)."""
    started = time.perf_counter()
    path = Path(db_path)
    start_worker = start_worker or (
        lambda speech: voice_check.WorkerProbe(speech, low_priority=not speech))
    speech = chime = None
    try:
        if voice:
            speech, chime = start_worker(True), start_worker(False)
        try:
            settings = read_settings(path)
        except OSError:
            settings = {}
        findings = [_guarded("data_folder", lambda: data_checks.check_folder(path)),
                    _guarded("data_file", lambda: data_checks.check_file(path)),
                    _guarded("backups", lambda: data_checks.check_backups(path, settings)),
                    _guarded("window", check_window)]
        facts = _facts(qt_facts)
        findings += [
            _guarded("font", lambda: qt_checks.check_font(facts)),
            _guarded("printer", lambda: qt_checks.check_printer(facts, path)),
            _guarded("ticket_paper", lambda: qt_checks.check_ticket_paper(facts, settings)),
            _guarded("screens", lambda: qt_checks.check_screens(facts, settings)),
            _guarded("lan", lambda: lan_check.check_lan(settings))]
        if voice:
            try:
                packages = voice_check.voice_packages()
            except Exception:  # noqa: BLE001 - the packages are a detail of the finding
                log.exception("looking for the voice packages failed")
                packages = None
            said = _guarded("voice", lambda: voice_check.check_voice(
                speech, packages, voice_timeout))
            findings += [said, _guarded("audio", lambda: voice_check.check_audio(
                chime, said.status == OK, packages, voice_timeout))]
    finally:
        for worker in (speech, chime):
            if worker is not None:
                worker.close()
    return Report(path, findings, time.perf_counter() - started)
