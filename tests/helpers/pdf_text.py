"""The text of a PDF's pages as pypdf extracts it, for the report and print tests."""

from __future__ import annotations

from pypdf import PdfReader


def pdf_pages(path) -> list[str]:
    return [page.extract_text() for page in PdfReader(str(path)).pages]


def pdf_text(path) -> str:
    return "\n".join(pdf_pages(path))
