"""The interpreter: evaluates ``gshell.lang.ast`` with PowerShell semantics.

Each AST node is compiled once (per interpreter) into a Python closure:

* expressions → ``fn(scope) -> value``;
* statements  → ``fn(scope) -> iterable of output objects`` (a tuple for simple statements,
  a generator for pipelines and loops, so that output streams as it is produced).

Public API::

    interp = Interpreter(host=Host(), registry=None, script_name="", argv=[])
    status = interp.run_script(script_ast)      # top level: output to the formatter, errors printed
    status = interp.run_text("1..3 | % { $_ }") # parse + run_script
    values = interp.evaluate("1 + 1")           # run, return the output objects (tests)
    interp.invoke_block(block, args, dollar_under=..., scope=...) -> list
    interp.call_method(obj, name, args), interp.get_member(obj, name)
    interp.on_close(fn); interp.close()         # release what other layers opened (idempotent)

``run_script`` returns None normally, or the exit code of ``exit N``; ``interp.failed``
tells whether an error was reported (exit status 1 for the CLI).
"""

from __future__ import annotations

import atexit
import os
import sys
import weakref
from collections.abc import Callable, Iterable, Iterator
from contextlib import AbstractContextManager, nullcontext
from typing import Any

from gshell.commands.registry import Command, Parameter, Registry
from gshell.lang import ast
from gshell.runtime import binding, members, operators
from gshell.runtime import conversions as conv
from gshell.runtime.binding import Named, Positional
from gshell.runtime.errors import ErrorRecord, PSError, not_supported, runtime_error
from gshell.runtime.host import Host
from gshell.runtime.operators import TypeValue
from gshell.runtime.pipeline import CommandInvocation
from gshell.runtime.scope import Scope, env_get, env_set
from gshell.runtime.signals import BreakSignal, ContinueSignal, ExitSignal, FlowSignal, ReturnSignal, label_matches
from gshell.runtime.values import CIDict, Hashtable, OrderedHashtable, Record, ScriptBlock

ExprFn = Callable[[Scope], Any]
StmtFn = Callable[[Scope], Iterable[Any]]
_EMPTY: tuple[Any, ...] = ()
_UNSET = object()

#: Commands refused by name when no gshell command of that name exists.
REFUSED_COMMANDS: dict[str, str] = {
    "invoke-expression": "Invoke-Expression", "iex": "Invoke-Expression", "add-type": "Add-Type",
    "start-job": "Start-Job", "receive-job": "Receive-Job", "wait-job": "Wait-Job", "get-job": "Get-Job",
    "start-threadjob": "Start-ThreadJob", "invoke-command": "Invoke-Command", "icm": "Invoke-Command",
    "start-process": "Start-Process", "saps": "Start-Process", "new-object": "New-Object",
    "invoke-item": "Invoke-Item", "ii": "Invoke-Item", "new-pssession": "New-PSSession",
    "enter-pssession": "Enter-PSSession", "invoke-webrequest": "Invoke-WebRequest", "iwr": "Invoke-WebRequest",
    "invoke-restmethod": "Invoke-RestMethod", "irm": "Invoke-RestMethod", "set-strictmode": "Set-StrictMode",
    "invoke-hfinference": "Invoke-HfInference (PowerShAI)", "invokegradioapi": "InvokeGradioApi (PowerShAI)",
    "get-aiproviders": "PowerShAI providers", "set-aiprovider": "PowerShAI providers",
    "get-aichat": "PowerShAI chat", "ia": "PowerShAI chat", "invoke-aichat": "PowerShAI chat",
    "new-powershaichat": "PowerShAI chat", "send-powershaichat": "PowerShAI chat",
}


class VersionValue:
    """`$PSVersionTable.PSVersion`: Major / Minor / Patch, prints as 7.4.0."""

    type_name = "SemanticVersion"
    full_name = "System.Management.Automation.SemanticVersion"

    def __init__(self, text: str) -> None:
        self.text = text
        parts = [int(p) for p in text.split(".")[:3]]
        self.parts = parts + [0] * (3 - len(parts))

    def __str__(self) -> str:
        return self.text

    def ps_get_member(self, name: str) -> Any:
        key = name.casefold()
        table = {"major": self.parts[0], "minor": self.parts[1], "patch": self.parts[2], "build": self.parts[2],
                 "prereleaselabel": None, "buildlabel": None}
        from gshell.runtime.errors import MISSING
        return table.get(key, MISSING)

    def ps_member_names(self) -> list[str]:
        return ["Major", "Minor", "Patch", "PreReleaseLabel", "BuildLabel"]


def _load_builtins() -> Registry:
    """The built-in command registry, importing the command modules that exist."""
    import importlib

    from gshell.commands import command_module_names
    from gshell.commands.registry import BUILTINS
    for name in command_module_names():
        try:
            importlib.import_module(f"gshell.commands.{name}")
        except Exception:  # noqa: BLE001 - a broken module must not break the shell
            if os.environ.get("GSHELL_DEBUG"):
                import traceback
                traceback.print_exc()
    return BUILTINS


#: Interpreters not closed yet: closed at process exit as a safety net (the CLI closes its own).
_OPEN: weakref.WeakSet[Interpreter] = weakref.WeakSet()


def close_all() -> None:
    """Close every interpreter still open (the CLI's exit paths and the atexit safety net)."""
    for interp in list(_OPEN):
        interp.close()


atexit.register(close_all)


class Interpreter:
    def __init__(self, host: Host | None = None, registry: Registry | None = None, script_name: str = "",
                 argv: list[Any] | None = None, debug: bool = False, interactive: bool = False) -> None:
        self.host = host if host is not None else Host()
        self.registry = registry if registry is not None else _load_builtins().copy()
        self.debug = debug
        self.interactive = interactive
        self.script_name = script_name
        self.global_scope = Scope()
        self.failed = False
        self.last_status = True
        self.error_list: list[Any] = []
        self.data: dict[str, Any] = {}       # free slot for other layers (sessions, ...)
        self.connect_url: str | None = None  # --connect URL (opened by the Gradio layer)
        self._cache: dict[int, tuple[Any, Any]] = {}
        self._source_lines: list[str] = []
        self._current_errors: list[ErrorRecord] = []
        self._matches_scope = self.global_scope
        self._fragments: dict[Any, Any] = {}
        self._close_callbacks: list[Callable[[], None]] = []
        self._closed = False
        self._init_variables(argv or [])
        _OPEN.add(self)

    # ---------------------------------------------------------------------------------
    # Closing: other layers (Gradio sessions, ...) register what to release
    # ---------------------------------------------------------------------------------
    def on_close(self, fn: Callable[[], None]) -> None:
        """Run ``fn`` when the interpreter is closed (once; last registered runs first)."""
        self._close_callbacks.append(fn)

    def close(self) -> None:
        """Run the close callbacks (idempotent; a failing callback does not stop the others)."""
        if self._closed:
            return
        self._closed = True
        _OPEN.discard(self)
        while self._close_callbacks:
            fn = self._close_callbacks.pop()
            try:
                fn()
            except Exception:  # noqa: BLE001 - closing never fails
                pass

    # ---------------------------------------------------------------------------------
    # Variables
    # ---------------------------------------------------------------------------------
    def _init_variables(self, argv: list[Any]) -> None:
        from gshell import __version__
        g = self.global_scope.vars
        g["true"] = True
        g["false"] = False
        g["null"] = None
        g["islinux"] = sys.platform.startswith("linux")
        g["iswindows"] = sys.platform == "win32"
        g["ismacos"] = sys.platform == "darwin"
        g["iscoreclr"] = True
        g["home"] = os.path.expanduser("~")
        g["pid"] = os.getpid()
        g["psversiontable"] = Hashtable([
            ("PSVersion", VersionValue("7.4.0")), ("PSEdition", "Core"), ("GShellVersion", __version__),
            ("OS", f"{sys.platform}"), ("Platform", "Win32NT" if sys.platform == "win32" else "Unix"),
            ("PSCompatibleVersions", ["1.0", "2.0", "3.0", "4.0", "5.0", "5.1", "6.0", "7.0"]),
        ])
        g["erroractionpreference"] = "Continue"
        g["verbosepreference"] = "SilentlyContinue"
        g["warningpreference"] = "Continue"
        g["debugpreference"] = "SilentlyContinue"
        g["progresspreference"] = "Continue"
        g["informationpreference"] = "SilentlyContinue"
        g["confirmpreference"] = "High"
        g["whatifpreference"] = False
        g["gshellshowhttp"] = False
        g["formatenumerationlimit"] = 4
        g["maximumhistorycount"] = 4096
        g["shellid"] = "gshell"
        g["args"] = list(argv)
        g["error"] = self.error_list
        g["matches"] = None
        if self.script_name:
            g["pscommandpath"] = os.path.abspath(self.script_name)
            g["psscriptroot"] = os.path.dirname(os.path.abspath(self.script_name))
        else:
            g["pscommandpath"] = None
            g["psscriptroot"] = ""

    def set_matches(self, table: Hashtable) -> None:
        self._matches_scope.vars["matches"] = table

    _matches_scope: Scope

    def get_variable(self, name: str, scope: Scope | None = None) -> Any:
        return (scope or self.global_scope).get(name)

    def set_variable(self, name: str, value: Any, scope: Scope | None = None) -> None:
        (scope or self.global_scope).set(name, value)

    # ---------------------------------------------------------------------------------
    # Public entry points
    # ---------------------------------------------------------------------------------
    def parse(self, text: str) -> ast.Script:
        from gshell.lang import parse
        return parse(text)

    def run_text(self, text: str, formatter: Any = None) -> int | None:
        return self.run_script(self.parse(text), formatter=formatter)

    def make_formatter(self) -> Any:
        try:
            from gshell.runtime.formatting import Formatter
            return Formatter(self.host.write, width=self.host.width, color=self.host.color,
                             delay=0.3 if self.interactive else None)
        except Exception:  # noqa: BLE001 - fallback when the formatter is missing
            return _FallbackFormatter(self.host)

    def run_script(self, script: ast.Script, formatter: Any = None, scope: Scope | None = None,
                   around_statement: Callable[[Any], AbstractContextManager[Any]] | None = None) -> int | None:
        """Run a whole script at top level: output to the formatter, uncaught errors printed
        (and the script stopped).  Returns the code of ``exit N``, else None.
        ``around_statement(stmt)``, when given, is a context manager entered around each
        top-level statement (the REPL's live display uses it)."""
        scope = scope or self.global_scope
        self._matches_scope = scope
        fmt = formatter if formatter is not None else self.make_formatter()
        self._set_source(script.source)
        code: int | None = None
        try:
            for stmt in script.statements:
                fn = self.compile_stmt(stmt)
                before = len(self.error_list)
                status_before = self.last_status
                self.last_status = True
                ok = False
                try:
                    # `$?` inside the statement still reads the previous statement's status
                    self.last_status = status_before
                    with around_statement(stmt) if around_statement is not None else nullcontext():
                        for obj in fn(scope):
                            fmt.push(obj)
                    ok = True
                except PSError as e:
                    self.report_uncaught(e)
                    break
                finally:
                    self.last_status = ok and len(self.error_list) == before
        except ExitSignal as e:
            code = e.code
        except (BreakSignal, ContinueSignal):
            pass  # break / continue outside a loop stops the script (PowerShell)
        except ReturnSignal:
            pass
        except RecursionError:
            self.report_uncaught(runtime_error("The script failed due to call depth overflow."))
        except KeyboardInterrupt:
            raise
        except Exception as e:  # noqa: BLE001 - an interpreter bug: report, never crash
            self.report_uncaught(self.internal_error(e, "gshell"))
        finally:
            try:
                fmt.flush()
            except Exception:  # noqa: BLE001
                pass
        return code

    def evaluate(self, text: str | ast.Script, scope: Scope | None = None) -> list[Any]:
        """Run ``text`` and return its output objects (errors propagate as PSError)."""
        script = self.parse(text) if isinstance(text, str) else text
        scope = scope or self.global_scope
        self._matches_scope = scope
        self._set_source(script.source)
        out: list[Any] = []
        try:
            for stmt in script.statements:
                out.extend(self.compile_stmt(stmt)(scope))
        except (BreakSignal, ContinueSignal, ReturnSignal):
            pass
        return out

    def _set_source(self, source: str) -> None:
        self._source_lines = source.splitlines() if source else []

    # ---------------------------------------------------------------------------------
    # Errors
    # ---------------------------------------------------------------------------------
    def locate(self, rec: ErrorRecord, pos: Any) -> None:
        if rec.line or pos is None or not getattr(pos, "line", 0):
            return
        rec.line = pos.line
        rec.col = pos.col
        lines = self._source_lines
        if 0 < pos.line <= len(lines):
            rec.source_line = lines[pos.line - 1]
        rec.script_name = self.script_name

    def internal_error(self, exc: BaseException, where: str) -> PSError:
        if self.debug:
            import traceback
            self.host.write_err("".join(traceback.format_exception(exc)))
        return PSError(f"internal error in {where}: {type(exc).__name__}: {exc}", category="NotSpecified",
                       exception_type="RuntimeException", error_id="InternalError")

    def format_error(self, rec: ErrorRecord) -> str:
        prefix = f"{rec.command_name}: " if rec.command_name and not rec.message.startswith(rec.command_name) else ""
        text = prefix + rec.message
        if rec.line:
            where = f"{rec.script_name}:{rec.line}" if rec.script_name else f"line:{rec.line}"
            text += f"\nAt {where} char:{rec.col}"
        return text

    def report_uncaught(self, e: PSError) -> None:
        self.failed = True
        self.last_status = False
        self._add_error(e.record)
        self.host.error(self.format_error(e.record))

    def _add_error(self, rec: ErrorRecord) -> None:
        self.error_list.insert(0, rec)
        del self.error_list[256:]

    def non_terminating(self, rec: ErrorRecord, action: str) -> None:
        """A non-terminating error reported by a command (inv.error)."""
        a = action.casefold()
        self.last_status = False
        if a == "stop":
            raise PSError(rec)
        if a == "ignore":
            return
        self._add_error(rec)
        if a == "silentlycontinue":
            return
        self.failed = True
        self.host.error(self.format_error(rec))

    # ---------------------------------------------------------------------------------
    # Compilation cache
    # ---------------------------------------------------------------------------------
    def compile_expr(self, node: Any) -> ExprFn:
        hit = self._cache.get(id(node))
        if hit is not None and hit[0] is node:
            return hit[1]
        method = getattr(self, "_x_" + type(node).__name__, None)
        if method is None:
            raise runtime_error(f"cannot evaluate {type(node).__name__}")
        fn = method(node)
        self._cache[id(node)] = (node, fn)
        return fn

    def compile_stmt(self, node: Any) -> StmtFn:
        key = ~id(node)
        hit = self._cache.get(key)
        if hit is not None and hit[0] is node:
            return hit[1]
        method = getattr(self, "_s_" + type(node).__name__, None)
        if method is None:
            expr = self.compile_expr(node)
            fn: StmtFn = lambda s: conv.enumerate_pipeline(expr(s))  # noqa: E731
        else:
            fn = method(node)
        self._cache[key] = (node, fn)
        return fn

    def compile_block(self, stmts: list[Any] | None) -> StmtFn:
        if not stmts:
            return lambda s: _EMPTY
        fns = [self.compile_stmt(st) for st in stmts]
        if len(fns) == 1:
            return fns[0]

        def run(scope: Scope) -> Iterator[Any]:
            for f in fns:
                yield from f(scope)
        return run

    def compile_value(self, stmt: Any) -> ExprFn:
        """The value of a statement used as an expression (assignment right side,
        conditions, hashtable values): a lone expression keeps its value; a pipeline's
        output is 0 → $null, 1 → the object, n → list."""
        if isinstance(stmt, ast.PipelineStmt) and len(stmt.elements) == 1 and not stmt.redirections \
                and not isinstance(stmt.elements[0], ast.CommandExpr):
            return self.compile_expr(stmt.elements[0])
        if isinstance(stmt, ast.AssignmentStmt):
            assign = self._assignment(stmt)
            return assign
        if isinstance(stmt, (ast.ConstantExpr, ast.VariableExpr, ast.BinaryExpr)) or type(stmt).__name__.endswith("Expr"):
            return self.compile_expr(stmt)
        run = self.compile_stmt(stmt)

        def value(scope: Scope) -> Any:
            return _collapse(list(run(scope)))
        return value

    # ---------------------------------------------------------------------------------
    # Expressions
    # ---------------------------------------------------------------------------------
    def _x_ConstantExpr(self, node: ast.ConstantExpr) -> ExprFn:
        v = node.value
        return lambda s: v

    def _x_ExpandableStringExpr(self, node: ast.ExpandableStringExpr) -> ExprFn:
        parts: list[Any] = []
        for p in node.parts:
            parts.append(p if isinstance(p, str) else self.compile_expr(p))
        if len(parts) == 1 and isinstance(parts[0], str):
            const = parts[0]
            return lambda s: const

        def expand(scope: Scope) -> str:
            out = []
            for p in parts:
                if isinstance(p, str):
                    out.append(p)
                else:
                    v = p(scope)
                    if isinstance(v, (list, tuple)):
                        ofs = scope.lookup("ofs", None)
                        out.append(conv.to_str(v, " " if ofs is None else conv.to_str(ofs)))
                    else:
                        out.append(conv.to_str(v))
            return "".join(out)
        return expand

    def _x_VariableExpr(self, node: ast.VariableExpr) -> ExprFn:
        name = node.name
        key = name.casefold()
        sc = (node.scope or "").casefold()
        if sc == "env":
            return lambda s: env_get(name)
        if sc == "using":
            raise not_supported(f"$using:{name}", "there are no remote or parallel sessions")
        if sc == "function":
            raise not_supported(f"$function:{name}")
        if key == "true" and not sc:
            return lambda s: True
        if key == "false" and not sc:
            return lambda s: False
        if key == "null" and not sc:
            return lambda s: None
        if key == "?":
            return lambda s: self.last_status
        if key == "pwd":
            return lambda s: os.getcwd()
        if sc in ("global", "script"):
            root = self.global_scope
            return lambda s: root.lookup(key, None)
        if sc == "local":
            return lambda s: s.vars.get(key)
        if key == "psitem":
            return lambda s: s.lookup("_", None)
        return lambda s: s.lookup(key, None)

    def _x_ArrayLiteralExpr(self, node: ast.ArrayLiteralExpr) -> ExprFn:
        fns = [self.compile_expr(i) for i in node.items]
        return lambda s: [f(s) for f in fns]

    def _x_ArrayExpr(self, node: ast.ArrayExpr) -> ExprFn:
        body = self.compile_block(node.body)
        return lambda s: list(body(s))

    def _x_SubExpr(self, node: ast.SubExpr) -> ExprFn:
        body = self.compile_block(node.body)
        return lambda s: _collapse(list(body(s)))

    def _x_ParenExpr(self, node: ast.ParenExpr) -> ExprFn:
        return self.compile_value(node.inner)

    def _x_HashtableExpr(self, node: ast.HashtableExpr) -> ExprFn:
        entries = [(self.compile_expr(e.key), self.compile_value(e.value), e) for e in node.entries]
        cls = OrderedHashtable if node.ordered else Hashtable

        def build(scope: Scope) -> Hashtable:
            h = cls()
            for kf, vf, e in entries:
                k = kf(scope)
                if k in h:
                    err = PSError(f"Duplicate keys '{k}' are not allowed in hash literals.", category="ParserError",
                                  exception_type="ParseException", error_id="DuplicateKeyInHashLiteral")
                    self.locate(err.record, e.pos)
                    raise err
                h[k] = vf(scope)
            return h
        return build

    def _x_ScriptBlockExpr(self, node: ast.ScriptBlockExpr) -> ExprFn:
        return lambda s: ScriptBlock(node)

    def _x_TypeExpr(self, node: ast.TypeExpr) -> ExprFn:
        tv = TypeValue(node.name)
        return lambda s: tv

    def _x_CastExpr(self, node: ast.CastExpr) -> ExprFn:
        tname = node.type_name
        key = conv.normalize_type(tname)
        if key not in conv.CASTS:
            raise self._located(conv_refusal(tname), node.pos)
        operand = node.operand
        if key in ("pscustomobject", "ordered") and isinstance(operand, ast.HashtableExpr):
            inner = self.compile_expr(operand)
            if key == "ordered":
                return lambda s: OrderedHashtable(inner(s).items())
            return lambda s: Record(inner(s).items())
        f = self.compile_expr(operand)
        pos = node.pos

        def do(scope: Scope) -> Any:
            try:
                return conv.cast(f(scope), tname)
            except PSError as e:
                self.locate(e.record, pos)
                raise
        return do

    def _x_UnaryExpr(self, node: ast.UnaryExpr) -> ExprFn:
        op = node.op
        if op in ("++", "--"):
            return self._incdec(node.operand, op, prefix=True, pos=node.pos)
        f = self.compile_expr(node.operand)
        pos = node.pos
        if op in ("-not", "!"):
            return lambda s: not conv.to_bool(f(s))

        def do(scope: Scope) -> Any:
            try:
                return operators.unary(op, f(scope))
            except PSError as e:
                self.locate(e.record, pos)
                raise
        return do

    def _x_PostfixExpr(self, node: ast.PostfixExpr) -> ExprFn:
        return self._incdec(node.operand, node.op, prefix=False, pos=node.pos)

    def _incdec(self, target: Any, op: str, prefix: bool, pos: Any) -> ExprFn:
        get = self.compile_expr(target)
        setter = self._setter(target)
        delta = 1 if op == "++" else -1

        def do(scope: Scope) -> Any:
            try:
                old = get(scope)
                new = operators.add(old if old is not None else 0, delta)
                setter(scope, new)
            except PSError as e:
                self.locate(e.record, pos)
                raise
            return new if prefix else old
        return do

    def _x_BinaryExpr(self, node: ast.BinaryExpr) -> ExprFn:
        op = node.op.casefold()
        left = self.compile_expr(node.left)
        right = self.compile_expr(node.right)
        pos = node.pos
        if op == "-and":
            return lambda s: conv.to_bool(left(s)) and conv.to_bool(right(s))
        if op == "-or":
            return lambda s: conv.to_bool(left(s)) or conv.to_bool(right(s))
        arith = operators.ARITH.get(op)
        if arith is not None:
            def do_arith(scope: Scope) -> Any:
                a = left(scope)
                b = right(scope)
                if type(a) is int and type(b) is int and op != "/":
                    r = a + b if op == "+" else a - b if op == "-" else a * b if op == "*" else None
                    if r is not None and -2147483648 <= r <= 2147483647:
                        return r
                try:
                    return arith(a, b)
                except PSError as e:
                    self.locate(e.record, pos)
                    raise
            return do_arith

        def do(scope: Scope) -> Any:
            a = left(scope)
            b = right(scope)
            try:
                return operators.binary(op, a, b, self)
            except PSError as e:
                self.locate(e.record, pos)
                raise
        return do

    def _member_name(self, member: Any) -> ExprFn:
        if isinstance(member, ast.ConstantExpr):
            name = conv.to_str(member.value)
            return lambda s: name
        f = self.compile_expr(member)
        return lambda s: conv.to_str(f(s))

    def _x_MemberExpr(self, node: ast.MemberExpr) -> ExprFn:
        name_f = self._member_name(node.member)
        pos = node.pos
        if node.static:
            tname = node.target.name if isinstance(node.target, ast.TypeExpr) else conv.to_str(node.target)

            def static(scope: Scope) -> Any:
                try:
                    return members.static_member(tname, name_f(scope))
                except PSError as e:
                    self.locate(e.record, pos)
                    raise
            return static
        target = self.compile_expr(node.target)
        if isinstance(node.member, ast.ConstantExpr):
            const_name = conv.to_str(node.member.value)
            return lambda s: members.get_member(target(s), const_name)
        return lambda s: members.get_member(target(s), name_f(s))

    def _x_InvokeMemberExpr(self, node: ast.InvokeMemberExpr) -> ExprFn:
        name_f = self._member_name(node.member)
        args = [self.compile_expr(a) for a in node.args]
        pos = node.pos
        if node.static:
            tname = node.target.name if isinstance(node.target, ast.TypeExpr) else conv.to_str(node.target)

            def static(scope: Scope) -> Any:
                try:
                    return members.call_static(tname, name_f(scope), [a(scope) for a in args])
                except PSError as e:
                    self.locate(e.record, pos)
                    raise
            return static
        target = self.compile_expr(node.target)

        def call(scope: Scope) -> Any:
            obj = target(scope)
            name = name_f(scope)
            values = [a(scope) for a in args]
            try:
                return members.call_method(self, obj, name, values)
            except PSError as e:
                self.locate(e.record, pos)
                raise
            except FlowSignal:
                raise
            except Exception as e:  # noqa: BLE001 - a bad argument to an emulated method
                err = PSError(f'Exception calling "{name}" with "{len(values)}" argument(s): "{e}"',
                              category="NotSpecified", exception_type="MethodInvocationException")
                self.locate(err.record, pos)
                raise err from None
        return call

    def _x_IndexExpr(self, node: ast.IndexExpr) -> ExprFn:
        target = self.compile_expr(node.target)
        index = self.compile_expr(node.index)
        pos = node.pos

        def do(scope: Scope) -> Any:
            try:
                return members.get_index(target(scope), index(scope))
            except PSError as e:
                self.locate(e.record, pos)
                raise
        return do

    # a statement node used where an expression is expected (e.g. parser wrapping)
    def _x_PipelineStmt(self, node: ast.PipelineStmt) -> ExprFn:
        return self.compile_value(node)

    # ---------------------------------------------------------------------------------
    # Assignment
    # ---------------------------------------------------------------------------------
    def _setter(self, target: Any) -> Callable[[Scope, Any], None]:
        if isinstance(target, ast.VariableExpr):
            name = target.name
            key = name.casefold()
            sc = (target.scope or "").casefold()
            if sc == "env":
                return lambda s, v: env_set(name, v)
            if sc in ("global", "script"):
                root = self.global_scope
                return lambda s, v: root.set(name, v)
            if sc == "using":
                raise not_supported(f"$using:{name}")
            if key == "null":  # `$null = expr` runs expr and discards its output
                return lambda s, v: None
            if key in ("true", "false", "?"):
                def ro(s: Scope, v: Any) -> None:
                    raise PSError(f"Cannot overwrite variable {name} because it is read-only or constant.",
                                  category="WriteError", exception_type="SessionStateUnauthorizedAccessException",
                                  error_id="VariableNotWritable")
                return ro
            if key == "psitem":
                key = "_"
            self.global_scope.spell(name)

            def set_var(s: Scope, v: Any) -> None:
                if key in ("islinux", "iswindows", "ismacos"):
                    s.set(name, v)
                s.vars[key] = v
            return set_var
        if isinstance(target, ast.MemberExpr):
            obj_f = self.compile_expr(target.target)
            name_f = self._member_name(target.member)
            if target.static:
                raise not_supported("Assigning a static .NET member")
            return lambda s, v: members.set_member(obj_f(s), name_f(s), v)
        if isinstance(target, ast.IndexExpr):
            obj_f = self.compile_expr(target.target)
            idx_f = self.compile_expr(target.index)
            return lambda s, v: members.set_index(obj_f(s), idx_f(s), v)
        if isinstance(target, ast.CastExpr):
            inner = self._setter(target.operand)
            tname = target.type_name
            return lambda s, v: inner(s, conv.cast(v, tname))
        if isinstance(target, ast.ParenExpr) and isinstance(target.inner, ast.PipelineStmt) \
                and len(target.inner.elements) == 1:
            return self._setter(target.inner.elements[0])
        raise PSError("The assignment expression is not valid. The input to an assignment operator must be an "
                      "object that is able to accept assignments, such as a variable or a property.",
                      category="ParserError", exception_type="ParseException", error_id="InvalidLeftHandSide")

    def _assignment(self, node: ast.AssignmentStmt) -> ExprFn:
        """Compile an assignment into ``fn(scope) -> assigned value``."""
        op = node.op
        value_f = self.compile_value(node.value)
        pos = node.pos
        target = node.target
        if isinstance(target, ast.ArrayLiteralExpr):
            setters = [self._setter(t) for t in target.items]

            def multi(scope: Scope) -> Any:
                v = value_f(scope)
                items = list(v) if isinstance(v, (list, tuple)) else [v]
                n = len(setters)
                for i, st in enumerate(setters):
                    if i < n - 1:
                        st(scope, items[i] if i < len(items) else None)
                    else:
                        rest = items[i:]
                        st(scope, None if not rest else rest[0] if len(rest) == 1 else rest)
                return v
            return multi
        try:
            setter = self._setter(target)
        except PSError as e:
            self.locate(e.record, pos)
            raise
        if op == "=":
            def assign(scope: Scope) -> Any:
                v = value_f(scope)
                try:
                    setter(scope, v)
                except PSError as e:
                    self.locate(e.record, pos)
                    raise
                return v
            return assign
        bop = op[:-1]
        get = self.compile_expr(target)

        def compound(scope: Scope) -> Any:
            try:
                v = operators.binary(bop, get(scope), value_f(scope), self)
                setter(scope, v)
            except PSError as e:
                self.locate(e.record, pos)
                raise
            return v
        return compound

    def _s_AssignmentStmt(self, node: ast.AssignmentStmt) -> StmtFn:
        fn = self._assignment(node)

        def run(scope: Scope) -> Iterable[Any]:
            fn(scope)
            return _EMPTY
        return run

    # ---------------------------------------------------------------------------------
    # Statements
    # ---------------------------------------------------------------------------------
    def _s_PipelineStmt(self, node: ast.PipelineStmt) -> StmtFn:
        elements = node.elements
        if len(elements) == 1 and not node.redirections and not isinstance(elements[0], ast.CommandExpr):
            el = elements[0]
            f = self.compile_expr(el)
            if isinstance(el, ast.PostfixExpr) or (isinstance(el, ast.UnaryExpr) and el.op in ("++", "--")):
                def silent(scope: Scope) -> Iterable[Any]:
                    f(scope)
                    return _EMPTY
                return silent
            enum = conv.enumerate_pipeline
            if isinstance(el, ast.InvokeMemberExpr):
                # a method returning nothing (void) writes nothing to the pipeline
                def method_stmt(scope: Scope) -> Iterable[Any]:
                    v = f(scope)
                    return _EMPTY if v is None else enum(v)
                return method_stmt
            return lambda s: enum(f(s))
        stages: list[Any] = []
        for i, el in enumerate(elements):
            if isinstance(el, ast.CommandExpr):
                stages.append(("cmd", el))
            else:
                if i > 0:
                    raise self._located(PSError("Expressions are only allowed as the first element of a pipeline.",
                                                category="ParserError", exception_type="ParseException",
                                                error_id="ExpressionsMustBeFirstInPipeline"), el.pos)
                stages.append(("expr", self.compile_expr(el)))
        run = self._pipeline(stages)
        if node.redirections:
            return self._redirected(run, node.redirections)
        return run

    def _pipeline(self, stages: list[Any]) -> StmtFn:
        def run(scope: Scope) -> Iterator[Any]:
            upstream: Any = None
            expecting = False
            for kind, item in stages:
                if kind == "expr":
                    upstream = conv.enumerate_pipeline(item(scope))
                    expecting = True
                else:
                    upstream = self.invoke_command(item, scope, upstream, expecting)
                    expecting = True
            yield from upstream
        return run

    def _redirected(self, run: StmtFn, redirections: list[ast.Redirection]) -> StmtFn:
        for r in redirections:
            if r.merge is not None:
                raise self._located(not_supported(f"The redirection {r.stream}>&{r.merge}",
                                                  "errors go to stderr; use -ErrorVariable to capture them"), r.pos)
            if r.stream not in ("1", "2", "*", "3", "4", "5", "6"):
                raise self._located(not_supported(f"The redirection {r.stream}{r.op}"), r.pos)
        targets = [(r, self.compile_expr(r.target) if r.target is not None else (lambda s: None))
                   for r in redirections]

        def redirected(scope: Scope) -> Iterator[Any]:
            out_file: tuple[str, bool] | None = None
            silence_errors = False
            err_file: tuple[str, bool] | None = None
            for r, tf in targets:
                t = tf(scope)
                if r.stream in ("1", "*"):
                    out_file = None if t is None else (conv.to_str(t), r.op == ">>")
                    if t is None:
                        out_file = ("", False)
                if r.stream in ("2", "*"):
                    if t is None:
                        silence_errors = True
                    else:
                        err_file = (conv.to_str(t), r.op == ">>")
            saved = self.host
            if silence_errors or err_file is not None:
                self.host = _ErrRedirectHost(saved, err_file)
            try:
                if out_file is None:
                    yield from run(scope)
                    return
                objs = list(run(scope))
                path, append = out_file
                if path:
                    self._write_file(path, objs, append)
            finally:
                if self.host is not saved:
                    self.host.close()  # type: ignore[attr-defined]
                    self.host = saved
        return redirected

    def _write_file(self, path: str, objs: list[Any], append: bool) -> None:
        try:
            from gshell.runtime.formatting import render
            text = render(objs, width=self.host.width, color=False)
        except Exception:  # noqa: BLE001
            text = "".join(conv.to_str(o) + "\n" for o in objs)
        if text and not text.endswith("\n"):
            text += "\n"
        try:
            with open(os.path.expanduser(path), "a" if append else "w", encoding="utf-8") as fh:
                fh.write(text)
        except OSError as e:
            raise PSError(f"Could not write to '{path}': {e.strerror}", category="WriteError",
                          exception_type="IOException", target=path) from None

    def _cond(self, stmt: Any) -> Callable[[Scope], bool]:
        f = self.compile_value(stmt)
        return lambda s: conv.to_bool(f(s))

    def _s_IfStmt(self, node: ast.IfStmt) -> StmtFn:
        clauses = [(self._cond(c.condition), self.compile_block(c.body)) for c in node.clauses]
        else_body = self.compile_block(node.else_body) if node.else_body else None

        def run(scope: Scope) -> Iterable[Any]:
            for cond, body in clauses:
                if cond(scope):
                    return body(scope)
            if else_body is not None:
                return else_body(scope)
            return _EMPTY
        return run

    def _s_ForeachStmt(self, node: ast.ForeachStmt) -> StmtFn:
        key = node.variable.casefold().lstrip("$")
        src = self.compile_value(node.iterable)
        body = self.compile_block(node.body)
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
                except BreakSignal as b:
                    if label_matches(b.label, label):
                        break
                    raise
                except ContinueSignal as c:
                    if label_matches(c.label, label):
                        continue
                    raise
        return run

    def _s_ForStmt(self, node: ast.ForStmt) -> StmtFn:
        return _conditional_loop(
            self.compile_block(node.body), node.label,
            init=self.compile_block([node.init]) if node.init is not None else None,
            before=self._cond(node.condition) if node.condition is not None else None,
            step=self.compile_block([node.step]) if node.step is not None else None)

    def _s_WhileStmt(self, node: ast.WhileStmt) -> StmtFn:
        return _conditional_loop(self.compile_block(node.body), node.label,
                                 before=self._cond(node.condition))

    def _s_DoStmt(self, node: ast.DoStmt) -> StmtFn:
        cond = self._cond(node.condition)
        until = node.until
        return _conditional_loop(self.compile_block(node.body), node.label,
                                 after=lambda scope: cond(scope) != until)

    def _s_SwitchStmt(self, node: ast.SwitchStmt) -> StmtFn:
        subject = self.compile_value(node.subject)
        opts = {o.casefold().lstrip("-") for o in node.options}
        cs = "casesensitive" in opts
        mode = "regex" if "regex" in opts else "wildcard" if "wildcard" in opts else "exact" if "exact" in opts \
            else "default"
        clauses: list[tuple[Any, StmtFn, bool]] = []
        default_body: StmtFn | None = None
        for c in node.clauses:
            body = self.compile_block(c.body)
            if c.pattern is None:
                default_body = body
            elif isinstance(c.pattern, ast.ScriptBlockExpr):
                clauses.append((self.compile_block(c.pattern.end or []), body, True))
            else:
                clauses.append((self.compile_expr(c.pattern), body, False))
        label = node.label

        def matches(scope: Scope, item: Any, pat_f: Any, is_block: bool) -> bool:
            if is_block:
                return conv.to_bool(_collapse(list(pat_f(scope))))
            pat = pat_f(scope)
            if mode == "regex":
                return bool(operators.compare_op("match", conv.to_str(item), pat, cs, self))
            if mode == "wildcard":
                return operators.compare_op("like", conv.to_str(item), pat, cs, self)
            if mode == "exact" or isinstance(item, str) or item is None:
                return conv.equals(conv.to_str(item) if item is not None else None, pat if pat is None
                                   else conv.to_str(pat), cs) if mode == "exact" else conv.equals(item, pat, cs)
            return conv.equals(item, pat, cs)

        def run(scope: Scope) -> Iterator[Any]:
            value = subject(scope)
            items = value if isinstance(value, (list, tuple)) else [value]
            old = scope.vars.get("_", _UNSET)
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
                    except ContinueSignal as c:
                        if label_matches(c.label, label):
                            continue
                        raise
            except BreakSignal as b:
                if not label_matches(b.label, label):
                    raise
            finally:
                if old is _UNSET:
                    scope.vars.pop("_", None)
                else:
                    scope.vars["_"] = old
        return run

    def _s_FlowStmt(self, node: ast.FlowStmt) -> StmtFn:
        kind = node.kind
        label = node.label
        pos = node.pos
        value_f = self.compile_value(node.value) if node.value is not None else None
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
                    if self._current_errors:
                        raise PSError(self._current_errors[-1])
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
                self.locate(err.record, pos)
                raise err
            return do_throw
        raise runtime_error(f"unknown flow statement {kind}")

    def _s_TryStmt(self, node: ast.TryStmt) -> StmtFn:
        body = self.compile_block(node.body)
        catches = [([t for t in c.types], self.compile_block(c.body)) for c in node.catches]
        fin = self.compile_block(node.finally_body) if node.finally_body else None

        def find(err: PSError) -> StmtFn | None:
            for types, cbody in catches:
                if not types or any(err.record.matches_type(t) for t in types):
                    return cbody
            return None

        def run_catch(scope: Scope, cbody: StmtFn, err: PSError) -> Iterator[Any]:
            self._add_error(err.record)
            old = scope.vars.get("_", _UNSET)
            scope.vars["_"] = err.record
            self._current_errors.append(err.record)
            try:
                yield from cbody(scope)
            finally:
                self._current_errors.pop()
                if old is _UNSET:
                    scope.vars.pop("_", None)
                else:
                    scope.vars["_"] = old

        def run(scope: Scope) -> Iterator[Any]:
            try:
                try:
                    yield from body(scope)
                except PSError as e:
                    cbody = find(e)
                    if cbody is None:
                        raise
                    yield from run_catch(scope, cbody, e)
                except RecursionError:
                    e2 = runtime_error("The script failed due to call depth overflow.")
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

    def _s_FunctionDefStmt(self, node: ast.FunctionDefStmt) -> StmtFn:
        def define(scope: Scope) -> Iterable[Any]:
            self.define_function(node)
            return _EMPTY
        return define

    # ---------------------------------------------------------------------------------
    # Functions
    # ---------------------------------------------------------------------------------
    def define_function(self, node: ast.FunctionDefStmt) -> Command:
        block = node.body
        decls = list(block.params)
        params, advanced = params_from_decls(decls)
        if "cmdletbinding" in (block.text or "").casefold().replace(" ", "")[:400]:
            advanced = True
        is_filter = node.filter
        interp = self

        def run(inv: CommandInvocation) -> Iterator[Any]:
            return interp._run_function(node, decls, inv, is_filter)

        cmd = Command(name=node.name, run=run, params=params, kind="Function", common=advanced,
                      module="", synopsis=_synopsis(block), data={"script": True, "advanced": advanced,
                                                                   "node": node})
        self.registry.add(cmd)
        return cmd

    def _bind_function_scope(self, fscope: Scope, decls: list[ast.ParamDecl], args: binding.BoundArguments) -> None:
        for d in decls:
            key = d.name.casefold().lstrip("$")
            if d.name in args or key in args:
                fscope.vars[key] = args[d.name]
            elif d.default is not None:
                v = self.compile_expr(d.default)(fscope)
                if d.type_name and conv.is_known_type(d.type_name):
                    v = conv.cast(v, d.type_name)
                fscope.vars[key] = v
            else:
                t = (d.type_name or "").casefold()
                fscope.vars[key] = False if t in ("switch", "switchparameter") else (
                    "" if t == "string" else 0 if t in ("int", "long", "double", "int32", "float") else None)
        fscope.vars["args"] = list(args.extra)
        fscope.vars["psboundparameters"] = args.as_hashtable()

    def _run_function(self, node: ast.FunctionDefStmt, decls: list[ast.ParamDecl], inv: CommandInvocation,
                      is_filter: bool) -> Iterator[Any]:
        block = node.body
        fscope = inv.scope.child()
        begin = self.compile_block(block.begin) if block.begin else None
        process_stmts = block.process if block.process is not None else (block.end if is_filter else None)
        process = self.compile_block(process_stmts) if process_stmts is not None else None
        end = self.compile_block(block.end) if (block.end and not is_filter) else None
        binding.check_mandatory(inv.args, pipeline_pending=inv.expecting_input)
        self._bind_function_scope(fscope, decls, inv.args)

        def guarded(fn: StmtFn) -> Iterator[Any]:
            try:
                yield from fn(fscope)
            except ReturnSignal:
                return

        if begin is not None:
            yield from guarded(begin)
        if process is not None:
            if inv.expecting_input:
                for obj, bound in inv.each():
                    self._bind_function_scope(fscope, decls, bound)
                    fscope.vars["_"] = obj
                    yield from guarded(process)
            else:
                binding.check_mandatory(inv.args)
                fscope.vars["_"] = None
                yield from guarded(process)
            if end is not None:
                yield from guarded(end)
        elif end is not None:
            if inv.expecting_input:
                items = list(inv.input)
                fscope.vars["input"] = items
                has_pipe = any(p.from_pipeline or p.from_pipeline_by_name for p in inv.command.params)
                if has_pipe and items:
                    bound = binding.bind_pipeline(inv.args, items[-1])
                    self._bind_function_scope(fscope, decls, bound)
            else:
                binding.check_mandatory(inv.args)
                fscope.vars["input"] = []
            yield from guarded(end)

    # ---------------------------------------------------------------------------------
    # Script blocks
    # ---------------------------------------------------------------------------------
    def _block_parts(self, block: ScriptBlock) -> tuple[StmtFn | None, StmtFn | None, StmtFn | None, list[Any]]:
        node = block.node
        compiled = block.compiled
        if compiled is not None and compiled[0] is self:
            return compiled[1]
        parts = (self.compile_block(node.begin) if node.begin else None,
                 self.compile_block(node.process) if node.process is not None else None,
                 self.compile_block(node.end) if node.end else None,
                 list(node.params))
        block.compiled = (self, parts)
        return parts

    def invoke_block_iter(self, block: Any, args: list[Any] | None = None, dollar_under: Any = ...,
                          scope: Scope | None = None, this: Any = None) -> Iterator[Any]:
        """Run a script block in ``scope`` (the caller's scope by default), `$_` set when
        ``dollar_under`` is given; `return` ends only this invocation."""
        if not isinstance(block, ScriptBlock):
            raise runtime_error(f"Expected a script block, got {conv.type_name(block)}.")
        begin, process, end, params = self._block_parts(block)
        scope = scope if scope is not None else self.global_scope
        vars_ = scope.vars
        saved: dict[str, Any] = {}
        set_keys: list[str] = []

        def setv(k: str, v: Any) -> None:
            if k not in saved:
                saved[k] = vars_.get(k, _UNSET)
            vars_[k] = v
            set_keys.append(k)

        if dollar_under is not ...:
            setv("_", dollar_under)
        if this is not None:
            setv("this", this)
        args = args or []
        if params:
            for i, d in enumerate(params):
                key = d.name.casefold().lstrip("$")
                if i < len(args):
                    v = args[i]
                    if d.type_name and conv.is_known_type(d.type_name):
                        v = conv.cast(v, d.type_name)
                elif d.default is not None:
                    v = self.compile_expr(d.default)(scope)
                else:
                    v = None
                setv(key, v)
            setv("args", list(args[len(params):]))
        elif args or "args" in vars_:
            setv("args", list(args))
        try:
            for part in (begin, process, end):
                if part is None:
                    continue
                try:
                    yield from part(scope)
                except ReturnSignal:
                    pass
        finally:
            for k, v in saved.items():
                if v is _UNSET:
                    vars_.pop(k, None)
                else:
                    vars_[k] = v

    def invoke_block(self, block: Any, args: list[Any] | None = None, dollar_under: Any = ...,
                     scope: Scope | None = None, this: Any = None) -> list[Any]:
        # fast path: a plain block without params, `$_` only
        if isinstance(block, ScriptBlock) and not args and this is None:
            begin, process, end, params = self._block_parts(block)
            if begin is None and process is None and not params and end is not None:
                scope = scope if scope is not None else self.global_scope
                vars_ = scope.vars
                if dollar_under is ...:
                    try:
                        return list(end(scope))
                    except ReturnSignal:
                        return []
                old = vars_.get("_", _UNSET)
                vars_["_"] = dollar_under
                out: list[Any] = []
                try:
                    out.extend(end(scope))
                except ReturnSignal:
                    pass
                finally:
                    if old is _UNSET:
                        vars_.pop("_", None)
                    else:
                        vars_["_"] = old
                return out
        out2: list[Any] = []
        gen = self.invoke_block_iter(block, args, dollar_under, scope, this)
        out2.extend(gen)
        return out2

    def intrinsic_method(self, items: Any, name: str, args: list[Any]) -> Any:
        """`.ForEach({})` / `.Where({})` on collections."""
        if not args:
            raise runtime_error(f"{name}() needs a script block argument.")
        block = args[0]
        scope = self._matches_scope if hasattr(self, "_matches_scope") else self.global_scope
        if name == "foreach":
            if not isinstance(block, ScriptBlock):
                name = conv.to_str(block)
                out0: list[Any] = []
                for x in items:
                    v = members.raw_member(x, name)
                    out0.append(members.call_method(self, x, name, list(args[1:]))
                                if v is members.MISSING else v)
                return out0
            out: list[Any] = []
            for x in items:
                out.extend(self.invoke_block(block, dollar_under=x, scope=scope))
            return out
        mode = conv.to_str(args[1]).casefold() if len(args) > 1 else "default"
        limit = conv.to_int(args[2]) if len(args) > 2 else 0
        res: list[Any] = []
        for x in items:
            ok = conv.to_bool(_collapse(self.invoke_block(block, dollar_under=x, scope=scope)))
            if mode == "first" and ok:
                res.append(x)
                if limit == 0 or len(res) >= limit:
                    break
            elif mode in ("default", "") and ok:
                res.append(x)
                if limit and len(res) >= limit:
                    break
            elif mode == "last" and ok:
                res.append(x)
            elif mode == "skipuntil" and (ok or res):
                res.append(x)
            elif mode == "until":
                if ok:
                    break
                res.append(x)
        if mode == "last" and limit:
            res = res[-limit:]
        elif mode == "last":
            res = res[-1:]
        return res

    def replace_evaluator(self, block: ScriptBlock, m: Any) -> str:
        return conv.to_str(_collapse(self.invoke_block(block, dollar_under=m)))

    # helpers exposed to cmdlets
    def call_method(self, obj: Any, name: str, args: list[Any]) -> Any:
        return members.call_method(self, obj, name, list(args))

    def get_member(self, obj: Any, name: str) -> Any:
        return members.get_member(obj, name)

    # ---------------------------------------------------------------------------------
    # Commands
    # ---------------------------------------------------------------------------------
    def _located(self, err: PSError, pos: Any) -> PSError:
        self.locate(err.record, pos)
        return err

    def resolve_command(self, name: str, pos: Any = None) -> Command:
        """Alias → function → cmdlet; unknown: refusal, external program or
        'not recognized' with a did-you-mean."""
        cmd = self.registry.lookup(name)
        if cmd is not None:
            return cmd
        key = name.casefold()
        if key in REFUSED_COMMANDS:
            raise self._located(not_supported(REFUSED_COMMANDS[key],
                                              "gshell runs only its own commands"), pos)
        if "/" in name or "\\" in name or _on_path(name):
            raise self._located(PSError(f"`{name}` is an external program; gshell runs only its own commands",
                                        category="ObjectNotFound", exception_type="CommandNotFoundException",
                                        error_id="ExternalProgramNotSupported", target=name), pos)
        if "-" not in name:
            fallback = self.registry.lookup("Get-" + name)
            if fallback is not None:
                return fallback
        raise self._located(PSError(self.not_recognized_message(name), category="ObjectNotFound",
                                    exception_type="CommandNotFoundException", error_id="CommandNotFoundException",
                                    target=name), pos)

    def not_recognized_message(self, name: str) -> str:
        msg = f"The term '{name}' is not recognized as a name of a cmdlet, function, or script."
        candidates = [c.name for c in self.registry.commands()] + list(self.registry.aliases())
        by_fold = {c.casefold(): c for c in candidates}
        import difflib
        close = difflib.get_close_matches(name.casefold(), list(by_fold), n=3, cutoff=0.6)
        if close:
            names = [by_fold[c] for c in close]
            msg += f" Did you mean: {', '.join(names)}?"
        return msg

    def _eval_elements(self, node: ast.CommandExpr) -> Callable[[Scope], list[binding.Element]]:
        compiled: list[tuple[str, Any, Any]] = []
        for el in node.elements:
            if isinstance(el, ast.CommandParameter):
                vf = self.compile_expr(el.value) if el.value is not None else None
                compiled.append(("param", el, vf))
            else:
                v = el.value
                if isinstance(v, ast.VariableExpr) and v.splat:
                    compiled.append(("splat", el, self._x_VariableExpr(ast.VariableExpr(v.name, v.scope))))
                else:
                    compiled.append(("arg", el, self.compile_expr(v)))

        def evaluate(scope: Scope) -> list[binding.Element]:
            out: list[binding.Element] = []
            for kind, el, f in compiled:
                if kind == "param":
                    if f is None:
                        if el.colon:
                            out.append(Named(el.name, None, True, el.pos))
                        else:
                            out.append(Named(el.name, None, False, el.pos))
                    else:
                        out.append(Named(el.name, f(scope), True, el.pos))
                elif kind == "arg":
                    out.append(Positional(f(scope), el.pos))
                else:
                    v = f(scope)
                    if isinstance(v, CIDict):
                        for k, val in v.items():
                            out.append(Named(conv.to_str(k), val, True, el.pos))
                    elif isinstance(v, (list, tuple)):
                        out.extend(Positional(x, el.pos) for x in v)
                    elif v is not None:
                        out.append(Positional(v, el.pos))
            return out
        return evaluate

    def invoke_command(self, node: ast.CommandExpr, scope: Scope, upstream: Any, expecting_input: bool) -> Iterator[Any]:
        cached = self._cache.get(id(node))
        if cached is not None and cached[0] is node:
            evaluate = cached[1]
        else:
            evaluate = self._eval_elements(node)
            self._cache[id(node)] = (node, evaluate)
        pos = node.name_pos if getattr(node.name_pos, "line", 0) else node.pos
        if node.invocation in ("&", "."):
            return self._call_operator(node, scope, upstream, expecting_input, evaluate, pos)
        command = self.resolve_command(node.name, pos)
        return self._run_command(command, scope, evaluate(scope), upstream, expecting_input, pos)

    def _call_operator(self, node: ast.CommandExpr, scope: Scope, upstream: Any, expecting_input: bool,
                       evaluate: Callable[[Scope], list[binding.Element]], pos: Any) -> Iterator[Any]:
        op = node.invocation
        what = "The call operator '&'" if op == "&" else "Dot-sourcing ('.')"
        elements = evaluate(scope)
        target: Any = node.name
        if node.name[:1] in ("$", "'", '"', "{", "(", "@"):
            target = self.compile_value(self._parse_fragment(node.name))(scope)
        if isinstance(target, ScriptBlock):
            args = [e.value for e in elements if isinstance(e, Positional)]
            inner_scope = scope if op == "." else scope.child()

            def run_block() -> Iterator[Any]:
                if expecting_input and upstream is not None:
                    for obj in upstream:
                        yield from self.invoke_block_iter(target, args, dollar_under=obj, scope=inner_scope)
                else:
                    yield from self.invoke_block_iter(target, args, scope=inner_scope)
            return run_block()
        if isinstance(target, str):
            cmd = self.registry.lookup(target)
            if cmd is not None and op == "&":
                return self._run_command(cmd, scope, elements, upstream, expecting_input, pos)
            shown = target
        else:
            shown = conv.to_str(target)
        raise self._located(not_supported(f"{what} with '{shown}'",
                                          "gshell runs script blocks and its own commands only, never files "
                                          "or external programs"), pos)

    def _parse_fragment(self, text: str) -> Any:
        """The statement of a small source fragment (the operand of `&` / `.`), cached."""
        key = ("fragment", text)
        hit = self._fragments.get(key)
        if hit is None:
            script = self.parse(text)
            hit = script.statements[0] if script.statements else ast.PipelineStmt([ast.ConstantExpr(None)])
            self._fragments[key] = hit
        return hit

    def _run_command(self, command: Command, scope: Scope, elements: list[binding.Element], upstream: Any,
                     expecting_input: bool, pos: Any) -> Iterator[Any]:
        try:
            args = binding.bind(command, elements)
        except PSError as e:
            e.record.command_name = command.name
            raise self._located(e, pos)
        inv = CommandInvocation(self, command, args, scope, upstream, expecting_input, pos)
        if not command.data.get("script") and not expecting_input:
            # cmdlets: mandatory parameters must be bound unless pipeline input will bind them
            try:
                binding.check_mandatory(args, pipeline_pending=False)
            except PSError as e:
                e.record.command_name = command.name
                raise self._located(e, pos)
        out_var = conv.to_str(args["OutVariable"]) if "OutVariable" in args else None
        return self._drive(command, inv, out_var, scope, pos)

    def _drive(self, command: Command, inv: CommandInvocation, out_var: str | None, scope: Scope,
               pos: Any) -> Iterator[Any]:
        collected: list[Any] | None = [] if out_var else None
        try:
            result = command.run(inv)
            if result is not None:
                for item in result:
                    if collected is not None:
                        collected.append(item)
                    yield item
        except PSError as e:
            self.locate(e.record, pos)
            if not e.record.command_name and command.kind != "Function":
                e.record.command_name = command.name
            if inv.error_variable:
                self._append_error_var(scope, inv.error_variable, [e.record])
            raise
        except (FlowSignal, GeneratorExit, KeyboardInterrupt):
            raise
        except RecursionError:
            raise self._located(runtime_error("The script failed due to call depth overflow."), pos) from None
        except Exception as e:  # noqa: BLE001 - a bug in a command: an error record, never a crash
            err = self.internal_error(e, command.name)
            raise self._located(err, pos) from None
        finally:
            if collected is not None and out_var:
                self._set_named_var(scope, out_var, collected)
        if inv.error_variable:
            self._append_error_var(scope, inv.error_variable, inv.errors)

    def _set_named_var(self, scope: Scope, name: str, value: Any) -> None:
        if name.startswith("+"):
            old = scope.get(name[1:])
            base = list(old) if isinstance(old, (list, tuple)) else ([] if old is None else [old])
            scope.vars[name[1:].casefold()] = base + list(value)
        else:
            scope.vars[name.casefold()] = value

    def _append_error_var(self, scope: Scope, name: str, records: list[ErrorRecord]) -> None:
        if name.startswith("+"):
            self._set_named_var(scope, name, records)
        else:
            scope.vars[name.casefold()] = list(records)

    # ---------------------------------------------------------------------------------
    # Completer / REPL helpers
    # ---------------------------------------------------------------------------------
    def variable_names(self) -> list[str]:
        return sorted(self.global_scope.names())


# -------------------------------------------------------------------------------------------
# Helpers
# -------------------------------------------------------------------------------------------


def _conditional_loop(
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
            except BreakSignal as b:
                if label_matches(b.label, label):
                    break
                raise
            except ContinueSignal as c:
                if not label_matches(c.label, label):
                    raise
            if step is not None:
                for _ in step(scope):
                    pass
            if after is not None and not after(scope):
                break
    return run


def _collapse(items: list[Any]) -> Any:
    if not items:
        return None
    if len(items) == 1:
        return items[0]
    return items


def _on_path(name: str) -> bool:
    if not name or any(c in name for c in "*?[]{}$"):
        return False
    try:
        import shutil
        return shutil.which(name) is not None
    except Exception:  # noqa: BLE001
        return False


def conv_refusal(type_name: str) -> PSError:
    return not_supported(f"The .NET type [{type_name}]",
                         "gshell supports only its own value types ([int] [long] [double] [decimal] [string] [char] "
                         "[bool] [array] [hashtable] [ordered] [pscustomobject] [datetime] [regex] [scriptblock])")


_ATTR_PARAM_TYPES = {
    "switch": "switch", "switchparameter": "switch", "int": "int", "int32": "int", "long": "int", "int64": "int",
    "string": "string", "string[]": "string[]", "int[]": "int[]", "double": "float", "float": "float",
    "single": "float", "decimal": "float", "bool": "bool", "boolean": "bool", "scriptblock": "scriptblock",
    "hashtable": "hashtable", "object[]": "object[]", "array": "object[]", "psobject[]": "object[]",
    "datetime": "datetime", "object": "object", "psobject": "object", "pscustomobject": "object",
}


def _attr(attrs: dict[str, Any], name: str, default: Any = None) -> Any:
    for k, v in attrs.items():
        if k.casefold() == name.casefold():
            return v
    return default


def params_from_decls(decls: list[ast.ParamDecl]) -> tuple[list[Parameter], bool]:
    """Parameter declarations of a script function (and whether it is 'advanced')."""
    params: list[Parameter] = []
    advanced = False
    explicit_positions = False
    for d in decls:
        attrs = d.attributes or {}
        if attrs:
            advanced = True
        t = (d.type_name or "object").strip("[]").casefold() if d.type_name and not d.type_name.endswith("[]") \
            else (d.type_name or "object").casefold()
        ptype = _ATTR_PARAM_TYPES.get(conv.normalize_type(t) if t else "object", None)
        if ptype is None:
            ptype = d.type_name if d.type_name and conv.is_known_type(d.type_name) else "object"
        aliases = _attr(attrs, "Alias", ())
        if isinstance(aliases, str):
            aliases = (aliases,)
        choices = _attr(attrs, "ValidateSet", ())
        if isinstance(choices, str):
            choices = (choices,)
        position = _attr(attrs, "Position")
        if position is not None:
            explicit_positions = True
            position = int(position)
        params.append(Parameter(
            name=d.name.lstrip("$"), type=ptype, position=position,
            mandatory=bool(_attr(attrs, "Mandatory", False)),
            aliases=tuple(str(a) for a in aliases),
            from_pipeline=bool(_attr(attrs, "ValueFromPipeline", False)),
            from_pipeline_by_name=bool(_attr(attrs, "ValueFromPipelineByPropertyName", False)),
            choices=tuple(str(c) for c in choices),
            help=str(_attr(attrs, "HelpMessage", "") or ""),
        ))
    # PowerShell: without explicit positions, every non-switch parameter is positional in
    # declaration order; with some explicit, the others follow after them.
    next_pos = 0 if not explicit_positions else 1 + max(p.position for p in params if p.position is not None)
    for p in params:
        if p.position is None and not p.is_switch:
            p.position = next_pos
            next_pos += 1
    return params, advanced


def _synopsis(block: ast.ScriptBlockExpr) -> str:
    text = block.text or ""
    marker = ".SYNOPSIS"
    i = text.upper().find(marker)
    if i < 0:
        return ""
    rest = text[i + len(marker):].strip().splitlines()
    return rest[0].strip() if rest else ""


class _FallbackFormatter:
    """Used only when gshell.runtime.formatting is unavailable."""

    def __init__(self, host: Host) -> None:
        self.host = host

    def push(self, obj: Any) -> None:
        if obj is None:
            return
        self.host.write(conv.to_str(obj) + "\n")

    def flush(self) -> None:
        pass


class _ErrRedirectHost(Host):
    """A host whose error stream goes to a file or nowhere (`2> file`, `2>$null`)."""

    def __init__(self, inner: Host, target: tuple[str, bool] | None) -> None:
        self.__dict__.update(inner.__dict__)
        self._inner = inner
        self._fh = open(os.path.expanduser(target[0]), "a" if target[1] else "w", encoding="utf-8") \
            if target else None

    def write_err(self, text: str) -> None:
        if self._fh is not None:
            self._fh.write(text)

    def write(self, text: str) -> None:
        self._inner.write(text)

    def close(self) -> None:
        if self._fh is not None:
            self._fh.close()
