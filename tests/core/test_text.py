"""The one text path outside ui/: every msgid in the code is translated, placeholders match,
the .mo is compiled from the .po, the language switches the text, a third language is a
catalogue and a line in the table, and no Chinese program text hides in the code."""

from __future__ import annotations

import ast
import importlib.util
import string
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo

from marketapp.core import text
from marketapp.core.errors import UserError
from marketapp.core.people.villagers import InvalidVillager
from marketapp.core.queue.rules import STATE_NAMES, illegal
from marketapp.resource_files import resource_path

ROOT = Path(__file__).resolve().parents[2]
PO = ROOT / "resources" / "locale" / "zh_CN" / "LC_MESSAGES" / "marketapp.po"

#: Chinese that stays in code outside ui/ on purpose: it is data, or input to be recognised,
#: not text the program says. A whole module here is data throughout.
DATA_MODULES = {
    "marketapp/core/demo/day.py": "the demo market: its staff, outcomes, requests and reasons",
    "marketapp/core/demo/people.py": "names and places demo villagers are made of",
    "marketapp/core/devices/naming.py": "browsers' names, stored as a paired device's name",
    "marketapp/core/people/search/keys.py": "readings of surname characters",
    "marketapp/core/roster/headers.py": "the column headings a roster file may use",
    "marketapp/store/schema/m001_villagers.py": "comments in the SQL schema",
    "marketapp/store/schema/m003_requests.py": "comments in the SQL schema",
}
#: Single literals, by module: words typed by people and recognised, values stored as data,
#: and the few shown the same in both languages (so kept, not translated).
DATA_TEXTS = {
    "marketapp/commands/demo.py": {"城南村"},  # the demo's default village
    "marketapp/core/textnorm.py": {"年", "月", "日"},  # a date as typed: 2026年12月5日
    # how records name a phone (operator 摊位设备A·2号窗口): stored in queue events and visits
    "marketapp/core/devices/pairing.py": {"摊位设备", "公共显示屏", "号窗口"},
    "marketapp/doctor/voice_check.py": {"请 A012 号 到 理发 摊位"},  # what the voice says
    # characters every screen shows: the font must have them
    "marketapp/doctor/qt_checks.py": {"请号到摊位登记排队办结村民诉求报表设置集市叫下一位满意〓０１２"},
    "marketapp/core/settings.py": {"城南乡"},  # the example of a township's name
    "marketapp/core/catalogue/outcomes.py": {"是", "有", "对", "否", "无", "没有", "不是"},
    "marketapp/core/people/retention.py": {"已清除"},  # written over a cleared request's text
    "marketapp/core/people/villagers.py": {"男", "男性", "女", "女性"},
    "marketapp/core/people/cleaning.py": {"男", "女", "鿿"},
    "marketapp/core/queue/closing.py": {"收市"},  # the stored reason a day closed
    "marketapp/core/queue/engine.py": {"普通", "优先", "紧急"},
    "marketapp/core/queue/ratings.py": {"好", "中", "差", "好评", "中评", "差评"},
    "marketapp/core/queue/visits.py": {"元"},
    "marketapp/core/roster/read.py": {"一", "鿿", "姓名村"},  # telling a Chinese header row
    "marketapp/core/merge/tables.py": {"设备编号"},  # a record name, the same in English
    "marketapp/core/roster/importer.py": {"是", "√", "有", "是的", "对", "独居", "留守", "残疾",
                                          "残障", "低保"},
}


def _translations_script():
    spec = importlib.util.spec_from_file_location("translations",
                                                  ROOT / "scripts" / "translations.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def tool():
    return _translations_script()


def _fields(template: str) -> set[tuple[str, str, str | None]]:
    """(name, format spec, conversion) of each ``{field}``; a pair parameter's ``_en``/``_zh``
    suffix is dropped, so ``{where_en}`` in English matches ``{where_zh}`` in Chinese."""
    found = set()
    for _literal, name, spec, conversion in string.Formatter().parse(template):
        if name is not None:
            found.add((name.removesuffix("_en").removesuffix("_zh"), spec or "", conversion))
    return found


def test_every_msgid_in_the_code_has_a_chinese_translation_and_the_mo_is_compiled(tool):
    template = tool.template()
    assert [p for po in tool.po_files() for p in tool.problems(po, template)] == []


def test_every_catalogue_is_a_language_and_every_language_but_english_has_one(tool):
    locales = {po.parent.parent.name for po in tool.po_files()}
    assert locales == {locale for locale in text.LANGUAGES.values() if locale}


def test_the_committed_po_is_as_the_script_writes_it(tool):
    """Sorted, without locations: two branches adding strings rarely touch the same lines."""
    assert PO.read_bytes() == tool.updated(PO, tool.template())


def test_a_stale_mo_is_caught(tool, tmp_path):
    po = tmp_path / "marketapp.po"
    po.write_bytes(PO.read_bytes().replace(b'msgstr "\xe5\xb9\xb4\xe9\xbe\x84"', b'msgstr "X"'))
    po.with_suffix(".mo").write_bytes((PO.with_suffix(".mo")).read_bytes())
    assert any("stale" in p for p in tool.problems(po, Catalog()))


def test_placeholders_of_msgid_and_msgstr_match(tool):
    catalog = tool.read(PO)
    wrong = [(m.id, m.string) for m in catalog if m.id and _fields(m.id) != _fields(m.string)]
    assert wrong == []


def test_the_mo_is_found_as_a_resource():
    assert resource_path("locale", "zh_CN", "LC_MESSAGES", "marketapp.mo").is_file()


def test_switching_the_language_switches_core_error_text():
    error = InvalidVillager("name_too_long", max=20)
    assert str(error) == "姓名过长（最多 20 个字）。"
    text.set_language("en")
    assert str(error) == "The name is too long (at most 20)."
    assert error.message("zh") == "姓名过长（最多 20 个字）。"


def test_a_pair_parameter_is_filled_by_language():
    error = illegal("A001", "waiting", "done")
    assert error.message("zh") == "A001 等候中，不能办结。"
    assert error.message("en") == "A001 is waiting; it cannot be finished."


def test_a_context_keeps_two_translations_of_one_english_word():
    assert text.gettext(STATE_NAMES["waiting"], "zh") == "等候中"
    assert text.gettext(text.NP_("ticket state", "waiting"), "en") == "waiting"
    assert text.pgettext("list separator", ", ", "zh") == "、"


def test_say_fills_fields_after_translating_and_leaves_a_plain_sentence_alone():
    assert text.say("Exported {count} villagers to {output}", "zh", count=3,
                    output="x.csv") == "已导出 3 位村民到 x.csv"
    assert text.say("{not a field}", "en") == "{not a field}"
    assert text.join(["a", "b"], "zh") == "a、b" and text.join(["a", "b"], "en") == "a, b"


def test_an_unknown_code_is_shown_as_it_is_not_looked_up():
    assert text.name_in({"done": text.N_("done")}, "done", "zh") == "已办结"
    assert text.name_in({}, "name", "zh") == "name"  # though "name" is a msgid elsewhere


def test_an_unsupported_language_is_refused():
    with pytest.raises(ValueError, match="unsupported language"):
        text.set_language("fr")


class _Greeting(UserError):
    messages = {"hello": text.N_("The name is empty.")}


def test_a_third_language_is_a_catalogue_and_one_line_in_the_table(tmp_path, monkeypatch):
    catalog = Catalog(locale="ug_CN", domain=text.DOMAIN)
    catalog.add("The name is empty.", "ئىسىم يوق.")
    folder = tmp_path / "ug_CN" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    with open(folder / f"{text.DOMAIN}.mo", "wb") as handle:
        write_mo(handle, catalog)
    # resources/locale gains the folder; LANGUAGES gains the line
    real = text.locale_dir()
    for po in real.glob("*/LC_MESSAGES/*.mo"):
        target = tmp_path / po.relative_to(real)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(po.read_bytes())
    monkeypatch.setattr(text, "locale_dir", lambda: tmp_path)
    monkeypatch.setitem(text.LANGUAGES, "ug", "ug_CN")
    text.translations.cache_clear()
    try:
        text.set_language("ug")
        assert str(_Greeting("hello")) == "ئىسىم يوق."
        assert _Greeting("hello").message("zh") == "姓名不能为空。"
    finally:
        text.set_language("zh")
        text.translations.cache_clear()


# ------------------------------------------------------------------ no Chinese left behind

_MSGID_CALLS = {"N_": 0, "NP_": 1, "say": 0, "say_pair": 0, "gettext": 0, "pgettext": 1}


def _chinese_literals(path: Path) -> list[tuple[int, str]]:
    """Chinese string literals of a module, less docstrings and msgids (which may quote a
    Chinese word the English asks for: “use 男/M or 女/F”)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skip = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            if node.body and isinstance(node.body[0], ast.Expr):
                skip.add(id(node.body[0].value))
        if isinstance(node, ast.Call):
            name = node.func.id if isinstance(node.func, ast.Name) else getattr(
                node.func, "attr", None)
            index = _MSGID_CALLS.get(name)
            if index is not None and len(node.args) > index:
                skip.add(id(node.args[index]))
    return [(node.lineno, node.value) for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str)
            and id(node) not in skip and any("\u4e00" <= c <= "\u9fff" for c in node.value)]


def test_chinese_outside_ui_is_in_the_catalogue_not_in_the_code():
    """Program text is written in English and translated (see marketapp/core/text.py); what
    Chinese is left is data, listed above with its reason."""
    left = []
    for path in sorted((ROOT / "marketapp").rglob("*.py")):
        rel = path.relative_to(ROOT).as_posix()
        if rel.startswith("marketapp/ui/") or rel in DATA_MODULES:
            continue
        allowed = DATA_TEXTS.get(rel, set())
        left += [f"{rel}:{line}: {value[:40]!r}" for line, value in _chinese_literals(path)
                 if value not in allowed]
    assert left == []
