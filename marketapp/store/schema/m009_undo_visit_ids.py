"""Undo events name the visit they removed by id only.

Until now an undone "done" kept the whole visit row (readings, advice, notes) in its queue
event, where retention never cleared it and merges copied it to other laptops' files. The
merge needs only the id; everything else is dropped from the events already written.
"""

from sqlite_utils import Database

from marketapp.store.migrations import MIGRATIONS


@MIGRATIONS(name="m009_undo_visit_ids")
def m009_undo_visit_ids(db: Database) -> None:
    db.execute(
        "UPDATE queue_events SET details = json_set(details, '$.visit', "
        "json_object('id', json_extract(details, '$.visit.id'))) "
        "WHERE action = 'undo' AND json_type(details, '$.visit') = 'object'"
    )
