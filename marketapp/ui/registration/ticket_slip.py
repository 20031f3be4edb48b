"""The ticket slip (号票) handed to a villager: painted with QPainter onto a QPrinter.

Paper follows the ``ticket_paper`` setting: a 58 mm or 80 mm receipt roll, A6, or none.
With no printer installed the slips are saved as a PDF in ``slips/`` beside the data file
and the desk says where — never an error box. The slip is public: it shows the masked name
(张*明) only, never the full name, ID number or phone. It is in Chinese whatever the staff's
language (``public_text``): the villager reads it.

``slip_texts`` lists every text the slip draws, so what a villager can read is testable
without reading a PDF back.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QMarginsF, QRectF, QSizeF, Qt
from PySide6.QtGui import QColor, QFont, QImage, QPageLayout, QPageSize, QPainter
from PySide6.QtPrintSupport import QPrinter, QPrinterInfo

from marketapp.core.clock import parse_iso
from marketapp.core.market.days import MarketDay
from marketapp.core.people.masking import mask_name
from marketapp.core.queue.engine import Issued
from marketapp.ui.display.public_text import translate
from marketapp.ui.shell.fonts import FONT_FAMILY
from marketapp.ui.widgets import style

PAPERS = ("58mm", "80mm", "a6", "none")
# Width × height in mm of one slip; the content is laid out for 58 mm and scaled.
_ROLL_SIZES = {"58mm": (58.0, 80.0), "80mm": (80.0, 110.0)}
_BASE_WIDTH_MM = 58.0



def page_size(paper: str) -> QPageSize | None:
    """The QPageSize for a ``ticket_paper`` setting; None for 'none' (no slip)."""
    if paper == "a6":
        return QPageSize(QPageSize.PageSizeId.A6)
    if paper in _ROLL_SIZES:
        width, height = _ROLL_SIZES[paper]
        return QPageSize(QSizeF(width, height), QPageSize.Unit.Millimeter,
                         f"Roll {paper[:2]}", QPageSize.SizeMatchPolicy.ExactMatch)
    return None


@dataclass(frozen=True)
class Slip:
    market_day_id: str
    label: str
    stall_name: str
    ahead: int  # tickets called before this one
    wait_minutes: float
    masked_name: str
    village: str
    date: str
    issued_at: str  # HH:MM
    closing_warning: bool = False
    closes_at: str | None = None
    closing_passed: bool = False  # the stall's closing time is behind us

    def qr_text(self) -> str:
        return f"marketapp:{self.market_day_id}:{self.label}"


def slip_for(issued: Issued, market: MarketDay, villager_name: str) -> Slip:
    """The slip for a ticket just issued; the name is masked here, before anything is drawn."""
    ticket = issued.ticket
    stall = next((s for s in market.stalls if s.id == ticket.stall_id), None)
    return Slip(
        market_day_id=market.id, label=ticket.label, stall_name=stall.name_zh if stall else "",
        ahead=issued.estimate.position, wait_minutes=issued.estimate.shown_minutes,
        masked_name=mask_name(villager_name), village=market.village, date=market.date,
        issued_at=parse_iso(ticket.issued_at).strftime("%H:%M"),
        closing_warning=issued.closing_warning,
        closes_at=stall.closes_at if stall else None,
        closing_passed=issued.estimate.closing_passed,
    )


def slip_texts(slip: Slip) -> list[tuple[str, str]]:
    """(role, text) for every line the slip draws, top to bottom; the QR code comes before
    the last line."""
    lines = [
        ("market", translate("TicketSlip", "{village} service market · {date}").format(
            village=slip.village, date=slip.date)),
        ("stall", slip.stall_name),
        ("label", slip.label),
        ("wait", translate("TicketSlip", "{n} ahead of you · about {minutes} min").format(
            n=slip.ahead, minutes=round(slip.wait_minutes))),
        ("name", slip.masked_name),
    ]
    if slip.closing_passed:
        warning = translate("TicketSlip", "Closing time {time} has passed: ask the staff")
        lines.append(("warning", warning.format(time=slip.closes_at or "")))
    elif slip.closing_warning:
        warning = translate("TicketSlip", "May not be served before closing ({time})")
        lines.append(("warning", warning.format(time=slip.closes_at or "")))
    issued = translate("TicketSlip", "Issued {time} · keep this slip")
    lines.append(("time", issued.format(time=slip.issued_at)))
    return lines


# ----------------------------------------------------------------------------- painting

# Per role: height of the text in mm (on 58 mm paper) and bold.
_STYLE = {"market": (3.0, False), "stall": (5.0, True), "label": (15.0, True),
          "wait": (3.4, False), "name": (4.2, False), "warning": (3.2, True),
          "time": (3.0, False)}
_QR_MM = 22.0
_MARGIN_MM = 3.0


def paint_slip(painter: QPainter, page: QRectF, slip: Slip, width_mm: float) -> None:
    """Draw one slip into ``page`` (device pixels, ``width_mm`` wide on paper)."""
    px_per_mm = page.width() / width_mm
    scale = min(page.width() / (_BASE_WIDTH_MM * px_per_mm), 1.8)
    mm = px_per_mm * scale
    painter.fillRect(page, QColor(style.PAPER))
    painter.setPen(QColor(style.INK))
    margin = _MARGIN_MM * px_per_mm
    left, width = page.left() + margin, page.width() - 2 * margin
    y = page.top() + margin
    lines = slip_texts(slip)
    for role, text in lines:
        if role == "time":
            y = _draw_qr(painter, slip.qr_text(), page.center().x(), y, _QR_MM * mm) + 1.0 * mm
        size_mm, bold = _STYLE[role]
        height = _draw_line(painter, text, QRectF(left, y, width, size_mm * mm * 1.35),
                            size_mm * mm, bold)
        y += height + (1.5 * mm if role in ("stall", "label") else 0.8 * mm)


def _draw_line(painter: QPainter, text: str, rect: QRectF, pixel_height: float,
               bold: bool) -> float:
    """Centred text, shrunk until it fits the width; returns the height used."""
    font = QFont(FONT_FAMILY)
    font.setBold(bold)
    size = max(int(pixel_height), 1)
    font.setPixelSize(size)
    painter.setFont(font)
    while size > 4 and painter.fontMetrics().horizontalAdvance(text) > rect.width():
        size = int(size * 0.9)
        font.setPixelSize(size)
        painter.setFont(font)
    painter.drawText(rect, int(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop), text)
    return float(painter.fontMetrics().height())


def _draw_qr(painter: QPainter, text: str, centre_x: float, top: float, side: float) -> float:
    """The QR code as filled rectangles (one per run of dark modules); returns its bottom."""
    import segno  # only when a slip is printed: its writers pull in urllib/email (~50 ms)

    matrix = segno.make(text, error="m", micro=False).matrix
    count = len(matrix)
    module = side / count
    left = centre_x - side / 2
    black = QColor(style.INK)
    for row, cells in enumerate(matrix):
        col = 0
        while col < count:
            if not cells[col]:
                col += 1
                continue
            start = col
            while col < count and cells[col]:
                col += 1
            # A hair wider than the module so neighbouring runs leave no white seams.
            painter.fillRect(QRectF(left + start * module, top + row * module,
                                    (col - start) * module + 0.5, module + 0.5), black)
    return top + side


# ----------------------------------------------------------------------------- output


def slip_folder(db_path: Path) -> Path:
    return Path(db_path).parent / "slips"


def available_printers() -> list[str]:
    return list(QPrinterInfo.availablePrinterNames())


def pdf_printer(path: Path, paper: str) -> QPrinter:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    _set_paper(printer, paper)
    return printer


def _set_paper(printer: QPrinter, paper: str) -> None:
    size = page_size(paper) or page_size("58mm")
    assert size is not None
    printer.setPageLayout(QPageLayout(size, QPageLayout.Orientation.Portrait,
                                      QMarginsF(0, 0, 0, 0), QPageLayout.Unit.Millimeter))
    printer.setFullPage(True)


def paint_slips(printer: QPrinter, slips: Sequence[Slip]) -> bool:
    """One slip per page; False when the printer could not be started."""
    painter = QPainter()
    if not painter.begin(printer):
        return False
    try:
        for number, slip in enumerate(slips):
            if number:
                printer.newPage()
            page = QRectF(printer.paperRect(QPrinter.Unit.DevicePixel))
            page.moveTo(0, 0)
            width_mm = printer.pageLayout().fullRect(QPageLayout.Unit.Millimeter).width()
            paint_slip(painter, page, slip, width_mm)
    finally:
        painter.end()
    return True


@dataclass(frozen=True)
class SlipOutput:
    """Where the slips went: ``printer`` name, or the ``pdf`` saved because there is none;
    neither when the paper setting is 'none'; ``failed`` when nothing could be written."""

    printer: str | None = None
    pdf: Path | None = None
    failed: bool = False


def _file_name(slips: Sequence[Slip]) -> str:
    labels = "-".join(slip.label for slip in slips)
    name = f"{slips[0].date}-{labels}-{slips[0].market_day_id[-6:]}"
    return re.sub(r"[^0-9A-Za-z_-]+", "_", name) + ".pdf"


def print_slips(slips: Sequence[Slip], paper: str, db_path: Path,
                printers: Callable[[], list[str]] | None = None) -> SlipOutput:
    """Print on the default printer, or save a PDF in ``slips/`` when there is none."""
    if not slips or page_size(paper) is None:
        return SlipOutput()
    if (printers or available_printers)():
        info = QPrinterInfo.defaultPrinter()
        if not info.isNull():
            printer = QPrinter(info, QPrinter.PrinterMode.HighResolution)
            _set_paper(printer, paper)
            if paint_slips(printer, slips):
                return SlipOutput(printer=info.printerName())
    folder = slip_folder(db_path)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return SlipOutput(failed=True)
    path = folder / _file_name(slips)
    if not paint_slips(pdf_printer(path, paper), slips):
        return SlipOutput(failed=True)
    return SlipOutput(pdf=path)


def render_slip_image(slip: Slip, paper: str = "58mm", dots_per_mm: float = 8.0) -> QImage:
    """The slip as an image (screenshots; a preview): 8 dots/mm is a thermal printer's 203 dpi."""
    size = page_size(paper) or page_size("58mm")
    assert size is not None
    mm = size.size(QPageSize.Unit.Millimeter)
    image = QImage(int(mm.width() * dots_per_mm), int(mm.height() * dots_per_mm),
                   QImage.Format.Format_RGB32)
    image.fill(QColor(style.PAPER))
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    paint_slip(painter, QRectF(0, 0, image.width(), image.height()), slip, mm.width())
    painter.end()
    return image
