"""Running every check once, in an order that keeps the whole under two seconds: the
voice workers (the slow part: opening speech-dispatcher takes about 2 s) start first and
choose while the other checks run; their answers are read last."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from marketapp.doctor import data_checks, lan_check, qt_checks, voice_check
from marketapp.doctor.findings import Report
from marketapp.doctor.quiet_read import read_settings
from marketapp.doctor.window_check import check_window

QtFactsSource = Callable[[], qt_checks.QtFacts]


def diagnose(db_path: Path | str, qt_facts: QtFactsSource, *, voice: bool = True,
             voice_timeout: float = voice_check.TIMEOUT,
             start_worker: Callable[[bool], voice_check.WorkerProbe] | None = None) -> Report:
    """Every check of this laptop for the data file ``db_path``; reads, never writes.
    ``qt_facts`` asks Qt (``marketapp.ui.help.qt_facts``); ``voice=False`` leaves out the
    voice workers (tests that are about something else)."""
    started = time.perf_counter()
    path = Path(db_path)
    start_worker = start_worker or (
        lambda speech: voice_check.WorkerProbe(speech, low_priority=not speech))
    speech = chime = None
    try:
        if voice:
            speech, chime = start_worker(True), start_worker(False)
        settings = read_settings(path)
        findings = [data_checks.check_folder(path), data_checks.check_file(path),
                    data_checks.check_backups(path, settings), check_window()]
        facts = qt_facts()
        findings += [qt_checks.check_font(facts), qt_checks.check_printer(facts, path),
                     qt_checks.check_ticket_paper(facts, settings),
                     qt_checks.check_screens(facts, settings),
                     lan_check.check_lan(settings)]
        if voice:
            packages = voice_check.voice_packages()
            said = voice_check.check_voice(speech, packages, voice_timeout)
            findings += [said, voice_check.check_audio(
                chime, said.status == "ok", packages, voice_timeout)]
    finally:
        for worker in (speech, chime):
            if worker is not None:
                worker.close()
    return Report(path, findings, time.perf_counter() - started)
