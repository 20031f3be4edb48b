"""Editing a draft of the service catalogue, one step at a time, as the Settings editor does.

A draft is ``Catalogue.to_dict()`` data being changed. It may be incomplete in between (a
service just added has no name yet); Save checks it as a whole with ``Catalogue.from_dict``.
The rules of each step live here so the editor only shows the draft and calls them:

* a new service gets an unused code and a free ticket letter; new fields, options and flag
  rules get unused keys and codes. A service code or field key that a past market day used is
  never given to something new: period reports and exports group by them.
* Removing a service that a market day used retires it instead: it stays in the catalogue
  (its letter stays its own, it can be offered again) but new market days no longer offer it.
  Market days keep their own copy of each service, so their records and reports are unchanged.
* Removing a field or an option also removes the flag conditions that test it (the editor
  names them and asks first); renaming an option's code carries its conditions along.
* A flag rule given the name of a flag the catalogue already has raises that flag (so a new
  "血压偏高" rule feeds the doctor's follow-up list like the built-in one); renaming a flag
  renames every rule of the service that raises it.
"""

from __future__ import annotations

import copy
import re
import unicodedata
from collections.abc import Collection, Mapping
from string import ascii_uppercase
from types import SimpleNamespace
from typing import Any

from marketapp.core.catalogue.checks import FIELD_TYPES
from marketapp.core.catalogue.errors import CatalogueError, where_service
from marketapp.core.catalogue.model import SENSITIVE_BY_DEFAULT

Draft = dict[str, Any]
History = Mapping[str, Collection[str]]  # service code -> field keys, from service_history()

# I and O read as 1 and 0 on a ticket such as "I012"
TICKET_LETTERS = tuple(letter for letter in ascii_uppercase if letter not in "IO")
NUMERIC = ("int", "decimal")
NEW_SERVICE_MINUTES = 15
_NEW_FIELD = {
    "int": {},
    "decimal": {"decimals": 2},
    "text": {"max_length": 200},
    "choice": {"options": []},
    "bool": {},
}
_NUMBER = re.compile(r"^-?[0-9]+(\.[0-9]+)?$")


# --------------------------------------------------------------------------- lookups


def with_english_filled(draft: Draft) -> Draft:
    """The draft with every empty English name taken from the Chinese one: township staff
    name things in Chinese, and the catalogue needs both names (the English screens then
    show the Chinese name, which is the township's own data)."""
    filled = copy.deepcopy(draft)

    def fill(node: Any) -> None:
        if isinstance(node, dict):
            for zh, en in (("name_zh", "name_en"), ("zh", "en")):
                if zh in node and en in node and not str(node[en] or "").strip():
                    node[en] = node[zh]
            for value in node.values():
                fill(value)
        elif isinstance(node, list):
            for value in node:
                fill(value)

    fill(filled)
    return filled


def service_of(draft: Draft, code: str) -> dict[str, Any]:
    for service in draft["services"]:
        if service["code"] == code:
            return service
    raise CatalogueError("unknown_service", service_code=code)


def field_of(draft: Draft, code: str, key: str) -> dict[str, Any]:
    return next(f for f in service_of(draft, code)["fields"] if f["key"] == key)


def _free(prefix: str, taken: Collection[str]) -> str:
    number = 1
    while f"{prefix}_{number}" in taken:
        number += 1
    return f"{prefix}_{number}"


def _move(items: list, index: int, delta: int) -> int:
    target = min(max(index + delta, 0), len(items) - 1)
    items.insert(target, items.pop(index))
    return target


def number_from_text(text: str) -> object:
    """'' -> None; '140' -> 140; '7.5' -> 7.5, also typed with full-width digits or a Chinese
    '。'. Anything else stays text, so that Save refuses it naming the service and field."""
    cleaned = unicodedata.normalize("NFKC", text).strip().replace("。", ".")
    if not cleaned:
        return None
    if not _NUMBER.match(cleaned):
        return text.strip()
    return float(cleaned) if "." in cleaned else int(cleaned)


# --------------------------------------------------------------------------- services


def suggest_letter(draft: Draft) -> str:
    """The first ticket letter no service (retired ones included) has."""
    used = {str(s.get("letter", "")).strip().upper() for s in draft["services"]}
    for letter in TICKET_LETTERS:
        if letter not in used:
            return letter
    raise CatalogueError("no_free_letter")


def add_service(draft: Draft, history: History, category: str | None = None) -> str:
    """Append a service with a free letter and no name yet; returns its code."""
    letter = suggest_letter(draft)
    code = _free("service", {s["code"] for s in draft["services"]} | set(history))
    categories = draft.get("categories") or []
    if category is None:
        category = categories[0]["code"] if categories else "other"
    draft["services"].append({
        "code": code, "name_zh": "", "name_en": "", "letter": letter,
        "typical_minutes": NEW_SERVICE_MINUTES, "category": category,
        "fields": [], "flags": [],
    })
    return code


def removal_of(code: str, history: History) -> str:
    """What removing the service does: 'retired' when a market day used it, else 'removed'."""
    return "retired" if code in history else "removed"


def remove_service(draft: Draft, code: str, history: History) -> str:
    """Retire the service (kept, not offered) or delete it, as ``removal_of`` says."""
    service = service_of(draft, code)
    if removal_of(code, history) == "retired":
        service["retired"] = True
        return "retired"
    draft["services"].remove(service)
    return "removed"


def offer_again(draft: Draft, code: str) -> None:
    service_of(draft, code).pop("retired", None)


def set_service_value(draft: Draft, code: str, key: str, value: object) -> None:
    """Names and letter as typed (trimmed; a letter in capitals), minutes as a number."""
    service = service_of(draft, code)
    if key == "typical_minutes":
        service[key] = number_from_text(str(value)) if value is not None else None
    elif key == "letter":
        service[key] = str(value).strip().upper()
    elif key in ("name_zh", "name_en", "category"):
        service[key] = str(value).strip()
    else:
        raise ValueError(f"not an editable service setting: {key}")


def service_sensitive(draft: Draft, code: str) -> bool:
    """Whether what the service records is sensitive (health readings, PIPL): its own flag,
    else its category's, else the category's default (``SENSITIVE_BY_DEFAULT``)."""
    service = service_of(draft, code)
    if service.get("sensitive") is not None:
        return bool(service["sensitive"])
    return _category_sensitive(draft, str(service.get("category", "")))


def _category_sensitive(draft: Draft, category_code: str) -> bool:
    category = next((c for c in draft.get("categories") or [] if c.get("code") == category_code),
                    None)
    if category is not None and category.get("sensitive") is not None:
        return bool(category["sensitive"])
    return category_code in SENSITIVE_BY_DEFAULT


def set_service_sensitive(draft: Draft, code: str, sensitive: bool) -> None:
    """Mark the service sensitive or not. Written only where it differs from its category:
    set back to the category's, the service follows its category again."""
    service = service_of(draft, code)
    if bool(sensitive) == _category_sensitive(draft, str(service.get("category", ""))):
        service.pop("sensitive", None)
    else:
        service["sensitive"] = bool(sensitive)


# --------------------------------------------------------------------------- fields


def add_field(draft: Draft, code: str, field_type: str, history: History) -> str:
    """Append an outcome field of ``field_type`` with no name yet; returns its key."""
    if field_type not in FIELD_TYPES:
        raise ValueError(f"unknown field type {field_type!r}")
    service = service_of(draft, code)
    taken = {f["key"] for f in service["fields"]} | set(history.get(code, ()))
    key = _free("field", taken)
    service["fields"].append({
        "key": key, "name_zh": "", "name_en": "", "type": field_type, "required": False,
        **{name: (list(value) if isinstance(value, list) else value)
           for name, value in _NEW_FIELD[field_type].items()},
    })
    return key


def set_field_value(draft: Draft, code: str, key: str, name: str, value: object) -> None:
    """A field's names, units, range or required, as typed; an empty unit or bound is removed
    (a decimal field's bound stays a decimal)."""
    spec = field_of(draft, code, key)
    if name == "required":
        spec[name] = bool(value)
    elif name in ("name_zh", "name_en"):
        spec[name] = str(value).strip()
    elif name in ("unit_zh", "unit_en"):
        text = str(value).strip()
        if text:
            spec[name] = text
        else:
            spec.pop(name, None)
    elif name in ("min", "max"):
        number = number_from_text(str(value)) if value is not None else None
        if number is None:
            spec.pop(name, None)
        else:
            decimal = spec["type"] == "decimal" and isinstance(number, int)
            spec[name] = float(number) if decimal else number
    else:
        raise ValueError(f"not an editable field setting: {name}")


def _names(item: Mapping[str, Any], zh: str = "name_zh", en: str = "name_en") -> tuple[str, str]:
    return str(item.get(zh) or item.get("flag") or item.get("key") or ""), str(
        item.get(en) or item.get("flag") or item.get("key") or "")


def field_users(draft: Draft, code: str, key: str) -> list[tuple[str, str]]:
    """(Chinese, English) names of the flag rules and fields that depend on this field."""
    service = service_of(draft, code)
    users = [_names(rule) for rule in service["flags"]
             if any(c["field"] == key for c in rule["when"])]
    users += [_names(spec) for spec in service["fields"]
              if key in spec.get("required_with", ()) or spec.get("below") == key]
    return list(dict.fromkeys(users))


def _drop_conditions(service: dict[str, Any], matches) -> None:
    kept = []
    for rule in service["flags"]:
        rule["when"] = [c for c in rule["when"] if not matches(c)]
        if rule["when"]:
            kept.append(rule)
    service["flags"] = kept


def remove_field(draft: Draft, code: str, key: str) -> None:
    """Remove the field with the conditions that test it (a rule left with none goes too) and
    the "required with" and "below" links to it."""
    service = service_of(draft, code)
    service["fields"] = [f for f in service["fields"] if f["key"] != key]
    for spec in service["fields"]:
        if spec.get("below") == key:
            del spec["below"]
        others = [k for k in spec.get("required_with", ()) if k != key]
        if others:
            spec["required_with"] = others
        else:
            spec.pop("required_with", None)
    _drop_conditions(service, lambda c: c["field"] == key)


def move_field(draft: Draft, code: str, key: str, delta: int) -> int:
    """Move the field ``delta`` places (the outcome form shows them in this order)."""
    fields = service_of(draft, code)["fields"]
    return _move(fields, next(i for i, f in enumerate(fields) if f["key"] == key), delta)


# --------------------------------------------------------------------------- options


def _option_index(spec: Mapping[str, Any], option_code: str) -> int:
    return next(i for i, o in enumerate(spec["options"]) if o["code"] == option_code)


def add_option(draft: Draft, code: str, key: str) -> str:
    spec = field_of(draft, code, key)
    option_code = _free("option", {o["code"] for o in spec.setdefault("options", [])})
    spec["options"].append({"code": option_code, "zh": "", "en": ""})
    return option_code


def set_option_value(draft: Draft, code: str, key: str, option_code: str, name: str,
                     value: str) -> str:
    """Change an option's label or code; returns its code afterwards. A new code is carried
    into the flag conditions that tested the old one."""
    spec = field_of(draft, code, key)
    option = spec["options"][_option_index(spec, option_code)]
    value = value.strip()
    if name in ("zh", "en"):
        option[name] = value
        return option_code
    if name != "code":
        raise ValueError(f"not an editable option setting: {name}")
    option["code"] = value
    for rule in service_of(draft, code)["flags"]:
        for cond in rule["when"]:
            if cond["field"] == key and cond["value"] == option_code:
                cond["value"] = value
    return value


def option_users(draft: Draft, code: str, key: str, option_code: str) -> list[tuple[str, str]]:
    return list(dict.fromkeys(
        _names(rule) for rule in service_of(draft, code)["flags"]
        if any(c["field"] == key and c["value"] == option_code for c in rule["when"])))


def remove_option(draft: Draft, code: str, key: str, option_code: str) -> None:
    spec = field_of(draft, code, key)
    del spec["options"][_option_index(spec, option_code)]
    _drop_conditions(service_of(draft, code),
                     lambda c: c["field"] == key and c["value"] == option_code)


def move_option(draft: Draft, code: str, key: str, option_code: str, delta: int) -> int:
    spec = field_of(draft, code, key)
    return _move(spec["options"], _option_index(spec, option_code), delta)


# --------------------------------------------------------------------------- flag rules


def _new_condition(spec: Mapping[str, Any]) -> dict[str, Any]:
    if spec["type"] in NUMERIC:
        value = spec.get("max", spec.get("min", 0))
        return {"field": spec["key"], "op": ">=", "value": value}
    if spec["type"] == "choice":
        options = spec.get("options") or [{"code": ""}]
        return {"field": spec["key"], "op": "==", "value": options[0]["code"]}
    return {"field": spec["key"], "op": "==", "value": True if spec["type"] == "bool" else ""}


def add_flag_rule(draft: Draft, code: str) -> int:
    """Append a rule with one condition on the first number field (else the first field);
    returns its index. Refused while the service has no field to test."""
    service = service_of(draft, code)
    fields = service["fields"]
    if not fields:
        raise CatalogueError("flag_needs_field", **where_service(SimpleNamespace(**service)))
    first = next((f for f in fields if f["type"] in NUMERIC), fields[0])
    taken = {rule["flag"] for s in draft["services"] for rule in s["flags"]}
    service["flags"].append({"flag": _free("flag", taken), "name_zh": "", "name_en": "",
                             "any": False, "when": [_new_condition(first)]})
    return len(service["flags"]) - 1


def remove_flag_rule(draft: Draft, code: str, index: int) -> None:
    del service_of(draft, code)["flags"][index]


def _known_flag(draft: Draft, code: str, zh: str, en: str, own: str) -> tuple[str, str, str] | None:
    wanted = {name.strip().casefold() for name in (zh, en) if name.strip()}
    here = service_of(draft, code)
    here_codes = {rule["flag"] for rule in here["flags"]}
    # this service's own flags first, so that the names of one flag stay one pair here
    for service in [here] + [s for s in draft["services"] if s is not here]:
        for rule in service["flags"]:
            if rule["flag"] == own or (service is not here and rule["flag"] in here_codes):
                continue
            if {rule["name_zh"].strip().casefold(), rule["name_en"].strip().casefold()} & wanted:
                return rule["flag"], rule["name_zh"], rule["name_en"]
    return None


def set_flag_names(draft: Draft, code: str, index: int, name_zh: str | None = None,
                   name_en: str | None = None) -> None:
    service = service_of(draft, code)
    rule = service["flags"][index]
    zh = rule["name_zh"] if name_zh is None else name_zh.strip()
    en = rule["name_en"] if name_en is None else name_en.strip()
    known = _known_flag(draft, code, zh, en, rule["flag"])
    if known is not None:
        rule["flag"], rule["name_zh"], rule["name_en"] = known
        return
    for other in service["flags"]:
        if other["flag"] == rule["flag"]:
            other["name_zh"], other["name_en"] = zh, en


def set_flag_any(draft: Draft, code: str, index: int, any_condition: bool) -> None:
    service_of(draft, code)["flags"][index]["any"] = bool(any_condition)


def add_condition(draft: Draft, code: str, index: int) -> int:
    """Append a condition on the first field the rule does not test yet; returns its index."""
    service = service_of(draft, code)
    rule = service["flags"][index]
    if not service["fields"]:
        raise CatalogueError("flag_needs_field", **where_service(SimpleNamespace(**service)))
    tested = {c["field"] for c in rule["when"]}
    spec = next((f for f in service["fields"] if f["key"] not in tested), service["fields"][0])
    rule["when"].append(_new_condition(spec))
    return len(rule["when"]) - 1


def remove_condition(draft: Draft, code: str, index: int, condition: int) -> None:
    del service_of(draft, code)["flags"][index]["when"][condition]


def set_condition(draft: Draft, code: str, index: int, condition: int, *,
                  field: str | None = None, op: str | None = None,
                  value: object = None) -> None:
    """Change what a condition tests. A new field starts over from a comparison that fits its
    type; a value typed as text is read as a number for a number field."""
    cond = service_of(draft, code)["flags"][index]["when"][condition]
    if field is not None and field != cond["field"]:
        old = field_of(draft, code, cond["field"]) if any(
            f["key"] == cond["field"] for f in service_of(draft, code)["fields"]) else None
        new = field_of(draft, code, field)
        if old is not None and old["type"] == new["type"] and new["type"] in NUMERIC:
            cond["field"] = field
        else:
            cond.clear()
            cond.update(_new_condition(new))
    if op is not None:
        cond["op"] = op
    if value is not None:
        spec = field_of(draft, code, cond["field"])
        if spec["type"] in NUMERIC and isinstance(value, str):
            number = number_from_text(value)
            value = "" if number is None else number
        cond["value"] = value
