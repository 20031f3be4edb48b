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


def test_the_web_front_end_stands_on_core_alone():
    """web/ is a third front end beside ui/ and the CLI: it imports neither."""
    offenders = [f"{path.name}: {module}" for path in sorted((PACKAGE / "web").rglob("*.py"))
                 for module in _imported_modules(path)
                 if module.startswith(("marketapp.ui", "marketapp.cli", "marketapp.commands"))]
    assert offenders == []


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _runtime_imports(path: Path, known: set[str]) -> set[str]:
    """marketapp modules ``path`` imports at any depth (functions included), leaving out
    ``if TYPE_CHECKING:`` blocks, which never run."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found: set[str] = set()

    def visit(node: ast.AST) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and getattr(child.test, "id", "") == "TYPE_CHECKING":
                continue
            if isinstance(child, ast.Import):
                found.update(a.name for a in child.names)
            elif isinstance(child, ast.ImportFrom) and child.module:
                found.update(f"{child.module}.{a.name}" if f"{child.module}.{a.name}" in known
                             else child.module for a in child.names)
            visit(child)

    visit(tree)
    return {name for name in found if name in known}


def import_cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected groups of more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    cycles: list[list[str]] = []

    def strong(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for other in graph.get(node, ()):
            if other not in index:
                strong(other)
                low[node] = min(low[node], low[other])
            elif other in stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                cycles.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            strong(node)
    return cycles


def test_no_import_cycles_inside_marketapp():
    paths = {_module_name(p): p for p in PACKAGE.rglob("*.py")}
    graph = {name: _runtime_imports(path, set(paths)) - {name} for name, path in paths.items()}
    assert import_cycles(graph) == []


def test_the_cycle_check_finds_a_cycle_through_a_function_level_import(tmp_path):
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert import_cycles(graph) == [["a", "b", "c"]]
    sample = tmp_path / "marketapp" / "x.py"
    sample.parent.mkdir()
    sample.write_text("def f():\n    from marketapp.y import z\n", encoding="utf-8")
    assert _runtime_imports(sample, {"marketapp.y", "marketapp.y.z"}) == {"marketapp.y.z"}


def test_nothing_outside_ui_imports_qt():
    outside = [p for p in PACKAGE.rglob("*.py") if p.relative_to(PACKAGE).parts[0] != "ui"
               and p.name != "__main__.py"]
    offenders = [str(p.relative_to(PACKAGE)) for p in outside
                 if any(m.split(".")[0] in ("PySide6", "shiboken6") for m in _imported_modules(p))]
    assert offenders == []
