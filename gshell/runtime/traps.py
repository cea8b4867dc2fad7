"""`trap` statements (about_Trap).

A `trap` handles the terminating errors (statement- and script-terminating) of every statement
of the statement list it is written in, also of the statements before it (traps are "hoisted"),
and of everything those statements call.  While such a statement runs, errors deeper down are
not reported where they happen but unwind to it (as inside `try`), so a failing statement in a
loop body or in a called function ends that loop or call.

When an error reaches the statement, the trap with the most specific matching type runs (an
untyped trap matches every error, as `[Exception]`; between equals the first written wins) in a
child scope with `$_` / `$PSItem` set to the ErrorRecord.  Then:

* by default the error is reported (as an uncaught statement-terminating error) and the next
  statement of the trap's statement list runs;
* `continue` in the trap: the error is not reported (it is still added to `$Error`) and the
  next statement runs;
* `break` in the trap: the error goes on unwinding (script-terminating) out of the list.

With no matching trap the error is handled as if there were no trap.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from gshell.lang import ast
from gshell.runtime.compiling import CompileContext, StmtFn
from gshell.runtime.errors import ErrorRecord, PSError
from gshell.runtime.scope import Scope
from gshell.runtime.signals import BreakSignal, ContinueSignal
from gshell.structs import Struct

TYPE_CHECKING = False  # typing is not imported at start-up (docs/architecture.md, Start-up)
if TYPE_CHECKING:
    from typing import Any, Protocol
else:
    Protocol = object  # Compiler is an interface for the type checker


class Compiler(Protocol):
    """What traps need of the interpreter (gshell.runtime.compiler.Compiler)."""

    try_depth: int
    last_status: bool
    error_serial: int
    current_errors: list[ErrorRecord]

    def compile_block(self, stmts: list[Any] | None) -> StmtFn: ...

    def statement_failed(self, e: PSError, scope: Any) -> None: ...

    def report_uncaught(self, e: PSError, silent: bool = False) -> None: ...

    def add_error(self, rec: ErrorRecord) -> None: ...


class Trap(Struct, frozen=True):
    types: list[str]
    body: StmtFn


def split_traps(ctx: CompileContext, stmts: list[Any]) -> tuple[list[Any], list[Trap]]:
    """The statements of a list without its `trap` statements, and those traps compiled
    (called through ``compiling.split_traps``, for a list that has one)."""
    rest = [st for st in stmts if not isinstance(st, ast.TrapStmt)]
    traps = [Trap(list(st.types), ctx.compile_block(st.body)) for st in stmts if isinstance(st, ast.TrapStmt)]
    return rest, traps


def find_trap(traps: list[Trap], err: PSError) -> Trap | None:
    """The trap for ``err``: the most specific type match; an untyped trap is as general as
    `[Exception]`; between equally specific traps, the first written."""
    names = [t.casefold() for t in err.record.type_names()]
    if "exception" not in names:
        names.append("exception")
    best: Trap | None = None
    best_rank = len(names) + 1
    for trap in traps:
        if not trap.types:
            rank = names.index("exception")
        else:
            short = trap.types[0].strip("[]").rsplit(".", 1)[-1].casefold()
            if short not in names:
                continue
            rank = names.index(short)
        if rank < best_rank:
            best, best_rank = trap, rank
    return best


def guarded(ctx: CompileContext, fn: StmtFn, scope: Scope) -> Iterator[Any]:
    """Run one statement of a trapped list: while it runs (not while its consumer does),
    terminating errors deeper down unwind to it instead of being reported where they happen."""
    ctx.try_depth += 1
    try:
        items: Iterator[Any] = iter(fn(scope))
    finally:
        ctx.try_depth -= 1
    while True:
        ctx.try_depth += 1
        try:
            item = next(items)
        except StopIteration:
            return
        finally:
            ctx.try_depth -= 1
        yield item


def handle(ctx: Compiler, err: PSError, traps: list[Trap], scope: Scope) -> Iterable[Any]:
    """What happens to ``err``, which ended a statement of a list with ``traps``: the trap's
    output (the caller goes on with the next statement), or ``err`` raised on."""
    trap = find_trap(traps, err) if traps else None
    if trap is None:
        ctx.statement_failed(err, scope)
        return ()
    return _run_trap(ctx, trap, err, scope)


def _run_trap(ctx: Compiler, trap: Trap, err: PSError, scope: Scope) -> Iterator[Any]:
    rec = err.record
    tscope = scope.child()
    tscope.vars["_"] = rec
    ctx.current_errors.append(rec)
    action = "report"
    try:
        yield from trap.body(tscope)
    except ContinueSignal as c:
        if c.label is not None:
            raise
        action = "continue"
    except BreakSignal as b:
        if b.label is not None:
            raise
        action = "break"
    finally:
        ctx.current_errors.pop()
    if action == "break":
        err.script_terminating = True
        raise err
    if action == "continue":
        ctx.last_status = False
        ctx.error_serial += 1
        ctx.add_error(rec)
        return
    pref = scope.get("ErrorActionPreference")
    quiet = pref is not None and str(pref).strip().casefold() in ("silentlycontinue", "ignore")
    ctx.report_uncaught(err, silent=quiet)
