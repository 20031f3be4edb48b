"""The command line in its user's language: click's own words (usage lines, errors, help's
headings) and our commands' help texts.

click says everything through the standard library's ``gettext.gettext``, bound as ``_`` (and
``ngettext``) in each of its modules. gettext picks a language only from environment variables
(LANGUAGE, LANG…), which Windows does not set and which would not follow ``--lang``; so the
language reaches click by rebinding those names to a catalogue of click's messages
(``resources/locale/<locale>/LC_MESSAGES/click.mo``, which ``scripts/translations.py`` makes
from the installed click's source). A click release that adds messages shows those in English
until the catalogue is updated.

Our commands' help is English in the code (docstrings, ``help=``) and is the msgid in the
``marketapp`` catalogue: :func:`localise` swaps the translation in just before click shows it,
keeping the English so another language can be chosen later in the same process (tests).
"""

from __future__ import annotations

import gettext as _gettext
import inspect
import re
import sys
import unicodedata
from collections.abc import Iterator
from functools import cache

import click

from marketapp.core import text
from marketapp.core.text import LANGUAGES, locale_dir

CLICK_DOMAIN = "click"
_ENGLISH = "_marketapp_english"  # where a command or option keeps its English help


@cache
def click_translations(lang: str) -> _gettext.NullTranslations:
    locale = LANGUAGES[lang]
    if locale is None:
        return _gettext.NullTranslations()
    return _gettext.translation(CLICK_DOMAIN, localedir=locale_dir(), languages=[locale])


def _is_translator(function: object) -> bool:
    return function in (_gettext.gettext, _gettext.ngettext) or isinstance(
        getattr(function, "__self__", None), _gettext.NullTranslations)


def speak_to_click(lang: str) -> None:
    """click's messages from now on in ``lang``."""
    catalogue = click_translations(lang)
    for name, module in list(sys.modules.items()):
        if module is None or not (name == "click" or name.startswith("click.")):
            continue
        for attr, function in (("_", catalogue.gettext), ("ngettext", catalogue.ngettext)):
            if _is_translator(module.__dict__.get(attr)):
                setattr(module, attr, function)


def language_asked(args: list[str]) -> str:
    """The ``--lang`` given before the subcommand (the default, zh, when none is)."""
    for i, arg in enumerate(args):
        if arg == "--lang" and i + 1 < len(args):
            value = args[i + 1]
        elif arg.startswith("--lang="):
            value = arg.removeprefix("--lang=")
        else:
            continue
        return value if value in LANGUAGES else "zh"
    return "zh"


def _help_bearers(command: click.Command, deep: bool) -> Iterator[object]:
    yield command
    yield from command.params
    if deep and isinstance(command, click.Group):
        for sub in command.commands.values():
            yield from _help_bearers(sub, deep)


def localise(command: click.Command, lang: str, deep: bool = True) -> None:
    """``command``'s help and its options' help in ``lang`` (``deep``: its subcommands' too)."""
    for item in _help_bearers(command, deep):
        if getattr(item, "_help_option", None) is not None:
            item._help_option = None  # click 8.2+ keeps --help's option, its text said once
        english = item.__dict__.setdefault(
            _ENGLISH, {attr: getattr(item, attr, None) for attr in ("help", "short_help")})
        for attr, msgid in english.items():
            setattr(item, attr, text.gettext(msgid, lang) if msgid else msgid)
        said = item.help
        if not said or not _is_wide(said):
            continue
        # click wraps at spaces and counts characters: Chinese, which has neither, would run
        # to twice the terminal's width, and its command list would show "..." only.
        width = OPTION_COLUMNS if isinstance(item, click.Parameter) else TEXT_COLUMNS
        item.help = "\n\n".join(_lines_of(paragraph.replace("\n", ""), width)
                                 for paragraph in inspect.cleandoc(said).split("\n\n"))
        if isinstance(item, click.Command) and not english["short_help"]:
            item.short_help = _shortened(inspect.cleandoc(said).split("\n\n")[0])


TEXT_COLUMNS = 76  # a paragraph of a command's help, indented 2 in an 80-column terminal
OPTION_COLUMNS = 44  # an option's help, beside a name column of up to 30 (click's limit)
SHORT_COLUMNS = 58  # a command's line in the list of commands
_NO_LINE_START = "，。、；：！？）》”’"
#: What a line may be cut between: a run of narrow characters with the spaces after it,
#: or one wide character. (Compiled on first use: 4 ms, and the app starts through here.)
_TOKENS = r"[^\s\u1100-\uffff]+\s*|\s+|[\u1100-\uffff]\s*"


def _columns(line: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in line)


def _is_wide(said: str) -> bool:
    return any(unicodedata.east_asian_width(c) in "WF" for c in said)


def _lines_of(paragraph: str, width: int) -> str:
    """``paragraph`` cut into lines of at most ``width`` columns, between two Chinese
    characters or at a space (never inside a word such as --full, never before a closing
    mark), marked so that click keeps the lines as they are."""
    lines, line = [], ""
    for token in re.findall(_TOKENS, paragraph):
        if line and _columns(line + token.rstrip()) > width and token[0] not in _NO_LINE_START:
            lines.append(line.rstrip())
            line = token.lstrip()
        else:
            line += token
    lines.append(line.rstrip())
    return "\b\n" + "\n".join(lines)


def _shortened(paragraph: str) -> str:
    """The first sentence (up to a 。 or ； outside brackets), cut to fit beside the name."""
    first, depth = "", 0
    for char in paragraph.replace("\n", ""):
        depth += (char in "（(") - (char in "）)")
        if char in "。；" and depth == 0:
            break
        first += char
    if _columns(first) <= SHORT_COLUMNS:
        return first
    while _columns(first + "…") > SHORT_COLUMNS:
        first = first[:-1]
    return first + "…"


def help_msgids(command: click.Command) -> Iterator[str]:
    """Every English help text under ``command``: the msgids scripts/translations.py adds."""
    for item in _help_bearers(command, deep=True):
        english = item.__dict__.get(_ENGLISH) or {
            attr: getattr(item, attr, None) for attr in ("help", "short_help")}
        yield from (msgid for msgid in english.values() if msgid)
