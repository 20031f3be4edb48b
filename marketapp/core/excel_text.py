"""Cells of a CSV that Excel opens as staff typed them (the exports and the rejected rows).

Text a spreadsheet would run as a formula (= + - @, or a leading tab/CR) gets a leading
apostrophe: a villager's note must never become a formula on a staff laptop.

A long run of digits (an 18-digit ID number) is written after a tab: Excel otherwise reads
it as a number, shows 3.30624E+17 and, once the sheet is saved, has turned the last digits
into zeros. The tab makes it text; the roster import strips it.
"""

from __future__ import annotations

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def long_digits(value: object) -> bool:
    return (isinstance(value, str) and len(value) >= 12 and value[:-1].isdigit()
            and (value[-1].isdigit() or value[-1] == "X"))


def csv_cell(value: object) -> object:
    """``value`` as a CSV cell Excel keeps as it is."""
    if value is None:
        return ""
    if long_digits(value):
        return "\t" + str(value)
    return neutralise(value)


def neutralise(value: object) -> object:
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value
