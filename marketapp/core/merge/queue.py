"""The merge of the queue and what hangs on it: events, tickets and their numbers, visits,
requests, and append-only logs (part of ``merge_tables.TableMerger``; see ``core.merge.files``)."""

from __future__ import annotations

import json
from typing import Any

from marketapp.core.merge.rules import (
    RENUMBERED_FROM,
    NumberedTicket,
    Row,
    assign_numbers,
    combine,
    details_for_compare,
    original_number,
    relabel,
    remap_details,
)
from marketapp.core.merge.source import MergeError
from marketapp.core.people.audit import MERGE, RESTORE
from marketapp.core.queue.rules import OPEN_STATES
from marketapp.core.text import N_

#: A ticket stands on this stall id (+ its own id) while its stall's numbers are decided.
PLACEHOLDER = "~merge~"

#: Append-only tables merged as a union by id, with the columns that name mapped rows
#: (no foreign keys: an audit row outlives its record).
APPEND_ONLY: dict[str, dict[str, str]] = {
    "villager_audit": {"villager_id": "villagers"},
    "sensitive_log": {},
}


#: Sensitive-log lines that are a file's own history (merges into it, restores of it): they
#: stay in their file, so merging back and forth adds nothing and the order does not matter.
FILE_HISTORY = frozenset({MERGE, RESTORE})

_OPEN = f"({', '.join(repr(state) for state in OPEN_STATES)})"


class _Resolved:
    """A villager id -> the record it is kept as here, for ``remap_details``."""

    def __init__(self, mapped: Any) -> None:
        self.mapped = mapped

    def get(self, villager_id: str, default: str) -> str:
        return self.mapped("villagers", villager_id) or default


def stamp(row: Row, key: str) -> Any:
    return row.get(key) or ""


class QueueMerger:
    """Methods of ``TableMerger`` (which provides the plumbing and the maps)."""

    db: Any
    other: Any
    report: Any
    maps: Any
    seq_map: dict[int, int]
    placeholders: Any
    touched_stalls: set[str]
    added_tickets: set[str]  # tickets this merge brought in
    _who: Any  # TableMerger's: a villager as the report names her
    scrub_incoming: Any  # TombstoneMerger's
    mapped: Any  # TableMerger's

    def queue(self) -> None:
        """Events (new ones numbered after the target's, in the other file's order), then
        tickets (the copy with the newer latest event wins), then each stall's numbers."""
        theirs = dict(self.other.execute(
            "SELECT ticket_id, MAX(at || '|' || id) FROM queue_events GROUP BY ticket_id"))
        stalls = sorted(set(self.maps["stalls"].values()))
        ours: dict[str, str] = {}
        for start in range(0, len(stalls), 500):
            part = stalls[start:start + 500]
            ours.update(self.db.execute(
                "SELECT ticket_id, MAX(at || '|' || id) FROM queue_events WHERE stall_id IN "
                f"({','.join('?' * len(part))}) GROUP BY ticket_id", part).fetchall())
        next_seq = self.db.execute("SELECT COALESCE(MAX(seq), 0) + 1 FROM queue_events") \
            .fetchone()[0]
        for seq, event_id in self.other.execute("SELECT seq, id FROM queue_events ORDER BY seq"):
            found = self.db.execute("SELECT seq FROM queue_events WHERE id = ?",
                                    [event_id]).fetchone()
            if found:
                self.seq_map[seq] = found[0]
            else:
                self.seq_map[seq] = next_seq
                next_seq += 1
        for row in self.incoming("queue_events", "seq"):
            self._event(row)
        for row in self.incoming("tickets"):
            self._ticket(row, ours, theirs)
        for stall_id in sorted(self.touched_stalls):
            self._renumber(stall_id)
        self._report_double_tickets()

    def _event(self, row: Row) -> None:
        row["seq"] = self.seq_map[row["seq"]]
        row["stall_id"] = self.mapped("stalls", row["stall_id"])
        try:
            details = json.loads(row["details"])
        except ValueError:
            details = None
        if details is not None:
            row["details"] = json.dumps(remap_details(details, self.maps, self.seq_map),
                                        ensure_ascii=False)
        current = self.one("queue_events", "id = ?", [row["id"]])
        if current is None:
            self.insert("queue_events", row)
            return
        if self._same_details(current["details"], row["details"]):
            row["details"] = current["details"]  # differs only where renumbering writes,
            # or names another record of the same person (a tombstone joined them)
        fields = [c for c in self.columns("queue_events") if c not in ("id", "seq")]
        result = combine(current, row, fields, lambda r: r["undone_by"] is not None).row
        self.update("queue_events", current, result, ignore=("id", "seq"))

    def _same_details(self, mine: str, theirs: str) -> bool:
        if details_for_compare(mine) == details_for_compare(theirs):
            return True
        try:
            people = {"villagers": _Resolved(self.mapped)}
            a, b = (remap_details(json.loads(t), people, {}) for t in (mine, theirs))
        except ValueError:
            return False
        return details_for_compare(json.dumps(a)) == details_for_compare(json.dumps(b))

    def _ticket(self, row: Row, ours: dict[str, str], theirs: dict[str, str]) -> None:
        for column, table in (("market_day_id", "market_days"), ("stall_id", "stalls"),
                              ("villager_id", "villagers")):
            row[column] = self.mapped(table, row[column])
        row["queue_seq"] = self.seq_map.get(row["queue_seq"], row["queue_seq"])
        current = self.one("tickets", "id = ?", [row["id"]])
        if current is None:
            clash = self.db.execute("SELECT 1 FROM tickets WHERE stall_id = ? AND number = ?",
                                    [row["stall_id"], row["number"]]).fetchone()
            self.touched_stalls.add(row["stall_id"])
            self.added_tickets.add(row["id"])
            if clash:
                self.placeholders[row["stall_id"]].add(row["id"])
                self.insert("tickets", {**row, "stall_id": PLACEHOLDER + row["id"]})
            else:
                self.insert("tickets", row)
            return
        fields = [c for c in self.columns("tickets") if c not in ("id", "number", "label")]
        result = combine(current, row, fields,
                         lambda r: (ours if r is current else theirs).get(r["id"], "")).row
        self.update("tickets", current, result, ignore=("id", "number", "label"))

    def _renumber(self, stall_id: str) -> None:
        """Every ticket of the stall gets the number ``assign_numbers`` decides from all of
        them; a changed number moves with its label, issue event and transfer label."""
        parked = sorted(self.placeholders.get(stall_id, ()))
        ids_sql = ",".join("?" * len(parked))
        rows = self.db.execute(
            "SELECT id, number, label, issued_at, stall_id FROM tickets WHERE stall_id = ?"
            + (f" OR id IN ({ids_sql})" if parked else ""), [stall_id, *parked]).fetchall()
        issues = dict(self.db.execute(
            "SELECT ticket_id, details FROM queue_events WHERE stall_id = ? AND action = 'issue'",
            [stall_id]).fetchall())
        originals = {r[0]: original_number(r[1], issues.get(r[0])) for r in rows}
        stall_name = self.db.execute("SELECT name_zh, name_en FROM stalls WHERE id = ?",
                                     [stall_id]).fetchone()
        try:
            final = assign_numbers(NumberedTicket(r[0], originals[r[0]], r[3]) for r in rows)
        except OverflowError:

            raise MergeError("no_numbers", stall=stall_name[0] if stall_name else stall_id) \
                from None
        moving = [r for r in rows if final[r[0]] != r[1] or r[4] != stall_id]
        for r in moving:  # park them all first: UNIQUE(stall_id, number) holds at each step
            self.db.execute("UPDATE tickets SET stall_id = ? WHERE id = ?",
                            [PLACEHOLDER + r[0], r[0]])
        for ticket_id, number, label, issued_at, _ in moving:
            new_number = final[ticket_id]
            new_label = relabel(label, new_number)
            self.db.execute("UPDATE tickets SET stall_id = ?, number = ?, label = ? WHERE id = ?",
                            [stall_id, new_number, new_label, ticket_id])
            self._relabel_events(ticket_id, originals[ticket_id], new_number, new_label)
            if new_number != number:
                self.report.renumbered += 1
                self.report.conflict(
                    "tickets", f"{stall_name[0]} {label}", "number",
                    N_("number {label} was issued on two laptops (same desk block); the "
                       "earlier keeps it, so the one issued at {issued_at} is now {new_label}"),
                    label=label, issued_at=issued_at, new_label=new_label)

    def _report_double_tickets(self) -> None:
        """One villager, one open ticket per stall: two desks that each gave her one (a
        copied file, or two laptops) leave her two here. Both are kept — either may already
        have been called — and the report names them so staff cancel one."""
        added = sorted(self.added_tickets)
        pairs: set[tuple[str, str]] = set()
        for start in range(0, len(added), 500):
            part = added[start:start + 500]
            pairs.update(self.db.execute(
                "SELECT MIN(t.id, o.id), MAX(t.id, o.id) FROM tickets t JOIN tickets o ON "
                "o.villager_id = t.villager_id AND o.stall_id = t.stall_id AND o.id <> t.id "
                f"WHERE t.id IN ({','.join('?' * len(part))}) AND t.status IN {_OPEN} "
                f"AND o.status IN {_OPEN}", part).fetchall())
        for first, second in sorted(pairs):
            cursor = self.db.execute(
                "SELECT a.label AS a, b.label AS b, s.name_zh, s.name_en, v.name, v.id_number "
                "FROM tickets a JOIN tickets b ON b.id = ? JOIN stalls s ON s.id = a.stall_id "
                "JOIN villagers v ON v.id = a.villager_id WHERE a.id = ?", [second, first])
            row = dict(zip([d[0] for d in cursor.description], cursor.fetchone(), strict=True))
            a, b = sorted((row["a"], row["b"]))
            self.report.conflict(
                "tickets", f"{row['name_zh']} {a}/{b}", "villager_id",
                N_("one villager ({who}) holds two open tickets at {stall_en}, {a} and {b} (each "
                   "laptop issued one); both are kept: cancel one once the other is called"),
                who=self._who(row), stall_zh=row["name_zh"], stall_en=row["name_en"], a=a, b=b,
                masked_params={"who": self._who(row, masked=True)})

    def _relabel_events(self, ticket_id: str, original: int, number: int, label: str) -> None:
        for event_id, action, text in self.db.execute(
                "SELECT id, action, details FROM queue_events WHERE ticket_id = ? AND action = "
                "'issue' UNION ALL SELECT id, action, details FROM queue_events WHERE action = "
                "'transfer' AND json_extract(details, '$.to_ticket') = ?",
                [ticket_id, ticket_id]).fetchall():
            details = json.loads(text)
            if action == "issue":
                details.setdefault("set", {}).update(number=number, label=label)
                if number != original:
                    details[RENUMBERED_FROM] = original
                else:
                    details.pop(RENUMBERED_FROM, None)
            else:
                details["to_label"] = label
            self.db.execute("UPDATE queue_events SET details = ? WHERE id = ?",
                            [json.dumps(details, ensure_ascii=False), event_id])

    # ---------------------------------------------------------------- visits, requests, logs

    def visits(self) -> None:
        """Visits removed by an undo (the undo event keeps the row) stay removed."""
        undone = {r[0] for r in self.db.execute(
            "SELECT json_extract(details, '$.visit.id') FROM queue_events WHERE action = 'undo'"
            " AND json_extract(details, '$.visit.id') IS NOT NULL")}
        stale = self.db.execute(
            f"SELECT id FROM visits WHERE id IN ({','.join('?' * len(undone))})",
            sorted(undone)).fetchall() if undone else []
        for (visit_id,) in stale:
            if self.db.execute("SELECT 1 FROM requests WHERE visit_id = ?",
                               [visit_id]).fetchone():
                continue  # a request stands on it: kept
            self.db.execute("DELETE FROM visits WHERE id = ?", [visit_id])
            self.report.count("visits", "removed")
        for row in self.incoming("visits"):
            if row["id"] in undone:
                self.report.count("visits", "skipped")
                continue
            for column, table in (("market_day_id", "market_days"), ("stall_id", "stalls"),
                                  ("villager_id", "villagers")):
                row[column] = self.mapped(table, row[column])
            self.scrub_incoming("visits", row)
            current = self.one("visits", "ticket_id = ? AND id <> ?",
                               [row["ticket_id"], row["id"]])
            if current is not None:  # the ticket was finished twice, on two laptops
                if (row["finished_at"], row["id"]) < (current["finished_at"], current["id"]):
                    self.maps["visits"][row["id"]] = current["id"]
                    self.report.count("visits", "skipped")
                    continue
                self.db.execute("UPDATE requests SET visit_id = ? WHERE visit_id = ?",
                                [row["id"], current["id"]])
                self.db.execute("DELETE FROM visits WHERE id = ?", [current["id"]])
                self.report.count("visits", "removed")
            self.merge_by_id("visits", row, lambda r: stamp(r, "rated_at"))

    def requests(self) -> None:
        for row in self.incoming("requests"):
            row["villager_id"] = self.mapped("villagers", row["villager_id"])
            row["visit_id"] = self.mapped("visits", row["visit_id"])
            row["market_day_id"] = self.mapped("market_days", row["market_day_id"])
            self.scrub_incoming("requests", row)
            self.merge_by_id("requests", row, lambda r: r["updated_at"])
        for table in ("request_events", "request_follow_ups"):
            for row in self.incoming(table):
                self.scrub_incoming(table, row)
                self.merge_by_id(table, row, lambda r: 0)

    def logs(self, table: str) -> None:
        """Append-only records (an audit, a log): every row once, by id."""
        refs = APPEND_ONLY[table]
        for row in self.incoming(table):
            if table == "sensitive_log" and row["action"] in FILE_HISTORY:
                continue  # what happened to the other file, not to its people: stays there
            for column, target in refs.items():
                row[column] = self.mapped(target, row[column])
            if table == "villager_audit":
                self.scrub_incoming(table, row)
            self.merge_by_id(table, row, lambda r: 0)
