"""Failed pairings per client address: a guessed code costs a try, and ten a minute is all
one address gets (a 96-bit code is not guessed anyway; this keeps the log and the hub calm)."""

from __future__ import annotations

import time
from collections import defaultdict, deque

from marketapp.core.text import N_

FAILURES = 10
WINDOW_SECONDS = 60.0
TOO_MANY = N_("Too many failed pairings; try again in a minute.")


class FailedPairings:
    """Used from the event loop only (no lock needed)."""

    def __init__(self, limit: int = FAILURES, window: float = WINDOW_SECONDS) -> None:
        self.limit = limit
        self.window = window
        self._failures: dict[str, deque[float]] = defaultdict(deque)

    def _recent(self, client: str, now: float) -> deque[float]:
        times = self._failures[client]
        while times and now - times[0] > self.window:
            times.popleft()
        return times

    def blocked(self, client: str, now: float | None = None) -> bool:
        return len(self._recent(client, time.monotonic() if now is None else now)) >= self.limit

    def failed(self, client: str, now: float | None = None) -> None:
        now = time.monotonic() if now is None else now
        self._recent(client, now).append(now)
        if len(self._failures) > 10_000:  # many addresses: forget the quiet ones
            for other in [c for c, t in self._failures.items() if not t]:
                del self._failures[other]
