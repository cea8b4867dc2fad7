"""gshell.structs.Struct behaves like the @dataclass it replaced (start-up speed work)."""

from __future__ import annotations

import copy
import dataclasses
import inspect
import pkgutil
from typing import Any

import pytest

from gshell.lang import ast
from gshell.structs import Struct, field, fields


@dataclasses.dataclass(slots=True)
class DNode:
    value: Any
    text: str = ""
    items: list[Any] = dataclasses.field(default_factory=list)
    pos: Any = dataclasses.field(default=None, kw_only=True, compare=False, repr=False)


class SNode(Struct):
    value: Any
    text: str = ""
    items: list[Any] = field(default_factory=list)
    pos: Any = field(default=None, kw_only=True, compare=False, repr=False)


def _params(fn: Any) -> list[tuple[str, Any, bool]]:
    return [(p.name, p.kind, p.default is inspect.Parameter.empty) for p in inspect.signature(fn).parameters.values()]


def test_same_signature_eq_repr_as_dataclass() -> None:
    SNode(0)  # compiles __init__
    assert _params(SNode.__init__) == _params(DNode.__init__)
    assert SNode.__match_args__ == DNode.__match_args__ and SNode.__slots__ == DNode.__slots__
    s, d = SNode(1, "x", [2], pos=5), DNode(1, "x", [2], pos=5)
    assert repr(s) == repr(d).replace("DNode", "SNode") == "SNode(value=1, text='x', items=[2])"
    assert s == SNode(1, "x", [2], pos=99) and s != SNode(1, "y", [2])
    assert SNode(1).items == [] and SNode(1).items is not SNode(1).items
    assert [f.name for f in fields(s)] == [f.name for f in dataclasses.fields(d)]
    with pytest.raises(TypeError):
        hash(s)
    with pytest.raises(AttributeError):
        s.other = 1  # type: ignore[attr-defined]
    with pytest.raises(TypeError):
        SNode()  # type: ignore[call-arg]
    with pytest.raises(TypeError):
        SNode(1, "x", [], None)  # type: ignore[misc] - pos is keyword-only
    assert copy.deepcopy(s) == s


def test_unslotted_and_frozen() -> None:
    class Opts(Struct, slots=False):
        a: int = 1
        b: list[int] = field(default_factory=list)

    o = Opts()
    o.extra = 2  # type: ignore[attr-defined]
    assert Opts.a == 1 and o.b == [] and vars(o)["extra"] == 2

    class View(Struct, frozen=True):
        kind: str
        widths: tuple[int, ...] = ()

    v = View("table", (1,))
    assert hash(v) == hash(View("table", (1,))) and {v: 1}[View("table", (1,))] == 1
    with pytest.raises(AttributeError):
        v.kind = "list"  # type: ignore[misc]
    assert copy.copy(v) == v and copy.deepcopy(v) == v


def test_ast_nodes_keep_their_dataclass_shape() -> None:
    node = ast.CommandExpr("Get-X", pos=ast.Pos(1, 1, 0))
    assert node.elements == [] and node.invocation == "" and node.name_pos == ast.NOPOS
    assert node == ast.CommandExpr("Get-X") and repr(node) == "CommandExpr(name='Get-X', elements=[], invocation='')"
    assert [f.name for f in ast.fields(node)] == ["pos", "name", "elements", "invocation", "name_pos"]
    assert ast.Pos(1, 2, 3) == ast.Pos(1, 2, 3) and hash(ast.Pos(1, 2, 3)) == hash(ast.Pos(1, 2, 3))
    with pytest.raises(AttributeError):
        ast.NOPOS.line = 2  # type: ignore[misc]


def test_every_command_module_is_found() -> None:
    import gshell.commands as pkg

    expected = sorted(i.name for i in pkgutil.iter_modules(pkg.__path__)
                      if not i.name.startswith("_"))
    assert pkg.command_module_names() == expected
