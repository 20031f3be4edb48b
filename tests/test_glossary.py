"""The glossary (docs/glossary.md) is followed: a word it rules out for an idea is not in
the Chinese translation, the English UI text or the README."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GLOSSARY = ROOT / "docs" / "glossary.md"
TS = ROOT / "resources" / "i18n" / "marketapp_zh_CN.ts"
README = ROOT / "README.md"
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


def ui_texts() -> tuple[list[str], list[str]]:
    """(Chinese translations, English source texts) of the Qt UI."""
    zh, en = [], []
    for message in ET.parse(TS).getroot().iter("message"):
        en.append(message.findtext("source") or "")
        zh.append(message.findtext("translation") or "")
    return zh, en


def found(word: str, texts: list[str]) -> list[str]:
    if _HAN.search(word):
        return [t for t in texts if word in t]
    pattern = re.compile(rf"(?<![\w-]){re.escape(word)}(?![\w-])", re.IGNORECASE)
    return [t for t in texts if pattern.search(t)]


def test_the_glossary_rules_out_words():
    words = ruled_out()
    assert {"开市", "责任单位", "办理期限", "Recall", "不在场"} <= set(words)


def test_no_ruled_out_word_is_used():
    zh, en = ui_texts()
    readme = README.read_text(encoding="utf-8").splitlines()
    used = {}
    for word, instead in ruled_out().items():
        places = found(word, (zh if _HAN.search(word) else en) + readme)
        if places:
            used[f"{word} (use {instead})"] = places[:3]
    assert used == {}


def test_the_check_finds_a_word_as_a_word(tmp_path):
    assert found("Recall", ["Recall the ticket"]) and not found("Recall", ["recalls", "re-recall"])
    assert found("开市", ["当前没有开市的集市"])
