import pytest
from idgen import make_id
from search_rules import keys_by_the_rules

from marketapp.core.search import search
from marketapp.core.villagers import VillagerInput, clean, mark_seen, save_villager


def add(db, name, **values):
    return save_villager(db, clean(VillagerInput(name=name, **values)), on_duplicate="ignore"
                         ).villager


@pytest.fixture
def people(db):
    return {
        "zhu": add(db, "朱伯忠", id_number=make_id(birth="19480101", seq=12),
                   phone="13812345678", village="城南村"),
        "zhang": add(db, "张伟", phone="13900004321", village="花园村"),
        "zhangwm": add(db, "张伟明", village="花园村"),
        "wangz": add(db, "王张", village="花园村"),
        "chen": add(db, "陈小军", id_number=make_id(birth="19750301", seq=345), village="城南村"),
        "zeng": add(db, "曾国强", village="城南村"),
    }


def names(db, query, limit=20):
    return [m.villager.name for m in search(db, query, limit=limit)]


def test_single_chinese_character_finds_by_substring(db, people):
    assert set(names(db, "张")) == {"张伟", "张伟明", "王张"}
    assert names(db, "张")[-1] == "王张"  # prefix before substring


def test_exact_name_ranks_before_prefix(db, people):
    assert names(db, "张伟") == ["张伟", "张伟明"]


def test_inner_substring(db, people):
    assert names(db, "伯") == ["朱伯忠"]
    assert names(db, "小军") == ["陈小军"]


def test_full_pinyin_prefix(db, people):
    assert names(db, "zhubo") == ["朱伯忠"]
    assert names(db, "ZhuBoZhong") == ["朱伯忠"]
    assert names(db, "zhang wei")[:1] == ["张伟"]


def test_long_pinyin_prefix_beyond_the_stored_prefixes(db, people):
    assert names(db, "zhangweim") == ["张伟明"]
    assert names(db, "zhangweiming") == ["张伟明"]


def test_initials(db, people):
    assert names(db, "zbz") == ["朱伯忠"]
    assert names(db, "zw")[:2] == ["张伟", "张伟明"]  # exact initials first


def test_surname_reading(db, people):
    assert names(db, "zengguo") == ["曾国强"]
    assert names(db, "cengguo") == ["曾国强"]


def test_id_number_tail(db, people):
    number = people["chen"].id_number
    for length in (4, 5, 6):
        assert names(db, number[-length:]) == ["陈小军"]


def test_phone_tail_and_whole_phone(db, people):
    assert names(db, "5678") == ["朱伯忠"]
    assert names(db, "12345678") == ["朱伯忠"]
    assert names(db, "13812345678") == ["朱伯忠"]
    assert names(db, "4321") == ["张伟"]


def test_full_width_query(db, people):
    assert names(db, "５６７８") == ["朱伯忠"]


@pytest.mark.parametrize("query", ['"', "'", "%", "*", "张%", "zh*", "a OR b", "NEAR(", "--", ";"])
def test_sql_and_fts_syntax_is_plain_text(db, people, query):
    assert names(db, query) == []


def test_empty_and_too_short_digit_queries_find_nothing(db, people):
    assert names(db, "") == []
    assert names(db, "   ") == []
    assert names(db, "567") == []


def test_most_recently_seen_first_among_equals(db):
    older = add(db, "李明", village="甲村")
    newer = add(db, "李明", village="乙村")
    mark_seen(db, older.id, at="2026-11-20T09:00:00+08:00")
    mark_seen(db, newer.id, at="2026-11-27T09:00:00+08:00")
    assert [m.villager.village for m in search(db, "李明")] == ["乙村", "甲村"]
    mark_seen(db, older.id, at="2026-11-28T09:00:00+08:00")
    assert [m.villager.village for m in search(db, "李明")] == ["甲村", "乙村"]


def test_edits_move_the_search_keys(db):
    from marketapp.core.villagers import update_villager

    person = add(db, "刘洋", village="甲村")
    update_villager(db, person.id, clean(VillagerInput(name="刘阳", village="甲村")))
    assert names(db, "刘洋") == []
    assert names(db, "刘阳") == ["刘阳"]


def test_limit(db):
    for i in range(30):
        add(db, "赵" + "一二三四五六七八九十"[i % 10] + str(i))
    assert len(search(db, "赵", limit=5)) == 5


def test_rebuild_keeps_results(db, people):
    from marketapp.core.search_index import rebuild

    before = names(db, "张")
    rebuild(db)
    assert names(db, "张") == before


def test_a_person_appears_once_when_a_key_matches_two_ways(db):
    # "zh" is both the whole initials of 张海 and a prefix of its pinyin "zhanghai".
    add(db, "张海", village="甲村")
    assert names(db, "zh") == ["张海"]


@pytest.mark.parametrize("name", ["朱伯忠", "张伟", "曾国强", "单", "单田芳", "长孙无忌", "王 小明",
                                  "阿依古丽·买买提", "John", "", "乐乐"])
def test_pinyin_columns_are_the_json_of_the_readings(name):
    import json

    from marketapp.core.search_index import pinyin_columns
    from marketapp.core.search_keys import name_pinyins

    readings = name_pinyins(name.replace(" ", ""))
    full = list(dict.fromkeys("".join(r) for r in readings))
    initials = list(dict.fromkeys("".join(s[0] for s in r) for r in readings))
    assert pinyin_columns(name) == (json.dumps(full), json.dumps(initials))
    assert json.loads(pinyin_columns(name)[0]) == full


@pytest.mark.parametrize("name", ["朱伯忠", "张伟", "曾国强", "单", "欧阳春花", "王 小明"])
def test_every_search_key_of_a_person_and_no_other(db, name):
    from marketapp.core.search_index import keys_of

    person = save_villager(db, clean(VillagerInput(
        name=name, id_number=make_id(birth="19480101", seq=12), phone="0575-86012345")),
        on_duplicate="ignore").villager
    rows = keys_of(db, person.seq)
    assert {(key, tier) for key, tier, _, _ in rows} == keys_by_the_rules(
        name, person.id_number, person.phone)
    stored = db.execute("SELECT key, tier FROM villager_search WHERE seq = ?", [person.seq])
    assert set(stored.fetchall()) == keys_by_the_rules(name, person.id_number, person.phone)
