from hypothesis import given
from hypothesis import strategies as st

from marketapp.core.textnorm import digits_only_ascii, is_ascii_digits, normalise_text


def test_full_width_ascii_folds_to_half_width():
    assert normalise_text("１２３ＡＢＣａｂｃ（）－＋！～") == "123ABCabc()-+!~"


def test_odd_spaces_and_invisible_characters():
    assert normalise_text("\ufeff张\u3000三\u00a0明\u200b\u200c\u200d\u2060") == "张 三 明"
    assert normalise_text("  a \t\n  b  ") == "a b"
    assert normalise_text("a\u3000\u3000 b") == "a b"


def test_none_and_empty():
    assert normalise_text(None) == ""
    assert normalise_text("") == ""
    assert normalise_text("\u200b \ufeff") == ""


def test_chinese_is_left_alone():
    # NFKC would turn the compatibility ideograph 豈 (U+F900) into U+8C48 and the Kangxi
    # radical ⽇ into 日; names and addresses must keep what the villager wrote.
    s = "浙江省新昌县城南乡\uf900\u2f47。、“”《》【】"
    assert normalise_text(s) == s


def test_full_width_comma_is_folded_like_the_rest_of_its_block():
    # ，（）are in FF01–FF5E, so they become ASCII; 。、 are not and stay.
    assert normalise_text("城南乡，（东村）。") == "城南乡,(东村)。"


def test_ascii_digit_helpers_reject_full_width_digits():
    assert "１２３".isdigit()  # the trap these helpers exist for
    assert not is_ascii_digits("１２３")
    assert is_ascii_digits("0123456789")
    assert not is_ascii_digits("")
    assert not is_ascii_digits("12a")
    assert not is_ascii_digits("١٢٣")  # Arabic-Indic digits are also isdigit()
    assert digits_only_ascii("１３８-1234 ５６７８") == "13812345678"
    assert digits_only_ascii(None) == ""


@given(st.text())
def test_normalise_text_is_idempotent_and_tidy(s):
    once = normalise_text(s)
    assert normalise_text(once) == once
    assert once == once.strip()
    assert "  " not in once
    assert not any(0xFF01 <= ord(c) <= 0xFF5E for c in once)
    assert not any(c in once for c in "\u3000\u00a0\u200b\u200c\u200d\u2060\ufeff")


@given(st.text(alphabet=st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF)))
def test_cjk_unified_ideographs_never_change(s):
    assert normalise_text(s) == s


_FOLDED = st.sampled_from([chr(c) for c in (0x3000, 0x00A0, 0x200B, 0x200C, 0x200D, 0x2060,
                                            0xFEFF, 0xFF10, 0xFF21, 0xFF41, 0xFF0C, 0xFF5E)])


@given(st.lists(st.one_of(st.characters(), _FOLDED, st.sampled_from("张3组 \t")), max_size=12))
def test_cells_with_nothing_to_fold_take_a_shortcut_that_gives_the_same_text(chars):
    from marketapp.core.textnorm import _FOLD, _WHITESPACE_RUN

    s = "".join(chars)
    assert normalise_text(s) == _WHITESPACE_RUN.sub(" ", s.translate(_FOLD)).strip()
