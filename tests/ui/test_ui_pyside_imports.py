"""PySide's check of every import (ui/pyside_imports.py): the cheaper one gives PySide's answers."""

from __future__ import annotations

import importlib
import subprocess
import sys
import types

import pytest

import marketapp.ui  # noqa: F401 - installs the cheaper check

feature = sys.modules.get("shibokensupport.feature")
pytestmark = pytest.mark.skipif(
    feature is None or not hasattr(feature, "_mod_uses_pyside"),
    reason="this PySide6 has no per-import check")


def test_the_cheaper_check_is_what_pyside_calls_after_an_import():
    assert getattr(feature._mod_uses_pyside, "pyside_check", None) is not None


@pytest.mark.parametrize("name", [
    "marketapp.ui.shell.tasks",  # a module of ours that imports PySide6
    "marketapp.core.ids",  # one that does not
    "marketapp.ui",  # a package: its __init__.py
    "marketapp.core",
    "json",  # the standard library
    "_csv",  # a compiled extension
    "sys",  # built in
    "sqlite_utils.db",
])
def test_it_answers_as_pysides_own_check(name):
    module = importlib.import_module(name)
    ours = feature._mod_uses_pyside
    assert ours(module) == ours.pyside_check(module)


def test_a_module_without_a_readable_file_gets_pysides_own_answer(tmp_path):
    ours = feature._mod_uses_pyside
    gone = types.ModuleType("gone")
    gone.__file__ = str(tmp_path / "gone.py")  # the file was removed after the import
    assert ours(gone) is False and ours.pyside_check(gone) is False
    written = tmp_path / "mentions.py"
    written.write_text("import PySide6.QtCore\n", encoding="utf-8")
    mentions = types.ModuleType("mentions")
    mentions.__file__ = str(written)
    assert ours(mentions) is True


def test_pyside_features_still_work_in_a_module_that_asks_for_them(tmp_path):
    # The check exists for `from __feature__ import snake_case`: it must keep working.
    (tmp_path / "snake.py").write_text(
        "from PySide6.QtCore import QObject\n"
        "from __feature__ import snake_case\n"
        "def name():\n"
        "    probe = QObject()\n"
        "    probe.set_object_name('snake')\n"
        "    return probe.object_name()\n", encoding="utf-8")
    code = ("import sys; sys.path.insert(0, sys.argv[1]); import marketapp.ui; "
            "import snake; print(snake.name())")
    done = subprocess.run([sys.executable, "-c", code, str(tmp_path)], capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "snake"
