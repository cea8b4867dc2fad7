"""The node-to-compiler tables cover the whole AST, checked when the compiler is imported."""

from __future__ import annotations

import pytest

from gshell.lang import ast
from gshell.runtime import compiler
from gshell.runtime.compile_expressions import EXPRESSIONS
from gshell.runtime.compile_statements import STATEMENTS


def test_every_node_class_has_one_home() -> None:
    compiler.check_tables()  # what the import ran
    for cls in compiler.node_classes():
        homes = (cls in EXPRESSIONS) + (cls in STATEMENTS) + (cls in compiler.PARTS)
        assert homes == (2 if cls is ast.PipelineStmt else 1), cls.__name__


def test_node_classes_are_the_ast_classes() -> None:
    names = {cls.__name__ for cls in compiler.node_classes()}
    assert {"ConstantExpr", "IfStmt", "FunctionDefStmt", "CommandExpr", "Script"} <= names
    assert "Node" not in names and "Pos" not in names


def test_a_missing_compiler_fails_the_check(monkeypatch: pytest.MonkeyPatch) -> None:
    table = dict(STATEMENTS)
    del table[ast.SwitchStmt]
    monkeypatch.setattr(compiler, "STATEMENTS", table)
    with pytest.raises(ImportError, match="SwitchStmt has no compile function"):
        compiler.check_tables()


def test_a_node_in_two_tables_fails_the_check(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(compiler, "PARTS", compiler.PARTS | {ast.IfStmt})
    with pytest.raises(ImportError, match="IfStmt is in STATEMENTS and PARTS"):
        compiler.check_tables()


def test_a_new_node_class_without_compiler_fails_the_check(monkeypatch: pytest.MonkeyPatch) -> None:
    class LambdaExpr(ast.Node):
        body: ast.Expr

    monkeypatch.setattr(ast, "LambdaExpr", LambdaExpr, raising=False)
    with pytest.raises(ImportError, match="LambdaExpr has no compile function"):
        compiler.check_tables()
