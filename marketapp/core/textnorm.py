"""Fold the text staff type or paste into one plain form before any rule looks at it.

Chinese input methods produce full-width digits and letters, spreadsheets leave BOMs and
zero-width spaces behind, and web pages paste non-breaking spaces. We fold exactly those and
nothing else: full NFKC would also rewrite CJK compatibility ideographs and other characters
that belong in a name or an address.
"""

from __future__ import annotations

import re

# FF01–FF5E mirror ASCII 21–7E at a fixed offset; U+3000 and U+00A0 are spaces in disguise.
_FOLD = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)}
_FOLD[0x3000] = 0x20
_FOLD[0x00A0] = 0x20
# Invisible characters that survive copy-paste and break equality and length checks.
for _cp in (0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF):
    _FOLD[_cp] = None

_WHITESPACE_RUN = re.compile(r"\s+")
_ASCII_DIGITS = re.compile(r"[0-9]+")
_NOT_ASCII_DIGIT = re.compile(r"[^0-9]")
# The only letters and digits _FOLD changes.
_FULL_WIDTH = re.compile("[\uff01-\uff5e]")


def normalise_text(s: str | None) -> str:
    """Fold full-width ASCII and odd spaces, drop zero-width characters, collapse whitespace."""
    if not s:
        return ""
    # Most cells are one word of letters and digits (a name, an ID, 3组): nothing to fold
    # or collapse, since the spaces and invisible characters above are not alphanumeric.
    # A 100,000-row import normalises about a million cells.
    if s.isalnum() and (s.isascii() or _FULL_WIDTH.search(s) is None):
        return s
    return _WHITESPACE_RUN.sub(" ", s.translate(_FOLD)).strip()


def is_ascii_digits(s: str) -> bool:
    """True only for a non-empty run of 0-9; ``str.isdigit`` also accepts full-width digits."""
    return _ASCII_DIGITS.fullmatch(s) is not None


def digits_only_ascii(s: str | None) -> str:
    """The ASCII digits of ``s`` after folding, everything else dropped."""
    return _NOT_ASCII_DIGIT.sub("", normalise_text(s))


def date_parts(text: str) -> list[str]:
    """A date as people write it, split into its numbers (unchecked): 1950-03-08, 1950/3/8,
    1950.03.08, 1950年3月8日 and 19500308 give year, month, day; 1950年03月 and 195003 give
    year and month."""
    for sep in ("年", "月", "/", "."):
        text = text.replace(sep, "-")
    text = text.replace("日", "").strip("-")
    parts = text.split("-")
    if len(parts) == 1 and len(text) in (6, 8):
        parts = [text[:4], text[4:6], text[6:]] if len(text) == 8 else [text[:4], text[4:]]
    return parts
