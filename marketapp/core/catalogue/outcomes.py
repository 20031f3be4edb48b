"""Checking the outcome a stall records when a visit is done (办结), and flagging it.

``validate_outcome`` takes what a form holds (mostly strings, as typed: full-width digits,
Chinese full stops, surrounding spaces, a trailing unit) and returns typed values:

    int -> int, decimal -> Decimal (quantized to the field's ``decimals``), text -> str
    (stripped), choice -> the option code, bool -> bool.

Fields left empty are omitted from the result. Every problem is collected: one
``InvalidOutcome`` lists them per field in ``.problems`` so a form can mark each bad field.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation

from marketapp.core.catalogue.checks import as_decimal
from marketapp.core.catalogue.model import FieldSpec, Service
from marketapp.core.errors import UserError
from marketapp.core.text import N_, gettext, join, say_pair

_FIELD_MESSAGES: dict[str, str] = {
    "required": N_("{field_en} is required"),
    "required_with": N_("{field_en} is required when {other_en} is given"),
    "not_a_number": N_("{field_en} must be a number, got “{value}”"),
    "not_a_whole_number": N_("{field_en} must be a whole number, got “{value}”"),
    "too_many_decimals": N_("{field_en} allows at most {decimals} decimal places, got {value}"),
    "out_of_range": N_("{field_en} {value} is outside the plausible range {range_en}"),
    "unknown_choice": N_("{field_en} has no option “{value}”; choose one of: {options_en}"),
    "not_yes_no": N_("{field_en} must be yes or no, got “{value}”"),
    "not_text": N_("{field_en} must be text, got {value}"),
    "too_long": N_("{field_en} allows at most {max_length} characters, got {length}"),
    "not_below": N_("{field_en} should be lower than {other_en}; check they were not swapped "
                    "({field_en} {value}, {other_en} {other_value})"),
    "unknown_field": N_("{service_en} has no field “{key}”"),
}


class FieldProblem(UserError):
    """What is wrong with one field; ``params['key']`` is the field key."""

    messages = _FIELD_MESSAGES


class InvalidOutcome(UserError):
    """The outcome was refused. ``problems`` maps field key -> FieldProblem, in form order.

    With one problem, ``code`` and the message are that problem's; with several, ``code`` is
    ``"several"`` and the message lists them all.
    """

    messages = {
        **_FIELD_MESSAGES,
        "several": N_("{count} fields are wrong: {details_en}"),
    }

    def __init__(self, problems: Mapping[str, FieldProblem]) -> None:
        self.problems: dict[str, FieldProblem] = dict(problems)
        if not self.problems:
            raise ValueError("InvalidOutcome needs at least one problem")
        if len(self.problems) == 1:
            only = next(iter(self.problems.values()))
            super().__init__(only.code, **only.params)
        else:
            super().__init__(
                "several",
                count=len(self.problems),
                details_zh="；".join(p.message("zh") for p in self.problems.values()),
                details_en="; ".join(p.message("en") for p in self.problems.values()),
            )

    def problem_messages(self, lang: str | None = None) -> dict[str, str]:
        """Field key -> message in ``lang`` (default: the current language)."""
        return {key: problem.message(lang) for key, problem in self.problems.items()}


# --------------------------------------------------------------------------- normalising

_FOLD = {0xFF10 + i: ord("0") + i for i in range(10)}
_FOLD.update(
    {
        0xFF0E: ord("."),  # ．full-width full stop
        0x3002: ord("."),  # 。 ideographic full stop (typed by a Chinese IME)
        0xFF0D: ord("-"),  # －
        0x2212: ord("-"),  # − minus sign
        0xFF0B: ord("+"),  # ＋
        0x3000: ord(" "),  # ideographic space
    }
)
_INT_RE = re.compile(r"^[+-]?[0-9]+$")
_DEC_RE = re.compile(r"^[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)$")
_YES = {"是", "有", "对", "y", "yes", "true", "1", "√", "✓"}
_NO = {"否", "无", "没有", "不是", "n", "no", "false", "0", "×", "✗"}


def _fold(text: str) -> str:
    return text.translate(_FOLD).strip()


def _is_blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not _fold(value))


def _strip_unit(text: str, spec: FieldSpec) -> str:
    lowered = text.casefold()
    for unit in (spec.unit_zh, spec.unit_en):
        if unit and lowered.endswith(unit.casefold()):
            return text[: -len(unit)].strip()
    return text


def _fmt(number: object) -> str:
    return str(number)


def _range_texts(spec: FieldSpec) -> dict[str, str]:
    unit_zh = f" {spec.unit_zh}" if spec.unit_zh else ""
    unit_en = f" {spec.unit_en}" if spec.unit_en else ""
    if spec.min is not None and spec.max is not None:
        span = f"{_fmt(spec.min)}–{_fmt(spec.max)}"
        return {"range_zh": span + unit_zh, "range_en": span + unit_en}
    if spec.min is not None:
        zh, en = say_pair(N_("at least {min}{unit}"), min=_fmt(spec.min), unit=(unit_zh, unit_en))
    else:
        zh, en = say_pair(N_("at most {max}{unit}"), max=_fmt(spec.max), unit=(unit_zh, unit_en))
    return {"range_zh": zh, "range_en": en}


def _problem(code: str, spec: FieldSpec, **params: object) -> FieldProblem:
    return FieldProblem(code, key=spec.key, field_zh=spec.name_zh, field_en=spec.name_en, **params)


# --------------------------------------------------------------------------- converting


def _to_number(spec: FieldSpec, value: object) -> Decimal:
    """Any accepted input as a finite Decimal, or a FieldProblem."""
    if isinstance(value, bool):
        raise _problem("not_a_number", spec, value=value)
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise _problem("not_a_number", spec, value=value)
        return Decimal(str(value))
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise _problem("not_a_number", spec, value=value)
        return value
    if isinstance(value, str):
        text = _strip_unit(_fold(value), spec)
        if _DEC_RE.match(text):
            return Decimal(text)
        raise _problem("not_a_number", spec, value=value.strip())
    raise _problem("not_a_number", spec, value=repr(value))


def _check_range(spec: FieldSpec, number: Decimal) -> None:
    low = as_decimal(spec.min) if spec.min is not None else None
    high = as_decimal(spec.max) if spec.max is not None else None
    if (low is not None and number < low) or (high is not None and number > high):
        raise _problem("out_of_range", spec, value=_fmt(number), **_range_texts(spec))


def _convert(spec: FieldSpec, value: object) -> object:
    if spec.type == "int":
        number = _to_number(spec, value)
        if number != number.to_integral_value():
            raise _problem("not_a_whole_number", spec, value=_fmt(number))
        _check_range(spec, number)
        return int(number)
    if spec.type == "decimal":
        number = _to_number(spec, value)
        _check_range(spec, number)
        if spec.decimals is None:
            return number
        quantum = Decimal(1).scaleb(-spec.decimals)
        try:
            rounded = number.quantize(quantum)
        except InvalidOperation:
            raise _problem("not_a_number", spec, value=_fmt(number)) from None
        if rounded != number:
            raise _problem("too_many_decimals", spec, value=_fmt(number), decimals=spec.decimals)
        return rounded
    if spec.type == "bool":
        if isinstance(value, bool):
            return value
        if isinstance(value, int) and value in (0, 1):
            return bool(value)
        if isinstance(value, str):
            word = _fold(value).casefold()
            if word in _YES:
                return True
            if word in _NO:
                return False
        raise _problem("not_yes_no", spec, value=value)
    if spec.type == "choice":
        if isinstance(value, str):
            text = _fold(value)
            for option in spec.options:
                if text == option.code:
                    return option.code
            wanted = text.casefold()
            for option in spec.options:
                if wanted in (option.code, option.zh.casefold(), option.en.casefold()):
                    return option.code
        return_value = value.strip() if isinstance(value, str) else value
        raise _problem(
            "unknown_choice",
            spec,
            value=return_value,
            options_zh=join((o.zh for o in spec.options), "zh"),
            options_en=join((o.en for o in spec.options), "en"),
        )
    # text
    if not isinstance(value, str):
        raise _problem("not_text", spec, value=repr(value))
    text = value.strip()
    if spec.max_length is not None and len(text) > spec.max_length:
        raise _problem("too_long", spec, max_length=spec.max_length, length=len(text))
    return text


def _check_below(service: Service, spec: FieldSpec, result: Mapping[str, object],
                 problems: dict[str, FieldProblem]) -> None:
    """A value that must be lower than another field's (``FieldSpec.below``), both given."""
    if spec.below is None or spec.key not in result or spec.below not in result:
        return
    other = service.field(spec.below)
    assert other is not None  # checked when the catalogue was loaded
    value, other_value = result[spec.key], result[spec.below]
    if value >= other_value:  # type: ignore[operator]
        problems[spec.key] = _problem("not_below", spec, other_zh=other.name_zh,
                                      other_en=other.name_en, value=_fmt(value),
                                      other_value=_fmt(other_value))


def validate_outcome(service: Service, raw: Mapping[str, object]) -> dict[str, object]:
    """Check and convert a form's values for ``service``; raise InvalidOutcome listing all
    problems (required, range, type, unknown keys). Empty values are left out of the result."""
    problems: dict[str, FieldProblem] = {}
    result: dict[str, object] = {}
    filled = {key for key, value in raw.items() if not _is_blank(value)}
    for spec in service.fields:
        value = raw.get(spec.key)
        if _is_blank(value):
            if spec.required:
                problems[spec.key] = _problem("required", spec)
                continue
            for other_key in spec.required_with:
                if other_key in filled:
                    other = service.field(other_key)
                    assert other is not None  # checked when the catalogue was loaded
                    problems[spec.key] = _problem(
                        "required_with", spec, other_zh=other.name_zh, other_en=other.name_en
                    )
                    break
            continue
        try:
            result[spec.key] = _convert(spec, value)
        except FieldProblem as problem:
            problems[spec.key] = problem
    for spec in service.fields:
        _check_below(service, spec, result, problems)
    for key in raw:
        if service.field(str(key)) is None:
            problems[str(key)] = FieldProblem(
                "unknown_field",
                key=str(key),
                field_zh=str(key),
                field_en=str(key),
                service_zh=service.name_zh,
                service_en=service.name_en,
            )
    if problems:
        raise InvalidOutcome(problems)
    return result


def evaluate_flags(service: Service, outcome: Mapping[str, object]) -> list[str]:
    """Flag codes raised by ``outcome`` (as returned by validate_outcome, or read back from
    ``outcome_to_json``), each once, in the order the catalogue declares them."""
    raised: list[str] = []
    for rule in service.flags:
        if rule.flag not in raised and rule.matches(outcome):
            raised.append(rule.flag)
    return raised


def outcome_to_json(outcome: Mapping[str, object]) -> dict[str, object]:
    """JSON-safe copy: Decimal becomes its exact string ("7.2"); validate_outcome reads it
    back to the same value."""
    return {
        key: (str(value) if isinstance(value, Decimal) else value) for key, value in outcome.items()
    }


def format_value(spec: FieldSpec, value: object, lang: str | None = None) -> str:
    """A stored value as a person reads it: "150 mmHg", "是", "已修好"."""
    if value is None:
        return ""
    if spec.type == "bool":
        return gettext(N_("Yes") if value else N_("No"), lang)
    if spec.type == "choice":
        option = spec.choice(str(value))
        return option.name(lang) if option else str(value)
    if spec.type in ("int", "decimal"):
        unit = spec.unit(lang)
        return f"{value} {unit}" if unit else str(value)
    return str(value)
