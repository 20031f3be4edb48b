import pytest
from idgen import make_id
from search_rules import keys_by_the_rules

from marketapp.core.people.cleaning import clean
from marketapp.core.people.search.query import search
from marketapp.core.people.villagers import VillagerInput, mark_seen, save_villager


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
    from marketapp.core.people.villagers import update_villager

    person = add(db, "刘洋", village="甲村")
    update_villager(db, person.id, clean(VillagerInput(name="刘阳", village="甲村")))
    assert names(db, "刘洋") == []
    assert names(db, "刘阳") == ["刘阳"]


def test_limit(db):
    for i in range(30):
        add(db, "赵" + "一二三四五六七八九十"[i % 10] + str(i))
    assert len(search(db, "赵", limit=5)) == 5


def test_rebuild_keeps_results(db, people):
    from marketapp.core.people.search.index import rebuild

    before = names(db, "张")
    rebuild(db)
    assert names(db, "张") == before


def test_a_person_appears_once_when_a_key_matches_two_ways(db):
    # "zh" is both the whole initials of 张海 and a prefix of its pinyin "zhanghai".
    add(db, "张海", village="甲村")
    assert names(db, "zh") == ["张海"]


@pytest.mark.parametrize("name", ["朱伯忠", "张伟", "曾国强", "单", "单田芳", "长孙无忌", "王 小明",
                                  "阿依古丽·买买提", "John", "", "乐乐", "李长春", "吕布"])
def test_pinyin_columns_are_the_json_of_the_readings(name):
    import json

    from marketapp.core.people.search.index import pinyin_columns
    from marketapp.core.people.search.keys import name_pinyins

    readings = name_pinyins(name.replace(" ", ""))
    full = list(dict.fromkeys("".join(r) for r in readings))
    initials = list(dict.fromkeys("".join(s[0] for s in r) for r in readings))
    assert pinyin_columns(name) == (json.dumps(full), json.dumps(initials))
    assert json.loads(pinyin_columns(name)[0]) == full


@pytest.mark.parametrize("name", ["朱伯忠", "张伟", "曾国强", "单", "欧阳春花", "王 小明",
                                  "李长春", "吕布", "曾长乐"])
def test_every_search_key_of_a_person_and_no_other(db, name):
    from marketapp.core.people.search.index import keys_of

    person = save_villager(db, clean(VillagerInput(
        name=name, id_number=make_id(birth="19480101", seq=12), phone="0575-86012345")),
        on_duplicate="ignore").villager
    rows = keys_of(db, person.seq)
    assert {(key, tier) for key, tier, _, _ in rows} == keys_by_the_rules(
        name, person.id_number, person.phone)
    stored = db.execute("SELECT key, tier FROM villager_search WHERE seq = ?", [person.seq])
    assert set(stored.fetchall()) == keys_by_the_rules(name, person.id_number, person.phone)


# Names whose characters have several readings, and what staff type for them: the reading
# of the name (full pinyin, a prefix, the initials), and the one-character reading too.
TYPED = {
    "李长春": ["lichangchun", "lichang", "lich", "lcc", "lizhangchun", "lzc"],
    "刘朝阳": ["liuzhaoyang", "liuzhao", "liuzh", "lzy", "liuchaoyang", "lcy"],
    "张重阳": ["zhangchongyang", "zhangchong", "zhangc", "zcy", "zzy"],
    "何曾": ["hezeng", "hez", "hz", "heceng", "hc"],
    "孙还": ["sunhuan", "sunhu", "sh", "sunhai"],
    "周了": ["zhouliao", "zhouli", "zl", "zhoule"],
    "吕布": ["lubu", "lub", "lvbu", "lvb", "lb"],
    "吕": ["lu", "lv", "l"],
    "吕长春": ["luchangchun", "lvchangchun", "luzhangchun", "lcc"],
}
DECOYS = ["李张春", "刘超阳", "卢布", "周乐", "孙海", "何层"]


@pytest.fixture
def ambiguous(db):
    for name in [*TYPED, *DECOYS]:
        add(db, name, village="甲村")


@pytest.mark.parametrize(("name", "query"), [(n, q) for n, qs in TYPED.items() for q in qs])
def test_a_name_is_found_by_each_of_its_readings(db, ambiguous, name, query):
    assert name in names(db, query)


def test_another_reading_ranks_exact_before_prefix(db, ambiguous):
    found = names(db, "lu")
    assert found[0] == "吕"  # the whole of its u spelling; 吕布, 卢布, 吕长春 start with it
    assert set(found) == {"吕", "吕布", "卢布", "吕长春"}
    assert names(db, "lichangchun") == ["李长春"]
    assert names(db, "lizhangchun")[0] == "李张春"  # both exact: the later-seen first
    assert set(names(db, "lizhangchun")) == {"李长春", "李张春"}


def test_a_reading_finds_nobody_it_does_not_belong_to(db, ambiguous):
    assert names(db, "sunhuan") == ["孙还"]
    assert "孙海" in names(db, "sunhai") and "孙还" in names(db, "sunhai")
    assert names(db, "zhouliao") == ["周了"]


def test_the_readings_of_a_name_are_bounded():
    from marketapp.core.people.search.keys import MAX_READINGS, name_pinyins

    readings = name_pinyins("乐长朝重了还")  # six characters of two readings each
    assert len(readings) == MAX_READINGS == 4
    assert readings[0] == ["le", "zhang", "chao", "zhong", "le", "hai"]


def test_the_phrase_readings_are_among_a_names_readings():
    """pypinyin reading the whole name, and the given name, as words: for the reviewer's
    names and 3,000 generated ones (the check for a phrase must not skip any)."""
    import random

    from pypinyin import Style, lazy_pinyin

    from marketapp.core.demo.people import make_name
    from marketapp.core.people.search.keys import MAX_READINGS, name_pinyins

    rng = random.Random(3)
    sample = [*TYPED, *(make_name(rng, rng.random() < 0.5) for _ in range(3000))]
    for name in sample:
        readings = name_pinyins(name)
        if len(readings) == MAX_READINGS:
            continue  # full: a reading may have been left out
        whole = lazy_pinyin(name, style=Style.NORMAL)
        given = [readings[0][0], *lazy_pinyin(name[1:], style=Style.NORMAL)]
        assert whole in readings and given in readings, name


def test_the_given_name_readings_are_readings_pypinyin_knows():
    from pypinyin import Style, pinyin

    from marketapp.core.people.search.keys import _GIVEN_NAME_READINGS

    for char, reading in _GIVEN_NAME_READINGS.items():
        assert reading in pinyin(char, style=Style.NORMAL, heteronym=True)[0], char


def test_a_database_written_with_the_old_key_version_is_re_keyed(db, ambiguous):
    from search_rules import write_as_key_version_2

    from marketapp.core.people.search.index import is_stale, rebuild_if_stale

    write_as_key_version_2(db)
    assert is_stale(db)
    assert names(db, "lichangchun") == [] and names(db, "lu") == ["卢布"]
    assert rebuild_if_stale(db) is True
    assert names(db, "lichangchun") == ["李长春"] and names(db, "lu")[0] == "吕"
    assert not is_stale(db) and rebuild_if_stale(db) is False


def test_the_cli_re_keys_a_database_written_with_the_old_key_version(db_path):
    from click.testing import CliRunner
    from search_rules import write_as_key_version_2

    from marketapp.cli import cli
    from marketapp.store.database import open_database

    db = open_database(db_path)
    add(db, "李长春", village="甲村")
    write_as_key_version_2(db)
    db.close()
    result = CliRunner().invoke(cli, ["--db", str(db_path), "search", "lichangchun"],
                                catch_exceptions=False)
    assert result.exit_code == 0
    assert result.output.splitlines()[0].split("\t")[0] == "李长春"


def test_a_rebuild_waits_for_another_connections_write(db, db_path, ambiguous):
    """The app re-keys in a worker beside the UI thread's connection: a rebuild begun
    while that one writes must wait for it, not fail with "database is locked"."""
    import threading

    from marketapp.core.people.search.index import rebuild
    from marketapp.store.database import open_database

    writing, done = threading.Event(), threading.Event()

    def other_writer():
        other = open_database(db_path)
        other.conn.execute("BEGIN IMMEDIATE")
        other.execute("UPDATE villagers SET address = '1组'")
        writing.set()
        done.wait(0.3)  # holds the write lock a moment (nobody sets it)
        other.conn.commit()
        other.close()

    thread = threading.Thread(target=other_writer)
    thread.start()
    assert writing.wait(10)
    rebuild(db)
    thread.join()
    assert names(db, "lichangchun") == ["李长春"]
