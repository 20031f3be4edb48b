"""Settings (设置), in four tabs:

* General: township, villages, priority age, ticket paper, this laptop's registration desk
  (its block of ticket numbers), display and voice, language, data file;
* Service catalogue: the catalogue editor (its own Save: it is checked as a whole);
* Sign-in and data: sign-in on/off (applies at once), operators, idle lock, retention years,
  the second backup folder;
* Stall devices (摊位设备): the server for stall phones and displays, the pairing QR codes,
  the paired devices (``ui.devices``; each applies at once).

The General and Sign-in-and-data values are stored with ``set_setting`` when Save is pressed,
in one transaction."""

from __future__ import annotations

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QSlider,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from marketapp.core.errors import UserError
from marketapp.core.people.villages import InvalidVillage, add_village, list_villages
from marketapp.core.queue.rules import number_block, number_text
from marketapp.core.settings import choose_desk, copied_desk, get_setting, set_setting
from marketapp.core.text import current_language
from marketapp.store.storage import storage_warning
from marketapp.ui.devices.panel import StallDevicesPanel
from marketapp.ui.display.voice import shared_service, spoken_text
from marketapp.ui.settings.access import AccessTab
from marketapp.ui.settings.catalogue_editor import CatalogueEditor
from marketapp.ui.shell.session import Session
from marketapp.ui.widgets import style
from marketapp.ui.widgets.labels import field_error_label

PAPERS = ("58mm", "80mm", "a6", "none")
LANGUAGES = (("zh", "中文"), ("en", "English"))


class SettingsPage(QWidget):
    saved = Signal()

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.db = session.db
        self.township = QLineEdit()
        self.township.setPlaceholderText(self.tr("e.g. 城南乡"))
        self.villages = QListWidget()
        self.new_village = QLineEdit()
        self.new_village.setPlaceholderText(self.tr("New village name"))
        self.new_village.returnPressed.connect(self.add_village)
        self.add_village_button = QPushButton(self.tr("Add village"))
        self.add_village_button.clicked.connect(self.add_village)
        self.village_error = field_error_label()
        self.new_village.textChanged.connect(lambda _text: self.village_error.clear())
        self.priority_age = QSpinBox()
        self.priority_age.setRange(50, 120)
        self.priority_age.setSuffix(self.tr(" years"))
        self.desk_slot, self.desk_count = QSpinBox(), QSpinBox()
        for box in (self.desk_slot, self.desk_count):
            box.setRange(1, 9)  # as many desks as core's number blocks allow
            box.valueChanged.connect(self._show_desk)
        self.desk_note = QLabel()
        self.desk_note.setWordWrap(True)
        self.paper = QComboBox()
        for value, text in zip(PAPERS, (self.tr("58 mm roll"), self.tr("80 mm roll"),
                                        self.tr("A6 sheet"), self.tr("No printing")), strict=True):
            self.paper.addItem(text, value)
        self.screen = QComboBox()
        self.screen.addItem(self.tr("Automatic: the second screen when there is one"), -1)
        for i, screen in enumerate(QGuiApplication.screens()):
            size = screen.size()
            self.screen.addItem(self.tr("Screen {n}: {name} ({w}×{h})").format(
                n=i + 1, name=screen.name(), w=size.width(), h=size.height()), i)
        self.voice = QCheckBox(self.tr("Call numbers aloud"))
        self.volume = QSlider(Qt.Orientation.Horizontal)
        self.volume.setRange(0, 100)
        self.voice.toggled.connect(self.volume.setEnabled)
        self.voice_try = QPushButton(self.tr("Try"))
        self.voice_try.setToolTip(self.tr("Play a sample call at this volume"))
        self.voice_try.clicked.connect(self.try_voice)
        self.voice.toggled.connect(self.voice_try.setEnabled)
        self.voice_status = QLabel()
        self.voice_status.setWordWrap(True)
        self.language = QComboBox()
        for value, text in LANGUAGES:
            self.language.addItem(text, value)
        self.language_note = QLabel(self.tr("A new language applies after restarting the program."))
        self.language_note.setWordWrap(True)
        self.data_file = QLineEdit(str(session.db_path))
        self.data_file.setReadOnly(True)
        self.open_folder_button = QPushButton(self.tr("Open folder"))
        self.open_folder_button.clicked.connect(self.open_folder)
        self.save_button = QPushButton(self.tr("Save settings"))
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.save)
        self.saved_label = QLabel()
        self.saved_label.setWordWrap(True)
        self._voice_watched = False
        operator = session.operator
        self.catalogue_editor = CatalogueEditor(self.db)
        try:
            warning = storage_warning(session.db_path)
        except OSError:
            warning = None
        self.access = AccessTab(self.db, operator, warning)

        grid = QGridLayout()
        grid.addWidget(self._township_box(), 0, 0, 2, 1)
        grid.addWidget(self._market_box(), 0, 1)
        grid.addWidget(self._display_box(), 1, 1)
        grid.addWidget(self._language_box(), 2, 0, 1, 2)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)
        grid.setRowStretch(1, 1)
        general = QWidget()
        general.setLayout(grid)
        self.tabs = QTabWidget()
        self.tabs.addTab(general, self.tr("General"))
        self.tabs.addTab(self.catalogue_editor, self.tr("Service catalogue"))
        self.tabs.addTab(self.access, self.tr("Sign-in and data"))
        self.devices = StallDevicesPanel(session)
        self.tabs.addTab(self.devices, self.tr("Stall devices"))
        self.bottom = QWidget()
        bottom = QHBoxLayout(self.bottom)
        bottom.setContentsMargins(0, 0, 0, 0)
        bottom.addWidget(self.saved_label, 1)
        bottom.addWidget(self.save_button)
        # the catalogue has its own Save (it is checked as a whole); devices apply at once
        self.tabs.currentChanged.connect(lambda i: self.bottom.setVisible(
            self.tabs.widget(i) not in (self.catalogue_editor, self.devices)))
        layout = QVBoxLayout(self)
        title = QLabel(self.tr("Settings"))
        font = title.font()
        font.setPointSize(font.pointSize() + 6)
        font.setBold(True)
        title.setFont(font)
        layout.addWidget(title)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.bottom)
        self.load()

    def _township_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Township and villages"))
        form = QFormLayout(box)
        form.addRow(self.tr("Township name"), self.township)
        form.addRow(QLabel(self.tr("Villages")))
        form.addRow(self.villages)
        row = QHBoxLayout()
        row.addWidget(self.new_village, 1)
        row.addWidget(self.add_village_button)
        form.addRow(row)
        form.addRow(self.village_error)
        return box

    def _market_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Market day"))
        form = QFormLayout(box)
        form.addRow(self.tr("Priority from age"), self.priority_age)
        form.addRow(self.tr("Ticket paper"), self.paper)
        desk = QHBoxLayout()
        desk.addWidget(QLabel(self.tr("This laptop is desk")))
        desk.addWidget(self.desk_slot)
        desk.addWidget(QLabel(self.tr("of")))
        desk.addWidget(self.desk_count)
        desk.addWidget(QLabel(self.tr("registration laptops")))
        desk.addStretch(1)
        form.addRow(self.tr("Registration desk"), desk)
        form.addRow(self.desk_note)
        return box

    def _show_desk(self) -> None:
        """The block of numbers the chosen desk issues, or core's refusal of the choice."""
        slot, count = self.desk_slot.value(), self.desk_count.value()
        try:
            first, last = number_block(slot, count)
        except UserError as exc:
            self.desk_note.setText(exc.message())
            self.desk_note.setStyleSheet(style.text(style.ERROR))
            return
        text = self.tr("Laptops registering at one market each take their own block of "
                       "ticket numbers, so their files merge without repeated numbers. This "
                       "laptop issues {first}–{last} at every stall.").format(
                           first=number_text(first), last=number_text(last))
        if copied_desk(self.db) is not None:
            text += " " + self.tr("This data file was copied from another laptop and still "
                                  "has its desk: choose this laptop's.")
        self.desk_note.setText(text)
        self.desk_note.setStyleSheet(style.text(style.HINT))

    def _desk_is_valid(self) -> bool:
        try:
            number_block(self.desk_slot.value(), self.desk_count.value())
        except UserError as exc:
            self.saved_label.setText(exc.message())
            return False
        return True

    def _save_desk(self) -> None:
        """A changed desk goes through core (checked, and the copied-desk warning ends)."""
        chosen = (self.desk_slot.value(), self.desk_count.value())
        if chosen != (int(get_setting(self.db, "desk_slot")),
                      int(get_setting(self.db, "desk_count"))):
            choose_desk(self.db, *chosen)

    def _display_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Public display and voice"))
        form = QFormLayout(box)
        form.addRow(self.tr("Display screen"), self.screen)
        form.addRow(self.voice)
        volume = QHBoxLayout()
        volume.addWidget(self.volume, 1)
        volume.addWidget(self.voice_try)
        form.addRow(self.tr("Volume"), volume)
        form.addRow(self.voice_status)
        return box

    def _language_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Language and data"))
        form = QFormLayout(box)
        language = QHBoxLayout()
        language.addWidget(self.language)
        language.addWidget(self.language_note, 1)
        form.addRow(self.tr("Language"), language)
        data = QHBoxLayout()
        data.addWidget(self.data_file, 1)
        data.addWidget(self.open_folder_button)
        form.addRow(self.tr("Data file"), data)
        return box

    def load(self) -> None:
        self.township.setText(get_setting(self.db, "township") or "")
        self.priority_age.setValue(int(get_setting(self.db, "priority_age")))
        self._select(self.paper, get_setting(self.db, "ticket_paper"))
        self.desk_slot.setValue(int(get_setting(self.db, "desk_slot")))
        self.desk_count.setValue(int(get_setting(self.db, "desk_count")))
        self._show_desk()
        self._select(self.screen, get_setting(self.db, "display_screen"))
        self.voice.setChecked(bool(get_setting(self.db, "voice_enabled")))
        self.volume.setValue(int(get_setting(self.db, "voice_volume")))
        self.volume.setEnabled(self.voice.isChecked())
        self.voice_try.setEnabled(self.voice.isChecked())
        saved = get_setting(self.db, "language")
        self._select(self.language, saved)
        if saved != current_language():  # started with --lang: the choice here is the saved one
            self.language_note.setText(self.tr(
                "This window runs in the language given at start (--lang); the choice here "
                "applies when the program starts without it."))
        else:
            self.language_note.setText(self.tr(
                "A new language applies after restarting the program."))
        self.reload_villages()

    @staticmethod
    def _select(combo: QComboBox, value: object) -> None:
        combo.setCurrentIndex(max(combo.findData(value), 0))

    def values(self) -> dict[str, object]:
        return {
            "township": self.township.text().strip(),
            "priority_age": self.priority_age.value(),
            "ticket_paper": self.paper.currentData(),
            "display_screen": self.screen.currentData(),
            "voice_enabled": self.voice.isChecked(),
            "voice_volume": self.volume.value(),
            "language": self.language.currentData(),
            **self.access.values(),
        }

    def save(self) -> None:
        """One user action, one transaction: every setting is written or none is."""
        if not self._desk_is_valid():
            return
        language_before = get_setting(self.db, "language")
        with self.db.atomic():
            for key, value in self.values().items():
                set_setting(self.db, key, value)
            self._save_desk()
        text = self.tr("Settings saved.")
        if self.language.currentData() != language_before:
            text += " " + self.tr("Restart the program to use the new language.")
        self.saved_label.setText(text)
        if not self.voice.isChecked():
            shared_service().stop()  # switched off: the call being said stops now
        self.saved.emit()

    def showEvent(self, event) -> None:  # noqa: N802
        super().showEvent(event)
        # what the voice can do here, found by its worker process when the page is first shown
        service = shared_service()
        if not self._voice_watched:
            self._voice_watched = True
            service.status_changed.connect(self.voice_status.setText)
        self.voice_status.setText(service.describe())
        service.prepare()

    def try_voice(self) -> None:
        shared_service().say(spoken_text("A001", "理发"), self.volume.value())

    def reload_villages(self) -> None:
        self.villages.clear()
        self.villages.addItems([village.name for village in list_villages(self.db)])

    def add_village(self) -> None:
        self.village_error.setVisible(False)
        try:
            add_village(self.db, self.new_village.text())
        except InvalidVillage as exc:
            self.village_error.setText(exc.message())
            self.village_error.setVisible(True)
            return
        self.new_village.clear()
        self.reload_villages()

    def open_folder(self) -> None:
        folder = self.session.db_path.parent
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))
