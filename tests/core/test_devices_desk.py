"""What the laptop's 摊位设备 screen reads from core: the QR codes it offers (one per stall,
one per counter of a stall with several, one for the display), what became of a code it
shows, the devices it lists."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from marketapp.core.devices.pairing import (
    code_state,
    create_code,
    listed_devices,
    redeem_code,
    revoke_device,
    withdraw_code,
)
from marketapp.core.devices.targets import DISPLAY_KEY, paired_counts, pairing_targets
from marketapp.core.errors import UserError
from marketapp.core.market.days import StallPlan, open_market_day
from marketapp.core.queue.closing import close_market_day

NOW = datetime.now().astimezone().replace(microsecond=0)


@pytest.fixture
def day(db):
    return open_market_day(db, date.today(), "花园村",
                           [StallPlan("haircut", ("王师傅",), counters=2),
                            StallPlan("health_check", ("陆医生",))])


def test_one_code_per_stall_one_per_counter_of_a_busy_stall_then_the_display(day):
    targets = pairing_targets(day)
    haircut, health = day.stalls
    assert [(t.letter, t.counter) for t in targets] == [("A", 1), ("A", 2), ("B", None),
                                                        ("", None)]
    assert targets[0].stall_id == haircut.id and targets[2].stall_id == health.id
    assert targets[-1].display and targets[-1].key == DISPLAY_KEY
    assert len({t.key for t in targets}) == len(targets)


def test_each_code_counts_the_devices_in_use_paired_for_it(db, day):
    targets = pairing_targets(day)
    haircut, health = day.stalls

    def pair(**kwargs):
        return redeem_code(db, create_code(db, day, at=NOW, **kwargs).code, at=NOW)[0]

    pair(stall_id=haircut.id, counter=2)
    pair(stall_id=health.id)
    revoked = pair(stall_id=health.id)
    revoke_device(db, revoked.id)
    pair(display=True)
    counts = paired_counts(targets, listed_devices(db))
    assert counts == {targets[1].key: 1, targets[2].key: 1, DISPLAY_KEY: 1}


def test_what_became_of_a_code_used_withdrawn_expired_or_voided_by_the_close(db, day):
    stall = day.stalls[1].id
    fresh = create_code(db, day, stall_id=stall, at=NOW)
    assert code_state(db, fresh.id, at=NOW).usable
    assert code_state(db, fresh.id, at=NOW + timedelta(minutes=11)).expired

    redeem_code(db, fresh.code, name="Android 13 · 微信", at=NOW)
    used = code_state(db, fresh.id, at=NOW)
    assert used.used and used.device_name == "Android 13 · 微信" and not used.usable
    withdraw_code(db, fresh.id, at=NOW)  # a used code stays used, not withdrawn
    assert not code_state(db, fresh.id, at=NOW).revoked

    replaced = create_code(db, day, stall_id=stall, at=NOW)
    withdraw_code(db, replaced.id, at=NOW)
    assert code_state(db, replaced.id, at=NOW).revoked
    with pytest.raises(UserError, match="已作废"):
        redeem_code(db, replaced.code, at=NOW)

    left = create_code(db, day, stall_id=stall, at=NOW)
    close_market_day(db, day.id, at=NOW)
    assert code_state(db, left.id, at=NOW).revoked


def test_the_list_shows_open_days_and_today_not_older_closed_days(db, day):
    old = open_market_day(db, date.today() - timedelta(days=7), "城南村",
                          [StallPlan("haircut", ("王师傅",))])
    then = datetime.combine(date.today() - timedelta(days=7), datetime.min.time()).astimezone()
    gone = redeem_code(db, create_code(db, old, stall_id=old.stalls[0].id, at=then).code,
                       at=then)[0]
    close_market_day(db, old.id, at=then + timedelta(hours=8))
    today = redeem_code(db, create_code(db, day, display=True, at=NOW).code, at=NOW)[0]
    shown = [d.id for d in listed_devices(db, date.today().isoformat())]
    assert today.id in shown and gone.id not in shown
    close_market_day(db, day.id, at=NOW)
    [ended] = listed_devices(db, date.today().isoformat())
    assert ended.id == today.id and ended.ended_at and not ended.active
