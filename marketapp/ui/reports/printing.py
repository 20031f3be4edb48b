"""Printing a built report PDF: each page rendered at about 300 dpi onto white, drawn onto the
printer page scaled to fit.

With a printer installed the usual print dialog asks where and how; with none (common at a
market: no printer came along) the person is offered to save a PDF instead — never an error
box. ``print_steps`` runs in a worker thread (painting onto a QPrinter from a thread is
supported by Qt) and yields (done, total) per page, so it shows progress and can be cancelled.
"""

from __future__ import annotations

from collections.abc import Generator
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QRectF, QSizeF
from PySide6.QtGui import QPageLayout, QPageSize, QPainter
from PySide6.QtPrintSupport import QPrintDialog, QPrinter, QPrinterInfo
from PySide6.QtWidgets import QFileDialog, QWidget

from marketapp.ui.widgets.pdf_preview import open_pdf

PRINT_DPI = 300


class PrintFailed(Exception):
    """The printer could not be started (for a PDF: the file cannot be written)."""


def available_printers() -> list[str]:
    return list(QPrinterInfo.availablePrinterNames())


def pdf_printer(path: Path | str) -> QPrinter:
    """A printer that writes ``path`` as an A4 PDF (what "print" means without a printer)."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    printer.setPageOrientation(QPageLayout.Orientation.Portrait)
    return printer


def choose_printer(parent: QWidget | None, suggested_pdf: Path) -> QPrinter | None:
    """The print dialog's printer; without printers, a PDF file the person chooses.
    None when they cancelled."""
    if available_printers():
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
        dialog = QPrintDialog(printer, parent)
        dialog.setWindowTitle(QCoreApplication.translate("ReportPrint", "Print the report"))
        return printer if dialog.exec() == QPrintDialog.DialogCode.Accepted else None
    title = QCoreApplication.translate(
        "ReportPrint", "No printer is installed: save the printout as a PDF file")
    suggested_pdf.parent.mkdir(parents=True, exist_ok=True)
    target, _ = QFileDialog.getSaveFileName(parent, title, str(suggested_pdf), "PDF (*.pdf)")
    if not target:
        return None
    if not target.lower().endswith(".pdf"):
        target += ".pdf"
    return pdf_printer(target)


def fit_rect(page: QSizeF, area: QRectF) -> QRectF:
    """``page`` scaled to fit inside ``area`` keeping its proportions, centred."""
    scale = min(area.width() / max(page.width(), 1.0), area.height() / max(page.height(), 1.0))
    width, height = page.width() * scale, page.height() * scale
    return QRectF(area.x() + (area.width() - width) / 2, area.y() + (area.height() - height) / 2,
                  width, height)


def print_steps(pdf_path: Path | str, printer: QPrinter,
                dpi: int = PRINT_DPI) -> Generator[tuple[int, int], None, int]:
    """Print every page of ``pdf_path`` on ``printer``; yields (pages done, pages); returns
    the number of pages printed. Closing the generator early aborts the print job."""
    pages = open_pdf(pdf_path)
    painter = QPainter()
    total = pages.page_count()
    finished = False
    try:
        if not painter.begin(printer):
            raise PrintFailed(printer.outputFileName() or printer.printerName())
        area = QRectF(painter.viewport())
        yield 0, total
        for index in range(total):
            if index:
                printer.newPage()
            image = pages.render(index, dpi)
            painter.drawImage(fit_rect(QSizeF(image.size()), area), image)
            yield index + 1, total
        finished = True
    finally:
        if painter.isActive():
            if not finished:
                printer.abort()
            painter.end()
        pages.close()
    return total
