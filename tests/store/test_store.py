import sqlite3

import pytest

from marketapp.store import migrations
from marketapp.store.database import StoreError, backups_dir, open_database
from marketapp.store.paths import ENV_VAR, resolve_db_path


def test_pragmas_on_every_connection(db):
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    assert db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert db.execute("PRAGMA busy_timeout").fetchone()[0] >= 1000


def test_foreign_keys_are_enforced(db):
    with pytest.raises(sqlite3.IntegrityError):
        db.execute(
            "INSERT INTO villagers (id, seq, name, village_id, created_at, updated_at) "
            "VALUES ('x', 1, '张三', 'no-such-village', 'a', 'a')"
        )


def test_reopening_applies_nothing_new(db_path):
    open_database(db_path).close()
    db = open_database(db_path)
    assert migrations.pending_steps(db) == []
    assert not backups_dir(db_path).exists()  # a brand-new file needs no backup


@pytest.fixture
def extra_step():
    """Register one more migration step for the test, and take it away afterwards."""
    added = []

    def register(fn):
        migrations.MIGRATIONS(name=fn.__name__)(fn)
        added.append(fn.__name__)
        return fn

    yield register
    migrations.MIGRATIONS._migrations[:] = [
        m for m in migrations.MIGRATIONS._migrations if m.name not in added
    ]


def test_database_is_backed_up_before_a_migration(db_path, extra_step):
    db = open_database(db_path)
    db.execute("INSERT INTO villages (id, name, created_at) VALUES ('v1', '花园村', 'x')")
    db.close()

    @extra_step
    def m999_add_column(database):
        database.execute("ALTER TABLE villages ADD COLUMN note TEXT")

    db = open_database(db_path)
    assert "note" in db["villages"].columns_dict
    copies = list(backups_dir(db_path).glob("*before-upgrade.db"))
    assert len(copies) == 1
    backup = sqlite3.connect(copies[0])
    assert backup.execute("SELECT name FROM villages").fetchall() == [("花园村",)]
    assert "note" not in [r[1] for r in backup.execute("PRAGMA table_info(villages)")]


def test_a_failed_migration_changes_nothing(db_path, extra_step):
    open_database(db_path).close()

    @extra_step
    def m998_broken(database):
        database.execute("ALTER TABLE villages ADD COLUMN half_done TEXT")
        database.execute("THIS IS NOT SQL")

    with pytest.raises(StoreError) as caught:
        open_database(db_path)
    assert caught.value.code == "migration_failed"
    raw = sqlite3.connect(db_path)
    assert "half_done" not in [r[1] for r in raw.execute("PRAGMA table_info(villages)")]


def test_a_file_from_a_newer_version_is_refused(db_path):
    open_database(db_path).close()
    raw = sqlite3.connect(db_path)
    raw.execute(
        "INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
        "VALUES ('marketapp', 'm500_from_the_future', 'x')"
    )
    raw.commit()
    raw.close()
    with pytest.raises(StoreError) as caught:
        open_database(db_path)
    assert caught.value.code == "newer_schema"
    assert "m500_from_the_future" in caught.value.message("en")


def test_not_a_database_gives_a_clear_message(tmp_path):
    path = tmp_path / "notes.db"
    path.write_bytes(b"this is a shopping list, not a database" * 100)
    with pytest.raises(StoreError) as caught:
        open_database(path)
    assert caught.value.code == "not_a_database"
    assert "损坏" in caught.value.message("zh")


def test_db_location_precedence(monkeypatch, tmp_path):
    monkeypatch.delenv(ENV_VAR, raising=False)
    default = resolve_db_path(None)
    assert default.name == "marketapp.db"
    monkeypatch.setenv(ENV_VAR, str(tmp_path / "env.db"))
    assert resolve_db_path(None) == tmp_path / "env.db"
    assert resolve_db_path(str(tmp_path / "flag.db")) == tmp_path / "flag.db"


def test_primary_keys_are_text_uuids(db):
    from marketapp.core.people.cleaning import clean
    from marketapp.core.people.villagers import VillagerInput, save_villager

    result = save_villager(db, clean(VillagerInput(name="张三", village="花园村")))
    assert len(result.villager.id) == 36 and result.villager.id.count("-") == 4
    village_id = db.execute("SELECT id FROM villages").fetchone()[0]
    assert len(village_id) == 36


def test_a_saved_villager_is_visible_to_another_connection_at_once(db, db_path):
    from marketapp.core.people.cleaning import clean
    from marketapp.core.people.villagers import VillagerInput, save_villager

    assert not db.conn.in_transaction
    save_villager(db, clean(VillagerInput(name="王秀英", village="花园村")))
    other = sqlite3.connect(db_path)
    assert other.execute("SELECT name FROM villagers").fetchall() == [("王秀英",)]


def test_a_second_writer_waits_for_the_first_instead_of_failing(db_path):
    """The UI saves while a worker imports: the save waits its turn and sees the import."""
    import threading

    second = open_database(db_path)
    second.execute("CREATE TABLE t (n INTEGER)")
    second.conn.commit()
    started, finish = threading.Event(), threading.Event()

    def long_write() -> None:  # a worker: its own connection, as the app's workers have
        first = open_database(db_path)
        with first.atomic():
            first.execute("INSERT INTO t VALUES (1)")
            started.set()
            finish.wait(5)
        first.close()

    worker = threading.Thread(target=long_write)
    worker.start()
    started.wait(5)
    threading.Timer(0.3, finish.set).start()  # the worker commits a moment later
    with second.atomic():  # reads first, as a save does, then writes
        seen = second.execute("SELECT COUNT(*) FROM t").fetchone()[0]
        second.execute("INSERT INTO t VALUES (2)")
    worker.join()
    assert seen == 1  # its transaction began once the worker had committed
    assert [r[0] for r in second.execute("SELECT n FROM t ORDER BY n")] == [1, 2]
    second.close()
