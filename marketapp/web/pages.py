"""The pages the hub serves: plain HTML/CSS/JS in ``pages/`` beside this module, shipped in
the wheel (no build step, no CDN, no internet)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from starlette.requests import Request
from starlette.responses import HTMLResponse

PAGES = Path(__file__).resolve().parent / "pages"


@lru_cache(maxsize=16)
def _text(name: str) -> str:
    return (PAGES / name).read_text(encoding="utf-8")


def page(name: str, status_code: int = 200):
    async def endpoint(request: Request) -> HTMLResponse:
        return HTMLResponse(_text(name), status_code=status_code)

    endpoint.__name__ = f"page_{name.split('.')[0]}"
    return endpoint
