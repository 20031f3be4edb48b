"""Valid resident ID numbers for tests (the check digit computed, not copied)."""

from __future__ import annotations


def check_digit(first17: str) -> str:
    weights = [pow(2, 17 - i, 11) for i in range(17)]
    total = sum(int(d) * w for d, w in zip(first17, weights, strict=True))
    value = (12 - total % 11) % 11
    return "X" if value == 10 else str(value)


def make_id(
    region: str = "330624", birth: str = "19500308", seq: int = 1, male: bool = True
) -> str:
    order = seq * 2 + (1 if male else 0)
    first17 = f"{region}{birth}{order % 1000:03d}"
    return first17 + check_digit(first17)
