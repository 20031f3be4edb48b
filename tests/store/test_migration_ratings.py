"""m011: old 好/中/差 ratings become the five levels of 好差评, with who gave them."""

from __future__ import annotations

import sqlite3

import pytest

from marketapp.store import migrations
from marketapp.store.database import connect

NOW = "2025-03-08T09:00:00+08:00"


def _old_file(path):
    """A data file as the app left it before m011, with four visits (好, 中, 差, unrated)
    and a request raised on the 差 one."""
    db = connect(path)
    migrations.MIGRATIONS.apply(db, stop_before="m011_rating_levels")
    run = db.conn.execute
    run("INSERT INTO villages (id, name, created_at) VALUES ('g', '城南村', ?)", (NOW,))
    run("INSERT INTO villagers (id, seq, name, created_at, updated_at) "
        "VALUES ('p', 1, '张三', ?, ?)", (NOW, NOW))
    run("INSERT INTO market_days (id, date, village_id, opened_at) "
        "VALUES ('d', '2025-03-08', 'g', ?)", (NOW,))
    run("INSERT INTO stalls (id, market_day_id, position, service_code, letter, name_zh, "
        "name_en, typical_minutes, service_json) VALUES ('s', 'd', 1, 'haircut', 'A', '理发', "
        "'Haircut', 10, '{}')")
    for n, rating in enumerate(("good", "ok", "bad", None), start=1):
        run("INSERT INTO tickets (id, market_day_id, stall_id, villager_id, number, label, "
            "status, priority, arrived_at, queued_at, queue_seq, issued_at, device_id) "
            f"VALUES ('t{n}', 'd', 's', 'p', {n}, 'A00{n}', 'done', 'normal', ?, ?, {n}, ?, "
            "'dev')", (NOW, NOW, NOW))
        run("INSERT INTO visits (id, ticket_id, market_day_id, stall_id, villager_id, "
            "service_code, rating, rated_at, arrived_at, started_at, finished_at, "
            "wait_minutes, service_minutes, device_id) VALUES "
            f"('v{n}', 't{n}', 'd', 's', 'p', 'haircut', ?, ?, ?, ?, ?, 1, 1, 'dev')",
            (rating, NOW if rating else None, NOW, NOW, NOW))
    run("INSERT INTO requests (id, villager_id, visit_id, market_day_id, category, text, "
        "raised_at, raised_on, raised_by, updated_at) VALUES ('r', 'p', 'v3', 'd', 'other', "
        "'剪得太短', ?, '2025-03-08', '王师傅', ?)", (NOW, NOW))
    db.conn.commit()
    return db


def test_old_ratings_map_to_the_five_levels_as_given_by_staff(tmp_path):
    db = _old_file(tmp_path / "old.db")
    migrations.apply_pending(db)
    rows = db.execute("SELECT id, rating, rated_by, rated_at FROM visits ORDER BY id").fetchall()
    assert rows == [("v1", "satisfied", "staff", NOW), ("v2", "basically_satisfied", "staff", NOW),
                    ("v3", "dissatisfied", "staff", NOW), ("v4", None, None, None)]
    # the request raised on the 差 visit still stands on it, and every key checks out
    assert db.execute("SELECT visit_id FROM requests").fetchone()[0] == "v3"
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []
    assert db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert db.execute("PRAGMA defer_foreign_keys").fetchone()[0] == 0


def test_the_new_column_only_takes_the_five_levels_and_a_rater(tmp_path):
    db = _old_file(tmp_path / "old.db")
    migrations.apply_pending(db)
    with pytest.raises(sqlite3.IntegrityError):
        db.execute("UPDATE visits SET rating = 'good' WHERE id = 'v4'")
    with pytest.raises(sqlite3.IntegrityError):  # a rating says who gave it
        db.execute("UPDATE visits SET rating = 'satisfied' WHERE id = 'v4'")
    db.execute("UPDATE visits SET rating = 'very_dissatisfied', rated_by = 'villager', "
               "rated_at = ? WHERE id = 'v4'", [NOW])


def test_a_visit_with_a_request_still_cannot_be_deleted_after_the_rebuild(tmp_path):
    db = _old_file(tmp_path / "old.db")
    migrations.apply_pending(db)
    with pytest.raises(sqlite3.IntegrityError):
        db.execute("DELETE FROM visits WHERE id = 'v3'")
