"""Issuing at the desk: the core call per stall, then the slips, then what to tell the
registrar (which tickets, which stalls refused and why, where the slips went)."""

from __future__ import annotations

from dataclasses import dataclass, field
from html import escape

from PySide6.QtCore import QCoreApplication

from marketapp.core.market.days import MarketDay
from marketapp.core.people.villagers import Villager
from marketapp.core.queue.registration import IssueBatch, issue_at_stalls
from marketapp.core.settings import get_setting
from marketapp.core.text import current_language
from marketapp.ui.registration.ticket_slip import SlipOutput, print_slips, slip_for
from marketapp.ui.shell.actions import act
from marketapp.ui.shell.session import Change, Session
from marketapp.ui.widgets import style

translate = QCoreApplication.translate



@dataclass
class DeskReport:
    batch: IssueBatch
    slips: SlipOutput = field(default_factory=SlipOutput)

    def issued_labels(self) -> list[str]:
        return [i.ticket.label for i in self.batch.issued]

    def status_text(self) -> str:
        """One line for the status bar about the slips."""
        if self.slips.pdf is not None:
            text = translate("RegistrationDesk", "No printer: the slips were saved to {path}")
            return text.format(path=self.slips.pdf)
        if self.slips.printer:
            text = translate("RegistrationDesk", "Slips sent to the printer {name}")
            return text.format(name=self.slips.printer)
        if self.slips.failed:
            return translate("RegistrationDesk",
                             "The slips could not be printed or saved; write the numbers down.")
        return ""

    def html(self, market: MarketDay, person: Villager) -> str:
        zh = current_language() == "zh"
        names = {s.id: (s.name_zh if zh else s.name_en) for s in market.stalls}
        parts = []
        for item in self.batch.issued:
            line = translate("RegistrationDesk",
                             "{label} {stall}: {n} ahead, about {minutes} min").format(
                label=f"<b style='font-size:15pt'>{item.ticket.label}</b>",
                stall=escape(names.get(item.ticket.stall_id, "")), n=item.estimate.position,
                minutes=item.estimate.shown_minutes)
            if item.estimate.closing_passed:
                line += " " + style.span(escape(translate(
                    "RegistrationDesk", "(the stall's closing time has passed)")), style.ERROR)
            elif item.closing_warning:
                line += " " + style.span(escape(translate(
                    "RegistrationDesk", "(may not get a turn before closing)")), style.ERROR)
            parts.append(line)
        for stall, error in self.batch.refused:
            zh_name = stall.name_zh if zh else stall.name_en
            refused = translate("RegistrationDesk", "{stall}: not issued. {reason}")
            text = refused.format(stall=zh_name, reason=error.message())
            parts.append(style.span(escape(text), style.ERROR))
        head = (translate("RegistrationDesk", "Tickets for {name}:") if self.batch.issued
                else translate("RegistrationDesk", "Nothing issued for {name}:"))
        head = head.format(name=escape(person.name))
        return head + "<br>" + "<br>".join(parts + self._unprinted())

    def _unprinted(self) -> list[str]:
        """Said beside the numbers, not only in the status bar: no slip came out, so the
        villager must be given the numbers some other way before walking off."""
        if not self.batch.issued or not (self.slips.pdf or self.slips.failed):
            return []
        labels = "、".join(self.issued_labels())
        why = (translate("RegistrationDesk", "No printer") if self.slips.pdf is not None
               else translate("RegistrationDesk", "The slip could not be printed or saved"))
        text = translate("RegistrationDesk", "⚠ {why}: no slip came out. Write {labels} on a "
                         "piece of paper for the villager.").format(why=why, labels=labels)
        lines = [style.span(escape(text), style.ERROR, bold=True)]
        if self.slips.pdf is not None:
            lines.append(style.span(escape(translate(
                "RegistrationDesk", "(saved as {path}: print it later)").format(
                    path=self.slips.pdf)), style.HINT))
        return lines


def issue_and_print(session: Session, market: MarketDay, person: Villager,
                    stall_ids: list[str], priority: str | None,
                    reason: str | None) -> DeskReport:
    stalls = [s for s in market.stalls if s.id in set(stall_ids)]
    # A stall's refusal is in the batch, not raised: the desk report lists it.
    _ok, batch = act(
        session, lambda s: issue_at_stalls(s.db, stalls, person.id, priority=priority,
                                           reason=reason, operator=s.operator),
        lambda batch: Change.QUEUE if batch.issued else Change.NONE)
    assert batch is not None  # no handlers: anything but a batch was raised
    report = DeskReport(batch)
    if batch.issued:
        paper = str(get_setting(session.db, "ticket_paper") or "58mm")
        slips = [slip_for(item, market, person.name) for item in batch.issued]
        report.slips = print_slips(slips, paper, session.db_path)
    return report
