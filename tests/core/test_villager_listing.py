"""core.people.listing: what the villagers list shows, a page at a time."""

from __future__ import annotations

from datetime import date

from marketapp.core.people.cleaning import clean
from marketapp.core.people.listing import VillagerFilter, find_page
from marketapp.core.people.villagers import VillagerInput, save_villager

TODAY = date(2026, 11, 28)


def add(db, name, village, **flags):
    data = clean(VillagerInput(name=name, village=village, **flags), today=TODAY)
    return save_villager(db, data, on_duplicate="ignore").villager


def names(rows):
    return [v.name for v in rows]


def test_with_nothing_asked_everyone_is_listed_by_village_then_name(db):
    add(db, "王秀英", "花园村")
    add(db, "李建国", "城南村")
    add(db, "陈桂花", "花园村", living_alone=True)
    rows, more = find_page(db, VillagerFilter())
    assert sorted(names(rows)) == ["李建国", "王秀英", "陈桂花"] and not more
    assert [v.village for v in rows] == sorted(v.village for v in rows)
    assert not VillagerFilter().narrows and not VillagerFilter("  ").narrows


def test_village_and_care_flags_narrow_the_list(db):
    add(db, "王秀英", "花园村")
    add(db, "李建国", "城南村", living_alone=True)
    add(db, "陈桂花", "花园村", living_alone=True, low_income=True)
    assert names(find_page(db, VillagerFilter(village="花园村"))[0]) in (
        ["王秀英", "陈桂花"], ["陈桂花", "王秀英"])
    alone_here = VillagerFilter(village="花园村", care_flags=("living_alone",))
    assert names(find_page(db, alone_here)[0]) == ["陈桂花"] and alone_here.narrows
    both = VillagerFilter(care_flags=("living_alone", "low_income"))
    assert names(find_page(db, both)[0]) == ["陈桂花"]


def test_a_search_finds_by_name_and_is_narrowed_too(db):
    add(db, "王秀英", "花园村")
    add(db, "王建军", "城南村")
    assert set(names(find_page(db, VillagerFilter("王"))[0])) == {"王秀英", "王建军"}
    assert names(find_page(db, VillagerFilter("王", village="城南村"))[0]) == ["王建军"]
    assert VillagerFilter("王").narrows


def test_pages_follow_on_and_say_whether_more_are_left(db):
    for i in range(5):
        add(db, f"村民{chr(0x4e00 + i)}", "花园村")
    first, more = find_page(db, VillagerFilter(), size=2)
    second, more_after_second = find_page(db, VillagerFilter(), offset=2, size=2)
    last, more_after_last = find_page(db, VillagerFilter(), offset=4, size=2)
    assert more and more_after_second and not more_after_last
    assert len(names(first + second + last)) == 5 == len(set(names(first + second + last)))
