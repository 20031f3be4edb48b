"""The command line against a dying laptop, a bad disk and a careless user (issue 15, 1-4).

    python tests/helpers/stress_careful_cli.py [ROUNDS]     # default 20 a kind

Four kinds of random case, each checked, each counted:

kill -9 during import, restore and merge
    ``marketapp`` runs in a child process killed at a random moment. Afterwards the file
    passes ``integrity_check``, holds exactly the data from before or from after the command
    (an import all or nothing, a restore the old or the backup's villages, a merge without
    or with the other file's), no lock is left, and every published backup passes its check.
random byte flips in the schema
    A byte of the schema page (the ``CREATE`` statements SQLite reads first) is changed. No
    command shows a traceback; when the start check finds the damage, a writing command
    refuses and leaves every byte as it was; ``marketapp restore GOOD`` always brings the
    data back.
a foreign ``-wal`` beside a sound file
    Another database's log (a small program's, or another laptop's data file's) is put
    beside a copy. Commands that only read leave the file's bytes as they were; a writing
    command either refuses (bytes as they were) or leaves a file that passes
    ``integrity_check``.
restore racing import
    An import of 1,500 villagers and a restore start in two processes a random moment
    apart. The imported villagers are afterwards in the data file (the import waited and
    ran after) or in the restore's "before" backup (the restore waited): never lost.

Not collected by pytest (no ``test_`` prefix); ``tests/cli/test_careful_stress.py`` runs it.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HELPERS = Path(__file__).resolve().parent
for folder in (ROOT, HELPERS):
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))

IMPORTED = 1500


@dataclass
class Tally:
    tried: int = 0
    safe: int = 0
    notes: dict[str, int] = field(default_factory=dict)

    def note(self, what: str) -> None:
        self.notes[what] = self.notes.get(what, 0) + 1


@dataclass
class Report:
    kinds: dict[str, Tally] = field(default_factory=dict)
    failures: list[str] = field(default_factory=list)

    def tally(self, kind: str) -> Tally:
        return self.kinds.setdefault(kind, Tally())

    def lines(self) -> list[str]:
        out = []
        for kind, t in self.kinds.items():
            extra = ", ".join(f"{k} {v}" for k, v in sorted(t.notes.items()))
            out.append(f"{kind}: {t.safe}/{t.tried} safe" + (f" ({extra})" if extra else ""))
        out += [f"FAILED: {f}" for f in self.failures]
        return out


# -- files -----------------------------------------------------------------------------------

def _ro(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"{Path(path).resolve().as_uri()}?mode=ro", uri=True)


def village_names(path: Path) -> set[str]:
    conn = _ro(path)
    try:
        return {r[0] for r in conn.execute("SELECT name FROM villages")}
    finally:
        conn.close()


def villager_count(path: Path) -> int:
    conn = _ro(path)
    try:
        return conn.execute("SELECT count(*) FROM villagers").fetchone()[0]
    finally:
        conn.close()


def sound(path: Path) -> bool:
    from marketapp.store.integrity import check_database

    return check_database(path).ok


def make_file(path: Path, villages: list[str]) -> None:
    from db_files import add_village

    from marketapp.core.people.search.index import rebuild_if_stale
    from marketapp.store.database import open_database

    db = open_database(path)
    rebuild_if_stale(db)
    for name in villages:
        add_village(db, name)
    db.close()


def copy_closed(source: Path, dest: Path) -> Path:
    """A copy of a closed data file (no -wal), and nothing else of dest's left."""
    for suffix in ("", "-wal", "-shm", ".lock", "-closed"):
        Path(f"{dest}{suffix}").unlink(missing_ok=True)
    shutil.rmtree(dest.parent / "backups", ignore_errors=True)
    shutil.copy(source, dest)
    return dest


@dataclass
class World:
    folder: Path
    base: Path  # 花园村 + 桃源村 and 300 villagers
    good: Path  # a backup of an older state: 花园村 only
    other: Path  # another laptop's file: 外村
    roster: Path  # 1,500 new villagers
    small_roster: Path

    @classmethod
    def build(cls, folder: Path) -> World:
        from roster_files import people, roster_rows, write_csv

        from marketapp.store.backup.policy import backup_now

        folder.mkdir(parents=True, exist_ok=True)
        base = folder / "base.db"
        make_file(base, ["花园村"])
        good = backup_now(base, "manual").path
        kept = folder / "good.db"
        shutil.copy(good, kept)
        shutil.rmtree(folder / "backups")
        from db_files import add_village

        from marketapp.store.database import open_database

        db = open_database(base)
        add_village(db, "桃源村")
        db.close()
        cli(base, "import-villagers", str(write_csv(folder / "first.csv",
                                                      roster_rows(people(300, seed=1)))))
        other = folder / "other.db"
        make_file(other, ["外村"])
        roster = write_csv(folder / "roster.csv", roster_rows(people(IMPORTED, seed=2)))
        small = write_csv(folder / "small.csv", roster_rows(people(5, seed=3)))
        return cls(folder, base, kept, other, roster, small)


# -- running commands ------------------------------------------------------------------------

def cli(path: Path, *args: str):
    """The command in this process (fast): its result, with no traceback allowed."""
    from click.testing import CliRunner

    from marketapp.cli import cli as command

    return CliRunner().invoke(command, ["--db", str(path), *args])


def spawn(path: Path, *args: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "marketapp", "--db", str(path), *args],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            cwd=str(ROOT))


def traceback_in(result) -> bool:
    crashed = result.exception is not None and not isinstance(result.exception, SystemExit)
    return crashed or "Traceback" in result.output


# -- 1. kill -9 -----------------------------------------------------------------------------

def kills(world: World, rounds: int, rng: random.Random, report: Report) -> None:
    from marketapp.store.backup.snapshot import list_backups
    from marketapp.store.database import backups_dir
    from marketapp.store.instance_lock import is_locked
    from marketapp.store.integrity import quick_problems

    live = world.folder / "kill.db"
    tally = report.tally("kill -9 during import/restore/merge")
    commands = {
        "import": (("import-villagers", str(world.roster)), 1.0),
        "restore": (("restore", str(world.good)), 0.6),
        "merge": (("merge", str(world.other)), 0.8),
    }
    for i in range(rounds):
        kind = ("import", "restore", "merge")[i % 3]
        args, duration = commands[kind]
        copy_closed(world.base, live)
        before = (village_names(live), villager_count(live))
        child = spawn(live, *args)
        time.sleep(rng.uniform(0.05, duration))
        os.kill(child.pid, signal.SIGKILL)
        child.communicate()
        tally.tried += 1
        after = (village_names(live), villager_count(live))
        if kind == "import":
            allowed = [before, (before[0], before[1] + IMPORTED)]
        elif kind == "restore":
            allowed = [before, (village_names(world.good), villager_count(world.good))]
        else:
            allowed = [before, (before[0] | village_names(world.other), before[1])]
        problems = []
        if not sound(live):
            problems.append("not sound")
        if after not in allowed:
            problems.append(f"half done: {after[1]} villagers, {sorted(after[0])}")
        if is_locked(live) is not None:
            problems.append("lock left held")
        bad = [b.path.name for b in list_backups(backups_dir(live), live)
               if quick_problems(b.path)]
        if bad:
            problems.append(f"bad backup published: {bad}")
        if problems:
            report.failures.append(f"kill during {kind}: " + "; ".join(problems))
        else:
            tally.safe += 1
            tally.note(f"{kind} {'done' if after != before else 'undone'}")


# -- 2. schema byte flips --------------------------------------------------------------------

def schema_spots(path: Path) -> list[int]:
    """Offsets of the schema's CREATE statements in the file (page 1 and its overflow)."""
    data = path.read_bytes()
    spots: list[int] = []
    at = data.find(b"CREATE ")
    while at >= 0 and len(spots) < 10_000:
        end = data.find(b")", at)
        spots.extend(range(at, max(at + 8, end)))
        at = data.find(b"CREATE ", at + 7)
    return spots


def flips(world: World, rounds: int, rng: random.Random, report: Report) -> None:
    from marketapp.store.integrity import quick_problems

    live = world.folder / "flip.db"
    tally = report.tally("random byte flips in the schema")
    copy_closed(world.base, live)
    spots = schema_spots(live)
    for _ in range(rounds):
        copy_closed(world.base, live)
        data = bytearray(live.read_bytes())
        at = rng.choice(spots)
        data[at] ^= rng.randint(1, 255)
        live.write_bytes(bytes(data))
        damaged = bool(quick_problems(live))
        tally.tried += 1
        problems = []
        for args in (("check",), ("search", "张"), ("board",),
                     ("export", "villagers", "-o", str(world.folder / "flip.csv"))):
            result = cli(live, *args)
            if traceback_in(result):
                problems.append(f"traceback in {args[0]}: {result.output[-200:]}")
        before = live.read_bytes()
        imported = cli(live, "import-villagers", str(world.small_roster))
        if traceback_in(imported):
            problems.append("traceback in import")
        if damaged and (imported.exit_code != 1 or live.read_bytes() != before):
            problems.append("wrote into a damaged file")
        restored = cli(live, "restore", str(world.good))
        if restored.exit_code != 0 or village_names(live) != village_names(world.good) \
                or not sound(live):
            problems.append(f"restore failed: {restored.output[-300:]}")
        if problems:
            report.failures.append(f"flip at {at}: " + "; ".join(problems))
        else:
            tally.safe += 1
            tally.note("damage refused" if damaged else "harmless flip")


# -- 3. a foreign -wal -----------------------------------------------------------------------

def foreign_logs(world: World, rounds: int, rng: random.Random, report: Report) -> None:
    live = world.folder / "wal.db"
    source = world.folder / "foreign.db"
    tally = report.tally("foreign -wal beside a sound file")
    for i in range(rounds):
        copy_closed(world.base, live)
        for suffix in ("", "-wal", "-shm"):
            Path(f"{source}{suffix}").unlink(missing_ok=True)
        _foreign_log(source, rng, ours=i % 2 == 1)
        shutil.copy(f"{source}-wal", f"{live}-wal")
        before = live.read_bytes()
        tally.tried += 1
        problems = []
        for args in (("check",), ("search", "张"), ("board",), ("operators", "log"),
                     ("export", "villagers", "-o", str(world.folder / "wal.csv"))):
            result = cli(live, *args)
            if traceback_in(result):
                problems.append(f"traceback in {args[0]}")
            if live.read_bytes() != before:
                problems.append(f"{args[0]} wrote to the file")
        written = cli(live, "desk", "1", "2")
        if traceback_in(written):
            problems.append("traceback in a writer")
        if written.exit_code != 0 and live.read_bytes() != before:
            problems.append("a refusing writer changed the file")
        if written.exit_code == 0 and not sound(live):
            problems.append("a writer made the foreign pages permanent damage")
        if problems:
            report.failures.append(f"foreign log {i}: " + "; ".join(problems))
        else:
            tally.safe += 1
            tally.note("writer refused" if written.exit_code else "writer found it sound")


def _foreign_log(path: Path, rng: random.Random, *, ours: bool) -> None:
    """A database whose newest commits are only in its -wal (left open, then copied)."""
    if ours:
        from db_files import add_village

        from marketapp.core.people.search.index import rebuild_if_stale
        from marketapp.store.database import open_database

        db = open_database(path)
        rebuild_if_stale(db)  # as the app leaves a file
        db.conn.execute("PRAGMA wal_autocheckpoint=0")
        for n in range(rng.randint(1, 300)):
            add_village(db, f"外村{n:04d}")
        conn = db.conn
    else:
        conn = sqlite3.connect(path)
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA wal_autocheckpoint=0")
        conn.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)")
        conn.executemany("INSERT INTO t (v) VALUES (?)",
                         [("x" * rng.randint(1, 900),)] * rng.randint(1, 400))
        conn.commit()
    shutil.copy(f"{path}-wal", f"{path}-wal.copy")
    conn.close()
    shutil.move(f"{path}-wal.copy", f"{path}-wal")


# -- 4. restore racing import ----------------------------------------------------------------

def races(world: World, rounds: int, rng: random.Random, report: Report) -> None:
    from marketapp.store.backup.snapshot import list_backups
    from marketapp.store.database import backups_dir

    live = world.folder / "race.db"
    tally = report.tally("restore during import")
    for i in range(rounds):
        copy_closed(world.base, live)
        before = villager_count(live)
        first, second = ("import-villagers", str(world.roster)), ("restore", str(world.good))
        if rng.random() < 0.3:  # now and then the restore starts first
            first, second = second, first
        started = spawn(live, *first)
        time.sleep(rng.uniform(0.0, 0.7))
        following = spawn(live, *second)
        importing, restoring = (started, following) if first[0] == "import-villagers" \
            else (following, started)
        _, import_err = importing.communicate(timeout=120)
        _, restore_err = restoring.communicate(timeout=120)
        tally.tried += 1
        problems = []
        if importing.returncode != 0 or restoring.returncode != 0:
            problems.append(f"exit {importing.returncode}/{restoring.returncode}: "
                            f"{import_err[-200:]} {restore_err[-200:]}")
        in_file = villager_count(live) == villager_count(world.good) + IMPORTED
        kept = [b.path for b in list_backups(backups_dir(live), live) if b.reason == "restore"]
        in_backup = any(villager_count(p) == before + IMPORTED for p in kept)
        if not (in_file or in_backup):
            problems.append("the import is in neither the data file nor the before backup")
        if not sound(live):
            problems.append("not sound")
        if problems:
            report.failures.append(f"race {i}: " + "; ".join(problems))
        else:
            tally.safe += 1
            tally.note("import waited" if in_file else "restore waited")


def run(rounds: int, folder: Path, seed: int = 15, races_rounds: int | None = None,
        kill_rounds: int | None = None) -> Report:
    rng = random.Random(seed)
    report = Report()
    world = World.build(folder)
    kills(world, kill_rounds if kill_rounds is not None else rounds, rng, report)
    flips(world, rounds, rng, report)
    foreign_logs(world, rounds, rng, report)
    races(world, races_rounds if races_rounds is not None else rounds, rng, report)
    return report


if __name__ == "__main__":
    with tempfile.TemporaryDirectory() as tmp:
        started = time.monotonic()
        result = run(int(sys.argv[1]) if len(sys.argv) > 1 else 20, Path(tmp))
        print("\n".join(result.lines()))
        print(f"{time.monotonic() - started:.0f} s")
        sys.exit(1 if result.failures else 0)
