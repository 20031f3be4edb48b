"""Editing a catalogue draft step by step (core/catalogue_edit.py), then saving it whole."""

from __future__ import annotations

import pytest

from marketapp.core.catalogue import edit
from marketapp.core.catalogue.errors import CatalogueError
from marketapp.core.catalogue.model import Catalogue
from marketapp.core.catalogue.outcomes import evaluate_flags, validate_outcome
from marketapp.core.catalogue.reading import catalogue_from_dict, load_default_catalogue
from marketapp.core.market import days as market

NO_HISTORY: dict[str, frozenset[str]] = {}


@pytest.fixture
def draft():
    return load_default_catalogue().to_dict()


def check(draft) -> Catalogue:
    return catalogue_from_dict(draft)


def refused(draft) -> CatalogueError:
    with pytest.raises(CatalogueError) as info:
        catalogue_from_dict(draft)
    return info.value


def health_flags(catalogue: Catalogue, systolic: int, diastolic: int) -> list[str]:
    service = catalogue.get("health_check")
    return evaluate_flags(service, validate_outcome(
        service, {"systolic": str(systolic), "diastolic": str(diastolic)}))


# ------------------------------------------------------------------ services


def test_a_new_service_gets_the_first_free_letter_skipping_i_and_o(draft):
    # the default uses A–H, J, K: the next letter that reads well on a ticket is L
    assert edit.suggest_letter(draft) == "L"
    code = edit.add_service(draft, NO_HISTORY)
    new = edit.service_of(draft, code)
    assert new["letter"] == "L" and new["name_zh"] == ""
    for letter in "LMN":
        edit.service_of(draft, code)["letter"] = letter
        assert edit.suggest_letter(draft) == {"L": "M", "M": "L", "N": "L"}[letter]
    draft["services"][0]["letter"] = "I"  # typed by hand: I is not suggested but A is free
    assert edit.suggest_letter(draft) == "A"


def test_a_new_service_is_refused_until_it_has_names_then_saves(draft):
    code = edit.add_service(draft, NO_HISTORY, category="repair")
    error = refused(draft)
    assert error.code == "empty_text"
    # the clerk sees the letter and words, not the generated code or a key name
    assert "号票字母为“L”的服务项目" in error.message("zh") and "中文名称" in error.message("zh")
    assert "name_zh" not in error.message("zh") and code not in error.message("zh")
    assert "the Chinese name" in error.message("en")
    edit.set_service_value(draft, code, "name_zh", " 缝补 ")
    edit.set_service_value(draft, code, "name_en", "Tailoring")
    catalogue = check(draft)
    assert catalogue.by_letter("L").name("zh") == "缝补"
    assert catalogue.by_letter("L").category == "repair"


def test_a_new_service_code_is_never_one_a_past_market_day_used(draft):
    history = {"service_1": frozenset(), "service_2": frozenset({"field_1"})}
    code = edit.add_service(draft, history)
    assert code == "service_3"


def test_no_free_letter_is_a_clear_refusal(draft):
    while True:
        try:
            edit.add_service(draft, NO_HISTORY)
        except CatalogueError as error:
            assert error.code == "no_free_letter"
            break
    assert len(draft["services"]) == len(edit.TICKET_LETTERS)


def test_letter_is_stored_in_capitals_and_minutes_as_a_number(draft):
    edit.set_service_value(draft, "haircut", "letter", " z ")
    edit.set_service_value(draft, "haircut", "typical_minutes", "２０")
    catalogue = check(draft)
    assert catalogue.get("haircut").letter == "Z"
    assert catalogue.get("haircut").typical_minutes == 20
    edit.set_service_value(draft, "haircut", "typical_minutes", "0")
    error = refused(draft)
    assert error.code == "bad_number" and "通常用时" in error.message("zh")
    edit.set_service_value(draft, "haircut", "typical_minutes", "")
    error = refused(draft)
    assert error.code == "wrong_kind" and "通常用时" in error.message("zh")
    assert "typical_minutes" not in error.message("zh") and "None" not in error.message("zh")


def test_removing_an_unused_service_deletes_it(draft):
    assert edit.remove_service(draft, "first_aid", NO_HISTORY) == "removed"
    assert "first_aid" not in check(draft)


def test_removing_a_used_service_retires_it_and_keeps_its_letter(draft):
    history = {"first_aid": frozenset({"course"})}
    assert edit.remove_service(draft, "first_aid", history) == "retired"
    catalogue = check(draft)
    retired = catalogue.get("first_aid")
    assert retired.retired and retired.letter == "J"
    assert "first_aid" not in [s.code for s in catalogue.offered()]
    assert catalogue_from_dict(catalogue.to_dict()) == catalogue
    # its letter is not handed out again, and taking it by hand is refused naming both
    assert edit.suggest_letter(draft) == "L"
    edit.set_service_value(draft, "policy", "letter", "J")
    error = refused(draft)
    assert error.code == "letter_of_retired"
    assert "已停用" in error.message("zh") and "政策咨询" in error.message("zh")
    assert "retired" in error.message("en")
    edit.set_service_value(draft, "policy", "letter", "K")
    edit.offer_again(draft, "first_aid")
    assert not check(draft).get("first_aid").retired


def test_retiring_every_service_is_refused(draft):
    history = {s["code"]: frozenset() for s in draft["services"]}
    for code in list(history):
        edit.remove_service(draft, code, history)
    assert refused(draft).code == "nothing_offered"


def test_a_retired_service_cannot_open_on_a_new_market_day_but_an_open_day_keeps_it(db):
    day = market.open_market_day(db, "2025-03-08", "城南村", ["haircut", "first_aid"])
    history = market.service_history(db)
    assert set(history) == {"haircut", "first_aid"} and history["first_aid"] == {"course",
                                                                                 "certificate"}
    draft = market.current_catalogue(db).to_dict()
    assert edit.remove_service(draft, "first_aid", history) == "retired"
    market.save_catalogue(db, catalogue_from_dict(draft))
    with pytest.raises(CatalogueError) as info:
        market.open_market_day(db, "2025-03-09", "城南村", ["first_aid"])
    assert info.value.code == "service_retired"
    assert "红十字救护培训" in info.value.message("zh")
    kept = market.get_market_day(db, day.id)
    assert [s.service_code for s in kept.stalls] == ["haircut", "first_aid"]
    assert kept.stalls[1].service().field("course") is not None


# ------------------------------------------------------------------ fields and options


def test_add_fields_of_each_type_then_reorder_them(draft):
    keys = [edit.add_field(draft, "haircut", t, NO_HISTORY)
            for t in ("int", "decimal", "text", "choice", "bool")]
    assert keys == ["field_1", "field_2", "field_3", "field_4", "field_5"]
    error = refused(draft)  # no names yet: named by its place, not its generated key
    assert "理发" in error.message("zh") and "第 2 个记录项" in error.message("zh")
    assert "field_1" not in error.message("zh") and "field #2" in error.message("en")
    for number, key in enumerate(keys, start=1):
        edit.set_field_value(draft, "haircut", key, "name_zh", f"新项{number}")
        edit.set_field_value(draft, "haircut", key, "name_en", f"New {number}")
    error = refused(draft)  # the choice field has none yet
    assert error.code == "no_options" and "新项4" in error.message("zh")
    option = edit.add_option(draft, "haircut", "field_4")
    edit.set_option_value(draft, "haircut", "field_4", option, "zh", "染发")
    edit.set_option_value(draft, "haircut", "field_4", option, "en", "Hair dye")
    haircut = check(draft).get("haircut")
    assert [f.type for f in haircut.fields][-5:] == ["int", "decimal", "text", "choice", "bool"]
    assert haircut.field("field_4").choice("option_1").name("zh") == "染发"
    assert edit.move_field(draft, "haircut", "field_5", -10) == 0
    assert edit.move_field(draft, "haircut", "kind", 1) == 2
    assert [f.key for f in check(draft).get("haircut").fields][:3] == ["field_5", "field_1",
                                                                      "kind"]


def test_a_new_field_key_is_never_one_a_past_market_day_used(draft):
    history = {"haircut": frozenset({"kind", "note", "field_1"})}
    assert edit.add_field(draft, "haircut", "int", history) == "field_2"


def test_min_above_max_and_bounds_typed_as_text(draft):
    edit.set_field_value(draft, "health_check", "glucose", "min", "2")
    assert check(draft).get("health_check").field("glucose").min == 2.0
    edit.set_field_value(draft, "health_check", "glucose", "max", "")
    assert check(draft).get("health_check").field("glucose").max is None
    edit.set_field_value(draft, "health_check", "pulse", "min", "300")
    assert refused(draft).code == "min_gt_max"


def test_removing_a_field_names_and_removes_its_flag_conditions(draft):
    users = edit.field_users(draft, "health_check", "glucose")
    assert users == [("血糖偏高", "High blood glucose"), ("空腹", "Fasting")]
    edit.remove_field(draft, "health_check", "glucose")
    health = check(draft).get("health_check")
    assert health.field("glucose") is None and health.field("fasting").required_with == ()
    # the rule on glucose alone went; the other glucose rule keeps its fasting condition
    glucose_rules = [r for r in health.flags if r.flag == "high_glucose"]
    assert [[c.field for c in r.when] for r in glucose_rules] == [["fasting"]]
    edit.remove_field(draft, "health_check", "systolic")
    bp = next(r for r in check(draft).get("health_check").flags if r.flag == "high_bp")
    assert [c.field for c in bp.when] == ["diastolic"]


def test_options_reorder_remove_and_rename_carry_the_flag_conditions(draft):
    assert edit.option_users(draft, "legal", "result", "pending") == [("需回访", "Needs follow-up")]
    assert edit.move_option(draft, "legal", "result", "pending", -1) == 2
    new_code = edit.set_option_value(draft, "legal", "result", "pending", "code", "waiting")
    legal = check(draft).get("legal")
    assert [o.code for o in legal.field("result").options] == [
        "answered", "settled", "waiting", "referred"]
    assert {c.value for c in legal.flags[0].when} == {"referred", "waiting"}
    assert new_code == "waiting"
    edit.remove_option(draft, "legal", "result", "waiting")
    legal = check(draft).get("legal")
    assert [c.value for c in legal.flags[0].when] == ["referred"]
    edit.set_option_value(draft, "legal", "result", "referred", "code", "Referred!")
    assert refused(draft).code == "bad_code"


# ------------------------------------------------------------------ flag rules


def test_changing_the_bp_threshold_changes_which_readings_are_flagged(draft):
    assert health_flags(check(draft), 135, 85) == []
    bp = next(i for i, r in enumerate(edit.service_of(draft, "health_check")["flags"])
              if r["flag"] == "high_bp")
    edit.set_condition(draft, "health_check", bp, 0, value="130")
    edit.set_condition(draft, "health_check", bp, 1, value="８０")
    catalogue = check(draft)
    assert health_flags(catalogue, 135, 85) == ["high_bp"]
    assert health_flags(catalogue, 125, 75) == []
    edit.set_flag_any(draft, "health_check", bp, False)  # now both readings must be high
    assert health_flags(check(draft), 135, 75) == []
    edit.set_condition(draft, "health_check", bp, 0, value="一百三")
    error = refused(draft)
    assert error.code == "flag_bad_value"
    assert "血压偏高" in error.message("zh") and "收缩压" in error.message("zh")
    assert "一百三" in error.message("zh")


def test_the_glucose_threshold_is_a_decimal(draft):
    rules = edit.service_of(draft, "health_check")["flags"]
    index = next(i for i, r in enumerate(rules) if r["when"][0]["field"] == "glucose")
    edit.set_condition(draft, "health_check", index, 0, value="6.5")
    rule = check(draft).get("health_check").flags[index]
    assert rule.when[0].value == 6.5


def test_a_new_flag_rule_on_a_new_service(draft):
    code = edit.add_service(draft, NO_HISTORY, category="health")
    edit.set_service_value(draft, code, "name_zh", "中医理疗")
    edit.set_service_value(draft, code, "name_en", "Chinese medicine")
    with pytest.raises(CatalogueError) as info:
        edit.add_flag_rule(draft, code)
    assert info.value.code == "flag_needs_field" and "中医理疗" in info.value.message("zh")
    key = edit.add_field(draft, code, "int", NO_HISTORY)
    edit.set_field_value(draft, code, key, "name_zh", "收缩压")
    edit.set_field_value(draft, code, key, "name_en", "Systolic")
    index = edit.add_flag_rule(draft, code)
    edit.set_condition(draft, code, index, 0, op=">", value="150")
    error = refused(draft)  # the rule has no name yet: it is named by its place
    assert error.code == "empty_text" and "中医理疗" in error.message("zh")
    assert "第 1 条提示规则" in error.message("zh") and "flag_" not in error.message("zh")
    # named like the built-in flag: it raises high_bp, so it is on the follow-up list
    edit.set_flag_names(draft, code, index, name_zh="血压偏高")
    rule = check(draft).get(code).flags[0]
    assert (rule.flag, rule.name_en) == ("high_bp", "High blood pressure")
    # a rule with a name of its own raises a flag of its own
    second = edit.add_flag_rule(draft, code)
    edit.set_flag_names(draft, code, second, name_zh="需理疗", name_en="Needs therapy")
    rule = check(draft).get(code).flags[second]
    assert rule.flag.startswith("flag_") and rule.name("en") == "Needs therapy"


def test_renaming_a_flag_renames_every_rule_that_raises_it(draft):
    rules = edit.service_of(draft, "health_check")["flags"]
    index = next(i for i, r in enumerate(rules) if r["flag"] == "high_glucose")
    edit.set_flag_names(draft, "health_check", index, name_zh="血糖高")
    health = check(draft).get("health_check")
    assert [r.name_zh for r in health.flags if r.flag == "high_glucose"] == ["血糖高", "血糖高"]


def test_conditions_can_be_added_changed_and_removed(draft):
    index = next(i for i, r in enumerate(edit.service_of(draft, "health_check")["flags"])
                 if r["flag"] == "high_bp")
    new = edit.add_condition(draft, "health_check", index)
    assert new == 2 and draft["services"][1]["flags"][index]["when"][2]["field"] == "pulse"
    edit.set_condition(draft, "health_check", index, new, field="referral")
    assert draft["services"][1]["flags"][index]["when"][2] == {
        "field": "referral", "op": "==", "value": True}
    check(draft)
    edit.set_condition(draft, "health_check", index, new, field="glucose")
    assert draft["services"][1]["flags"][index]["when"][2]["op"] == ">="
    edit.remove_condition(draft, "health_check", index, new)
    edit.remove_condition(draft, "health_check", index, 1)
    edit.remove_condition(draft, "health_check", index, 0)
    assert refused(draft).code == "flag_no_conditions"
    edit.remove_flag_rule(draft, "health_check", index)
    assert "high_bp" not in check(draft).get("health_check").flag_codes()


def test_number_from_text():
    assert edit.number_from_text(" 140 ") == 140
    assert edit.number_from_text("７。５") == 7.5
    assert edit.number_from_text("") is None
    assert edit.number_from_text("两百") == "两百"
    assert edit.number_from_text("1e3") == "1e3"


# ------------------------------------------------------------------ sensitive (issue 13 item 3)


def test_a_service_is_marked_sensitive_or_not_and_follows_its_category_otherwise(draft):
    assert edit.service_sensitive(draft, "health_check")  # health: sensitive by default
    assert not edit.service_sensitive(draft, "haircut")
    edit.set_service_sensitive(draft, "health_check", False)
    edit.set_service_sensitive(draft, "legal", True)
    catalogue = check(draft)
    assert not catalogue.is_sensitive(catalogue.get("health_check"))
    assert catalogue.is_sensitive(catalogue.get("legal"))
    edit.set_service_sensitive(draft, "health_check", True)  # as its category: said no more
    assert "sensitive" not in edit.service_of(draft, "health_check")
    edit.set_service_value(draft, "haircut", "category", "health")
    assert edit.service_sensitive(draft, "haircut")  # it follows its new category
    assert check(draft).is_sensitive(check(draft).get("haircut"))
