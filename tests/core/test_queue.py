"""The queue engine: numbers, order, transitions, undo, estimates and the board, as staff see them."""

import json
from datetime import date, datetime, timedelta, timezone

import pytest

from marketapp.core import settings
from marketapp.core.market import days as market
from marketapp.core.market.days import StallPlan
from marketapp.core.people.cleaning import clean
from marketapp.core.people.villagers import VillagerInput, save_villager
from marketapp.core.queue import engine as queue
from marketapp.core.queue import visits
from marketapp.core.queue.rules import QueueError, number_block
from marketapp.core.screens.board import board_snapshot

T0 = datetime(2025, 3, 8, 8, 0, tzinfo=timezone(timedelta(hours=8)))


def at(minutes: float) -> datetime:
    return T0 + timedelta(minutes=minutes)


def person(db, name: str, birth: str = "1970-05-01", **flags) -> str:
    data = clean(VillagerInput(name=name, birth_date=birth, **flags), today=date(2025, 3, 8))
    return save_villager(db, data, on_duplicate="ignore").villager.id


@pytest.fixture
def day(db):
    return market.open_market_day(
        db, "2025-03-08", "城南村",
        [StallPlan("haircut", ["王师傅"], closes_at="11:30"), StallPlan("health_check"),
         StallPlan("medicine")],
        at=T0,
    )


def line(db, stall_id) -> list[str]:
    return [t.label for t in queue.waiting_order(db, stall_id)]


def issue(db, stall_id, name, minute, **kw):
    return queue.issue(db, stall_id, person(db, name, **kw.pop("person", {})), at=at(minute),
                       **kw).ticket


def serve(db, ticket, minute, minutes=10):
    queue.start(db, queue.call(db, ticket.id, at=at(minute)).id, at=at(minute))
    return visits.finish(db, ticket.id, {}, at=at(minute + minutes))


# ----------------------------------------------------------------------------- numbers


def test_numbers_are_the_stall_letter_and_three_digits_in_order(db, hair, health):
    labels = [issue(db, hair, n, i).label for i, n in enumerate(["张三", "李四", "王五"])]
    assert labels == ["A001", "A002", "A003"]
    assert issue(db, health, "张三", 4).label == "B001"


def test_a_cancelled_number_is_never_issued_again(db, hair):
    first = issue(db, hair, "张三", 0)
    queue.cancel(db, first.id, at=at(1))
    assert issue(db, hair, "李四", 2).label == "A002"


def test_number_blocks_for_one_two_and_three_desks():
    assert number_block(1, 1) == (1, 999)
    assert [number_block(k, 2) for k in (1, 2)] == [(1, 499), (501, 999)]
    assert [number_block(k, 3) for k in (1, 2, 3)] == [(1, 332), (334, 665), (667, 998)]


def test_the_second_desk_issues_from_its_own_block_and_records_its_counter(db, hair):
    settings.set_setting(db, "desk_slot", 2)
    settings.set_setting(db, "desk_count", 2)
    ticket = issue(db, hair, "张三", 0)
    assert ticket.label == "A501" and ticket.device_id == settings.device_id(db)
    assert db.execute("SELECT last_number FROM ticket_counters").fetchall() == [(501,)]


def test_a_used_up_block_is_refused_with_its_range(db, hair):
    settings.set_setting(db, "desk_slot", 1)
    settings.set_setting(db, "desk_count", 2)
    db.execute("INSERT INTO ticket_counters VALUES (?, ?, 499)", [hair, settings.device_id(db)])
    with pytest.raises(QueueError) as refused:
        issue(db, hair, "张三", 0)
    assert refused.value.message("zh") == "理发本机的号段 001–499 已用完。"


def test_one_open_ticket_per_villager_per_stall_but_several_stalls_at_once(db, hair, health):
    zhang = person(db, "张三")
    queue.issue(db, hair, zhang, at=at(0))
    queue.issue(db, health, zhang, at=at(1))
    with pytest.raises(QueueError) as refused:
        queue.issue(db, hair, zhang, at=at(2))
    assert refused.value.message("zh") == "该村民已在理发排队（A001），不必重复取号。"


# ----------------------------------------------------------------------------- order


def test_urgent_then_priority_then_arrival(db, hair):
    issue(db, hair, "张三", 0)
    issue(db, hair, "李四", 1, priority="priority", reason="pregnancy")
    issue(db, hair, "王五", 2)
    issue(db, hair, "赵六", 3, priority="urgent", reason="胸闷")
    assert line(db, hair) == ["A004", "A002", "A001", "A003"]


def test_age_at_the_priority_threshold_on_the_issue_date_makes_a_ticket_priority(db, hair):
    eighty = issue(db, hair, "张三", 0, person={"birth": "1945-03-08"})
    almost = issue(db, hair, "李四", 1, person={"birth": "1945-03-09"})
    assert (eighty.priority, eighty.priority_reason) == ("priority", "age")
    assert almost.priority == "normal"


def test_the_priority_age_is_a_setting(db, hair):
    settings.set_setting(db, "priority_age", 70)
    assert issue(db, hair, "张三", 0, person={"birth": "1954-01-01"}).priority == "priority"


def test_disability_makes_a_ticket_priority(db, hair):
    ticket = issue(db, hair, "张三", 0, person={"disabled": True})
    assert (ticket.priority, ticket.priority_reason) == ("priority", "disabled")


def test_a_staff_decision_is_stored_as_the_reason(db, hair):
    ticket = issue(db, hair, "张三", 0, priority="优先")
    assert (ticket.priority, ticket.priority_reason) == ("priority", "staff")


def test_an_unknown_priority_reason_is_refused(db, hair):
    with pytest.raises(QueueError, match="优先原因“vip”无效"):
        issue(db, hair, "张三", 0, priority="priority", reason="vip")


def test_after_three_priority_calls_the_longer_waiting_normal_ticket_goes_next(db, hair):
    normal = issue(db, hair, "普通甲", 0)
    for i, name in enumerate(["优先甲", "优先乙", "优先丙", "优先丁"]):
        issue(db, hair, name, 1 + i, priority="priority", reason="staff")
    called = []
    for minute in range(10, 15):
        ticket = queue.call_next(db, hair, at=at(minute))
        called.append(ticket.label)
        queue.start(db, ticket.id, at=at(minute))
        visits.finish(db, ticket.id, {}, at=at(minute + 0.5))
    assert called == ["A002", "A003", "A004", normal.label, "A005"]


def test_the_starvation_rule_does_not_let_a_newer_normal_ticket_jump(db, hair):
    for i, name in enumerate(["优先甲", "优先乙", "优先丙", "优先丁"]):
        issue(db, hair, name, i, priority="priority", reason="staff")
    for minute in range(10, 13):
        queue.start(db, queue.call_next(db, hair, at=at(minute)).id, at=at(minute))
    late = issue(db, hair, "普通甲", 20)
    assert line(db, hair) == ["A004", late.label]


def test_a_villager_at_another_stall_is_passed_over_and_keeps_her_place(db, hair, health):
    zhang = person(db, "张三")
    queue.issue(db, hair, zhang, at=at(0))
    first_at_health = queue.issue(db, health, zhang, at=at(1)).ticket
    issue(db, health, "李四", 2)
    queue.call_next(db, hair, at=at(3))  # 张三 is called at the haircut stall
    assert queue.call_next(db, health, at=at(4)).label == "B002"
    assert line(db, health) == ["B001"]
    assert queue.call_next(db, health, at=at(5)) is None  # only 张三 waits, still busy
    queue.no_show(db, queue.find_ticket(db, first_at_health.market_day_id, "A001").id, at=at(6))
    assert queue.call_next(db, health, at=at(7)).label == "B001"


def test_calling_a_villager_busy_elsewhere_by_hand_says_where_she_is(db, hair, health):
    zhang = person(db, "张三")
    queue.issue(db, hair, zhang, at=at(0))
    ticket = queue.issue(db, health, zhang, at=at(1)).ticket
    queue.call_next(db, hair, at=at(2))
    with pytest.raises(QueueError) as refused:
        queue.call(db, ticket.id, at=at(3))
    assert refused.value.message("zh") == "B001 的村民正在理发办理，请稍后再叫。"


# ----------------------------------------------------------------------------- transitions


def test_a_finished_ticket_cannot_be_called_again_and_the_message_says_why(db, hair):
    ticket = issue(db, hair, "张三", 0)
    serve(db, ticket, 1)
    with pytest.raises(QueueError) as refused:
        queue.call(db, ticket.id, at=at(20))
    assert refused.value.message("zh") == "A001 已办结，不能叫号。"
    assert refused.value.message("en") == "A001 is done; it cannot be called."


def test_service_cannot_start_before_the_ticket_is_called(db, hair):
    ticket = issue(db, hair, "张三", 0)
    with pytest.raises(QueueError, match="A001 等候中，不能开始办理"):
        queue.start(db, ticket.id, at=at(1))


def test_recalls_are_counted_then_no_show(db, hair):
    ticket = issue(db, hair, "张三", 0)
    queue.call_next(db, hair, at=at(1))
    queue.recall(db, ticket.id, at=at(2))
    assert queue.recall(db, ticket.id, at=at(3)).recalls == 2
    assert queue.no_show(db, ticket.id, at=at(4)).status == "no_show"


def test_a_returning_no_show_keeps_her_number_behind_those_waiting_at_her_return(db, hair):
    ticket = issue(db, hair, "张三", 0)
    issue(db, hair, "李四", 1)
    queue.call_next(db, hair, at=at(2))
    queue.no_show(db, ticket.id, at=at(3))
    issue(db, hair, "王五", 4)
    back = queue.return_to_queue(db, ticket.id, at=at(5))
    issue(db, hair, "赵六", 6)
    assert back.label == "A001" and back.status == "waiting"
    assert line(db, hair) == ["A002", "A003", "A001", "A004"]


def test_cancel_from_waiting_but_not_after_done(db, hair):
    ticket = issue(db, hair, "张三", 0)
    assert queue.cancel(db, ticket.id, reason="有事先走", at=at(1)).end_reason == "有事先走"
    with pytest.raises(QueueError, match="A001 已取消，不能叫号"):
        queue.call(db, ticket.id, at=at(2))


def test_transfer_gives_a_number_of_the_target_stall_and_keeps_the_arrival_time(db, hair, health):
    moved = issue(db, hair, "张三", 0)
    issue(db, health, "李四", 5)
    new = queue.transfer(db, moved.id, health, at=at(10))
    old = queue.get_ticket(db, moved.id)
    assert new.label == "B002" and new.arrived_at == moved.arrived_at
    assert (old.status, old.transferred_to, new.transferred_from) == (
        "transferred", new.id, old.id)
    assert line(db, health) == ["B002", "B001"]  # she arrived before 李四


def test_every_transition_writes_one_event_with_who_when_and_which_device(db, hair):
    ticket = issue(db, hair, "张三", 0)
    queue.call_next(db, hair, operator="王师傅", at=at(1))
    rows = db.execute(
        "SELECT action, from_state, to_state, at, operator, device_id FROM queue_events "
        "WHERE ticket_id = ? ORDER BY seq", [ticket.id]).fetchall()
    device = settings.device_id(db)
    assert rows == [
        ("issue", None, "waiting", "2025-03-08T08:00:00+08:00", "", device),
        ("call", "waiting", "called", "2025-03-08T08:01:00+08:00", "王师傅", device),
    ]


def test_a_refused_transition_writes_nothing(db, hair):
    ticket = issue(db, hair, "张三", 0)
    before = db.execute("SELECT COUNT(*) FROM queue_events").fetchone()[0]
    with pytest.raises(QueueError):
        queue.no_show(db, ticket.id, at=at(1))
    assert db.execute("SELECT COUNT(*) FROM queue_events").fetchone()[0] == before
    assert queue.get_ticket(db, ticket.id).status == "waiting"


# ----------------------------------------------------------------------------- undo


def test_undo_puts_a_called_ticket_back_in_its_place(db, hair):
    issue(db, hair, "张三", 0)
    issue(db, hair, "李四", 1)
    called = queue.call_next(db, hair, at=at(2))
    restored = queue.undo_last(db, hair, at=at(3))
    assert (restored.label, restored.status, restored.called_at) == ("A001", "waiting", None)
    assert line(db, hair) == ["A001", "A002"]
    event = db.execute("SELECT undone_by FROM queue_events WHERE ticket_id = ? AND action = "
                       "'call'", [called.id]).fetchone()
    assert event[0] is not None


def test_undo_steps_back_one_transition_at_a_time(db, hair):
    ticket = issue(db, hair, "张三", 0)
    queue.call_next(db, hair, at=at(1))
    queue.start(db, ticket.id, at=at(2))
    assert queue.undo_last(db, hair, at=at(3)).status == "called"
    assert queue.undo_last(db, hair, at=at(4)).status == "waiting"


def test_issuing_cannot_be_undone(db, hair):
    issue(db, hair, "张三", 0)
    with pytest.raises(QueueError) as refused:
        queue.undo_last(db, hair, at=at(1))
    assert refused.value.message("zh") == "取号不能撤销；如需作废，请取消 A001。"


def test_nothing_to_undo_at_a_fresh_stall(db, hair):
    with pytest.raises(QueueError, match="理发没有可以撤销的操作"):
        queue.undo_last(db, hair, at=at(1))


def test_undoing_done_removes_the_visit_and_serves_again(db, hair):
    ticket = issue(db, hair, "张三", 0)
    visit = serve(db, ticket, 1)
    assert queue.undo_last(db, hair, at=at(30)).status == "serving"
    assert visits.visit_for_ticket(db, ticket.id) is None
    details = json.loads(db.execute(
        "SELECT details FROM queue_events WHERE action = 'undo'").fetchone()[0])
    assert details["visit"]["id"] == visit.id


def test_undoing_a_transfer_cancels_the_new_ticket_and_restores_the_old(db, hair, health):
    """A transfer is undone at the stall it left: the stall it went to did nothing."""
    moved = issue(db, hair, "张三", 0)
    new = queue.transfer(db, moved.id, health, at=at(5))
    with pytest.raises(QueueError) as refused:
        queue.undo_last(db, health, at=at(6))
    assert refused.value.message("zh") == "B001 是从理发（A001）转来的；如需撤销转摊位，请在理发撤销。"
    assert queue.get_ticket(db, new.id).status == "waiting"
    assert queue.undo_last(db, hair, at=at(6)).status == "waiting"
    assert queue.get_ticket(db, new.id).status == "cancelled"
    assert line(db, hair) == ["A001"] and line(db, health) == []


def test_undo_at_a_stall_skips_tickets_the_desk_issued_since(db, hair):
    """The stall called A001, then the registration desk issued A003: undo is the call."""
    issue(db, hair, "张三", 0)
    issue(db, hair, "李四", 1)
    called = queue.call_next(db, hair, at=at(2))
    issue(db, hair, "王五", 3)
    restored = queue.undo_last(db, hair, at=at(4))
    assert (restored.id, restored.status) == (called.id, "waiting")
    assert line(db, hair) == ["A001", "A002", "A003"]


def test_undo_at_a_stall_skips_a_ticket_transferred_in_and_leaves_the_other_stall(
        db, hair, health):
    issue(db, hair, "张三", 0)
    issue(db, hair, "李四", 1)
    queue.call_next(db, hair, at=at(2))
    second = queue.call_next(db, hair, at=at(3))
    elsewhere = issue(db, health, "王五", 4)
    moved_in = queue.transfer(db, elsewhere.id, hair, at=at(5))
    restored = queue.undo_last(db, hair, at=at(6))
    assert (restored.id, restored.label, restored.status) == (second.id, "A002", "waiting")
    assert queue.get_ticket(db, elsewhere.id).status == "transferred"
    assert queue.get_ticket(db, moved_in.id).status == "waiting"
    # undo again: the stall's call before that, still not the transfer
    assert queue.undo_last(db, hair, at=at(7)).label == "A001"


def test_undo_of_a_transfer_out_is_the_stalls_own_step(db, hair, health):
    issue(db, hair, "张三", 0)
    moving = issue(db, hair, "李四", 1)
    queue.call_next(db, hair, at=at(2))
    queue.transfer(db, moving.id, health, at=at(3))
    issue(db, hair, "王五", 4)
    assert queue.undo_last(db, hair, at=at(5)).id == moving.id
    assert line(db, hair) == ["A002", "A003"] and line(db, health) == []


def test_undo_refuses_to_put_a_villager_at_two_counters(db, hair, health):
    """Passed over, not dropped: a no-show at the haircut who is now being served at the
    health check cannot be made 'called' at the haircut again by an undo."""
    someone = person(db, "张三")
    a = queue.issue(db, hair, someone, at=at(1)).ticket
    b = queue.issue(db, health, someone, at=at(2)).ticket
    queue.call_next(db, hair, at=at(3))
    queue.no_show(db, a.id, at=at(4))
    queue.call_next(db, health, at=at(5))
    queue.start(db, b.id, at=at(6))
    events = db.execute("SELECT COUNT(*) FROM queue_events").fetchone()[0]
    with pytest.raises(QueueError) as refused:
        queue.undo_last(db, hair, at=at(7))
    assert refused.value.message("zh") == (
        "不能撤销：A001 的村民现在在健康检查（B001）办理中；撤销会让她在这里也回到“已叫号”，"
        "同时在两个摊位。")
    assert "Health check (B001)" in refused.value.message("en")
    assert queue.get_ticket(db, a.id).status == "no_show"
    assert db.execute("SELECT COUNT(*) FROM queue_events").fetchone()[0] == events
    visits.finish(db, b.id, {"systolic": 120, "diastolic": 80}, at=at(9))
    assert queue.undo_last(db, hair, at=at(10)).status == "called"


def test_undoing_a_transfer_out_of_the_counter_refuses_while_she_is_elsewhere(
        db, hair, health, day):
    someone = person(db, "张三")
    a = queue.issue(db, hair, someone, at=at(1)).ticket
    c = queue.issue(db, day.stalls[2].id, someone, at=at(2)).ticket
    queue.call_next(db, hair, at=at(3))
    new = queue.transfer(db, a.id, health, at=at(4))
    queue.call_next(db, day.stalls[2].id, at=at(5))
    with pytest.raises(QueueError, match="配药"):
        queue.undo_last(db, hair, at=at(6))
    assert queue.get_ticket(db, new.id).status == "waiting"
    assert queue.get_ticket(db, c.id).status == "called"


def test_a_transfer_cannot_be_undone_once_the_new_ticket_moved(db, hair, health):
    moved = issue(db, hair, "张三", 0)
    queue.transfer(db, moved.id, health, at=at(5))
    queue.call_next(db, health, at=at(6))
    with pytest.raises(QueueError, match="B001 此后已有新的操作"):
        queue.undo_last(db, hair, at=at(7))


# ----------------------------------------------------------------------------- estimates


def test_estimates_use_typical_minutes_until_five_visits_then_the_median(db, hair):
    for i in range(5):
        serve(db, issue(db, hair, f"村民{i}", i), 10 + 10 * i, minutes=4)
    preview = queue.preview_issue(db, hair, person(db, "新人"), at=at(100))
    assert preview.estimate.minutes_each == 4.0
    for i in range(2):
        issue(db, hair, f"等候{i}", 101 + i)
    assert queue.preview_issue(db, hair, person(db, "新人"), at=at(110)).estimate.wait_minutes == 8


def test_services_of_a_few_seconds_do_not_make_every_wait_zero(db, hair):
    """Start and done pressed together (the outcome written up later) are not services: a
    median of 0 would promise 0 minutes and never warn that the stall closes first."""
    for i in range(6):
        serve(db, issue(db, hair, f"村民{i}", i), 10 + i, minutes=0.4)  # 24 s each
    for i in range(12):
        issue(db, hair, f"等候{i}", 20 + i)
    preview = queue.preview_issue(db, hair, person(db, "新人"), at=at(40))
    assert preview.estimate.minutes_each == 15.0  # too few real ones: the typical time
    assert preview.estimate.wait_minutes == 180 and preview.closing_warning
    assert [e.wait_minutes for _, e in queue.waiting_estimates(db, hair, at=at(40))][:2] == [0, 15]
    stall = board_snapshot(db, market.get_stall(db, hair).market_day_id, at=at(40)).stalls[0]
    assert (stall.minutes_each, stall.wait_minutes) == (15.0, 180)


def test_real_services_count_and_instant_ones_are_left_out_of_the_median(db, hair):
    for i in range(5):
        serve(db, issue(db, hair, f"村民{i}", i), 10 + 10 * i, minutes=4)
    for i in range(8):
        serve(db, issue(db, hair, f"补录{i}", 60 + i), 70 + i, minutes=0)
    assert queue.preview_issue(db, hair, person(db, "新人"), at=at(100)).estimate.minutes_each == 4.0


def test_before_five_visits_the_catalogue_time_counts(db, hair):
    issue(db, hair, "张三", 0)
    preview = queue.preview_issue(db, hair, person(db, "李四"), at=at(1))
    assert (preview.estimate.minutes_each, preview.estimate.wait_minutes) == (15.0, 15.0)


def test_two_open_counters_halve_the_wait(db, hair):
    market.update_stall(db, hair, counters=2)
    for i in range(4):
        issue(db, hair, f"村民{i}", i)
    estimate = queue.preview_issue(db, hair, person(db, "新人"), at=at(10)).estimate
    assert estimate.wait_minutes == 30  # 4 ahead, 2 at a time, 15 min each


def test_preview_warns_when_the_stall_would_close_first_and_issues_nothing(db, hair):
    for i in range(10):
        issue(db, hair, f"村民{i}", i)
    preview = queue.preview_issue(db, hair, person(db, "新人"), at=at(60))  # 09:00 + 150 min
    assert preview.closing_warning and preview.waiting == 10
    assert db.execute("SELECT COUNT(*) FROM tickets").fetchone()[0] == 10
    assert queue.issue(db, hair, person(db, "新人"), at=at(60)).closing_warning


def test_no_closing_warning_with_time_to_spare(db, hair):
    assert not queue.preview_issue(db, hair, person(db, "新人"), at=at(0)).closing_warning


def test_the_place_a_new_ticket_is_given_is_where_the_rule_calls_it():
    """The expected wait counts the calls before her without ordering the line when she is
    the latest to join; that count must be the one the call order gives."""
    import random

    from marketapp.core.queue.rules import InLine, calls_before_latest, predicted_order

    rng = random.Random(8)
    settled = 0
    for _ in range(3_000):
        waiting = [InLine(str(i), "", rng.choice(("urgent", "priority", "normal")),
                          at(rng.randint(0, 20)).isoformat(), i, "")
                   for i in range(rng.randint(0, 12))]
        joining = InLine("new", "", rng.choice(("urgent", "priority", "normal")),
                         at(rng.randint(0, 24)).isoformat(), 100, "")
        order = [t.id for t in predicted_order([*waiting, joining], rng.randint(0, 4))]
        position = calls_before_latest(
            joining.priority, len(waiting), sum(t.priority == "urgent" for t in waiting),
            all(t.place() < joining.place() for t in waiting if t.priority == "urgent"),
            all(t.place() < joining.place() for t in waiting if t.priority != "urgent"))
        if position is not None:
            settled += 1
            assert position == order.index("new")
    assert settled > 500


def test_every_ticket_is_told_the_place_the_rule_gives_her(db, hair):
    """Issued and previewed places, whichever way they are counted, against the call order:
    classes mixed, a no-show back in line, the starvation rule due, a time in another zone."""
    import random

    rng = random.Random(3)
    minute, called = 0, 0
    for i in range(40):
        minute += rng.choice((0, 1, 2))
        when = at(minute)
        if i % 9 == 8:  # the same moment written with another UTC offset
            when = when.astimezone(timezone(timedelta(hours=rng.choice((0, 9)))))
        kind = rng.choice((None, None, None, "priority", "urgent"))
        who = person(db, f"村民{i}")
        extra = {"priority": kind, "reason": "staff"} if kind else {}
        preview = queue.preview_issue(db, hair, who, at=when, **extra)
        issued = queue.issue(db, hair, who, at=when, **extra)
        order = [t.id for t in queue.waiting_order(db, hair)]
        assert preview.estimate.position == issued.estimate.position == \
            order.index(issued.ticket.id), i
        assert preview.waiting == len(order) - 1
        if rng.random() < 0.3:  # someone is called, and now and then comes back later
            ticket = queue.call_next(db, hair, at=at(minute))
            called += 1
            if rng.random() < 0.4:
                queue.no_show(db, ticket.id, at=at(minute))
                queue.return_to_queue(db, ticket.id, at=at(minute + 3))
            else:
                queue.start(db, ticket.id, at=at(minute))
                visits.finish(db, ticket.id, {}, at=at(minute + 1))
    assert called > 5


# ----------------------------------------------------------------------------- board


def test_board_shows_masked_names_next_numbers_and_counts(db, day, hair):
    for i, name in enumerate(["张三明", "李四", "王五", "赵六"]):
        issue(db, hair, name, i)
    queue.call_next(db, hair, at=at(5))
    board = board_snapshot(db, day.id, at=at(6), next_count=2)
    stall = board.stalls[0]
    assert [(c.label, c.name) for c in stall.calling] == [("A001", "张*明")]
    assert stall.next_labels == ("A002", "A003") and stall.waiting == 3
    assert stall.wait_minutes == 60  # 3 waiting + 1 at the counter, 15 min each
    assert [s.waiting for s in board.stalls[1:]] == [0, 0]


def test_board_uses_a_few_queries_whatever_the_number_of_tickets(db, day, hair, health):
    for i in range(30):
        issue(db, hair if i % 2 else health, f"村民{i}", i)
    statements = []
    db.conn.set_trace_callback(statements.append)
    board_snapshot(db, day.id, at=at(60))
    db.conn.set_trace_callback(None)
    assert len(statements) <= 5 + len(day.stalls)


def test_board_next_numbers_follow_the_same_rule_as_call_next(db, day, hair):
    issue(db, hair, "普通甲", 0)
    for i in range(4):
        issue(db, hair, f"优先{i}", 1 + i, priority="priority", reason="staff")
    issue(db, hair, "紧急", 6, priority="urgent")
    for minute in (10, 11, 12):  # urgent A006, then A002, A003: the starvation rule is due
        queue.start(db, queue.call_next(db, hair, at=at(minute)).id, at=at(minute))
    board = board_snapshot(db, day.id, at=at(13), next_count=3)
    assert board.stalls[0].next_labels == tuple(line(db, hair)[:3]) == ("A001", "A004", "A005")


def test_board_next_numbers_pass_over_someone_at_another_stall_as_call_next_does(
        db, day, hair, health):
    first = issue(db, hair, "张三明", 0)
    issue(db, hair, "李四", 1)
    issue(db, hair, "王五", 2)
    at_doctor = queue.issue(db, health, first.villager_id, at=at(3)).ticket
    queue.call(db, at_doctor.id, at=at(4))  # 张三明 is at the doctor's counter now
    board = board_snapshot(db, day.id, at=at(5), next_count=2)
    hair_board = next(s for s in board.stalls if s.stall_id == hair)
    assert hair_board.next_labels == ("A002", "A003") and hair_board.waiting == 3
    assert queue.call_next(db, hair, at=at(6)).label == "A002"  # what the board said
    queue.start(db, at_doctor.id, at=at(7))
    visits.finish(db, at_doctor.id, {"systolic": "120", "diastolic": "80"}, at=at(8))
    board = board_snapshot(db, day.id, at=at(9), next_count=2)
    hair_board = next(s for s in board.stalls if s.stall_id == hair)
    assert hair_board.next_labels == ("A001", "A003")  # back: her place kept


def test_staff_can_change_the_priority_of_a_waiting_ticket_and_undo_it(db):
    from marketapp.core.market.days import StallPlan, open_market_day
    from marketapp.core.people.cleaning import clean
    from marketapp.core.people.villagers import VillagerInput, save_villager
    from marketapp.core.queue import engine as q

    day = open_market_day(db, "2026-11-28", "花园村", [StallPlan("haircut")],
                          at="2026-11-28T07:50:00+08:00")
    stall = day.stalls[0]
    people = [save_villager(db, clean(VillagerInput(name=n, birth_date="1970-01-01")),
                            on_duplicate="ignore").villager for n in ("甲甲", "乙乙")]
    first = q.issue(db, stall.id, people[0].id, at="2026-11-28T08:00:00+08:00").ticket
    second = q.issue(db, stall.id, people[1].id, at="2026-11-28T08:01:00+08:00").ticket
    changed = q.change_priority(db, second.id, "urgent", at="2026-11-28T08:02:00+08:00")
    assert (changed.priority, changed.priority_reason) == ("urgent", "staff")
    assert [t.label for t in q.waiting_order(db, stall.id)] == [second.label, first.label]
    q.undo_last(db, stall.id, at="2026-11-28T08:03:00+08:00")
    assert q.get_ticket(db, second.id).priority == "normal"
    q.call_next(db, stall.id, at="2026-11-28T08:04:00+08:00")
    with pytest.raises(q.QueueError) as refused:
        q.change_priority(db, first.id, "urgent", at="2026-11-28T08:05:00+08:00")
    assert "改优先级" in refused.value.message("zh")


def test_issuing_records_the_visit_and_closing_the_day_ranks_her_first_in_search(db):
    from marketapp.core.market.days import StallPlan, open_market_day
    from marketapp.core.people.cleaning import clean
    from marketapp.core.people.search.query import search
    from marketapp.core.people.villagers import VillagerInput, get_villager, save_villager
    from marketapp.core.queue import engine as q
    from marketapp.core.queue.closing import close_market_day

    first, second = (save_villager(db, clean(VillagerInput(name="李明", village=v)),
                                   on_duplicate="ignore").villager for v in ("甲村", "乙村"))
    day = open_market_day(db, "2026-11-28", "花园村", [StallPlan("haircut")],
                          at="2026-11-28T07:50:00+08:00")
    before = [m.villager.id for m in search(db, "李明")]
    assert before == [second.id, first.id]  # never seen: the newer record first
    q.issue(db, day.stalls[0].id, first.id, at="2026-11-28T08:00:00+08:00")
    assert get_villager(db, first.id).last_seen_at.startswith("2026-11-28T08:00")
    close_market_day(db, day.id, at="2026-11-28T12:00:00+08:00")
    assert [m.villager.id for m in search(db, "李明")] == [first.id, second.id]
