"""marketapp: the desktop app that runs a rural service market day (服务集市)."""

import sys

__version__ = "0.1.0"


def _import_sqlite_utils_without_numpy() -> None:
    """Import sqlite-utils with numpy and pandas hidden, once, before anything else does.

    ``sqlite_utils.db`` imports numpy and pandas whenever they are installed, only to map
    their scalar types (``np.int64``, ``pd.Timestamp``) to column types. marketapp never
    stores such values and depends on neither, but where numpy happens to be installed its
    import is about a quarter of the app's start-up. A ``None`` entry in ``sys.modules``
    makes ``import numpy`` raise ImportError (the import system's documented "not
    available" marker), so sqlite-utils takes its no-numpy path; the entries are removed
    again at once, so later code may import numpy normally. Lives here because this is the
    one module that runs before any other marketapp module imports sqlite-utils.
    """
    hidden = ("numpy", "pandas")
    if "sqlite_utils.db" in sys.modules or any(name in sys.modules for name in hidden):
        return  # already imported (or numpy already loaded): nothing left to save
    for name in hidden:
        sys.modules[name] = None  # type: ignore[assignment]
    try:
        import sqlite_utils.db  # noqa: F401
    finally:
        for name in hidden:
            if sys.modules.get(name, ...) is None:
                del sys.modules[name]


_import_sqlite_utils_without_numpy()
