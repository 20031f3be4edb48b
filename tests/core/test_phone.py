import pytest
from hypothesis import given
from hypothesis import strategies as st

from marketapp.core.people.phone import InvalidPhone, check_phone, mask_phone, normalise_phone


@pytest.mark.parametrize(
    ("raw", "canonical"),
    [
        ("13812345678", "13812345678"),
        ("+86 138-1234-5678", "13812345678"),
        ("+8613812345678", "13812345678"),
        ("0086 138 1234 5678", "13812345678"),
        ("8613812345678", "13812345678"),
        ("１３８１２３４５６７８", "13812345678"),
        ("138.1234.5678", "13812345678"),
        ("138\u20141234\u20135678", "13812345678"),  # em and en dashes from a word processor
        ("\ufeff138 1234 5678\u200b", "13812345678"),
        ("19912345678", "19912345678"),
        ("0575-86012345", "0575-86012345"),
        ("(0575)86012345", "0575-86012345"),
        ("（０５７５）８６０１２３４５", "0575-86012345"),
        ("057586012345", "0575-86012345"),
        ("0575 8601 2345", "0575-86012345"),
        ("+86 575 8601 2345", "0575-86012345"),
        ("010-12345678", "010-12345678"),
        ("021 6123 4567", "021-61234567"),
        ("0755-86012345", "0755-86012345"),
    ],
)
def test_accepted_to_canonical(raw, canonical):
    assert check_phone(raw) == canonical
    assert check_phone(canonical) == canonical


REJECTIONS = {
    "empty": ["", "  ", "\u200b", None],
    "bad_characters": ["138abc45678", "电话13812345678", "138#1234#5678"],
    "masked": ["138****5678", "138*1234*5678"],
    "wrong_length": ["1381234567", "138123456789", "0575860123", "05758601234567"],
    "not_mobile_or_landline": ["12345678901", "4008123123", "95555", "+1 415 555 1234"],
    "landline_needs_area_code": ["86012345", "8601234"],
}


@pytest.mark.parametrize(
    ("code", "raw"), [(code, raw) for code, raws in REJECTIONS.items() for raw in raws]
)
def test_rejection_reason(code, raw):
    with pytest.raises(InvalidPhone) as caught:
        check_phone(raw)
    error = caught.value
    assert error.code == code
    zh, en = error.message("zh"), error.message("en")
    assert zh and en and zh != en
    assert "{" not in zh + en


def test_every_code_has_an_example():
    assert set(REJECTIONS) == set(InvalidPhone.messages)


def test_messages_carry_the_specifics():
    with pytest.raises(InvalidPhone) as caught:
        check_phone("1381234567")
    assert "10" in caught.value.message("zh") and "10" in caught.value.message("en")
    with pytest.raises(InvalidPhone) as caught:
        check_phone("138abc45678")
    assert "abc" in caught.value.message("en")


def test_bare_86_is_kept_unless_a_mobile_follows():
    assert normalise_phone("86012345") == "86012345"
    assert normalise_phone("8613812345678") == "13812345678"


def test_masking():
    assert mask_phone("13812345678") == "138****5678"
    assert mask_phone("+86 138-1234-5678") == "138****5678"
    assert mask_phone("0575-86012345") == "0575-****2345"
    assert mask_phone("0998-1234567") == "0998-***4567"
    # Numbers we cannot parse still never show more than the last 4 digits.
    assert mask_phone("12345678901") == "*******8901"
    assert mask_phone("95555") == "*****"
    assert mask_phone(None) == ""


PHONEISH = st.text(alphabet="0123456789+()-. ８６０１\u3000\u200b\ufeffx", max_size=24)


@given(st.one_of(PHONEISH, st.text()))
def test_normalise_phone_is_idempotent(raw):
    once = normalise_phone(raw)
    assert normalise_phone(once) == once


@given(st.one_of(PHONEISH, st.text()))
def test_canonical_form_is_a_fixed_point(raw):
    try:
        canonical = check_phone(raw)
    except InvalidPhone:
        return
    assert check_phone(canonical) == canonical
    assert canonical.isascii()


@given(st.from_regex(r"1[3-9][0-9]{9}", fullmatch=True))
def test_every_mobile_shape_is_accepted_and_masked(number):
    assert check_phone(number) == number
    assert check_phone("+86 " + number) == number
    masked = mask_phone(number)
    assert masked == number[:3] + "****" + number[-4:]


def test_a_masked_phone_from_an_export_is_named_as_such():
    with pytest.raises(InvalidPhone) as refused:
        check_phone("138****5678")
    assert refused.value.code == "masked" and "脱敏" in refused.value.message("zh")
