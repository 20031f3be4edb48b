"""Shared setup of the storage tests: a data file with one village in it."""

from __future__ import annotations

import pytest
from db_files import add_village

from marketapp.store.database import open_database


@pytest.fixture
def market(db_path):
    db = open_database(db_path)
    add_village(db, "花园村")
    yield db
    db.close()
