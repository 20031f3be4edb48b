"""PySide6 front end."""

from marketapp.ui.qt_compat import guard_none_refcount

# Before any widget work: see qt_compat (PySide6 6.12.0 + CPython 3.11 None refcount defect).
guard_none_refcount()
