"""Work around a PySide6 defect seen with PySide6 6.12.0 on CPython 3.11.

There, every call of a C++ method returning void hands Python a ``None`` without taking a
reference, so None's reference count falls by one per call (``w.update()``, ``setText``,
``resize``...). After some ten thousand calls CPython aborts with "Fatal Python error:
none_dealloc". PySide6 6.11.3 does not do this; on CPython 3.12+ None is immortal and the
defect is harmless.

``guard_none_refcount()`` probes for the defect and, only when present, raises None's
reference count far out of reach (2**40) so the process never gets there. The real fix
is a PySide6 release without the defect (or Python 3.12+).
"""

from __future__ import annotations

import ctypes
import logging
import sys

log = logging.getLogger(__name__)

PROBE_CALLS = 200
HEADROOM = 2**40
_guarded = False


def void_calls_leak_none() -> bool:
    from PySide6.QtCore import QObject

    probe = QObject()
    before = sys.getrefcount(None)
    for _ in range(PROBE_CALLS):
        probe.setObjectName("probe")
    return sys.getrefcount(None) - before <= -PROBE_CALLS // 2


def guard_none_refcount() -> bool:
    """True if the guard was (or already had been) applied."""
    global _guarded
    if _guarded:
        return True
    if sys.version_info >= (3, 12) or sys.implementation.name != "cpython":
        return False
    if not void_calls_leak_none():
        return False
    ctypes.c_ssize_t.from_address(id(None)).value += HEADROOM
    _guarded = True
    log.warning("PySide6 void calls leak references to None here; guard applied")
    return True
