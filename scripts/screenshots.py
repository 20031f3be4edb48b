"""Render every screen at 1366×768 in Chinese and English to PNG files, without a display,
then the hub's phone and TV pages (Chinese) in Debian's chromium through Playwright.

    python scripts/screenshots.py [OUT_DIR]            (default: screenshots-out/)
    python scripts/screenshots.py --pages [OUT_DIR]    the phone and TV pages only

Uses a throwaway data file filled with believable demo villagers; nothing else is touched.
The pages are shot with the bundled WenQuanYi font given to chromium (as a phone or TV sold
in China has its own Chinese font; the hub never sends one).
"""

from __future__ import annotations

import os
import random
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402

from marketapp.core.demo.day import run_demo  # noqa: E402
from marketapp.core.demo.people import make_id_number, make_person  # noqa: E402
from marketapp.core.market.days import StallPlan, open_market_day  # noqa: E402
from marketapp.core.people.cleaning import clean
from marketapp.core.people.villagers import VillagerInput, save_villager  # noqa: E402
from marketapp.core.queue import engine as queue  # noqa: E402
from marketapp.core.queue import visits
from marketapp.core.queue.closing import close_market_day
from marketapp.core.settings import set_setting  # noqa: E402
from marketapp.store.database import open_database  # noqa: E402
from marketapp.ui.display.window import DisplayWindow  # noqa: E402
from marketapp.ui.roster.import_dialog import ImportDialog  # noqa: E402
from marketapp.ui.shell.app import create_application, use_language  # noqa: E402
from marketapp.ui.shell.main_window import PAGES, MainWindow  # noqa: E402
from marketapp.ui.shell.session import Session  # noqa: E402
from marketapp.ui.villagers.dialog import VillagerDialog  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
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


TODAY_STALLS = (("haircut", 2, ("王师傅", "李师傅")), ("health_check", 2, ("陆医生", "俞护士")),
                ("medicine", 1, ("何药师",)), ("appliance_repair", 1, ("梁师傅",)),
                ("traditional_repair", 1, ("钱师傅",)), ("legal", 1, ("吕调解员",)),
                ("social_security_card", 1, ("周专员",)))


def past_checkups(db, villager_id: str) -> None:
    """Blood-pressure checks at earlier markets in the next village, through the engine."""
    readings = ((148, 92), (156, 98), (142, 88), (135, 85))
    for i, (systolic, diastolic) in enumerate(readings):
        day = date.today() - timedelta(weeks=11 - 2 * i, days=3)
        at = datetime.combine(day, datetime.min.time()).astimezone().replace(hour=9)
        market = open_market_day(db, day, "石门村", [StallPlan("health_check", ("陆医生",))],
                                 at=at)
        ticket = queue.issue(db, market.stalls[0].id, villager_id, at=at).ticket
        queue.call(db, ticket.id, at=at + timedelta(minutes=5))
        queue.start(db, ticket.id, at=at + timedelta(minutes=6))
        visits.finish(db, ticket.id, {"systolic": systolic, "diastolic": diastolic},
                      rating="好", at=at + timedelta(minutes=14))
        close_market_day(db, market.id, at=at + timedelta(hours=3))


def fill_market(db) -> str:
    """Two past demo days (closed: visit history, blood-pressure readings), then today's open
    market with lines at every stall; returns the villager at health-check counter 1."""
    today = date.today()
    for weeks in (12, 8, 4):
        run_demo(db, day=today - timedelta(weeks=weeks), village="城南村", villagers=40, seed=7)
    rows = db.execute(
        "SELECT villager_id FROM visits WHERE service_code = 'health_check' "
        "GROUP BY villager_id ORDER BY COUNT(*) DESC, villager_id LIMIT 1").fetchall()
    patient = rows[0][0]
    past_checkups(db, patient)
    day = open_market_day(db, today, "花园村",
                          [StallPlan(code, staff, counters, "11:45")
                           for code, counters, staff in TODAY_STALLS])
    people = [r[0] for r in db.execute(
        "SELECT id FROM villagers WHERE id <> ? ORDER BY seq LIMIT 40", [patient])]
    stalls = {s.service_code: s for s in day.stalls}
    health = stalls["health_check"]
    first = queue.issue(db, health.id, patient).ticket
    rng = random.Random(3)
    for person in people:
        for stall in rng.sample(day.stalls, k=rng.choice((1, 1, 2))):
            try:
                queue.issue(db, stall.id, person)
            except Exception:  # noqa: BLE001 - a second ticket at the same stall is refused
                pass
    queue.call(db, first.id, counter=1)
    queue.start(db, first.id)
    for code in ("haircut", "medicine", "appliance_repair", "legal", "social_security_card"):
        called = queue.call_next(db, stalls[code].id, counter=1)
        if code in ("haircut", "legal") and called:
            queue.start(db, called.id)
            visits.finish(db, called.id, {"kind": "men"} if code == "haircut" else
                          {"matter": "邻里纠纷", "result": "answered"}, rating="好")
            queue.call_next(db, stalls[code].id, counter=1)
    queue.call_next(db, stalls["haircut"].id, counter=2)
    queue.call_next(db, health.id, counter=2)
    return patient


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


def shoot_registration(app: QApplication, window: MainWindow, session: Session, lang: str,
                       out: Path) -> None:
    """Registration desk: results and stall chooser, a ticket issued, its slip; the
    open-market dialog; the page before any market is open (a fresh data file)."""
    from marketapp.core.market.days import StallPlan, open_market_day
    from marketapp.ui.market_day.open_dialog import OpenMarketDialog
    from marketapp.ui.registration.ticket_slip import render_slip_image, slip_for

    if session.market() is None:
        open_market_day(session.db, date.today(), "花园村",
                        [StallPlan(code, (), 1, "11:45") for code in
                         ("haircut", "health_check", "medicine", "appliance_repair")])
        session.choose_market(session.market().id)
    window.show_page("registration")
    desk = window.page("registration")
    desk.search_edit.setText("wang")
    desk.run_search()
    desk.table.selectRow(min(1, desk.model.rowCount() - 1))
    desk.choose_current()
    free = [n for n, box in enumerate(desk.chooser.boxes, start=1) if box.isEnabled()]
    for number in free[:2]:
        desk.chooser.toggle(number)
    grab(app, window, out / f"{lang}-30-registration-chooser.png")
    person = desk.person
    report = desk.issue_tickets()
    grab(app, window, out / f"{lang}-31-registration-issued.png")
    if report and report.batch.issued and person:
        slip = slip_for(report.batch.issued[0], session.market(), person.name)
        render_slip_image(slip).save(str(out / f"{lang}-32-ticket-slip-58mm.png"))
        print(out / f"{lang}-32-ticket-slip-58mm.png")

    dialog = OpenMarketDialog(session, window)
    dialog.resize(860, 620)
    dialog.show()
    dialog.village.setText("花园村")
    dialog.row("haircut").staff.setText("王师傅，李师傅")
    dialog.row("haircut").counters.setValue(2)
    for row in dialog.rows[-3:]:
        row.check.setChecked(False)
    grab(app, dialog, out / f"{lang}-33-open-market.png")
    dialog.close()
    late = datetime.combine(date.today(), datetime.min.time()).astimezone().replace(hour=17,
                                                                                  minute=5)
    dialog = OpenMarketDialog(session, window, now=late)  # opened late: asks the closing time
    dialog.resize(860, 620)
    dialog.show()
    dialog.village.setText("石门村")
    grab(app, dialog, out / f"{lang}-33b-open-market-late.png")
    dialog.close()

    with tempfile.TemporaryDirectory() as tmp:
        empty_path = Path(tmp) / "empty.db"
        empty = open_database(empty_path)
        try:
            first_run = MainWindow(Session(empty, empty_path))
            first_run.resize(*SIZE)
            first_run.show()
            grab(app, first_run, out / f"{lang}-34-registration-no-market.png")
            from marketapp.ui.shell.first_run import FirstRunDialog

            ask = FirstRunDialog(first_run.session, first_run)
            ask.show()
            grab(app, ask, out / f"{lang}-35-first-run-township.png")
            ask.close()
            first_run.close()
        finally:
            empty.close()


def shoot_reports(app: QApplication, window: MainWindow, session: Session, lang: str,
                  out: Path) -> None:
    """Reports page with a built daily summary in the preview, a period report, the staff-copy
    warning; the close-the-day dialog before and after (the latter on its own small data
    file, so the demo's open market stays open for the other screens)."""
    from marketapp.ui.market_day.close_dialog import CloseMarketDialog
    from marketapp.ui.reports.printing import pdf_printer

    window.show_page("reports")
    page = window.page("reports")
    page.language.setCurrentIndex(page.language.findData(lang))
    closed = next(r for r in range(page.days_model.rowCount())
                  if page.days_model.day(r).status == "closed")
    page.choose_day(page.days_model.day(closed).id)
    page.build()
    wait_until(app, lambda: not page.is_busy(), 60)
    grab(app, window, out / f"{lang}-40-reports-daily-preview.png")
    page.full_check.setChecked(True)
    grab(app, window, out / f"{lang}-41-reports-staff-copy.png")
    page.full_check.setChecked(False)
    page.period_radio.setChecked(True)
    page.range_picker.set_range(date.today() - timedelta(weeks=13), date.today())
    page.build()
    wait_until(app, lambda: not page.is_busy(), 60)
    grab(app, window, out / f"{lang}-42-reports-period-preview.png")
    page.range_picker.set_range(date(2020, 1, 1), date(2020, 3, 31))
    page.build()
    wait_until(app, lambda: not page.is_busy(), 60)
    grab(app, window, out / f"{lang}-43-reports-empty-range.png")

    dialog = CloseMarketDialog(session, window)
    dialog.show()
    grab(app, dialog, out / f"{lang}-44-close-market.png")
    dialog.close()
    from PySide6.QtWidgets import QFileDialog

    files = QFileDialog(window, "保存", str(Path.home()), "PDF (*.pdf)")  # as Qt draws it
    files.setOption(QFileDialog.Option.DontUseNativeDialog)
    files.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    files.show()
    grab(app, files, out / f"{lang}-48-file-dialog.png")
    files.close()
    with tempfile.TemporaryDirectory() as tmp:
        small_path = Path(tmp) / "small.db"
        small = open_database(small_path)
        try:
            set_setting(small, "township", "城南乡")
            day = open_market_day(small, date.today(), "花园村",
                                  [StallPlan(code, staff, counters, "11:45")
                                   for code, counters, staff in TODAY_STALLS[:3]])
            rng = random.Random(9)
            for _ in range(12):
                p = make_person(rng)
                person = save_villager(small, clean(VillagerInput(
                    name=p.name, gender=p.gender, birth_date=p.birth_date.isoformat(),
                    id_number=p.id_number or "", village=p.village)),
                    on_duplicate="ignore").villager
                queue.issue(small, rng.choice(day.stalls).id, person.id)
            small_session = Session(small, small_path)
            done = CloseMarketDialog(small_session, window)
            done.printer_factory = lambda parent, suggested: pdf_printer(Path(tmp) / "打印.pdf")
            done.print_check.setChecked(True)
            done.show()
            done.accept()
            wait_until(app, lambda: not done.is_busy() and done.closed is not None, 60)
            grab(app, done, out / f"{lang}-45-close-market-done.png")
            done.close()
            closed = MainWindow(small_session)  # after 收市: every page says so
            closed.resize(*SIZE)
            closed.show()
            grab(app, closed, out / f"{lang}-46-registration-day-closed.png")
            closed.show_page("stall")
            grab(app, closed, out / f"{lang}-47-stall-day-closed.png")
            closed.close()
        finally:
            small.close()


def shoot_requests_settings(app: QApplication, window: MainWindow, lang: str,
                            out: Path) -> None:
    """Requests page (the demo days' requests, one overdue, its history); the catalogue
    editor (fields, a refused edit, a choice field's options, flag rules); the sign-in and
    data tab."""
    from marketapp.core.requests import changes
    from marketapp.core.requests import records as core
    from marketapp.ui.settings.catalogue_editor import F_MIN

    db = window.db
    if not any(r.is_overdue(date.today()) for r in core.list_requests(db)):
        person = db.execute("SELECT id FROM villagers ORDER BY seq LIMIT 1").fetchone()[0]
        late = changes.raise_request(
            db, villager_id=person, category="home_help", text="独居老人屋顶漏雨，需上门查看修补",
            raised_by="吕调解员", unit="村委会", due_date=date.today() - timedelta(days=5),
            at=datetime.now().astimezone() - timedelta(days=20))
        changes.start_request(db, late.id, by="村委会王主任",
                           at=datetime.now().astimezone() - timedelta(days=18))
        changes.add_follow_up(db, late.id, datetime.now().astimezone() - timedelta(days=7),
                           "吕调解员", "材料未到，下周上门", "needs_more")
    window.show_page("requests")
    page = window.page("requests")
    page.set_status_filter("all")
    late = next((i for i in range(page.model.rowCount()) if page.model.is_overdue(i)), 0)
    page.table.selectRow(late)
    grab(app, window, out / f"{lang}-50-requests.png")
    page.overdue_check.setChecked(True)
    grab(app, window, out / f"{lang}-51-requests-overdue.png")
    page.overdue_check.setChecked(False)
    page.set_status_filter("active")

    window.show_page("settings")
    settings = window.page("settings")
    settings.tabs.setCurrentWidget(settings.catalogue_editor)
    editor = settings.catalogue_editor
    editor.load()
    editor.select_service("health_check")
    grab(app, window, out / f"{lang}-52-settings-catalogue.png")
    editor.set_field_value("health_check", "diastolic", F_MIN, 200)
    editor.save()
    grab(app, window, out / f"{lang}-53-settings-catalogue-refused.png")
    editor.load()
    editor.select_service("social_security_card")  # a choice field and its options
    editor.fields.setCurrentCell(editor.field_row("business"), 0)
    grab(app, window, out / f"{lang}-55-settings-catalogue-options.png")
    editor.select_service("health_check")  # the blood-pressure and glucose thresholds
    editor.details.tabs.setCurrentWidget(editor.flag_panel)
    grab(app, window, out / f"{lang}-56-settings-catalogue-flags.png")
    editor.details.tabs.setCurrentIndex(0)
    settings.tabs.setCurrentWidget(settings.access)
    settings.access.signin_box.signin.setChecked(True)  # refused: no administrator yet
    grab(app, window, out / f"{lang}-54-settings-signin.png")
    settings.tabs.setCurrentIndex(0)


class _NoNetwork:
    """Stands in for the hub's server in the pictures: they need no network."""

    host = "192.168.8.10"

    def stop(self) -> None:
        pass

    def notify_changed(self) -> None:
        pass


def shoot_devices(app: QApplication, window: MainWindow, session: Session, lang: str,
                  out: Path) -> None:
    """设置 → 摊位设备 and the dialog the queues page opens: the app serving on the router's
    address (pretended), two phones and the display paired, two of them online."""
    from marketapp.core.devices.pairing import create_code, redeem_code
    from marketapp.ui.devices.hub_control import ON, Serving, hub_control
    from marketapp.ui.devices.status import show_hub_in

    db, control = session.db, hub_control(session)
    if not control.running:
        day = session.market()
        stalls = {s.service_code: s for s in day.stalls}
        names = {"haircut": "Android 13 · SM-A135F · 微信", "health_check": "iPhone · Safari"}
        online = []
        for code, name in names.items():
            pairing = create_code(db, day, stall_id=stalls[code].id, counter=1, operator="")
            online.append(redeem_code(db, pairing.code, name=name)[0].id)
        redeem_code(db, create_code(db, day, display=True).code, name="Android 11 · 华为浏览器")
        control.serving = Serving(_NoNetwork(), _NoNetwork(), "192.168.8.10", 8420)
        control.state, control.host, control.wanted = ON, "192.168.8.10", ("192.168.8.10", 8420)
        control.online_ids = frozenset(online)
        control.changed.emit()
    show_hub_in(window.status, control, window)
    window.show_page("settings")
    settings = window.page("settings")
    settings.tabs.setCurrentWidget(settings.devices)
    pairing = settings.devices.pairing
    settle(app)
    pairing.choose(next(t.key for t in pairing.targets.values() if t.letter == "B"))
    grab(app, window, out / f"{lang}-57-settings-devices.png")
    settings.tabs.setCurrentIndex(0)
    window.show_page("queues")
    dialog = window.page("queues").open_devices()
    dialog.panel.pairing.choose("display")
    grab(app, dialog, out / f"{lang}-25-devices-dialog.png")
    dialog.close()


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
    dialog = VillagerDialog(session, None, window)  # Save with three problems: all at once
    dialog.show()
    dialog.edits["id_number"].setText("330624194513320021")
    dialog.edits["phone"].setText("12345")
    dialog.edits["birth_date"].setText("1950-13-01")
    dialog.buttons.accepted.emit()
    grab(app, dialog, out / f"{lang}-11b-villager-all-errors.png")
    dialog.close()
    shoot_registration(app, window, session, lang, out)

    importer = ImportDialog(session, window)
    importer.show()
    importer.load_file(roster)
    wait_until(app, lambda: not importer.is_busy())
    grab(app, importer, out / f"{lang}-12-import-preview.png")
    importer.start_import()
    wait_until(app, lambda: not importer.is_busy())
    grab(app, importer, out / f"{lang}-13-import-summary.png")
    importer.accept()

    queues = window.page("queues")
    window.show_page("queues")
    queues.choose_stall(queues.snapshot.stalls[1].stall_id)
    queues.line_view.selectRow(1)
    grab(app, window, out / f"{lang}-20-queues-health.png")

    stall_page = window.page("stall")
    window.show_page("stall")
    health = next(b.stall_id for b in queues.snapshot.stalls if b.service_code == "health_check")
    stall_page.choose_stall(health, 1)
    stall_page.form.set_values({"systolic": "152", "diastolic": "96", "pulse": "78"})
    stall_page.rating_buttons["satisfied"].setChecked(True)
    grab(app, window, out / f"{lang}-21-stall-health.png")
    stall_page.form.set_values({"systolic": "300", "glucose": "6.2"})
    stall_page.done()
    grab(app, window, out / f"{lang}-22-stall-health-problems.png")
    question = window.quit_question()  # Alt+F4 now: the market open, a reading not saved
    if question is not None:
        box = window.ask_before_quit(*question)
        grab(app, box, out / f"{lang}-25-quit-question.png")
        box.reject()
    stall_page.form.clear()

    for size, name in ((SIZE, "23-display"), ((1920, 1080), "24-display-1080p")):
        display = DisplayWindow(session)
        display.resize(*size)
        display.show()
        display.refresh()
        grab(app, display, out / f"{lang}-{name}.png")
        display.close()
    shoot_reports(app, window, session, lang, out)
    shoot_requests_settings(app, window, lang, out)
    shoot_devices(app, window, session, lang, out)
    window.close()


def shoot_pages(db, db_path: Path, out: Path, scratch: Path) -> None:
    """The hub's pages in a real browser: the pairing page asking for the stall PIN, the stall
    phone (390×760) with the health check's form, its refusal under a field, the rating pad
    and 未连接; the TV board at 1366×768 and 1920×1080. The hub runs on 127.0.0.1 over the same data file, as ``marketapp serve``."""
    sys.path.insert(0, str(ROOT / "tests" / "helpers"))
    try:
        from page_browser import INSECURE_CONTEXT, PHONE, PHONE_AGENT, TV, TV_1080, launch
        from playwright.sync_api import sync_playwright
    except ImportError:
        print('phone and TV pages skipped: pip install -e ".[test]" (playwright)')
        return
    import shutil

    if shutil.which("chromium") is None:
        print("phone and TV pages skipped: chromium is missing (resources/linux-packages.txt)")
        return
    from marketapp.core.devices.hub_address import pairing_url
    from marketapp.core.devices.pairing import create_code
    from marketapp.core.market.days import find_market_day
    from marketapp.web.server import HubServer

    day = find_market_day(db, date.today())
    health = next(s for s in day.stalls if s.service_code == "health_check")
    server = HubServer(db_path, "127.0.0.1", 0)
    server.start()

    def link(stall=None) -> str:
        code = create_code(db, day, stall_id=stall.id if stall else None, display=stall is None,
                           counter=1 if stall else None)
        return pairing_url("127.0.0.1", server.port, code.code)

    def shot(page, name: str) -> None:
        page.wait_for_timeout(150)  # the last frame painted
        page.screenshot(path=str(out / name))
        print(out / name)

    try:
        with sync_playwright() as playwright:
            browser = launch(playwright, fonts=ROOT / "resources" / "fonts", scratch=scratch)
            for size, name in ((TV, "zh-64-tv-display.png"), (TV_1080, "zh-65-tv-display-1080p.png")):
                tv = browser.new_context(viewport=size, locale="zh-CN").new_page()
                tv.goto(link())
                tv.wait_for_url("**/display")
                tv.locator("#number").wait_for()
                shot(tv, name)
            context = browser.new_context(viewport=PHONE, user_agent=PHONE_AGENT, locale="zh-CN",
                                          device_scale_factor=1)
            context.add_init_script(INSECURE_CONTEXT)
            shoot_pin(db, context.new_page(), link(health), shot)
            phone = context.new_page()
            phone.goto(link(health))
            phone.wait_for_url("**/stall")
            phone.locator("#link.online").wait_for()
            phone.get_by_label("收缩压").fill("152")
            phone.get_by_label("舒张压").fill("96")
            phone.get_by_label("脉搏").fill("78")
            phone.evaluate("document.activeElement.blur(); window.scrollTo(0, 0)")
            shot(phone, "zh-60-phone-stall.png")
            phone.evaluate("window.scrollTo(0, document.getElementById('outcome').offsetTop - 60)")
            shot(phone, "zh-61-phone-stall-form.png")
            phone.get_by_label("收缩压").fill("300")
            phone.get_by_role("button", name="办结", exact=True).click()
            phone.locator("#oe-systolic").wait_for()
            shot(phone, "zh-62-phone-stall-problems.png")
            phone.get_by_label("收缩压").fill("152")
            phone.get_by_role("button", name="办结", exact=True).click()
            phone.locator("#pad").wait_for()
            shot(phone, "zh-63-phone-rating-pad.png")
            phone.get_by_role("button", name="跳过", exact=True).click()
            phone.get_by_role("button", name="叫下一位", exact=True).click()
            phone.get_by_role("button", name="已到", exact=True).click()
            phone.locator("#status", has_text="办理中").wait_for()
            phone.get_by_label("收缩压").fill("138")
            server.stop()  # the Wi-Fi drops
            phone.locator("#offline").wait_for(timeout=6000)
            phone.evaluate("document.activeElement.blur(); window.scrollTo(0, 0)")
            shot(phone, "zh-66-phone-offline.png")
            phone.get_by_label("舒张压").fill("85")
            phone.get_by_role("button", name="办结", exact=True).click()
            phone.locator("#kept").wait_for()
            phone.evaluate("window.scrollTo(0, document.body.scrollHeight)")
            shot(phone, "zh-67-phone-offline-kept.png")
            browser.close()
    finally:
        server.stop()


def shoot_pin(db, page, link: str, shot) -> None:
    """The stall PIN (sign-in on): the pairing page asks for 姓名 and PIN, then says the
    desktop's words for a wrong one. Turned off again: the other pictures pair as before."""
    from marketapp.core.access import operators as ops
    from marketapp.core.devices.pairing_pin import set_pin_required

    ops.add_operator(db, "李站长", "admin", "900001")
    ops.add_operator(db, "陆医生", "stall", "135790")
    ops.set_signin_enabled(db, True, by="李站长")
    set_pin_required(db, True, by="李站长")
    try:
        page.goto(link)
        page.get_by_label("姓名", exact=True).wait_for()
        page.evaluate("document.activeElement.blur()")
        shot(page, "zh-68-phone-pair-pin.png")
        page.get_by_label("姓名", exact=True).fill("陆医生")
        page.get_by_label("PIN", exact=True).fill("1234")
        page.get_by_role("button", name="配对", exact=True).click()
        page.locator("#why", has_text="PIN 不正确").wait_for()
        page.evaluate("document.activeElement.blur()")
        shot(page, "zh-69-phone-pair-pin-wrong.png")
    finally:
        set_pin_required(db, False, by="李站长")
        ops.set_signin_enabled(db, False, by="李站长")
        page.close()


def main(argv: list[str]) -> int:
    pages_only = "--pages" in argv
    argv = [a for a in argv if a != "--pages"]
    out = Path(argv[1] if len(argv) > 1 else "screenshots-out")
    out.mkdir(parents=True, exist_ok=True)
    app = create_application("zh")
    with tempfile.TemporaryDirectory() as tmp:
        db_path = Path(tmp) / "demo.db"
        db = open_database(db_path)
        try:
            fill_demo(db)
            fill_market(db)
            if not pages_only:
                session = Session(db, db_path)
                for lang in ("zh", "en"):
                    shoot_language(app, session, lang, out, demo_roster(Path(tmp)))
            shoot_pages(db, db_path, out, Path(tmp))
        finally:
            db.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
