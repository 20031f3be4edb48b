"""What a valid catalogue is: codes, letters, names, field types and ranges, flag rules.

Checked when a service is built (``Service.__post_init__``), so a catalogue read from the
shipped TOML, from the data file or from the editor is checked by the same rules."""

from __future__ import annotations

import operator
import re
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from marketapp.core.catalogue.errors import (
    KIND_WORDS,
    TYPE_WORDS,
    CatalogueError,
    expected_words,
    key_words,
    label_service,
    shown,
    shown_repr,
    where_field,
    where_flag,
    where_words,
)
from marketapp.core.text import say_pair

if TYPE_CHECKING:
    from marketapp.core.catalogue.model import FieldSpec, FlagRule, Service


SCHEMA_VERSION = 1


FIELD_TYPES = ("int", "decimal", "text", "choice", "bool")


OPS = (">=", ">", "<=", "<", "==", "!=")


OP_FUNCS = {
    ">=": operator.ge,
    ">": operator.gt,
    "<=": operator.le,
    "<": operator.lt,
    "==": operator.eq,
    "!=": operator.ne,
}


CODE_RE = re.compile(r"^[a-z][a-z0-9_]*$")


LETTER_RE = re.compile(r"^[A-Z]$")


MAX_TYPICAL_MINUTES = 480


MAX_TEXT_LENGTH = 10000


MAX_DECIMALS = 6


def as_decimal(value: object) -> Decimal | None:
    """A number (or numeric string, as outcomes read back from JSON) as an exact Decimal."""
    if isinstance(value, bool):
        return None
    if isinstance(value, Decimal):
        return value if value.is_finite() else None
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        # str() so that 7.2 compares as 7.2, not as its binary approximation
        result = Decimal(str(value))
        return result if result.is_finite() else None
    if isinstance(value, str):
        try:
            result = Decimal(value.strip())
        except InvalidOperation:
            return None
        return result if result.is_finite() else None
    return None


def is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def check_code(value: str, where: tuple[str, str]) -> None:
    if not isinstance(value, str) or not CODE_RE.match(value):
        raise CatalogueError("bad_code", value=value, **where_words(where))


def check_names(obj: Any, keys: tuple[str, ...], where: tuple[str, str]) -> None:
    for key in keys:
        if not str(getattr(obj, key)).strip():
            raise CatalogueError("empty_text", **key_words(key), **where_words(where))


def check_service(service: Service) -> None:
    where = label_service(service)
    check_code(service.code, where)
    check_names(service, ("name_zh", "name_en"), where)
    if not isinstance(service.letter, str) or not LETTER_RE.match(service.letter):
        raise CatalogueError("bad_letter", letter=service.letter, **where_words(where))
    minutes = service.typical_minutes
    if (
        not isinstance(minutes, int)
        or isinstance(minutes, bool)
        or not (1 <= minutes <= MAX_TYPICAL_MINUTES)
    ):
        raise CatalogueError(
            "bad_number",
            **key_words("typical_minutes"),
            value=shown(minutes),
            low=1,
            high=MAX_TYPICAL_MINUTES,
            **where_words(where),
        )
    check_code(service.category, where)
    keys: dict[str, FieldSpec] = {}
    for position, spec in enumerate(service.fields, start=1):
        fwhere = where_field(where, spec.key, spec.name_zh, spec.name_en, position)
        if spec.key in keys:
            raise CatalogueError("duplicate_field", key=spec.key, **where_words(where))
        keys[spec.key] = spec
        _check_field(spec, fwhere)
    for spec in service.fields:
        for other in spec.required_with:
            if other not in keys or other == spec.key:
                fwhere = where_field(where, spec.key, spec.name_zh, spec.name_en)
                raise CatalogueError("bad_required_with", other=other, **where_words(fwhere))
        if spec.below is not None:
            other_spec = keys.get(spec.below)
            if other_spec is None or other_spec is spec or other_spec.type not in (
                    "int", "decimal"):
                fwhere = where_field(where, spec.key, spec.name_zh, spec.name_en)
                raise CatalogueError("bad_below", other=spec.below, **where_words(fwhere))
    names: dict[str, tuple[str, str]] = {}
    for position, rule in enumerate(service.flags, start=1):
        rwhere = where_flag(where, rule.flag, rule.name_zh, rule.name_en, position)
        _check_flag(rule, keys, rwhere)
        if rule.flag in names and names[rule.flag] != (rule.name_zh, rule.name_en):
            raise CatalogueError("flag_name_conflict", **where_words(rwhere))
        names[rule.flag] = (rule.name_zh, rule.name_en)


_TYPE_ATTRS = {
    "int": {"min", "max", "below"},
    "decimal": {"min", "max", "decimals", "step", "below"},
    "text": {"max_length"},
    "choice": {"options"},
    "bool": set(),
}


_DEFAULTS = {"min": None, "max": None, "decimals": None, "step": None, "max_length": None,
             "below": None}


def _check_field(spec: FieldSpec, where: tuple[str, str]) -> None:
    check_code(spec.key, where)
    check_names(spec, ("name_zh", "name_en"), where)
    if spec.type not in FIELD_TYPES:
        raise CatalogueError("unknown_type", type=spec.type, **where_words(where))
    allowed = _TYPE_ATTRS[spec.type]
    for key, default in _DEFAULTS.items():
        if getattr(spec, key) != default and key not in allowed:
            raise CatalogueError("not_for_type", type=spec.type, key=key, **where_words(where))
    if spec.options and "options" not in allowed:
        raise CatalogueError("not_for_type", type=spec.type, key="options", **where_words(where))
    if (spec.unit_zh or spec.unit_en) and spec.type not in ("int", "decimal"):
        raise CatalogueError("not_for_type", type=spec.type, key="unit", **where_words(where))
    for key in ("min", "max", "step"):
        value = getattr(spec, key)
        if value is None:
            continue
        whole_only = spec.type == "int"
        if not is_number(value) or (whole_only and not isinstance(value, int)):
            expected = KIND_WORDS["int"] if whole_only else KIND_WORDS["number"]
            raise CatalogueError(
                "wrong_kind",
                **key_words(key),
                value=shown_repr(value),
                **expected_words(expected),
                **where_words(where),
            )
    if spec.min is not None and spec.max is not None and spec.min > spec.max:
        raise CatalogueError("min_gt_max", min=spec.min, max=spec.max, **where_words(where))
    if spec.type == "decimal":
        if spec.decimals is None:
            raise CatalogueError("missing_for_type", type="decimal", key="decimals", **where_words(where))
        if not (0 <= spec.decimals <= MAX_DECIMALS):
            raise CatalogueError(
                "bad_number",
                **key_words("decimals"),
                value=spec.decimals,
                low=0,
                high=MAX_DECIMALS,
                **where_words(where),
            )
        if spec.step is not None and spec.step <= 0:
            raise CatalogueError(
                "bad_number",
                **key_words("step"),
                value=spec.step,
                low="0",
                high="∞",
                **where_words(where),
            )
    if spec.type == "text":
        if spec.max_length is None:
            raise CatalogueError("missing_for_type", type="text", key="max_length", **where_words(where))
        if not (1 <= spec.max_length <= MAX_TEXT_LENGTH):
            raise CatalogueError(
                "bad_number",
                **key_words("max_length"),
                value=spec.max_length,
                low=1,
                high=MAX_TEXT_LENGTH,
                **where_words(where),
            )
    if spec.type == "choice":
        if not spec.options:
            raise CatalogueError("no_options", **where_words(where))
        codes: set[str] = set()
        labels: set[str] = set()
        for option in spec.options:
            check_code(option.code, where)
            check_names(option, ("zh", "en"), where)
            # labels are accepted as input too, so they must not be shared between options
            own = {option.zh.strip().casefold(), option.en.strip().casefold()}
            if option.code in codes or own & labels:
                raise CatalogueError("duplicate_option", option=option.code, **where_words(where))
            codes.add(option.code)
            labels |= own


def _check_flag(rule: FlagRule, fields: dict[str, FieldSpec], where: tuple[str, str]) -> None:
    check_code(rule.flag, where)
    check_names(rule, ("name_zh", "name_en"), where)
    if not rule.when:
        raise CatalogueError("flag_no_conditions", **where_words(where))
    for cond in rule.when:
        spec = fields.get(cond.field)
        if spec is None:
            raise CatalogueError("flag_unknown_field", field=cond.field, **where_words(where))
        if cond.op not in OPS:
            raise CatalogueError("flag_bad_op", op=cond.op, ops=" ".join(OPS), **where_words(where))
        value = cond.value
        if spec.type in ("int", "decimal"):
            ok = is_number(value)
        elif spec.type == "bool":
            ok = isinstance(value, bool) and cond.op in ("==", "!=")
        elif spec.type == "choice":
            ok = (
                isinstance(value, str)
                and cond.op in ("==", "!=")
                and spec.choice(value) is not None
            )
        else:
            ok = isinstance(value, str) and cond.op in ("==", "!=")
        if not ok:
            type_zh, type_en = say_pair(TYPE_WORDS[spec.type])
            raise CatalogueError(
                "flag_bad_value",
                field=cond.field,
                field_zh=spec.name_zh or cond.field,
                field_en=spec.name_en or cond.field,
                op=cond.op,
                value=shown(value) if isinstance(value, str) else repr(value),
                type=spec.type,
                type_zh=type_zh,
                type_en=type_en,
                **where_words(where),
            )
