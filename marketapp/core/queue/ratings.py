"""The villager's rating of one visit (好差评): the words accepted and how each is shown."""

from __future__ import annotations

from marketapp.core.text import N_

RATINGS = {"好": "good", "中": "ok", "差": "bad", "good": "good", "ok": "ok", "bad": "bad",
           "好评": "good", "中评": "ok", "差评": "bad"}


RATING_NAMES = {"good": N_("good"), "ok": N_("fair"), "bad": N_("poor")}
