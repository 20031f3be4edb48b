"""A believable market day, made by driving the real engine through simulated time.

Nothing is inserted behind the engine's back: villagers are saved through the registry,
tickets issued, called, served, finished, transferred and cancelled through the queue
engine, requests raised through the requests module, and the day closed at noon. The same
seed gives the same day. The whole day is one transaction: a demo that fails half-way
leaves nothing behind (no open half-made market). Its figures are counted afterwards from
the tickets' final states, as the daily report counts them.

The shape follows the Chengnan market: an early crowd of elderly villagers (peak around
08:45), haircuts and blood-pressure checks busiest, a few repairs and a mediation or two.
"""

from __future__ import annotations

import heapq
import itertools
import random
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from sqlite_utils import Database

from marketapp.core.catalogue.model import FieldSpec, Service
from marketapp.core.demo.people import DEFAULT_VILLAGES, make_person
from marketapp.core.errors import UserError
from marketapp.core.figures.daily import key_figures
from marketapp.core.figures.ticket_records import ticket_records
from marketapp.core.market.days import (
    MarketDay,
    StallPlan,
    find_market_day,
    get_market_day,
    open_market_day,
)
from marketapp.core.people.cleaning import clean
from marketapp.core.people.villagers import VillagerInput, save_villager
from marketapp.core.queue import engine as queue
from marketapp.core.queue import visits
from marketapp.core.queue.closing import close_market_day
from marketapp.core.queue.rules import QueueError
from marketapp.core.requests import changes
from marketapp.core.settings import set_township, township
from marketapp.core.text import N_

DEMO_TOWNSHIP = "城南乡"  # the article's Chengnan Township, whose villages the demo uses
OPENS = time(8, 0)
HOURS = timedelta(hours=4)  # the market runs four hours; stalls stop taking people at 3:45
# service -> (counters, share of villagers who want it, staff)
STALLS: dict[str, tuple[int, float, tuple[str, ...]]] = {
    "haircut": (3, 0.35, ("王师傅", "李师傅", "赵师傅")),
    "health_check": (3, 0.45, ("卫生院 陆医生", "卫生院 俞护士", "卫生院 潘医生")),
    "medicine": (1, 0.15, ("卫生院 何药师",)),
    "appliance_repair": (1, 0.07, ("电器维修 梁师傅",)),
    "traditional_repair": (1, 0.12, ("修补 钱师傅",)),
    "legal": (1, 0.04, ("司法所 吕调解员",)),
    "social_security_card": (1, 0.10, ("人社站 周专员",)),
    "jobs": (1, 0.04, ("企业招聘 陈经理",)),
    "policy": (1, 0.08, ("村委会 张书记",)),
}
# Most villagers who rate are content; a few 差评 give the report's follow-up list rows.
DEMO_RATINGS = ("very_satisfied", "satisfied", "basically_satisfied", "dissatisfied",
                "very_dissatisfied", None)
STALL_CLOSING = "11:45"  # for a day opening at 08:00; stalls close 3:45 after opening
_STALLS_OPEN_FOR = timedelta(hours=3, minutes=45)
# A waiting ticket sometimes belongs at another stall (staff move it there).
TRANSFERS = {"policy": "legal", "medicine": "health_check", "jobs": "social_security_card"}
_TEXT_SAMPLES = {
    "item": ("电饭煲", "电风扇", "收音机", "电视机顶盒", "电水壶"),
    "fault": ("不通电", "插头松动", "开关坏了", "没有声音"),
    "matter": ("宅基地边界纠纷", "赡养费争议", "邻里排水纠纷", "土地流转合同咨询"),
    "parties": ("邻居两户", "兄弟两人", "村民与承包户"),
    "topic": ("养老保险缴费", "危房改造补助", "医保报销比例", "高龄补贴申领"),
    "job_wanted": ("车床工", "保洁", "仓库搬运", "厨房帮工"),
    "employer": ("新昌轴承厂", "城南农业合作社", "县城物业公司"),
    "medicines": ("降压药 氨氯地平", "二甲双胍", "感冒药"),
    "advice": ("低盐饮食，按时服药", "建议复查血糖", "注意休息，少喝酒"),
}


@dataclass(order=True)
class _Event:
    at: datetime
    order: int
    kind: str = field(compare=False)
    data: tuple = field(compare=False, default=())


# The demo's people are 18 to 96 years old on the market date and ID numbers start in 1900;
# a market more than a year ahead is a typing slip.
EARLIEST_DAY = date(2000, 1, 1)
DAYS_AHEAD = 366


class DemoError(UserError):
    messages = {
        "bad_date": N_("Demo date {day} is not plausible: use a date from {first} to {last}."),
    }


@dataclass
class DemoResult:
    """The demo day's figures, from its tickets' final states (as the daily report)."""

    market_day: MarketDay
    villagers: int
    tickets: int
    visits: int
    no_shows: int  # still a no-show at the end
    returned: int  # marked a no-show, then back in line
    transfers: int
    cancelled: int
    not_served: int  # in line when the market closed
    requests: int


def check_demo_day(day: date, today: date) -> None:
    last = today + timedelta(days=DAYS_AHEAD)
    if not EARLIEST_DAY <= day <= last:
        raise DemoError("bad_date", day=day.isoformat(), first=EARLIEST_DAY.isoformat(),
                        last=last.isoformat())


def demo_result(db: Database, market_day_id: str, people: int) -> DemoResult:
    market = get_market_day(db, market_day_id)
    key = key_figures(list(ticket_records(db, market.date, market.date, market_day_id)))
    returned, raised = db.execute(
        "SELECT (SELECT COUNT(*) FROM queue_events e JOIN stalls s ON s.id = e.stall_id "
        "WHERE s.market_day_id = :day AND e.action = 'return' AND e.undone_by IS NULL), "
        "(SELECT COUNT(*) FROM requests WHERE market_day_id = :day)",
        {"day": market_day_id}).fetchone()
    return DemoResult(market, people, key.tickets, key.visits, key.no_shows, returned,
                      key.transferred, key.cancelled, key.not_served, raised)


def _local(day: date, moment: time) -> datetime:
    return datetime.combine(day, moment).astimezone()


def _arrival(rng: random.Random, opens: datetime) -> datetime:
    minutes = rng.triangular(0, 180, 40)  # 08:00 to 11:00, busiest around 08:40
    return opens + timedelta(minutes=minutes)


def _value(rng: random.Random, spec: FieldSpec, service: Service) -> object | None:
    if spec.type == "choice":
        # The first option is the usual outcome (fixed, done, answered…): weight it.
        options = [o.code for o in spec.options]
        return options[0] if rng.random() < 0.7 else rng.choice(options)
    if spec.type == "bool":
        return rng.random() < 0.3
    if spec.key == "systolic":
        return int(min(220, max(95, rng.gauss(138, 18))))
    if spec.key == "diastolic":
        return int(min(125, max(55, rng.gauss(84, 11))))
    if spec.key == "pulse":
        return int(min(120, max(50, rng.gauss(76, 9))))
    if spec.key == "glucose":
        return round(min(18.0, max(3.6, rng.gauss(6.4, 1.6))), 1)
    if spec.type in ("int", "decimal"):
        low = float(spec.min or 0)
        return round(min(float(spec.max or 100), low + rng.choice((0, 0, 10, 25, 40))), 0)
    samples = _TEXT_SAMPLES.get(spec.key)
    return rng.choice(samples) if samples else None


def demo_outcome(rng: random.Random, service: Service) -> dict[str, object]:
    outcome: dict[str, object] = {}
    for spec in service.fields:
        if not spec.required and rng.random() < 0.4 and spec.key not in ("pulse", "advice"):
            continue
        value = _value(rng, spec, service)
        if value is not None:
            outcome[spec.key] = value
    if "systolic" in outcome and "diastolic" in outcome:
        # Readings that belong together: the diastolic is roughly 55–70% of the systolic.
        outcome["diastolic"] = max(50, int(int(outcome["systolic"]) * rng.uniform(0.55, 0.7)))
    if "glucose" in outcome:
        outcome["fasting"] = rng.random() < 0.6
    else:
        outcome.pop("fasting", None)
    return outcome


def _request_for(service_code: str, outcome: dict[str, object]) -> tuple[str, str, str] | None:
    """(category, text, unit) when this outcome leaves something to follow up."""
    result = outcome.get("result")
    if service_code == "legal" and result in ("referred", "pending"):
        return "dispute", f"{outcome.get('matter', '纠纷')}，需进一步调解", "司法所"
    if service_code in ("appliance_repair", "traditional_repair") and result == "needs_parts":
        return "repair_follow_up", f"{outcome.get('item', '物品')}缺配件，下次集市带回", "维修点"
    if service_code == "health_check" and outcome.get("referral"):
        return "health_referral", "血压偏高，转卫生院复查", "卫生院"
    if service_code == "policy" and result == "follow_up":
        return "policy", f"{outcome.get('topic', '政策问题')}待答复", "村委会"
    return None


def run_demo(
    db: Database,
    *,
    day: date | None = None,
    village: str = "城南村",
    villagers: int = 120,
    seed: int = 1,
    opens: time = OPENS,
    stop_at: time | None = None,
) -> DemoResult:
    """Simulate one market day from 08:00 to 12:00 and close it; with ``stop_at`` (e.g.
    09:30) the simulation stops there and leaves the day open, people waiting and at the
    counters, for someone to carry on in the app. ``opens`` shifts the whole day (a live
    demo in the evening opens an evening market). One transaction: all of it or nothing;
    DemoError for an implausible date."""
    day = day or date.today()
    check_demo_day(day, date.today())
    with db.atomic():
        if not township(db):
            set_township(db, DEMO_TOWNSHIP)  # the report's title names the organiser
        return _run(db, day, village, villagers, seed, opens, stop_at)


def _run(db: Database, day: date, village: str, villagers: int, seed: int, opens: time,
         stop_at: time | None) -> DemoResult:
    rng = random.Random(seed)
    opened = _local(day, opens)
    closing = opened + HOURS
    market = open_market_day(
        db, day, village,
        [StallPlan(code, staff, counters, (opened + _STALLS_OPEN_FOR).strftime("%H:%M"))
         for code, (counters, _share, staff) in STALLS.items()],
        operator="演示", at=opened - timedelta(minutes=20),
    )
    stalls = {s.service_code: s for s in market.stalls}
    neighbours = tuple(v for v in DEFAULT_VILLAGES if v != village)
    counter = itertools.count()
    events: list[_Event] = []
    people = 0
    for _ in range(villagers):
        person = make_person(rng, (village,) * 6 + neighbours, today=day)
        saved = save_villager(db, clean(VillagerInput(
            name=person.name, id_number=person.id_number or "", phone=person.phone or "",
            village=person.village, address=person.address, gender=person.gender,
            birth_date=person.birth_date.isoformat(), living_alone=person.living_alone,
            left_behind=person.left_behind, disabled=person.disabled,
            low_income=person.low_income), today=day), on_duplicate="ignore")
        people += 1
        wanted = [code for code, (_c, share, _s) in STALLS.items() if rng.random() < share]
        if not wanted:
            wanted = [rng.choice(("haircut", "health_check"))]
        heapq.heappush(events, _Event(_arrival(rng, opened), next(counter), "arrive",
                                      (saved.villager.id, tuple(wanted))))
    for stall in market.stalls:
        for desk in range(1, stall.counters + 1):
            heapq.heappush(events, _Event(opened, next(counter), "free",
                                          (stall.id, desk)))
    halt = _local(day, stop_at) if stop_at else None
    closed = False
    while events:
        event = heapq.heappop(events)
        if halt and event.at >= halt:
            break
        if event.at >= closing and not closed:
            close_market_day(db, market.id, reason="收市", operator="演示", at=closing)
            closed = True
        if closed and event.kind not in ("done",):
            continue  # after closing only the people at a counter are finished
        _handle(db, rng, event, stalls, events, counter, closing)
    if not closed and halt is None:
        close_market_day(db, market.id, reason="收市", operator="演示", at=closing)
    return demo_result(db, market.id, people)


def _handle(db, rng, event, stalls, events, counter, closing) -> None:  # noqa: C901
    def later(minutes: float, kind: str, data: tuple) -> None:
        heapq.heappush(events, _Event(event.at + timedelta(minutes=minutes), next(counter),
                                      kind, data))

    if event.kind == "arrive":
        villager_id, wanted = event.data
        for code in wanted:
            # Now and then staff put someone first (a fall, a dizzy spell): urgent.
            urgent = rng.random() < 0.01
            try:
                issued = queue.issue(db, stalls[code].id, villager_id, operator="登记台",
                                     priority="urgent" if urgent else None,
                                     reason="staff" if urgent else None, at=event.at)
            except QueueError:
                continue
            roll = rng.random()
            if roll < 0.03:
                later(rng.uniform(10, 40), "cancel", (issued.ticket.id,))
            elif roll < 0.15 and code in TRANSFERS:
                later(rng.uniform(2, 10), "transfer",
                      (issued.ticket.id, stalls[TRANSFERS[code]].id))
    elif event.kind == "free":
        stall_id, desk = event.data
        ticket = queue.call_next(db, stall_id, counter=desk, operator="摊位", at=event.at)
        if ticket is None:
            later(1.5, "free", event.data)
        elif rng.random() < 0.06:
            later(1, "recall", (ticket.id, stall_id, desk))
        else:
            later(rng.uniform(0.5, 2), "start", (ticket.id, stall_id, desk))
    elif event.kind == "recall":
        ticket_id, stall_id, desk = event.data
        queue.recall(db, ticket_id, at=event.at)
        later(1, "no_show", event.data)
    elif event.kind == "no_show":
        ticket_id, stall_id, desk = event.data
        queue.no_show(db, ticket_id, at=event.at)
        if rng.random() < 0.4:
            later(rng.uniform(10, 30), "return", (ticket_id,))
        later(0.5, "free", (stall_id, desk))
    elif event.kind == "return":
        _try(queue.return_to_queue, db, event.data[0], at=event.at)
    elif event.kind == "cancel":
        # Only someone still waiting walks away; a called person is handled at the stall.
        if queue.get_ticket(db, event.data[0]).status == "waiting":
            _try(queue.cancel, db, event.data[0], reason="有事先走", at=event.at)
    elif event.kind == "transfer":
        if queue.get_ticket(db, event.data[0]).status == "waiting":
            _try(queue.transfer, db, event.data[0], event.data[1], operator="登记台",
                 at=event.at)
    elif event.kind == "start":
        ticket_id, stall_id, desk = event.data
        queue.start(db, ticket_id, at=event.at)
        stall = next(s for s in stalls.values() if s.id == stall_id)
        minutes = max(2.0, rng.lognormvariate(0, 0.35) * stall.typical_minutes)
        later(minutes, "done", event.data)
    elif event.kind == "done":
        ticket_id, stall_id, desk = event.data
        stall = next(s for s in stalls.values() if s.id == stall_id)
        outcome = demo_outcome(rng, stall.service())
        rating = rng.choices(DEMO_RATINGS, (52, 22, 10, 3, 1, 12))[0]
        visit = visits.finish(db, ticket_id, outcome, rating=rating, at=event.at)
        follow_up = _request_for(stall.service_code, outcome)
        if follow_up:
            category, text, unit = follow_up
            request = changes.raise_request(
                db, villager_id=visit.villager_id, category=category, text=text,
                raised_by=stall.staff[0] if stall.staff else "摊位", unit=unit,
                due_date=event.at.date() + timedelta(days=14), visit_id=visit.id,
                market_day_id=visit.market_day_id, at=event.at)
            if rng.random() < 0.3:
                changes.resolve_request(db, request.id, resolution="现场解决",
                                         by=request.raised_by, at=event.at)
        if event.at < closing:
            later(rng.uniform(0.2, 1.0), "free", (stall_id, desk))


def _try(action, *args, **kwargs) -> bool:
    """Demo moves that the state may no longer allow (already called, already done)."""
    try:
        action(*args, **kwargs)
    except QueueError:
        return False
    return True


def live_demo(db: Database, now: datetime, *, village: str = "城南村", villagers: int = 120,
              seed: int = 1) -> DemoResult | None:
    """Today's market in progress: opened 90 minutes before ``now`` and simulated up to
    ``now``, left open with people waiting. None if today's demo market already exists."""

    if find_market_day(db, now.date(), village) is not None:
        return None
    start = max(datetime.combine(now.date(), time(0, 0)), now.replace(tzinfo=None)
                - timedelta(minutes=90))
    start = min(start, datetime.combine(now.date(), time(20, 0)))  # a four-hour day fits
    # Never past now: in the small hours the day opens at midnight and has run only since
    # (a call stamped ahead of the clock would stay "now calling" over every real one).
    stop = min(start + timedelta(minutes=90), now.replace(tzinfo=None))
    result = run_demo(db, day=now.date(), village=village, villagers=villagers, seed=seed,
                      opens=start.time().replace(second=0, microsecond=0), stop_at=stop.time())
    _someone_called(db, result.market_day, stop, seed)
    return result


def _someone_called(db: Database, day: MarketDay, at: datetime, seed: int) -> None:
    """A live market shows a call in progress, whatever minute the simulation stopped at (a
    call lasts a minute or two, so the simulated day often stops with every counter serving):
    the counter of the longest line calls its next person, finishing whom it served first."""
    called = db.execute("SELECT 1 FROM tickets WHERE market_day_id = ? AND status = 'called'",
                        [day.id]).fetchone()
    if called:
        return
    waiting = dict(db.execute("SELECT stall_id, COUNT(*) FROM tickets WHERE market_day_id = ? "
                              "AND status = 'waiting' GROUP BY stall_id", [day.id]).fetchall())
    stall = max((s for s in day.stalls if waiting.get(s.id)), key=lambda s: waiting[s.id],
                default=None)
    if stall is None:
        return
    serving = db.execute("SELECT id, counter FROM tickets WHERE stall_id = ? AND status = "
                         "'serving' ORDER BY counter", [stall.id]).fetchone()
    counter = 1
    if serving is not None:
        ticket_id, counter = serving
        visits.finish(db, ticket_id, demo_outcome(random.Random(seed), stall.service()), at=at)
    queue.call_next_to_counter(db, stall.id, counter=counter, operator="演示", at=at)
