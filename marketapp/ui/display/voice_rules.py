"""What a call says and which voice may say it; pure rules, tested without any sound.

The words: the issue's phrase "请 A012 号 到 理发 摊位" is what the screen and the log show.
What the engine is given reads the ticket digits one by one as Chinese numerals
("请 A零一二号 到 理发 摊位"), the way a bank's caller says them: espeak-ng reads "A012" as
"A 零 十二" (zero, twelve) and Windows voices differ among themselves, while 零一二 reads the
same in every Mandarin voice. The letter stays a letter: Mandarin voices say it the way
villagers do (A as "ei", B as "bi").

The voice: a Mandarin voice or none. Windows and macOS label voices with a locale (zh-CN
Huihui, zh-TW Hanhan; zh-HK Tracy speaks Cantonese). speech-dispatcher's espeak-ng voices
come with the locale C (Qt does not know the language code "cmn"), so they are known by
name, and of those only "Chinese (Mandarin, latin as Pinyin)" reads Chinese characters as
Mandarin: espeak-ng 1.51 (Debian 12, Ubuntu 22.04/24.04) reads them through the "latin as
English" voice as English letters and numbers (请 becomes "king three"; espeak-ng issue #1236).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QLocale

DIGITS_ZH = "零一二三四五六七八九"
TICKET_DIGITS = "0123456789"  # not str.isdigit: that accepts full-width digits too

_TERRITORY_RANK = {QLocale.Country.China: 0, QLocale.Country.Singapore: 1}
_CANTONESE_TERRITORIES = {QLocale.Country.HongKong, QLocale.Country.Macau}
_NOT_MANDARIN_NAMES = ("latin as english", "cantonese", "hakka", "yue")


def call_text(label: str, stall_zh: str) -> str:
    """The call as the screen and the log show it."""
    return f"请 {label} 号 到 {stall_zh} 摊位"


def spoken_number(label: str) -> str:
    """A012 -> A零一二: letters as they are, every digit as its Chinese numeral."""
    letters = label.rstrip(TICKET_DIGITS)
    digits = label[len(letters):]
    return letters + "".join(DIGITS_ZH[TICKET_DIGITS.index(d)] for d in digits)


def spoken_text(label: str, stall_zh: str) -> str:
    """The words given to the speech engine for one call."""
    return f"请 {spoken_number(label)}号 到 {stall_zh} 摊位"


def mandarin_rank(voice: Any) -> int | None:
    """How well a voice speaks Mandarin from Chinese text: 0 best, None not at all."""
    locale = voice.locale()
    name = voice.name().lower()
    if locale.language() == QLocale.Language.Chinese:
        if locale.territory() in _CANTONESE_TERRITORIES:
            return None
        return _TERRITORY_RANK.get(locale.territory(), 2)
    if any(word in name for word in _NOT_MANDARIN_NAMES):
        return None
    if "mandarin" in name or name.startswith("cmn") or "普通话" in name:
        return 3
    return None


def choose_voice(voices: list[Any]) -> Any | None:
    """The best Mandarin voice, or None. Among equals the plain voice before its variants
    (espeak-ng lists "…+Alex", "…+klatt" beside each voice), then the list's own order."""
    ranked = [(rank, "+" in voice.name(), i, voice) for i, voice in enumerate(voices)
              if (rank := mandarin_rank(voice)) is not None]
    return min(ranked, key=lambda item: item[:3])[3] if ranked else None
