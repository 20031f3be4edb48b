"""What staff type as free text names people: the masked daily report leaves it out, and the
merge summary masks names and phone numbers unless --full (issue 15, item 6)."""

from datetime import date

import pytest
from click.testing import CliRunner
from pdf_text import pdf_text

from marketapp.cli import cli
from marketapp.core.market.days import open_market_day
from marketapp.core.people.cleaning import clean
from marketapp.core.people.search.index import rebuild_if_stale
from marketapp.core.people.villagers import VillagerInput, save_villager
from marketapp.core.queue import engine as queue
from marketapp.core.queue.closing import close_market_day
from marketapp.core.queue.visits import finish
from marketapp.core.requests import changes
from marketapp.store.database import open_database

DAY = "2026-03-14"
NEIGHBOUR, NEIGHBOUR_PHONE = "钱多多", "13588889999"
DOCTOR_NOTE = f"请邻居{NEIGHBOUR}陪同复查，电话 {NEIGHBOUR_PHONE}"
REQUEST = "电视机要上门修，找儿子孙大明 13766665555"


def run(path, *args):
    result = CliRunner().invoke(cli, ["--db", str(path), *args])
    assert result.exit_code == 0, result.output
    return result


@pytest.fixture
def day(db_path):
    db = open_database(db_path)
    rebuild_if_stale(db)
    person = save_villager(db, clean(VillagerInput(name="欧阳翠萍", phone="13912345678",
                                                   village="花园村"), today=date(2026, 3, 1)),
                           at=f"{DAY}T07:00:00+08:00").villager
    market = open_market_day(db, DAY, "花园村", ["health_check", "appliance_repair"],
                             at=f"{DAY}T07:30:00+08:00")
    stall = db.execute("SELECT id FROM stalls WHERE market_day_id = ? AND service_code = "
                       "'health_check'", [market.id]).fetchone()[0]
    at = f"{DAY}T09:00:00+08:00"
    queue.issue(db, stall, person.id, at=at)
    ticket = queue.call_next(db, stall, at=at)
    queue.start(db, ticket.id, at=at)
    visit = finish(db, ticket.id, {"systolic": 187, "diastolic": 111, "advice": DOCTOR_NOTE},
                   at=at)
    changes.raise_request(db, villager_id=person.id, category="health_referral",
                           text=REQUEST, raised_by="陆医生", market_day_id=market.id,
                           visit_id=visit.id, at=f"{DAY}T09:30:00+08:00")
    close_market_day(db, market.id, reason="收市", at=f"{DAY}T12:00:00+08:00")
    db.close()
    return db_path


def secrets_in(text):
    flat = text.replace("\n", "").replace(" ", "")
    return {s for s in (NEIGHBOUR, NEIGHBOUR_PHONE, "孙大明", "13766665555", "欧阳翠萍")
            if s in flat}


def test_the_masked_daily_report_leaves_advice_and_request_texts_out(day, tmp_path):
    out = tmp_path / "masked.pdf"
    run(day, "report", "--date", DAY, "-o", str(out))
    text = pdf_text(out)
    assert secrets_in(text) == set()
    assert "工作人员版" in text.replace("\n", "")  # and says where they are


def test_the_staff_copy_has_them(day, tmp_path):
    out = tmp_path / "full.pdf"
    run(day, "report", "--date", DAY, "-o", str(out), "--full")
    assert {NEIGHBOUR, "孙大明", "欧阳翠萍"} <= secrets_in(pdf_text(out))


def test_the_merge_summary_masks_who_unless_full(tmp_path):
    from merge_laptops import SHARED_ID

    here, there = tmp_path / "office.db", tmp_path / "laptop.db"
    for path, name, phone, when in ((here, "赵大爷", "13800000001", "2025-03-01"),
                                    (there, "赵大爹", "13900000002", "2025-03-02")):
        db = open_database(path)
        rebuild_if_stale(db)
        notes = f"邻居{NEIGHBOUR} {NEIGHBOUR_PHONE}" if path == there else ""
        save_villager(db, clean(VillagerInput(name=name, id_number=SHARED_ID, phone=phone,
                                              village="花园村", notes=notes),
                                today=date(2025, 3, 8)), at=f"{when}T09:00:00+08:00")
        db.close()
    masked = run(here, "merge", str(there), "--dry-run").output
    for secret in ("赵大爷", "赵大爹", "13800000001", "13900000002", NEIGHBOUR, SHARED_ID):
        assert secret not in masked, secret
    assert "赵*爷" in masked and "138****0001" in masked
    full = run(here, "merge", str(there), "--dry-run", "--full").output
    assert "赵大爹" in full and "13900000002" in full and NEIGHBOUR in full
