"""Can Qt open the app's window here? On Linux: the X11 libraries of Qt's xcb plugin
(``system_packages``: the same list the app checks before it starts) and a desktop to open
it on. Unlike the app's start, the self-check names missing packages even when run without
a desktop (over ssh, in a text console): they will be missing on the desktop too."""

from __future__ import annotations

import ctypes
import os
import sys
from collections.abc import Callable, Mapping

from marketapp.core.errors import UserError
from marketapp.core.text import N_
from marketapp.doctor.findings import BLOCKING, OK, WARN, Finding, finding, worst
from marketapp.system_packages import HEADLESS_PLATFORMS, XCB_LIBRARIES, loadable


class WindowWords(UserError):
    messages = {
        "not_linux": N_("{system}: Qt brings everything the window needs; nothing to install."),
        "libraries_ok": N_("Every system library the window needs is installed ({count})."),
        "missing": N_("System packages the window needs are missing: {packages}. Without them "
                      "the app's window cannot open."),
        "install": N_("Install: {line}"),
        "wayland_missing": N_("X11 packages are missing: {packages}. A Wayland desktop does not "
                              "need them, but on an X11 desktop (or when Wayland fails) the "
                              "window cannot open."),
        "x11": N_("Desktop: X11 (DISPLAY={display})."),
        "x11_unreachable": N_("Cannot reach the desktop DISPLAY={display}: the window cannot "
                              "open."),
        "start_on_desktop": N_("Start marketapp on the laptop's desktop (after logging in to the "
                               "graphical session)."),
        "wayland": N_("Desktop: Wayland ({display})."),
        "no_desktop": N_("There is no graphical desktop here (DISPLAY is not set): no window can "
                         "open from here, and the screens cannot be checked."),
        "run_on_desktop": N_("Run marketapp doctor again on the laptop's desktop (or Help → "
                             "Self-check)."),
        "headless": N_("QT_QPA_PLATFORM={platform}: the window will not appear on the screen."),
        "unset_headless": N_("Unset the QT_QPA_PLATFORM environment variable before starting."),
    }


def missing_packages(can_load: Callable[[str], bool] | None = None) -> list[str]:
    """Every Debian package of Qt's xcb plugin whose library the loader cannot find."""
    can_load = can_load or loadable
    return sorted({package for soname, package in XCB_LIBRARIES.items() if not can_load(soname)})


def x_display_reachable(display: str) -> bool | None:
    """Whether an X server answers at ``display``; None when libxcb itself is missing.
    (Qt aborts the process when it cannot connect, so this is asked first.)"""
    try:
        xcb = ctypes.CDLL("libxcb.so.1")
    except OSError:
        return None
    xcb.xcb_connect.restype = ctypes.c_void_p
    xcb.xcb_connect.argtypes = [ctypes.c_char_p, ctypes.c_void_p]
    xcb.xcb_connection_has_error.argtypes = [ctypes.c_void_p]
    xcb.xcb_disconnect.argtypes = [ctypes.c_void_p]
    connection = xcb.xcb_connect(display.encode(), None)
    try:
        return connection is not None and xcb.xcb_connection_has_error(connection) == 0
    finally:
        if connection:
            xcb.xcb_disconnect(connection)


def desktop_kind(environ: Mapping[str, str]) -> str:
    """``headless`` (a platform without a window system asked for), ``wayland``, ``x11``
    or ``none``, as Qt would choose on Linux."""
    chosen = environ.get("QT_QPA_PLATFORM", "").split(":")[0].strip().lower()
    if chosen in HEADLESS_PLATFORMS:
        return "headless"
    if chosen.startswith("wayland") or (not chosen.startswith("xcb") and
                                        environ.get("WAYLAND_DISPLAY")
                                        and not environ.get("DISPLAY")):
        return "wayland"
    return "x11" if environ.get("DISPLAY") else "none"


def check_window(environ: Mapping[str, str] | None = None, platform: str | None = None,
                 can_load: Callable[[str], bool] | None = None,
                 reachable: Callable[[str], bool | None] | None = None) -> Finding:
    env = os.environ if environ is None else environ
    reachable = reachable or x_display_reachable
    platform = platform or sys.platform
    if not platform.startswith("linux"):
        system = "Windows" if platform.startswith("win") else "macOS"
        return finding("window", OK, WindowWords("not_linux", system=system))
    missing = missing_packages(can_load)
    kind = desktop_kind(env)
    found: list[UserError] = []
    todo: list[UserError] = []
    status = OK
    if missing:
        packages = ", ".join(missing)
        if kind == "wayland":
            status = WARN
            found.append(WindowWords("wayland_missing", packages=packages))
        else:
            status = BLOCKING
            found.append(WindowWords("missing", packages=packages))
        todo.append(WindowWords("install", line="sudo apt install " + " ".join(missing)))
    else:
        found.append(WindowWords("libraries_ok", count=len(set(XCB_LIBRARIES.values()))))
    if kind == "x11":
        display = env.get("DISPLAY", "")
        if not missing and reachable(display) is False:
            status = BLOCKING
            found.append(WindowWords("x11_unreachable", display=display))
            todo.append(WindowWords("start_on_desktop"))
        else:
            found.append(WindowWords("x11", display=display))
    elif kind == "wayland":
        found.append(WindowWords("wayland", display=env.get("WAYLAND_DISPLAY", "wayland")))
    elif kind == "headless":
        status = worst(status, WARN)
        found.append(WindowWords("headless", platform=env.get("QT_QPA_PLATFORM", "")))
        todo.append(WindowWords("unset_headless"))
    else:
        status = worst(status, WARN)
        found.append(WindowWords("no_desktop"))
        todo.append(WindowWords("run_on_desktop"))
    return finding("window", status, found, todo)


def real_window_possible(environ: Mapping[str, str] | None = None,
                         platform: str | None = None) -> bool:
    """May a QGuiApplication be made on the real platform here without Qt aborting? (For
    the command line's screen count; otherwise it uses ``offscreen``.)"""
    env = os.environ if environ is None else environ
    platform = platform or sys.platform
    if not platform.startswith("linux"):
        return True
    kind = desktop_kind(env)
    if kind == "wayland":
        return True
    return kind == "x11" and not missing_packages() and \
        x_display_reachable(env.get("DISPLAY", "")) is True
