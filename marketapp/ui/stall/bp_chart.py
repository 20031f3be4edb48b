"""A small line chart of a villager's blood pressure over past market days (QPainter only).

Systolic and diastolic per visit date, with the 140 / 90 mmHg lines where "high" begins.
Points are spaced evenly (market days are irregular; the dates are written underneath).
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from marketapp.ui.widgets import style

HIGH_SYSTOLIC = 140
HIGH_DIASTOLIC = 90
SYSTOLIC_COLOUR = QColor(style.SYSTOLIC)
DIASTOLIC_COLOUR = QColor(style.DIASTOLIC)


class BloodPressureChart(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.points: list[tuple[str, int | None, int | None]] = []
        self.setMinimumSize(260, 150)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(360, 170)

    def set_readings(self, systolic: list[tuple[str, object]],
                     diastolic: list[tuple[str, object]]) -> None:
        """(date, value) lists as ``visits.readings`` gives them; joined on the date."""
        by_date: dict[str, list[int | None]] = {}
        for day, value in systolic:
            by_date.setdefault(day, [None, None])[0] = int(value)  # type: ignore[arg-type]
        for day, value in diastolic:
            by_date.setdefault(day, [None, None])[1] = int(value)  # type: ignore[arg-type]
        self.points = [(day, s, d) for day, (s, d) in sorted(by_date.items())][-8:]
        self.setToolTip("\n".join(f"{day}: {s or '—'}/{d or '—'} mmHg"
                                  for day, s, d in self.points))
        self.update()

    def _range(self) -> tuple[float, float]:
        values = [v for _, s, d in self.points for v in (s, d) if v is not None]
        low = min([60, *values]) - 10
        high = max([160, *values]) + 10
        return float(low), float(high)

    def paintEvent(self, event) -> None:  # noqa: N802
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), QColor(style.PAPER))
        metrics = painter.fontMetrics()
        left, right = metrics.horizontalAdvance("260") + 10, 10
        top, bottom = metrics.height() + 6, metrics.height() + 8
        plot = QRectF(left, top, self.width() - left - right, self.height() - top - bottom)
        painter.setPen(QPen(QColor(style.CHART_FRAME), 1))
        painter.drawRect(plot)
        legend = self.tr("Systolic") + " / " + self.tr("Diastolic") + " (mmHg)"
        painter.setPen(QColor(style.TEXT))
        painter.drawText(QRectF(left, 0, plot.width(), top), Qt.AlignmentFlag.AlignLeft
                         | Qt.AlignmentFlag.AlignVCenter, legend)
        if not self.points:
            painter.drawText(plot, Qt.AlignmentFlag.AlignCenter,
                             self.tr("No earlier readings"))
            return
        low, high = self._range()

        def y(value: float) -> float:
            return plot.bottom() - (value - low) / (high - low) * plot.height()

        def x(i: int) -> float:
            if len(self.points) == 1:
                return plot.center().x()
            return plot.left() + 16 + i * (plot.width() - 32) / (len(self.points) - 1)

        for limit, colour in ((HIGH_SYSTOLIC, SYSTOLIC_COLOUR), (HIGH_DIASTOLIC, DIASTOLIC_COLOUR)):
            pen = QPen(colour, 1, Qt.PenStyle.DashLine)
            painter.setPen(pen)
            painter.drawLine(QPointF(plot.left(), y(limit)), QPointF(plot.right(), y(limit)))
            painter.drawText(QRectF(0, y(limit) - metrics.height() / 2, left - 4,
                                    metrics.height()),
                             Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                             str(limit))
        for column, colour in ((1, SYSTOLIC_COLOUR), (2, DIASTOLIC_COLOUR)):
            path = QPainterPath()
            started = False
            dots = []
            for i, point in enumerate(self.points):
                value = point[column]
                if value is None:
                    continue
                where = QPointF(x(i), y(value))
                dots.append((where, value))
                if started:
                    path.lineTo(where)
                else:
                    path.moveTo(where)
                    started = True
            painter.setPen(QPen(colour, 2))
            painter.drawPath(path)
            painter.setBrush(colour)
            for where, value in dots:
                painter.drawEllipse(where, 3.5, 3.5)
                painter.drawText(QRectF(where.x() - 20, where.y() - metrics.height() - 3, 40,
                                        metrics.height()), Qt.AlignmentFlag.AlignCenter,
                                 str(value))
            painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.setPen(QColor(style.TEXT))
        for i, (day, _s, _d) in enumerate(self.points):
            painter.drawText(QRectF(x(i) - 30, plot.bottom() + 2, 60, bottom),
                             Qt.AlignmentFlag.AlignCenter, day[5:])
