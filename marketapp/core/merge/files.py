"""Several laptops at one market, and the township office: bringing another data file in.

``merge_database(db, other_path)`` opens OTHER read-only, backs the target up (reason
``merge``), and brings OTHER's rows in within ONE transaction: a failure, a refusal or a
cancel (``progress(done, total)`` returning False) changes nothing; ``dry_run`` does the
whole merge and rolls it back, to report what would change.

What is matched to what
    * villages by name; villagers by ID number, else by UUID. A villager matched by ID
      number under another UUID takes the target's UUID, and every ticket, visit, request
      and duplicate flag of theirs follows it. A villager new to the target gets the next
      local ``seq`` and its search keys.
    * market days by (village name, date): the same day opened on two laptops becomes one;
      stalls by (market day, service code); ticket counters by (stall, device), the larger
      last number kept.
    * tickets, queue events, visits, requests, request events and follow-ups by their UUID.
      Queue events new to the target are numbered after the target's events, in the other
      file's order; ids and event numbers inside their details follow their rows.
    * append-only logs (``villager_audit``, ``sensitive_log``) are united by id, the
      audit's villager following the villager's mapping.
    * tombstones (``villager_tombstones``) first: see *Tombstones* below.
    * ``settings`` and ``operators`` (sign-in accounts) stay local; ``villager_search`` is
      derived (rebuilt for the villagers the
      merge touched). Tables this version does not know are left alone and named in the
      report (:data:`LOCAL_TABLES`, :data:`MERGED_TABLES`).

How two copies of one record combine (rules in ``merge_rules``)
    * villagers: the copy with the later ``updated_at`` wins every field; at the same time,
      each field takes the larger value. ``created_at`` is the earliest, ``last_seen_at``
      the latest, and a known ID number is never erased by a copy that lacks it. Every
      field on which the two copies differ is a conflict in the report (zh + en, which
      value was kept and why) — never silent.
    * market days: a closed copy beats an open one (later ``closed_at`` first); the
      earliest opening is kept. Stalls: larger values, staff lists united, the target's
      ticket letter kept (a different letter is reported).
    * tickets: the copy whose latest queue event is newer wins (the further-along state).
      Queue events: a copy marked undone wins. Requests: later ``updated_at`` wins. Visits:
      a rated copy wins; a visit removed by an undo on either laptop stays removed; a ticket
      finished on two laptops keeps the later visit (requests follow it).
    * otherwise, equal versions: each field takes the larger value (NULL lowest).
    These rules depend only on the copies, so merging the same file twice adds nothing, and
    merging A then B or B then A gives identical content (:func:`content_hash`, which reads
    records by their natural keys and leaves out local columns: seq, search keys).

Tombstones (``core.people.tombstones``, step ``merge_tombstones``, before the villagers)
    A record merged away (同一人合并) or emptied by retention left a tombstone: ids, a time
    and a device, never a name or number. The other file's tombstones come in (a link
    already known — the same two records, in either direction — adds nothing; of two
    records of one removal the later wins), and then:

    * records joined by ``merged`` links over any chain, in either direction, are one
      person (cycles too). The person is kept as the live record that nobody merged away,
      then the smallest id — the same in every file. An incoming copy of any of them goes
      onto that record, and so do its tickets, visits, requests, flags and audit rows;
      this file's own other records of the person are folded in as ``villager_merge``
      does (or, when the kept record is only in the other file, take its id). A copy
      matched by ID number under another UUID leaves a link too, so it is still found
      after retention cleared the ID number here.
    * a person removed at time T: a copy last active (last seen, created or changed) up to
      T brings no personal data — it is dropped (stored as retention leaves a record:
      已清除, no ID number, phone, address, notes or care flags, birth year only) and
      its visits, requests, follow-ups and audit values dated up to T come in emptied as
      retention empties them; tickets, services, times, ratings and flags stay, they are
      the statistics of past market days. A copy active after T (the person came to a
      later market, on that laptop) is the person back: it wins over the emptied record
      and brings what it knows; the readings and texts from before T stay gone. A
      removal that reaches a file still holding the person clears him there the same
      way. The rule is the same when the copy has another UUID and the same ID number:
      it is the same person exactly when a link says so (the link was left when the two
      were first matched by ID number); a tombstone keeps no ID number to match on, so a
      copy never linked to the removed record comes in as a new person.
    * ``secure_delete`` is on while a merge meets any removal, and the ``-wal`` is emptied
      afterwards when something was dropped, as retention does.
    The report counts the records folded in and the copies whose personal data was
    dropped; fields of a removed person's copies are not listed as conflicts (no
    removed name or number is printed).

Ticket numbers
    Each laptop issues from its own block (``queue`` docstring), so numbers of one stall
    from two laptops do not collide. When they did (two desks set up with the same block),
    the ticket issued first (then the smaller id) keeps the number and each later one gets
    the next free number after the stall's highest (``merge_rules.assign_numbers``); its
    label, issue event (which keeps ``merge_renumbered_from``) and transfer label follow,
    its events, visit and requests stay on it (they point at its id), and the report says
    so. The decision is recomputed from every ticket of the stall, so it is the same in
    any merge order.
"""

from __future__ import annotations

import sqlite3
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from marketapp.core.merge.hashing import content_hash
from marketapp.core.merge.queue import APPEND_ONLY
from marketapp.core.merge.source import MergeError, OtherFile, user_tables
from marketapp.core.merge.tables import Cancelled, TableMerger
from marketapp.core.people.audit import MERGE, log_sensitive
from marketapp.core.people.tombstones import REMOVED
from marketapp.core.people.tombstones import TABLE as TOMBSTONES
from marketapp.core.text import N_, gettext, say
from marketapp.store.backup.policy import backup_now

__all__ = ["LOCAL_TABLES", "MERGED_TABLES", "Conflict", "MergeError", "MergeReport",
           "TableCount", "content_hash", "merge_database"]

#: Merged, in this order, with their names for the report.
MERGED_TABLES: dict[str, str] = {
    "villages": N_("villages"),
    "villager_tombstones": N_("villager tombstones"),
    "villagers": N_("villagers"),
    "duplicate_flags": N_("duplicate flags"),
    "market_days": N_("market days"),
    "stalls": N_("stalls"),
    "ticket_counters": N_("ticket counters"),
    "queue_events": N_("queue events"),
    "tickets": N_("tickets"),
    "visits": N_("visits"),
    "requests": N_("requests"),
    "request_events": N_("request events"),
    "request_follow_ups": N_("follow-ups"),
    "villager_audit": N_("villager audit"),
    "sensitive_log": N_("sensitive-action log"),
}
#: The columns of the report's table of counts.
_COLUMNS = (N_("table"), N_("added"), N_("updated"), N_("unchanged"), N_("skipped"),
            N_("removed"))
#: Never merged: this laptop's own (settings, migrations) or derived (search keys).
LOCAL_TABLES = frozenset({"settings", "villager_search", "operators", "_sqlite_migrations",
                          "sqlite_sequence", "sqlite_stat1", "sqlite_stat4",
                          # stall devices paired to this laptop's hub (core.devices)
                          "pairing_codes", "devices", "device_commands"})


@dataclass
class TableCount:
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0
    removed: int = 0


@dataclass(frozen=True)
class Conflict:
    """Two copies disagreed; ``reason`` (an English template, translated when shown) with
    ``params`` says on what, and which value was kept and why."""

    table: str
    record: str  # who or what (姓名 + masked ID where it names a person)
    field: str
    reason: str
    params: dict[str, Any] = field(default_factory=dict, compare=False)
    #: The same with names, phones and free text masked (the default summary): the record,
    #: and the params that differ. None: nothing in it names a person.
    masked_record: str | None = field(default=None, compare=False)
    masked_params: dict[str, Any] = field(default_factory=dict, compare=False)

    def text(self, lang: str | None = None, *, full: bool = True) -> str:
        params = self.params if full else {**self.params, **self.masked_params}
        return gettext(self.reason, lang).format(**params)

    def message(self, lang: str | None = None, *, full: bool = True) -> str:
        record = self.record if full or self.masked_record is None else self.masked_record
        return say("{record}: {text}", lang, record=record, text=self.text(lang, full=full))


@dataclass
class MergeReport:
    source: str
    dry_run: bool = False
    cancelled: bool = False
    backup: Path | None = None
    tables: dict[str, TableCount] = field(default_factory=dict)
    conflicts: list[Conflict] = field(default_factory=list)
    villagers_remapped: int = 0  # matched by ID number under another UUID
    tombstone_folded: int = 0  # records put onto the record a tombstone keeps them as
    tombstone_dropped: int = 0  # copies of removed people whose personal data was dropped
    renumbered: int = 0  # tickets given a new number
    skipped_tables: list[str] = field(default_factory=list)
    absent_tables: list[str] = field(default_factory=list)  # merged tables this file lacks

    def count(self, table: str, what: str, n: int = 1) -> None:
        counts = self.tables.setdefault(table, TableCount())
        setattr(counts, what, getattr(counts, what) + n)

    def conflict(self, table: str, record: str, field_name: str, reason: str, *,
                 masked_record: str | None = None, masked_params: dict[str, Any] | None = None,
                 **params: Any) -> None:
        """``reason``: an English template marked ``N_()``, filled from ``params``; where it
        names a person, ``masked_record``/``masked_params`` say it masked."""
        self.conflicts.append(Conflict(table, record, field_name, reason, params,
                                       masked_record, masked_params or {}))

    @property
    def changed(self) -> bool:
        return any(c.added or c.updated or c.removed for c in self.tables.values())

    def lines(self, lang: str | None = None, *, full: bool = False) -> list[str]:
        """The summary; names, phones and free text in the conflicts masked unless ``full``
        (staff may print or paste it: it names no one, as the masked exports)."""
        out = []
        if self.cancelled:
            return [say("Merge cancelled; nothing was changed.", lang)]
        if self.dry_run:
            out.append(say("Dry run: what the merge would do; nothing was changed.", lang))
        out.append(say("Merged from: {source}", lang, source=self.source))
        if self.backup:
            out.append(say("Backup before the merge: {backup}", lang, backup=self.backup))
        head = [gettext(h, lang) for h in _COLUMNS]
        out.append(_pad(head[0], 20) + "".join(_pad(h, 10, right=True) for h in head[1:]))
        for table, names in MERGED_TABLES.items():
            if table not in self.tables and table in self.absent_tables:
                continue
            c = self.tables.get(table, TableCount())
            out.append(_pad(gettext(names, lang), 20) + "".join(
                f"{v:>10}" for v in (c.added, c.updated, c.unchanged, c.skipped, c.removed)))
        if self.villagers_remapped:
            out.append(say("Villagers matched by ID number under another UUID: "
                           "{villagers_remapped}", lang,
                           villagers_remapped=self.villagers_remapped))
        if self.tombstone_folded:
            out.append(say("Records folded into the record they were merged into: "
                           "{tombstone_folded}", lang, tombstone_folded=self.tombstone_folded))
        if self.tombstone_dropped:
            out.append(say("Records whose personal data was dropped (the person was removed by "
                           "retention): {tombstone_dropped}", lang,
                           tombstone_dropped=self.tombstone_dropped))
        if self.skipped_tables:
            names = ", ".join(self.skipped_tables)
            out.append(say("Tables this version does not merge (left alone): {names}", lang,
                           names=names))
        if self.conflicts:
            out.append(say("{conflicts_count} conflict(s), resolved by the rules:", lang,
                           conflicts_count=len(self.conflicts)))
            out += [f"  - {c.message(lang, full=full)}" for c in self.conflicts]
        else:
            out.append(say("No conflicts.", lang))
        return out


def _pad(text: str, width: int, right: bool = False) -> str:
    """Pad to a width in terminal columns (a Chinese character takes two)."""
    used = sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)
    space = " " * max(1, width - used)
    return space + text if right else text + space


class _DryRun(Exception):
    pass


Progress = Callable[[int, int], bool | None]


def merge_database(db: Database, other_path: Path | str, *, progress: Progress | None = None,
                   dry_run: bool = False, operator: str = "") -> MergeReport:
    """Bring ``other_path`` into ``db`` (rules in the module docstring); a merge (not a dry
    run) is in the sensitive-action log, by ``operator``, in its own transaction.

    Raises :class:`MergeError` (nothing changed) for a file that is missing, not a
    marketapp data file, damaged, newer than this version, or the target itself; a backup
    failure raises ``BackupError`` before anything is merged. A cancel returns a report
    with ``cancelled`` set.
    """
    other_path = Path(other_path)
    report = MergeReport(str(other_path), dry_run=dry_run)
    with OtherFile(db, other_path) as other:
        ours = user_tables(db.conn)
        report.skipped_tables = sorted(ours - LOCAL_TABLES - set(MERGED_TABLES))
        tables = [t for t in MERGED_TABLES if t in ours]
        report.absent_tables = [t for t in MERGED_TABLES if t not in ours]
        total = sum(other.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in tables)
        done = 0

        def tick(n: int) -> None:
            nonlocal done
            done += n
            if progress is not None and progress(done, total) is False:
                raise Cancelled

        if progress is not None and progress(0, total) is False:
            report.cancelled = True
            return report
        if not dry_run:
            report.backup = backup_now(db, "merge").path
        merger = TableMerger(db, other, report, tick)
        steps = {"villages": merger.villages, "villager_tombstones": merger.tombstones,
                 "villagers": merger.villagers,
                 "duplicate_flags": merger.duplicate_flags, "market_days": merger.market_days,
                 "stalls": merger.stalls, "ticket_counters": merger.ticket_counters,
                 "queue_events": merger.queue, "visits": merger.visits,
                 "requests": merger.requests,
                 **{t: partial(merger.logs, t) for t in APPEND_ONLY}}
        secure = _has_removals(db.conn) or _has_removals(other)
        previous = db.execute("PRAGMA secure_delete").fetchone()[0]
        if secure:  # values of removed people overwritten, not left in free space
            db.execute("PRAGMA secure_delete = ON")
        try:
            with db.atomic():
                db.execute("PRAGMA defer_foreign_keys = ON")
                for table, step in steps.items():
                    if table in ours:
                        step()
                if dry_run:
                    raise _DryRun
                if "sensitive_log" in ours:
                    log_sensitive(db, operator, MERGE, f"{other_path} (backup: {report.backup})")
        except _DryRun:
            pass
        except Cancelled:
            return MergeReport(str(other_path), dry_run=dry_run, cancelled=True,
                               backup=report.backup)
        except sqlite3.IntegrityError as exc:
            raise MergeError("failed", reason=str(exc)) from exc
        finally:
            if secure:
                db.execute(f"PRAGMA secure_delete = {int(previous)}")
    if secure and report.tombstone_dropped and not dry_run:
        # As retention does: the -wal held page images with the old values.
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return report


def _has_removals(conn: sqlite3.Connection) -> bool:
    try:
        return conn.execute(f"SELECT 1 FROM {TOMBSTONES} WHERE kind = ? LIMIT 1",
                            [REMOVED]).fetchone() is not None
    except sqlite3.OperationalError:  # a file from before tombstones
        return False
