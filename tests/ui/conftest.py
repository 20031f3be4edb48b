"""Shared setup of the app's screen tests: the application in a language, a session."""

from __future__ import annotations

import pytest
from ui_helpers import app_in, back_to_chinese

from marketapp.ui.shell.session import Session


@pytest.fixture
def zh_app(qapp):
    """The app in Chinese (the bundled font, the translators); back to Chinese afterwards."""
    yield app_in("zh")
    back_to_chinese(qapp)


@pytest.fixture(params=["zh", "en"])
def lang_app(request, qapp):
    """The test runs once in each of the app's languages."""
    yield app_in(request.param)
    back_to_chinese(qapp)


@pytest.fixture
def session(db, db_path):
    return Session(db, db_path)
