"""One text path for everything outside ui/: gettext catalogues, one per language.

Core errors, store messages, reports' labels and the command line's sentences are written in
English in the code (the gettext msgid) and translated through
``resources/locale/<locale>/LC_MESSAGES/marketapp.mo``, compiled by Babel from the ``.po``
beside it (``python scripts/translations.py``). Qt screens keep Qt Linguist (``self.tr``).

* :func:`N_` marks a msgid for extraction where it is stored, not shown (a ``messages``
  table); :func:`NP_` does the same with a context, for an English text that needs two
  different translations;
* :func:`gettext` translates into a language (default: the current one);
* :func:`say` translates, then fills ``{name}`` fields: the template is a literal, formatted
  only after translation, so a translation may move the fields.

A parameter built in code in both languages keeps the pair convention: the English msgid uses
``{where_en}``, the Chinese msgstr ``{where_zh}`` (a catalogue's own data, such as service
names, exists in exactly those two languages).
"""

from __future__ import annotations

import gettext as _gettext
from collections.abc import Iterable, Mapping
from functools import cache
from pathlib import Path

from marketapp.resource_files import resource_path

DOMAIN = "marketapp"

#: The names msgids are written under, as Babel's extraction keywords (pybabel's ``-k``).
EXTRACT_KEYWORDS = ("N_", "NP_:1c,2", "say", "say_pair", "gettext", "pgettext:1c,2")

#: The two languages of a parameter pair (``where_zh``/``where_en``) and of the catalogue's
#: own data (``name_zh``/``name_en``).
PAIR = ("zh", "en")

#: Language code -> the catalogue's locale folder; None: the language the msgids are in.
#: A third language is a new ``.po`` (see README) and one line here.
LANGUAGES: dict[str, str | None] = {
    "zh": "zh_CN",
    "en": None,
}

_current_language = "zh"


def set_language(lang: str) -> None:
    global _current_language
    if lang not in LANGUAGES:
        raise ValueError(f"unsupported language {lang!r}; use one of {tuple(LANGUAGES)}")
    _current_language = lang


def current_language() -> str:
    return _current_language


class _InContext(str):
    """A msgid that carries its gettext context (msgctxt) with it, so a table of them stays
    a table of strings."""

    context: str


def N_(msgid: str) -> str:
    """Mark ``msgid`` for extraction; it is translated where it is shown."""
    return msgid


def NP_(context: str, msgid: str) -> str:
    """Mark ``msgid`` with a context: the same English, translated differently here."""
    marked = _InContext(msgid)
    marked.context = context
    return marked


def locale_dir() -> Path:
    return resource_path("locale")


@cache
def translations(lang: str) -> _gettext.NullTranslations:
    """The catalogue of ``lang``, loaded once; a missing ``.mo`` is an error, not English."""
    if lang not in LANGUAGES:
        raise ValueError(f"unsupported language {lang!r}; use one of {tuple(LANGUAGES)}")
    locale = LANGUAGES[lang]
    if locale is None:
        return _gettext.NullTranslations()
    return _gettext.translation(DOMAIN, localedir=locale_dir(), languages=[locale])


def gettext(msgid: str, lang: str | None = None) -> str:
    """``msgid`` in ``lang`` (default: the current language)."""
    if not msgid:  # gettext("") is the catalogue's header
        return msgid
    catalogue = translations(lang or _current_language)
    context = getattr(msgid, "context", None)
    if context is not None:
        return catalogue.pgettext(context, str(msgid))
    return catalogue.gettext(str(msgid))


def pgettext(context: str, msgid: str, lang: str | None = None) -> str:
    return gettext(NP_(context, msgid), lang)


def name_in(table: Mapping[str, str], code: str, lang: str | None = None) -> str:
    """``table[code]`` translated; a code the table lacks, as it is (never looked up: a
    stray code could be some other msgid)."""
    return gettext(table[code], lang) if code in table else code


def every_translation(msgid: str) -> tuple[str, ...]:
    """``msgid`` in every language, for input that may be typed in any of them."""
    return tuple(gettext(msgid, lang) for lang in LANGUAGES)


def join(items: Iterable[str], lang: str | None = None) -> str:
    """``items`` as a list in ``lang``: 、 between them in Chinese, ", " in English."""
    return pgettext("list separator", ", ", lang).join(items)


def say(msgid: str, lang: str | None = None, /, **fields: object) -> str:
    """``msgid`` translated, then its ``{name}`` fields filled (only when fields are given,
    so a plain sentence may hold a brace)."""
    text = gettext(msgid, lang)
    return text.format(**fields) if fields else text


def say_pair(msgid: str, /, **fields: object) -> tuple[str, str]:
    """``msgid`` said in Chinese and in English, for a parameter pair (``x_zh``, ``x_en``).
    A field given as a (zh, en) tuple is filled by language: a phrase built from another
    pair, or a name the catalogue holds in both languages."""
    return tuple(  # type: ignore[return-value]
        say(msgid, lang, **{k: v[i] if isinstance(v, tuple) else v for k, v in fields.items()})
        for i, lang in enumerate(PAIR))
