"""Errors a user sees: a code plus parameters, rendered in the user's language.

Each module that rejects input defines a subclass with its own ``messages`` table, so the
reason text lives next to the rule that produces it; the text itself is English, translated
through the gettext catalogue (see :mod:`marketapp.core.text`).
"""

from __future__ import annotations

from typing import Any, ClassVar

from marketapp.core import text


class UserError(Exception):
    """A refusal with a specific, translatable reason.

    ``messages`` maps a code to its English template, marked ``N_("...")`` for extraction
    (``NP_(context, "...")`` where the same English needs another translation); templates use
    ``str.format`` fields filled from ``params`` after translation.
    """

    messages: ClassVar[dict[str, str]] = {}

    def __init__(self, code: str, **params: Any) -> None:
        if code not in self.messages:
            raise KeyError(f"{type(self).__name__} has no message for code {code!r}")
        self.code = code
        self.params = params
        super().__init__(self.message())

    def message(self, lang: str | None = None) -> str:
        return text.gettext(self.messages[self.code], lang).format(**self.params)

    def __str__(self) -> str:
        return self.message()
