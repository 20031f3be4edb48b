"""PySide6 front end: shell/ (the app around the screens), widgets/ (shared pieces) and one
package per screen.

Screens, dialogs and heavy modules (the report preview, the ticket slip's printing, the
catalogue editor, merge…) are imported inside the function that first needs them: the app's
start loads only the main window and its first page while the data file is checked, which
keeps the start under 3× a bare Qt window (tests/bench.py startup). That is the reason for
the function-level imports under ui/."""

import PySide6  # noqa: F401 - loads PySide's import check, made cheap just below

from marketapp.ui.pyside_imports import cheap_feature_check
from marketapp.ui.qt_compat import guard_none_refcount

# Before the app's own modules load: every later import pays PySide's check (pyside_imports).
cheap_feature_check()
# Before any widget work: see qt_compat (PySide6 6.12.0 + CPython 3.11 None refcount defect).
guard_none_refcount()
