"""The service catalogue: the default file, lookups, persistence and refusing broken files."""

from __future__ import annotations

import json
import re

import pytest

from marketapp.core.catalogue.errors import CatalogueError
from marketapp.core.catalogue.model import Catalogue, FieldSpec, Service
from marketapp.core.catalogue.reading import (
    catalogue_from_dict,
    load_catalogue_text,
    load_default_catalogue,
)
from marketapp.resource_files import resource_path

CJK = re.compile(r"[\u4e00-\u9fff]")

EXPECTED = {
    "haircut": "理发",
    "health_check": "健康检查",
    "medicine": "配药/医保",
    "appliance_repair": "家电维修",
    "traditional_repair": "传统修补",
    "legal": "法律咨询与调解",
    "social_security_card": "社保卡服务",
    "jobs": "招聘就业",
    "first_aid": "红十字救护培训",
    "policy": "政策咨询",
}


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    return load_default_catalogue()


# ------------------------------------------------------------------ the default catalogue


def test_default_catalogue_has_the_ten_market_services_in_file_order(catalogue):
    assert [s.code for s in catalogue] == list(EXPECTED)
    assert {s.code: s.name_zh for s in catalogue} == EXPECTED
    assert len(catalogue) == 10


def test_ticket_letters_are_unique_capitals(catalogue):
    letters = [s.letter for s in catalogue]
    assert len(set(letters)) == len(letters)
    assert all(re.fullmatch(r"[A-Z]", letter) for letter in letters)
    # I and O would be misread as 1 and 0 on a ticket such as "I012"
    assert not {"I", "O"} & set(letters)


def test_every_service_field_and_option_has_chinese_and_english_names(catalogue):
    for service in catalogue:
        assert CJK.search(service.name_zh), service.code
        assert service.name_en.strip() and not CJK.search(service.name_en), service.code
        assert service.typical_minutes > 0
        assert catalogue.category(service.category) is not None
        for spec in service.fields:
            assert CJK.search(spec.name_zh), (service.code, spec.key)
            assert spec.name_en.strip() and not CJK.search(spec.name_en), (service.code, spec.key)
            for option in spec.options:
                assert option.zh.strip() and option.en.strip(), (service.code, spec.key)
        for rule in service.flags:
            assert CJK.search(rule.name_zh) and rule.name_en.strip()


def test_name_follows_language(catalogue):
    service = catalogue.get("appliance_repair")
    assert service.name("zh") == "家电维修"
    assert service.name("en") == "Appliance repair"
    assert service.field("result").choice("next_market").name("zh") == "带回，下次集市取"


def test_health_check_ranges_are_the_plausible_ones(catalogue):
    health = catalogue.get("health_check")
    ranges = {f.key: (f.min, f.max) for f in health.fields if f.type in ("int", "decimal")}
    assert ranges == {
        "systolic": (60, 260),
        "diastolic": (30, 160),
        "pulse": (30, 200),
        "glucose": (1.0, 35.0),
    }
    assert health.field("systolic").unit("en") == "mmHg"
    assert health.field("glucose").unit("zh") == "mmol/L"
    assert health.field("fasting").type == "bool"
    assert health.field("referral").type == "bool"
    assert health.flag_codes() == ("high_bp", "high_glucose", "needs_follow_up")


def test_repair_results_offer_the_four_outcomes(catalogue):
    for code in ("appliance_repair", "traditional_repair"):
        result = catalogue.get(code).field("result")
        assert [o.code for o in result.options] == [
            "fixed",
            "needs_parts",
            "next_market",
            "cannot_fix",
        ]
    kinds = catalogue.get("traditional_repair").field("item_kind")
    assert [o.code for o in kinds.options] == ["knife", "umbrella", "shoes", "clothes", "other"]
    cost = catalogue.get("appliance_repair").field("parts_cost")
    assert (cost.min, cost.max, cost.unit("zh")) == (0, 10000, "元")


def test_lookup_by_code_and_letter(catalogue):
    assert catalogue.by_letter("B").code == "health_check"
    assert catalogue.by_letter(" b ").code == "health_check"
    assert catalogue.get("haircut").letter == "A"
    assert "haircut" in catalogue and "karaoke" not in catalogue


def test_unknown_service_is_a_user_error_in_both_languages(catalogue):
    with pytest.raises(CatalogueError) as info:
        catalogue.get("karaoke")
    assert "karaoke" in info.value.message("zh") and "karaoke" in info.value.message("en")
    with pytest.raises(CatalogueError, match="Z"):
        catalogue.by_letter("Z")


def test_default_loader_reads_the_resource_file(catalogue):
    text = resource_path("catalogue.toml").read_text(encoding="utf-8")
    assert load_catalogue_text(text) == catalogue


# ------------------------------------------------------------------ persistence


def test_to_dict_from_dict_round_trip_is_exact_through_json(catalogue):
    data = catalogue.to_dict()
    stored = json.dumps(data, ensure_ascii=False)
    again = catalogue_from_dict(json.loads(stored))
    assert again == catalogue
    assert again.to_dict() == data
    assert [s.code for s in again] == [s.code for s in catalogue]
    glucose = again.get("health_check").field("glucose")
    assert (glucose.decimals, glucose.step, glucose.min) == (1, 0.1, 1.0)


def test_diastolic_must_be_below_systolic_and_that_survives_storing(catalogue):
    health = catalogue.get("health_check")
    assert health.field("diastolic").below == "systolic"
    assert health.field("systolic").below is None
    again = catalogue_from_dict(json.loads(json.dumps(catalogue.to_dict())))
    assert again.get("health_check").field("diastolic").below == "systolic"


def test_the_catalogue_editor_keeps_below_when_it_saves(db, catalogue):
    from marketapp.core.catalogue import edit
    from marketapp.core.market.days import current_catalogue, save_catalogue

    draft = catalogue.to_dict()
    edit.set_field_value(draft, "health_check", "systolic", "name_zh", "高压")
    save_catalogue(db, catalogue_from_dict(draft))
    stored = current_catalogue(db).get("health_check")
    assert stored.field("diastolic").below == "systolic"
    assert ("舒张压", "Diastolic") in edit.field_users(draft, "health_check", "systolic")
    edit.remove_field(draft, "health_check", "systolic")  # the link goes with the field
    assert catalogue_from_dict(draft).get("health_check").field("diastolic").below is None


def _with_below(catalogue, field_key, below):
    data = json.loads(json.dumps(catalogue.to_dict()))
    health = next(s for s in data["services"] if s["code"] == "health_check")
    next(f for f in health["fields"] if f["key"] == field_key)["below"] = below
    with pytest.raises(CatalogueError) as info:
        catalogue_from_dict(data)
    return info.value


@pytest.mark.parametrize(("field_key", "below", "code"), [
    ("diastolic", "sistolic", "bad_below"),  # no such field
    ("systolic", "systolic", "bad_below"),  # itself
    ("pulse", "fasting", "bad_below"),  # a yes/no field
    ("advice", "systolic", "not_for_type"),  # a text field cannot be below anything
    ("diastolic", 120, "wrong_kind"),
])
def test_below_must_name_another_number_field(catalogue, field_key, below, code):
    error = _with_below(catalogue, field_key, below)
    assert error.code == code
    assert "健康检查" in error.message("zh") and error.message("en")


def test_an_edited_catalogue_is_checked_when_read_back(catalogue):
    data = json.loads(json.dumps(catalogue.to_dict()))
    data["services"][1]["fields"][0]["min"] = 300  # systolic min above its max
    with pytest.raises(CatalogueError) as info:
        catalogue_from_dict(data)
    assert info.value.code == "min_gt_max"
    assert "健康检查" in info.value.message("zh") and "收缩压" in info.value.message("zh")


def test_an_edit_can_add_a_service(catalogue):
    data = catalogue.to_dict()
    data["services"].append(
        {
            "code": "tailoring",
            "name_zh": "缝补",
            "name_en": "Tailoring",
            "letter": "L",
            "typical_minutes": 20,
            "category": "repair",
            "fields": [],
            "flags": [],
        }
    )
    edited = catalogue_from_dict(data)
    assert edited.by_letter("L").name("zh") == "缝补"
    assert catalogue_from_dict(edited.to_dict()) == edited


# ------------------------------------------------------------------ broken catalogues

GOOD = """
schema = 1

[[services]]
code = "haircut"
name_zh = "理发"
name_en = "Haircut"
letter = "A"
typical_minutes = 15
category = "daily_life"

[[services]]
code = "health_check"
name_zh = "健康检查"
name_en = "Health check"
letter = "B"
typical_minutes = 10
category = "health"

[[services.fields]]
key = "systolic"
name_zh = "收缩压"
name_en = "Systolic"
type = "int"
unit = "mmHg"
min = 60
max = 260
required = true

[[services.flags]]
flag = "high_bp"
name_zh = "血压偏高"
name_en = "High blood pressure"
when = [{ field = "systolic", op = ">=", value = 140 }]
"""


def test_the_small_catalogue_used_below_is_valid():
    small = load_catalogue_text(GOOD)
    assert small.codes() == ("haircut", "health_check")


def broken(old: str, new: str) -> CatalogueError:
    assert old in GOOD
    with pytest.raises(CatalogueError) as info:
        load_catalogue_text(GOOD.replace(old, new, 1))
    return info.value


def test_duplicate_letter_names_both_services():
    error = broken('letter = "B"', 'letter = "A"')
    assert error.code == "duplicate_letter"
    zh, en = error.message("zh"), error.message("en")
    assert "理发" in zh and "健康检查" in zh and "A" in zh
    assert "Haircut" in en and "Health check" in en


def test_duplicate_code_is_refused():
    error = broken('code = "health_check"', 'code = "haircut"')
    assert error.code == "duplicate_code"
    assert "haircut" in error.message("en")


def test_min_greater_than_max_names_service_and_field():
    error = broken("min = 60", "min = 300")
    assert error.code == "min_gt_max"
    assert "健康检查" in error.message("zh") and "收缩压" in error.message("zh")
    assert "300" in error.message("zh")
    assert "Health check" in error.message("en") and "Systolic" in error.message("en")


def test_unknown_field_type_names_service_and_field():
    error = broken('type = "int"', 'type = "integer"')
    assert error.code == "unknown_type"
    assert "健康检查" in error.message("zh") and "integer" in error.message("zh")
    assert "Systolic" in error.message("en")


def test_flag_rule_on_unknown_field_is_refused():
    error = broken('field = "systolic"', 'field = "sistolic"')
    assert error.code == "flag_unknown_field"
    assert "sistolic" in error.message("en") and "Health check" in error.message("en")


@pytest.mark.parametrize(
    ("old", "new", "code"),
    [
        ('letter = "B"', 'letter = "b"', "bad_letter"),
        ('letter = "B"', 'letter = "BB"', "bad_letter"),
        ("typical_minutes = 10", "typical_minutes = 0", "bad_number"),
        ("required = true", "requried = true", "unknown_key"),
        ('op = ">="', 'op = "=>"', "flag_bad_op"),
        ("value = 140", 'value = "140"', "flag_bad_value"),
        ("max = 260", "max = 260\nmax_length = 3", "not_for_type"),
        (
            'unit = "mmHg"',
            'unit = "mmHg"\noptions = [{ code = "a", zh = "甲", en = "A" }]',
            "not_for_type",
        ),
        ('code = "haircut"', "code = 7", "wrong_kind"),
        ('name_en = "Health check"\n', "", "missing_key"),
        ("min = 60", "min = 60.5", "wrong_kind"),
        ('code = "haircut"', 'code = "Hair cut"', "bad_code"),
        ("schema = 1", "schema = 2", "bad_schema"),
        ("schema = 1", "schema = ", "not_toml"),
    ],
)
def test_other_mistakes_are_refused_with_a_reason(old, new, code):
    error = broken(old, new)
    assert error.code == code
    assert error.message("zh") and error.message("en")


def test_choice_without_options_and_text_without_length_are_refused():
    field_text = 'key = "systolic"'
    error = broken('type = "int"\nunit = "mmHg"\nmin = 60\nmax = 260', 'type = "choice"')
    assert error.code == "no_options"
    error = broken('type = "int"\nunit = "mmHg"\nmin = 60\nmax = 260', 'type = "text"')
    assert error.code == "missing_for_type" and "max_length" in error.message("en")
    assert field_text in GOOD


def test_duplicate_choice_labels_are_refused():
    options = (
        'options = [{ code = "fixed", zh = "已修好", en = "Fixed" },'
        ' { code = "done", zh = "已修好", en = "Done" }]'
    )
    error = broken(
        'type = "int"\nunit = "mmHg"\nmin = 60\nmax = 260', f'type = "choice"\n{options}'
    )
    assert error.code == "duplicate_option"


def test_services_built_in_code_are_checked_too():
    spec = FieldSpec("cost", "费用", "Cost", "decimal", min=10, max=1, decimals=2)
    with pytest.raises(CatalogueError) as info:
        Service("repair", "维修", "Repair", "D", 30, "repair", (spec,))
    assert info.value.code == "min_gt_max"
    assert "维修" in info.value.message("zh")
    with pytest.raises(CatalogueError) as info:
        Catalogue(())
    assert info.value.code == "empty"
