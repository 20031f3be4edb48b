"""Kill -9 during backups: nothing acknowledged is lost, no bad backup is ever published.

    python tests/helpers/stress_backup_kill.py [N]        # N kills (default 100)

A child process opens a data file (WAL, automatic checkpoints off, so the newest commits
live only in the ``-wal`` file), then loops: commit a few rows, printing ``ack SEQ`` after
each commit returns; print ``begin SEQ``, take a backup (alternately from its open
connection and from the file path), print ``done NAME SEQ``. The parent kills it with
SIGKILL at a random moment, N times, each time checking:

* every acknowledged row is in the live file (reopened normally);
* every published backup (a name of ours, not ``.partial``) passes ``integrity_check``
  and our restore checks;
* each backup reported done holds the row committed just before it (the WAL's newest);
* leftover ``.partial`` files are never listed as backups, and the newest good backup
  offered for restore is a published one.

Not collected by pytest (no ``test_`` prefix); ``tests/test_backups.py`` runs a few kills.
"""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

PAYLOAD = 2000  # bytes per row: makes the file big enough for backups to take a while


def child(db_path: str) -> None:
    from marketapp.store.backup.policy import backup_now
    from marketapp.store.database import open_database

    db = open_database(db_path)
    conn = db.conn
    conn.execute("PRAGMA wal_autocheckpoint=0")
    seq = conn.execute("SELECT coalesce(max(seq), 0) FROM stress WHERE seq > 0").fetchone()[0]
    rng = random.Random(os.getpid())
    print("ready", flush=True)
    turn = 0
    while True:
        for _ in range(rng.randint(1, 8)):
            seq += 1
            with db.atomic():
                conn.execute("INSERT INTO stress (seq, payload) VALUES (?, randomblob(?))",
                             [seq, PAYLOAD])
            print(f"ack {seq}", flush=True)
        print(f"begin {seq}", flush=True)
        turn += 1
        result = backup_now(conn if turn % 2 else Path(db_path), "auto")
        print(f"done {result.path.name} {seq}", flush=True)


def prepare(db_path: Path, rows: int) -> None:
    from marketapp.store.database import open_database

    db = open_database(db_path)
    db.execute("CREATE TABLE IF NOT EXISTS stress (seq INTEGER PRIMARY KEY, payload BLOB)")
    db.conn.commit()
    with db.atomic():
        db.execute("INSERT INTO stress (seq, payload) WITH RECURSIVE n(i) AS "
                   "(SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?) "
                   "SELECT -i, randomblob(?) FROM n", [rows, PAYLOAD])
    db.close()


@dataclass
class Report:
    kills: int = 0
    killed_during_backup: int = 0
    killed_elsewhere: int = 0
    acknowledged: int = 0
    backups_done: int = 0
    published_checked: int = 0
    partial_left: int = 0
    failures: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.failures and self.kills > 0

    def lines(self) -> list[str]:
        return [
            f"kills: {self.kills} (during a backup: {self.killed_during_backup}, "
            f"during commits: {self.killed_elsewhere})",
            f"acknowledged commits: {self.acknowledged}, all present after the kills: "
            f"{'yes' if not any(f.startswith('lost') for f in self.failures) else 'NO'}",
            f"backups reported done: {self.backups_done}; published backups checked "
            f"(integrity_check + restore checks): {self.published_checked}, bad: "
            f"{sum(f.startswith('bad') for f in self.failures)}",
            f"backups missing their latest commit: "
            f"{sum(f.startswith('stale') for f in self.failures)}",
            f".partial files left by kills: {self.partial_left} (listed as backups: "
            f"{sum(f.startswith('partial') for f in self.failures)})",
            "RESULT: " + ("OK" if self.ok else "FAILED: " + "; ".join(self.failures[:5])),
        ]


def run(kills: int, workdir: Path, *, rows: int = 3000, seed: int = 0,
        max_delay: float = 0.4, after_a_backup: int = 1, log=None) -> Report:
    """``after_a_backup``: in that many first rounds, wait for one finished backup before
    the random delay, so a slow machine still publishes some backups to check."""
    from marketapp.store.backup.snapshot import list_backups
    from marketapp.store.database import backups_dir, open_database
    from marketapp.store.integrity import RestoreError, newest_good_backup, verify_backup

    rng = random.Random(seed)
    db_path = Path(workdir) / "stress.db"
    prepare(db_path, rows)
    folder = backups_dir(db_path)
    report = Report()
    acked: set[int] = set()
    checked: set[Path] = set()
    env = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    for round_no in range(kills):
        proc = subprocess.Popen([sys.executable, __file__, "--child", str(db_path)],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                env=env)
        first = proc.stdout.readline().strip()
        if first != "ready":
            proc.wait()
            report.failures.append(f"child did not start: {proc.stderr.read()[-500:]}")
            break
        before = ""
        if round_no < after_a_backup:
            while True:
                line = proc.stdout.readline()
                before += line
                if not line or line.startswith("done "):
                    break
        time.sleep(rng.uniform(0.0, max_delay))
        os.kill(proc.pid, signal.SIGKILL)
        # Through the text streams: communicate() would skip what readline() buffered.
        out = before + proc.stdout.read()
        err = proc.stderr.read()
        proc.wait()
        proc.stderr.close()
        proc.stdout.close()
        if proc.returncode != -signal.SIGKILL:
            report.failures.append(f"child ended by itself ({proc.returncode}): {err[-300:]}")
            break
        report.kills += 1
        lines = [line.split() for line in out.splitlines() if line.strip()]
        done: dict[str, int] = {}
        for parts in lines:
            if parts[0] == "ack":
                acked.add(int(parts[1]))
            elif parts[0] == "done":
                done[parts[1]] = int(parts[2])
        report.backups_done += len(done)
        if lines and lines[-1][0] == "begin":
            report.killed_during_backup += 1
        else:
            report.killed_elsewhere += 1

        db = open_database(db_path)  # recovers the WAL like the app would
        present = {r[0] for r in db.execute("SELECT seq FROM stress WHERE seq > 0")}
        db.close()
        lost = acked - present
        if lost:
            report.failures.append(f"lost round {round_no}: {sorted(lost)[:5]}")
        for b in list_backups(folder, db_path):
            if b.path in checked:
                continue
            try:
                verify_backup(b.path, full=True)
            except RestoreError as exc:
                report.failures.append(f"bad backup {b.path.name}: {exc.message('en')}")
                continue
            checked.add(b.path)
            report.published_checked += 1
            if b.path.name in done:
                conn = sqlite3.connect(f"{b.path.as_uri()}?mode=ro", uri=True)
                latest = conn.execute("SELECT max(seq) FROM stress").fetchone()[0]
                conn.close()
                if latest != done[b.path.name]:
                    report.failures.append(f"stale {b.path.name}: {latest} != "
                                           f"{done[b.path.name]}")
        for name in os.listdir(folder) if folder.is_dir() else []:
            if ".partial" in name and any(b.path.name == name
                                          for b in list_backups(folder, db_path)):
                report.failures.append(f"partial listed as a backup: {name}")
        offered = newest_good_backup(db_path)
        if offered is not None and offered.name.endswith(".partial"):
            report.failures.append(f"partial offered: {offered.name}")
        if log and (round_no + 1) % 10 == 0:
            log(f"  {round_no + 1} kills, {len(acked)} commits acknowledged, "
                f"{report.published_checked} backups checked")
    report.acknowledged = len(acked)
    report.partial_left = sum(".partial" in n for n in os.listdir(folder)) \
        if folder.is_dir() else 0
    return report


def main(argv: list[str]) -> int:
    if len(argv) >= 2 and argv[0] == "--child":
        child(argv[1])
        return 0
    kills = int(argv[0]) if argv else 100
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="stress-backup-") as workdir:
        print(f"stress_backup_kill: {kills} SIGKILLs of a child committing and backing up")
        report = run(kills, Path(workdir), log=print)
    for line in report.lines():
        print(line)
    print(f"time: {time.monotonic() - started:.1f} s")
    return 0 if report.ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
