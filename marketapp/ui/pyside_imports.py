"""PySide6's check of every later import, answered without ``inspect``.

Once PySide6 is loaded it runs ``shibokensupport.feature.feature_imported`` after each
module import, to learn whether that module may use ``from __feature__ import ...``: it
asks ``_mod_uses_pyside(module)``, which searches the module's source for "PySide6" through
``inspect.getsource``. That call goes through ``inspect.getmodule``, which walks every loaded
module each time, so the cost grows with each import: about 40 ms of marketapp's start-up
on the development machine (16–66 ms over four alternating rounds; the same tax is
described in napari/napari#8584).

``cheap_feature_check`` puts in a function that gives the same answer: a module's ``.py``
source is read straight from its file; a module without source (built in, compiled
extension, namespace package) does not use PySide, as ``inspect.getsource`` would fail for
it; anything else (a module inside a zip file, ...) still gets PySide's own check. When the
PySide6 in use has no such function, nothing is changed.
"""

from __future__ import annotations

import sys
from importlib.machinery import EXTENSION_SUFFIXES
from types import ModuleType

MARKER = "PySide6"


def cheap_feature_check() -> bool:
    """Install the cheaper check; True if it is in place (now or from before)."""
    feature = sys.modules.get("shibokensupport.feature")
    original = getattr(feature, "_mod_uses_pyside", None)
    if original is None or not callable(original):
        return False
    if getattr(original, "pyside_check", None) is not None:
        return True  # ours already

    def uses_pyside(module: ModuleType) -> bool:
        path = getattr(module, "__file__", None)
        if not isinstance(path, str):
            return False  # built in, or a namespace package: no source to search
        if path.endswith(".py"):
            try:
                with open(path, "rb") as source:
                    return MARKER.encode("ascii") in source.read()
            except OSError:
                return original(module)
        if path.endswith(tuple(EXTENSION_SUFFIXES)):
            return False  # compiled: inspect.getsource has nothing to read either
        return original(module)

    uses_pyside.pyside_check = original  # type: ignore[attr-defined]
    feature._mod_uses_pyside = uses_pyside  # type: ignore[union-attr]
    return True
