"""The import's bulk machinery writes exactly what saving each row on its own would.

The import loads a chunk's matches at once (core.roster.bulk_lookup) and holds new villagers back
to write them a chunk at a time (core.people.writes.BufferedWriter). The same roster run
through the plain per-row lookup and writer must leave the same tables behind.
"""

from datetime import date, datetime, timedelta, timezone

import pytest
from idgen import make_id
from roster_files import VILLAGES, people, write_csv
from search_rules import keys_by_the_rules

from marketapp.core import clock
from marketapp.core.people.cleaning import clean
from marketapp.core.people.villagers import VillagerInput, VillagerLookup, save_villager
from marketapp.core.people.writes import VillagerWriter
from marketapp.core.roster import importer as roster_import
from marketapp.core.roster.importer import import_roster
from marketapp.core.roster.read import read_roster
from marketapp.store.database import open_database

TODAY = date(2026, 11, 28)
HEADER = ["序号", "姓名", "性别", "身份证号码", "联系电话", "所属村", "村民小组", "出生日期",
          "独居老人", "备注"]
ID_A = make_id(birth="19400203", seq=7, male=False)
# People there before the import whom rows in later blocks update (a rename among them).
ID_B = make_id(birth="19420304", seq=611)
ID_C = make_id(birth="19380808", seq=612)
ID_D = make_id(birth="19450505", seq=613, male=False)


@pytest.fixture(autouse=True)
def _fixed_clock(monkeypatch):
    moment = datetime(2026, 11, 28, 9, 30, tzinfo=timezone(timedelta(hours=8)))
    monkeypatch.setattr(clock, "now", lambda: moment)


def _existing(db):
    """People already there before the import: four with an ID, two without."""
    for values in (
        VillagerInput(name="张秀英", id_number=ID_A, phone="13811110001", village="花园村"),
        VillagerInput(name="周德明", id_number=ID_B, phone="13811110003", village="潭头村"),
        VillagerInput(name="林海", id_number=ID_C, phone="13811110004", village="花园村"),
        VillagerInput(name="吴彩霞", id_number=ID_D, village="下岩贝村"),
        VillagerInput(name="李建国", gender="男", phone="13811110002", village="石门村",
                      address="2组"),
        VillagerInput(name="王阿毛", gender="男", birth_date="1950-01-01", village="花园村"),
    ):
        save_villager(db, clean(values, today=TODAY), on_duplicate="ignore")


def _row(name, gender="", id_number="", phone="", village="", group="", born="", alone="",
         notes=""):
    return [name, gender, id_number, phone, village, group, born, alone, notes]


def _roster(tmp_path):
    persons = people(4600, seed=21)  # more than one block of import_steps
    rows = [_row(p["name"], p["gender"], p["id_number"], p["phone"], VILLAGES[i % 5],
                 p["group"], "", "是" if i % 17 == 0 else "", p["notes"])
            for i, p in enumerate(persons)]
    first = persons[3]
    specials = {
        5: _row("张秀英", "女", ID_A, "13900000001", "花园村", "3组"),  # updates a person there
        # An ID of an earlier row of the file, other details: rejected naming that row.
        9: _row(first["name"], first["gender"], first["id_number"], "13900000009"),
        12: _row("李建国", "男", "", "13811110002", "石门村", "2组"),  # unchanged, no ID
        13: _row("李建国", "男", "", "13811110002", "石门村", "3组"),  # another address: new
        20: _row("陈福根", "男", "", "", "潭头村", "1组", "1948-05-06"),
        21: _row("陈福根", "男", "", "", "潭头村", "1组", "1948-05-06"),  # the row just before
        30: _row("王阿毛", "男", "", "13922220030", "花园村", "", "1950-07-07"),  # looks alike
        31: _row("赵海燕", "女", "", persons[40]["phone"], "石门村"),  # same phone as a roster person
        32: _row("钱小红", "女", "3.30624E+17", "13900000032", "花园村"),  # rejected: Excel
        33: _row("孙大伟", "男", "", "12345", "花园村"),  # rejected: phone
        34: _row("", "男", "", "13900000034", "花园村"),  # rejected: no name
        35: _row("王阿毛", "男", make_id(birth="19500303", seq=8), "", "花园村"),  # looks alike
        700: _row("周德明", "男", ID_B, "", "", "8组", "", "是"),  # updates, second chunk
        800: list(rows[50]),  # an earlier row of the file again: unchanged
        1100: _row("张秀英", "女", ID_A, "", "花园村", "5组"),  # row 5's ID again: rejected
        # In later blocks, after the first block's search keys were written: a new name
        # and a new phone must move the keys of people there before.
        3000: _row("欧阳林海", "男", ID_C, "13700003000"),
        4200: _row("吴彩霞", "女", ID_D, "13700004200", "石门村"),
    }
    for at in sorted(specials):  # each lands at its index: file row at + 2, below the header
        rows.insert(at, specials[at])
    numbered = [[str(i), *row] for i, row in enumerate(rows, 1)]
    return write_csv(tmp_path / "roster.csv", [HEADER, *numbered], encoding="gbk")


def _tables(db):
    """Every table the import writes, with the random ids replaced by what they name."""
    seq_of = dict(db.execute("SELECT id, seq FROM villagers").fetchall())
    village_of = dict(db.execute("SELECT id, name FROM villages").fetchall())
    cursor = db.execute("SELECT * FROM villagers ORDER BY seq")
    columns = [c[0] for c in cursor.description]
    villagers = []
    for row in cursor.fetchall():
        values = dict(zip(columns, row, strict=True))
        values.pop("id")
        values["village_id"] = village_of.get(values["village_id"])
        villagers.append(values)
    flags = sorted(
        (seq_of[a], seq_of[b], why, at, resolved, resolution)
        for a, b, why, at, resolved, resolution in db.execute(
            "SELECT villager_id, other_id, reason, created_at, resolved_at, resolution "
            "FROM duplicate_flags"))
    audit = [(seq_of[v], *rest) for v, *rest in db.execute(
        "SELECT villager_id, field, old, new, at, operator FROM villager_audit ORDER BY rowid")]
    return {
        "villagers": villagers,
        "villages": db.execute("SELECT name, created_at FROM villages ORDER BY name").fetchall(),
        "flags": flags,
        "audit": audit,
        "search": db.execute("SELECT * FROM villager_search ORDER BY key, tier, seen, seq")
                    .fetchall(),
    }


def _import(db_path, roster_path, existing):
    db = open_database(db_path)
    if existing:
        _existing(db)
    summary = import_roster(db, read_roster(roster_path), today=TODAY)
    tables = _tables(db)
    db.close()
    figures = (summary.added, summary.updated, summary.unchanged, summary.flagged,
               [(r.row_number, r.reason("en")) for r in summary.rejected],
               summary.villages_created)
    return figures, tables


@pytest.mark.parametrize("existing", [True, False], ids=["people-there", "empty-table"])
def test_bulk_import_writes_the_same_tables_as_saving_row_by_row(tmp_path, monkeypatch,
                                                                  existing):
    roster_path = _roster(tmp_path)
    bulk_figures, bulk_tables = _import(tmp_path / "bulk.db", roster_path, existing)

    monkeypatch.setattr(roster_import, "BulkLookup", VillagerLookup)
    monkeypatch.setattr(roster_import, "BufferedWriter", VillagerWriter)
    monkeypatch.setattr(roster_import, "_LATE_INDEXES", ())
    row_figures, row_tables = _import(tmp_path / "rows.db", roster_path, existing)

    added, updated, unchanged, flagged, rejected, _ = bulk_figures
    # The roster exercises every way a row can go.
    assert added > 1000 and updated == (4 if existing else 0) and flagged >= 3
    assert unchanged == (3 if existing else 2)
    assert [n for n, _ in rejected] == [11, 34, 35, 36, 1102]
    assert "row 5 of this file" in rejected[0][1] and "row 7 of this file" in rejected[-1][1]
    assert bulk_figures == row_figures
    for table in row_tables:
        assert bulk_tables[table] == row_tables[table], table
    # And those keys are every person's keys by the rules, renamed people included.
    by_seq = {}
    for seq, key, tier in ((row[3], row[0], row[1]) for row in bulk_tables["search"]):
        by_seq.setdefault(seq, set()).add((key, tier))
    people_keys = {v["seq"]: keys_by_the_rules(v["name"], v["id_number"], v["phone"])
                   for v in bulk_tables["villagers"]}
    assert by_seq == people_keys
    renamed = [v for v in bulk_tables["villagers"] if v["name"].startswith("欧阳")]
    assert len(renamed) == 1 and renamed[0]["phone"] == "13700003000"


def _schema(db):
    return db.execute("SELECT type, name, sql FROM sqlite_master ORDER BY name").fetchall()


def test_an_import_into_an_empty_table_leaves_the_schema_as_it_was(db, tmp_path):
    before = _schema(db)
    import_roster(db, read_roster(_roster(tmp_path)), today=TODAY)
    assert _schema(db) == before
    plan = db.execute("EXPLAIN QUERY PLAN SELECT * FROM villagers WHERE phone = ?",
                      ["13900000001"]).fetchall()
    assert "villagers_phone" in str(plan)


def test_a_cancelled_import_into_an_empty_table_keeps_its_indexes(db, tmp_path):
    before = _schema(db)
    assert import_roster(db, read_roster(_roster(tmp_path)), today=TODAY,
                         on_progress=lambda done, total: done < 1000) is None
    assert _schema(db) == before
    assert db.execute("SELECT COUNT(*) FROM villagers").fetchone()[0] == 0


def test_held_back_villagers_outside_an_import_get_their_search_keys_on_flush(db):
    from marketapp.core.people.search.query import search
    from marketapp.core.people.villagers import save_in_transaction
    from marketapp.core.people.writes import BufferedWriter
    from marketapp.core.roster.bulk_lookup import BulkLookup

    with db.atomic():
        lookup, writer = BulkLookup(db), BufferedWriter(db)
        for name in ("柳青", "柳永"):
            save_in_transaction(db, clean(VillagerInput(name=name, village="花园村")),
                                lookup=lookup, writer=writer)
        assert db.execute("SELECT COUNT(*) FROM villagers").fetchone()[0] == 0
        writer.flush()
    assert sorted(m.villager.name for m in search(db, "柳")) == ["柳永", "柳青"]
    assert db.execute("SELECT COUNT(*) FROM villager_audit WHERE field = 'created'"
                      ).fetchone()[0] == 2


def test_the_cycle_collector_is_back_on_however_an_import_ends(db, tmp_path, monkeypatch):
    import gc

    from marketapp.core.roster.importer import import_steps

    roster = read_roster(_roster(tmp_path))
    assert gc.isenabled()
    import_roster(db, roster, today=TODAY, dry_run=True)
    assert gc.isenabled()
    assert import_roster(db, roster, today=TODAY, on_progress=lambda d, t: d < 500) is None
    assert gc.isenabled()
    steps = import_steps(db, roster, today=TODAY)
    next(steps), next(steps)
    assert not gc.isenabled()  # paused while the import holds the transaction
    del steps  # dropped half-way, never closed: finalising it rolls back and resumes
    assert gc.isenabled() and not db.conn.in_transaction

    def disk_full(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(roster_import, "save_in_transaction", disk_full)
    with pytest.raises(OSError):
        import_roster(db, roster, today=TODAY)
    assert gc.isenabled()
    assert db.execute("SELECT COUNT(*) FROM villagers").fetchone()[0] == 0
