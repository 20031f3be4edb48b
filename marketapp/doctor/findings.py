"""What one check found, and the whole report: statuses, order, words, exit code.

Each check gives one :class:`Finding`: a status (``ok``, ``warn``: the market runs but
something is missing, ``blocking``: it cannot run), what it found and what to do, each a
list of texts. Texts are ``UserError`` message tables ({code: (zh, en)}, the project's one
form for words a person reads outside Qt), rendered in the language asked for, so the
command line and the 自检 dialog say exactly the same.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from marketapp.core.errors import UserError
from marketapp.core.text import N_, current_language

OK, WARN, BLOCKING = "ok", "warn", "blocking"
_ORDER = {BLOCKING: 0, WARN: 1, OK: 2}


class CheckTitle(UserError):
    """The name of each check, as both front ends show it."""

    messages = {
        "data_folder": N_("Data folder and disk"),
        "data_file": N_("Data file"),
        "backups": N_("Backups"),
        "window": N_("Window (Qt platform plugin)"),
        "font": N_("Chinese font"),
        "voice": N_("Voice calls"),
        "audio": N_("Sound output"),
        "printer": N_("Printer"),
        "ticket_paper": N_("Ticket paper"),
        "screens": N_("Public display (second screen)"),
        "lan": N_("Market-square server (local network)"),
    }


class ReportWords(UserError):
    messages = {
        "status_ok": N_("OK"),
        "status_warn": N_("WARNING"),
        "status_blocking": N_("MUST FIX"),
        "heading": N_("marketapp self-check — data file: {path}"),
        "found": N_("Found"),
        "todo": N_("To do"),
        "can_run": N_("Result: the market can run. {warnings}"),
        "some_warnings": N_("{n} item(s) need attention."),
        "cannot_run": N_("Result: {n} item(s) must be fixed first; the market cannot run."),
        "took": N_(" (took {seconds:.1f} s)"),
    }


def words(kind: type[UserError], code: str, **params: object) -> UserError:
    """One text of a finding (a message table entry with its fields)."""
    return kind(code, **params)


@dataclass(frozen=True)
class Finding:
    check: str  # a key of CheckTitle
    status: str  # OK | WARN | BLOCKING
    found: tuple[UserError, ...]
    todo: tuple[UserError, ...] = ()

    def title(self, lang: str | None = None) -> str:
        return CheckTitle(self.check).message(lang)

    def found_text(self, lang: str | None = None) -> str:
        return "\n".join(text.message(lang) for text in self.found)

    def todo_text(self, lang: str | None = None) -> str:
        return "\n".join(text.message(lang) for text in self.todo)


def _texts(given: list[UserError] | UserError | None) -> tuple[UserError, ...]:
    if given is None:
        return ()
    return tuple(given) if isinstance(given, list) else (given,)


def finding(check: str, status: str, found: list[UserError] | UserError,
            todo: list[UserError] | UserError | None = None) -> Finding:
    """A Finding from one text or a list of them (the checks' usual shapes)."""
    return Finding(check, status, _texts(found), _texts(todo))


def worst(*statuses: str) -> str:
    return min(statuses, key=_ORDER.__getitem__, default=OK)


@dataclass
class Report:
    db_path: Path
    findings: list[Finding] = field(default_factory=list)
    seconds: float = 0.0

    def __post_init__(self) -> None:
        # Blocking first, then warnings, then the rest; each group in CheckTitle's order.
        order = list(CheckTitle.messages)
        self.findings = sorted(self.findings, key=lambda f: (_ORDER[f.status],
                                                             order.index(f.check)))

    @property
    def blocking(self) -> list[Finding]:
        return [f for f in self.findings if f.status == BLOCKING]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.status == WARN]

    @property
    def exit_code(self) -> int:
        """0 when the market can run, 1 when something blocks it."""
        return 1 if self.blocking else 0

    def status_word(self, status: str, lang: str | None = None) -> str:
        return ReportWords(f"status_{status}").message(lang)

    def conclusion(self, lang: str | None = None) -> str:
        if self.blocking:
            return ReportWords("cannot_run", n=len(self.blocking)).message(lang)
        more = (ReportWords("some_warnings", n=len(self.warnings)).message(lang)
                if self.warnings else "")
        return ReportWords("can_run", warnings=more).message(lang).strip()

    def text(self, lang: str | None = None) -> str:
        """The report as the command line prints it (plain text: any console can show it)."""
        lang = lang or current_language()
        lines = [ReportWords("heading", path=str(self.db_path)).message(lang), ""]
        for item in self.findings:
            lines.append(f"[{self.status_word(item.status, lang)}] {item.title(lang)}")
            lines += _indented(ReportWords("found").message(lang), item.found_text(lang))
            if item.todo:
                lines += _indented(ReportWords("todo").message(lang), item.todo_text(lang))
        lines += ["", self.conclusion(lang)
                  + ReportWords("took", seconds=self.seconds).message(lang)]
        return "\n".join(lines)


def _indented(label: str, text: str) -> list[str]:
    """``label: first line`` and the next lines under the first, in a terminal's columns
    (a Chinese character takes two)."""
    head = f"    {label}：" if not label.isascii() else f"    {label}: "
    width = sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in head)
    rows = text.splitlines() or [""]
    return [head + rows[0]] + [" " * width + row for row in rows[1:]]
