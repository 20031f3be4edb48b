"""PySide6 front end."""

import PySide6  # noqa: F401 - loads PySide's import check, made cheap just below

from marketapp.ui.pyside_imports import cheap_feature_check
from marketapp.ui.qt_compat import guard_none_refcount

# Before the app's own modules load: every later import pays PySide's check (pyside_imports).
cheap_feature_check()
# Before any widget work: see qt_compat (PySide6 6.12.0 + CPython 3.11 None refcount defect).
guard_none_refcount()
