"""What the node compilers need from the interpreter, and the shapes they produce.

Each AST node is compiled once (per interpreter) into a Python closure:

* expressions → ``ExprFn``: ``fn(scope) -> value``;
* statements  → ``StmtFn``: ``fn(scope) -> iterable of output objects`` (a tuple for simple
  statements, a generator for pipelines and loops, so that output streams as it is produced).

The compile functions (``compile_expressions``, ``compile_statements``, ``redirection``) are
plain functions of a ``CompileContext``: the interpreter, seen only through the members listed
here.  ``gshell.runtime.compiler`` maps each AST node class to its compile function.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator

from gshell.lang import ast
from gshell.runtime.errors import ErrorRecord, PSError
from gshell.runtime.host import Host
from gshell.runtime.registry import Command
from gshell.runtime.scope import Scope

TYPE_CHECKING = False  # typing is not imported at start-up (docs/architecture.md, Start-up)
if TYPE_CHECKING:
    from typing import Any, Protocol
else:
    Any = object  # the runtime uses Any in a base class or alias below
    Protocol = object  # CompileContext is an interface for the type checker

ExprFn = Callable[[Scope], Any]
StmtFn = Callable[[Scope], Iterable[Any]]
EMPTY: tuple[Any, ...] = ()
#: "no previous value" when a variable is saved and restored around a block
UNSET = object()


class CompileContext(Protocol):
    """The interpreter as the compile functions see it."""

    host: Host
    global_scope: Scope
    last_status: bool
    current_errors: list[ErrorRecord]
    try_depth: int

    def compile_expr(self, node: Any) -> ExprFn: ...

    def compile_stmt(self, node: Any) -> StmtFn: ...

    def compile_block(self, stmts: list[Any] | None) -> StmtFn: ...

    def compile_value(self, stmt: Any) -> ExprFn: ...

    def locate(self, rec: ErrorRecord, pos: Any) -> None: ...

    def located(self, err: PSError, pos: Any) -> PSError: ...

    def add_error(self, rec: ErrorRecord) -> None: ...

    def invoke_command(self, node: ast.CommandExpr, scope: Scope, upstream: Any,
                       expecting_input: bool) -> Iterator[Any]: ...

    def define_function(self, node: ast.FunctionDefStmt) -> Command: ...


def collapse(items: list[Any]) -> Any:
    """A pipeline's output as one value: nothing → None, one object → it, more → the list."""
    if not items:
        return None
    if len(items) == 1:
        return items[0]
    return items
