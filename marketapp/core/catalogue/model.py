"""The service catalogue (服务项目): the stalls a market can open and what each one records.

The default catalogue is ``resources/catalogue.toml``; an edited copy is kept as JSON through
``Catalogue.to_dict()`` and read back by ``catalogue.reading.catalogue_from_dict`` (the one
strict reader of both); every service is checked as it is built (``catalogue.checks``).

Flag rules are declarative: a rule raises its flag when all (or, with ``any``, at least one) of
its conditions hold. Several rules may share one flag code; the flag is raised if any of them
matches. A condition on a field that was not recorded never holds.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from marketapp.core.catalogue.checks import OP_FUNCS, SCHEMA_VERSION, as_decimal, check_service
from marketapp.core.catalogue.errors import CatalogueError, service_pair, where_service
from marketapp.core.text import current_language


def _pick(lang: str | None, zh: str, en: str) -> str:
    return zh if (lang or current_language()) == "zh" else en


Number = int | float


# What a service of this category records is sensitive personal information (PIPL: health)
# unless the catalogue says otherwise: only its own stalls see it (core.screens.stall_view).
SENSITIVE_BY_DEFAULT = frozenset({"health"})


@dataclass(frozen=True)
class Category:
    code: str
    name_zh: str
    name_en: str
    sensitive: bool | None = None  # None: by SENSITIVE_BY_DEFAULT

    @property
    def is_sensitive(self) -> bool:
        return self.sensitive if self.sensitive is not None else self.code in SENSITIVE_BY_DEFAULT

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
        func = OP_FUNCS[self.op]
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
    # What this service records is sensitive (health readings): None = as its category says
    # (Catalogue.is_sensitive); a market day's copy of the service has it decided.
    sensitive: bool | None = None

    @property
    def is_sensitive(self) -> bool:
        """Sensitive as decided for this copy, else by its category's code alone (a copy
        saved by a market day before the flag existed)."""
        if self.sensitive is not None:
            return self.sensitive
        return self.category in SENSITIVE_BY_DEFAULT

    def __post_init__(self) -> None:
        object.__setattr__(self, "fields", tuple(self.fields))
        object.__setattr__(self, "flags", tuple(self.flags))
        check_service(self)

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
                    "duplicate_code", service_code=service.code, **service_pair(first, service)
                )
            if service.letter in by_letter:
                first = by_letter[service.letter]
                if service.retired and not first.retired:
                    first, service = service, first
                raise CatalogueError(
                    "letter_of_retired" if first.retired else "duplicate_letter",
                    letter=service.letter,
                    **service_pair(first, service),
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

    def is_sensitive(self, service: Service) -> bool:
        """The service's own flag, else its category's, else the category code's default."""
        if service.sensitive is not None:
            return service.sensitive
        category = self.category(service.category)
        return category.is_sensitive if category else service.is_sensitive

    # ------------------------------------------------------------------ persistence

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-compatible data; ``reading.catalogue_from_dict(c.to_dict()) == c``."""
        return {
            "schema": SCHEMA_VERSION,
            "categories": [_category_to_dict(c) for c in self.categories],
            "services": [_service_to_dict(service) for service in self.services],
        }


def _category_to_dict(category: Category) -> dict[str, Any]:
    out: dict[str, Any] = {"code": category.code, "name_zh": category.name_zh,
                           "name_en": category.name_en}
    if category.sensitive is not None:  # written only when set, as ``retired``
        out["sensitive"] = category.sensitive
    return out


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
    if service.sensitive is not None:
        out["sensitive"] = service.sensitive
    return out
