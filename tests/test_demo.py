"""The demo day: a believable, deterministic market day made through the engine."""

from datetime import date

import pytest

from marketapp.core.demo_day import run_demo
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
    assert ratings.get("good", 0) > ratings.get("bad", 0)


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
