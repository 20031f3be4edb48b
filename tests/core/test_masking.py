import pytest
from hypothesis import given
from hypothesis import strategies as st

from marketapp.core.people import masking
from marketapp.core.people.idnumber import mask_id
from marketapp.core.people.phone import mask_phone


@pytest.mark.parametrize(
    ("name", "masked"),
    [
        ("张三明", "张*明"),
        ("张三", "张*"),
        ("欧阳小明", "欧**明"),
        ("张", "张"),
        ("", ""),
        (" 张三明\u200b", "张*明"),
        ("买买提·艾力", "买****力"),
        ("John Smith", "J*** *****"),
        ("Li", "L*"),
        ("Ｊｏｈｎ", "J***"),
    ],
)
def test_mask_name(name, masked):
    assert masking.mask_name(name) == masked


def test_none_name():
    assert masking.mask_name(None) == ""


def test_one_place_for_all_masking():
    assert masking.mask_id is mask_id
    assert masking.mask_phone is mask_phone
    assert masking.mask_id("330624193501011234") == "330624********1234"
    assert masking.mask_phone("13812345678") == "138****5678"


@given(
    st.text(
        alphabet=st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF), min_size=3, max_size=8
    )
)
def test_chinese_names_show_only_first_and_last(name):
    masked = masking.mask_name(name)
    assert len(masked) == len(name)
    assert masked[0] == name[0] and masked[-1] == name[-1]
    assert set(masked[1:-1]) == {"*"}
