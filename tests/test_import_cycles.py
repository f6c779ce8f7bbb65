"""The project's modules import each other one way only, and the engine never imports Streamlit.

Every import statement of logic/, ui/, pages/, app.py and server.py is read with `ast`: at module level
and inside functions alike (an import deferred into a function still ties the two modules together).
Imports under `if TYPE_CHECKING:` are left out, since they never run. An import names the module it
reads: `from logic.storage import schema` is an edge to logic.storage.schema, `from logic.storage import
Storage` one to logic.storage.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SOURCES = ("logic", "ui", "pages", "app.py", "server.py")


def module_name(path: Path) -> str:
    parts = list(path.relative_to(REPO).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def project_files() -> dict[str, Path]:
    files: dict[str, Path] = {}
    for source in SOURCES:
        root = REPO / source
        for path in [root] if root.is_file() else sorted(root.rglob("*.py")):
            files[module_name(path)] = path
    return files


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _imports(tree: ast.AST) -> Iterator[ast.Import | ast.ImportFrom]:
    """Every import in the tree, at any depth, except those only a type checker runs."""
    for node in ast.iter_child_nodes(tree):
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            yield node
        elif isinstance(node, ast.If) and _is_type_checking(node.test):
            for child in node.orelse:
                yield from _imports(ast.Module(body=[child], type_ignores=[]))
        else:
            yield from _imports(node)


def imported_names(name: str, path: Path) -> Iterator[str]:
    """The dotted names of the modules (or, for `from M import x`, of M.x and M) that `path` imports."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    for node in _imports(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
            continue
        base = node.module or ""
        if node.level:
            anchor = package.split(".")[: len(package.split(".")) - (node.level - 1)] if package else []
            base = ".".join([*anchor, base] if base else anchor)
        for alias in node.names:
            yield f"{base}.{alias.name}"


def import_graph() -> dict[str, set[str]]:
    files = project_files()
    graph: dict[str, set[str]] = {name: set() for name in files}
    for name, path in files.items():
        for imported in imported_names(name, path):
            # The longest project module the dotted name starts with: a submodule, else its package.
            target = imported
            while target and target not in files:
                target = target.rpartition(".")[0]
            if target and target != name:
                graph[name].add(target)
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """One cycle, named module by module, for every strongly connected group of modules (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[set[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph[node]):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = set()
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.add(member)
                if member == node:
                    break
            if len(group) > 1:
                groups.append(group)

    for node in sorted(graph):
        if node not in index:
            visit(node)

    found = []
    for group in groups:
        start = min(group)
        # Breadth-first from start back to start inside the group: the shortest cycle through it.
        previous: dict[str, str] = {}
        frontier = [start]
        while frontier and start not in previous:
            following = []
            for node in frontier:
                for nxt in sorted(graph[node] & group):
                    if nxt not in previous:
                        previous[nxt] = node
                        following.append(nxt)
            frontier = following
        back: list[str] = []
        node = previous[start]
        while node != start:
            back.append(node)
            node = previous[node]
        found.append([start, *reversed(back), start])
    return found


def test_the_walk_sees_imports_at_module_and_function_level() -> None:
    graph = import_graph()
    assert {"logic", "logic.storage", "logic.storage.schema", "ui.i18n", "app", "server"} <= graph.keys()
    assert "logic.models" in graph["logic.reaction"]  # module level
    assert "logic.auth.audit" in graph["logic.storage"]  # inside open_storage
    assert len(graph) > 60


def test_the_cycle_finder_names_a_cycle() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert cycles(graph) == [["a", "b", "c", "a"]]
    assert cycles({"a": {"b"}, "b": set()}) == []


def test_no_import_cycle_among_the_projects_modules() -> None:
    found = cycles(import_graph())
    assert not found, "import cycles:\n" + "\n".join(" -> ".join(cycle) for cycle in found)


def test_the_engine_never_imports_streamlit() -> None:
    files = project_files()
    offenders = [
        f"{name} imports {imported}"
        for name, path in files.items()
        if name.startswith("logic")
        for imported in imported_names(name, path)
        if imported == "streamlit" or imported.startswith("streamlit.")
    ]
    assert not offenders, offenders


def test_the_engine_never_imports_the_ui() -> None:
    """logic/ is the engine: it never reaches into ui/, pages/, app.py or server.py (not even inside a
    function), so that `python -m logic` and the engine's tests run without the UI's modules."""
    files = project_files()
    outside = ("ui", "pages", "app", "server")
    offenders = [
        f"{name} imports {imported}"
        for name, path in files.items()
        if name.startswith("logic")
        for imported in imported_names(name, path)
        if imported.split(".")[0] in outside
    ]
    assert not offenders, offenders


def test_the_ui_check_sees_a_deferred_import(tmp_path: Path) -> None:
    module = tmp_path / "sheet.py"
    module.write_text("def texts():\n    from ui.i18n import translate\n    return translate\n", encoding="utf-8")
    assert "ui.i18n.translate" in set(imported_names("logic.sheet", module))
