"""`marketapp --demo`: a market in progress to try the app on, in its own data file."""

from datetime import datetime, timedelta, timezone

from marketapp.core.demo.day import live_demo
from marketapp.core.market.days import find_market_day
from marketapp.store.paths import demo_db_path, resolve_db_path


def test_live_demo_is_open_with_people_waiting_and_served(db):
    now = datetime(2026, 11, 28, 10, 30, tzinfo=timezone(timedelta(hours=8)))
    result = live_demo(db, now, villagers=60, seed=5)
    assert result is not None and result.market_day.status == "open"
    states = dict(db.execute("SELECT status, COUNT(*) FROM tickets GROUP BY status"))
    assert states.get("waiting", 0) > 0 and states.get("done", 0) > 0
    last = db.execute("SELECT MAX(at) FROM queue_events").fetchone()[0]
    assert last <= now.isoformat()
    assert live_demo(db, now) is None  # already there: left as it is
    assert find_market_day(db, now.date(), "城南村").status == "open"


def test_evening_demo_still_fits_the_day(db):
    now = datetime(2026, 11, 28, 23, 50, tzinfo=timezone(timedelta(hours=8)))
    result = live_demo(db, now, villagers=20, seed=2)
    first = db.execute("SELECT MIN(arrived_at) FROM tickets").fetchone()[0]
    assert first.startswith("2026-11-28T20:")
    assert result.market_day.date == "2026-11-28"


def test_a_demo_made_just_after_midnight_holds_nothing_ahead_of_the_clock(db):
    """A call stamped ahead of now would stay "now calling" over every real call."""
    for minute in (0, 20):
        now = datetime(2026, 11, 28 + minute // 20, 0, minute, 30,
                       tzinfo=timezone(timedelta(hours=8)))
        result = live_demo(db, now, villagers=30, seed=3)
        assert result is not None and result.market_day.date == now.date().isoformat()
        last = db.execute("SELECT MAX(at) FROM queue_events e JOIN tickets t "
                          "ON t.id = e.ticket_id WHERE t.market_day_id = ?",
                          [result.market_day.id]).fetchone()[0]
        assert last is None or last <= now.isoformat()


def test_demo_has_its_own_data_file(monkeypatch):
    monkeypatch.delenv("MARKETAPP_DB", raising=False)
    assert demo_db_path() != resolve_db_path(None)
    assert demo_db_path().parent == resolve_db_path(None).parent
