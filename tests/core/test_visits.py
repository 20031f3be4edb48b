"""Visits: the outcome a stall records when a ticket is done, ratings, a villager's history."""

from datetime import date, datetime, timedelta, timezone

import pytest

from marketapp.core.catalogue.outcomes import InvalidOutcome
from marketapp.core.market import days as market
from marketapp.core.market.days import StallPlan
from marketapp.core.people.cleaning import clean
from marketapp.core.people.villagers import VillagerInput, save_villager
from marketapp.core.queue import engine as queue
from marketapp.core.queue import visits
from marketapp.core.queue.rules import QueueError
from marketapp.core.queue.visits import VisitError

T0 = datetime(2025, 3, 8, 8, 0, tzinfo=timezone(timedelta(hours=8)))


def at(minutes: float, days: int = 0) -> datetime:
    return T0 + timedelta(days=days, minutes=minutes)


@pytest.fixture
def zhang(db):
    data = clean(VillagerInput(name="张三", birth_date="1950-05-01"), today=date(2025, 3, 8))
    return save_villager(db, data).villager.id


def open_day(db, days=0, village="城南村"):
    return market.open_market_day(
        db, (T0 + timedelta(days=days)).date(), village,
        [StallPlan("health_check", ["周医生"]), StallPlan("appliance_repair")], at=at(0, days))


def serving(db, stall_id, villager_id, days=0):
    ticket = queue.issue(db, stall_id, villager_id, at=at(1, days)).ticket
    queue.call(db, ticket.id, at=at(2, days))
    return queue.start(db, ticket.id, at=at(3, days))


@pytest.fixture
def checkup(db, zhang):
    return serving(db, open_day(db).stalls[0].id, zhang)


def test_done_stores_typed_outcome_flags_and_times(db, checkup):
    visit = visits.finish(db, checkup.id, {"systolic": "152", "diastolic": "９５", "pulse": ""},
                          at=at(11))
    stored = visits.get_visit(db, visit.id)
    assert stored.outcome == {"systolic": 152, "diastolic": 95}
    assert stored.flags == ["high_bp"]
    assert (stored.wait_minutes, stored.service_minutes) == (2.0, 8.0)  # 08:01 → 08:03 → 08:11
    assert queue.get_ticket(db, checkup.id).status == "done"


def test_a_reading_outside_the_plausible_range_is_refused_with_the_range(db, checkup):
    with pytest.raises(InvalidOutcome) as refused:
        visits.finish(db, checkup.id, {"systolic": "300", "diastolic": "90"}, at=at(11))
    assert refused.value.message("zh") == "收缩压 300 超出合理范围 60–260 mmHg"
    assert queue.get_ticket(db, checkup.id).status == "serving"
    assert visits.visit_for_ticket(db, checkup.id) is None


def test_a_ticket_not_being_served_cannot_be_finished(db, zhang):
    ticket = queue.issue(db, open_day(db).stalls[0].id, zhang, at=at(1)).ticket
    with pytest.raises(QueueError, match="A001|B001"):
        visits.finish(db, ticket.id, {"systolic": 120, "diastolic": 80}, at=at(2))


def test_rating_in_chinese_is_stored_as_a_code_given_by_staff(db, checkup):
    visit = visits.finish(db, checkup.id, {"systolic": 120, "diastolic": 80}, rating="非常满意",
                          at=at(11))
    stored = visits.get_visit(db, visit.id)
    assert (stored.rating, stored.rated_by) == ("very_satisfied", "staff")
    assert visits.rate(db, visit.id, "不满意", at=at(12)).rating == "dissatisfied"


@pytest.mark.parametrize(("given", "code"), [
    (5, "very_satisfied"), ("4", "satisfied"), ("基本满意", "basically_satisfied"),
    ("dissatisfied", "dissatisfied"), (1, "very_dissatisfied"),
    # the old three-level words, read as migration m011 maps them
    ("好", "satisfied"), ("中", "basically_satisfied"), ("差", "dissatisfied"),
])
def test_the_five_levels_are_accepted_as_words_numbers_or_codes(given, code):
    assert visits.parse_rating(given) == code


def test_a_rating_on_the_pad_is_recorded_as_the_villagers_own(db, checkup):
    visit = visits.finish(db, checkup.id, {"systolic": 120, "diastolic": 80}, at=at(11))
    assert (visit.rating, visit.rated_by) == (None, None)
    rated = visits.rate(db, visit.id, 2, at=at(12), rated_by="villager")
    assert (rated.rating, rated.rated_by, rated.rated_at) == ("dissatisfied", "villager",
                                                              at(12).isoformat())
    cleared = visits.rate(db, visit.id, None, at=at(13), rated_by="villager")
    assert (cleared.rating, cleared.rated_by, cleared.rated_at) == (None, None, None)


@pytest.mark.parametrize("level", [0, 6, "六", True])
def test_a_level_outside_one_to_five_is_refused(level):
    with pytest.raises(VisitError, match="非常满意、满意、基本满意、不满意 或 非常不满意"):
        visits.parse_rating(level)


def test_an_unknown_rating_is_refused(db, checkup):
    with pytest.raises(VisitError, match="评价“很好”无效"):
        visits.finish(db, checkup.id, {"systolic": 120, "diastolic": 80}, rating="很好",
                      at=at(11))


@pytest.mark.parametrize(("typed", "cents"), [("5", 500), ("12.50", 1250), ("３元", 300),
                                              (None, None), ("", None)])
def test_fee_in_yuan_is_stored_in_cents(typed, cents):
    assert visits.parse_fee(typed) == cents


@pytest.mark.parametrize("typed", ["-1", "1.234", "abc", "200000"])
def test_a_bad_fee_is_refused(typed):
    with pytest.raises(VisitError, match="收费"):
        visits.parse_fee(typed)


def test_notes_staff_and_fee_are_kept(db, zhang):
    ticket = serving(db, open_day(db).stalls[1].id, zhang)
    visit = visits.finish(db, ticket.id, {"item": "电饭煲", "fault": "不加热", "result": "fixed",
                                          "parts_cost": "15"},
                          notes="换了温控器", fee="15", at=at(40))
    assert (visit.notes, visit.fee_cents, visit.staff) == ("换了温控器", 1500, "")


def test_staff_defaults_to_the_stall_staff(db, checkup):
    visit = visits.finish(db, checkup.id, {"systolic": 120, "diastolic": 80}, at=at(11))
    assert visit.staff == "周医生"


def test_history_across_market_days_in_one_query_oldest_first(db, zhang):
    for days, (sys_bp, dia) in enumerate([(150, 95), (142, 88), (135, 85)]):
        ticket = serving(db, open_day(db, days=7 * days).stalls[0].id, zhang, days=7 * days)
        visits.finish(db, ticket.id, {"systolic": sys_bp, "diastolic": dia},
                      at=at(10, 7 * days))
    statements = []
    db.conn.set_trace_callback(statements.append)
    history = visits.villager_history(db, zhang)
    db.conn.set_trace_callback(None)
    assert len(statements) == 1
    assert visits.readings(history, "systolic") == [
        ("2025-03-08", 150), ("2025-03-15", 142), ("2025-03-22", 135)]
    assert [(e.village, e.label, e.service_zh) for e in history][0] == ("城南村", "B001", "健康检查")


def test_history_is_only_the_villagers_own(db, zhang, checkup):
    visits.finish(db, checkup.id, {"systolic": 120, "diastolic": 80}, at=at(11))
    other = save_villager(db, clean(VillagerInput(name="李四"))).villager.id
    assert visits.villager_history(db, other) == []
    assert len(visits.villager_history(db, zhang)) == 1


def test_undoing_done_keeps_no_reading_or_note_in_the_event_log(db, checkup):
    visit = visits.finish(db, checkup.id, {"systolic": "187", "diastolic": "123"},
                          notes="头晕三天", at=at(11))
    queue.undo_last(db, checkup.stall_id, at=at(12))
    assert visits.visit_for_ticket(db, checkup.id) is None
    assert queue.get_ticket(db, checkup.id).status == "serving"
    import json

    def values(node):  # every value in the events' details, ids left out (hex may hold "187")
        if isinstance(node, dict):
            for key, value in node.items():
                if key.endswith("id") or key in ("undoes", "to_ticket"):
                    continue
                if key == "visit" and isinstance(value, str):
                    continue  # a done's visit id: random hex, may hold "123"
                yield from values(value)
        elif isinstance(node, list):
            for value in node:
                yield from values(value)
        else:
            yield str(node)
    log = " ".join(v for (row,) in db.execute("SELECT details FROM queue_events")
                   for v in values(json.loads(row)))
    assert "187" not in log and "123" not in log and "头晕" not in log
    undo = db.execute("SELECT json_extract(details, '$.visit.id') FROM queue_events "
                      "WHERE action = 'undo'").fetchone()[0]
    assert undo == visit.id  # what a merge needs to remove it from another laptop's copy


def test_the_upgrade_strips_readings_from_undo_events_written_before(db, checkup):
    import json

    from marketapp.store.schema.m009_undo_visit_ids import m009_undo_visit_ids

    visit = visits.finish(db, checkup.id, {"systolic": "187", "diastolic": "123"}, at=at(11))
    queue.undo_last(db, checkup.stall_id, at=at(12))
    old_style = {"undoes": "x", "visit": {"id": visit.id, "outcome": '{"systolic": 187}',
                                          "notes": "头晕三天"}}
    db.execute("UPDATE queue_events SET details = ? WHERE action = 'undo'",
               [json.dumps(old_style, ensure_ascii=False)])
    m009_undo_visit_ids(db)
    details = json.loads(db.execute(
        "SELECT details FROM queue_events WHERE action = 'undo'").fetchone()[0])
    assert details == {"undoes": "x", "visit": {"id": visit.id}}
