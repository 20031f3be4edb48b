"""Refusals of a catalogue, and how their messages name a service, field or flag rule.

A catalogue is edited by township staff in Settings: a message names the service and the
field the way the editor shows them (its names, or its place when it has none yet), never
by an internal key alone."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from marketapp.core.errors import UserError
from marketapp.core.text import N_, PAIR, say, say_pair

if TYPE_CHECKING:
    from marketapp.core.catalogue.model import Service


class CatalogueError(UserError):
    """The catalogue (default file or an edited copy) is malformed, or a lookup failed."""

    messages = {
        "not_toml": N_("The service catalogue is not valid TOML: {detail}"),
        "bad_schema": N_("Service catalogue schema version {found} is not supported (expected "
                         "{expected})"),
        "empty": N_("The service catalogue has no services"),
        "missing_key": N_("{where_en} is missing “{key}”"),
        "unknown_key": N_("{where_en} has an unknown setting “{key}”"),
        "wrong_kind": N_("{where_en}: {key_en} must be {expected_en}, got {value}"),
        "empty_text": N_("{where_en}: {key_en} must not be empty"),
        "bad_code": N_("{where_en}: code “{value}” is invalid; use lower-case letters, digits "
                       "and _"),
        "duplicate_code": N_("Service code “{service_code}” is used twice: {first_en} and "
                             "{second_en}"),
        "bad_letter": N_("{where_en}: ticket letter “{letter}” is invalid; use one capital "
                         "letter A–Z"),
        "duplicate_letter": N_("Ticket letter “{letter}” is used twice: {first_en} and "
                               "{second_en}"),
        "letter_of_retired": N_("Ticket letter “{letter}” still belongs to {first_en}; give "
                                "{second_en} another letter"),
        "nothing_offered": N_("The service catalogue needs at least one service that is still "
                              "offered"),
        "service_retired": N_("The service “{name_en}” is retired and is not offered at new "
                              "markets"),
        "bad_number": N_("{where_en}: {key_en} is {value}; it must be between {low} and {high}"),
        "unknown_category": N_("{where_en}: category “{category}” is not in the category list"),
        "duplicate_category": N_("Category code “{category_code}” is used twice"),
        "duplicate_field": N_("{where_en} has the field “{key}” twice"),
        "unknown_type": N_("{where_en}: type “{type}” is unknown; use int, decimal, text, choice "
                           "or bool"),
        "not_for_type": N_("{where_en} is of type {type} and cannot have “{key}”"),
        "min_gt_max": N_("{where_en}: minimum {min} is greater than maximum {max}"),
        "missing_for_type": N_("{where_en} is of type {type} and needs “{key}”"),
        "no_options": N_("{where_en} has no options"),
        "duplicate_option": N_("{where_en} has the option “{option}” twice"),
        "bad_required_with": N_("{where_en}: “required_with” names the unknown field “{other}”"),
        "bad_below": N_("{where_en}: “below” must name another number field of the service, got "
                        "“{other}”"),
        "flag_no_conditions": N_("{where_en} has no conditions"),
        "flag_unknown_field": N_("{where_en} refers to the unknown field “{field}”"),
        "flag_bad_op": N_("{where_en}: operator “{op}” is invalid; use one of {ops}"),
        "flag_bad_value": N_("{where_en}: condition “{field_en} {op} {value}” does not fit "
                             "{type_en}"),
        "flag_needs_field": N_("{where_en} has no outcome fields yet: add a field before a flag "
                               "rule"),
        "no_free_letter": N_("No ticket letter A–Z is free (I and O are not used)"),
        "flag_name_conflict": N_("{where_en} has names that differ from another rule with the "
                                 "same flag"),
        "unknown_service": N_("The service catalogue has no service with code “{service_code}”"),
        "unknown_letter": N_("The service catalogue has no service with ticket letter “{letter}”"),
    }


def label_service(service: Any, index: int | None = None) -> tuple[str, str]:
    code = getattr(service, "code", None)
    zh = getattr(service, "name_zh", None)
    en = getattr(service, "name_en", None)
    letter = getattr(service, "letter", None)
    if code and zh:
        name = (zh, en or code)
        if getattr(service, "retired", False) is True:
            return say_pair(N_("service “{name}” ({code}) (retired)"), name=name, code=code)
        return say_pair(N_("service “{name}” ({code})"), name=name, code=code)
    if letter and isinstance(letter, str) and letter.strip():
        # a service just added in the editor: its letter is what the clerk can see
        return say_pair(N_("the service with ticket letter “{letter}”"), letter=letter)
    if code:
        return say_pair(N_("service “{code}”"), code=code)
    return say_pair(N_("service #{index}"), index=index)


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


# How a field or flag rule of a service is named: at its place, by its names, by its code.
_AT_PLACE = {"field": N_("{service}, field #{position}"),
             "flag": N_("{service}, flag rule #{position}")}
_NAMED = {"field": N_("{service}, field “{name}” ({code})"),
          "flag": N_("{service}, flag rule “{name}” ({code})")}
_CODED = {"field": N_("{service}, field “{code}”"), "flag": N_("{service}, flag rule “{code}”")}


def _where_item(
    service_where: tuple[str, str],
    kind: str,
    code: str,
    name_zh: str = "",
    name_en: str = "",
    position: int | None = None,
) -> tuple[str, str]:
    """A field or flag rule of a service, named in a message by its names and code; one just
    added in the editor (no names yet) by its place, which is what the clerk sees."""
    if position is not None and not (name_zh.strip() or name_en.strip()):
        return say_pair(_AT_PLACE[kind], service=service_where, position=position)
    # each language names it by its own name, or by its code when that name is empty
    zh, en = ((say(_NAMED[kind], lang, service=where, name=name, code=code) if name.strip()
               else say(_CODED[kind], lang, service=where, code=code))
              for lang, where, name in zip(PAIR, service_where, (name_zh, name_en), strict=True))
    return zh, en


def where_field(service_where: tuple[str, str], key: str, name_zh: str = "",
                 name_en: str = "", position: int | None = None) -> tuple[str, str]:
    return _where_item(service_where, "field", key, name_zh, name_en, position)


def where_flag(service_where: tuple[str, str], flag: str, name_zh: str = "",
                name_en: str = "", position: int | None = None) -> tuple[str, str]:
    return _where_item(service_where, "flag", flag, name_zh, name_en, position)


# The settings a person edits, in words: messages about them must not read like code.
_KEY_WORDS = {
    "name_zh": N_("the Chinese name"),
    "name_en": N_("the English name"),
    "zh": N_("the Chinese label"),
    "en": N_("the English label"),
    "typical_minutes": N_("the typical minutes"),
    "decimals": N_("the number of decimal places"),
    "step": N_("the step"),
    "max_length": N_("the maximum length"),
    "below": N_("the field it must be lower than"),
    "min": N_("the minimum"),
    "max": N_("the maximum"),
}


#: What a setting of the catalogue file should have been, in words.
KIND_WORDS = {
    "str": N_("text"),
    "int": N_("a whole number"),
    "number": N_("a number"),
    "bool": N_("true or false"),
    "list": N_("a list"),
    "table": N_("a table"),
    "scalar": N_("a number, text or true/false"),
}


def expected_words(msgid: str) -> dict[str, str]:
    zh, en = say_pair(msgid)
    return {"expected_zh": zh, "expected_en": en}


TYPE_WORDS = {
    "int": N_("a whole-number field"),
    "decimal": N_("a number field"),
    "text": N_("a text field"),
    "choice": N_("a choice field"),
    "bool": N_("a yes/no field"),
}


def key_words(key: str) -> dict[str, str]:
    zh, en = say_pair(_KEY_WORDS[key]) if key in _KEY_WORDS else (f"“{key}”", f"“{key}”")
    return {"key": key, "key_zh": zh, "key_en": en}


def shown(value: object) -> str:
    return "—" if value is None or value == "" else str(value)


def shown_repr(value: object) -> str:
    return "—" if value is None or value == "" else repr(value)[:40]


def where_words(where: tuple[str, str]) -> dict[str, str]:
    # where_en always starts an English sentence
    return {"where_zh": where[0], "where_en": where[1][:1].upper() + where[1][1:]}
