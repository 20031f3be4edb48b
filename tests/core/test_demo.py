"""The demo day: a believable, deterministic market day made through the engine."""

from datetime import date

import pytest

from marketapp.core.demo import day as demo_day
from marketapp.core.demo.day import DemoError, run_demo
from marketapp.core.figures.daily import daily_data
from marketapp.store.database import open_database

DAY = date(2026, 11, 28)


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory):
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    db = open_database(path)
    result = run_demo(db, day=DAY, villagers=80, seed=3)
    yield db, result, path
    db.close()


def content(db):
    """The day as a person sees it: no UUIDs, which are new on every run."""
    return db.execute(
        "SELECT v.name, v.id_number, s.letter, t.label, t.status, t.priority, t.arrived_at, "
        "t.finished_at, vi.outcome, vi.rating FROM tickets t JOIN villagers v ON v.id = "
        "t.villager_id JOIN stalls s ON s.id = t.stall_id LEFT JOIN visits vi ON "
        "vi.ticket_id = t.id ORDER BY t.label").fetchall()


def test_demo_is_a_closed_believable_day(demo_db):
    db, result, _ = demo_db
    assert result.market_day.status == "closed"
    statuses = dict(db.execute("SELECT status, COUNT(*) FROM tickets GROUP BY status"))
    assert statuses.get("done", 0) > result.villagers // 2
    assert "waiting" not in statuses and "called" not in statuses and "serving" not in statuses
    assert statuses.get("no_show", 0) + statuses.get("cancelled", 0) > 0
    priorities = dict(db.execute("SELECT priority, COUNT(*) FROM tickets GROUP BY priority"))
    assert priorities.get("priority", 0) > 0
    villages = db.execute("SELECT COUNT(DISTINCT village_id) FROM villagers").fetchone()[0]
    assert villages >= 3
    first = db.execute("SELECT MIN(arrived_at) FROM tickets").fetchone()[0]
    assert first[11:13] == "08"
    requests = db.execute("SELECT COUNT(*) FROM requests").fetchone()[0]
    assert requests == result.requests
    ratings = dict(db.execute("SELECT rating, COUNT(*) FROM visits GROUP BY rating"))
    assert ratings.get("very_satisfied", 0) > ratings.get("dissatisfied", 0) > 0


def test_every_ticket_was_made_through_the_engine(demo_db):
    db, _, _ = demo_db
    without_events = db.execute(
        "SELECT COUNT(*) FROM tickets t WHERE NOT EXISTS "
        "(SELECT 1 FROM queue_events e WHERE e.ticket_id = t.id AND e.action = 'issue')"
    ).fetchone()[0]
    assert without_events == 0
    done_without_visit = db.execute(
        "SELECT COUNT(*) FROM tickets t LEFT JOIN visits v ON v.ticket_id = t.id "
        "WHERE t.status = 'done' AND v.id IS NULL").fetchone()[0]
    assert done_without_visit == 0


def test_same_seed_same_day(demo_db, tmp_path):
    db, _, _ = demo_db
    other = open_database(tmp_path / "again.db")
    run_demo(other, day=DAY, villagers=80, seed=3)
    assert content(other) == content(db)
    third = open_database(tmp_path / "different.db")
    run_demo(third, day=DAY, villagers=80, seed=4)
    assert content(third) != content(db)


def test_the_demo_result_counts_final_states_as_the_report(demo_db):
    db, result, _ = demo_db
    key = daily_data(db, result.market_day.id).key
    assert (result.tickets, result.visits, result.no_shows, result.transfers,
            result.cancelled, result.not_served, result.requests) == (
        key.tickets, key.visits, key.no_shows, key.transferred, key.cancelled,
        key.not_served, key.requests_raised)
    returned = db.execute("SELECT COUNT(*) FROM queue_events WHERE action = 'return'"
                          ).fetchone()[0]
    assert result.returned == returned > 0


def test_a_demo_that_fails_half_way_leaves_nothing(db, monkeypatch):
    calls = []

    def broken(*args, **kwargs):
        calls.append(1)
        if len(calls) == 3:
            raise OSError("disk full")
        return real(*args, **kwargs)

    real = demo_day.changes.raise_request
    monkeypatch.setattr(demo_day.changes, "raise_request", broken)
    with pytest.raises(OSError):
        run_demo(db, day=DAY, villagers=60, seed=3)
    for table in ("market_days", "villagers", "tickets", "queue_events", "visits", "requests"):
        assert db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0] == 0, table
    monkeypatch.setattr(demo_day.changes, "raise_request", real)
    assert run_demo(db, day=DAY, villagers=10, seed=3).market_day.status == "closed"


@pytest.mark.parametrize("day", [date(1900, 1, 1), date(1999, 12, 31), date(2300, 1, 1)])
def test_an_absurd_demo_date_is_refused_before_anything_is_written(db, day):
    with pytest.raises(DemoError) as refused:
        run_demo(db, day=day, villagers=5)
    assert f"演示日期 {day.isoformat()} 不合理" in refused.value.message("zh")
    assert "Demo date" in refused.value.message("en")
    assert db.execute("SELECT COUNT(*) FROM market_days").fetchone()[0] == 0


def test_the_demo_names_its_township_unless_one_is_set(demo_db, db):
    from marketapp.core.settings import set_township, township

    assert township(demo_db[0]) == "城南乡"  # the report's title: 城南乡服务集市日报
    set_township(db, "城北镇")
    run_demo(db, day=DAY, villagers=5, seed=4)
    assert township(db) == "城北镇"
