"""Importing a 100,000-row GBK roster into an empty database."""

from __future__ import annotations

import csv
import random
import tempfile
import time
from pathlib import Path

from benchmarks.common import CACHE
from marketapp.core.demo.people import make_person
from marketapp.core.roster.importer import import_roster
from marketapp.core.roster.read import read_roster
from marketapp.store.database import open_database

ROWS = 100_000
FIGURES = ["import_100k_s", "import_100k_read_s"]
GOALS = {"import_100k_s": "<= 15 s"}


def _roster(path: Path) -> Path:
    if path.exists():
        return path
    rng = random.Random(5)
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="gb18030", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["序号", "姓名", "性别", "身份证号码", "联系电话", "所属村", "村民小组",
                         "独居老人", "低保", "备注"])
        for row in range(1, ROWS + 1):
            p = make_person(rng)
            writer.writerow([row, p.name, "男" if p.gender == "M" else "女", p.id_number or "",
                             p.phone or "", p.village, p.address,
                             "是" if p.living_alone else "", "是" if p.low_income else "", ""])
    return path


def run() -> dict[str, float]:
    roster_path = _roster(CACHE / "roster-100k-gbk.csv")
    with tempfile.TemporaryDirectory() as tmp:
        db = open_database(Path(tmp) / "import.db")
        started = time.perf_counter()
        roster = read_roster(roster_path)
        read_s = time.perf_counter() - started
        summary = import_roster(db, roster)
        total_s = time.perf_counter() - started
        assert summary is not None
        print(f"  added {summary.added}, updated {summary.updated}, "
              f"rejected {len(summary.rejected)}, flagged {summary.flagged}")
        db.close()
    return {"import_100k_s": round(total_s, 2), "import_100k_read_s": round(read_s, 2)}
