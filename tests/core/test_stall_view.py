"""What a stall may see (core.screens.stall_view): its own service's visits, readings only
at sensitive stalls, masked names, never an ID or phone number; and the catalogue flag."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta

import pytest
from ui_helpers import add_person

from marketapp.core.catalogue.reading import catalogue_from_dict, load_default_catalogue
from marketapp.core.market.days import StallPlan, get_stall, open_market_day, save_catalogue
from marketapp.core.queue import engine as queue
from marketapp.core.queue import visits
from marketapp.core.screens.stall_view import build_stall_view, visible_history

PHONE = "13857510001"


def test_the_health_category_is_sensitive_by_default_and_nothing_else():
    catalogue = load_default_catalogue()
    sensitive = {s.code for s in catalogue if catalogue.is_sensitive(s)}
    assert sensitive == {s.code for s in catalogue if s.category == "health"}
    assert "health_check" in sensitive and "haircut" not in sensitive


def test_a_stored_catalogue_without_the_flag_defaults_by_category():
    data = load_default_catalogue().to_dict()
    for category in data["categories"]:
        category.pop("sensitive", None)
    catalogue = catalogue_from_dict(data)
    assert catalogue.is_sensitive(catalogue.get("health_check"))
    assert not catalogue.is_sensitive(catalogue.get("haircut"))


def test_a_service_flag_overrides_its_category_and_a_day_keeps_what_it_opened_with(db):
    data = load_default_catalogue().to_dict()
    next(s for s in data["services"] if s["code"] == "legal")["sensitive"] = True
    next(c for c in data["categories"] if c["code"] == "health")["sensitive"] = False
    catalogue = catalogue_from_dict(data)
    assert catalogue_from_dict(catalogue.to_dict()) == catalogue
    save_catalogue(db, catalogue)
    day = open_market_day(db, date.today(), "花园村", ["legal", "health_check"])
    legal, health = day.stalls
    assert legal.service().is_sensitive and not health.service().is_sensitive
    save_catalogue(db, load_default_catalogue())  # edited later: the day is as it opened
    assert get_stall(db, legal.id).service().is_sensitive


@pytest.fixture
def day(db):
    return open_market_day(db, date.today(), "花园村",
                           [StallPlan("haircut", counters=2), StallPlan("health_check")])


def _served(db, stall_id, villager_id, outcome, minutes=0):
    at = datetime.now().astimezone() - timedelta(minutes=60 - minutes)
    ticket = queue.issue(db, stall_id, villager_id, at=at).ticket
    queue.start(db, queue.call(db, ticket.id, at=at).id, at=at)
    return visits.finish(db, ticket.id, outcome, at=at + timedelta(minutes=5))


def test_a_stall_sees_only_its_own_service_and_readings_only_when_sensitive(db, day):
    hair, health = day.stalls
    person = add_person(db, "张三明", phone=PHONE)
    _served(db, health.id, person.id, {"systolic": 165, "diastolic": 101})
    _served(db, hair.id, person.id, {}, minutes=10)
    assert [e.service_zh for e in visible_history(db, hair, person.id)] == ["理发"]
    # back at each stall in turn: each sees what its rule allows
    again = queue.call(db, queue.issue(db, hair.id, person.id).ticket.id, counter=1)
    at_hair = build_stall_view(db, hair.id, 1)["current"]
    hair_text = json.dumps(build_stall_view(db, hair.id, 1), ensure_ascii=False)
    queue.no_show(db, again.id)
    queue.call(db, queue.issue(db, health.id, person.id).ticket.id, counter=1)
    at_health = build_stall_view(db, health.id, 1)["current"]
    assert at_hair["person"] == {"name": "张*明", "age": at_hair["person"]["age"],
                                 "gender": "男", "village": "花园村"}
    assert [h["service"] for h in at_hair["history"]] == ["理发"]
    assert all(h["summary"] == "" for h in at_hair["history"])
    assert at_health["history"] == [{"date": date.today().isoformat(), "service": "健康检查",
                                     "summary": "165/101 mmHg"}]
    text = hair_text + json.dumps(build_stall_view(db, health.id, 1), ensure_ascii=False)
    assert "165/101" not in hair_text and "健康检查" not in hair_text
    assert "张三明" not in text and PHONE not in text and person.id_number not in text
    assert person.id_number[-4:] not in text


def test_the_view_follows_the_counter_and_offers_the_rating_pad_after_done(db, day):
    hair = day.stalls[0]
    first, second = (add_person(db, n, seq=i) for i, n in enumerate(("王秀英", "李建国"), 1))
    for person in (first, second):
        queue.issue(db, hair.id, person.id)
    view = build_stall_view(db, hair.id, None)
    assert not view["counter_chosen"] and not view["actions"]["call_next"]
    assert view["waiting"] == 2 and view["next"] == ["A001", "A002"]
    called = queue.call_next(db, hair.id, counter=2)
    at_two, at_one = build_stall_view(db, hair.id, 2), build_stall_view(db, hair.id, 1)
    assert at_two["current"]["label"] == called.label and at_two["actions"]["arrived"]
    assert at_one["current"] is None and at_one["actions"]["call_next"]
    queue.start(db, called.id)
    visits.finish(db, called.id, {})
    after = build_stall_view(db, hair.id, 2)
    assert after["current"] is None and after["actions"]["rate"]
    assert after["last_visit"]["label"] == called.label and after["last_visit"]["rating"] is None
    assert after["undo"]["text"].startswith(f"撤销 {called.label} 的『办结』（")
    assert [lv["name"] for lv in after["rating_levels"]] == [
        "非常满意", "满意", "基本满意", "不满意", "非常不满意"]


def test_the_next_numbers_are_the_call_order(db, day):
    hair = day.stalls[0]
    for n in range(8):
        person = add_person(db, f"村民{n}", seq=n + 1, birth="19300101" if n in (3, 6) else
                            "19700101")  # two aged 90+: priority tickets
        queue.issue(db, hair.id, person.id)
    order = [t.label for t in queue.waiting_order(db, hair.id)]
    view = build_stall_view(db, hair.id, 1)
    assert view["waiting"] == 8 and view["next"] == order[:5]
    assert view["next"][0] in ("A004", "A007")  # a priority ticket comes first
