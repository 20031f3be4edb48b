"""What the villagers list shows: search (or everyone) narrowed by village and care flags,
a page at a time.

No SQL here: a query is matched by ``people.search.query`` (best SEARCH_POOL matches); an
empty query walks the registry in village/name order.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import islice

from sqlite_utils import Database

from marketapp.core.people.search.query import search
from marketapp.core.people.villagers import Villager, iter_villagers

PAGE_SIZE = 200
SEARCH_POOL = 1000


@dataclass(frozen=True)
class VillagerFilter:
    text: str = ""
    village: str | None = None  # village name, None = all
    care_flags: tuple[str, ...] = ()  # all of these must be set

    @property
    def narrows(self) -> bool:
        """Whether anything was asked for (an empty list then means nobody matched, not an
        empty registry)."""
        return bool(self.text.strip() or self.village or self.care_flags)

    def accepts(self, villager: Villager) -> bool:
        if self.village and villager.village != self.village:
            return False
        return all(getattr(villager, flag) for flag in self.care_flags)


def _candidates(db: Database, text: str) -> Iterator[Villager]:
    if text.strip():
        return (match.villager for match in search(db, text, limit=SEARCH_POOL))
    return iter_villagers(db)


def find_page(db: Database, wanted: VillagerFilter, offset: int = 0,
              size: int = PAGE_SIZE) -> tuple[list[Villager], bool]:
    """Villagers ``offset``..``offset+size`` that pass the filter, and whether more follow."""
    matching: Iterable[Villager] = (v for v in _candidates(db, wanted.text) if wanted.accepts(v))
    rows = list(islice(matching, offset, offset + size + 1))
    return rows[:size], len(rows) > size
