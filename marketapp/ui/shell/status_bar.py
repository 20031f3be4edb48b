"""The main window's status bar: market day, served/waiting, stall devices online (while the
app serves them), data file, last backup."""

from __future__ import annotations

from datetime import datetime
from html import escape
from pathlib import Path

from PySide6.QtWidgets import QLabel, QStatusBar, QWidget

from marketapp.store.backup.snapshot import list_backups
from marketapp.store.database import backups_dir
from marketapp.ui.widgets import style
from marketapp.ui.widgets.labels import ElidedLabel


def last_backup_time(db_path: Path) -> datetime | None:
    """When the newest finished backup of this data file was taken (another file's backups
    in the same folder are not this one's: the status bar must not say it is safe when not)."""
    try:
        found = list_backups(backups_dir(db_path), db_path)
    except OSError:
        return None
    return found[0].taken if found else None


class MarketStatusBar(QStatusBar):
    """Others update it with ``set_market_day(label)`` and ``set_counts(served, waiting)``."""

    def __init__(self, db_path: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db_path = Path(db_path)
        self.market_label = QLabel()
        self.counts_label = QLabel()
        self.file_label = ElidedLabel()
        self.backup_label = QLabel()
        # "摊位设备 3 台在线": a link that opens the devices dialog (ui.devices.status)
        self.hub_label = QLabel()
        self.hub_label.setVisible(False)
        for label in (self.market_label, self.counts_label, self.file_label, self.backup_label,
                      self.hub_label):
            label.setContentsMargins(8, 0, 8, 0)
        self.addWidget(self.market_label)
        self.addWidget(self.counts_label)
        self.addWidget(self.file_label, 1)
        self.addPermanentWidget(self.hub_label)  # stays in view while a message shows
        self.addPermanentWidget(self.backup_label)
        self.set_market_day(None)
        self.set_counts(None, None)
        self.refresh()

    def set_market_day(self, label: str | None) -> None:
        """``label`` like "2024-05-18 花园村"; None when no market is open today."""
        self.market_label.setText(label if label else self.tr("No market open"))

    def set_counts(self, served: int | None, waiting: int | None) -> None:
        def show(n: int | None) -> str:
            return "—" if n is None else str(n)

        self.counts_label.setText(
            self.tr("Served {served} · Waiting {waiting}").format(
                served=show(served), waiting=show(waiting))
        )

    def set_hub(self, text: str | None, warning: bool = False, tip: str = "") -> None:
        """The stall devices' line; None hides it (the app does not serve them)."""
        self.hub_label.setVisible(text is not None)
        colour = style.ERROR if warning else style.TEXT
        self.hub_label.setText("" if text is None else
                               f"<a href='devices' style='color:{colour}'>{escape(text)}</a>")
        self.hub_label.setToolTip(tip)

    def refresh(self) -> None:
        self.file_label.setText(self.tr("Data file: {path}").format(path=self.db_path))
        when = last_backup_time(self.db_path)
        if when is None:
            self.backup_label.setText(self.tr("No backup yet"))
        else:
            self.backup_label.setText(
                self.tr("Last backup: {time}").format(time=when.strftime("%Y-%m-%d %H:%M")))
