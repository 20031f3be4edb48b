"""What Qt says about this laptop, read by ``marketapp.ui.help.qt_facts`` (the only part
of the self-check that imports Qt), and what it means for a market day: the font, the
printers and their paper, the screens. Kept apart so the checks stay Qt-free and testable
with made-up facts."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from marketapp.core.errors import UserError
from marketapp.core.text import N_
from marketapp.doctor.findings import OK, WARN, Finding, finding

#: Characters every screen shows; the font must have each of them.
FONT_SAMPLE = "请号到摊位登记排队办结村民诉求报表设置集市叫下一位满意〓０１２"
#: Paper width in mm of each ``ticket_paper`` setting (ui/registration/ticket_slip.py).
PAPER_WIDTH_MM = {"58mm": 58.0, "80mm": 80.0, "a6": 105.0}
WIDTH_SLACK_MM = 4.0  # a "57 mm" or "2.25 inch" roll is a 58 mm roll


@dataclass
class Screen:
    name: str
    width: int
    height: int


@dataclass
class QtFacts:
    """Qt's answers; ``error`` when Qt itself could not load or start."""

    error: str = ""
    platform: str = ""
    screens: list[Screen] | None = None  # None: cannot be told (no desktop: offscreen)
    font_family: str = ""  # "" when the bundled font did not load
    font_missing: str = ""  # characters of FONT_SAMPLE the font lacks
    printers: list[str] = field(default_factory=list)
    default_printer: str = ""
    default_paper: str = ""  # the default printer's default page size, by name
    paper_widths_mm: list[float] = field(default_factory=list)  # sizes the default printer has
    custom_paper: bool = False  # the default printer takes any page size


class QtWords(UserError):
    messages = {
        "qt_failed": N_("Cannot check: Qt did not load ({error})."),
        "see_window": N_("Fix the “Window” item first."),
        "font_ok": N_("The bundled font {family} is loaded: Chinese shows properly."),
        "font_missing": N_("The bundled Chinese font did not load: Chinese shows as boxes."),
        "font_gaps": N_("The font {family} lacks: {chars}"),
        "reinstall": N_("Reinstall marketapp (the font is resources/fonts/wqy-microhei.ttc)."),
        "printer_ok": N_("Default printer: {name} (default paper {paper}). {count} printer(s) in "
                         "all."),
        "no_printer": N_("No printer is installed: ticket slips are saved as PDF ({slips}); "
                         "reports can be saved as PDF."),
        "no_default": N_("{count} printer(s) but no default printer: ticket slips are saved as "
                         "PDF ({slips})."),
        "add_printer": N_("Connect the receipt printer, install its driver and make it the "
                          "default printer."),
        "set_default": N_("Make the receipt printer the default in the system's printer settings."),
        "paper_none": N_("Set to print no ticket slips."),
        "paper_setting": N_("Ticket paper setting: {paper}."),
        "paper_pdf": N_("No default printer: slips are saved as PDF at this size."),
        "paper_fits": N_("The default printer {name} takes this width."),
        "paper_mismatch": N_("The default printer {name} has no {width} mm paper (default "
                             "{paper}): slips would print misplaced or shrunk."),
        "fix_paper": N_("Make the receipt printer the default, or pick the right paper in "
                        "Settings → General → Ticket paper."),
        "unknown_paper": N_("The ticket paper setting “{paper}” is unknown: slips print at 58 mm."),
        "two_screens": N_("{count} screens: the public display goes full screen on the second, "
                          "{name} ({width}×{height})."),
        "chosen_screen": N_("The public display is set to screen {number}, {name} "
                            "({width}×{height})."),
        "chosen_missing": N_("The public display is set to screen {number} but there are "
                             "{count}: it opens as an ordinary window."),
        "covers_main": N_("That is the main screen: the public display would cover the staff's "
                          "window."),
        "choose_second": N_("Choose the TV's screen in Settings → General → Display screen."),
        "one_screen": N_("Only one screen ({width}×{height}): the public display can only open "
                         "as a window on the laptop's own screen."),
        "connect_tv": N_("Connect the TV by HDMI, choose “Extend these displays” in the system's "
                         "display settings, then check again."),
        "screens_unknown": N_("The screens cannot be checked: no graphical desktop here (Qt "
                              "platform: {platform})."),
        "check_on_desktop": N_("Run marketapp doctor on the laptop's desktop, or Help → "
                               "Self-check."),
    }


def _qt_failed(check: str, facts: QtFacts) -> Finding:
    return finding(check, WARN, QtWords("qt_failed", error=facts.error), QtWords("see_window"))


def check_font(facts: QtFacts) -> Finding:
    if facts.error:
        return _qt_failed("font", facts)
    if not facts.font_family:
        return finding("font", WARN, QtWords("font_missing"), QtWords("reinstall"))
    if facts.font_missing:
        return finding("font", WARN, QtWords("font_gaps", family=facts.font_family,
                                             chars=facts.font_missing), QtWords("reinstall"))
    return finding("font", OK, QtWords("font_ok", family=facts.font_family))


def check_printer(facts: QtFacts, db_path: Path) -> Finding:
    if facts.error:
        return _qt_failed("printer", facts)
    slips = str(db_path.parent / "slips")
    if not facts.printers:
        return finding("printer", WARN, QtWords("no_printer", slips=slips),
                       QtWords("add_printer"))
    if not facts.default_printer:
        return finding("printer", WARN, QtWords("no_default", count=len(facts.printers),
                                                slips=slips), QtWords("set_default"))
    return finding("printer", OK, QtWords("printer_ok", name=facts.default_printer,
                                          paper=facts.default_paper or "?",
                                          count=len(facts.printers)))


def paper_name(paper: str) -> str:
    return {"58mm": "58 mm", "80mm": "80 mm", "a6": "A6"}.get(paper, paper)


def check_ticket_paper(facts: QtFacts, settings: dict[str, Any]) -> Finding:
    """The ``ticket_paper`` setting against the default printer's paper sizes."""
    paper = str(settings.get("ticket_paper", "58mm"))
    if paper == "none":
        return finding("ticket_paper", OK, QtWords("paper_none"))
    setting = QtWords("paper_setting", paper=paper_name(paper))
    if paper not in PAPER_WIDTH_MM:
        return finding("ticket_paper", WARN, [setting, QtWords("unknown_paper", paper=paper)],
                       QtWords("fix_paper"))
    if facts.error or not facts.default_printer:
        return finding("ticket_paper", OK, [setting, QtWords("paper_pdf")])
    width = PAPER_WIDTH_MM[paper]
    fits = facts.custom_paper or any(abs(have - width) <= WIDTH_SLACK_MM
                                     for have in facts.paper_widths_mm)
    if fits:
        return finding("ticket_paper", OK, [setting, QtWords("paper_fits",
                                                             name=facts.default_printer)])
    return finding("ticket_paper", WARN,
                   [setting, QtWords("paper_mismatch", name=facts.default_printer,
                                     width=f"{width:g}", paper=facts.default_paper or "?")],
                   QtWords("fix_paper"))


def check_screens(facts: QtFacts, settings: dict[str, Any]) -> Finding:
    """A screen for the public display, as the display window picks it
    (``ui.display.window.target_screen``): -1 (the default) is the second screen when there
    is one; n >= 0 is screen n when it exists; otherwise a normal window on this screen."""
    if facts.error:
        return _qt_failed("screens", facts)
    screens = facts.screens
    if screens is None:
        return finding("screens", WARN, QtWords("screens_unknown", platform=facts.platform),
                       QtWords("check_on_desktop"))
    chosen = settings.get("display_screen", -1)
    chosen = chosen if isinstance(chosen, int) and not isinstance(chosen, bool) else -1
    first = screens[0] if screens else Screen("", 0, 0)
    if chosen >= 0 and chosen < len(screens):
        screen = screens[chosen]
        found = QtWords("chosen_screen", number=chosen + 1, name=screen.name or "?",
                        width=screen.width, height=screen.height)
        if chosen == 0:  # the main screen: the display would cover the staff's window
            return finding("screens", WARN, [found, QtWords("covers_main")],
                           QtWords("choose_second"))
        return finding("screens", OK, found)
    if chosen >= 0:
        return finding("screens", WARN, [QtWords("chosen_missing", number=chosen + 1,
                                                 count=len(screens)),
                                         QtWords("one_screen", width=first.width,
                                                 height=first.height)],
                       [QtWords("connect_tv"), QtWords("choose_second")])
    if len(screens) > 1:
        screen = screens[1]
        return finding("screens", OK, QtWords("two_screens", count=len(screens),
                                              name=screen.name or "?", width=screen.width,
                                              height=screen.height))
    return finding("screens", WARN, QtWords("one_screen", width=first.width,
                                            height=first.height), QtWords("connect_tv"))
