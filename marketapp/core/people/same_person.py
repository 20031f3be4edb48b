"""Two villager records that are the same person (同一人合并): keep one, fold the other in.

``merge_villagers(db, keep_id, other_id, choices, operator=)`` runs in ONE transaction:

* the kept record takes, field by field, the value ``choices`` names (``"keep"`` or
  ``"other"``; a field not named keeps the kept record's value, or the other's when the
  kept one is empty). The chosen values are checked by the same rules as an edit
  (``core.people.cleaning.clean``), so an ID number from one record and a birth date from the
  other that disagree are refused with the reason;
* every ticket, visit, request, duplicate flag and audit row of the other record moves to
  the kept id; ``last_seen_at`` is the later of the two, ``created_at`` the earlier;
* duplicate flags between the two are answered by the merge and removed; a flag both had
  with a third person is kept once;
* the other record's search keys are removed (``core.people.search.index.remove``) and the record
  deleted; one audit row ``merged`` on the kept record names the record folded in, next to
  the rows of each field that changed;
* a ``merged`` tombstone (``core.people.tombstones``) says the other id now lives on as the kept
  one, so merging an older laptop's file folds its copy in instead of bringing it back.

Two different valid ID numbers are two different people: refused (zh + en reason).
"""

from __future__ import annotations

from collections.abc import Mapping

from sqlite_utils import Database

from marketapp.core import clock
from marketapp.core.errors import UserError
from marketapp.core.people import audit, tombstones
from marketapp.core.people.cleaning import clean
from marketapp.core.people.idnumber import InvalidId, check_id, mask_id
from marketapp.core.people.search import index as search_index
from marketapp.core.people.villagers import (
    CARE_FLAGS,
    InvalidVillager,
    Villager,
    VillagerInput,
    _stored_values,
    _write_changes,
    get_villager,
)
from marketapp.core.people.villages import ensure_village
from marketapp.core.text import N_

#: The fields a person chooses between, in the order the dialog shows them.
MERGE_FIELDS = ("name", "gender", "birth_date", "id_number", "phone", "village", "address",
                "notes", *CARE_FLAGS)
MERGED = "merged"  # the audit row's field on the kept record


def merged_record(name: str, villager_id: str) -> str:
    """The audit row's old value for a merge: the folded record, by name and id."""
    return f"{name} ({villager_id})"


def merged_record_name(value: str) -> str:
    """The name in a :func:`merged_record` value: the id means nothing to staff."""
    return value.rsplit(" (", 1)[0]


class VillagerMergeError(UserError):
    messages = {
        "same_record": N_("Choose two different records."),
        "two_ids": N_("The two records have different ID numbers ({first} and {second}): they "
                      "are two people and cannot be merged. If one number is wrong, clear it in "
                      "that record (Edit…) first, then merge."),
        "bad_choice": N_("The choice “{value}” for “{field}” is not valid."),
    }


def _valid_id(number: str | None) -> str | None:
    if not number:
        return None
    try:
        return check_id(number).number
    except InvalidId:
        return None


def check_mergeable(keep: Villager, other: Villager) -> None:
    """Raise :class:`VillagerMergeError` when the two records cannot be one person."""
    if keep.id == other.id:
        raise VillagerMergeError("same_record")
    first, second = _valid_id(keep.id_number), _valid_id(other.id_number)
    if first and second and first != second:
        raise VillagerMergeError("two_ids", first=mask_id(first), second=mask_id(second))


def default_choices(keep: Villager, other: Villager) -> dict[str, str]:
    """Per field: the kept record's value, unless it is empty and the other's is not."""
    out = {}
    for name in MERGE_FIELDS:
        mine, theirs = getattr(keep, name), getattr(other, name)
        if name in CARE_FLAGS:
            out[name] = "other" if theirs and not mine else "keep"
        else:
            out[name] = "other" if (mine in (None, "") and theirs not in (None, "")) else "keep"
    return out


def merged_values(keep: Villager, other: Villager,
                  choices: Mapping[str, str] | None = None) -> dict[str, object]:
    """The value of every :data:`MERGE_FIELDS` field after the merge."""
    chosen = default_choices(keep, other)
    for name, value in (choices or {}).items():
        if name not in MERGE_FIELDS or value not in ("keep", "other"):
            raise VillagerMergeError("bad_choice", field=name, value=value)
        chosen[name] = value
    return {name: getattr(keep if chosen[name] == "keep" else other, name)
            for name in MERGE_FIELDS}


def merge_villagers(db: Database, keep_id: str, other_id: str,
                    choices: Mapping[str, str] | None = None, *, operator: str = "",
                    at: str | None = None) -> Villager:
    """Fold ``other_id`` into ``keep_id`` (module docstring); returns the kept villager."""
    at = at or clock.now_iso()
    with db.atomic():
        keep, other = get_villager(db, keep_id), get_villager(db, other_id)
        check_mergeable(keep, other)
        values = merged_values(keep, other, choices)
        data = clean(VillagerInput(**{k: ("" if v is None else v)  # type: ignore[arg-type]
                                      for k, v in values.items()}))
        village_id = ensure_village(db, data.village)[0].id if data.village else None
        stored = _stored_values(data, village_id)
        seen = max(filter(None, [keep.last_seen_at, other.last_seen_at]), default=None)
        if seen != keep.last_seen_at:
            stored["last_seen_at"] = seen

        move_records(db, keep_id, other_id)

        # The other record goes (keys first: they are read from its row).
        search_index.remove(db, other.seq)
        db.execute("DELETE FROM villagers WHERE id = ?", [other_id])  # flags left: cascade
        tombstones.record_merged(db, other_id, keep_id, at)

        audit.record_changes(db, keep_id, [(MERGED, merged_record(other.name, other.id), keep.name)],
                             operator=operator, at=at)
        audit.record_changes(db, keep_id, audit.field_changes(keep, stored, data.village),
                             operator=operator, at=at)
        stored["updated_at"] = at
        if other.created_at < keep.created_at:
            stored["created_at"] = other.created_at
        _write_changes(db, keep, stored)
        return get_villager(db, keep_id)


def move_records(db: Database, keep_id: str, other_id: str) -> None:
    """Every ticket, visit, request, duplicate flag and audit row of ``other_id`` moves to
    ``keep_id`` (flags between the two go); the file merge folds records the same way."""
    db.execute("DELETE FROM duplicate_flags WHERE (villager_id = ? AND other_id = ?) "
               "OR (villager_id = ? AND other_id = ?)", [keep_id, other_id, other_id, keep_id])
    db.execute("UPDATE OR IGNORE duplicate_flags SET villager_id = ? WHERE villager_id = ?",
               [keep_id, other_id])
    db.execute("UPDATE OR IGNORE duplicate_flags SET other_id = ? WHERE other_id = ?",
               [keep_id, other_id])
    for table in ("tickets", "visits", "requests", "villager_audit"):
        db.execute(f"UPDATE {table} SET villager_id = ? WHERE villager_id = ?",
                   [keep_id, other_id])


__all__ = ["MERGE_FIELDS", "InvalidVillager", "VillagerMergeError", "check_mergeable",
           "flagged_partners", "move_records",
           "default_choices", "merge_villagers", "merged_values"]


def flagged_partners(db: Database, villager_id: str) -> list[str]:
    """Ids of the records an open duplicate flag pairs with ``villager_id``."""
    rows = db.execute(
        "SELECT other_id FROM duplicate_flags WHERE villager_id = ? AND resolved_at IS NULL "
        "UNION SELECT villager_id FROM duplicate_flags WHERE other_id = ? "
        "AND resolved_at IS NULL", [villager_id, villager_id]).fetchall()
    return [row[0] for row in rows]
