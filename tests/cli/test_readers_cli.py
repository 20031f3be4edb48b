"""Commands that only read open the data file read-only (issue 15, item 4): a sound file is
left byte for byte as it was, and never locked; an older version's file is upgraded first,
as the app would at its next start (after its backup), unless the app holds it."""

import sqlite3

import pytest
from click.testing import CliRunner
from db_files import add_village

from marketapp.cli import cli
from marketapp.core.people.search.index import rebuild_if_stale
from marketapp.store import migrations
from marketapp.store.database import backups_dir, open_database
from marketapp.store.instance_lock import InstanceLock


@pytest.fixture
def market(db_path):
    db = open_database(db_path)
    rebuild_if_stale(db)
    add_village(db, "花园村")
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    return db_path


@pytest.fixture
def extra_step():
    added = []

    def register(fn):
        migrations.MIGRATIONS(name=fn.__name__)(fn)
        added.append(fn.__name__)
        return fn

    yield register
    migrations.MIGRATIONS._migrations[:] = [
        m for m in migrations.MIGRATIONS._migrations if m.name not in added]


def run(path, *args):
    return CliRunner().invoke(cli, ["--db", str(path), *args])


@pytest.mark.parametrize("args", [("search", "花园"), ("board",), ("services",), ("desk",),
                                  ("operators", "list"), ("operators", "log"), ("check",),
                                  ("retention", "--years", "5", "--dry-run")])
def test_a_reader_leaves_the_file_as_it_was_even_beside_the_app(market, args):
    before = market.read_bytes()
    with InstanceLock(market):  # the app is open: a reader does not need the lock
        result = run(market, *args)
    assert result.exit_code in (0, 1), result.output
    assert "Traceback" not in result.output and "窗口中打开" not in result.output
    assert market.read_bytes() == before


def test_an_older_file_is_upgraded_before_a_read_after_a_backup(market, extra_step):
    @extra_step
    def m990_reader_test(database):
        database.execute("ALTER TABLE villages ADD COLUMN reader_test TEXT")

    result = run(market, "search", "张")
    assert result.exit_code == 0, result.output
    conn = sqlite3.connect(market)
    assert "reader_test" in [r[1] for r in conn.execute("PRAGMA table_info(villages)")]
    conn.close()
    assert list(backups_dir(market).glob("*before-upgrade.db"))


def test_with_the_app_open_an_older_file_is_read_as_it_is(market, extra_step):
    @extra_step
    def m991_reader_test(database):
        database.execute("ALTER TABLE villages ADD COLUMN reader_test TEXT")

    before = market.read_bytes()
    with InstanceLock(market):
        result = run(market, "search", "张")
    assert result.exit_code == 0, result.output
    assert market.read_bytes() == before


def test_a_newer_versions_file_is_refused_by_readers(market):
    conn = sqlite3.connect(market)
    conn.execute("INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
                 "VALUES ('marketapp', 'm500_from_the_future', 'x')")
    conn.commit()
    conn.close()
    result = run(market, "search", "张")
    assert result.exit_code == 1 and "m500_from_the_future" in result.output


def test_stale_search_keys_are_rebuilt_first_or_said_while_the_app_has_the_file(db_path):
    from search_rules import write_as_key_version_2

    from marketapp.core.people.search.index import is_stale

    db = open_database(db_path)
    add_village(db, "花园村")
    write_as_key_version_2(db)
    db.close()
    before = db_path.read_bytes()
    with InstanceLock(db_path):  # the app re-keys it itself: the reader only says so
        result = run(db_path, "search", "张")
    assert result.exit_code == 0 and "搜索索引是旧版本建的" in result.output
    assert db_path.read_bytes() == before
    result = run(db_path, "search", "张")  # nobody holds it: re-keyed first, as the app does
    assert result.exit_code == 0 and "搜索索引" not in result.output
    db = open_database(db_path)
    assert not is_stale(db)
    db.close()
