"""Real-browser tests of the hub's pages: Playwright for Python driving Debian's chromium, a
real hub on 127.0.0.1 and a free port over a copy of the live demo's data file (``live``,
``db`` and ``day`` of tests/web/conftest.py), devices paired through their real QR links
(``page_browser.Devices``).

Without playwright or chromium the tests skip, saying what to install; in CI they fail."""

from __future__ import annotations

import pytest
from page_browser import Devices, launch
from system_needs import in_ci, need_program

PLAYWRIGHT_MISSING = 'the Python package playwright is missing: pip install -e ".[test]"'


@pytest.fixture(scope="module")
def browser():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        if in_ci():
            pytest.fail(PLAYWRIGHT_MISSING + " (CI installs it: .ci/run)")
        pytest.skip(PLAYWRIGHT_MISSING)
    need_program("chromium", "tests")
    with sync_playwright() as playwright:
        running = launch(playwright)
        yield running
        running.close()


@pytest.fixture
def devices(browser, live, db, day):
    made = Devices(browser, live, db, day)
    yield made
    made.close()
    assert made.errors == [], "a page raised an error"
