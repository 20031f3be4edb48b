"""Is a data file sound?

* :func:`quick_problems` - SQLite's ``quick_check`` through a read-only connection;
* :func:`check_database` - the full ``integrity_check`` and ``foreign_key_check`` with a
  summary a person can read (``marketapp check``, the app's menu);
* :func:`verify_backup` - may this file replace the live database?
* :func:`newest_good_backup` - the backup a damaged file is restored from.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from marketapp.core.errors import UserError
from marketapp.store import snapshot as backup_files
from marketapp.store.os_errors import say as _say
from marketapp.store.paths import backups_dir
from marketapp.store.read_only import connect_read_only

if TYPE_CHECKING:  # imported where used: the start-up check runs before sqlite-utils loads
    pass

MIGRATIONS_TABLE = "_sqlite_migrations"
MIGRATION_SET = "marketapp"
#: How many problems a summary lists before saying "and N more".
SHOWN_PROBLEMS = 10


class RestoreError(UserError):
    messages = {
        "missing": (
            "找不到备份文件 {path}，未做任何恢复。",
            "The backup file {path} does not exist; nothing was restored.",
        ),
        "not_a_database": (
            "{path} 不是可读取的数据库文件（或已严重损坏），未做任何恢复。",
            "{path} is not a readable database file (or is badly damaged); nothing was restored.",
        ),
        "damaged": (
            "备份文件 {path} 已损坏（{reason}），未做任何恢复。",
            "The backup file {path} is damaged ({reason}); nothing was restored.",
        ),
        "not_ours": (
            "{path} 不是 marketapp 的数据文件（没有 _sqlite_migrations 表），未做任何恢复。",
            "{path} is not a marketapp data file (it has no _sqlite_migrations table); "
            "nothing was restored.",
        ),
        "newer_schema": (
            "备份文件 {path} 由更新版本的 marketapp 创建（{steps}），请先升级软件；未做任何恢复。",
            "The backup file {path} was written by a newer marketapp ({steps}); upgrade first. "
            "Nothing was restored.",
        ),
        "same_file": (
            "不能用数据文件自身来恢复：{path}",
            "A data file cannot be restored from itself: {path}",
        ),
        "no_safety_copy": (
            "无法先备份当前数据，为保护数据未做恢复：{reason}",
            "Could not back up the current data first, so nothing was restored: {reason}",
        ),
        "failed": (
            "恢复未完成：{reason}。恢复前的数据备份在 {backup}。",
            "The restore did not finish: {reason}. The data as it was before is backed up in "
            "{backup}.",
        ),
        "in_use": (
            "数据文件 {path} 正在被 marketapp 使用（进程号 {pid}），请先关闭程序，"
            "或在程序菜单中恢复。",
            "The data file {path} is in use by marketapp (process {pid}); close the app first, "
            "or restore from the app's menu.",
        ),
    }


# -- opening without writing ---------------------------------------------------------------


def _run_check(conn: sqlite3.Connection, pragma: str) -> list[str]:
    rows = [str(r[0]) for r in conn.execute(f"PRAGMA {pragma}").fetchall()]
    return [] if rows == ["ok"] else rows


def quick_problems(path: Path | str,
                   reading: Callable[[], object] | None = None) -> list[str]:
    """``quick_check`` through a read-only connection; [] when the file is fine.
    ``reading`` is called just before SQLite starts reading the whole file."""
    try:
        conn = connect_read_only(path)
    except sqlite3.Error as exc:
        return [str(exc)]
    try:
        if reading is not None:
            reading()
        return _run_check(conn, "quick_check")
    except sqlite3.Error as exc:
        return [str(exc)]
    finally:
        conn.close()


# -- the full check ------------------------------------------------------------------------

@dataclass
class ForeignKeyProblem:
    table: str
    rowid: int | None
    parent: str


@dataclass
class CheckResult:
    path: Path
    opened: bool = True
    integrity: list[str] = field(default_factory=list)
    foreign_keys: list[ForeignKeyProblem] = field(default_factory=list)
    error: str | None = None
    tables: int = 0

    @property
    def ok(self) -> bool:
        return self.opened and self.error is None and not self.integrity and not self.foreign_keys

    def summary(self, lang: str | None = None) -> str:
        if not self.opened:
            return _say(f"无法打开数据文件 {self.path}：{self.error}",
                        f"Cannot open the data file {self.path}: {self.error}", lang)
        if self.ok:
            return _say(
                f"数据文件完好：{self.path}\n完整性检查：通过\n外键检查：通过（{self.tables} 张表）",
                f"The data file is sound: {self.path}\nIntegrity check: passed\n"
                f"Foreign-key check: passed ({self.tables} tables)", lang)
        lines = [_say(f"数据文件有问题：{self.path}", f"The data file has problems: {self.path}",
                      lang)]
        if self.error:
            lines.append(_say(f"检查中断：{self.error}", f"The check stopped: {self.error}", lang))
        if self.integrity:
            lines.append(_say(f"完整性检查：{len(self.integrity)} 处问题",
                              f"Integrity check: {len(self.integrity)} problem(s)", lang))
            lines += [f"  - {p}" for p in self.integrity[:SHOWN_PROBLEMS]]
            lines += _more(len(self.integrity), lang)
        else:
            lines.append(_say("完整性检查：通过", "Integrity check: passed", lang))
        if self.foreign_keys:
            lines.append(_say(f"外键检查：{len(self.foreign_keys)} 条记录引用了不存在的记录",
                              f"Foreign-key check: {len(self.foreign_keys)} row(s) refer to "
                              "rows that do not exist", lang))
            for p in self.foreign_keys[:SHOWN_PROBLEMS]:
                lines.append(_say(f"  - 表 {p.table} 第 {p.rowid} 行：引用的 {p.parent} 记录不存在",
                                  f"  - table {p.table}, row {p.rowid}: its {p.parent} row is "
                                  "missing", lang))
            lines += _more(len(self.foreign_keys), lang)
        elif not self.error:
            lines.append(_say("外键检查：通过", "Foreign-key check: passed", lang))
        return "\n".join(lines)


def _more(count: int, lang: str | None) -> list[str]:
    if count <= SHOWN_PROBLEMS:
        return []
    rest = count - SHOWN_PROBLEMS
    return [_say(f"  …… 另有 {rest} 处", f"  ... and {rest} more", lang)]


def check_database(path: Path | str) -> CheckResult:
    """``integrity_check`` + ``foreign_key_check`` through a read-only connection."""
    path = Path(path)
    result = CheckResult(path)
    if not path.is_file():
        result.opened = False
        result.error = _say("文件不存在", "the file does not exist", None)
        return result
    try:
        conn = connect_read_only(path)
        result.tables = conn.execute(
            "SELECT count(*) FROM sqlite_master WHERE type = 'table'").fetchone()[0]
    except sqlite3.Error as exc:
        result.opened = False
        result.error = str(exc)
        return result
    try:
        result.integrity = _run_check(conn, "integrity_check")
        result.foreign_keys = [ForeignKeyProblem(str(t), r, str(p))
                               for t, r, p, _ in conn.execute("PRAGMA foreign_key_check")]
    except sqlite3.Error as exc:
        result.error = str(exc)
    finally:
        conn.close()
    return result


# -- backups as restore candidates ---------------------------------------------------------

def verify_backup(path: Path | str, *, full: bool = True) -> None:
    """Raise :class:`RestoreError` unless ``path`` can replace the live database.

    The file must open, pass ``integrity_check`` (``quick_check`` when ``full`` is false),
    hold our ``_sqlite_migrations`` table and no schema step this version does not know.
    Nothing is written to it.
    """
    from marketapp.store import migrations

    path = Path(path)
    if not path.is_file():
        raise RestoreError("missing", path=str(path))
    try:
        conn = connect_read_only(path)
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.Error as exc:
        raise RestoreError("not_a_database", path=str(path)) from exc
    try:
        try:
            problems = _run_check(conn, "integrity_check" if full else "quick_check")
        except sqlite3.Error as exc:
            problems = [str(exc)]
        if problems:
            raise RestoreError("damaged", path=str(path), reason=problems[0])
        has_table = conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?",
                                 [MIGRATIONS_TABLE]).fetchone()
        if not has_table:
            raise RestoreError("not_ours", path=str(path))
        applied = [r[0] for r in conn.execute(
            f"SELECT name FROM {MIGRATIONS_TABLE} WHERE migration_set = ?", [MIGRATION_SET])]
        known = {m.name for m in migrations.MIGRATIONS._migrations}
        unknown = [name for name in applied if name not in known]
        if unknown:
            raise RestoreError("newer_schema", path=str(path), steps=", ".join(unknown))
    finally:
        conn.close()


def backup_folders(db_path: Path | str, mirror_dir: Path | str | None = None) -> list[Path]:
    folders = [backups_dir(Path(db_path))]
    if mirror_dir:
        folders.append(Path(mirror_dir))
    return folders


def newest_good_backup(db_path: Path | str, mirror_dir: Path | str | None = None,
                       *, full: bool = False) -> Path | None:
    """The newest of our backups (primary folder, then the mirror) that passes its check."""
    candidates = []
    for folder in backup_folders(db_path, mirror_dir):
        try:
            candidates += backup_files.list_backups(folder, Path(db_path))
        except OSError:
            continue  # a stick pulled out
    for found in sorted(candidates, reverse=True):
        try:
            verify_backup(found.path, full=full)
        except RestoreError:
            continue
        return found.path
    return None


# -- start-up ------------------------------------------------------------------------------


# -- where the file is kept ----------------------------------------------------------------


