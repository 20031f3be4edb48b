"""The glossary (docs/glossary.md) is followed: a word it rules out for an idea is not in
the Chinese translation, the English UI text, the gettext catalogue (core, reports, command
line), the README or the staff guide."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GLOSSARY = ROOT / "docs" / "glossary.md"
TS = ROOT / "resources" / "i18n" / "marketapp_zh_CN.ts"
README = ROOT / "README.md"
GUIDE = ROOT / "docs" / "guide" / "staff-guide-zh.md"
PO = ROOT / "resources" / "locale" / "zh_CN" / "LC_MESSAGES" / "marketapp.po"
_HAN = re.compile(r"[\u4e00-\u9fff]")


def ruled_out() -> dict[str, str]:
    """{word not to use: the glossary row's own word}, from each table's last column."""
    words = {}
    for line in GLOSSARY.read_text(encoding="utf-8").splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) == 5 and cells[0] not in ("中文", "---"):
            for word in re.findall(r"`([^`]+)`", cells[4]):
                words[word] = f"{cells[0]} / {cells[1]}"
    return words


def own_words() -> list[str]:
    """Every Chinese word the glossary uses, longest first: 集市 in 集市场次 is not 市场."""
    words = set()
    for line in GLOSSARY.read_text(encoding="utf-8").splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) == 5 and cells[0] not in ("中文", "---"):
            words |= {w.strip() for w in cells[0].split("/") if _HAN.search(w)}
    return sorted(words, key=len, reverse=True)


def ui_texts() -> tuple[list[str], list[str]]:
    """(Chinese translations, English source texts) of the Qt UI."""
    zh, en = [], []
    for message in ET.parse(TS).getroot().iter("message"):
        en.append(message.findtext("source") or "")
        zh.append(message.findtext("translation") or "")
    return zh, en


def found(word: str, texts: list[str]) -> list[str]:
    if _HAN.search(word):
        allowed = [w for w in own_words() if word not in w]
        return [t for t in texts if word in _without(t, allowed)]
    pattern = re.compile(rf"(?<![\w-]){re.escape(word)}(?![\w-])", re.IGNORECASE)
    return [t for t in texts if pattern.search(t)]


def _without(text: str, words: list[str]) -> str:
    for word in words:
        text = text.replace(word, "|")
    return text


def test_the_glossary_rules_out_words():
    words = ruled_out()
    assert {"开市", "责任单位", "办理期限", "Recall", "不在场"} <= set(words)


def catalogue_texts() -> tuple[list[str], list[str]]:
    """(Chinese, English) of everything outside the screens: core, reports, the CLI."""
    from babel.messages.pofile import read_po

    with open(PO, "rb") as handle:
        catalog = read_po(handle)
    zh, en = [], []
    for message in catalog:
        if message.id:
            en += message.id if isinstance(message.id, tuple) else [message.id]
            zh += message.string if isinstance(message.string, tuple) else [message.string]
    return zh, en


def test_no_ruled_out_word_is_used():
    zh, en = ui_texts()
    core_zh, core_en = catalogue_texts()
    zh, en = zh + core_zh, en + core_en
    readme = README.read_text(encoding="utf-8").splitlines() + GUIDE.read_text(
        encoding="utf-8").splitlines()
    used = {}
    for word, instead in ruled_out().items():
        places = found(word, (zh if _HAN.search(word) else en) + readme)
        if places:
            used[f"{word} (use {instead})"] = places[:3]
    assert used == {}


def test_the_check_finds_a_word_as_a_word(tmp_path):
    assert found("Recall", ["Recall the ticket"]) and not found("Recall", ["recalls", "re-recall"])
    assert found("开市", ["当前没有开市的集市"])
    assert found("市场", ["农贸市场"]) and not found("市场", ["集市场次与满意度"])


def test_a_counter_is_written_with_a_space_before_its_number_word():
    """“2 号窗口” everywhere (the screens, messages and reports agree), never “2号窗口”."""
    zh = ui_texts()[0] + catalogue_texts()[0]
    assert [t for t in zh if re.search(r"[0-9}]号窗口", t)] == []
