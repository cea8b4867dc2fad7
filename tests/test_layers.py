"""The import structure of gshell: layers that only look down, and no import cycle.

The graph is built from the source (``ast``) of every module, counting every import: at the
top, inside functions, under ``if TYPE_CHECKING:``, ``importlib.import_module("gshell...")``
and ``__import__`` with a literal name, and the submodules a package re-exports lazily with
``gshell.lazy.lazy_attributes``.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "gshell"

#: Each layer and the layers it may import (itself included).  ``base`` is the package root and
#: the small shared modules every layer may use.  ``gradio`` and ``hub`` (the engines) sit
#: beside the language and the runtime: they know nothing of them.
BASE = {"gshell", "structs", "lazy", "secrets", "display", "environment", "writeguard"}
MAY_IMPORT: dict[str, set[str]] = {
    "base": {"base"},
    "lang": {"base", "lang"},
    "runtime": {"base", "lang", "runtime"},
    "gradio": {"base", "gradio"},
    "hub": {"base", "gradio", "hub"},
    "teach": {"base", "lang", "runtime", "gradio", "hub", "teach"},
    "commands": {"base", "lang", "runtime", "gradio", "hub", "teach", "commands"},
    "repl": {"base", "lang", "runtime", "gradio", "hub", "teach", "commands", "repl"},
    "demo": {"base", "lang", "runtime", "gradio", "hub", "teach", "commands", "repl", "demo"},
    "cli": {"base", "lang", "runtime", "gradio", "hub", "teach", "commands", "repl", "demo", "cli"},
    "__main__": {"cli"},
}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def layer(module: str) -> str:
    top = module.split(".")[1] if "." in module else "gshell"
    return "base" if top in BASE else top


def imported_names(source: str, module: str, is_package: bool) -> set[str]:
    """Every ``gshell...`` name ``source`` imports (modules or names inside modules)."""
    package = module if is_package else module.rpartition(".")[0]
    names: set[str] = set()
    tree = ast.parse(source)
    tables: dict[str, ast.expr] = {}  # module-level `NAME = {...}` (a lazy_attributes table)
    for stmt in tree.body:
        if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1 and isinstance(stmt.targets[0], ast.Name):
            tables[stmt.targets[0].id] = stmt.value
        elif isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name) and stmt.value is not None:
            tables[stmt.target.id] = stmt.value
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(anchor + ([base] if base else []))
            names.update(f"{base}.{a.name}" for a in node.names)
        elif isinstance(node, ast.Call):
            func = node.func
            called = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""
            first = node.args[0] if node.args else None
            if called in ("import_module", "__import__") and isinstance(first, ast.Constant) \
                    and isinstance(first.value, str):
                names.add(first.value)
            elif called == "lazy_attributes" and len(node.args) > 1:
                table = node.args[1]
                if isinstance(table, ast.Name):
                    table = tables.get(table.id, table)
                assert isinstance(table, ast.Dict), f"{module}: lazy_attributes needs a literal table"
                for value in table.values:
                    sub = value.elts[0] if isinstance(value, ast.Tuple) else value
                    if isinstance(sub, ast.Constant) and isinstance(sub.value, str):
                        names.add(f"{module}.{sub.value}")
    return {n for n in names if n == "gshell" or n.startswith("gshell.")}


def build_graph() -> dict[str, set[str]]:
    """Module → the gshell modules it imports (a name inside a module counts as its module)."""
    paths = {module_name(p): p for p in PACKAGE.rglob("*.py")}
    graph: dict[str, set[str]] = {}
    for module, path in paths.items():
        targets: set[str] = set()
        for name in imported_names(path.read_text(encoding="utf-8"), module, path.name == "__init__.py"):
            while name not in paths:
                name = name.rpartition(".")[0]
            if name != module:
                targets.add(name)
        graph[module] = targets
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    for root in graph:
        if root in index:
            continue
        work = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph.get(child, ())))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    top = stack.pop()
                    on_stack.discard(top)
                    component.append(top)
                    if top == node:
                        break
                if len(component) > 1:
                    found.append(sorted(component))
    return found


@pytest.fixture(scope="module")
def graph() -> dict[str, set[str]]:
    return build_graph()


def test_no_import_cycle(graph: dict[str, set[str]]) -> None:
    found = cycles(graph)
    detail = [[f"{a} -> {b}" for a in c for b in sorted(graph[a]) if b in c] for c in found]
    assert not found, f"import cycles: {detail}"


def test_layers_only_look_down(graph: dict[str, set[str]]) -> None:
    wrong = sorted(f"{a} -> {b}" for a, targets in graph.items() for b in targets
                   if layer(b) not in MAY_IMPORT[layer(a)])
    assert not wrong, "imports against the layers:\n" + "\n".join(wrong)


def test_every_module_has_a_layer(graph: dict[str, set[str]]) -> None:
    assert {layer(m) for m in graph} <= set(MAY_IMPORT)


def test_the_graph_sees_every_kind_of_import() -> None:
    source = '''
import gshell.lang
from typing import TYPE_CHECKING
from . import sibling
from ..runtime.values import Record
if TYPE_CHECKING:
    from gshell.repl import app
def late():
    from gshell.commands import files
    import importlib
    importlib.import_module("gshell.hub.client")
    __import__("gshell.teach")
__getattr__ = lazy_attributes(__name__, {"Thing": "things", "Other": ("others", "Name")})
_LAZY: dict[str, str] = {"More": "more"}
__getattr__ = lazy_attributes(__name__, _LAZY)
'''
    names = imported_names(source, "gshell.gradio.calls", is_package=False)
    assert names == {"gshell.lang", "gshell.gradio.sibling", "gshell.runtime.values.Record", "gshell.repl.app",
                     "gshell.commands.files", "gshell.hub.client", "gshell.teach", "gshell.gradio.calls.things",
                     "gshell.gradio.calls.others", "gshell.gradio.calls.more"}


def test_a_cycle_is_found() -> None:
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert cycles({"a": {"b"}, "b": set()}) == []


def test_known_imports_are_in_the_graph(graph: dict[str, set[str]]) -> None:
    # function-level imports and lazily re-exported submodules count
    assert "gshell.repl.app" in graph["gshell.cli"]
    assert "gshell.gradio.session" in graph["gshell.gradio"]
