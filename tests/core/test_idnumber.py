import datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from stdnum import numdb
from stdnum.cn import ric

from marketapp.core.people.idnumber import (
    IdInfo,
    InvalidId,
    age_on,
    check_id,
    mask_id,
    normalise_id,
    region_name,
)

TODAY = datetime.date(2025, 6, 1)
WEIGHTS = [pow(2, 17 - i, 11) for i in range(17)]


def check_digit(first17: str) -> str:
    """ISO 7064 MOD 11-2, written out here independently of stdnum."""
    value = (12 - sum(int(d) * w for d, w in zip(first17, WEIGHTS, strict=True)) % 11) % 11
    return "X" if value == 10 else str(value)


def make_id(first17: str) -> str:
    assert len(first17) == 17
    return first17 + check_digit(first17)


def all_region_codes() -> list[str]:
    db = numdb.get("cn/loc")
    return sorted(
        province[1] + county[1]
        for province in db.prefixes
        for county in province[4]
        if "county" in county[3] and county[1] == county[2]
    )


REGION_CODES = all_region_codes()
KNOWN_REGIONS = frozenset(REGION_CODES)


@st.composite
def valid_ids(draw) -> str:
    region = draw(st.sampled_from(REGION_CODES))
    born = draw(st.dates(min_value=datetime.date(1900, 1, 1), max_value=TODAY))
    seq = draw(st.integers(0, 999))
    return make_id(f"{region}{born:%Y%m%d}{seq:03d}")


def rejection(number: str) -> InvalidId:
    with pytest.raises(InvalidId) as caught:
        check_id(number, today=TODAY)
    return caught.value


def structure_ok(number: str) -> bool:
    """Would every check except the check digit pass?"""
    if not (len(number) == 18 and number[:17].isascii() and number[:17].isdecimal()):
        return False
    try:
        born = datetime.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return False
    return (
        1900 <= born.year
        and born <= TODAY
        and number[:6] in KNOWN_REGIONS
        and not number.endswith("000")
    )


# -- the oracle itself ---------------------------------------------------------------------


def test_our_check_digit_agrees_with_stdnum():
    for first17 in ("33062419350101123", "11010519491231002", "36042619910101007"):
        assert check_digit(first17) == ric.calc_check_digit(first17 + "?")
    assert make_id("11010519491231002") == "11010519491231002X"


def test_region_table_is_real():
    assert len(REGION_CODES) > 3000
    assert "330624" in KNOWN_REGIONS


# -- valid IDs -----------------------------------------------------------------------------


def test_valid_id_gives_birth_date_gender_region():
    info = check_id(make_id("33062419350101123"), today=TODAY)
    assert info == IdInfo(
        number=make_id("33062419350101123"),
        birth_date=datetime.date(1935, 1, 1),
        gender="M",
        region="浙江省 新昌县",
    )
    woman = check_id(make_id("33062419620815124"), today=TODAY)
    assert woman.gender == "F"
    assert woman.birth_date == datetime.date(1962, 8, 15)


def test_x_check_digit_and_lowercase_x():
    number = make_id("11010519491231002")
    assert number.endswith("X")
    assert check_id(number.lower(), today=TODAY).number == number
    assert check_id(number, today=TODAY).region == "北京市 朝阳区"


def test_county_created_after_birth_year_is_accepted():
    # 新昌县 has the code 330624 only since 1983; a villager born in 1935 got an ID with it.
    number = make_id("33062419350101124")
    assert not ric.is_valid(number)  # why we do not use stdnum's validate
    info = check_id(number, today=TODAY)
    assert info.region == "浙江省 新昌县"
    assert info.gender == "F"


def test_retired_county_code_is_accepted():
    # 110103 崇文区 was merged away in 2010; people still carry it.
    assert check_id(make_id("11010319800101123"), today=TODAY).region == "北京市 崇文区"


def test_code_with_several_historical_names():
    assert region_name("120110") == "天津市 东郊区/东丽区"
    assert region_name("330000") == "浙江省"
    assert region_name("999999") is None
    assert region_name("331299") is None


@pytest.mark.parametrize(
    "dressing",
    [
        lambda s: "".join(chr(ord(c) + 0xFEE0) for c in s),  # full-width digits and Ｘ
        lambda s: s[:6] + "\u3000" + s[6:14] + "\u3000" + s[14:],
        lambda s: "\ufeff" + s,
        lambda s: s[:3] + "\u200b" + s[3:] + "\u200d\u2060",
        lambda s: " " + s[:6] + " " + s[6:] + "\u00a0",
        lambda s: s.lower(),
    ],
)
def test_dressed_up_ids_are_accepted_after_normalisation(dressing):
    number = make_id("11010519491231002")
    assert check_id(dressing(number), today=TODAY).number == number


@pytest.mark.parametrize("typed", ["'{}", "‘{}", '="{}"', "＝“{}”", "'{} ", " ＇{}"])
def test_ids_marked_as_text_for_excel_are_accepted(typed):
    number = make_id("33062419520314013")
    assert check_id(typed.format(number), today=TODAY).number == number


def test_excel_point_zero_after_a_whole_id_is_accepted():
    number = make_id("33062419520314417")
    assert not number.endswith("X")
    assert check_id(number + ".0", today=TODAY).number == number
    assert check_id("'" + number + ".00", today=TODAY).number == number


@pytest.mark.parametrize("raw", [
    make_id("33062419520314417")[:-1] + "{}.0",  # a wrong last digit: not the whole ID
    "330624195203140000.0",  # the tail Excel zeroed
    "3306241952031441.0",  # two digits lost
])
def test_point_zero_after_a_damaged_id_is_still_excel_damage(raw):
    number = make_id("33062419520314417")
    raw = raw.format((int(number[-1]) + 1) % 10)
    assert rejection(raw).code == "excel_scientific"


def test_text_marks_do_not_hide_what_else_is_wrong():
    error = rejection("'33062419520314a")
    assert error.code == "bad_characters" and error.params["chars"] == "a"
    assert rejection('="3306241952"').code == "wrong_length"


def test_birth_date_today_is_not_future():
    number = make_id(f"330624{TODAY:%Y%m%d}001")
    assert check_id(number, today=TODAY).birth_date == TODAY


def test_today_defaults_to_the_real_today():
    assert check_id(make_id("33062419350101123")).birth_date.year == 1935


# -- every rejection reason ----------------------------------------------------------------

WITH_BAD_CHECK = make_id("33062419350101123")[:17] + "0"  # the real check digit is 9
ZEROED = "330624193501012000"  # what Excel leaves of 330624193501012xxx

REJECTIONS = {
    "empty": ["", "   ", "\u3000\u200b", None],
    "excel_scientific": [
        "3.30624E+17",
        "3.30624e+17",
        "3.30624193501012E17",
        "330624193501012000.0",
        "3,30624E+17",
    ],
    "excel_zeroed": [ZEROED],
    "old_15_digit": ["330624350101123"],
    "wrong_length": ["33062419350101123", "3306241935010112345", "1234"],
    "bad_characters": ["33062419350101123A", "33062419350101X239", "张三", "330624-1935-0101-1239"],
    "masked": ["330624********1234", "330624********123X"],
    "wrong_check_digit": [WITH_BAD_CHECK],
    "impossible_date": [
        make_id("33062419900230123"),
        make_id("33062419901301123"),
        make_id("33062419900100123"),
    ],
    "future_date": [make_id("33062420250602123"), make_id("33062430000101123")],
    "too_old": [make_id("33062418991231123")],
    "unknown_region": [make_id("99999919350101123"), make_id("33129919350101123")],
}


@pytest.mark.parametrize(
    ("code", "raw"), [(code, raw) for code, raws in REJECTIONS.items() for raw in raws]
)
def test_rejection_reason(code, raw):
    error = rejection(raw)
    assert error.code == code
    zh, en = error.message("zh"), error.message("en")
    assert zh and en and zh != en
    assert "{" not in zh + en


def test_every_code_has_an_example():
    assert set(REJECTIONS) == set(InvalidId.messages)


def test_messages_carry_the_specifics():
    assert "17" in rejection("33062419350101123").message("en")
    assert "17" in rejection("33062419350101123").message("zh")
    assert "19900230" in rejection(make_id("33062419900230123")).message("zh")
    assert "999999" in rejection(make_id("99999919350101123")).message("en")
    assert "A" in rejection("33062419350101123A").message("zh")
    for code in ("excel_scientific", "excel_zeroed"):
        error = rejection(REJECTIONS[code][0])
        assert "文本" in error.message("zh")
        assert "Text" in error.message("en")


def test_wrong_check_digit_message_does_not_give_the_answer():
    # Showing the expected digit invites "fixing" the last digit over the real typo.
    error = rejection(WITH_BAD_CHECK)
    assert "9" not in error.message("zh") + error.message("en")


def test_zeroed_tail_that_happens_to_be_valid_is_accepted():
    # Sequence 000 is rare but legal; only a failing check digit points at Excel.
    born = datetime.date(1950, 1, 1)
    while check_digit(f"330624{born:%Y%m%d}100") != "0":
        born += datetime.timedelta(days=1)
    number = f"330624{born:%Y%m%d}1000"
    assert check_id(number, today=TODAY).number == number


def test_excel_damage_beats_other_reasons():
    # Excel-zeroed with a region that does not exist: the Excel hint is still the fix.
    assert rejection("999999193501012000").code == "excel_zeroed"


def test_wrong_check_digit_at_every_position_reaches_the_check():
    # A typo in the sequence digits leaves only the check digit to notice it.
    number = make_id("33062419350101123")
    for pos in (14, 15, 16, 17):
        digit = "1" if number[pos] != "1" else "2"
        assert rejection(number[:pos] + digit + number[pos + 1 :]).code == "wrong_check_digit"


# -- properties ----------------------------------------------------------------------------


@given(st.text())
def test_normalise_id_is_idempotent(raw):
    once = normalise_id(raw)
    assert normalise_id(once) == once
    assert " " not in once


@given(valid_ids())
def test_generated_ids_are_accepted(number):
    info = check_id(number, today=TODAY)
    assert info.number == number
    assert info.birth_date.strftime("%Y%m%d") == number[6:14]
    assert info.gender == ("M" if int(number[16]) % 2 else "F")
    assert info.region


@settings(max_examples=60)
@given(valid_ids())
def test_any_single_substitution_is_rejected(number):
    for pos in range(18):
        replacements = "0123456789X" if pos == 17 else "0123456789"
        for new in replacements:
            if new == number[pos]:
                continue
            mutated = number[:pos] + new + number[pos + 1 :]
            error = rejection(mutated)
            if new == "X" or structure_ok(mutated):
                assert error.code == "wrong_check_digit", (mutated, error.code)
            if pos == 17:
                assert error.code in ("wrong_check_digit", "excel_zeroed")


@settings(max_examples=100)
@given(valid_ids())
def test_any_adjacent_transposition_is_rejected(number):
    for pos in range(17):
        a, b = number[pos], number[pos + 1]
        if a == b:
            continue
        mutated = number[:pos] + b + a + number[pos + 2 :]
        error = rejection(mutated)
        if "X" in mutated[:17]:
            assert error.code == "bad_characters"
        elif structure_ok(mutated):
            assert error.code == "wrong_check_digit", (mutated, error.code)


@given(valid_ids())
def test_mask_never_shows_the_birth_date(number):
    masked = mask_id(number)
    assert masked == number[:6] + "********" + number[-4:]
    assert number[6:14] not in masked


# -- helpers -------------------------------------------------------------------------------


def test_mask_id_examples():
    assert mask_id("330624193501011234") == "330624********1234"
    assert mask_id(" 330624 19350101 123x") == "330624********123X"
    assert mask_id("330624350101123") == "330624******123"
    assert mask_id("12345") == "*****"
    assert mask_id("") == ""
    assert mask_id(None) == ""


def test_age_on():
    born = datetime.date(1950, 6, 15)
    assert age_on(born, datetime.date(2025, 6, 14)) == 74
    assert age_on(born, datetime.date(2025, 6, 15)) == 75
    leap = datetime.date(2000, 2, 29)
    assert age_on(leap, datetime.date(2025, 2, 28)) == 24
    assert age_on(leap, datetime.date(2025, 3, 1)) == 25
    assert age_on(leap, datetime.date(2000, 2, 29)) == 0


def test_a_masked_id_from_an_export_is_named_as_such():
    with pytest.raises(InvalidId) as refused:
        check_id("330624********1234")
    assert refused.value.code == "masked"
    assert "脱敏" in refused.value.message("zh") and "masked" in refused.value.message("en")
