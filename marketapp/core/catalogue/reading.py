"""Reading a catalogue: the shipped TOML, or the JSON of an edited copy kept in the data file.

Both paths go through one strict reader, so a mistyped key, an unknown field type or an
inconsistent range is refused with a message naming the service and the field."""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from types import SimpleNamespace
from typing import Any

from marketapp.core.catalogue.checks import SCHEMA_VERSION, check_code, check_names, is_number
from marketapp.core.catalogue.errors import (
    KIND_WORDS,
    CatalogueError,
    expected_words,
    key_words,
    label_service,
    shown_repr,
    where_field,
    where_flag,
    where_words,
)
from marketapp.core.catalogue.model import (
    Catalogue,
    Category,
    Choice,
    Condition,
    FieldSpec,
    FlagRule,
    Service,
)
from marketapp.core.text import N_, say_pair
from marketapp.resource_files import resource_path


def load_catalogue_text(toml_text: str) -> Catalogue:
    try:
        data = tomllib.loads(toml_text)
    except tomllib.TOMLDecodeError as exc:
        raise CatalogueError("not_toml", detail=str(exc)) from exc
    return catalogue_from_dict(data)


def load_default_catalogue() -> Catalogue:
    """The catalogue shipped in ``resources/catalogue.toml``."""
    return load_catalogue_text(resource_path("catalogue.toml").read_text(encoding="utf-8"))


def _is_kind(value: object, kind: str) -> bool:
    if kind == "str":
        return isinstance(value, str)
    if kind == "int":
        return isinstance(value, int) and not isinstance(value, bool)
    if kind == "number":
        return is_number(value)
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
                **key_words(key),
                value=shown_repr(data),
                **expected_words(KIND_WORDS["table"]),
                **where_words(where),
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
                raise CatalogueError("missing_key", key=key, **where_words(self.where))
            return default
        value = self.data[key]
        if not _is_kind(value, kind):
            raise CatalogueError(
                "wrong_kind",
                **key_words(key),
                value=shown_repr(value),
                **expected_words(KIND_WORDS[kind]),
                **where_words(self.where),
            )
        return value

    def done(self) -> None:
        for key in self.data:
            if key not in self.used:
                raise CatalogueError("unknown_key", key=key, **where_words(self.where))


_TOP = N_("the service catalogue")


def catalogue_from_dict(data: Mapping[str, Any]) -> Catalogue:
    top = _Reader(data, say_pair(_TOP))
    schema = top.get("schema", "int", SCHEMA_VERSION)
    if schema != SCHEMA_VERSION:
        raise CatalogueError("bad_schema", found=schema, expected=SCHEMA_VERSION)
    categories = []
    for raw in top.get("categories", "list", []):
        reader = _Reader(raw, say_pair(N_("a catalogue category")), "categories")
        code = reader.get("code", "str")
        where = say_pair(N_("category “{code}”"), code=code)
        reader.where = where
        category = Category(code, reader.get("name_zh", "str"), reader.get("name_en", "str"),
                            reader.get("sensitive", "bool", None))
        reader.done()
        check_code(category.code, where)
        check_names(category, ("name_zh", "name_en"), where)
        categories.append(category)
    services = [
        _parse_service(raw, index) for index, raw in enumerate(top.get("services", "list"), start=1)
    ]
    top.done()
    return Catalogue(tuple(services), tuple(categories))


def _parse_service(raw: object, index: int) -> Service:
    reader = _Reader(raw, label_service(None, index), "services")
    label = SimpleNamespace(
        code=reader.peek("code"),
        name_zh=reader.peek("name_zh"),
        name_en=reader.peek("name_en"),
        letter=reader.peek("letter"),
    )
    where = label_service(label, index)
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
    sensitive = reader.get("sensitive", "bool", None)
    reader.done()
    return Service(code, name_zh, name_en, letter, minutes, category, fields, flags, retired,
                   sensitive)


def _parse_field(raw: object, service_where: tuple[str, str]) -> FieldSpec:
    reader = _Reader(raw, where_field(service_where, "?"), "fields")
    key = reader.peek("key") or "?"
    reader.where = where_field(
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
                **key_words("required_with"),
                value=shown_repr(other),
                **expected_words(N_("a list of field keys")),
                **where_words(reader.where),
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
    reader = _Reader(raw, where_flag(service_where, "?"), "flags")
    reader.where = where_flag(
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
