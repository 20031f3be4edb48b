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
from marketapp.core.text import N_, gettext, say


class WriteProblem(UserError):
    """Why a write failed, for the status bar / a dialog; the transaction was rolled back."""

    messages = {
        "disk_full": N_("The disk is full: the last action was not saved (everything saved "
                        "before is intact). Free some space and try again."),
        "read_only": N_("The data file or its folder cannot be written ({reason}): the last "
                        "action was not saved (everything saved before is intact)."),
        "other": N_("The last action was not saved: {reason} (everything saved before is intact)."),
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
        return gettext(known, lang)
    return getattr(exc, "strerror", None) or str(exc)


class FileProblem(UserError):
    """A file the person chose (or is saving to) could not be used; nothing was written."""

    messages = {
        "missing": N_("{path} was not found: the file or folder does not exist (a USB stick may "
                      "have been removed). Check the location or choose another folder."),
        "denied": N_("No permission to use {path}. If it is open in another program (Excel, "
                     "WPS, a PDF reader), close it first; otherwise choose another folder (such "
                     "as Documents)."),
        "read_only": N_("The disk holding {path} can be read but not written (a write-protected "
                        "USB stick, for example). Choose another folder."),
        "exists": N_("{path} already exists. Choose another file name."),
        "other": N_("Could not use {path}: {reason}"),
    }


_FILE_PROBLEMS = {errno.ENOENT: "missing", errno.EACCES: "denied", errno.EPERM: "denied",
                  errno.EROFS: "read_only", errno.EEXIST: "exists"}


def explain_file_error(exc: OSError, path: Path | str | None = None) -> UserError:
    """What went wrong with ``path`` (default: the error's own file name) and what to do."""
    where = str(path or exc.filename or say("the file", None))
    if classify_error(exc) == "disk_full":
        return WriteProblem("disk_full")
    code = _FILE_PROBLEMS.get(exc.errno or -1, "other")
    return FileProblem(code, path=where, reason=os_reason(exc))


#: The operating system's reasons come in English (strerror) whatever the user reads.
OS_REASONS: dict[int, str] = {
    errno.ENOENT: N_("the file or folder does not exist"),
    errno.EACCES: N_("permission denied"),
    errno.EPERM: N_("permission denied"),
    errno.ENOSPC: N_("the disk is full"),
    errno.EROFS: N_("the disk is read-only"),
    errno.EEXIST: N_("the file already exists"),
}
