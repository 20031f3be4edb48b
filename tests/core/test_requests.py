"""Requests (诉求): raising, status changes and their refusals, follow-ups, report counts."""

from __future__ import annotations

import pytest

from marketapp.core.people.cleaning import clean
from marketapp.core.people.villagers import VillagerInput, save_villager
from marketapp.core.requests import changes
from marketapp.core.requests import records as rq
from marketapp.core.requests.changes import (
    add_follow_up,
    raise_request,
    refer_request,
    reopen_request,
    resolve_request,
    start_request,
)
from marketapp.core.requests.records import (
    RequestError,
    category_counts,
    category_for_service,
    count_solved,
    follow_ups,
    get_request,
    list_requests,
    request_counts,
    request_events,
    requests_of_villager,
)

DAY = "2024-05-10"


def at(day: str = DAY, hm: str = "09:30") -> str:
    return f"{day}T{hm}:00+08:00"


@pytest.fixture(autouse=True)
def _parent_tables(db):
    """requests declares FKs to m002's tables; SQLite refuses writes until they exist.

    Until m002 is in the tree, stand-in tables with just the key make writes possible.
    """
    for table in ("market_days", "visits"):
        db.execute(f"CREATE TABLE IF NOT EXISTS {table} (id TEXT PRIMARY KEY)")
    db.conn.commit()


def _villager(db, name: str = "王秀英", village: str = "城南村") -> str:
    return save_villager(db, clean(VillagerInput(name=name, village=village))).villager.id


def _raise(db, villager_id: str, **kwargs) -> rq.Request:
    values = {
        "villager_id": villager_id,
        "category": "dispute",
        "text": "与邻居因宅基地边界发生纠纷",
        "raised_by": "李调解员",
        "unit": "司法所",
        "at": at(),
    }
    values.update(kwargs)
    return raise_request(db, **values)


def _refused(call, code: str) -> RequestError:
    with pytest.raises(RequestError) as caught:
        call()
    assert caught.value.code == code
    return caught.value


def _history(db, request_id: str) -> list[tuple]:
    return [(e.from_status, e.to_status, e.at, e.operator, e.note, e.unit)
            for e in request_events(db, request_id)]


# ---------------------------------------------------------------- raising


def test_a_raised_request_is_open_with_its_first_event(db):
    villager = _villager(db)
    request = _raise(db, villager, due_date="2024-05-20")
    assert request.status == "open"
    assert request.villager_name == "王秀英"
    assert request.village == "城南村"
    assert (request.raised_on, request.raised_by, request.unit) == (DAY, "李调解员", "司法所")
    assert request.due_date == "2024-05-20"
    assert request.category_name("zh") == "纠纷调解"
    assert request.category_name("en") == "dispute mediation"
    assert request.status_name("zh") == "待处理"
    assert _history(db, request.id) == [(None, "open", at(), "李调解员", None, None)]


def test_category_may_be_given_by_its_chinese_name(db):
    request = _raise(db, _villager(db), category="健康转诊")
    assert request.category == "health_referral"


def test_refusals_when_raising_in_both_languages(db):
    villager = _villager(db)
    err = _refused(lambda: _raise(db, villager, text="  "), "text_required")
    assert err.message("zh") == "请填写诉求内容。"
    assert err.message("en") == "The request text is empty."

    err = _refused(lambda: _raise(db, villager, text="字" * 501), "text_too_long")
    assert err.message("zh") == "诉求内容过长：501 字，最多 500 字。"
    assert err.message("en") == "The request text is too long: 501 characters, at most 500."
    assert len(_raise(db, villager, text="字" * 500).text) == 500

    err = _refused(lambda: _raise(db, villager, category="吵架"), "bad_category")
    assert "“吵架”无法识别" in err.message("zh") and "纠纷调解" in err.message("zh")
    assert "“吵架” not understood" in err.message("en") and "dispute" in err.message("en")

    err = _refused(lambda: _raise(db, villager, due_date="2024-05-09"), "due_before_raised")
    assert err.message("zh") == "办结期限 2024-05-09 早于诉求登记日期 2024-05-10。"
    assert err.message("en") == (
        "The due date 2024-05-09 is before the date the request was raised, 2024-05-10."
    )
    err = _refused(lambda: _raise(db, villager, due_date="5月20日"), "bad_date")
    assert "2024-05-10 的格式" in err.message("zh") and "use the form" in err.message("en")

    err = _refused(lambda: _raise(db, "no-such-person"), "villager_not_found")
    assert err.message("en") == "No such villager; the request cannot be raised."

    err = _refused(lambda: _raise(db, villager, raised_by=""), "operator_required")
    assert err.message("zh") == "请填写经办人。"
    # Only the one 500-character request got in.
    assert len(requests_of_villager(db, villager)) == 1


def test_due_date_on_the_raised_day_is_accepted(db):
    assert _raise(db, _villager(db), due_date=DAY).due_date == DAY


# ---------------------------------------------------------------- transitions


def test_open_to_in_progress_to_resolved(db):
    request = _raise(db, _villager(db))
    started = start_request(db, request.id, by="司法所张", at=at(DAY, "10:00"), note="已联系双方")
    assert started.status == "in_progress"
    assert started.closed_on is None
    done = resolve_request(db, request.id, resolution="双方签订调解协议", by="司法所张",
                           at=at("2024-05-13", "15:00"))
    assert done.status == "resolved"
    assert done.resolution == "双方签订调解协议"
    assert (done.closed_at, done.closed_on) == (at("2024-05-13", "15:00"), "2024-05-13")
    assert not done.resolved_on_the_spot
    assert _history(db, request.id)[1:] == [
        ("open", "in_progress", at(DAY, "10:00"), "司法所张", "已联系双方", None),
        ("in_progress", "resolved", at("2024-05-13", "15:00"), "司法所张", "双方签订调解协议",
         None),
    ]


def test_referral_records_the_unit_text_and_date(db):
    request = _raise(db, _villager(db), category="health_referral", unit="卫生院")
    referred = refer_request(db, request.id, to_unit="县人民医院", note="需专科检查，已开转诊单",
                             by="卫生院刘医生", at=at("2024-05-11", "08:00"))
    assert referred.status == "referred"
    assert referred.referred_to == "县人民医院"
    assert referred.unit == "卫生院"
    assert referred.resolution == "需专科检查，已开转诊单"
    assert referred.closed_on == "2024-05-11"
    assert _history(db, request.id)[-1] == (
        "open", "referred", at("2024-05-11", "08:00"), "卫生院刘医生", "需专科检查，已开转诊单",
        "县人民医院",
    )


def test_reopen_a_resolved_request_with_a_reason(db):
    request = _raise(db, _villager(db))
    resolve_request(db, request.id, resolution="已调解", by="张", at=at(DAY, "11:00"))
    reopened = reopen_request(db, request.id, reason="对方反悔，纠纷再起", by="张",
                              at=at("2024-05-15"))
    assert reopened.status == "open"
    assert (reopened.resolution, reopened.closed_on, reopened.closed_at) == (None, None, None)
    assert _history(db, request.id)[-1] == (
        "resolved", "open", at("2024-05-15"), "张", "对方反悔，纠纷再起", None
    )
    # It is worked on again and resolved a second time.
    again = resolve_request(db, request.id, resolution="重新调解成功", by="张",
                            at=at("2024-05-16"))
    assert again.closed_on == "2024-05-16"
    assert [e.to_status for e in request_events(db, request.id)] == [
        "open", "resolved", "open", "resolved"
    ]


def test_reopen_a_referred_request_clears_the_referral(db):
    request = _raise(db, _villager(db))
    refer_request(db, request.id, to_unit="县法院", note="须诉讼解决", by="张", at=at())
    reopened = reopen_request(db, request.id, reason="法院退回，仍需调解", by="张",
                              at=at("2024-05-20"))
    assert (reopened.status, reopened.referred_to) == ("open", None)


REFUSALS = [
    # (steps before, the refused call, code, zh, en)
    (
        [("resolve",)], lambda db, rid: start_request(db, rid, by="张", at=at()), "closed",
        "该诉求当前为“已解决”，不能直接改为“处理中”；如需继续办理，请先重新打开并说明原因。",
        "The request is already resolved; it cannot go to “in progress” directly. "
        "Reopen it first, giving a reason.",
    ),
    (
        [("refer",)],
        lambda db, rid: resolve_request(db, rid, resolution="好了", by="张", at=at()), "closed",
        "该诉求当前为“已转办”，不能直接改为“已解决”；如需继续办理，请先重新打开并说明原因。",
        "The request is already referred; it cannot go to “resolved” directly. "
        "Reopen it first, giving a reason.",
    ),
    (
        [("resolve",)],
        lambda db, rid: resolve_request(db, rid, resolution="再次", by="张", at=at()),
        "same_status", "该诉求已经是“已解决”状态。", "The request is already “resolved”.",
    ),
    (
        [("start",)], lambda db, rid: start_request(db, rid, by="张", at=at()),
        "same_status", "该诉求已经是“处理中”状态。", "The request is already “in progress”.",
    ),
    (
        [("start",)], lambda db, rid: changes.change_status(db, rid, "open", by="张", note="退回"),
        "no_back_to_open", "处理中的诉求不能退回“待处理”。",
        "A request in progress cannot go back to “open”.",
    ),
    (
        [], lambda db, rid: reopen_request(db, rid, reason="再看看", by="张", at=at()),
        "reopen_not_closed", "只有已解决或已转办的诉求才能重新打开（当前为“待处理”）。",
        "Only a resolved or referred request can be reopened (this one is “open”).",
    ),
    (
        [("resolve",)], lambda db, rid: reopen_request(db, rid, reason=" ", by="张", at=at()),
        "reason_required", "重新打开须说明原因。", "Reopening needs a reason.",
    ),
    (
        [("start",)], lambda db, rid: resolve_request(db, rid, resolution="", by="张", at=at()),
        "resolution_required", "请填写处理结果。", "Write down how the request was resolved.",
    ),
    (
        [], lambda db, rid: refer_request(db, rid, to_unit="", note="转", by="张", at=at()),
        "referral_unit_required", "转办须填写接收单位。",
        "A referral needs the unit it is referred to.",
    ),
    (
        [], lambda db, rid: refer_request(db, rid, to_unit="司法所", note="转", by="张", at=at()),
        "referral_same_unit", "接收单位与当前负责单位“司法所”相同，无需转办。",
        "The receiving unit is already responsible (“司法所”); nothing to refer.",
    ),
    (
        [], lambda db, rid: refer_request(db, rid, to_unit="县法院", note="", by="张", at=at()),
        "referral_note_required", "请填写转办说明。", "Write down why and how it is referred.",
    ),
    (
        [], lambda db, rid: resolve_request(db, rid, resolution="已解决", by="张",
                                            at=at("2024-05-09")),
        "before_raised", "时间 2024-05-09T09:30:00+08:00 早于诉求登记日期 2024-05-10。",
        "The time 2024-05-09T09:30:00+08:00 is before the date the request was raised, "
        "2024-05-10.",
    ),
    (
        [], lambda db, rid: start_request(db, rid, by="  ", at=at()),
        "operator_required", "请填写经办人。", "Who is doing this? The operator is empty.",
    ),
]


def _apply(db, request_id: str, step: tuple) -> None:
    if step[0] == "resolve":
        resolve_request(db, request_id, resolution="已办结", by="张", at=at())
    elif step[0] == "refer":
        refer_request(db, request_id, to_unit="县法院", note="须诉讼", by="张", at=at())
    elif step[0] == "start":
        start_request(db, request_id, by="张", at=at())


@pytest.mark.parametrize(("before", "call", "code", "zh", "en"), REFUSALS,
                         ids=[f"{r[2]}-{i}" for i, r in enumerate(REFUSALS)])
def test_illegal_changes_are_refused_with_the_reason(db, before, call, code, zh, en):
    request = _raise(db, _villager(db))
    for step in before:
        _apply(db, request.id, step)
    was = get_request(db, request.id)
    events_before = _history(db, request.id)
    err = _refused(lambda: call(db, request.id), code)
    assert err.message("zh") == zh
    assert err.message("en") == en
    assert get_request(db, request.id) == was
    assert _history(db, request.id) == events_before


def test_the_refusal_follows_the_language_setting(db):
    from marketapp.core.text import set_language

    request = _raise(db, _villager(db))
    resolve_request(db, request.id, resolution="已办结", by="张", at=at())
    set_language("en")
    with pytest.raises(RequestError, match="Reopen it first"):
        start_request(db, request.id, by="张", at=at())


def test_a_missing_request_is_refused(db):
    err = _refused(lambda: start_request(db, "nope", by="张"), "not_found")
    assert (err.message("zh"), err.message("en")) == ("找不到该诉求记录。", "No such request.")


def test_a_failure_halfway_leaves_the_status_unchanged(db, monkeypatch):
    request = _raise(db, _villager(db))
    start_request(db, request.id, by="张", at=at())
    was = get_request(db, request.id)
    events_before = _history(db, request.id)

    def broken(*args, **kwargs):
        raise RuntimeError("disk full while writing the event")

    monkeypatch.setattr(changes, "_insert_event", broken)
    with pytest.raises(RuntimeError):
        resolve_request(db, request.id, resolution="已办结", by="张", at=at())
    with pytest.raises(RuntimeError):
        _raise(db, was.villager_id, text="第二个诉求")
    monkeypatch.undo()

    assert not db.conn.in_transaction
    assert get_request(db, request.id) == was
    assert get_request(db, request.id).status == "in_progress"
    assert _history(db, request.id) == events_before
    assert [r.id for r in requests_of_villager(db, was.villager_id)] == [request.id]
    # And the database still takes the change once the fault is gone.
    assert resolve_request(db, request.id, resolution="已办结", by="张", at=at()).status == (
        "resolved"
    )


# ---------------------------------------------------------------- queries


def test_overdue_listing(db):
    villager = _villager(db)
    due_10 = _raise(db, villager, text="修水管", category="repair_follow_up",
                    due_date="2024-05-10")
    due_12 = _raise(db, villager, text="上门量血压", category="home_help", due_date="2024-05-12")
    started = _raise(db, villager, text="找工作", category="employment", due_date="2024-05-11")
    start_request(db, started.id, by="张", at=at())
    done = _raise(db, villager, text="已办", due_date="2024-05-10")
    resolve_request(db, done.id, resolution="已办", by="张", at=at())
    referred = _raise(db, villager, text="已转", due_date="2024-05-10")
    refer_request(db, referred.id, to_unit="县法院", note="转", by="张", at=at())
    _raise(db, villager, text="没有期限")

    def overdue(day):
        return [r.id for r in list_requests(db, overdue_on=day)]

    assert overdue("2024-05-10") == []  # due today is not yet overdue
    assert overdue("2024-05-12") == [due_10.id, started.id]
    assert overdue("2024-05-13") == [due_10.id, due_12.id, started.id]
    assert get_request(db, due_10.id).is_overdue("2024-05-11")
    assert not get_request(db, done.id).is_overdue("2024-06-01")
    assert [r.id for r in list_requests(db, status="in_progress", overdue_on="2024-05-13")] == [
        started.id
    ]


def test_solved_count_in_a_date_range(db):
    villager = _villager(db)
    for day in ("2024-05-09", "2024-05-10", "2024-05-12", "2024-05-20"):
        r = _raise(db, villager, at=at("2024-05-01"))
        resolve_request(db, r.id, resolution="已解决", by="张", at=at(day))
    referred = _raise(db, villager, at=at("2024-05-01"))
    refer_request(db, referred.id, to_unit="县法院", note="转", by="张", at=at("2024-05-11"))
    _raise(db, villager, at=at("2024-05-11"))  # still open
    reopened = _raise(db, villager, at=at("2024-05-01"))
    resolve_request(db, reopened.id, resolution="已解决", by="张", at=at("2024-05-11"))
    reopen_request(db, reopened.id, reason="没修好", by="张", at=at("2024-05-13"))

    assert count_solved(db, "2024-05-10", "2024-05-12") == 2  # bounds included
    assert count_solved(db, "2024-05-01", "2024-05-31") == 4
    assert count_solved(db, "2024-05-13", "2024-05-19") == 0
    assert count_solved(db, "2024-05-20", "2024-05-20") == 1


def test_village_filter(db):
    a = _villager(db, "王秀英", "城南村")
    b = _villager(db, "陈建国", "上宅村")
    first = _raise(db, a)
    second = _raise(db, b)
    third = _raise(db, a, text="医保报销问题", category="policy")
    assert [r.id for r in list_requests(db, village="城南村")] == [first.id, third.id]
    assert [r.id for r in list_requests(db, village="上宅村")] == [second.id]
    village_id = db.execute("SELECT id FROM villages WHERE name = '上宅村'").fetchone()[0]
    assert [r.id for r in list_requests(db, village=village_id)] == [second.id]
    assert list_requests(db, village="不存在村") == []
    assert [r.id for r in list_requests(db, village="城南村", status="open")] == [
        first.id, third.id
    ]


def test_unit_filter_includes_requests_referred_to_the_unit(db):
    villager = _villager(db)
    mine = _raise(db, villager, unit="卫生院")
    to_us = _raise(db, villager, unit="村委会")
    refer_request(db, to_us.id, to_unit="卫生院", note="需医生上门", by="张", at=at())
    _raise(db, villager, unit="司法所")
    assert [r.id for r in list_requests(db, unit="卫生院")] == [mine.id, to_us.id]


def test_market_day_filter(db):
    villager = _villager(db)
    first = _raise(db, villager)
    _raise(db, villager)
    # Tag the first request with a market day without depending on m002's columns.
    db.conn.execute("PRAGMA foreign_keys=OFF")
    db.conn.execute("UPDATE requests SET market_day_id = 'md-1' WHERE id = ?", [first.id])
    db.conn.commit()
    db.conn.execute("PRAGMA foreign_keys=ON")
    assert [r.id for r in list_requests(db, market_day_id="md-1")] == [first.id]


def test_a_request_for_an_unknown_visit_is_refused(db):
    err = _refused(lambda: _raise(db, _villager(db), visit_id="no-visit"), "visit_not_found")
    assert err.message("en") == "No such visit."


def test_same_day_resolution_counts_as_on_the_spot(db):
    villager = _villager(db)
    spot = _raise(db, villager, at=at(DAY, "09:00"))
    resolve_request(db, spot.id, resolution="当场调解", by="张", at=at(DAY, "11:30"))
    via_progress = _raise(db, villager, at=at(DAY, "09:10"))
    start_request(db, via_progress.id, by="张", at=at(DAY, "09:20"))
    resolve_request(db, via_progress.id, resolution="当场修好", by="张", at=at(DAY, "10:00"))
    next_day = _raise(db, villager, at=at(DAY, "09:30"))
    resolve_request(db, next_day.id, resolution="次日办结", by="张", at=at("2024-05-11"))
    referred = _raise(db, villager, at=at(DAY, "09:40"))
    refer_request(db, referred.id, to_unit="县法院", note="转", by="张", at=at(DAY, "10:00"))
    _raise(db, villager, at=at(DAY, "09:50"))

    assert get_request(db, spot.id).resolved_on_the_spot
    assert get_request(db, via_progress.id).resolved_on_the_spot
    assert not get_request(db, next_day.id).resolved_on_the_spot
    assert not get_request(db, referred.id).resolved_on_the_spot
    assert request_counts(db, DAY, DAY) == rq.RequestCounts(
        raised=5, resolved=2, resolved_on_the_spot=2, referred=1
    )
    assert request_counts(db, DAY, "2024-05-11") == rq.RequestCounts(
        raised=5, resolved=3, resolved_on_the_spot=2, referred=1
    )


def test_category_counts_in_a_range(db):
    villager = _villager(db)
    _raise(db, villager, category="dispute", at=at("2024-05-10"))
    _raise(db, villager, category="dispute", at=at("2024-05-11"))
    _raise(db, villager, category="employment", at=at("2024-05-11"))
    _raise(db, villager, category="policy", at=at("2024-05-12"))
    counts = category_counts(db, "2024-05-10", "2024-05-11")
    assert list(counts) == list(rq.CATEGORIES)
    assert counts == {
        "dispute": 2, "repair_follow_up": 0, "health_referral": 0, "home_help": 0,
        "employment": 1, "policy": 0, "other": 0,
    }


def test_requests_of_a_villager_newest_first(db):
    a = _villager(db, "王秀英", "城南村")
    b = _villager(db, "陈建国", "上宅村")
    old = _raise(db, a, at=at("2024-04-01"))
    new = _raise(db, a, at=at("2024-05-10"))
    _raise(db, b)
    assert [r.id for r in requests_of_villager(db, a)] == [new.id, old.id]


# ---------------------------------------------------------------- follow-ups


def test_follow_ups_are_recorded_without_changing_the_status(db):
    request = _raise(db, _villager(db))
    resolve_request(db, request.id, resolution="已调解", by="张", at=at())
    first = add_follow_up(db, request.id, at("2024-05-17"), "村委会李", "电话回访", "satisfied")
    second = add_follow_up(db, request.id, at("2024-05-24"), "村委会李", "", "未联系上")
    assert [(f.at, f.by, f.note, f.outcome) for f in follow_ups(db, request.id)] == [
        (at("2024-05-17"), "村委会李", "电话回访", "satisfied"),
        (at("2024-05-24"), "村委会李", None, "unreachable"),
    ]
    assert (first.outcome_name("zh"), second.outcome_name("en")) == (
        "已回访，满意", "could not be reached"
    )
    assert get_request(db, request.id).status == "resolved"


def test_follow_up_refusals(db):
    request = _raise(db, _villager(db))
    err = _refused(lambda: add_follow_up(db, request.id, at(), "李", "", "还行"), "bad_outcome")
    assert "“还行”无法识别" in err.message("zh") and "已回访，满意" in err.message("zh")
    assert "not understood" in err.message("en") and "satisfied" in err.message("en")
    _refused(lambda: add_follow_up(db, request.id, at("2024-05-01"), "李", "", "satisfied"),
             "before_raised")
    _refused(lambda: add_follow_up(db, "nope", at(), "李", "", "satisfied"), "not_found")
    _refused(lambda: add_follow_up(db, request.id, at(), "", "", "satisfied"),
             "operator_required")
    assert follow_ups(db, request.id) == []


def test_a_request_raised_at_a_stall_starts_in_the_category_of_its_service():
    assert category_for_service("health") == "health_referral"
    assert category_for_service("repair") == "repair_follow_up"
    assert category_for_service("legal") == "dispute"
    assert category_for_service("haircut") == "other"
    assert {category_for_service(c) for c in ("health", "repair", "legal", "employment",
                                                 "x")} <= set(rq.CATEGORIES)
