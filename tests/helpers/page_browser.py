"""Debian's chromium driven by Playwright for Python, for the browser tests of the hub's pages
(tests/web/browser) and their screenshots (scripts/screenshots.py); the pip package cannot
download its own browsers here.

``launch`` starts it headless with a fresh profile; with ``fonts`` it also sees the bundled
WenQuanYi font, as a phone or TV sold in China sees its own Chinese fonts (the pages never
send a font: this machine has none for Chinese, and the screenshots must show it).
``Devices`` pairs pages through their real QR links; ``assert_private`` scans what a page got.
"""

from __future__ import annotations

import os
import random
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

try:
    from playwright.sync_api import expect
except ImportError:  # the browser fixture skips, saying what to install (in CI: fails)
    expect = None

from marketapp.core.demo.day import demo_outcome
from marketapp.core.devices.hub_address import pairing_url
from marketapp.core.devices.pairing import create_code
from marketapp.core.queue import engine as queue
from marketapp.core.queue import visits
from marketapp.core.screens.stall_desk import at_counter

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run"]
PHONE = {"width": 390, "height": 760}
SMALL_PHONE = {"width": 360, "height": 640}
TV = {"width": 1366, "height": 768}
TV_1080 = {"width": 1920, "height": 1080}
# A cheap Android phone's WeChat browser, as the laptop's device list would name it.
PHONE_AGENT = ("Mozilla/5.0 (Linux; Android 12; Redmi 10A) AppleWebKit/537.36 (KHTML, like "
               "Gecko) Chrome/116.0 Mobile Safari/537.36 MicroMessenger/8.0.40")
# Over plain http on a LAN address a page is not a secure context: no crypto.randomUUID. The
# tests reach the hub on 127.0.0.1, which is one; take it away so the pages cannot lean on it.
INSECURE_CONTEXT = "delete Crypto.prototype.randomUUID;"


def fontconfig(folder: Path, fonts: Path) -> Path:
    """A fontconfig file: the system's fonts and those in ``fonts``."""
    path = folder / "fonts.conf"
    path.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>\n'
        '  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>\n'
        f"  <dir>{fonts}</dir>\n  <cachedir>{folder / 'cache'}</cachedir>\n</fontconfig>\n",
        encoding="utf-8")
    return path


def launch(playwright, *, fonts: Path | None = None, scratch: Path | None = None):
    """Headless chromium (a new, empty profile); ``fonts``: a folder of extra fonts."""
    env = dict(os.environ)
    if fonts is not None and scratch is not None:
        env["FONTCONFIG_FILE"] = str(fontconfig(scratch, fonts))
    return playwright.chromium.launch(executable_path=shutil.which("chromium"),
                                      args=CHROMIUM_ARGS, env=env)


# Every text the page receives, kept where the test can read it: the answers to its fetches
# and the data of its server-sent events (the privacy scan reads them).
RECORD = """
(() => {
  const seen = window.__seen = [];
  const realFetch = window.fetch;
  window.fetch = function () {
    return realFetch.apply(this, arguments).then((r) => {
      r.clone().text().then((t) => seen.push(t), () => {});
      return r;
    });
  };
  const Real = window.EventSource;
  window.EventSource = function (url, init) {
    const stream = new Real(url, init);
    ["state", "heartbeat", "ended"].forEach((n) => stream.addEventListener(n, (e) => seen.push(e.data)));
    return stream;
  };
  window.EventSource.prototype = Real.prototype;
})();
"""
ID_NUMBER = re.compile(r"(?<!\d)\d{17}[\dXx](?!\d)")
MOBILE = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)")


@dataclass
class Devices:
    """Pairs pages to the hub through their QR links; closes them at the end."""

    browser: object
    live: object
    db: object
    day: object
    contexts: list = field(default_factory=list)
    errors: list = field(default_factory=list)

    def link(self, letter: str | None, counter: int | None = None) -> str:
        stall = next(s for s in self.day.stalls if s.letter == letter) if letter else None
        code = create_code(self.db, self.day, stall_id=stall.id if stall else None,
                           display=stall is None, counter=counter)
        return pairing_url("127.0.0.1", self.live.port, code.code)

    def open(self, url: str, viewport: dict):
        context = self.browser.new_context(viewport=viewport, user_agent=PHONE_AGENT,
                                           locale="zh-CN")
        context.add_init_script(INSECURE_CONTEXT + RECORD)
        self.contexts.append(context)
        page = context.new_page()
        page.on("pageerror", lambda error: self.errors.append(str(error)))
        page.goto(url)
        return page

    def phone(self, letter: str, counter: int | None = 1, viewport: dict = PHONE):
        page = self.open(self.link(letter, counter), viewport)
        page.wait_for_url("**/stall")
        page.locator("#link.online").wait_for()
        return page

    def tv(self, viewport: dict = TV):
        page = self.open(self.link(None), viewport)
        page.wait_for_url("**/display")
        page.locator("#number").wait_for()
        return page

    def close(self) -> None:
        for context in self.contexts:
            context.close()


def stall_with(day, code: str):
    return next(s for s in day.stalls if s.service_code == code)


def clear_counter(db, stall, counter: int) -> None:
    """Nobody at this counter (the live demo leaves people at some): through the engine."""
    ticket = at_counter(db, stall.id, counter)
    if ticket is not None and ticket.status == "called":
        queue.no_show(db, ticket.id)
    elif ticket is not None:
        visits.finish(db, ticket.id, demo_outcome(random.Random(1), stall.service()))


def secrets_of(db) -> list[str]:
    """Every full ID number, phone number and full name in the data file."""
    found = []
    for name, ident, phone in db.execute("SELECT name, id_number, phone FROM villagers"):
        found += [s for s in (ident, phone) if s]
        if name and len(name) >= 2:
            found.append(name)
    return found


def assert_private(page, db) -> None:
    """Nothing the page received or shows holds a full ID number, a phone number or a full
    name: its DOM text and every answer and event it got."""
    texts = [page.inner_text("body"), page.content(), *page.evaluate("window.__seen || []")]
    assert len(texts) > 3, "the page received nothing"
    whole = "\n".join(texts)
    assert not ID_NUMBER.search(whole) and not MOBILE.search(whole)
    leaked = [s for s in secrets_of(db) if s in whole]
    assert leaked == []
