"""Refusals of a catalogue, and how their messages name a service, field or flag rule.

A catalogue is edited by township staff in Settings: a message names the service and the
field the way the editor shows them (its names, or its place when it has none yet), never
by an internal key alone."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from marketapp.core.errors import UserError

if TYPE_CHECKING:
    from marketapp.core.catalogue.model import Service


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


def label_service(service: Any, index: int | None = None) -> tuple[str, str]:
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
    return where_words(label_service(service))


def service_pair(first: Service, second: Service) -> dict[str, str]:
    first_zh, first_en = label_service(first)
    second_zh, second_en = label_service(second)
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


def where_field(service_where: tuple[str, str], key: str, name_zh: str = "",
                 name_en: str = "", position: int | None = None) -> tuple[str, str]:
    return _where_item(service_where, _FIELD_WORDS, key, name_zh, name_en, position)


def where_flag(service_where: tuple[str, str], flag: str, name_zh: str = "",
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


TYPE_WORDS = {
    "int": ("整数记录项", "a whole-number field"),
    "decimal": ("数字记录项", "a number field"),
    "text": ("文字记录项", "a text field"),
    "choice": ("选项记录项", "a choice field"),
    "bool": ("是/否记录项", "a yes/no field"),
}


def key_words(key: str) -> dict[str, str]:
    zh, en = _KEY_WORDS.get(key, (f"“{key}”", f"“{key}”"))
    return {"key": key, "key_zh": zh, "key_en": en}


def shown(value: object) -> str:
    return "—" if value is None or value == "" else str(value)


def shown_repr(value: object) -> str:
    return "—" if value is None or value == "" else repr(value)[:40]


def where_words(where: tuple[str, str]) -> dict[str, str]:
    # where_en always starts an English sentence
    return {"where_zh": where[0], "where_en": where[1][:1].upper() + where[1][1:]}
