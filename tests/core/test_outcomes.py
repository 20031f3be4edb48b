"""Checking what a stall records when a visit is done, and the flags it raises."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from marketapp.core.catalogue.outcomes import (
    InvalidOutcome,
    evaluate_flags,
    format_value,
    outcome_to_json,
    validate_outcome,
)
from marketapp.core.catalogue.reading import load_default_catalogue

CATALOGUE = load_default_catalogue()
HEALTH = CATALOGUE.get("health_check")
APPLIANCE = CATALOGUE.get("appliance_repair")
POLICY = CATALOGUE.get("policy")

FULL_WIDTH = str.maketrans("0123456789.", "０１２３４５６７８９．")


def refused(service, raw) -> InvalidOutcome:
    with pytest.raises(InvalidOutcome) as info:
        validate_outcome(service, raw)
    return info.value


def bp(systolic, diastolic, **more) -> list[str]:
    outcome = validate_outcome(HEALTH, {"systolic": systolic, "diastolic": diastolic, **more})
    return evaluate_flags(HEALTH, outcome)


# ------------------------------------------------------------------ flags


@pytest.mark.parametrize(
    ("systolic", "diastolic", "flags"),
    [
        ("150", "95", ["high_bp"]),
        ("120", "80", []),
        ("140", "89", ["high_bp"]),  # systolic at the threshold
        ("139", "90", ["high_bp"]),  # diastolic at the threshold
        ("139", "89", []),
    ],
)
def test_blood_pressure_flags(systolic, diastolic, flags):
    assert bp(systolic, diastolic) == flags


@pytest.mark.parametrize(
    ("glucose", "fasting", "flags"),
    [
        ("7.2", "是", ["high_glucose"]),
        ("7.2", "否", []),
        ("7.0", True, ["high_glucose"]),
        ("6.9", True, []),
        ("11.0", False, []),
        ("11.1", False, ["high_glucose"]),
        ("15.3", True, ["high_glucose"]),
    ],
)
def test_glucose_flags_depend_on_fasting(glucose, fasting, flags):
    assert bp("120", "80", glucose=glucose, fasting=fasting) == flags


def test_several_flags_are_listed_once_each_in_catalogue_order():
    flags = bp("160", "100", glucose="12.0", fasting="是", referral="是")
    assert flags == ["high_bp", "high_glucose", "needs_follow_up"]
    assert HEALTH.flag_name("high_bp", "zh") == "血压偏高"
    assert HEALTH.flag_name("high_bp", "en") == "High blood pressure"


def test_follow_up_flag_for_unanswered_policy_question():
    answered = validate_outcome(POLICY, {"topic": "低保", "result": "已当场答复"})
    pending = validate_outcome(POLICY, {"topic": "低保", "result": "follow_up"})
    assert evaluate_flags(POLICY, answered) == []
    assert evaluate_flags(POLICY, pending) == ["needs_follow_up"]


def test_flags_work_on_an_outcome_read_back_from_json():
    outcome = validate_outcome(
        HEALTH, {"systolic": "120", "diastolic": "80", "glucose": "7.2", "fasting": "是"}
    )
    stored = json.loads(json.dumps(outcome_to_json(outcome)))
    assert stored["glucose"] == "7.2"
    assert evaluate_flags(HEALTH, stored) == ["high_glucose"]
    assert validate_outcome(HEALTH, stored) == outcome


# ------------------------------------------------------------------ accepting input


def test_full_width_digits_and_chinese_full_stop_are_accepted():
    outcome = validate_outcome(
        HEALTH,
        {
            "systolic": "１５０",
            "diastolic": "　９５　",  # ideographic spaces around
            "pulse": "72 次/分",
            "glucose": "７．２",
            "fasting": "否",
        },
    )
    assert outcome == {
        "systolic": 150,
        "diastolic": 95,
        "pulse": 72,
        "glucose": Decimal("7.2"),
        "fasting": False,
    }
    assert validate_outcome(
        HEALTH, {"systolic": "120", "diastolic": "80", "glucose": "6。1", "fasting": True}
    )["glucose"] == Decimal("6.1")


def test_values_come_back_typed_and_empty_fields_are_left_out():
    outcome = validate_outcome(
        APPLIANCE,
        {"item": " 电饭煲 ", "fault": "", "result": "已修好", "parts_cost": "35"},
    )
    assert outcome == {"item": "电饭煲", "result": "fixed", "parts_cost": Decimal("35.00")}
    assert format_value(APPLIANCE.field("parts_cost"), outcome["parts_cost"], "zh") == "35.00 元"
    assert format_value(APPLIANCE.field("result"), "fixed", "en") == "Fixed"


def test_choice_accepts_code_and_either_label():
    for typed in ("next_market", "带回，下次集市取", "taken back, return at next market"):
        outcome = validate_outcome(APPLIANCE, {"item": "电扇", "result": typed})
        assert outcome["result"] == "next_market"


@given(st.integers(min_value=60, max_value=260), st.booleans())
def test_any_plausible_systolic_is_accepted_however_typed(value, full_width):
    typed = str(value).translate(FULL_WIDTH) if full_width else f" {value} "
    # the lowest plausible diastolic, so that every systolic is above it
    assert validate_outcome(HEALTH, {"systolic": typed, "diastolic": "30"})["systolic"] == value


@given(st.one_of(st.integers(max_value=59), st.integers(min_value=261)))
def test_any_implausible_systolic_is_refused(value):
    error = refused(HEALTH, {"systolic": str(value), "diastolic": "80"})
    assert error.code == "out_of_range"
    assert set(error.problems) == {"systolic"}


# ------------------------------------------------------------------ refusing input


@pytest.mark.parametrize(("systolic", "diastolic"), [("80", "120"), ("120", "120")])
def test_a_swapped_blood_pressure_is_refused_not_flagged(systolic, diastolic):
    """80/120 would otherwise pass each range and raise high_bp onto the follow-up list."""
    error = refused(HEALTH, {"systolic": systolic, "diastolic": diastolic})
    assert set(error.problems) == {"diastolic"}
    assert error.message("zh").startswith("舒张压应低于收缩压，请检查是否填反")
    assert f"舒张压 {diastolic}，收缩压 {systolic}" in error.message("zh")
    assert "Diastolic should be lower than Systolic" in error.message("en")
    assert "swapped" in error.message("en")


def test_the_order_of_the_readings_is_checked_only_when_both_are_good_numbers():
    assert bp("121", "120") == ["high_bp"]  # odd but possible: accepted, and flagged
    error = refused(HEALTH, {"systolic": "八十", "diastolic": "120"})
    assert set(error.problems) == {"systolic"} and error.code == "not_a_number"



def test_out_of_range_message_gives_field_value_range_and_unit_in_both_languages():
    error = refused(HEALTH, {"systolic": "300", "diastolic": "80"})
    assert error.code == "out_of_range"
    assert "收缩压 300 超出合理范围 60–260 mmHg" in error.message("zh")
    assert "Systolic" in error.message("en") and "60–260 mmHg" in error.message("en")
    assert "300" in error.message("en")


def test_decimal_range_message_uses_the_unit_of_the_language():
    error = refused(APPLIANCE, {"item": "电视", "result": "fixed", "parts_cost": "12000"})
    assert "配件费 12000 超出合理范围 0–10000 元" in error.message("zh")
    assert "0–10000 yuan" in error.message("en")


def test_missing_required_field_is_refused():
    error = refused(HEALTH, {"systolic": "120"})
    assert error.code == "required"
    assert set(error.problems) == {"diastolic"}
    assert "舒张压" in error.message("zh") and "Diastolic" in error.message("en")


def test_blank_counts_as_missing():
    error = refused(APPLIANCE, {"item": "   ", "result": "fixed"})
    assert error.code == "required" and set(error.problems) == {"item"}


def test_glucose_without_fasting_answer_is_refused():
    error = refused(HEALTH, {"systolic": "120", "diastolic": "80", "glucose": "7.2"})
    assert error.code == "required_with"
    assert "空腹" in error.message("zh") and "血糖" in error.message("zh")


def test_every_bad_field_is_reported_at_once():
    error = refused(
        HEALTH,
        {"systolic": "300", "diastolic": "abc", "pulse": "72.5", "weight": "60"},
    )
    assert error.code == "several"
    assert list(error.problems) == ["systolic", "diastolic", "pulse", "weight"]
    assert {k: p.code for k, p in error.problems.items()} == {
        "systolic": "out_of_range",
        "diastolic": "not_a_number",
        "pulse": "not_a_whole_number",
        "weight": "unknown_field",
    }
    summary = error.message("zh")
    assert summary.startswith("4 项填写有误")
    assert "收缩压 300" in summary and "abc" in summary and "weight" in summary
    english = error.problem_messages("en")
    assert "Diastolic" in english["diastolic"] and "abc" in english["diastolic"]


@pytest.mark.parametrize(
    ("raw", "key", "code"),
    [
        ({"item": "电视", "result": "smashed"}, "result", "unknown_choice"),
        ({"item": "电视" * 30, "result": "fixed"}, "item", "too_long"),
        (
            {"item": "电视", "result": "fixed", "parts_cost": "1.234"},
            "parts_cost",
            "too_many_decimals",
        ),
        ({"item": "电视", "result": "fixed", "parts_cost": "-5"}, "parts_cost", "out_of_range"),
        ({"item": "电视", "result": "fixed", "parts_cost": "nan"}, "parts_cost", "not_a_number"),
        ({"item": "电视", "result": "fixed", "parts_cost": "1,000"}, "parts_cost", "not_a_number"),
        ({"item": "电视", "result": "fixed", "colour": "red"}, "colour", "unknown_field"),
        ({"item": 42, "result": "fixed"}, "item", "not_text"),
    ],
)
def test_bad_values_are_refused_with_a_reason(raw, key, code):
    error = refused(APPLIANCE, raw)
    assert error.code == code
    assert set(error.problems) == {key}
    assert error.message("zh") != error.message("en")


def test_unknown_choice_lists_the_options():
    error = refused(APPLIANCE, {"item": "电视", "result": "smashed"})
    assert "已修好" in error.message("zh") and "smashed" in error.message("zh")
    assert "Cannot be fixed" in error.message("en")


def test_yes_no_field_refuses_other_words():
    error = refused(HEALTH, {"systolic": "120", "diastolic": "80", "referral": "maybe"})
    assert error.code == "not_yes_no"


def test_booleans_are_not_numbers():
    error = refused(HEALTH, {"systolic": True, "diastolic": "80"})
    assert error.code == "not_a_number"


def test_a_catalogue_saved_before_the_below_rule_refuses_swapped_pressure_after_the_upgrade(db):
    import json

    from marketapp.core.market.days import current_catalogue
    from marketapp.store.schema.m010_catalogue_below import m010_catalogue_below

    saved = current_catalogue(db).to_dict()
    for service in saved["services"]:
        for spec in service["fields"]:
            spec.pop("below", None)  # as a township's catalogue saved before the rule was
    db.execute("INSERT INTO settings (key, value) VALUES ('catalogue', ?)",
               [json.dumps(saved, ensure_ascii=False)])
    health = current_catalogue(db).get("health_check")
    assert validate_outcome(health, {"systolic": "80", "diastolic": "120"})  # accepted: no rule
    m010_catalogue_below(db)
    health = current_catalogue(db).get("health_check")
    with pytest.raises(InvalidOutcome, match="舒张压应低于收缩压"):
        validate_outcome(health, {"systolic": "80", "diastolic": "120"})
    m010_catalogue_below(db)  # twice: nothing more changes
    assert current_catalogue(db).get("health_check") == health
