"""marketapp: the desktop app that runs a rural service market day (服务集市)."""

import sys

__version__ = "0.1.0"

#: The app starts its voice worker as ``marketapp voice-worker`` (ui/display/voice_link.py);
#: ``marketapp.launch`` hands it over before any command parsing.
VOICE_WORKER = "voice-worker"


class _NoNumpyForSqliteUtils:
    """Keeps sqlite-utils from importing numpy and pandas, without importing sqlite-utils.

    ``sqlite_utils.db`` imports numpy and pandas whenever they are installed, only to map
    their scalar types (``np.int64``, ``pd.Timestamp``) to column types. marketapp never
    stores such values and depends on neither, but where numpy happens to be installed its
    import is about a quarter of the app's start-up. This finder, first on ``sys.meta_path``,
    answers "not installed" to those two imports only while ``sqlite_utils.db`` is being
    executed (its module exists but has no ``Database`` yet), so sqlite-utils takes its
    no-numpy path; anyone else may import numpy normally, before or after. It removes
    itself once sqlite-utils has loaded. Not importing sqlite-utils here keeps it off the
    path to the start-up check, which ``marketapp`` begins before the heavy imports.
    """

    hidden = ("numpy", "pandas")

    def find_spec(self, name, path=None, target=None):  # noqa: ANN001 - importlib protocol
        db_module = sys.modules.get("sqlite_utils.db")
        if db_module is not None and hasattr(db_module, "Database"):
            self.remove()  # sqlite-utils has loaded: nothing left to keep out
            return None
        if name.partition(".")[0] in self.hidden and db_module is not None:
            raise ModuleNotFoundError(f"{name} kept out of sqlite-utils by marketapp",
                                      name=name)
        return None

    def remove(self) -> None:
        if self in sys.meta_path:
            sys.meta_path.remove(self)

    @classmethod
    def install(cls) -> None:
        if "sqlite_utils.db" in sys.modules:
            return  # imported before marketapp: too late to help
        if any(isinstance(finder, cls) for finder in sys.meta_path):
            return
        sys.meta_path.insert(0, cls())


_NoNumpyForSqliteUtils.install()
