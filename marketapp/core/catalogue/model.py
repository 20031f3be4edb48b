"""The service catalogue (服务项目): the stalls a market can open and what each one records.

The default catalogue is ``resources/catalogue.toml``; an edited copy is kept as JSON through
``Catalogue.to_dict()`` / ``Catalogue.from_dict()``. Both paths go through one strict reader, so a
mistyped key, an unknown field type or an inconsistent range is refused with a message naming
the service and the field, instead of showing up later as a broken form.

Flag rules are declarative: a rule raises its flag when all (or, with ``any``, at least one) of
its conditions hold. Several rules may share one flag code; the flag is raised if any of them
matches. A condition on a field that was not recorded never holds.
"""

from __future__ import annotations

import operator
import re
import tomllib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from types import SimpleNamespace
from typing import Any

from marketapp.core.errors import UserError, current_language
from marketapp.resource_files import resource_path

SCHEMA_VERSION = 1
FIELD_TYPES = ("int", "decimal", "text", "choice", "bool")
OPS = (">=", ">", "<=", "<", "==", "!=")
_OP_FUNCS = {
    ">=": operator.ge,
    ">": operator.gt,
    "<=": operator.le,
    "<": operator.lt,
    "==": operator.eq,
    "!=": operator.ne,
}
_CODE_RE = re.compile(r"^[a-z][a-z0-9_]*$")
_LETTER_RE = re.compile(r"^[A-Z]$")
MAX_TYPICAL_MINUTES = 480
MAX_TEXT_LENGTH = 10000
MAX_DECIMALS = 6


class CatalogueError(UserError):
    """The catalogue (default file or an edited copy) is malformed, or a lookup failed."""

    messages = {
        "not_toml": (
            "服务目录文件格式有误（不是有效的 TOML）：{detail}",
            "The service catalogue is not valid TOML: {detail}",
        ),
        "bad_schema": (
            "服务目录版本 {found} 不受支持（应为 {expected}）",
            "Service catalogue schema version {found} is not supported (expected {expected})",
        ),
        "empty": ("服务目录中没有任何服务项目", "The service catalogue has no services"),
        "missing_key": ("{where_zh}缺少设置“{key}”", "{where_en} is missing “{key}”"),
        "unknown_key": (
            "{where_zh}有无法识别的设置“{key}”",
            "{where_en} has an unknown setting “{key}”",
        ),
        "wrong_kind": (
            "{where_zh}的{key_zh}应为{expected_zh}，现为 {value}",
            "{where_en}: {key_en} must be {expected_en}, got {value}",
        ),
        "empty_text": ("{where_zh}的{key_zh}不能为空", "{where_en}: {key_en} must not be empty"),
        "bad_code": (
            "{where_zh}的代码“{value}”无效，应由小写英文字母、数字和下划线组成",
            "{where_en}: code “{value}” is invalid; use lower-case letters, digits and _",
        ),
        "duplicate_code": (
            "服务项目代码“{service_code}”重复：{first_zh} 与 {second_zh}",
            "Service code “{service_code}” is used twice: {first_en} and {second_en}",
        ),
        "bad_letter": (
            "{where_zh}的号票字母“{letter}”无效，应为 A–Z 中的一个大写字母",
            "{where_en}: ticket letter “{letter}” is invalid; use one capital letter A–Z",
        ),
        "duplicate_letter": (
            "号票字母“{letter}”重复：{first_zh} 与 {second_zh}",
            "Ticket letter “{letter}” is used twice: {first_en} and {second_en}",
        ),
        "letter_of_retired": (
            "号票字母“{letter}”仍属于{first_zh}，请给{second_zh}换一个字母",
            "Ticket letter “{letter}” still belongs to {first_en}; give {second_en} another letter",
        ),
        "nothing_offered": (
            "服务目录中至少要有一个仍在使用的服务项目",
            "The service catalogue needs at least one service that is still offered",
        ),
        "service_retired": (
            "服务项目“{name_zh}”已停用，新集市不再提供",
            "The service “{name_en}” is retired and is not offered at new markets",
        ),
        "bad_number": (
            "{where_zh}的{key_zh}为 {value}，应在 {low}–{high} 之间",
            "{where_en}: {key_en} is {value}; it must be between {low} and {high}",
        ),
        "unknown_category": (
            "{where_zh}的类别“{category}”不在类别列表中",
            "{where_en}: category “{category}” is not in the category list",
        ),
        "duplicate_category": (
            "类别代码“{category_code}”重复",
            "Category code “{category_code}” is used twice",
        ),
        "duplicate_field": (
            "{where_zh}中字段“{key}”重复",
            "{where_en} has the field “{key}” twice",
        ),
        "unknown_type": (
            "{where_zh}的类型“{type}”无效，可用：int、decimal、text、choice、bool",
            "{where_en}: type “{type}” is unknown; use int, decimal, text, choice or bool",
        ),
        "not_for_type": (
            "{where_zh}是 {type} 类型，不能设置“{key}”",
            "{where_en} is of type {type} and cannot have “{key}”",
        ),
        "min_gt_max": (
            "{where_zh}的最小值 {min} 大于最大值 {max}",
            "{where_en}: minimum {min} is greater than maximum {max}",
        ),
        "missing_for_type": (
            "{where_zh}是 {type} 类型，必须设置“{key}”",
            "{where_en} is of type {type} and needs “{key}”",
        ),
        "no_options": ("{where_zh}没有任何选项", "{where_en} has no options"),
        "duplicate_option": (
            "{where_zh}的选项“{option}”重复",
            "{where_en} has the option “{option}” twice",
        ),
        "bad_required_with": (
            "{where_zh}的“required_with”引用了不存在的字段“{other}”",
            "{where_en}: “required_with” names the unknown field “{other}”",
        ),
        "bad_below": (
            "{where_zh}的“below”应是本服务另一个数字记录项，收到“{other}”",
            "{where_en}: “below” must name another number field of the service, got “{other}”",
        ),
        "flag_no_conditions": (
            "{where_zh}没有任何条件",
            "{where_en} has no conditions",
        ),
        "flag_unknown_field": (
            "{where_zh}引用了不存在的字段“{field}”",
            "{where_en} refers to the unknown field “{field}”",
        ),
        "flag_bad_op": (
            "{where_zh}的比较符“{op}”无效，可用：{ops}",
            "{where_en}: operator “{op}” is invalid; use one of {ops}",
        ),
        "flag_bad_value": (
            "{where_zh}：条件“{field_zh} {op} {value}”不适合{type_zh}",
            "{where_en}: condition “{field_en} {op} {value}” does not fit {type_en}",
        ),
        "flag_needs_field": (
            "{where_zh}还没有记录项：请先添加记录项，再设置提示规则",
            "{where_en} has no outcome fields yet: add a field before a flag rule",
        ),
        "no_free_letter": (
            "A–Z 中已没有空闲的号票字母（I 和 O 不用）",
            "No ticket letter A–Z is free (I and O are not used)",
        ),
        "flag_name_conflict": (
            "{where_zh}与同名提示规则的中英文名称不一致",
            "{where_en} has names that differ from another rule with the same flag",
        ),
        "unknown_service": (
            "服务目录中没有代码为“{service_code}”的服务项目",
            "The service catalogue has no service with code “{service_code}”",
        ),
        "unknown_letter": (
            "服务目录中没有号票字母为“{letter}”的服务项目",
            "The service catalogue has no service with ticket letter “{letter}”",
        ),
    }


# --------------------------------------------------------------------------- dataclasses


def _pick(lang: str | None, zh: str, en: str) -> str:
    return zh if (lang or current_language()) == "zh" else en


Number = int | float


@dataclass(frozen=True)
class Category:
    code: str
    name_zh: str
    name_en: str

    def name(self, lang: str | None = None) -> str:
        return _pick(lang, self.name_zh, self.name_en)


@dataclass(frozen=True)
class Choice:
    """One option of a ``choice`` field; ``code`` is what an outcome stores."""

    code: str
    zh: str
    en: str

    def name(self, lang: str | None = None) -> str:
        return _pick(lang, self.zh, self.en)


@dataclass(frozen=True)
class FieldSpec:
    """One outcome field a stall records.

    ``min``/``max`` are the plausible range (numbers only, inclusive, as written in the
    catalogue). ``decimals`` (decimal only, required) is the most decimal places accepted and
    the precision a value is stored with; ``step`` is only the spin-box increment for the UI.
    ``required_with`` names other fields: when any of them is filled in, this one is required.
    ``below`` (numbers only) names another number field whose value this one must be lower
    than when both are filled in: a diastolic pressure below the systolic (a swapped pair
    of readings is refused, not flagged).
    """

    key: str
    name_zh: str
    name_en: str
    type: str
    required: bool = False
    unit_zh: str = ""
    unit_en: str = ""
    min: Number | None = None
    max: Number | None = None
    decimals: int | None = None
    step: Number | None = None
    max_length: int | None = None
    options: tuple[Choice, ...] = ()
    required_with: tuple[str, ...] = ()
    below: str | None = None

    def name(self, lang: str | None = None) -> str:
        return _pick(lang, self.name_zh, self.name_en)

    def unit(self, lang: str | None = None) -> str:
        return _pick(lang, self.unit_zh, self.unit_en)

    def choice(self, code: str) -> Choice | None:
        for option in self.options:
            if option.code == code:
                return option
        return None


@dataclass(frozen=True)
class Condition:
    field: str
    op: str
    value: Number | bool | str

    def holds(self, outcome: Mapping[str, object]) -> bool:
        actual = outcome.get(self.field)
        if actual is None:
            return False
        func = _OP_FUNCS[self.op]
        if isinstance(self.value, bool) or isinstance(self.value, str):
            if isinstance(actual, bool) != isinstance(self.value, bool):
                return False
            return bool(func(actual, self.value))
        left = as_decimal(actual)
        if left is None:
            return False
        return bool(func(left, as_decimal(self.value)))


@dataclass(frozen=True)
class FlagRule:
    """Raise ``flag`` when all conditions hold (or any, if ``any`` is true)."""

    flag: str
    name_zh: str
    name_en: str
    when: tuple[Condition, ...]
    any: bool = False

    def name(self, lang: str | None = None) -> str:
        return _pick(lang, self.name_zh, self.name_en)

    def matches(self, outcome: Mapping[str, object]) -> bool:
        results = (condition.holds(outcome) for condition in self.when)
        return any(results) if self.any else all(results)


@dataclass(frozen=True)
class Service:
    code: str
    name_zh: str
    name_en: str
    letter: str
    typical_minutes: int
    category: str
    fields: tuple[FieldSpec, ...] = ()
    flags: tuple[FlagRule, ...] = ()
    # Retired: kept so that its code and letter are not reused, no longer offered for new
    # market days (the days that had it keep their own copy of it).
    retired: bool = False

    def __post_init__(self) -> None:
        object.__setattr__(self, "fields", tuple(self.fields))
        object.__setattr__(self, "flags", tuple(self.flags))
        _check_service(self)

    def name(self, lang: str | None = None) -> str:
        return _pick(lang, self.name_zh, self.name_en)

    def field(self, key: str) -> FieldSpec | None:
        for spec in self.fields:
            if spec.key == key:
                return spec
        return None

    def flag_codes(self) -> tuple[str, ...]:
        """Distinct flag codes this service can raise, in rule order."""
        return tuple(dict.fromkeys(rule.flag for rule in self.flags))

    def flag_name(self, flag: str, lang: str | None = None) -> str:
        for rule in self.flags:
            if rule.flag == flag:
                return rule.name(lang)
        return flag


@dataclass(frozen=True)
class Catalogue:
    """The services, iterated in file order, retired ones included (see ``offered``).
    ``categories`` may be empty (then unchecked)."""

    services: tuple[Service, ...]
    categories: tuple[Category, ...] = ()
    _by_code: dict[str, Service] = field(init=False, repr=False, compare=False)
    _by_letter: dict[str, Service] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "services", tuple(self.services))
        object.__setattr__(self, "categories", tuple(self.categories))
        if not self.services:
            raise CatalogueError("empty")
        category_codes: set[str] = set()
        for category in self.categories:
            if category.code in category_codes:
                raise CatalogueError("duplicate_category", category_code=category.code)
            category_codes.add(category.code)
        by_code: dict[str, Service] = {}
        by_letter: dict[str, Service] = {}
        for service in self.services:
            if service.code in by_code:
                first = by_code[service.code]
                raise CatalogueError(
                    "duplicate_code", service_code=service.code, **_pair(first, service)
                )
            if service.letter in by_letter:
                first = by_letter[service.letter]
                if service.retired and not first.retired:
                    first, service = service, first
                raise CatalogueError(
                    "letter_of_retired" if first.retired else "duplicate_letter",
                    letter=service.letter,
                    **_pair(first, service),
                )
            if category_codes and service.category not in category_codes:
                raise CatalogueError(
                    "unknown_category", category=service.category, **where_service(service)
                )
            by_code[service.code] = service
            by_letter[service.letter] = service
        if all(service.retired for service in self.services):
            raise CatalogueError("nothing_offered")
        object.__setattr__(self, "_by_code", by_code)
        object.__setattr__(self, "_by_letter", by_letter)

    def __iter__(self) -> Iterator[Service]:
        return iter(self.services)

    def __len__(self) -> int:
        return len(self.services)

    def __contains__(self, code: object) -> bool:
        return code in self._by_code

    def codes(self) -> tuple[str, ...]:
        return tuple(service.code for service in self.services)

    def get(self, code: str) -> Service:
        """The service with this code; raises CatalogueError('unknown_service') if none."""
        try:
            return self._by_code[code]
        except KeyError:
            raise CatalogueError("unknown_service", service_code=code) from None

    def offered(self) -> tuple[Service, ...]:
        """The services a new market day may open, in file order (not the retired ones)."""
        return tuple(service for service in self.services if not service.retired)

    def offered_service(self, code: str) -> Service:
        """Like ``get``, but a retired service is refused (CatalogueError 'service_retired')."""
        service = self.get(code)
        if service.retired:
            raise CatalogueError(
                "service_retired", name_zh=service.name_zh, name_en=service.name_en
            )
        return service

    def by_letter(self, letter: str) -> Service:
        """The service whose tickets carry this letter (case-insensitive)."""
        try:
            return self._by_letter[letter.strip().upper()]
        except KeyError:
            raise CatalogueError("unknown_letter", letter=letter) from None

    def category(self, code: str) -> Category | None:
        for category in self.categories:
            if category.code == code:
                return category
        return None

    # ------------------------------------------------------------------ persistence

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-compatible data; ``Catalogue.from_dict(c.to_dict()) == c``."""
        return {
            "schema": SCHEMA_VERSION,
            "categories": [
                {"code": c.code, "name_zh": c.name_zh, "name_en": c.name_en}
                for c in self.categories
            ],
            "services": [_service_to_dict(service) for service in self.services],
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Catalogue:
        """Build and check a catalogue from ``to_dict()`` output or parsed TOML."""
        return _parse_catalogue(data)


# --------------------------------------------------------------------------- loading


def load_catalogue_text(toml_text: str) -> Catalogue:
    try:
        data = tomllib.loads(toml_text)
    except tomllib.TOMLDecodeError as exc:
        raise CatalogueError("not_toml", detail=str(exc)) from exc
    return Catalogue.from_dict(data)


def load_default_catalogue() -> Catalogue:
    """The catalogue shipped in ``resources/catalogue.toml``."""
    return load_catalogue_text(resource_path("catalogue.toml").read_text(encoding="utf-8"))


# --------------------------------------------------------------------------- helpers


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


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _label_service(service: Any, index: int | None = None) -> tuple[str, str]:
    code = getattr(service, "code", None)
    zh = getattr(service, "name_zh", None)
    en = getattr(service, "name_en", None)
    letter = getattr(service, "letter", None)
    if code and zh:
        zh_label, en_label = f"服务项目“{zh}”({code})", f"service “{en or code}” ({code})"
        if getattr(service, "retired", False) is True:
            return f"{zh_label}（已停用）", f"{en_label} (retired)"
        return zh_label, en_label
    if letter and isinstance(letter, str) and letter.strip():
        # a service just added in the editor: its letter is what the clerk can see
        return f"号票字母为“{letter}”的服务项目", f"the service with ticket letter “{letter}”"
    if code:
        return f"服务项目“{code}”", f"service “{code}”"
    return f"第 {index} 个服务项目", f"service #{index}"


def where_service(service: Any) -> dict[str, str]:
    """``where_zh``/``where_en`` naming a service (or anything with its attributes) in a
    message, as this module's own messages do."""
    return _w(_label_service(service))


def _pair(first: Service, second: Service) -> dict[str, str]:
    first_zh, first_en = _label_service(first)
    second_zh, second_en = _label_service(second)
    return {
        "first_zh": first_zh,
        "first_en": first_en,
        "second_zh": second_zh,
        "second_en": second_en,
    }


_FIELD_WORDS = ("记录项", "个", "field")
_FLAG_WORDS = ("提示规则", "条", "flag rule")


def _where_item(
    service_where: tuple[str, str],
    words: tuple[str, str, str],
    code: str,
    name_zh: str = "",
    name_en: str = "",
    position: int | None = None,
) -> tuple[str, str]:
    """A field or flag rule of a service, named in a message by its names and code; one just
    added in the editor (no names yet) by its place, which is what the clerk sees."""
    zh, en = service_where
    noun_zh, counter_zh, noun_en = words
    if position is not None and not (name_zh.strip() or name_en.strip()):
        return f"{zh}的第 {position} {counter_zh}{noun_zh}", f"{en}, {noun_en} #{position}"
    item_zh = f"“{name_zh}”({code})" if name_zh.strip() else f"“{code}”"
    item_en = f"“{name_en}” ({code})" if name_en.strip() else f"“{code}”"
    return f"{zh}的{noun_zh}{item_zh}", f"{en}, {noun_en} {item_en}"


def _where_field(service_where: tuple[str, str], key: str, name_zh: str = "",
                 name_en: str = "", position: int | None = None) -> tuple[str, str]:
    return _where_item(service_where, _FIELD_WORDS, key, name_zh, name_en, position)


def _where_flag(service_where: tuple[str, str], flag: str, name_zh: str = "",
                name_en: str = "", position: int | None = None) -> tuple[str, str]:
    return _where_item(service_where, _FLAG_WORDS, flag, name_zh, name_en, position)


# The settings a person edits, in words: messages about them must not read like code.
_KEY_WORDS = {
    "name_zh": ("中文名称", "the Chinese name"),
    "name_en": ("英文名称", "the English name"),
    "zh": ("中文名称", "the Chinese label"),
    "en": ("英文名称", "the English label"),
    "typical_minutes": ("通常用时（分钟）", "the typical minutes"),
    "decimals": ("小数位数", "the number of decimal places"),
    "step": ("步长", "the step"),
    "max_length": ("最多字数", "the maximum length"),
    "below": ("应低于的记录项", "the field it must be lower than"),
    "min": ("最小值", "the minimum"),
    "max": ("最大值", "the maximum"),
}
_TYPE_WORDS = {
    "int": ("整数记录项", "a whole-number field"),
    "decimal": ("数字记录项", "a number field"),
    "text": ("文字记录项", "a text field"),
    "choice": ("选项记录项", "a choice field"),
    "bool": ("是/否记录项", "a yes/no field"),
}


def _key_words(key: str) -> dict[str, str]:
    zh, en = _KEY_WORDS.get(key, (f"“{key}”", f"“{key}”"))
    return {"key": key, "key_zh": zh, "key_en": en}


def _shown(value: object) -> str:
    return "—" if value is None or value == "" else str(value)


def _shown_repr(value: object) -> str:
    return "—" if value is None or value == "" else repr(value)[:40]


def _w(where: tuple[str, str]) -> dict[str, str]:
    # where_en always starts an English sentence
    return {"where_zh": where[0], "where_en": where[1][:1].upper() + where[1][1:]}


# --------------------------------------------------------------------------- semantic checks


def _check_code(value: str, where: tuple[str, str]) -> None:
    if not isinstance(value, str) or not _CODE_RE.match(value):
        raise CatalogueError("bad_code", value=value, **_w(where))


def _check_names(obj: Any, keys: tuple[str, ...], where: tuple[str, str]) -> None:
    for key in keys:
        if not str(getattr(obj, key)).strip():
            raise CatalogueError("empty_text", **_key_words(key), **_w(where))


def _check_service(service: Service) -> None:
    where = _label_service(service)
    _check_code(service.code, where)
    _check_names(service, ("name_zh", "name_en"), where)
    if not isinstance(service.letter, str) or not _LETTER_RE.match(service.letter):
        raise CatalogueError("bad_letter", letter=service.letter, **_w(where))
    minutes = service.typical_minutes
    if (
        not isinstance(minutes, int)
        or isinstance(minutes, bool)
        or not (1 <= minutes <= MAX_TYPICAL_MINUTES)
    ):
        raise CatalogueError(
            "bad_number",
            **_key_words("typical_minutes"),
            value=_shown(minutes),
            low=1,
            high=MAX_TYPICAL_MINUTES,
            **_w(where),
        )
    _check_code(service.category, where)
    keys: dict[str, FieldSpec] = {}
    for position, spec in enumerate(service.fields, start=1):
        fwhere = _where_field(where, spec.key, spec.name_zh, spec.name_en, position)
        if spec.key in keys:
            raise CatalogueError("duplicate_field", key=spec.key, **_w(where))
        keys[spec.key] = spec
        _check_field(spec, fwhere)
    for spec in service.fields:
        for other in spec.required_with:
            if other not in keys or other == spec.key:
                fwhere = _where_field(where, spec.key, spec.name_zh, spec.name_en)
                raise CatalogueError("bad_required_with", other=other, **_w(fwhere))
        if spec.below is not None:
            other_spec = keys.get(spec.below)
            if other_spec is None or other_spec is spec or other_spec.type not in (
                    "int", "decimal"):
                fwhere = _where_field(where, spec.key, spec.name_zh, spec.name_en)
                raise CatalogueError("bad_below", other=spec.below, **_w(fwhere))
    names: dict[str, tuple[str, str]] = {}
    for position, rule in enumerate(service.flags, start=1):
        rwhere = _where_flag(where, rule.flag, rule.name_zh, rule.name_en, position)
        _check_flag(rule, keys, rwhere)
        if rule.flag in names and names[rule.flag] != (rule.name_zh, rule.name_en):
            raise CatalogueError("flag_name_conflict", **_w(rwhere))
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
    _check_code(spec.key, where)
    _check_names(spec, ("name_zh", "name_en"), where)
    if spec.type not in FIELD_TYPES:
        raise CatalogueError("unknown_type", type=spec.type, **_w(where))
    allowed = _TYPE_ATTRS[spec.type]
    for key, default in _DEFAULTS.items():
        if getattr(spec, key) != default and key not in allowed:
            raise CatalogueError("not_for_type", type=spec.type, key=key, **_w(where))
    if spec.options and "options" not in allowed:
        raise CatalogueError("not_for_type", type=spec.type, key="options", **_w(where))
    if (spec.unit_zh or spec.unit_en) and spec.type not in ("int", "decimal"):
        raise CatalogueError("not_for_type", type=spec.type, key="unit", **_w(where))
    for key in ("min", "max", "step"):
        value = getattr(spec, key)
        if value is None:
            continue
        whole_only = spec.type == "int"
        if not _is_number(value) or (whole_only and not isinstance(value, int)):
            expected = ("整数", "a whole number") if whole_only else ("数字", "a number")
            raise CatalogueError(
                "wrong_kind",
                **_key_words(key),
                value=_shown_repr(value),
                expected_zh=expected[0],
                expected_en=expected[1],
                **_w(where),
            )
    if spec.min is not None and spec.max is not None and spec.min > spec.max:
        raise CatalogueError("min_gt_max", min=spec.min, max=spec.max, **_w(where))
    if spec.type == "decimal":
        if spec.decimals is None:
            raise CatalogueError("missing_for_type", type="decimal", key="decimals", **_w(where))
        if not (0 <= spec.decimals <= MAX_DECIMALS):
            raise CatalogueError(
                "bad_number",
                **_key_words("decimals"),
                value=spec.decimals,
                low=0,
                high=MAX_DECIMALS,
                **_w(where),
            )
        if spec.step is not None and spec.step <= 0:
            raise CatalogueError(
                "bad_number",
                **_key_words("step"),
                value=spec.step,
                low="0",
                high="∞",
                **_w(where),
            )
    if spec.type == "text":
        if spec.max_length is None:
            raise CatalogueError("missing_for_type", type="text", key="max_length", **_w(where))
        if not (1 <= spec.max_length <= MAX_TEXT_LENGTH):
            raise CatalogueError(
                "bad_number",
                **_key_words("max_length"),
                value=spec.max_length,
                low=1,
                high=MAX_TEXT_LENGTH,
                **_w(where),
            )
    if spec.type == "choice":
        if not spec.options:
            raise CatalogueError("no_options", **_w(where))
        codes: set[str] = set()
        labels: set[str] = set()
        for option in spec.options:
            _check_code(option.code, where)
            _check_names(option, ("zh", "en"), where)
            # labels are accepted as input too, so they must not be shared between options
            own = {option.zh.strip().casefold(), option.en.strip().casefold()}
            if option.code in codes or own & labels:
                raise CatalogueError("duplicate_option", option=option.code, **_w(where))
            codes.add(option.code)
            labels |= own


def _check_flag(rule: FlagRule, fields: dict[str, FieldSpec], where: tuple[str, str]) -> None:
    _check_code(rule.flag, where)
    _check_names(rule, ("name_zh", "name_en"), where)
    if not rule.when:
        raise CatalogueError("flag_no_conditions", **_w(where))
    for cond in rule.when:
        spec = fields.get(cond.field)
        if spec is None:
            raise CatalogueError("flag_unknown_field", field=cond.field, **_w(where))
        if cond.op not in OPS:
            raise CatalogueError("flag_bad_op", op=cond.op, ops=" ".join(OPS), **_w(where))
        value = cond.value
        if spec.type in ("int", "decimal"):
            ok = _is_number(value)
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
            type_zh, type_en = _TYPE_WORDS[spec.type]
            raise CatalogueError(
                "flag_bad_value",
                field=cond.field,
                field_zh=spec.name_zh or cond.field,
                field_en=spec.name_en or cond.field,
                op=cond.op,
                value=_shown(value) if isinstance(value, str) else repr(value),
                type=spec.type,
                type_zh=type_zh,
                type_en=type_en,
                **_w(where),
            )


# --------------------------------------------------------------------------- parsing

_KINDS: dict[str, tuple[str, str]] = {
    "str": ("文字", "text"),
    "int": ("整数", "a whole number"),
    "number": ("数字", "a number"),
    "bool": ("true 或 false", "true or false"),
    "list": ("列表", "a list"),
    "table": ("表（键值对）", "a table"),
    "scalar": ("数字、文字或 true/false", "a number, text or true/false"),
}


def _is_kind(value: object, kind: str) -> bool:
    if kind == "str":
        return isinstance(value, str)
    if kind == "int":
        return isinstance(value, int) and not isinstance(value, bool)
    if kind == "number":
        return _is_number(value)
    if kind == "bool":
        return isinstance(value, bool)
    if kind == "list":
        return isinstance(value, list | tuple)
    if kind == "table":
        return isinstance(value, Mapping)
    if kind == "scalar":
        return isinstance(value, bool | int | float | str)
    raise AssertionError(kind)


class _Reader:
    """Reads one table, refusing wrong kinds and (at ``done()``) keys nobody asked for."""

    _MISSING = object()

    def __init__(self, data: object, where: tuple[str, str], key: str = "") -> None:
        if not isinstance(data, Mapping):
            raise CatalogueError(
                "wrong_kind",
                **_key_words(key),
                value=_shown_repr(data),
                expected_zh=_KINDS["table"][0],
                expected_en=_KINDS["table"][1],
                **_w(where),
            )
        self.data = data
        self.where = where
        self.used: set[str] = set()

    def peek(self, key: str) -> Any:
        value = self.data.get(key)
        return value if isinstance(value, str) else None

    def get(self, key: str, kind: str, default: Any = _MISSING) -> Any:
        self.used.add(key)
        if key not in self.data:
            if default is self._MISSING:
                raise CatalogueError("missing_key", key=key, **_w(self.where))
            return default
        value = self.data[key]
        if not _is_kind(value, kind):
            raise CatalogueError(
                "wrong_kind",
                **_key_words(key),
                value=_shown_repr(value),
                expected_zh=_KINDS[kind][0],
                expected_en=_KINDS[kind][1],
                **_w(self.where),
            )
        return value

    def done(self) -> None:
        for key in self.data:
            if key not in self.used:
                raise CatalogueError("unknown_key", key=key, **_w(self.where))


_TOP = ("服务目录", "the service catalogue")


def _parse_catalogue(data: Mapping[str, Any]) -> Catalogue:
    top = _Reader(data, _TOP)
    schema = top.get("schema", "int", SCHEMA_VERSION)
    if schema != SCHEMA_VERSION:
        raise CatalogueError("bad_schema", found=schema, expected=SCHEMA_VERSION)
    categories = []
    for raw in top.get("categories", "list", []):
        reader = _Reader(raw, ("服务目录的类别", "a catalogue category"), "categories")
        code = reader.get("code", "str")
        where = (f"类别“{code}”", f"category “{code}”")
        reader.where = where
        category = Category(code, reader.get("name_zh", "str"), reader.get("name_en", "str"))
        reader.done()
        _check_code(category.code, where)
        _check_names(category, ("name_zh", "name_en"), where)
        categories.append(category)
    services = [
        _parse_service(raw, index) for index, raw in enumerate(top.get("services", "list"), start=1)
    ]
    top.done()
    return Catalogue(tuple(services), tuple(categories))


def _parse_service(raw: object, index: int) -> Service:
    reader = _Reader(raw, _label_service(None, index), "services")
    label = SimpleNamespace(
        code=reader.peek("code"),
        name_zh=reader.peek("name_zh"),
        name_en=reader.peek("name_en"),
        letter=reader.peek("letter"),
    )
    where = _label_service(label, index)
    reader.where = where
    code = reader.get("code", "str")
    name_zh = reader.get("name_zh", "str")
    name_en = reader.get("name_en", "str")
    letter = reader.get("letter", "str")
    minutes = reader.get("typical_minutes", "int")
    category = reader.get("category", "str")
    fields = tuple(_parse_field(f, where) for f in reader.get("fields", "list", []))
    flags = tuple(_parse_flag(f, where) for f in reader.get("flags", "list", []))
    retired = reader.get("retired", "bool", False)
    reader.done()
    return Service(code, name_zh, name_en, letter, minutes, category, fields, flags, retired)


def _parse_field(raw: object, service_where: tuple[str, str]) -> FieldSpec:
    reader = _Reader(raw, _where_field(service_where, "?"), "fields")
    key = reader.peek("key") or "?"
    reader.where = _where_field(
        service_where, key, reader.peek("name_zh") or "", reader.peek("name_en") or ""
    )
    unit = reader.get("unit", "str", "")
    options = []
    for option in reader.get("options", "list", []):
        oreader = _Reader(option, reader.where, "options")
        options.append(
            Choice(oreader.get("code", "str"), oreader.get("zh", "str"), oreader.get("en", "str"))
        )
        oreader.done()
    required_with = reader.get("required_with", "list", [])
    for other in required_with:
        if not isinstance(other, str):
            raise CatalogueError(
                "wrong_kind",
                **_key_words("required_with"),
                value=_shown_repr(other),
                expected_zh="文字列表",
                expected_en="a list of field keys",
                **_w(reader.where),
            )
    spec = FieldSpec(
        key=reader.get("key", "str"),
        name_zh=reader.get("name_zh", "str"),
        name_en=reader.get("name_en", "str"),
        type=reader.get("type", "str"),
        required=reader.get("required", "bool", False),
        unit_zh=reader.get("unit_zh", "str", unit),
        unit_en=reader.get("unit_en", "str", unit),
        min=reader.get("min", "number", None),
        max=reader.get("max", "number", None),
        decimals=reader.get("decimals", "int", None),
        step=reader.get("step", "number", None),
        max_length=reader.get("max_length", "int", None),
        options=tuple(options),
        required_with=tuple(required_with),
        below=reader.get("below", "str", None),
    )
    reader.done()
    return spec


def _parse_flag(raw: object, service_where: tuple[str, str]) -> FlagRule:
    reader = _Reader(raw, _where_flag(service_where, "?"), "flags")
    reader.where = _where_flag(
        service_where,
        reader.peek("flag") or "?",
        reader.peek("name_zh") or "",
        reader.peek("name_en") or "",
    )
    conditions = []
    for cond in reader.get("when", "list"):
        creader = _Reader(cond, reader.where, "when")
        conditions.append(
            Condition(
                creader.get("field", "str"),
                creader.get("op", "str"),
                creader.get("value", "scalar"),
            )
        )
        creader.done()
    rule = FlagRule(
        flag=reader.get("flag", "str"),
        name_zh=reader.get("name_zh", "str"),
        name_en=reader.get("name_en", "str"),
        when=tuple(conditions),
        any=reader.get("any", "bool", False),
    )
    reader.done()
    return rule


# --------------------------------------------------------------------------- serialising


def _field_to_dict(spec: FieldSpec) -> dict[str, Any]:
    out: dict[str, Any] = {
        "key": spec.key,
        "name_zh": spec.name_zh,
        "name_en": spec.name_en,
        "type": spec.type,
        "required": spec.required,
    }
    if spec.unit_zh:
        out["unit_zh"] = spec.unit_zh
    if spec.unit_en:
        out["unit_en"] = spec.unit_en
    for key in ("min", "max", "decimals", "step", "max_length"):
        value = getattr(spec, key)
        if value is not None:
            out[key] = value
    if spec.options:
        out["options"] = [{"code": o.code, "zh": o.zh, "en": o.en} for o in spec.options]
    if spec.required_with:
        out["required_with"] = list(spec.required_with)
    if spec.below is not None:  # written only when set, so stored catalogues stay as they were
        out["below"] = spec.below
    return out


def _service_to_dict(service: Service) -> dict[str, Any]:
    out: dict[str, Any] = {
        "code": service.code,
        "name_zh": service.name_zh,
        "name_en": service.name_en,
        "letter": service.letter,
        "typical_minutes": service.typical_minutes,
        "category": service.category,
        "fields": [_field_to_dict(spec) for spec in service.fields],
        "flags": [
            {
                "flag": rule.flag,
                "name_zh": rule.name_zh,
                "name_en": rule.name_en,
                "any": rule.any,
                "when": [{"field": c.field, "op": c.op, "value": c.value} for c in rule.when],
            }
            for rule in service.flags
        ],
    }
    if service.retired:  # written only when set, so stored catalogues stay as they were
        out["retired"] = True
    return out
