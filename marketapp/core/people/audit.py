"""Who changed what: field-level history of villagers, and a log of sensitive actions.

Every write to a villager (``core.people.villagers``) records one ``villager_audit`` row per field
whose value changed — old and new value as text, operator, this data file's device id and
time — inside the write's own transaction, so the history and the record can never disagree.
A new villager gets one ``created`` row (its values are the record itself; later rows show
each change from there). ``last_seen_at`` is audited like any field; when issuing a ticket
moves it, the old value rides in the issue event instead (``queue_rules.SEEN_FROM``: three
pages fewer to write per ticket) and the history shows it as the same field change.
``updated_at`` and the derived pinyin columns are not audited.

``log_sensitive`` records actions that expose, replace or remove personal data: full
(unmasked) exports and PDFs, retention runs, operator changes, merges and restores.

``villager_history_audit`` is what the audit view shows: the field changes plus every queue
transition of that villager's tickets (from ``queue_events``), oldest first.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from sqlite_utils import Database

from marketapp.core import clock
from marketapp.core.ids import new_id
from marketapp.core.queue.rules import SEEN_FROM
from marketapp.core.settings import device_id
from marketapp.core.text import current_language

# Columns of ``villagers`` whose changes are recorded (village_id is recorded as 'village',
# by name). The order is the order the audit view lists a change of several fields in.
AUDITED_FIELDS = (
    "name", "gender", "birth_date", "id_number", "phone", "village", "address",
    "living_alone", "left_behind", "disabled", "low_income", "notes", "last_seen_at",
)
CREATED = "created"
RETENTION = "retention"

# Actions of the sensitive log.
EXPORT_FULL = "export_full"
REPORT_FULL = "report_full"
MERGE = "merge"  # another laptop's file brought in (core.merge.queue.FILE_HISTORY)
RESTORE = "restore"  # the data replaced by a backup


@dataclass(frozen=True)
class HistoryEntry:
    at: str
    kind: str  # 'field' (a villager_audit row) or 'queue' (a queue transition)
    field: str  # the field, 'created' or 'retention'; for 'queue': the action (issue, call, …)
    old: str | None  # for 'queue': the state before
    new: str | None  # for 'queue': the state after
    operator: str
    device: str
    ticket: str = ""  # 'queue' only: ticket label (A012) and stall name
    stall: str = ""


@dataclass(frozen=True)
class SensitiveEntry:
    at: str
    operator: str
    device: str
    action: str
    detail: str


def as_text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "1" if value else "0"
    return str(value)


def field_changes(existing: Any, changes: Mapping[str, object],
                  village_name: str | None = None) -> list[tuple[str, str | None, str | None]]:
    """(field, old, new) for each audited column in ``changes`` whose value differs.

    ``existing`` is the villager as it was (a core.people.villagers.Villager); ``changes`` maps
    villagers columns to the values being written; ``village_name`` names the new village_id.
    """
    found: dict[str, tuple[str | None, str | None]] = {}
    for column, value in changes.items():
        if column == "village_id":
            key, old, new = "village", existing.village, (village_name if value else None)
        elif column in AUDITED_FIELDS:
            key, old, new = column, getattr(existing, column), value
        else:
            continue
        old_text, new_text = as_text(old), as_text(new)
        if column in ("living_alone", "left_behind", "disabled", "low_income"):
            old_text, new_text = as_text(bool(old)), as_text(bool(new))
        if (old_text or None) != (new_text or None):
            found[key] = (old_text, new_text)
    return [(key, *found[key]) for key in AUDITED_FIELDS if key in found]


def record_changes(db: Database, villager_id: str,
                   changes: Iterable[tuple[str, str | None, str | None]],
                   *, operator: str = "", at: str | None = None) -> int:
    """Write one audit row per (field, old, new); call inside the change's transaction."""
    rows = list(changes)
    if not rows:
        return 0
    at = at or clock.now_iso()
    device = device_id(db)
    db.conn.executemany(
        "INSERT INTO villager_audit (id, villager_id, field, old, new, at, operator, device) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [(new_id(), villager_id, field, old, new, at, operator or "", device)
         for field, old, new in rows],
    )
    return len(rows)


def record_created(db: Database, villager_id: str, *, operator: str = "",
                   at: str | None = None) -> None:
    record_changes(db, villager_id, [(CREATED, None, None)], operator=operator, at=at)


def record_created_many(db: Database, created: Iterable[tuple[str, str, str]]) -> None:
    """record_created for each (villager_id, operator, at), in one statement (an import)."""
    device = device_id(db)
    db.conn.executemany(
        "INSERT INTO villager_audit (id, villager_id, field, old, new, at, operator, device) "
        "VALUES (?, ?, ?, NULL, NULL, ?, ?, ?)",
        [(new_id(), villager_id, CREATED, at, operator or "", device)
         for villager_id, operator, at in created],
    )


def log_sensitive(db: Database, operator: str, action: str, detail: str = "",
                  at: str | None = None) -> None:
    """Record who did something that exposes or removes personal data, and when."""
    with db.atomic():
        db.execute(
            "INSERT INTO sensitive_log (id, at, operator, device, action, detail) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            [new_id(), at or clock.now_iso(), operator or "", device_id(db), action, detail],
        )


def log_restore(db: Database, operator: str, restored_from: object,
                safety_backup: object | None) -> None:
    """A restore, in the restored file's own log (the one kept from now on): which backup
    came back and where the data as it was before went."""
    log_sensitive(db, operator, RESTORE, f"{restored_from} (before: {safety_backup or '-'})")


def sensitive_entries(db: Database, limit: int = 100) -> list[SensitiveEntry]:
    rows = db.execute(
        "SELECT at, operator, device, action, detail FROM sensitive_log "
        "ORDER BY at DESC, rowid DESC LIMIT ?", [limit]).fetchall()
    return [SensitiveEntry(*row) for row in rows]


def villager_audit_rows(db: Database, villager_id: str) -> list[HistoryEntry]:
    rows = db.execute(
        "SELECT at, field, old, new, operator, device FROM villager_audit "
        "WHERE villager_id = ? ORDER BY at, rowid", [villager_id]).fetchall()
    return [HistoryEntry(at, "field", field, old, new, op, dev)
            for at, field, old, new, op, dev in rows]


def villager_history_audit(db: Database, villager_id: str) -> list[HistoryEntry]:
    """A person's record history: field changes and their tickets' queue transitions."""
    entries = villager_audit_rows(db, villager_id)
    rows = db.execute(
        "SELECT e.at, e.action, e.from_state, e.to_state, e.operator, e.device_id, t.label, "
        "s.name_zh, s.name_en, json_type(e.details, ?), json_extract(e.details, ?) "
        "FROM tickets t "
        "JOIN queue_events e ON e.stall_id = t.stall_id AND e.ticket_id = t.id "
        "JOIN stalls s ON s.id = t.stall_id "
        "WHERE t.villager_id = ? ORDER BY e.seq",
        [f"$.{SEEN_FROM}", f"$.{SEEN_FROM}", villager_id]).fetchall()

    zh = current_language() == "zh"
    # A retention run cleared the values of the audit rows before it; so it does these.
    cleared = max((e.at for e in entries if e.field == RETENTION), default="")
    for at, action, before, after, op, dev, label, name_zh, name_en, seen, seen_from in rows:
        if seen is not None:
            # Issuing set last_seen_at and kept the old value in its event rather than in a
            # villager_audit row of its own; shown as the field change it is, as mark_seen
            # records one: by no operator.
            old, new = (None, None) if at <= cleared else (seen_from, at)
            entries.append(HistoryEntry(at, "field", "last_seen_at", old, new, "", dev))
        entries.append(HistoryEntry(at, "queue", action, before, after, op, dev, label,
                                    name_zh if zh else name_en))
    # Field rows first among equal times: the record was created before its first ticket.
    entries.sort(key=lambda e: (e.at, e.kind != "field"))
    return entries
