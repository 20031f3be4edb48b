"""The public display as data for any screen's browser (``DisplayState`` in
``marketapp/web/API.md``): exactly what the desktop's display shows — the board
(``board.board_snapshot``: masked names only) and the latest call, never an ID or phone."""

from __future__ import annotations

from typing import Any

from sqlite_utils import Database

from marketapp.core.screens.board import board_snapshot
from marketapp.core.screens.stall_desk import calls_now

NEXT_SHOWN = 4  # as ui.display.window


def build_display_view(db: Database, market_day_id: str, lang: str = "zh") -> dict[str, Any]:
    snapshot = board_snapshot(db, market_day_id, next_count=NEXT_SHOWN)
    calls = calls_now(db, market_day_id)
    names = {b.stall_id: (b.name_zh if lang == "zh" else b.name_en, b.letter)
             for b in snapshot.stalls}
    latest = None
    if calls:
        call = calls[-1]
        name, letter = names.get(call.stall_id, ("", ""))
        latest = {"label": call.label, "stall": name, "letter": letter, "counter": call.counter,
                  "recalls": call.recalls, "called_at": call.called_at}
    return {
        "market": {"date": snapshot.date, "village": snapshot.village, "status": snapshot.status},
        "latest_call": latest,
        "stalls": [{
            "letter": b.letter, "name": b.name_zh if lang == "zh" else b.name_en,
            "counters": b.counters,
            "calling": [{"label": a.label, "name": a.name, "counter": a.counter}
                        for a in b.calling],
            "serving": [{"label": a.label, "name": a.name, "counter": a.counter}
                        for a in b.serving],
            "next": list(b.next_labels), "waiting": b.waiting,
            "wait_minutes": round(b.wait_minutes),
        } for b in snapshot.stalls],
    }
