"""A stall phone's commands through the API: the desktop's rules and words, its own stall and
counter only, and a repeated request id that changes nothing."""

from __future__ import annotations

from datetime import date

import pytest
from hub_phones import Phone
from ui_helpers import add_person

from marketapp.core.catalogue.outcomes import InvalidOutcome, validate_outcome
from marketapp.core.devices.pairing import create_code, redeem_code
from marketapp.core.market.days import StallPlan, open_market_day
from marketapp.core.queue import engine as queue
from marketapp.core.queue.visits import get_visit, parse_fee

PHONE = "13857519999"


@pytest.fixture
def garden(db):
    """A second market today, quiet: a health check (1 counter) and haircuts (2 counters),
    three people waiting at the health check."""
    day = open_market_day(db, date.today(), "花园村",
                          [StallPlan("health_check", ("陆医生",)),
                           StallPlan("haircut", ("王师傅",), counters=2)])
    people = [add_person(db, name, village="花园村", seq=n, phone=PHONE if n == 1 else "")
              for n, name in enumerate(("张三明", "李建国", "王秀英"), start=1)]
    for person in people:
        queue.issue(db, day.stalls[0].id, person.id)
    return day, people


def device(client, db, day, stall=0, counter=None, operator=""):
    code = create_code(db, day, stall_id=day.stalls[stall].id, counter=counter,
                       operator=operator)
    return Phone(client, redeem_code(db, code.code)[1])


def events(db) -> int:
    return db.execute("SELECT COUNT(*) FROM queue_events").fetchone()[0]


def test_a_whole_visit_from_the_phone(client, db, garden):
    day, people = garden
    doctor = device(client, db, day)
    state = doctor.get("/api/stall/state").json()
    assert (state["waiting"], state["next"], state["current"]) == (3, ["B001", "B002", "B003"],
                                                                   None)
    called = doctor.act("call_next", "visit-0000-01")
    assert called.status_code == 200 and called.json()["message"] == "已叫 B001 到 1 号窗口。"
    current = called.json()["state"]["current"]
    assert current["person"]["name"] == "张*明" and current["status"] == "called"
    assert doctor.act("recall", "visit-0000-02").json()["message"] == "已重呼 B001。"
    assert doctor.act("arrived", "visit-0000-03").json()["message"] == "B001：开始办理。"
    done = doctor.act("done", "visit-0000-04", outcome={"systolic": "152", "diastolic": "95"},
                      notes="低盐饮食", fee="0")
    assert done.status_code == 200
    assert done.json()["message"] == "B001 已办结并保存。可以叫下一位。"
    after = done.json()["state"]
    assert after["current"] is None and after["actions"]["rate"]
    visit_id = after["last_visit"]["visit_id"]
    rated = doctor.act("rate", "visit-0000-05", visit_id=visit_id, level=1)
    assert rated.json()["message"] == "谢谢您的评价！"
    visit = get_visit(db, visit_id)
    assert (visit.rating, visit.rated_by, visit.outcome["systolic"]) == (
        "very_dissatisfied", "villager", 152)
    undo = doctor.act("undo", "visit-0000-06", expect=after["undo"]["event_id"])
    assert undo.status_code == 200 and undo.json()["message"].startswith("已撤销 B001 的『办结』")
    assert undo.json()["state"]["current"]["status"] == "serving"
    again = doctor.act("done", "visit-0000-07", outcome={"systolic": "128", "diastolic": "80"})
    raised = doctor.act("request", "visit-0000-08", category="health_referral",
                        text="两周后到卫生院复查血压")
    assert again.status_code == 200 and raised.json()["message"] == "已为 张*明 登记诉求。"
    refused = doctor.act("undo", "visit-0000-09")
    assert refused.status_code == 409
    assert refused.json()["error"] == "B001 的服务记录已登记诉求，不能撤销办结。"


def test_outcome_errors_are_the_desktops_words_field_by_field(client, db, garden):
    day, _people = garden
    doctor = device(client, db, day)
    doctor.act("call_next", "fields-0000-1")
    doctor.act("arrived", "fields-0000-2")
    typed = {"systolic": "400", "diastolic": "", "pulse": "七十"}
    answer = doctor.act("done", "fields-0000-3", outcome=typed, fee="-5")
    assert answer.status_code == 422
    with pytest.raises(InvalidOutcome) as desktop:
        validate_outcome(day.stalls[0].service(), typed)
    try:
        parse_fee("-5")
    except Exception as exc:  # VisitError: the fee line under the desktop's fee box
        fee_message = exc.message()
    assert answer.json()["fields"] == desktop.value.problem_messages("zh") | {"fee": fee_message}
    assert answer.json()["state"]["current"]["status"] == "serving"  # nothing written


def test_a_repeated_request_id_gets_the_first_answer_and_changes_nothing(client, db, garden):
    day, _people = garden
    doctor = device(client, db, day)
    first = doctor.act("call_next", "same-id-00001")
    before = events(db)
    again = doctor.act("call_next", "same-id-00001")
    assert again.status_code == first.status_code == 200
    assert again.json()["repeated"] and not first.json()["repeated"]
    assert {k: again.json()[k] for k in ("ok", "message", "result")} == {
        k: first.json()[k] for k in ("ok", "message", "result")}
    assert events(db) == before
    busy = doctor.act("call_next", "other-id-0001")
    assert busy.status_code == 409 and busy.json()["error"] == "B001 仍在本窗口：请先办结，或标为“过号”。"
    assert doctor.act("call_next", "other-id-0001").json()["error"] == busy.json()["error"]
    assert events(db) == before


def test_a_stall_with_several_counters_asks_which_one(client, db, garden):
    day, people = garden
    queue.issue(db, day.stalls[1].id, people[1].id)
    barber = device(client, db, day, stall=1)
    state = barber.get("/api/stall/state").json()
    assert not state["counter_chosen"] and not state["actions"]["call_next"]
    assert barber.act("call_next", "counter-00001").json()["error"] == "请先选择本设备的窗口号。"
    bad = barber.act("counter", "counter-00002", counter=3)
    assert bad.status_code == 409 and "只有 2 个窗口" in bad.json()["error"]
    chosen = barber.act("counter", "counter-00003", counter=2)
    assert chosen.json()["state"]["counter"] == 2
    called = barber.act("call_next", "counter-00004")
    assert called.json()["message"] == "已叫 A001 到 2 号窗口。"


def test_a_phone_sees_only_its_own_stall(client, db, garden):
    day, people = garden
    queue.issue(db, day.stalls[1].id, people[2].id)
    queue.call_next(db, day.stalls[1].id, counter=1)  # 王秀英 at the barber's counter 1
    doctor = device(client, db, day)
    text = doctor.get("/api/stall/state").text
    assert "A001" not in text and "王*英" not in text
    barber = device(client, db, day, stall=1, counter=1)
    state = barber.get("/api/stall/state").json()
    assert state["current"]["label"] == "A001" and state["next"] == []
    assert "B00" not in barber.get("/api/stall/state").text
    # nothing in a command names a ticket: a phone cannot act on another stall's people
    assert barber.act("arrived", "own-stall-001", ticket_id="whatever").json()["message"] == \
        "A001：开始办理。"


def test_the_pairing_operator_is_recorded_on_every_write(client, db, garden):
    day, _people = garden
    doctor = device(client, db, day, operator="陆医生")
    for n, action in enumerate(("call_next", "arrived", "no_show")):
        doctor.act(action, f"operator-000{n}")
    rows = db.execute("SELECT action, operator FROM queue_events WHERE action <> 'issue' "
                      "AND stall_id = ? ORDER BY seq", [day.stalls[0].id]).fetchall()
    assert rows == [("call", "陆医生(摊位设备B·1号窗口)"), ("start", "陆医生(摊位设备B·1号窗口)")]


def test_an_outcome_kept_for_one_ticket_is_never_saved_to_the_next(client, db, garden):
    """The page sends the ticket it filled the form for (``ticket_id``): kept on a phone
    that was offline while the laptop finished that person and started the next, it is
    refused, not saved to someone else."""
    day, _people = garden
    doctor = device(client, db, day)
    first = doctor.act("call_next", "kept-00000001").json()["state"]["current"]["ticket_id"]
    doctor.act("arrived", "kept-00000002")
    readings = {"systolic": "150", "diastolic": "90"}
    # meanwhile, at the laptop: B001 finished, B002 called and started at the same counter
    from marketapp.core.queue import visits

    visits.finish(db, first, {"systolic": "128", "diastolic": "80"})
    second = queue.call_next(db, day.stalls[0].id, counter=1)
    queue.start(db, second.id)
    refused = doctor.act("done", "kept-00000003", outcome=readings, ticket_id=first)
    assert refused.status_code == 409
    assert refused.json()["error"] == "手机上正在填写的这个号已不在本窗口（可能已在电脑上办结或改动），这次没有保存。"
    assert visits.visit_for_ticket(db, second.id) is None
    done = doctor.act("done", "kept-00000004", outcome=readings, ticket_id=second.id)
    assert done.status_code == 200 and done.json()["result"]["label"] == "B002"


def test_a_phone_undoes_only_its_own_counters_steps(client, db, garden):
    """Two barbers, one phone each: 撤销 on counter 1 never takes back counter 2's finish
    (and its recorded outcome), and a phone that has not chosen a counter undoes nothing."""
    day, people = garden
    for person in people:
        queue.issue(db, day.stalls[1].id, person.id)
    first = device(client, db, day, stall=1, counter=1)
    second = device(client, db, day, stall=1, counter=2)
    undecided = device(client, db, day, stall=1)
    assert first.act("call_next", "two-0000-01").json()["message"] == "已叫 A001 到 1 号窗口。"
    assert second.act("call_next", "two-0000-02").status_code == 200
    second.act("arrived", "two-0000-03")
    finished = second.act("done", "two-0000-04", outcome={}, notes="修了鬓角")
    assert finished.status_code == 200
    visit_id = finished.json()["state"]["last_visit"]["visit_id"]

    state = first.get("/api/stall/state").json()
    assert "A001" in state["undo"]["text"] and "『叫号』" in state["undo"]["text"]
    assert undecided.get("/api/stall/state").json()["undo"] is None
    undone = first.act("undo", "two-0000-05")
    assert undone.status_code == 200 and undone.json()["message"].startswith("已撤销 A001")
    assert get_visit(db, visit_id).notes == "修了鬓角"  # counter 2's finish stands
    nothing = first.act("undo", "two-0000-06")
    assert nothing.status_code == 409
    assert nothing.json()["error"] == "1 号窗口还没有可以撤销的步骤。"
    assert second.get("/api/stall/state").json()["current"] is None
    refused = undecided.act("undo", "two-0000-07")
    assert refused.status_code == 409 and "窗口" in refused.json()["error"]


def test_call_next_says_why_nobody_was_called_and_is_offered_only_when_someone_waits(
        client, db, garden):
    day, people = garden
    doctor = device(client, db, day)
    barber = device(client, db, day, stall=1, counter=1)
    assert barber.get("/api/stall/state").json()["actions"]["call_next"] is False  # nobody
    refused = barber.act("call_next", "why-0000-01")
    assert refused.status_code == 409 and refused.json()["error"] == "现在没有可以叫号的等候者。"
    queue.issue(db, day.stalls[1].id, people[0].id)  # 张三明 also wants a haircut…
    doctor.act("call_next", "why-0000-02")  # …but is called to the doctor first
    state = barber.get("/api/stall/state").json()
    assert state["waiting"] == 1 and state["actions"]["call_next"] is True
    busy = barber.act("call_next", "why-0000-03")
    assert busy.status_code == 409
    assert "A001" in busy.json()["error"] and "健康检查" in busy.json()["error"]


def test_choosing_a_counter_another_phone_works_says_so(client, db, garden):
    day, _people = garden
    first = device(client, db, day, stall=1, counter=1)
    second = device(client, db, day, stall=1)
    alone = second.act("counter", "ctr-0000-01", counter=2)
    assert alone.status_code == 200 and alone.json()["message"] == "本设备现在是 2 号窗口。"
    shared = second.act("counter", "ctr-0000-02", counter=1)
    assert shared.status_code == 200
    assert "也在这个窗口叫号" in shared.json()["message"]
    assert first.get("/api/stall/state").json()["counter"] == 1  # nothing taken from it
