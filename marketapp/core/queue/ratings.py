"""The villager's rating of one visit (好差评): the words accepted and how each is shown."""

from __future__ import annotations

RATINGS = {"好": "good", "中": "ok", "差": "bad", "good": "good", "ok": "ok", "bad": "bad",
           "好评": "good", "中评": "ok", "差评": "bad"}


RATING_NAMES = {"good": ("好", "good"), "ok": ("中", "fair"), "bad": ("差", "poor")}
