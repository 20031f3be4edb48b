"""The Debian/Ubuntu packages marketapp needs on Linux, and which of them are missing.

PySide6's wheels carry Qt but not the X11 libraries its window (the ``xcb`` platform plugin)
links to. Without them Qt does not fail politely: it prints a hint in English and aborts
the process (exit 134) when the application is created. So before that, the app asks the
system's loader for each library the plugin needs and, when one is missing, says in the
user's language which packages to install. The package lists live in
``resources/linux-packages.txt`` (``.ci/run`` and the README read the same file).

Qt-free and sqlite-free: it runs before either is imported.
"""

from __future__ import annotations

import ctypes
import os
import sys
from collections.abc import Callable

from marketapp.core.errors import UserError
from marketapp.core.text import N_
from marketapp.resource_files import resource_path

#: What Qt's xcb platform plugin (libqxcb.so and libQt6XcbQpa) loads, and the Debian
#: package that provides it. Checked against the "app" group by the tests.
XCB_LIBRARIES = {
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-randr.so.0": "libxcb-randr0",
    "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-xkb.so.1": "libxcb-xkb1",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    "libxkbcommon.so.0": "libxkbcommon0",
    "libEGL.so.1": "libegl1",
    "libGL.so.1": "libgl1",
    "libfontconfig.so.1": "libfontconfig1",
    "libdbus-1.so.3": "libdbus-1-3",
    "libglib-2.0.so.0": "libglib2.0-0",
}
#: Platforms that need no window system (tests, screenshots, the voice worker).
HEADLESS_PLATFORMS = ("offscreen", "minimal", "vnc", "linuxfb", "eglfs")


def package_groups() -> dict[str, list[str]]:
    groups: dict[str, list[str]] = {}
    text = resource_path("linux-packages.txt").read_text(encoding="utf-8")
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            name, _, packages = line.partition(":")
            groups[name.strip()] = packages.split()
    return groups


def install_line(*groups: str) -> str:
    """``sudo apt install …`` for the given groups, in the file's order."""
    found = package_groups()
    packages = [p for group in groups for p in found[group]]
    return "sudo apt install " + " ".join(packages)


def loadable(soname: str) -> bool:
    try:
        ctypes.CDLL(soname)
    except OSError:
        return False
    return True


def missing_window_packages(environ: dict[str, str] | None = None,
                            platform: str | None = None,
                            can_load: Callable[[str], bool] | None = None) -> list[str] | None:
    """The packages to install before Qt can open a window here; [] when none are missing;
    None when there is no window system at all (no display to open a window on)."""
    env = os.environ if environ is None else environ
    if not (platform or sys.platform).startswith("linux"):
        return []
    chosen = env.get("QT_QPA_PLATFORM", "").split(":")[0].strip().lower()
    if chosen in HEADLESS_PLATFORMS:
        return []
    if chosen.startswith("wayland") or (not chosen and env.get("WAYLAND_DISPLAY")
                                        and not env.get("DISPLAY")):
        return []  # Qt's Wayland plugin: the desktop that runs Wayland has its libraries
    if not env.get("DISPLAY"):
        return None
    can_load = can_load or loadable
    return sorted({package for soname, package in XCB_LIBRARIES.items()
                   if not can_load(soname)})


class WindowSystemError(UserError):
    messages = {
        "missing_packages": N_("Cannot open the window: this computer lacks system packages the "
                               "window needs ({missing}). Install them first:\n  {line}\nthen "
                               "start marketapp again."),
        "no_display": N_("Cannot open the window: there is no graphical desktop here (DISPLAY is "
                         "not set). Start marketapp on a desktop; the command line (marketapp "
                         "--help) needs no window."),
    }


def window_problem(environ: dict[str, str] | None = None, platform: str | None = None,
                   can_load: Callable[[str], bool] | None = None) -> WindowSystemError | None:
    """Why Qt could not open the app's window here, before Qt is asked (and aborts)."""
    missing = missing_window_packages(environ, platform, can_load)
    if missing is None:
        return WindowSystemError("no_display")
    if missing:
        return WindowSystemError("missing_packages", missing=", ".join(missing),
                                 line=install_line("app"))
    return None
