"""What undo would take back, said before it happens: ``describe_undo`` names the same step
``undo_last`` undoes, with the values a "done" recorded, and writes nothing."""

import pytest
from test_queue import T0, at, issue, person, serve

from marketapp.core.market import days as market
from marketapp.core.market.days import StallPlan
from marketapp.core.queue import engine as queue
from marketapp.core.queue import visits
from marketapp.core.queue.rules import QueueError
from marketapp.core.queue.undo import CONFIRM_AFTER_MINUTES, describe_undo
from marketapp.core.requests.changes import raise_request


@pytest.fixture
def day(db):
    return market.open_market_day(db, "2025-03-08", "城南村",
                                  [StallPlan("haircut"), StallPlan("health_check")], at=T0)


def counts(db):
    return [db.execute(f"SELECT COUNT(*), MAX(rowid) FROM {t}").fetchone()
            for t in ("queue_events", "tickets", "visits")] + [
        db.execute("SELECT COUNT(*) FROM queue_events WHERE undone_by IS NOT NULL").fetchone()]


def test_a_call_just_made_is_named_and_needs_no_confirmation(db, hair):
    issue(db, hair, "张三", 0)
    called = queue.call_next(db, hair, at=at(1))
    before = counts(db)
    preview = describe_undo(db, hair, at=at(2))
    assert counts(db) == before  # reads only
    assert (preview.label, preview.action, preview.restores) == ("A001", "call", "waiting")
    assert preview.minutes_ago == pytest.approx(1)
    assert not preview.deletes_visit and not preview.needs_confirmation
    assert queue.undo_last(db, hair, at=at(2), expect=preview.event_id).id == called.id


def test_a_done_names_the_visit_it_deletes_as_staff_read_it(db, health):
    ticket = issue(db, health, "张三", 0)
    queue.start(db, queue.call(db, ticket.id, at=at(1)).id, at=at(1))
    visits.finish(db, ticket.id, {"systolic": 165, "diastolic": 101, "pulse": 80,
                                  "fasting": False, "referral": True,
                                  "advice": "低盐饮食，按时服药，两周后到卫生院复查血压"},
                  rating="中", at=at(2))
    preview = describe_undo(db, health, at=at(2.5), lang="zh")
    assert (preview.label, preview.action, preview.restores) == ("B001", "done", "serving")
    assert preview.visit == ("血压 165/101", "脉搏 80 次/分", "健康建议 低盐饮食，按时服药，两周后到卫生院复查…",
                             "建议转诊 是", "评价 基本满意")
    assert preview.needs_confirmation  # deletes a recorded visit, however recent
    english = describe_undo(db, health, at=at(2.5), lang="en").visit
    assert english[0] == "blood pressure 165/101" and english[-1] == "rating basically satisfied"
    queue.undo_last(db, health, at=at(3), expect=preview.event_id)
    assert visits.visit_for_ticket(db, ticket.id) is None


def test_an_old_step_needs_confirmation(db, hair):
    issue(db, hair, "张三", 0)
    queue.call_next(db, hair, at=at(1))
    assert not describe_undo(db, hair, at=at(1 + CONFIRM_AFTER_MINUTES - 0.1)).needs_confirmation
    late = describe_undo(db, hair, at=at(1 + CONFIRM_AFTER_MINUTES))
    assert late.needs_confirmation and late.minutes_ago == CONFIRM_AFTER_MINUTES


def test_the_preview_skips_what_undo_skips(db, hair, health):
    """The desk issued A002 and B001 was transferred in after the stall's call: the
    preview, like the undo, is the call of A001."""
    issue(db, hair, "张三", 0)
    queue.call_next(db, hair, at=at(1))
    issue(db, hair, "李四", 2)
    queue.transfer(db, issue(db, health, "王五", 3).id, hair, at=at(4))
    preview = describe_undo(db, hair, at=at(5))
    assert (preview.label, preview.action) == ("A001", "call")
    assert queue.undo_last(db, hair, at=at(5), expect=preview.event_id).label == "A001"


def test_a_transfer_names_the_ticket_it_cancels(db, hair, health):
    moving = issue(db, hair, "张三", 0)
    queue.transfer(db, moving.id, health, at=at(1))
    preview = describe_undo(db, hair, at=at(2), lang="zh")
    assert (preview.label, preview.action, preview.to_label, preview.to_stall) == (
        "A001", "transfer", "B001", "健康检查")


def test_a_priority_change_names_the_class_it_restores(db, hair):
    ticket = issue(db, hair, "张三", 0)
    queue.change_priority(db, ticket.id, "urgent", reason="staff", at=at(1))
    preview = describe_undo(db, hair, at=at(2))
    assert (preview.action, preview.priority_before) == ("reprioritise", "normal")


def test_the_preview_refuses_as_undo_refuses(db, hair, health):
    with pytest.raises(QueueError, match="理发没有可以撤销的操作"):
        describe_undo(db, hair, at=at(1))
    issue(db, hair, "张三", 0)
    with pytest.raises(QueueError, match="取号不能撤销"):
        describe_undo(db, hair, at=at(1))
    moved = issue(db, hair, "李四", 1)
    queue.transfer(db, moved.id, health, at=at(2))
    queue.call_next(db, health, at=at(3))
    with pytest.raises(QueueError, match="B001 此后已有新的操作"):
        describe_undo(db, hair, at=at(4))


def test_a_visit_with_a_request_is_refused_before_anything_is_asked(db, hair):
    ticket = issue(db, hair, "张三", 0)
    visit = serve(db, ticket, 1)
    raise_request(db, villager_id=ticket.villager_id, category="other", text="屋顶漏雨",
                  raised_by="王师傅", visit_id=visit.id, at=at(12))
    with pytest.raises(QueueError, match="已登记诉求"):
        describe_undo(db, hair, at=at(13))


def test_undo_refuses_a_step_other_than_the_one_shown(db, hair):
    """Shown: the call of A001. Meanwhile A002 was called (another screen): undo refuses
    instead of undoing a step nobody confirmed."""
    issue(db, hair, "张三", 0)
    issue(db, hair, "李四", 1)
    queue.call_next(db, hair, at=at(2))
    shown = describe_undo(db, hair, at=at(3))
    second = queue.call_next(db, hair, at=at(3))
    before = counts(db)
    with pytest.raises(QueueError) as refused:
        queue.undo_last(db, hair, at=at(4), expect=shown.event_id)
    assert "什么也没有撤销" in refused.value.message("zh")
    assert counts(db) == before
    assert queue.get_ticket(db, second.id).status == "called"


def test_a_restored_counter_call_is_checked_in_the_preview_too(db, hair, health):
    someone = person(db, "张三")
    a = queue.issue(db, hair, someone, at=at(1)).ticket
    b = queue.issue(db, health, someone, at=at(2)).ticket
    queue.call_next(db, hair, at=at(3))
    queue.no_show(db, a.id, at=at(4))
    queue.call_next(db, health, at=at(5))
    assert b.label == "B001"
    with pytest.raises(QueueError, match="同时在两个摊位"):
        describe_undo(db, hair, at=at(6))
