"""What the registration desk asks of the queue in one go: the tickets a page of search
results already holds today, every stall's preview for the chosen person, and issuing at
several stalls where one refusal does not stop the others.

Each ticket is still one ``queue.issue`` call (one transaction): a person queued at two of
three stalls keeps those two tickets when the third refuses.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlite_utils import Database

from marketapp.core.market.days import Stall
from marketapp.core.queue.engine import Issued, IssuePreview, QueueError, issue, preview_issue
from marketapp.core.queue.rules import OPEN_STATES


@dataclass(frozen=True)
class HeldTicket:
    label: str
    status: str

    @property
    def open(self) -> bool:
        return self.status in OPEN_STATES


def tickets_held_today(
    db: Database, market_day_id: str, villager_ids: Iterable[str]
) -> dict[str, list[HeldTicket]]:
    """Per villager, the tickets of this market day in issue order (one query for a page)."""
    ids = list(dict.fromkeys(villager_ids))
    held: dict[str, list[HeldTicket]] = {vid: [] for vid in ids}
    if not ids:
        return held
    rows = db.execute(
        "SELECT villager_id, label, status FROM tickets WHERE market_day_id = ? "
        f"AND villager_id IN ({','.join('?' * len(ids))}) ORDER BY issued_at, label",
        [market_day_id, *ids],
    ).fetchall()
    for villager_id, label, status in rows:
        held[villager_id].append(HeldTicket(label, status))
    return held


@dataclass(frozen=True)
class StallOffer:
    """One stall as the desk offers it to a person: a preview, or why it cannot be issued."""

    stall: Stall
    preview: IssuePreview | None
    refusal: QueueError | None


def stall_offers(
    db: Database,
    stalls: Sequence[Stall],
    villager_id: str,
    *,
    priority: str | None = None,
    reason: str | None = None,
    at: datetime | str | None = None,
) -> list[StallOffer]:
    offers = []
    for stall in stalls:
        try:
            preview = preview_issue(db, stall.id, villager_id, priority=priority, reason=reason,
                                    at=at)
        except QueueError as exc:
            offers.append(StallOffer(stall, None, exc))
        else:
            offers.append(StallOffer(stall, preview, None))
    return offers


@dataclass(frozen=True)
class IssueBatch:
    issued: list[Issued]
    refused: list[tuple[Stall, QueueError]]


def issue_at_stalls(
    db: Database,
    stalls: Sequence[Stall],
    villager_id: str,
    *,
    priority: str | None = None,
    reason: str | None = None,
    operator: str = "",
    at: datetime | str | None = None,
) -> IssueBatch:
    """One ``issue`` per stall, in the order given; a refusal is reported, not raised."""
    issued: list[Issued] = []
    refused: list[tuple[Stall, QueueError]] = []
    for stall in stalls:
        try:
            issued.append(issue(db, stall.id, villager_id, priority=priority, reason=reason,
                                operator=operator, at=at))
        except QueueError as exc:
            refused.append((stall, exc))
    return IssueBatch(issued, refused)
