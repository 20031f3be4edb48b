"""A search that found nobody fills the new-villager form with what it says."""

import pytest

from marketapp.core.people.search.typed import new_villager_fields


@pytest.mark.parametrize(("typed", "expected"), [
    ("330624194503080021", {"id_number": "330624194503080021"}),
    ("33062419450308002x", {"id_number": "33062419450308002X"}),
    ("３３０６２４１９４５０３０８００２１", {"id_number": "330624194503080021"}),  # full-width
    ("330624450308002", {"id_number": "330624450308002"}),  # the old 15-digit form
    ("13857512345", {"phone": "13857512345"}),
    ("138 5751 2345", {"phone": "13857512345"}),  # as the search reads it: one number
    ("0575-86012345", {"phone": "0575-86012345"}),
    ("王秀英", {"name": "王秀英"}),
    ("王 秀英", {"name": "王秀英"}),
    ("王秀英 13857512345", {"name": "王秀英", "phone": "13857512345"}),
    ("0021", {}), ("wxy", {}), ("", {}), ("   ", {}),
])
def test_what_was_typed_goes_to_its_field(typed, expected):
    assert new_villager_fields(typed) == expected
