from datetime import date

import pytest
from idgen import make_id

from marketapp.core.people.cleaning import clean
from marketapp.core.people.villagers import (
    InvalidVillager,
    PossibleDuplicate,
    VillagerInput,
    get_villager,
    save_villager,
    update_villager,
)

TODAY = date(2026, 11, 28)


def add(db, **values):
    return save_villager(db, clean(VillagerInput(**values), today=TODAY), on_duplicate="flag")


def count(db, table="villagers"):
    return db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]


def test_birth_date_and_gender_come_from_the_id():
    data = clean(VillagerInput(name="王秀英", id_number=make_id(birth="19380512", male=False)),
                 today=TODAY)
    assert data.birth_date == "1938-05-12"
    assert data.gender == "F"


def test_id_typed_with_full_width_digits_and_lower_x_is_accepted():
    number = make_id(birth="19400101", seq=7)
    typed = "".join(chr(ord(c) + 0xFEE0) if c.isdigit() else c.lower() for c in number)
    assert clean(VillagerInput(name="李四", id_number=" " + typed + "\u200b"),
                 today=TODAY).id_number == number


def test_same_id_number_updates_never_duplicates(db):
    number = make_id()
    first = add(db, name="朱伯忠", id_number=number, village="城南村")
    second = add(db, name="朱伯忠", id_number=number, phone="13812345678", village="城南村")
    assert first.status == "added" and second.status == "updated"
    assert count(db) == 1
    assert get_villager(db, first.villager.id).phone == "13812345678"
    third = add(db, name="朱伯忠", id_number=number, village="城南村")
    assert third.status == "unchanged"


def test_a_roster_does_not_take_a_care_flag_away(db):
    number = make_id()
    add(db, name="朱伯忠", id_number=number, living_alone=True)
    add(db, name="朱伯忠", id_number=number, low_income=True)
    villager = db.execute("SELECT living_alone, low_income FROM villagers").fetchone()
    assert villager == (1, 1)


def test_possible_duplicate_by_name_village_and_birth_year_is_raised_not_merged(db):
    add(db, name="陈小军", village="城南村", birth_date="1975-03-01")
    with pytest.raises(PossibleDuplicate) as caught:
        save_villager(db, clean(VillagerInput(name="陈小军", village="城南村",
                                              birth_date="1975-09-09"), today=TODAY))
    assert caught.value.candidates[0][1] == "name_village_year"
    assert "陈小军" in caught.value.message("zh")
    assert count(db) == 1


def test_possible_duplicate_by_phone_is_flagged_for_a_person(db):
    add(db, name="陈小军", phone="13900001111")
    result = add(db, name="陈晓军", phone="139-0000-1111")
    assert result.status == "added"
    assert count(db) == 2
    assert count(db, "duplicate_flags") == 1
    reason = db.execute("SELECT reason FROM duplicate_flags").fetchone()[0]
    assert reason == "phone"


def test_different_id_numbers_are_different_people_even_with_the_same_name(db):
    add(db, name="张伟", id_number=make_id(seq=1), village="花园村")
    result = add(db, name="张伟", id_number=make_id(seq=2), village="花园村")
    assert result.possible_duplicates == []


def test_no_duplicate_check_when_a_person_already_decided(db):
    add(db, name="陈小军", phone="13900001111")
    result = save_villager(db, clean(VillagerInput(name="陈小军", phone="13900001111"),
                                     today=TODAY), on_duplicate="ignore")
    assert result.status == "added"
    assert count(db, "duplicate_flags") == 0


@pytest.mark.parametrize(
    ("values", "code", "field"),
    [
        ({"name": ""}, "name_required", "name"),
        ({"name": "张三", "gender": "未知"}, "bad_gender", "gender"),
        ({"name": "张三", "birth_date": "1950-02-30"}, "impossible_birth_date", "birth_date"),
        ({"name": "张三", "birth_date": "三月八日"}, "bad_birth_date", "birth_date"),
        ({"name": "张三", "birth_date": "2030-01-01"}, "future_birth_date", "birth_date"),
        ({"name": "张三", "id_number": "330624195003080039"}, "id_number", "id_number"),
        ({"name": "张三", "phone": "12345"}, "phone", "phone"),
        ({"name": "张三", "id_number": make_id(birth="19500308"), "birth_date": "1951-03-08"},
         "id_birth_mismatch", "birth_date"),
        ({"name": "张三", "id_number": make_id(male=True), "gender": "女"},
         "id_gender_mismatch", "gender"),
    ],
)
def test_rejections_name_the_field_and_the_reason(values, code, field):
    with pytest.raises(InvalidVillager) as caught:
        clean(VillagerInput(**values), today=TODAY)
    assert caught.value.code == code
    assert caught.value.field_name == field
    zh, en = caught.value.message("zh"), caught.value.message("en")
    assert zh and en and zh != en


def test_birth_date_forms_people_type():
    for typed in ("1950-03-08", "1950/3/8", "1950年3月8日", "19500308", "1950.03.08"):
        assert clean(VillagerInput(name="张三", birth_date=typed), today=TODAY).birth_date == (
            "1950-03-08"
        )


@pytest.mark.parametrize("typed", ["1950-03-08 00:00:00", "1950/03/08 0:00", "1950/3/8",
                                   "1950-03-08T00:00:00", "1950年3月8日 08:30"])
def test_excel_date_times_saved_as_text_are_dates(typed):
    assert clean(VillagerInput(name="张三", birth_date=typed), today=TODAY).birth_date == (
        "1950-03-08")


MONTH_ONLY = ["1950.03", "1950年03月", "1950-03", "195003", "1950年3月", "1950/3"]


@pytest.mark.parametrize("typed", MONTH_ONLY)
def test_year_and_month_only_is_stored_as_the_first_of_the_month(typed):
    assert clean(VillagerInput(name="张三", birth_date=typed), today=TODAY).birth_date == (
        "1950-03-01")


@pytest.mark.parametrize("typed", MONTH_ONLY)
def test_year_and_month_with_an_id_keeps_the_ids_full_date(typed):
    number = make_id(birth="19500308")
    data = clean(VillagerInput(name="张三", id_number=number, birth_date=typed), today=TODAY)
    assert data.birth_date == "1950-03-08"


def test_year_and_month_that_disagrees_with_the_id_is_a_mismatch():
    number = make_id(birth="19500308")
    with pytest.raises(InvalidVillager) as caught:
        clean(VillagerInput(name="张三", id_number=number, birth_date="1950.04"), today=TODAY)
    assert caught.value.code == "id_birth_mismatch"
    assert "1950-04" in caught.value.message("zh") and "1950-03-08" in caught.value.message("zh")


@pytest.mark.parametrize("typed", ["1950-02-30", "1950.13", "19500230", "1951年2月29日"])
def test_a_date_that_does_not_exist_says_so(typed):
    with pytest.raises(InvalidVillager) as caught:
        clean(VillagerInput(name="张三", birth_date=typed), today=TODAY)
    assert "不是真实存在的日期" in caught.value.message("zh")
    assert "无法识别" not in caught.value.message("zh")
    assert "not a real date" in caught.value.message("en")


def test_a_month_after_this_one_is_in_the_future():
    with pytest.raises(InvalidVillager) as caught:
        clean(VillagerInput(name="张三", birth_date="2026-12"), today=TODAY)
    assert caught.value.code == "future_birth_date" and "2026-12" in caught.value.message("zh")
    assert clean(VillagerInput(name="张三", birth_date="2026-11"),
                 today=TODAY).birth_date == "2026-11-01"


def test_edit_refuses_an_id_that_belongs_to_someone_else(db):
    number = make_id(seq=3)
    add(db, name="甲", id_number=number)
    other = add(db, name="乙").villager
    with pytest.raises(InvalidVillager) as caught:
        update_villager(db, other.id, clean(VillagerInput(name="乙", id_number=number),
                                            today=TODAY))
    assert caught.value.code == "id_taken"
    assert number not in caught.value.message("zh")  # masked in the message
    assert "在“村民”页把两条记录合并" in caught.value.message("zh")  # the way out
    assert get_villager(db, other.id).id_number is None


def test_every_problem_is_found_at_once_by_field():
    from marketapp.core.people.cleaning import villager_problems

    good = make_id(birth="19500308", seq=7)
    bad_id = good[:-1] + ("0" if good[-1] != "0" else "1")
    problems = villager_problems(VillagerInput(name=" ", id_number=bad_id, phone="12345",
                                               birth_date="1950-13-40"))
    assert {f: p.code for f, p in problems.items()} == {
        "name": "name_required", "id_number": "id_number", "phone": "phone",
        "birth_date": "impossible_birth_date"}
    assert "校验" in problems["id_number"].message("zh")
    mismatch = villager_problems(VillagerInput(name="王", id_number=good, gender="女",
                                               birth_date="1951-01-01"))
    assert {f: p.code for f, p in mismatch.items()} == {
        "birth_date": "id_birth_mismatch", "gender": "id_gender_mismatch"}
    assert villager_problems(VillagerInput(name="王秀英", id_number=good)) == {}


@pytest.mark.parametrize("data", [
    VillagerInput(name=""), VillagerInput(name="王", phone="1"),
    VillagerInput(name="王", gender="x", phone="13857512345"),
    VillagerInput(name="王", birth_date="2990-01-01"), VillagerInput(name="王秀英")])
def test_the_problems_found_at_once_are_what_clean_raises_first(data):
    from marketapp.core.people.cleaning import villager_problems

    problems = villager_problems(data)
    try:
        clean(data)
    except InvalidVillager as exc:
        assert exc.field_name in problems and problems[exc.field_name].code == exc.code
    else:
        assert problems == {}
