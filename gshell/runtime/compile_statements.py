"""Compile functions of statements: each returns ``fn(scope) -> iterable of output objects``.

``STATEMENTS`` maps each statement node class to its compile function; ``gshell.runtime.compiler``
dispatches through it (a node without a statement compiler is compiled as an expression).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator

from gshell.lang import ast
from gshell.lazy import LazyModule
from gshell.runtime import conversions as conv
from gshell.runtime.compile_expressions import compile_assignment, compile_condition
from gshell.runtime.compiling import EMPTY, UNSET, CompileContext, StmtFn, collapse
from gshell.runtime.depth import overflow
from gshell.runtime.errors import ErrorRecord, PSError, runtime_error, too_many_digits
from gshell.runtime.scope import Scope
from gshell.runtime.signals import BreakSignal, ContinueSignal, ExitSignal, ReturnSignal, loop_exit

TYPE_CHECKING = False  # typing is not imported at start-up (docs/architecture.md, Start-up)
if TYPE_CHECKING:
    from typing import Any

    from gshell.runtime import operators, traps
else:  # loaded when a script first uses `-match`/`..`/a switch, or `try`
    operators = LazyModule("gshell.runtime.operators", globals())
    traps = LazyModule("gshell.runtime.traps", globals())


def _assignment_stmt(ctx: CompileContext, node: ast.AssignmentStmt) -> StmtFn:
    fn = compile_assignment(ctx, node)

    def run(scope: Scope) -> Iterable[Any]:
        fn(scope)
        return EMPTY
    return run


def _pipeline_stmt(ctx: CompileContext, node: ast.PipelineStmt) -> StmtFn:
    elements = node.elements
    if len(elements) == 1 and not node.redirections and not isinstance(elements[0], ast.CommandExpr):
        el = elements[0]
        f = ctx.compile_expr(el)
        if isinstance(el, ast.PostfixExpr) or (isinstance(el, ast.UnaryExpr) and el.op in ("++", "--")):
            def silent(scope: Scope) -> Iterable[Any]:
                f(scope)
                return EMPTY
            return silent
        enum = conv.enumerate_pipeline
        if isinstance(el, ast.InvokeMemberExpr):
            # a method returning nothing (void) writes nothing to the pipeline
            def method_stmt(scope: Scope) -> Iterable[Any]:
                v = f(scope)
                return EMPTY if v is None else enum(v)
            return method_stmt
        return lambda s: enum(f(s))
    stages: list[Any] = []
    for i, element in enumerate(elements):
        if isinstance(element, ast.CommandExpr):
            stages.append(("cmd", element))
        elif i == 0 and _is_range(element):
            stages.append(("lazy", _lazy_range(ctx, element)))
        else:
            if i > 0:
                raise ctx.located(PSError("Expressions are only allowed as the first element of a pipeline.",
                                            category="ParserError", exception_type="ParseException",
                                            error_id="ExpressionsMustBeFirstInPipeline"), element.pos)
            stages.append(("expr", ctx.compile_expr(element)))
    run = _pipeline(ctx, stages)
    if node.redirections:
        from gshell.runtime.redirection import redirected
        return redirected(ctx, run, node.redirections)
    return run


def _pipeline(ctx: CompileContext, stages: list[Any]) -> StmtFn:
    def run(scope: Scope) -> Iterator[Any]:
        upstream: Any = None
        expecting = False
        for kind, item in stages:
            if kind == "expr":
                upstream = conv.enumerate_pipeline(item(scope))
                expecting = True
            elif kind == "lazy":
                upstream = iter(item(scope))
                expecting = True
            else:
                upstream = ctx.invoke_command(item, scope, upstream, expecting)
                expecting = True
        yield from upstream
    return run


def _is_range(node: Any) -> bool:
    if isinstance(node, ast.PipelineStmt) and len(node.elements) == 1 and not node.redirections:
        node = node.elements[0]
    return isinstance(node, ast.BinaryExpr) and node.op == ".."


def _lazy_range(ctx: CompileContext, node: Any) -> Callable[[Scope], Iterable[Any]]:
    """`a..b` whose elements are used one at a time: made on demand (pwsh enumerates a range
    lazily in a pipeline and in `foreach`), so `1..1e9 | select -First 2` needs no memory."""
    if isinstance(node, ast.PipelineStmt):
        node = node.elements[0]
    left, right = ctx.compile_expr(node.left), ctx.compile_expr(node.right)
    return lambda scope: operators.lazy_range(left(scope), right(scope))


def _if_stmt(ctx: CompileContext, node: ast.IfStmt) -> StmtFn:
    clauses = [(compile_condition(ctx, c.condition), ctx.compile_block(c.body)) for c in node.clauses]
    else_body = ctx.compile_block(node.else_body) if node.else_body else None

    def run(scope: Scope) -> Iterable[Any]:
        for cond, body in clauses:
            if cond(scope):
                return body(scope)
        if else_body is not None:
            return else_body(scope)
        return EMPTY
    return run


def _foreach_stmt(ctx: CompileContext, node: ast.ForeachStmt) -> StmtFn:
    key = node.variable.casefold().lstrip("$")
    src = _lazy_range(ctx, node.iterable) if _is_range(node.iterable) else ctx.compile_value(node.iterable)
    body = ctx.compile_block(node.body)
    label = node.label

    def run(scope: Scope) -> Iterator[Any]:
        value = src(scope)
        if value is None:
            return
        items = conv.enumerate_pipeline(value)
        vars_ = scope.vars
        for item in items:
            vars_[key] = item
            try:
                yield from body(scope)
            except (BreakSignal, ContinueSignal) as signal:
                if loop_exit(signal, label):
                    break
    return run


def _for_stmt(ctx: CompileContext, node: ast.ForStmt) -> StmtFn:
    return conditional_loop(
        ctx.compile_block(node.body), node.label,
        init=ctx.compile_block([node.init]) if node.init is not None else None,
        before=compile_condition(ctx, node.condition) if node.condition is not None else None,
        step=ctx.compile_block([node.step]) if node.step is not None else None)


def _while_stmt(ctx: CompileContext, node: ast.WhileStmt) -> StmtFn:
    return conditional_loop(ctx.compile_block(node.body), node.label,
                             before=compile_condition(ctx, node.condition))


def _do_stmt(ctx: CompileContext, node: ast.DoStmt) -> StmtFn:
    cond = compile_condition(ctx, node.condition)
    until = node.until
    return conditional_loop(ctx.compile_block(node.body), node.label,
                             after=lambda scope: cond(scope) != until)


def _switch_stmt(ctx: CompileContext, node: ast.SwitchStmt) -> StmtFn:
    subject = ctx.compile_value(node.subject)
    opts = {o.casefold().lstrip("-") for o in node.options}
    cs = "casesensitive" in opts
    mode = "regex" if "regex" in opts else "wildcard" if "wildcard" in opts else "exact" if "exact" in opts \
        else "default"
    clauses: list[tuple[Any, StmtFn, bool]] = []
    default_body: StmtFn | None = None
    for c in node.clauses:
        body = ctx.compile_block(c.body)
        if c.pattern is None:
            default_body = body
        elif isinstance(c.pattern, ast.ScriptBlockExpr):
            clauses.append((ctx.compile_block(c.pattern.end or []), body, True))
        else:
            clauses.append((ctx.compile_expr(c.pattern), body, False))
    label = node.label

    def matches(scope: Scope, item: Any, pat_f: Any, is_block: bool) -> bool:
        if is_block:
            return conv.to_bool(collapse(list(pat_f(scope))))
        pat = pat_f(scope)
        if mode == "regex":
            return bool(operators.compare_op("match", conv.to_str(item), pat, cs, ctx))
        if mode == "wildcard":
            return operators.compare_op("like", conv.to_str(item), pat, cs, ctx)
        if mode == "exact" or isinstance(item, str) or item is None:
            return conv.equals(conv.to_str(item) if item is not None else None, pat if pat is None
                               else conv.to_str(pat), cs) if mode == "exact" else conv.equals(item, pat, cs)
        return conv.equals(item, pat, cs)

    def run(scope: Scope) -> Iterator[Any]:
        value = subject(scope)
        items = value if isinstance(value, (list, tuple)) else [value]
        old = scope.vars.get("_", UNSET)
        try:
            for item in items:
                scope.vars["_"] = item
                matched = False
                try:
                    for pat_f, body, is_block in clauses:
                        if matches(scope, item, pat_f, is_block):
                            matched = True
                            scope.vars["_"] = item
                            yield from body(scope)
                    if not matched and default_body is not None:
                        yield from default_body(scope)
                except (BreakSignal, ContinueSignal) as signal:
                    if loop_exit(signal, label):
                        break
        finally:
            if old is UNSET:
                scope.vars.pop("_", None)
            else:
                scope.vars["_"] = old
    return run


def _flow_stmt(ctx: CompileContext, node: ast.FlowStmt) -> StmtFn:
    kind = node.kind
    label = node.label
    pos = node.pos
    value_f = ctx.compile_value(node.value) if node.value is not None else None
    if kind == "break":
        def brk(scope: Scope) -> Iterable[Any]:
            raise BreakSignal(label)
        return brk
    if kind == "continue":
        def cont(scope: Scope) -> Iterable[Any]:
            raise ContinueSignal(label)
        return cont
    if kind == "return":
        if value_f is None:
            def ret(scope: Scope) -> Iterable[Any]:
                raise ReturnSignal()
            return ret
        vf = value_f

        def ret_value(scope: Scope) -> Iterator[Any]:
            yield from conv.enumerate_pipeline(vf(scope))
            raise ReturnSignal()
        return ret_value
    if kind == "exit":
        def do_exit(scope: Scope) -> Iterable[Any]:
            code = 0
            if value_f is not None:
                v = value_f(scope)
                try:
                    code = conv.to_int(v)
                except PSError:
                    code = 1
            raise ExitSignal(code)
        return do_exit
    if kind == "throw":
        def do_throw(scope: Scope) -> Iterable[Any]:
            if value_f is None:
                if ctx.current_errors:
                    raise PSError(ctx.current_errors[-1])
                err = PSError("ScriptHalted", category="OperationStopped", exception_type="RuntimeException",
                              error_id="ScriptHalted")
            else:
                v = value_f(scope)
                if isinstance(v, ErrorRecord):
                    err = PSError(v)
                elif isinstance(v, PSError):
                    err = v
                else:
                    msg = conv.to_str(v) if v is not None else "ScriptHalted"
                    err = PSError(msg, category="OperationStopped", exception_type="RuntimeException",
                                  error_id=msg, target=v)
                err.thrown_value = v
            ctx.locate(err.record, pos)
            err.script_terminating = True
            raise err
        return do_throw
    raise runtime_error(f"unknown flow statement {kind}")


def _try_stmt(ctx: CompileContext, node: ast.TryStmt) -> StmtFn:
    body = ctx.compile_block(node.body)
    catches = [([t for t in c.types], ctx.compile_block(c.body)) for c in node.catches]
    fin = ctx.compile_block(node.finally_body) if node.finally_body else None

    def find(err: PSError) -> StmtFn | None:
        for types, cbody in catches:
            if not types or any(err.record.matches_type(t) for t in types):
                return cbody
        return None

    def run_catch(scope: Scope, cbody: StmtFn, err: PSError) -> Iterator[Any]:
        ctx.add_error(err.record)
        old = scope.vars.get("_", UNSET)
        scope.vars["_"] = err.record
        ctx.current_errors.append(err.record)
        try:
            yield from cbody(scope)
        finally:
            ctx.current_errors.pop()
            if old is UNSET:
                scope.vars.pop("_", None)
            else:
                scope.vars["_"] = old

    def run(scope: Scope) -> Iterator[Any]:
        try:
            try:
                # the body runs guarded (try_depth raised only while it runs, not while its
                # consumer does): every terminating error in it, in the functions it calls
                # too, comes here instead of ending just its statement
                yield from traps.guarded(ctx, body, scope)
            except PSError as e:
                cbody = find(e)
                if cbody is None:
                    raise
                yield from run_catch(scope, cbody, e)
            except (RecursionError, ValueError) as exc:
                e2 = overflow() if isinstance(exc, RecursionError) else too_many_digits(exc)
                if e2 is None:
                    raise
                cbody = find(e2)
                if cbody is None:
                    raise e2 from None
                yield from run_catch(scope, cbody, e2)
        except GeneratorExit:
            if fin is not None:
                for _ in fin(scope):
                    pass
            raise
        except BaseException:
            if fin is not None:
                out = list(fin(scope))
                yield from out
            raise
        else:
            if fin is not None:
                yield from fin(scope)
    return run


def _trap_stmt(ctx: CompileContext, node: ast.TrapStmt) -> StmtFn:
    # a trap acts through the statement list it is in (Compiler.compile_block, run_script)
    return lambda scope: EMPTY


def _function_def_stmt(ctx: CompileContext, node: ast.FunctionDefStmt) -> StmtFn:
    def define(scope: Scope) -> Iterable[Any]:
        ctx.define_function(node)
        return EMPTY
    return define


def conditional_loop(
    body: StmtFn,
    label: str | None,
    *,
    init: StmtFn | None = None,
    before: Callable[[Scope], bool] | None = None,
    step: StmtFn | None = None,
    after: Callable[[Scope], bool] | None = None,
) -> StmtFn:
    """The runner of `for`, `while` and `do`: ``init`` once (its output is kept), then the body
    while ``before`` holds, ``step`` (output discarded) after each pass, and a further pass only
    while ``after`` holds.  `break`/`continue` with no label or this loop's ``label`` act here."""

    def run(scope: Scope) -> Iterator[Any]:
        if init is not None:
            yield from init(scope)
        while before is None or before(scope):
            try:
                yield from body(scope)
            except (BreakSignal, ContinueSignal) as signal:
                if loop_exit(signal, label):
                    break
            if step is not None:
                for _ in step(scope):
                    pass
            if after is not None and not after(scope):
                break
    return run


#: Statement node class → its compile function.
STATEMENTS: dict[type, Callable[[CompileContext, Any], StmtFn]] = {
    ast.AssignmentStmt: _assignment_stmt,
    ast.PipelineStmt: _pipeline_stmt,
    ast.IfStmt: _if_stmt,
    ast.ForeachStmt: _foreach_stmt,
    ast.ForStmt: _for_stmt,
    ast.WhileStmt: _while_stmt,
    ast.DoStmt: _do_stmt,
    ast.SwitchStmt: _switch_stmt,
    ast.FlowStmt: _flow_stmt,
    ast.TryStmt: _try_stmt,
    ast.TrapStmt: _trap_stmt,
    ast.FunctionDefStmt: _function_def_stmt,
}
