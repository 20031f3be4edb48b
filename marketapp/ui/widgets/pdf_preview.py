"""Showing and rendering a PDF inside the app.

QtPdf (``PySide6.QtPdf`` / ``QtPdfWidgets``, the separate PySide6-Pdf wheel) is used when it
imports; otherwise pages are rendered with pypdfium2 into images in a scroll area. When
neither is there the preview says so and the report can still be saved and opened elsewhere.

``open_pdf(path)`` gives a :class:`PdfPages` that renders any page onto WHITE at a chosen
resolution (QPdfDocument.render returns a transparent image: printed as is, a printer may
show black or nothing). It may be used in a worker thread (printing does): it touches no
widget.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QSize, QSizeF, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QPixmap
from PySide6.QtWidgets import QLabel, QScrollArea, QStackedWidget, QVBoxLayout, QWidget

from marketapp.ui.widgets import style

log = logging.getLogger(__name__)

try:  # the separate PySide6-Pdf wheel; absent in some installs
    from PySide6.QtPdf import QPdfDocument
    from PySide6.QtPdfWidgets import QPdfView
except ImportError:  # pragma: no cover - depends on the installation
    QPdfDocument = None  # type: ignore[assignment,misc]
    QPdfView = None  # type: ignore[assignment,misc]

POINTS_PER_INCH = 72.0


class PdfUnreadable(Exception):
    """The file could not be opened as a PDF (or no renderer is installed)."""


def on_white(image: QImage) -> QImage:
    """``image`` painted onto an opaque white image of the same size."""
    out = QImage(image.size(), QImage.Format.Format_RGB32)
    out.fill(QColor(style.PAPER))
    painter = QPainter(out)
    painter.drawImage(0, 0, image)
    painter.end()
    return out


class PdfPages:
    """The pages of one PDF file: count, size in points, rendering onto white."""

    def page_count(self) -> int:
        raise NotImplementedError

    def page_size(self, index: int) -> QSizeF:
        raise NotImplementedError

    def render(self, index: int, dpi: float) -> QImage:
        raise NotImplementedError

    def render_width(self, index: int, width: int) -> QImage:
        size = self.page_size(index)
        return self.render(index, width * POINTS_PER_INCH / max(size.width(), 1.0))

    def close(self) -> None:
        pass


class QtPdfPages(PdfPages):
    def __init__(self, path: Path) -> None:
        self.document = QPdfDocument()
        error = self.document.load(str(path))
        if error != QPdfDocument.Error.None_ or self.document.pageCount() <= 0:
            raise PdfUnreadable(str(path))

    def page_count(self) -> int:
        return self.document.pageCount()

    def page_size(self, index: int) -> QSizeF:
        return self.document.pagePointSize(index)

    def render(self, index: int, dpi: float) -> QImage:
        size = self.page_size(index)
        scale = dpi / POINTS_PER_INCH
        pixels = QSize(max(1, round(size.width() * scale)), max(1, round(size.height() * scale)))
        return on_white(self.document.render(index, pixels))

    def close(self) -> None:
        self.document.close()


class PdfiumPages(PdfPages):
    def __init__(self, path: Path) -> None:
        import pypdfium2

        try:
            self.document = pypdfium2.PdfDocument(str(path))
        except Exception as exc:  # noqa: BLE001 - pypdfium2 raises its own error types
            raise PdfUnreadable(str(path)) from exc

    def page_count(self) -> int:
        return len(self.document)

    def page_size(self, index: int) -> QSizeF:
        width, height = self.document[index].get_size()
        return QSizeF(width, height)

    def render(self, index: int, dpi: float) -> QImage:
        bitmap = self.document[index].render(scale=dpi / POINTS_PER_INCH,
                                             fill_color=(255, 255, 255, 255),
                                             rev_byteorder=True)
        image = QImage(bytes(bitmap.buffer), bitmap.width, bitmap.height, bitmap.stride,
                       QImage.Format.Format_RGB888)
        return on_white(image)  # a deep copy that owns its pixels

    def close(self) -> None:
        self.document.close()


def open_pdf(path: Path | str) -> PdfPages:
    """The pages of ``path`` through QtPdf, else pypdfium2; PdfUnreadable when neither can."""
    path = Path(path)
    if QPdfDocument is not None:
        return QtPdfPages(path)
    try:
        return PdfiumPages(path)
    except ImportError as exc:
        raise PdfUnreadable(str(path)) from exc


class ImagePagesView(QScrollArea):
    """The fallback preview: every page as an image, one under the other."""

    RENDER_WIDTH = 900

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self._inner = QWidget()
        self._column = QVBoxLayout(self._inner)
        self._column.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.setWidget(self._inner)
        self.setStyleSheet(f"QScrollArea {{ background: {style.PREVIEW_DESK}; }}")
        self.labels: list[QLabel] = []

    def show_pages(self, pages: PdfPages | None) -> None:
        for label in self.labels:
            label.deleteLater()
        self.labels = []
        if pages is None:
            return
        for index in range(pages.page_count()):
            label = QLabel()
            label.setPixmap(QPixmap.fromImage(pages.render_width(index, self.RENDER_WIDTH)))
            self._column.addWidget(label)
            self.labels.append(label)


class PdfPreview(QStackedWidget):
    """The built report, page after page, fitted to the width; an explanation when empty."""

    def __init__(self, parent: QWidget | None = None, use_qtpdf: bool | None = None) -> None:
        super().__init__(parent)
        if use_qtpdf is None:
            use_qtpdf = QPdfView is not None
        self.path: Path | None = None
        self._pages: PdfPages | None = None
        self.empty = QLabel()
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setStyleSheet(style.PREVIEW_EMPTY)
        self.addWidget(self.empty)
        if use_qtpdf:
            self.document = QPdfDocument(self)
            self.view = QPdfView(self)
            self.view.setDocument(self.document)
            self.view.setPageMode(QPdfView.PageMode.MultiPage)
            self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
            self.addWidget(self.view)
        else:  # without the PySide6-Pdf wheel: pages as images
            self.document = None
            self.view = ImagePagesView(self)
            self.addWidget(self.view)
        self.show_message(self.tr("The report appears here once it is built."))

    def show_message(self, text: str) -> None:
        self.empty.setText(text)
        self.setCurrentWidget(self.empty)

    def load(self, path: Path | str) -> int:
        """Show ``path``; returns its number of pages (0 when it could not be shown)."""
        self.clear()
        path = Path(path)
        try:
            if self.document is not None:
                if self.document.load(str(path)) != QPdfDocument.Error.None_:
                    raise PdfUnreadable(str(path))
            else:
                self._pages = PdfiumPages(path)
                self.view.show_pages(self._pages)
        except (PdfUnreadable, ImportError):
            log.warning("cannot preview %s", path)
            self.show_message(self.tr("The report was built, but it cannot be shown here. "
                                      "Save it and open it with a PDF reader."))
            return 0
        self.path = path
        self.setCurrentWidget(self.view)
        return self.page_count()

    def page_count(self) -> int:
        if self.path is None:
            return 0
        if self.document is not None:
            return self.document.pageCount()
        return self._pages.page_count() if self._pages else 0

    def clear(self) -> None:
        self.path = None
        if self.document is not None:
            self.document.close()
        else:
            self.view.show_pages(None)
            if self._pages is not None:
                self._pages.close()
                self._pages = None
