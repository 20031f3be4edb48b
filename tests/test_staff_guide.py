"""The committed staff guide (resources/guide/staff-guide-zh.pdf) says what its source
(docs/guide/staff-guide-zh.md) says — one page per role, each page's title and steps — and
every page renders with something on it. Rebuild with ``python scripts/build_guide.py``."""

from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path

import pypdfium2
import pytest
from pdf_text import pdf_pages

from marketapp.resource_files import resource_path

ROOT = Path(__file__).resolve().parent.parent
ROLES = ("登记台", "摊位", "公共显示屏", "收市")


def _build_guide():
    spec = importlib.util.spec_from_file_location("build_guide",
                                                  ROOT / "scripts" / "build_guide.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["build_guide"] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module


build_guide = _build_guide()
GUIDE = build_guide.read_guide()
PDF = resource_path("guide", "staff-guide-zh.pdf")


def squeezed(text: str) -> str:
    """Text without white space: the PDF wraps lines wherever the page needs."""
    return re.sub(r"\s+", "", text)


def test_the_source_has_a_page_per_role_and_every_picture():
    titles = [section.title for section in GUIDE.sections]
    for role in ROLES:
        assert role in titles
    for section in GUIDE.sections:
        assert section.texts("step"), section.title
        for _caption, path in section.images:
            assert (build_guide.SOURCE.parent / path).is_file(), path


def test_the_committed_pdf_says_what_the_source_says():
    pages = [squeezed(text) for text in pdf_pages(PDF)]
    assert len(pages) == len(GUIDE.sections), "one page per section: rebuild the guide"
    for page, section in zip(pages, GUIDE.sections, strict=True):
        assert squeezed(section.title) in page, section.title
        for text in section.texts("step") + section.texts("tip"):
            assert squeezed(text) in page, f"{section.title}: {text}"
    assert squeezed(GUIDE.title) in pages[0]


@pytest.mark.parametrize("number", range(len(GUIDE.sections)))
def test_every_page_renders_with_its_pictures(number):
    document = pypdfium2.PdfDocument(str(PDF))
    try:
        image = document[number].render(scale=0.5).to_pil().convert("L")
    finally:
        document.close()
    width, height = image.size
    dark = sum(image.histogram()[:200]) / (width * height)
    assert dark > 0.04, f"page {number + 1} is (nearly) blank"
    top = image.crop((0, 0, width, height // 3))  # the title band and the first picture
    assert top.getextrema()[0] < 100
