import os
import sys
from pathlib import Path

os.environ["QT_QPA_PLATFORM"] = os.environ.get("QT_QPA_PLATFORM") or "offscreen"  # set but empty too
sys.path.insert(0, str(Path(__file__).parent / "helpers"))  # the shared helpers

import pytest  # noqa: E402

from marketapp.core.text import set_language  # noqa: E402
from marketapp.store.database import open_database  # noqa: E402


@pytest.fixture(autouse=True)
def _chinese_by_default():
    set_language("zh")
    yield
    set_language("zh")


@pytest.fixture
def db_path(tmp_path):
    return tmp_path / "market.db"


@pytest.fixture
def db(db_path):
    database = open_database(db_path)
    yield database
    database.close()
