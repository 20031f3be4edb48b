"""Render every screen at 1366×768 in Chinese and English to PNG files, without a display.

    python scripts/screenshots.py [OUT_DIR]        (default: screenshots-out/)

Uses a throwaway data file filled with believable demo villagers; nothing else is touched.
"""

from __future__ import annotations

import os
import random
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402

from marketapp.core.demo_people import make_id_number, make_person  # noqa: E402
from marketapp.core.settings import set_setting  # noqa: E402
from marketapp.core.villagers import VillagerInput, clean, save_villager  # noqa: E402
from marketapp.store.database import open_database  # noqa: E402
from marketapp.ui.app import create_application, use_language  # noqa: E402
from marketapp.ui.import_dialog import ImportDialog  # noqa: E402
from marketapp.ui.main_window import PAGES, MainWindow  # noqa: E402
from marketapp.ui.session import Session  # noqa: E402
from marketapp.ui.villager_dialog import VillagerDialog  # noqa: E402

SIZE = (1366, 768)
DEMO_PEOPLE = 120


def fill_demo(db) -> None:
    rng = random.Random(18000)
    set_setting(db, "township", "城南乡")
    for _ in range(DEMO_PEOPLE):
        p = make_person(rng)
        data = clean(VillagerInput(
            name=p.name, gender=p.gender, birth_date=p.birth_date.isoformat(),
            id_number=p.id_number or "", phone=p.phone or "", village=p.village,
            address=p.address, living_alone=p.living_alone, left_behind=p.left_behind,
            disabled=p.disabled, low_income=p.low_income))
        save_villager(db, data, on_duplicate="ignore")


def demo_roster(folder: Path) -> Path:
    """A small GBK roster as Excel saves it: two good rows, one ID damaged by Excel."""
    rng = random.Random(450)
    good = [make_id_number(rng, date(1945, 3, 8), male=False),
            make_id_number(rng, date(1938, 11, 12), male=True)]
    rows = ["姓名,性别,身份证号码,联系电话,所属村,村民小组",
            f"王秀英,女,{good[0]},13857512345,花园村,3组",
            "李建国,男,3.30624E+17,13957554321,花园村,5组",
            f"张福根,男,{good[1]},,石门村,1组"]
    path = folder / "花园村花名册.csv"
    path.write_bytes(("\r\n".join(rows) + "\r\n").encode("gb18030"))
    return path


def settle(app: QApplication, seconds: float = 0.05) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        app.processEvents()


def grab(app: QApplication, widget: QWidget, path: Path) -> None:
    settle(app)
    widget.grab().save(str(path))
    print(path)


def wait_until(app: QApplication, condition, timeout: float = 20.0) -> None:
    end = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > end:
            raise TimeoutError("the dialog did not finish in time")
        app.processEvents()
        time.sleep(0.01)


def shoot_language(app: QApplication, session: Session, lang: str, out: Path,
                   roster: Path) -> None:
    use_language(app, lang)
    window = MainWindow(session)
    window.resize(*SIZE)
    window.show()
    for number, spec in enumerate(PAGES, start=1):
        window.show_page(spec.key)
        grab(app, window, out / f"{lang}-{number:02d}-{spec.key}.png")

    window.show_page("villagers")
    page = window.page("villagers")
    page.search_edit.setText("wang")
    page.refresh()
    grab(app, window, out / f"{lang}-04b-villagers-search.png")

    first = page.model.villager(0).id if page.model.rowCount() else None
    dialog = VillagerDialog(session, first, window)
    dialog.show()
    grab(app, dialog, out / f"{lang}-10-villager-edit.png")
    dialog.close()
    dialog = VillagerDialog(session, None, window)
    dialog.show()
    dialog.edits["name"].setText("王秀英")
    dialog.edits["id_number"].setText("330624194513320021")
    grab(app, dialog, out / f"{lang}-11-villager-id-error.png")
    dialog.close()

    importer = ImportDialog(session, window)
    importer.show()
    importer.load_file(roster)
    wait_until(app, lambda: not importer.is_busy())
    grab(app, importer, out / f"{lang}-12-import-preview.png")
    importer.start_import()
    wait_until(app, lambda: not importer.is_busy())
    grab(app, importer, out / f"{lang}-13-import-summary.png")
    importer.accept()
    window.close()


def main(argv: list[str]) -> int:
    out = Path(argv[1] if len(argv) > 1 else "screenshots-out")
    out.mkdir(parents=True, exist_ok=True)
    app = create_application("zh")
    with tempfile.TemporaryDirectory() as tmp:
        db_path = Path(tmp) / "demo.db"
        db = open_database(db_path)
        try:
            fill_demo(db)
            session = Session(db, db_path)
            for lang in ("zh", "en"):
                shoot_language(app, session, lang, out, demo_roster(Path(tmp)))
        finally:
            db.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
