"""Where the data file is kept: a USB stick, a network share, FAT/exFAT or an unknown file system
are warned about (a pulled stick or a dropped share loses the day), and ``store.clean_close``
asks whether the file system keeps fine enough times to trust its note.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path, PureWindowsPath

from marketapp.core.errors import UserError
from marketapp.core.text import N_


class StorageWarning(UserError):
    messages = {
        "removable": N_("The data file is on removable storage ({mount}): if the stick is pulled "
                        "out or loose, data being saved can be lost or damaged. Keep the data "
                        "file on this computer's disk and use the stick only as the second "
                        "backup folder."),
        "network": N_("The data file is on network storage ({mount}, {fstype}): data can be lost "
                      "or damaged when the network drops. Keep the data file on this computer's "
                      "disk."),
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
