"""Build the staff guide PDF from its source and the app's own screenshots.

    python scripts/build_guide.py                 new screenshots, then the PDF
    python scripts/build_guide.py --keep-images   the PDF from docs/guide/images as they are

Source: ``docs/guide/staff-guide-zh.md``, a small subset of Markdown: ``#`` the title, the
paragraph under it the introduction, ``##`` one page per role, then on that page, in any
order, lines of ``![caption](images/NAME.png)`` (one or two side by side; ``{height=55mm}``
after one caps its height), numbered steps, and ``> `` tips.
Screenshots named like ``scripts/screenshots.py``'s files (``zh-30-….png``) are taken by
its own functions at 1366×768; ``zh-guide-self-check.png`` is the 自检 dialog with the
findings of an example laptop. Output: ``resources/guide/staff-guide-zh.pdf`` (committed,
so the wheel and the bundle carry it; ``tests/test_staff_guide.py`` checks it still says
what the source says), one A4 page per ``##``, the bundled font embedded (reports/pdf_base).
"""

from __future__ import annotations

import argparse
import io
import re
import shutil
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path, PureWindowsPath

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SOURCE = ROOT / "docs" / "guide" / "staff-guide-zh.md"
IMAGES = ROOT / "docs" / "guide" / "images"
OUTPUT = ROOT / "resources" / "guide" / "staff-guide-zh.pdf"
SELF_CHECK_IMAGE = "zh-guide-self-check.png"
_IMAGE = re.compile(r"!\[([^\]]*)\]\(([^)]+)\)(?:\{height=(\d+)mm\})?")
_STEP = re.compile(r"^(\d+)\.\s+(.*)$")
ROW_HEIGHT = 105  # mm: a 1366×768 screen across the page is about 100 mm tall


@dataclass
class Section:
    """One page: its title, then its blocks in the source's order: ("images", [(caption,
    path, height in mm or ""), …]) for one row of pictures, ("step", text), ("tip", text)."""

    title: str
    blocks: list[tuple[str, object]] = field(default_factory=list)

    def texts(self, kind: str) -> list[str]:
        return [str(value) for what, value in self.blocks if what == kind]

    @property
    def images(self) -> list[tuple[str, str]]:
        return [(text, path) for what, row in self.blocks if what == "images"
                for text, path, _height in row]


@dataclass
class Guide:
    title: str = ""
    intro: str = ""
    sections: list[Section] = field(default_factory=list)


def parse(text: str) -> Guide:
    """The guide as the source writes it (see the module text for the subset)."""
    guide = Guide()
    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            continue
        if line.startswith("## "):
            guide.sections.append(Section(line[3:].strip()))
            continue
        if line.startswith("# "):
            guide.title = line[2:].strip()
            continue
        if not guide.sections:
            guide.intro = f"{guide.intro}{line}"
            continue
        blocks = guide.sections[-1].blocks
        if _IMAGE.match(line):
            blocks.append(("images", _IMAGE.findall(line)))
        elif line.startswith(">"):
            blocks.append(("tip", line.lstrip("> ").strip()))
        elif match := _STEP.match(line):
            blocks.append(("step", match.group(2)))
        elif blocks and blocks[-1][0] == "step":  # a step's second line
            blocks[-1] = ("step", f"{blocks[-1][1]}{line}")
        else:
            raise ValueError(f"{SOURCE.name}: not understood: {raw!r}")
    return guide


def read_guide() -> Guide:
    return parse(SOURCE.read_text(encoding="utf-8"))


# ----------------------------------------------------------------------------- screenshots


def take_screenshots(names: set[str], folder: Path) -> None:
    """The app's screens through scripts/screenshots.py's own steps, and the 自检 dialog."""
    import screenshots  # scripts/screenshots.py: sets the offscreen platform on import

    from marketapp.store.database import open_database
    from marketapp.ui.shell.app import create_application
    from marketapp.ui.shell.session import Session

    folder.mkdir(parents=True, exist_ok=True)
    app = create_application("zh")
    with tempfile.TemporaryDirectory() as tmp:
        shots = Path(tmp) / "shots"
        shots.mkdir()
        db_path = Path(tmp) / "demo.db"
        db = open_database(db_path)
        try:
            screenshots.fill_demo(db)
            screenshots.fill_market(db)
            screenshots.shoot_language(app, Session(db, db_path), "zh", shots,
                                       screenshots.demo_roster(Path(tmp)))
        finally:
            db.close()
        for name in sorted(names - {SELF_CHECK_IMAGE}):
            shutil.copyfile(shots / name, folder / name)
    for stale in folder.glob("zh-*.png"):  # a picture the guide no longer shows
        if stale.name not in names:
            stale.unlink()
    if SELF_CHECK_IMAGE in names:
        shoot_self_check(app, folder / SELF_CHECK_IMAGE)


class _Answered:
    """A voice worker's answer, as the example laptop's would be."""

    def __init__(self, decision: dict) -> None:
        self.decision, self.error = decision, ""

    def answer(self, timeout: float = 0) -> dict:
        return self.decision


def example_report():
    """What 自检 says on a typical township laptop (Windows, a receipt printer, the TV on
    HDMI, no USB stick chosen yet): an illustration, made with the checks' own words."""
    from marketapp.doctor import (
        QtFacts,
        Report,
        Screen,
        lan_check,
        qt_checks,
        voice_check,
        window_check,
    )
    from marketapp.doctor import data_checks as data
    from marketapp.doctor.findings import OK, WARN, finding

    folder = PureWindowsPath(r"C:\Users\chengnan\AppData\Local\marketapp")
    db_path = folder / "marketapp.db"
    facts = QtFacts(platform="windows", font_family="WenQuanYi Micro Hei",
                    screens=[Screen(r"\\.\DISPLAY1", 1366, 768),
                             Screen(r"\\.\DISPLAY2", 1920, 1080)],
                    printers=["XP-58", "Microsoft Print to PDF"], default_printer="XP-58",
                    default_paper="58mm x 210mm", paper_widths_mm=[58.0])
    findings = [
        finding("data_folder", OK, [data.DataWords("folder", folder=str(folder)),
                                    data.DataWords("free", free="41.3 GB", size="12.6 MB")]),
        finding("data_file", OK, [data.DataWords("file_size", path=str(db_path),
                                                 size="12.6 MB"),
                                  data.DataWords("checked_at_exit", when="2026-12-06 16:42")]),
        finding("backups", WARN, [data.DataWords("newest_backup", when="2026-12-06 16:42",
                                                 age_zh="17 小时", age_en="17 h",
                                                 folder=str(folder / "backups"), count=31),
                                  data.DataWords("no_mirror")], data.DataWords("set_mirror")),
        window_check.check_window({}, "win32"),
        qt_checks.check_font(facts),
        voice_check.check_voice(_Answered({"mode": "tts", "reason": "",
                                           "voice": "Microsoft Huihui Desktop"}), None),
        voice_check.check_audio(_Answered({"mode": "chime"}), True, None),
        qt_checks.check_printer(facts, db_path),
        qt_checks.check_ticket_paper(facts, {"ticket_paper": "58mm"}),
        qt_checks.check_screens(facts, {}),
        lan_check.check_lan({}, addresses=lambda: ["192.168.8.100"]),
    ]
    return Report(db_path, findings, 1.2)


def shoot_self_check(app, path: Path) -> None:
    from marketapp.ui.help.self_check_dialog import SelfCheckDialog

    report = example_report()
    dialog = SelfCheckDialog(report.db_path, runner=lambda _path, _facts: report)
    dialog.show()
    import screenshots

    screenshots.wait_until(app, lambda: not dialog.is_busy())
    screenshots.grab(app, dialog, path)
    dialog.close()


# ----------------------------------------------------------------------------- the PDF


def render(guide: Guide, out: Path, images: Path) -> int:
    """One A4 page per section; returns the number of pages."""
    from reportlab import rl_config

    rl_config.invariant = 1  # no creation time or random id: the same source, the same file
    from reportlab.lib import colors
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import (
        Image,
        KeepInFrame,
        PageBreak,
        Paragraph,
        Table,
        TableStyle,
    )

    from marketapp.reports.pdf_base import (
        AVAILABLE,
        FONT,
        MARGIN,
        PAGE,
        PageDecor,
        build_pdf,
        escape,
        register_font,
    )

    register_font()  # also keeps "，：；" off a line's start, as in the reports
    base = {"fontName": FONT, "wordWrap": "CJK"}
    title = ParagraphStyle("title", fontSize=20, leading=26, spaceAfter=2, **base)
    intro = ParagraphStyle("intro", fontSize=10, leading=14, spaceAfter=6,
                           textColor=colors.HexColor("#444444"), **base)
    heading = ParagraphStyle("heading", fontSize=17, leading=22, textColor=colors.white,
                             backColor=colors.HexColor("#2f3e46"), borderPadding=(5, 6, 5, 6),
                             spaceBefore=4, spaceAfter=12, **base)
    # Large print: read at arm's length at a busy desk, often by older staff.
    step = ParagraphStyle("step", fontSize=12.5, leading=19, leftIndent=18, bulletIndent=0,
                          spaceAfter=5, **base)
    tip = ParagraphStyle("tip", fontSize=11.5, leading=17, backColor=colors.HexColor("#fff4d6"),
                         borderPadding=(6, 7, 6, 7), spaceBefore=12, **base)
    caption = ParagraphStyle("caption", fontSize=9.5, leading=12, alignment=1,
                             textColor=colors.HexColor("#555555"), **base)
    frame_height = PAGE[1] - 2 * MARGIN - 26  # build_pdf's top and bottom margins

    def picture(name: str, width: float, most_height: float) -> Image:
        from PIL import Image as Pillow

        with Pillow.open(images / Path(name).name) as png:
            pixels = png.size
            data = io.BytesIO()
            # JPEG keeps the file small; full chroma (subsampling 0) keeps text sharp.
            png.convert("RGB").save(data, "JPEG", quality=88, subsampling=0, optimize=True)
        data.seek(0)
        width = min(width, most_height * pixels[0] / pixels[1])
        return Image(data, width=width, height=width * pixels[1] / pixels[0])

    def image_row(pictures: list[tuple[str, str, str]]) -> Table:
        """Pictures side by side in equal columns, none taller than ROW_HEIGHT (a tall
        one, the ticket slip, is narrowed and centred)."""
        gap = 6 * mm
        width = (AVAILABLE - gap * (len(pictures) - 1)) / len(pictures)
        cells = [[picture(path, width - 2, float(height or ROW_HEIGHT) * mm)
                  for _, path, height in pictures],
                 [Paragraph(escape(text), caption) for text, _, _ in pictures]]
        table = Table(cells, colWidths=[width + (gap if i else 0) for i in range(len(pictures))])
        table.setStyle(TableStyle([
            ("VALIGN", (0, 0), (-1, -1), "TOP"), ("ALIGN", (0, 0), (-1, -1), "CENTER"),
            ("LEFTPADDING", (1, 0), (-1, -1), gap), ("LEFTPADDING", (0, 0), (0, -1), 0),
            ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ("TOPPADDING", (0, 1), (-1, 1), 3), ("BOTTOMPADDING", (0, 1), (-1, 1), 8)]))
        return table

    story: list = []
    for number, section in enumerate(guide.sections):
        page: list = []
        if number == 0:
            page += [Paragraph(escape(guide.title), title), Paragraph(escape(guide.intro), intro)]
        page.append(Paragraph(escape(section.title), heading))
        steps = 0
        for kind, value in section.blocks:
            if kind == "images":
                page.append(image_row(value))
            elif kind == "step":
                steps += 1
                page.append(Paragraph(escape(value), step, bulletText=f"{steps}."))
            else:
                page.append(Paragraph(escape(value), tip))
        # One page per role, always: a section a little too long is set a little smaller.
        story += [KeepInFrame(AVAILABLE, frame_height, page, mode="shrink"), PageBreak()]
    decor = PageDecor(footer_left=guide.title, footer_right="marketapp 帮助 → 使用指南",
                      page_label=lambda page, total: f"第 {page} 页 / 共 {total} 页")
    pages = build_pdf(out, story[:-1], decor, guide.title)
    out.chmod(0o644)  # build_pdf's temporary file is private; this one ships with the app
    return pages


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep-images", action="store_true",
                        help="use docs/guide/images as they are (no new screenshots)")
    args = parser.parse_args(argv)
    guide = read_guide()
    names = {Path(path).name for section in guide.sections for _, path in section.images}
    if not args.keep_images:
        sys.path.insert(0, str(ROOT / "scripts"))
        take_screenshots(names, IMAGES)
    missing = sorted(name for name in names if not (IMAGES / name).is_file())
    if missing:
        print("missing images: " + ", ".join(missing), file=sys.stderr)
        return 1
    pages = render(guide, OUTPUT, IMAGES)
    print(f"{OUTPUT.relative_to(ROOT)}: {pages} pages, {OUTPUT.stat().st_size // 1024} KB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
