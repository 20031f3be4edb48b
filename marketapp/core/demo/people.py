"""Believable villagers for the demo day and the benchmarks: Chinese names drawn with the
real weight of common surnames, valid ID numbers from Zhejiang counties, phones for most.

Deterministic for a given ``random.Random``.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from stdnum.cn.ric import calc_check_digit

# The most common surnames, roughly by share of the population (percent).
_SURNAMES = (
    ("王", 7.1), ("李", 7.0), ("张", 6.7), ("刘", 5.4), ("陈", 4.5), ("杨", 3.1), ("黄", 2.2),
    ("赵", 2.0), ("吴", 2.0), ("周", 1.9), ("徐", 1.5), ("孙", 1.4), ("马", 1.3), ("朱", 1.3),
    ("胡", 1.1), ("郭", 1.1), ("何", 1.1), ("高", 1.0), ("林", 1.0), ("罗", 0.9), ("郑", 0.9),
    ("梁", 0.8), ("谢", 0.8), ("宋", 0.7), ("唐", 0.7), ("许", 0.7), ("韩", 0.7), ("冯", 0.6),
    ("邓", 0.6), ("曹", 0.6), ("彭", 0.6), ("曾", 0.5), ("肖", 0.5), ("田", 0.5), ("董", 0.5),
    ("袁", 0.5), ("潘", 0.5), ("于", 0.5), ("蒋", 0.5), ("蔡", 0.5), ("余", 0.5), ("杜", 0.5),
    ("叶", 0.4), ("程", 0.4), ("苏", 0.4), ("魏", 0.4), ("吕", 0.4), ("丁", 0.4), ("任", 0.4),
    ("沈", 0.4), ("姚", 0.4), ("卢", 0.4), ("姜", 0.4), ("崔", 0.3), ("钟", 0.3), ("谭", 0.3),
    ("陆", 0.3), ("汪", 0.3), ("范", 0.3), ("金", 0.3), ("石", 0.3), ("廖", 0.3), ("贾", 0.3),
    ("夏", 0.3), ("韦", 0.3), ("傅", 0.3), ("方", 0.3), ("白", 0.3), ("邹", 0.3), ("孟", 0.3),
    ("熊", 0.3), ("秦", 0.3), ("邱", 0.3), ("江", 0.3), ("尹", 0.3), ("薛", 0.2), ("闫", 0.2),
    ("段", 0.2), ("雷", 0.2), ("侯", 0.2), ("龙", 0.2), ("史", 0.2), ("陶", 0.2), ("黎", 0.2),
    ("贺", 0.2), ("顾", 0.2), ("毛", 0.2), ("郝", 0.2), ("龚", 0.2), ("邵", 0.2), ("万", 0.2),
    ("钱", 0.2), ("严", 0.2), ("覃", 0.1), ("武", 0.2), ("戴", 0.2), ("莫", 0.1), ("孔", 0.1),
    ("单", 0.1), ("欧阳", 0.05), ("司马", 0.02), ("诸葛", 0.01),
)
_MALE_CHARS = "伟强磊军勇杰涛明超刚平辉建国华忠伯林文斌志兵根土福德荣金水祥宝兴发庆海生永喜"
_FEMALE_CHARS = "芳娟敏静丽艳秀英霞燕萍红玲桂兰凤琴梅珍云花美翠莲春彩娥雪素菊月香妹仙娣喆堃"
# Xinchang and its neighbours in Shaoxing (Zhejiang), including the pre-1983 codes that
# elderly villagers' IDs still carry.
_REGIONS = ("330624", "330624", "330624", "330683", "330681", "330602", "330621", "332526")
DEFAULT_VILLAGES = (
    "城南村", "花园村", "石门村", "下岩贝村", "大岙村", "棠村", "溪西村", "新联村", "横路村",
    "丁村", "凤凰村", "里岙村", "王家坪村", "西坑村", "上宅村", "柏树村", "坑边村",
)
_MOBILE_PREFIXES = ("133", "135", "136", "137", "138", "139", "150", "151", "152", "157",
                    "158", "159", "177", "180", "182", "187", "188", "189", "199")
_SURNAME_CHOICES = [s for s, _ in _SURNAMES]
_SURNAME_WEIGHTS = [w for _, w in _SURNAMES]


@dataclass(frozen=True)
class DemoPerson:
    name: str
    gender: str
    birth_date: date
    id_number: str | None
    phone: str | None
    village: str
    address: str
    living_alone: bool
    left_behind: bool
    disabled: bool
    low_income: bool


def _birth_date(rng: random.Random, today: date) -> date:
    # Market-day visitors are mostly older: many 60–90, some younger job seekers.
    age = int(rng.triangular(18, 95, 72))
    return today - timedelta(days=age * 365 + rng.randrange(365))


def make_name(rng: random.Random, male: bool) -> str:
    surname = rng.choices(_SURNAME_CHOICES, _SURNAME_WEIGHTS)[0]
    chars = _MALE_CHARS if male else _FEMALE_CHARS
    given = rng.choice(chars) + (rng.choice(chars) if rng.random() < 0.75 else "")
    return surname + given


def make_id_number(rng: random.Random, born: date, male: bool) -> str:
    order = rng.randrange(0, 500) * 2 + (1 if male else 0)
    first17 = f"{rng.choice(_REGIONS)}{born:%Y%m%d}{order:03d}"
    return first17 + calc_check_digit(first17 + "0")


def make_person(rng: random.Random, villages: tuple[str, ...] = DEFAULT_VILLAGES,
                today: date | None = None) -> DemoPerson:
    today = today or date.today()
    male = rng.random() < 0.48
    born = _birth_date(rng, today)
    age = (today - born).days // 365
    has_id = rng.random() < 0.9
    has_phone = rng.random() < (0.55 if age >= 75 else 0.9)
    return DemoPerson(
        name=make_name(rng, male),
        gender="M" if male else "F",
        birth_date=born,
        id_number=make_id_number(rng, born, male) if has_id else None,
        phone=(rng.choice(_MOBILE_PREFIXES) + f"{rng.randrange(10**8):08d}") if has_phone else None,
        village=rng.choice(villages),
        address=f"{rng.randint(1, 12)}组",
        living_alone=age >= 70 and rng.random() < 0.15,
        left_behind=age >= 60 and rng.random() < 0.25,
        disabled=rng.random() < 0.04,
        low_income=rng.random() < 0.06,
    )
