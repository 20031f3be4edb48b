"""The command line speaks the user's language all the way: a mistyped date, an unknown option
or a missing one is said in Chinese by default (in English with --lang en), a date is read as
staff write it, and the help is Chinese and fits an 80-column terminal."""

from __future__ import annotations

import string
import unicodedata
from datetime import datetime

import pytest

from marketapp.cli import cli
from marketapp.cli_text import CLICK_DOMAIN, click_translations
from marketapp.commands.params import parse_market_date
from marketapp.core.text import locale_dir

ENGLISH_CHROME = ("Usage:", "Error:", "Try '", "Options", "Commands", "Invalid value",
                  "No such", "Missing")


def run(runner, db_path, *args):
    return runner.invoke(cli, ["--db", str(db_path), *args], prog_name="marketapp")


def columns(line: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in line)


def test_a_date_written_wrong_is_said_in_chinese_and_nothing_is_written(runner, db_path,
                                                                        tmp_path):
    out = tmp_path / "day.pdf"
    result = run(runner, db_path, "report", "--date", "2026-13-05", "-o", str(out))
    assert result.exit_code == 2
    assert "“2026-13-05”不是日期" in result.output and "2026-12-05" in result.output
    assert "用法：" in result.output and "查看帮助：marketapp report --help" in result.output
    assert not any(word in result.output for word in ENGLISH_CHROME)
    assert not out.exists()


@pytest.mark.parametrize("typed", ["2026-12-05", "2026/12/5", "2026.12.05", "2026年12月5日",
                                   "20261205", " 2026-12-05 "])
def test_a_date_is_read_as_staff_write_it(typed):
    assert parse_market_date(typed) == datetime(2026, 12, 5)


@pytest.mark.parametrize("typed", ["2026-02-30", "12/05/2026", "26-12-05", "明天", "",
                                   "2026-1-2-3", "２０２６-12-05"])
def test_what_is_not_a_date_is_refused(typed):
    assert parse_market_date(typed) is None


def test_an_unknown_option_is_said_in_chinese_with_what_was_meant(runner, db_path):
    result = run(runner, db_path, "report", "--out", "x.pdf")
    assert result.exit_code == 2
    assert "没有选项 '--out'" in result.output and "'--output'" in result.output
    assert not any(word in result.output for word in ENGLISH_CHROME)


def test_a_missing_option_and_an_unknown_command_are_said_in_chinese(runner, db_path):
    missing = run(runner, db_path, "report", "--date", "2026-12-05")
    assert missing.exit_code == 2 and "缺少选项" in missing.output
    unknown = run(runner, db_path, "frobnicate")
    assert unknown.exit_code == 2 and "没有命令 'frobnicate'" in unknown.output


def test_with_lang_en_the_same_mistakes_are_said_in_english(runner, db_path):
    result = run(runner, db_path, "--lang", "en", "report", "--out", "x.pdf")
    assert result.exit_code == 2
    assert "No such option '--out'" in result.output and "Usage:" in result.output
    assert not any("\u4e00" <= c <= "\u9fff" for c in result.output)
    date = run(runner, db_path, "--lang=en", "board", "--date", "tomorrow")
    assert "is not a date" in date.output and "2026-12-05" in date.output


def test_the_help_is_chinese_lists_every_command_and_fits_80_columns(runner, db_path):
    result = run(runner, db_path, "--help")
    assert result.exit_code == 0
    listed = result.output.split("命令:")[1].strip().splitlines()
    names = [line.split()[0] for line in listed]
    assert names == sorted(cli.commands)
    for line in listed:  # each command with a Chinese description, not click's bare "..."
        said = line.split(None, 1)[1]
        assert any("\u4e00" <= c <= "\u9fff" for c in said), line
    assert "数据文件" in result.output and "显示本帮助后退出" in result.output
    assert max(columns(line) for line in result.output.splitlines()) <= 80


@pytest.mark.parametrize("command", ["merge", "retention", "serve", "operators add", "doctor"])
def test_a_commands_help_keeps_its_words_whole_and_fits_80_columns(runner, db_path, command):
    result = run(runner, db_path, *command.split(), "--help")
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert lines[0].startswith("用法：")
    # the long help is cut between characters, never inside --full or a number
    assert "--ful\n" not in result.output and "Ctrl+\n" not in result.output
    wide = [line for line in lines if columns(line) > 80 and "[" not in line]
    assert wide == []


def test_in_english_the_help_is_the_english_text(runner, db_path):
    result = run(runner, db_path, "--lang", "en", "merge", "--help")
    assert "Merge the data file OTHER" in result.output and "Options:" in result.output
    assert not any("\u4e00" <= c <= "\u9fff" for c in result.output)


def test_click_catalogue_is_complete_and_keeps_the_fields(tmp_path):
    """Every message of click's catalogue is translated and uses only the fields click fills
    (a plural's one Chinese form may use either form's fields: click passes both)."""
    from babel.messages.pofile import read_po

    po = locale_dir() / "zh_CN" / "LC_MESSAGES" / f"{CLICK_DOMAIN}.po"
    with open(po, "rb") as handle:
        catalog = read_po(handle)
    checked = 0
    for message in catalog:
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        assert all(strings), message.id
        allowed = {name for text in ids for _, name, _, _ in string.Formatter().parse(text)
                   if name}
        for text in strings:
            used = {name for _, name, _, _ in string.Formatter().parse(text) if name}
            assert used <= allowed, (message.id, text)
        checked += 1
    assert checked > 60
    zh = click_translations("zh")
    assert zh.gettext("Usage:") == "用法：" and zh.gettext("required") == "必填"


def test_the_messages_click_says_most_are_in_its_catalogue():
    """Extracted from the installed click: when a click release renames one of these, the
    catalogue must follow (python scripts/translations.py)."""
    zh = click_translations("zh")
    for msgid in ("Usage:", "Options", "Commands", "Error: {message}", "Missing option",
                  "No such option {name!r}.", "No such command {name!r}.",
                  "Invalid value for {param_hint}: {message}", "Show this message and exit.",
                  "Try '{command} {option}' for help.", "default: {default}"):
        assert zh.gettext(msgid) != msgid, msgid


def test_every_option_of_every_command_says_what_it_is_for():
    import click

    from marketapp.cli import _register_commands

    _register_commands()
    bare = []

    def walk(command, path):
        bare.extend(f"{path} {p.opts[0]}" for p in command.params
                    if isinstance(p, click.Option) and not p.help and not p.hidden)
        if not command.help:
            bare.append(path)
        for name, sub in getattr(command, "commands", {}).items():
            walk(sub, f"{path} {name}")

    walk(cli, "marketapp")
    assert bare == []
