"""Is the data file healthy, and where is it kept?

* :func:`startup_check` - run before the app opens the file: a ``quick_check`` through a
  read-only connection (``file:...?mode=ro``), so a damaged file is never written to (not
  read again after a clean exit that checked it: ``store.clean_close``). A
  damaged file is then opened read-only (:func:`open_read_only`) with a clear message and
  the newest backup that passes its own check offered for restore.
* :func:`check_database` - the full ``integrity_check`` and ``foreign_key_check`` with a
  summary a person can read (``marketapp check``, the app's menu).
* :func:`verify_backup` - may this file replace the live database?
* :func:`storage_warning` - the live file on a USB stick or a network share.
* :func:`explain_write_error` - a full disk or read-only folder as a message to show.
* :func:`explain_file_error` - the same for a file the person chose (export, saved rows).
"""

from __future__ import annotations

import errno
import os
import re
import sqlite3
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path, PureWindowsPath
from typing import TYPE_CHECKING

from marketapp.core.errors import UserError, current_language
from marketapp.store import snapshot as backup_files
from marketapp.store.clean_close import closed_cleanly
from marketapp.store.paths import backups_dir

if TYPE_CHECKING:  # imported where used: the start-up check runs before sqlite-utils loads
    from sqlite_utils import Database

MIGRATIONS_TABLE = "_sqlite_migrations"
MIGRATION_SET = "marketapp"
#: How many problems a summary lists before saying "and N more".
SHOWN_PROBLEMS = 10


def _say(zh: str, en: str, lang: str | None) -> str:
    return zh if (lang or current_language()) == "zh" else en


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


class WriteProblem(UserError):
    """Why a write failed, for the status bar / a dialog; the transaction was rolled back."""

    messages = {
        "disk_full": (
            "磁盘空间已满，刚才的操作没有保存（之前保存的数据都完好）。"
            "请删除一些文件腾出空间后重试。",
            "The disk is full: the last action was not saved (everything saved before is "
            "intact). Free some space and try again.",
        ),
        "read_only": (
            "数据文件或其文件夹不可写入（{reason}），刚才的操作没有保存（之前保存的数据都完好）。",
            "The data file or its folder cannot be written ({reason}): the last action was not "
            "saved (everything saved before is intact).",
        ),
        "other": (
            "刚才的操作没有保存：{reason}（之前保存的数据都完好）。",
            "The last action was not saved: {reason} (everything saved before is intact).",
        ),
    }


def classify_error(exc: BaseException) -> str:
    """'disk_full', 'read_only', 'damaged' or 'other' for an OSError or sqlite3.Error."""
    if isinstance(exc, OSError):
        if exc.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", -1)):
            return "disk_full"
        if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
            return "read_only"
        return "other"
    text = str(exc).lower()
    if "disk is full" in text or "disk full" in text:
        return "disk_full"
    if "readonly" in text or "read-only" in text or "unable to open database file" in text:
        return "read_only"
    if "malformed" in text or "not a database" in text or "disk i/o error" in text:
        return "damaged"
    return "other"


def explain_write_error(exc: BaseException) -> WriteProblem:
    kind = classify_error(exc)
    reason = os_reason(exc)
    if kind == "disk_full":
        return WriteProblem("disk_full")
    if kind == "read_only":
        return WriteProblem("read_only", reason=reason)
    return WriteProblem("other", reason=reason)


#: The operating system's reasons come in English (strerror) whatever the user reads.
OS_REASONS: dict[int, tuple[str, str]] = {
    errno.ENOENT: ("文件或文件夹不存在", "the file or folder does not exist"),
    errno.EACCES: ("没有权限", "permission denied"),
    errno.EPERM: ("没有权限", "permission denied"),
    errno.ENOSPC: ("磁盘空间已满", "the disk is full"),
    errno.EROFS: ("磁盘只读", "the disk is read-only"),
    errno.EEXIST: ("文件已存在", "the file already exists"),
}


def os_reason(exc: BaseException, lang: str | None = None) -> str:
    """A short reason in the user's language for a common OSError, else the system's text."""
    known = OS_REASONS.get(getattr(exc, "errno", None) or -1)
    if known is not None:
        return _say(*known, lang)
    return getattr(exc, "strerror", None) or str(exc)


class FileProblem(UserError):
    """A file the person chose (or is saving to) could not be used; nothing was written."""

    messages = {
        "missing": (
            "找不到 {path}：文件或文件夹不存在（U 盘可能已拔出）。请检查位置，或另选一个文件夹。",
            "{path} was not found: the file or folder does not exist (a USB stick may have been "
            "removed). Check the location or choose another folder.",
        ),
        "denied": (
            "没有权限使用 {path}。如果它正在 Excel 或 WPS 中打开，请先关闭；"
            "否则请另选一个文件夹（例如“文档”）。",
            "No permission to use {path}. If it is open in Excel or WPS, close it first; "
            "otherwise choose another folder (such as Documents).",
        ),
        "read_only": (
            "{path} 所在的磁盘只能读、不能写（例如打开了写保护的 U 盘）。请另选一个文件夹。",
            "The disk holding {path} can be read but not written (a write-protected USB stick, "
            "for example). Choose another folder.",
        ),
        "exists": (
            "{path} 已经存在。请换一个文件名。",
            "{path} already exists. Choose another file name.",
        ),
        "other": (
            "无法使用 {path}：{reason}",
            "Could not use {path}: {reason}",
        ),
    }


_FILE_PROBLEMS = {errno.ENOENT: "missing", errno.EACCES: "denied", errno.EPERM: "denied",
                  errno.EROFS: "read_only", errno.EEXIST: "exists"}


def explain_file_error(exc: OSError, path: Path | str | None = None) -> UserError:
    """What went wrong with ``path`` (default: the error's own file name) and what to do."""
    where = str(path or exc.filename or _say("该文件", "the file", None))
    if classify_error(exc) == "disk_full":
        return WriteProblem("disk_full")
    code = _FILE_PROBLEMS.get(exc.errno or -1, "other")
    return FileProblem(code, path=where, reason=os_reason(exc))


# -- opening without writing ---------------------------------------------------------------

def read_only_uri(path: Path | str) -> str:
    return f"{Path(path).resolve().as_uri()}?mode=ro"


def connect_read_only(path: Path | str) -> sqlite3.Connection:
    """A connection that cannot write to the file (and does not checkpoint on close)."""
    conn = sqlite3.connect(read_only_uri(path), uri=True)
    conn.execute("PRAGMA query_only=ON")
    return conn


def open_read_only(path: Path | str) -> Database:
    """The data file opened for reading only, e.g. a damaged one whose rows are shown.

    Set up like :func:`marketapp.store.database.connect` for queries (the reverse function,
    the key-position table in TEMP), but nothing can be written to the file.
    """
    conn = sqlite3.connect(read_only_uri(path), uri=True)
    conn.create_function("marketapp_reverse", 1,
                         lambda t: t[::-1] if t is not None else None, deterministic=True)
    conn.execute("CREATE TEMP TABLE key_positions (i INTEGER PRIMARY KEY)")
    conn.execute("INSERT INTO temp.key_positions (i) WITH RECURSIVE n(i) AS "
                 "(SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 64) SELECT i FROM n")
    conn.commit()
    conn.execute("PRAGMA query_only=ON")
    from sqlite_utils import Database

    return Database(conn)


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

@dataclass
class StartupState:
    """What the app should do with the data file it is about to open.

    ``status``: ``new`` (no file yet: create it), ``ok`` (open normally), ``damaged`` (show
    ``message()``, open with :func:`open_read_only` when ``can_read``, offer ``good_backup``).
    """

    path: Path
    status: str
    problems: list[str] = field(default_factory=list)
    can_read: bool = True
    good_backup: Path | None = None
    storage_warning: str | None = None
    checked_at_exit: bool = False  # closed cleanly after a check: not read again (clean_close)

    @property
    def ok(self) -> bool:
        return self.status in ("new", "ok")

    @property
    def read_only(self) -> bool:
        return self.status == "damaged"

    def message(self, lang: str | None = None) -> str | None:
        if self.ok:
            return self.storage_warning
        first = self.problems[0] if self.problems else "?"
        if self.can_read:
            text = _say(
                f"数据文件已损坏（{first}）。为保护数据，现在以只读方式打开：可以查看和导出，"
                "但不能修改。",
                f"The data file is damaged ({first}). To protect it, it is open read-only: you "
                "can look and export but not change anything.", lang)
        else:
            text = _say(f"数据文件已损坏，无法读取（{first}）。",
                        f"The data file is damaged and cannot be read ({first}).", lang)
        if self.good_backup:
            text += _say(f"\n最新的完好备份：{self.good_backup}（{_taken(self.good_backup)}），"
                         "建议从它恢复。",
                         f"\nNewest good backup: {self.good_backup} ({_taken(self.good_backup)}); "
                         "restoring it is recommended.", lang)
        else:
            text += _say("\n没有找到完好的备份。", "\nNo good backup was found.", lang)
        return text


def _taken(path: Path) -> str:
    match = re.search(r"-(\d{8})-(\d{2})(\d{2})(\d{2})-", path.name)
    if not match:
        return "?"
    d = match.group(1)
    return f"{d[:4]}-{d[4:6]}-{d[6:]} {match.group(2)}:{match.group(3)}:{match.group(4)}"


def startup_check(db_path: Path | str, mirror_dir: Path | str | None = None, *,
                  reading: Callable[[], object] | None = None) -> StartupState:
    """Check the file before opening it for writing. Never writes to the file.
    ``reading``: see quick_problems (called for a new, empty file too)."""
    path = Path(db_path)
    mounts = system_mounts()  # read once for both questions below
    warning = storage_warning(path, mounts=mounts)
    if not path.exists() or path.stat().st_size == 0:
        if reading is not None:
            reading()
        return StartupState(path, "new", storage_warning=warning)
    if warning is None and file_system_type(path, mounts=mounts) in FINE_CLOCK_FS \
            and closed_cleanly(path):
        # Checked at the last exit and not changed since (store.clean_close).
        if reading is not None:
            reading()
        return StartupState(path, "ok", checked_at_exit=True)
    problems = quick_problems(path, reading)
    if not problems:
        return StartupState(path, "ok", storage_warning=warning)
    can_read = True
    try:
        conn = connect_read_only(path)
        try:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        finally:
            conn.close()
    except sqlite3.Error:
        can_read = False
    return StartupState(path, "damaged", problems, can_read,
                        newest_good_backup(path, mirror_dir), warning)


# -- where the file is kept ----------------------------------------------------------------

class StorageWarning(UserError):
    messages = {
        "removable": (
            "数据文件在可移动存储上（{mount}）：U盘被拔出或松动时，正在保存的数据可能丢失或损坏。"
            "请把数据文件放在本机硬盘上，U盘只用作备份的第二个文件夹。",
            "The data file is on removable storage ({mount}): if the stick is pulled out or "
            "loose, data being saved can be lost or damaged. Keep the data file on this "
            "computer's disk and use the stick only as the second backup folder.",
        ),
        "network": (
            "数据文件在网络存储上（{mount}，{fstype}）：网络中断时数据可能丢失或损坏。"
            "请把数据文件放在本机硬盘上。",
            "The data file is on network storage ({mount}, {fstype}): data can be lost or "
            "damaged when the network drops. Keep the data file on this computer's disk.",
        ),
    }


NETWORK_FS = {"nfs", "nfs4", "cifs", "smb3", "smbfs", "ncpfs", "afs", "9p", "ceph",
              "glusterfs", "davfs", "lustre", "fuse", "sshfs"}
REMOVABLE_FS = {"vfat", "msdos", "exfat", "ntfs", "ntfs3", "fuseblk", "hfsplus", "udf",
                "iso9660"}
REMOVABLE_PREFIXES = ("/media/", "/run/media/", "/mnt/")


@dataclass(frozen=True)
class Mount:
    device: str
    point: str
    fstype: str


def parse_mounts(text: str) -> list[Mount]:
    """Lines of /proc/mounts (``\\040`` and friends are octal escapes)."""
    def unescape(field_text: str) -> str:
        return re.sub(r"\\([0-7]{3})", lambda m: chr(int(m.group(1), 8)), field_text)

    mounts = []
    for line in text.splitlines():
        parts = line.split()
        if len(parts) >= 3:
            mounts.append(Mount(unescape(parts[0]), unescape(parts[1]), parts[2]))
    return mounts


def system_mounts() -> list[Mount]:
    """Linux's mounts (``/proc/mounts``); [] where there is no such file (macOS, Windows)."""
    try:
        return parse_mounts(Path("/proc/mounts").read_text(encoding="utf-8", errors="replace"))
    except OSError:
        return []


def _device_is_removable(device: str) -> bool:
    """Linux: /sys/block/<disk>/removable, or the disk hangs off a USB bus."""
    name = os.path.basename(device)
    if not device.startswith("/dev/") or not name:
        return False
    disk = re.sub(r"(?<=\d)p\d+$", "", name) if name.startswith(("mmcblk", "nvme")) \
        else re.sub(r"\d+$", "", name)
    block = Path("/sys/block") / disk
    try:
        if (block / "removable").read_text().strip() == "1":
            return True
        return "/usb" in os.path.realpath(block)
    except OSError:
        return False


def storage_kind(path: Path | str, *, mounts: list[Mount] | None = None,
                 removable_device: Callable[[str], bool] | None = None,
                 platform: str | None = None,
                 drive_type: Callable[[str], int] | None = None) -> tuple[str, str, str] | None:
    """``(kind, where, fstype)`` with kind ``removable`` or ``network``; None for a local disk.

    Linux: the mount holding the path (from ``/proc/mounts``): a network file system (nfs,
    cifs/smb, sshfs and other FUSE file systems) is ``network``; a path under ``/media``,
    ``/run/media`` or ``/mnt``, or a FAT/exFAT/NTFS file system on a removable (or USB) disk,
    is ``removable``. Windows: ``GetDriveTypeW`` of the drive (2 removable, 4 remote) and UNC
    paths. The keyword arguments replace the system's answers in tests.
    """
    platform = platform or sys.platform
    if platform.startswith("win"):
        return _windows_kind(str(path), drive_type)
    resolved = str(Path(path).expanduser().resolve()) if platform == sys.platform else str(path)
    if mounts is None:
        mounts = system_mounts()
    removable_device = removable_device or _device_is_removable
    holding = _holding_mount(resolved, mounts)
    fstype = holding.fstype if holding else ""
    where = holding.point if holding else resolved
    base = fstype.split(".")[0]
    if fstype in NETWORK_FS or base in NETWORK_FS or fstype.startswith("fuse.") \
            or holding is not None and holding.device.startswith("//"):
        return ("network", where, fstype)
    if any((resolved + "/").startswith(p) for p in REMOVABLE_PREFIXES):
        return ("removable", where, fstype)
    if fstype in REMOVABLE_FS and holding is not None and removable_device(holding.device):
        return ("removable", where, fstype)
    return None


def _holding_mount(resolved: str, mounts: list[Mount]) -> Mount | None:
    """The innermost mount that holds ``resolved``."""
    holding = None
    for mount in mounts:
        point = mount.point.rstrip("/") or "/"
        inside = resolved == point or resolved.startswith(point + "/") or point == "/"
        if inside and (holding is None or len(point) >= len(holding.point.rstrip("/") or "/")):
            holding = mount
    return holding


# Local file systems that keep file times to the microsecond or better and give each file
# an identity of its own: what store.clean_close needs to tell a file left alone from one
# changed, copied or put back. FAT and exFAT (times of 2 s and 10 ms), network and unknown
# file systems are not among them.
FINE_CLOCK_FS = frozenset({"ext4", "ext3", "xfs", "btrfs", "f2fs", "zfs", "tmpfs", "overlay",
                           "ntfs", "refs"})


def file_system_type(path: Path | str, *, mounts: list[Mount] | None = None,
                     platform: str | None = None,
                     volume_fs: Callable[[str], str] | None = None) -> str:
    """The file system holding ``path``, lower case (``ext4``, ``ntfs``…); ``""`` when it
    cannot be told (macOS, no /proc/mounts). The keyword arguments replace the system's
    answers in tests."""
    platform = platform or sys.platform
    if platform.startswith("win"):
        anchor = PureWindowsPath(str(path)).anchor
        if not anchor or anchor.startswith("\\\\"):
            return ""
        try:
            return (volume_fs or _windows_volume_fs)(anchor).lower()
        except OSError:
            return ""
    if mounts is None:
        mounts = system_mounts()
    resolved = str(Path(path).expanduser().resolve()) if platform == sys.platform else str(path)
    holding = _holding_mount(resolved, mounts)
    return holding.fstype.lower() if holding else ""


def _windows_volume_fs(anchor: str) -> str:  # pragma: no cover - Windows only
    import ctypes

    name = ctypes.create_unicode_buffer(64)
    if not ctypes.windll.kernel32.GetVolumeInformationW(
            anchor, None, 0, None, None, None, name, len(name)):
        raise OSError("GetVolumeInformationW failed")
    return name.value


def _windows_kind(path: str, drive_type: Callable[[str], int] | None) -> tuple[str, str, str] | None:
    win = PureWindowsPath(path)
    anchor = win.anchor
    if anchor.startswith("\\\\"):
        return ("network", anchor, "smb")
    if not anchor:
        return None
    if drive_type is None:  # pragma: no cover - Windows only
        import ctypes

        drive_type = ctypes.windll.kernel32.GetDriveTypeW
    kind = drive_type(anchor)
    if kind == 2:  # DRIVE_REMOVABLE
        return ("removable", anchor, "")
    if kind == 4:  # DRIVE_REMOTE
        return ("network", anchor, "")
    return None


def storage_warning(path: Path | str, **system: object) -> str | None:
    """A message to show when the live data file is on removable or network storage."""
    found = storage_kind(path, **system)  # type: ignore[arg-type]
    if found is None:
        return None
    kind, where, fstype = found
    return StorageWarning(kind, mount=where, fstype=fstype or "?").message()


MIRROR_SETTING = "backup_mirror_dir"


def mirror_dir_setting(db_path: Path) -> Path | None:
    """The second backup folder (a USB stick) from the file's settings, read without
    writing (so it is safe before the start-up check and while the app holds the file)."""
    import json

    if not Path(db_path).is_file():
        return None
    try:
        conn = connect_read_only(db_path)
        try:
            row = conn.execute("SELECT value FROM settings WHERE key = ?",
                               [MIRROR_SETTING]).fetchone()
        finally:
            conn.close()
        value = json.loads(row[0]) if row else None
    except (sqlite3.Error, ValueError, TypeError):
        return None
    return Path(value) if isinstance(value, str) and value.strip() else None
