"""The compiler: turns AST nodes into closures, once per interpreter, through the node tables.

``EXPRESSIONS`` (``compile_expressions``) and ``STATEMENTS`` (``compile_statements``) map each
node class to its compile function.  ``PARTS`` lists the node classes that are compiled only
as part of their parent (a hashtable entry, a command's parameter, ...).  When this module is
imported, every node class of ``gshell.lang.ast`` must be in exactly one of the three, or the
import fails: a missing handler shows at once, not when a script first uses the node.
"""

from __future__ import annotations

from collections.abc import Iterator

from gshell.lang import ast
from gshell.lazy import LazyModule
from gshell.runtime import conversions as conv
from gshell.runtime.compile_expressions import EXPRESSIONS, compile_assignment
from gshell.runtime.compile_statements import STATEMENTS
from gshell.runtime.compiling import EMPTY, CompileContext, ExprFn, StmtFn, collapse
from gshell.runtime.depth import overflow
from gshell.runtime.errors import PSError, runtime_error, too_many_digits
from gshell.runtime.registry import Command
from gshell.runtime.reporting import ErrorReporting
from gshell.runtime.scope import Scope

TYPE_CHECKING = False  # typing is not imported at start-up (docs/architecture.md, Start-up)
if TYPE_CHECKING:
    from typing import Any

    from gshell.runtime import traps
else:
    traps = LazyModule("gshell.runtime.traps", globals())  # loaded for the first list with a `trap`, or a `try`


class _DepthMark(Exception):
    """Never escapes: see ``Compiler.compile_block``."""


_DEPTH_MARK = _DepthMark()
DEEP_CALLS = 50   # call depth from which blocks run under the mark (see compile_block)


def split_traps(ctx: CompileContext, stmts: list[Any]) -> tuple[list[Any], list[traps.Trap]]:
    """The statements of a list without its `trap` statements, and those traps compiled."""
    if not any(isinstance(st, ast.TrapStmt) for st in stmts):
        return stmts, []
    return traps.split_traps(ctx, stmts)


#: Node classes compiled by their parent's compile function, never on their own.
PARTS: frozenset[type] = frozenset({
    ast.HashEntry, ast.ParamDecl, ast.CommandParameter, ast.CommandArgument, ast.CommandExpr, ast.Redirection,
    ast.IfClause, ast.SwitchClause, ast.CatchClause, ast.Script,
})


def node_classes() -> list[type]:
    """Every concrete node class of the AST."""
    return [v for v in vars(ast).values()
            if isinstance(v, type) and issubclass(v, ast.Node) and v is not ast.Node]


def check_tables() -> None:
    """Raise unless every node class has exactly one place: an expression or statement
    compiler, or ``PARTS`` (``PipelineStmt`` also compiles as an expression: a statement used
    where a value is expected)."""
    problems: list[str] = []
    classes = node_classes()
    for cls in classes:
        homes = [name for name, table in (("EXPRESSIONS", EXPRESSIONS), ("STATEMENTS", STATEMENTS),
                                          ("PARTS", PARTS)) if cls in table]
        if not homes:
            problems.append(f"{cls.__name__} has no compile function")
        elif len(homes) > 1 and cls is not ast.PipelineStmt:
            problems.append(f"{cls.__name__} is in {' and '.join(homes)}")
    unknown = [cls.__name__ for cls in (*EXPRESSIONS, *STATEMENTS, *PARTS) if cls not in classes]
    problems.extend(f"{name} is not a node class of gshell.lang.ast" for name in unknown)
    if problems:
        raise ImportError("gshell.runtime.compiler: " + "; ".join(problems))


check_tables()


class Compiler(ErrorReporting):
    """Compiles nodes with a per-interpreter cache (a node is compiled once)."""

    global_scope: Scope

    def __init__(self) -> None:
        super().__init__()
        self._cache: dict[Any, tuple[Any, Any]] = {}

    def compile_expr(self, node: Any) -> ExprFn:
        hit = self._cache.get(id(node))
        if hit is not None and hit[0] is node:
            return hit[1]
        handler = EXPRESSIONS.get(type(node))
        if handler is None:
            raise runtime_error(f"cannot evaluate {type(node).__name__}")
        fn = handler(self, node)
        self._cache[id(node)] = (node, fn)
        return fn

    def compile_stmt(self, node: Any) -> StmtFn:
        key = ~id(node)
        hit = self._cache.get(key)
        if hit is not None and hit[0] is node:
            return hit[1]
        handler = STATEMENTS.get(type(node))
        if handler is None:
            expr = self.compile_expr(node)
            fn: StmtFn = lambda s: conv.enumerate_pipeline(expr(s))  # noqa: E731
        else:
            fn = handler(self, node)
        self._cache[key] = (node, fn)
        return fn

    def compile_block(self, stmts: list[Any] | None) -> StmtFn:
        """The statements of a block, run one after the other.  A statement-terminating error
        ends only its statement (``statement_failed``: reported, then the next statement
        runs); `$?` is set after each statement."""
        if not stmts:
            return lambda s: EMPTY
        stmts, trap_list = split_traps(self, stmts)
        if trap_list:
            return self._trapped_block([self.compile_stmt(st) for st in stmts], trap_list)
        fns = [self.compile_stmt(st) for st in stmts]
        failed = self.statement_failed

        def statements(scope: Scope) -> Iterator[Any]:
            for f in fns:
                serial = self.error_serial
                try:
                    yield from f(scope)
                except PSError as e:
                    failed(e, scope)
                    continue
                except RecursionError:
                    raise overflow() from None
                except ValueError as e:
                    digits = too_many_digits(e)
                    if digits is None:
                        raise
                    failed(digits, scope)
                    continue
                self.last_status = self.error_serial == serial

        def run(scope: Scope) -> Iterator[Any]:
            if self.call_depth < DEEP_CALLS:
                return statements(scope)
            return deep(scope)

        def deep(scope: Scope) -> Iterator[Any]:
            try:
                raise _DEPTH_MARK
            except _DepthMark:
                # deep in calls, the statements run inside this handler: CPython looks for "the
                # exception being handled" through every running generator each time something
                # is raised or a suspended generator is closed; the mark ends that search at the
                # nearest block, so an error costs the same at call depth 100 as at 10,000
                yield from statements(scope)
        return run

    def _trapped_block(self, fns: list[StmtFn], trap_list: list[traps.Trap]) -> StmtFn:
        """The statements of a list that has `trap` statements (gshell.runtime.traps)."""

        def run(scope: Scope) -> Iterator[Any]:
            for f in fns:
                serial = self.error_serial
                try:
                    yield from traps.guarded(self, f, scope)
                except PSError as e:
                    err = e
                except RecursionError:
                    err = overflow()
                else:
                    self.last_status = self.error_serial == serial
                    continue
                yield from traps.handle(self, err, trap_list, scope)
        return run

    def compile_value(self, stmt: Any) -> ExprFn:
        """The value of a statement used as an expression (assignment right side,
        conditions, hashtable values): a lone expression keeps its value; a pipeline's
        output is 0 → $null, 1 → the object, n → list."""
        if isinstance(stmt, ast.PipelineStmt) and len(stmt.elements) == 1 and not stmt.redirections \
                and not isinstance(stmt.elements[0], ast.CommandExpr):
            return self.compile_expr(stmt.elements[0])
        if isinstance(stmt, ast.AssignmentStmt):
            return compile_assignment(self, stmt)
        if type(stmt).__name__.endswith("Expr"):
            return self.compile_expr(stmt)
        run = self.compile_stmt(stmt)

        def value(scope: Scope) -> Any:
            return collapse(list(run(scope)))
        return value

    # what the statement compilers call, provided by the command layer above
    def invoke_command(self, node: ast.CommandExpr, scope: Scope, upstream: Any,
                       expecting_input: bool) -> Iterator[Any]:
        raise NotImplementedError

    def define_function(self, node: ast.FunctionDefStmt) -> Command:
        raise NotImplementedError
