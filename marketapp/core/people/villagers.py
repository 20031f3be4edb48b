"""The villager registry: validate, add or update, flag possible duplicates, keep search keys."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field, fields, replace
from datetime import date
from operator import attrgetter

from sqlite_utils import Database

from marketapp.core import clock
from marketapp.core.errors import UserError
from marketapp.core.ids import new_id
from marketapp.core.people import audit
from marketapp.core.people.idnumber import mask_id
from marketapp.core.people.search import index as search_index
from marketapp.core.people.villages import ensure_village
from marketapp.core.people.writes import VillagerWriter
from marketapp.core.text import N_

CARE_FLAGS = ("living_alone", "left_behind", "disabled", "low_income")
CARE_FLAG_NAMES = {
    "living_alone": N_("lives alone"),
    "left_behind": N_("left-behind"),
    "disabled": N_("disabled"),
    "low_income": N_("low income"),
}
GENDER_WORDS = {
    "男": "M", "m": "M", "male": "M", "男性": "M",
    "女": "F", "f": "F", "female": "F", "女性": "F",
}


class InvalidVillager(UserError):
    messages = {
        "name_required": N_("The name is empty."),
        "name_too_long": N_("The name is too long (at most {max})."),
        "bad_gender": N_("Gender “{value}” not understood; use 男/M or 女/F."),
        "bad_birth_date": N_("Birth date “{value}” not understood; use the form 1950-03-08 (or "
                             "1950-03 when only the month is known)."),
        "impossible_birth_date": N_("Birth date “{value}” is not a real date; please check it."),
        "future_birth_date": N_("Birth date {value} is in the future."),
        "id_birth_mismatch": N_("Birth date {given} does not match {from_id} in the ID number."),
        "id_gender_mismatch": N_("Gender does not match the ID number (which says {from_id})."),
        # The ID and phone rules' own reasons already name the field (and are translated):
        # nothing to translate here.
        "id_number": "{reason}",
        "phone": "{reason}",
        "not_found": N_("No such villager."),
        "id_taken": N_("ID number {masked} already belongs to another villager, “{other}”. If "
                       "they are one person, leave this number out here and merge the two "
                       "records on the Villagers page."),
    }

    def __init__(self, code: str, field_name: str | None = None,
                 cause: UserError | None = None, **params: object) -> None:
        self.field_name = field_name
        self.cause = cause
        super().__init__(code, **params)

    def message(self, lang: str | None = None) -> str:
        if self.cause is not None:
            # The ID or phone rule's own reason, in the same language as the frame.
            self.params["reason"] = self.cause.message(lang)
        return super().message(lang)


@dataclass
class VillagerInput:
    """What a person typed or a roster row held; everything optional but the name."""

    name: str = ""
    id_number: str = ""
    phone: str = ""
    village: str = ""
    address: str = ""
    gender: str = ""
    birth_date: str = ""
    notes: str = ""
    living_alone: bool = False
    left_behind: bool = False
    disabled: bool = False
    low_income: bool = False


@dataclass
class Villager:
    id: str
    name: str
    gender: str | None
    birth_date: str | None
    id_number: str | None
    phone: str | None
    village_id: str | None
    village: str | None
    address: str | None
    living_alone: bool
    left_behind: bool
    disabled: bool
    low_income: bool
    notes: str | None
    created_at: str
    updated_at: str
    last_seen_at: str | None
    seq: int = 0

    def age_on(self, day: date) -> int | None:
        if not self.birth_date:
            return None
        born = date.fromisoformat(self.birth_date)
        return day.year - born.year - ((day.month, day.day) < (born.month, born.day))

    def care_flags(self) -> list[str]:
        return [flag for flag in CARE_FLAGS if getattr(self, flag)]


@dataclass
class CleanVillager:
    """Validated values, ready to store (village still a name)."""

    name: str
    gender: str | None
    birth_date: str | None
    id_number: str | None
    phone: str | None
    village: str | None
    address: str | None
    notes: str | None
    living_alone: bool
    left_behind: bool
    disabled: bool
    low_income: bool


@dataclass
class SaveResult:
    villager: Villager
    status: str  # 'added' | 'updated' | 'unchanged'
    village_created: str | None = None
    possible_duplicates: list[tuple[Villager, str]] = field(default_factory=list)


class PossibleDuplicate(UserError):
    messages = {
        "possible_duplicate": N_("Possibly the same person as: {names}. Please decide before "
                                 "saving.")
    }

    def __init__(self, candidates: list[tuple[Villager, str]]) -> None:
        self.candidates = candidates
        names = "、".join(f"{v.name}（{v.village or '-'}）" for v, _ in candidates)
        super().__init__("possible_duplicate", names=names)


_SELECT = """
SELECT v.id, v.name, v.gender, v.birth_date, v.id_number, v.phone, v.village_id, g.name,
       v.address, v.living_alone, v.left_behind, v.disabled, v.low_income, v.notes,
       v.created_at, v.updated_at, v.last_seen_at, v.seq
FROM villagers v LEFT JOIN villages g ON g.id = v.village_id
"""


def _row_to_villager(row: tuple) -> Villager:
    values = list(row)
    for index in (9, 10, 11, 12):
        values[index] = bool(values[index])
    return Villager(*values)


def get_villager(db: Database, villager_id: str) -> Villager:
    row = db.execute(_SELECT + " WHERE v.id = ?", [villager_id]).fetchone()
    if not row:
        raise InvalidVillager("not_found")
    return _row_to_villager(row)


def villagers_by_seq(db: Database, seqs: list[int]) -> dict[int, Villager]:
    if not seqs:
        return {}
    marks = ",".join("?" * len(seqs))
    rows = db.execute(_SELECT + f" WHERE v.seq IN ({marks})", seqs).fetchall()
    return {row[-1]: _row_to_villager(row) for row in rows}


def find_by_id_number(db: Database, id_number: str) -> Villager | None:
    row = db.execute(_SELECT + " WHERE v.id_number = ?", [id_number]).fetchone()
    return _row_to_villager(row) if row else None


def find_possible_duplicates(
    db: Database, data: CleanVillager, exclude_id: str | None = None
) -> list[tuple[Villager, str]]:
    """Existing people this record may be: same name + village + birth year, or same phone."""
    same_nvy: list[Villager] = []
    if data.village and data.birth_date:
        rows = db.execute(
            _SELECT + " WHERE v.name = ? AND g.name = ? AND substr(v.birth_date, 1, 4) = ?",
            [data.name, data.village, data.birth_date[:4]],
        ).fetchall()
        same_nvy = [_row_to_villager(row) for row in rows]
    same_phone: list[Villager] = []
    if data.phone:
        rows = db.execute(_SELECT + " WHERE v.phone = ?", [data.phone]).fetchall()
        same_phone = [_row_to_villager(row) for row in rows]
    return duplicate_candidates(data, same_nvy, same_phone, exclude_id)


def duplicate_candidates(
    data: CleanVillager,
    same_name_village_year: list[Villager],
    same_phone: list[Villager],
    exclude_id: str | None = None,
) -> list[tuple[Villager, str]]:
    """The rule for "possibly the same person", given the people found each way."""
    found: dict[str, tuple[Villager, str]] = {}
    for villager in same_name_village_year:
        found.setdefault(villager.id, (villager, "name_village_year"))
    for villager in same_phone:
        found.setdefault(villager.id, (villager, "phone"))
    found.pop(exclude_id or "", None)
    # Two records with different valid ID numbers are two people, whatever else matches.
    return [
        (v, why) for v, why in found.values()
        if not (data.id_number and v.id_number and v.id_number != data.id_number)
    ]


class VillagerLookup:
    """How a save finds the people already there: one query each, by default.

    A bulk import substitutes a lookup that loads a whole chunk of rows' matches at once.
    """

    def __init__(self, db: Database) -> None:
        self.db = db

    def preload(self, chunk: list[CleanVillager]) -> None:
        """Told the rows about to be saved, so a bulk lookup can load their matches."""

    def by_id_number(self, id_number: str) -> Villager | None:
        return find_by_id_number(self.db, id_number)

    def possible_duplicates(self, data: CleanVillager) -> list[tuple[Villager, str]]:
        return find_possible_duplicates(self.db, data)

    def same_record_without_id(self, data: CleanVillager) -> bool:
        """Someone without an ID number whose every value equals these (a re-imported row)."""
        row = self.db.execute(
            "SELECT 1 FROM villagers v LEFT JOIN villages g ON g.id = v.village_id "
            "WHERE v.name = ? AND v.id_number IS NULL AND g.name IS ? AND v.gender IS ? "
            "AND v.birth_date IS ? AND v.phone IS ? AND v.address IS ? LIMIT 1",
            [data.name, data.village, data.gender, data.birth_date, data.phone, data.address],
        ).fetchone()
        return row is not None

    def next_seq(self) -> int:
        return int(self.db.execute("SELECT COALESCE(MAX(seq), 0) + 1 FROM villagers").fetchone()[0])

    def village_id(self, name: str) -> tuple[str, bool]:
        village, created = ensure_village(self.db, name)
        return village.id, created

    def saved(self, before: Villager | None, after: Villager) -> None:
        """Told of every person written, so a caching lookup can stay true."""


# What a villagers row stores of a CleanVillager: all but the village's name.
_STORED_FIELDS = tuple(f.name for f in fields(CleanVillager) if f.name != "village")
_stored_of = attrgetter(*_STORED_FIELDS)


def _stored_values(data: CleanVillager, village_id: str | None) -> dict[str, object]:
    values = dict(zip(_STORED_FIELDS, _stored_of(data), strict=True))
    values["village_id"] = village_id
    for flag in CARE_FLAGS:
        values[flag] = int(bool(values[flag]))
    return values


def _write_changes(db: Database, existing: Villager, changes: dict[str, object]) -> None:
    """UPDATE one villager and move their search keys with them."""
    if "name" in changes:
        changes["pinyin"], changes["initials"] = search_index.pinyin_columns(str(changes["name"]))
    search_index.remove(db, existing.seq)  # reads the old keys, so before the UPDATE
    db.execute(
        "UPDATE villagers SET " + ", ".join(f"{k} = ?" for k in changes) + " WHERE id = ?",
        [*changes.values(), existing.id],
    )
    search_index.add(db, existing.seq)


def save_villager(
    db: Database,
    data: CleanVillager,
    *,
    on_duplicate: str = "raise",
    at: str | None = None,
    operator: str = "",
) -> SaveResult:
    """Add a villager, or update the one with the same ID number.

    on_duplicate: 'raise' (PossibleDuplicate, nothing written), 'flag' (save and record the
    pair for a person to decide later), 'ignore' (a person already decided: different people).
    ``operator`` is recorded in the audit (core.people.audit) with the change.
    """
    with db.atomic():
        return save_in_transaction(db, data, on_duplicate=on_duplicate, at=at,
                                   operator=operator)


def save_in_transaction(
    db: Database,
    data: CleanVillager,
    *,
    on_duplicate: str = "raise",
    at: str | None = None,
    lookup: VillagerLookup | None = None,
    operator: str = "",
    writer: VillagerWriter | None = None,
) -> SaveResult:
    """save_villager for a caller that already holds the transaction (a bulk import).

    A bulk import passes a lookup that loads matches a chunk at a time and a writer that
    holds new rows back until the chunk is done (call ``writer.flush()`` at its end).
    """
    at = at or clock.now_iso()
    lookup = lookup or VillagerLookup(db)
    writer = writer or VillagerWriter(db)
    village_id, village_created = None, None
    if data.village:
        village_id, created = lookup.village_id(data.village)
        village_created = data.village if created else None
    existing = lookup.by_id_number(data.id_number) if data.id_number else None
    if existing:
        # The person may be one of the rows held back; her audit rows must follow theirs.
        writer.flush()
        result = _update_existing(db, existing, data, village_id, village_created, at,
                                  operator=operator)
        lookup.saved(existing, result.villager)
        return result
    candidates = lookup.possible_duplicates(data)
    if candidates and on_duplicate == "raise":
        raise PossibleDuplicate(candidates)
    seq = lookup.next_seq()
    villager_id = new_id()
    values = _stored_values(data, village_id)
    values.update(id=villager_id, seq=seq, created_at=at, updated_at=at, last_seen_at=None)
    values["pinyin"], values["initials"] = search_index.pinyin_columns(data.name)
    flags = [(other.id, why) for other, why in candidates] if on_duplicate == "flag" else []
    writer.insert(values, flags, operator=operator, at=at)
    villager = Villager(
        id=villager_id, name=data.name, gender=data.gender, birth_date=data.birth_date,
        id_number=data.id_number, phone=data.phone, village_id=village_id,
        village=data.village, address=data.address, living_alone=data.living_alone,
        left_behind=data.left_behind, disabled=data.disabled, low_income=data.low_income,
        notes=data.notes, created_at=at, updated_at=at, last_seen_at=None, seq=seq,
    )
    lookup.saved(None, villager)
    return SaveResult(villager, "added", village_created, candidates)


def _update_existing(
    db: Database,
    existing: Villager,
    data: CleanVillager,
    village_id: str | None,
    village_created: str | None,
    at: str,
    *,
    operator: str = "",
) -> SaveResult:
    """Same ID number = same person: fill in what the new data says, keep what it leaves out."""
    new_values = _stored_values(data, village_id)
    changes: dict[str, object] = {}
    for key, value in new_values.items():
        current = getattr(existing, key)
        if key in CARE_FLAGS:
            # A roster marks who is in a group; an unmarked row does not take a flag away.
            if value and not current:
                changes[key] = 1
        elif value not in (None, "") and value != current:
            changes[key] = value
    if not changes:
        return SaveResult(existing, "unchanged", village_created)
    audit.record_changes(db, existing.id, audit.field_changes(existing, changes, data.village),
                         operator=operator, at=at)
    changes["updated_at"] = at
    _write_changes(db, existing, changes)
    return SaveResult(get_villager(db, existing.id), "updated", village_created)


def update_villager(
    db: Database, villager_id: str, data: CleanVillager, at: str | None = None, *,
    operator: str = "",
) -> Villager:
    """An edit from a staff screen: every field takes the new value, blanks included."""
    at = at or clock.now_iso()
    with db.atomic():
        existing = get_villager(db, villager_id)
        if data.id_number:
            holder = find_by_id_number(db, data.id_number)
            if holder and holder.id != villager_id:

                raise InvalidVillager("id_taken", "id_number", masked=mask_id(data.id_number),
                                      other=holder.name)
        village_id = ensure_village(db, data.village)[0].id if data.village else None
        values = _stored_values(data, village_id)
        audit.record_changes(db, villager_id, audit.field_changes(existing, values, data.village),
                             operator=operator, at=at)
        values["updated_at"] = at
        _write_changes(db, existing, values)
        return get_villager(db, villager_id)


def mark_seen(db: Database, villager_id: str, at: str | None = None, *,
              operator: str = "", rerank: bool = True) -> Villager:
    """Record that the person came today, which ranks them first among equal matches.

    ``rerank=False`` (issuing a ticket) only records the time: her search keys take the new
    rank when the day closes (search_index.refresh_ranks), keeping a ticket to a few writes.
    """
    at = at or clock.now_iso()
    with db.atomic():
        existing = get_villager(db, villager_id)
        audit.record_changes(db, villager_id, [("last_seen_at", existing.last_seen_at, at)],
                             operator=operator, at=at)
        db.execute("UPDATE villagers SET last_seen_at = ? WHERE id = ?", [at, villager_id])
        if rerank:
            search_index.set_rank(db, existing.seq)
        return replace(existing, last_seen_at=at)


def iter_villagers(db: Database, order_by: str = "g.name, v.name") -> Iterator[Villager]:
    for row in db.execute(_SELECT + f" ORDER BY {order_by}"):
        yield _row_to_villager(row)
