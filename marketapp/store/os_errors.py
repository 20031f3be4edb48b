"""A full disk, a read-only folder or a locked file, said as a person reads it.

* :func:`explain_write_error` - a failed write to the data file as a message to show (the
  action's transaction rolled back);
* :func:`explain_file_error` - the same for a file the person chose (export, saved rows);
* :func:`os_reason` - the operating system's reason alone, in the user's language.
"""

from __future__ import annotations

import errno
from pathlib import Path

from marketapp.core.errors import UserError
from marketapp.core.text import current_language


def say(zh: str, en: str, lang: str | None) -> str:
    return zh if (lang or current_language()) == "zh" else en


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


def os_reason(exc: BaseException, lang: str | None = None) -> str:
    """A short reason in the user's language for a common OSError, else the system's text."""
    known = OS_REASONS.get(getattr(exc, "errno", None) or -1)
    if known is not None:
        return say(*known, lang)
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
    where = str(path or exc.filename or say("该文件", "the file", None))
    if classify_error(exc) == "disk_full":
        return WriteProblem("disk_full")
    code = _FILE_PROBLEMS.get(exc.errno or -1, "other")
    return FileProblem(code, path=where, reason=os_reason(exc))


#: The operating system's reasons come in English (strerror) whatever the user reads.
OS_REASONS: dict[int, tuple[str, str]] = {
    errno.ENOENT: ("文件或文件夹不存在", "the file or folder does not exist"),
    errno.EACCES: ("没有权限", "permission denied"),
    errno.EPERM: ("没有权限", "permission denied"),
    errno.ENOSPC: ("磁盘空间已满", "the disk is full"),
    errno.EROFS: ("磁盘只读", "the disk is read-only"),
    errno.EEXIST: ("文件已存在", "the file already exists"),
}
