"""core/, store/ and reports/ must stay Qt-free so the CLI, tests and reports run without a GUI."""

import ast
from pathlib import Path

import marketapp

PACKAGE = Path(marketapp.__file__).parent
QT_FREE = ("core", "store", "reports")


def _imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_qt_free_layers_do_not_import_pyside6():
    offenders = []
    for layer in QT_FREE:
        for path in sorted((PACKAGE / layer).rglob("*.py")):
            qt = [m for m in _imported_modules(path) if m.split(".")[0] in ("PySide6", "shiboken6")]
            uses_ui = [m for m in _imported_modules(path) if m.startswith("marketapp.ui")]
            if qt or uses_ui:
                offenders.append(f"{path.relative_to(PACKAGE)}: {qt + uses_ui}")
    assert offenders == []


def test_the_check_sees_an_import_when_there_is_one(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text("def f():\n    from PySide6.QtCore import QTimer\n", encoding="utf-8")
    assert "PySide6.QtCore" in _imported_modules(sample)


def test_lower_layers_do_not_import_upper_ones():
    offenders = []
    for path in sorted((PACKAGE / "core").rglob("*.py")):
        for module in _imported_modules(path):
            if module.startswith(("marketapp.reports", "marketapp.ui", "marketapp.cli")):
                offenders.append(f"{path.name}: {module}")
    for path in sorted((PACKAGE / "store").rglob("*.py")):
        for module in _imported_modules(path):
            if module.startswith(("marketapp.reports", "marketapp.ui", "marketapp.cli")):
                offenders.append(f"{path.name}: {module}")
    assert offenders == []
