"""Everything the public display and public printouts use to hide who someone is.

One import for callers (ui/ display, reports/) so no screen invents its own rule.
"""

from __future__ import annotations

from marketapp.core.people.idnumber import mask_id
from marketapp.core.people.phone import mask_phone
from marketapp.core.textnorm import normalise_text

__all__ = ["mask_id", "mask_name", "mask_phone"]

# Below this code point a name is alphabetic (Latin, Cyrillic, ...). A Chinese character is
# one of thousands, so first + last still hides the person; two letters of a short Latin
# name give too much away, so those keep only the initial.
_FIRST_CJK = 0x2E80


def mask_name(name: str | None) -> str:
    """张三明 → 张*明, 张三 → 张*, 欧阳小明 → 欧**明, John Smith → J*** *****."""
    n = normalise_text(name)
    if len(n) <= 1:
        return n
    if all(ord(c) < _FIRST_CJK for c in n):
        # Keep spaces so the masked name still reads as a name of so many words.
        return n[0] + "".join(" " if c == " " else "*" for c in n[1:])
    if len(n) == 2:
        return n[0] + "*"
    return n[0] + "*" * (len(n) - 2) + n[-1]
