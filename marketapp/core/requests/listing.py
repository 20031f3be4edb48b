"""Which requests the requests list shows, and what its filters can offer.

A status choice is one status, ``ACTIVE`` (open or in progress: what still needs someone) or
``ALL``; newest first, so what was raised today is on top. The units and villages offered are
those the requests have (a unit a request was referred to counts too).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlite_utils import Database

from marketapp.core.requests import records
from marketapp.core.requests.records import Request

ACTIVE = "active"
ALL = "all"


@dataclass(frozen=True)
class RequestFilter:
    status: str = ACTIVE  # a status code, ACTIVE or ALL
    overdue_on: date | None = None  # only those overdue on this day
    unit: str | None = None  # responsible for it or referred to it
    village: str | None = None

    def statuses(self) -> str | list[str] | None:
        if self.status == ALL:
            return None
        if self.status == ACTIVE:
            return list(records.ACTIVE)
        return self.status


def shown_requests(db: Database, wanted: RequestFilter) -> list[Request]:
    rows = records.list_requests(db, status=wanted.statuses(), overdue_on=wanted.overdue_on,
                                 unit=wanted.unit, village=wanted.village)
    rows.reverse()
    return rows


@dataclass(frozen=True)
class FilterChoices:
    units: list[str]
    villages: list[str]


def filter_choices(db: Database) -> FilterChoices:
    everything = records.list_requests(db)
    return FilterChoices(
        units=sorted({u for r in everything for u in (r.unit, r.referred_to) if u}),
        villages=sorted({r.village for r in everything if r.village}))
