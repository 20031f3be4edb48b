"""Errors a user sees: a code plus parameters, rendered in Chinese or English.

Each module that rejects input defines a subclass with its own ``messages`` table, so the
reason text lives next to the rule that produces it.
"""

from __future__ import annotations

from typing import Any, ClassVar

from marketapp.core import text


class UserError(Exception):
    """A refusal with a specific, translatable reason.

    ``messages`` maps a code to (Chinese template, English template); templates use
    ``str.format`` fields filled from ``params``.
    """

    messages: ClassVar[dict[str, tuple[str, str]]] = {}

    def __init__(self, code: str, **params: Any) -> None:
        if code not in self.messages:
            raise KeyError(f"{type(self).__name__} has no message for code {code!r}")
        self.code = code
        self.params = params
        super().__init__(self.message())

    def message(self, lang: str | None = None) -> str:
        zh, en = self.messages[self.code]
        template = zh if (lang or text.current_language()) == "zh" else en
        return template.format(**self.params)

    def __str__(self) -> str:
        return self.message()
