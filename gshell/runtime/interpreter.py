"""The interpreter: evaluates ``gshell.lang.ast`` with PowerShell semantics.

The interpreter is built in layers, each a module of its own:

* ``reporting.ErrorReporting``: where errors happened, how they print, `$Error`, `$?`;
* ``compiler.Compiler``: each AST node compiled once into a closure, through the node tables
  of ``compile_expressions`` and ``compile_statements`` (``compiling`` says what they produce);
* ``functions.ScriptFunctions``: script functions and script blocks;
* ``dispatch.CommandDispatch``: resolving, binding and running commands (``redirection``: `>`, `2>`);
* ``Interpreter`` (here): the automatic variables and the entry points.

Public API::

    interp = Interpreter(builtin_registry(), host=Host(), script_name="", argv=[])
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

import _weakref  # the C module: weakref.py costs start-up time
import atexit
import os
import sys
from collections.abc import Callable

from gshell.lang import ast
from gshell.runtime.compiler import split_traps, traps
from gshell.runtime.depth import ensure_stack, overflow
from gshell.runtime.dispatch import CommandDispatch
from gshell.runtime.errors import PSError, too_many_digits
from gshell.runtime.host import Host
from gshell.runtime.registry import LineReader, Registry
from gshell.runtime.scope import Scope
from gshell.runtime.signals import BreakSignal, ContinueSignal, ExitSignal, ReturnSignal
from gshell.runtime.values import Hashtable

TYPE_CHECKING = False  # typing is not imported at start-up (docs/architecture.md, Start-up)
if TYPE_CHECKING:
    from contextlib import AbstractContextManager
    from typing import Any, TypeVar

    from gshell.runtime.out_default import Formatter

    T = TypeVar("T")


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


#: Interpreters not closed yet: closed at process exit as a safety net (the CLI closes its own).
class _NoContext:
    """``contextlib.nullcontext`` without importing contextlib at start-up."""

    def __enter__(self) -> None:
        return None

    def __exit__(self, *exc: object) -> None:
        return None


_NO_CONTEXT = _NoContext()

_OPEN: dict[int, _weakref.ReferenceType[Interpreter]] = {}  # id -> weak reference: every open interpreter


def _track(interp: Interpreter) -> None:
    key = id(interp)
    _OPEN[key] = _weakref.ref(interp, lambda _ref: _OPEN.pop(key, None))


def close_all() -> None:
    """Close every interpreter still open (the CLI's exit paths and the atexit safety net)."""
    for ref in list(_OPEN.values()):
        interp = ref()
        if interp is not None:
            interp.close()


atexit.register(close_all)


class Interpreter(CommandDispatch):
    def __init__(self, registry: Registry, host: Host | None = None, script_name: str = "",
                 argv: list[Any] | None = None, debug: bool = False, interactive: bool = False) -> None:
        """``registry``: the commands this interpreter runs (``gshell.commands.builtin_registry()``
        for the built-ins); the functions and proxies it defines are added to it."""
        super().__init__()
        from gshell import environment
        environment.capture()   # HF_ENDPOINT is read when the shell is created (docs/security.md)
        self.host = host if host is not None else Host()
        self.registry = registry
        self.runtime = self
        self.debug = debug
        self.interactive = interactive
        self.script_name = script_name
        self.global_scope = Scope()
        self.read_line: LineReader | None = None   # set by the REPL / tests; else Read-Host reads stdin
        self._states: dict[type, Any] = {}
        self._end_hooks: list[Callable[[], None]] = []
        self._matches_scope = self.global_scope
        self._close_callbacks: list[Callable[[], None]] = []
        self._closed = False
        ensure_stack()
        self._init_variables(argv or [])
        _track(self)

    # ---------------------------------------------------------------------------------
    # The Runtime interface (gshell.runtime.registry.Runtime) beyond running code
    # ---------------------------------------------------------------------------------
    @property
    def width(self) -> int:
        return self.host.width

    @property
    def color(self) -> bool:
        return self.host.color

    def location(self) -> str:
        return os.getcwd()

    def set_location(self, path: str) -> None:
        os.chdir(path)

    def at_script_end(self, fn: Callable[[], None]) -> None:
        self._end_hooks.append(fn)

    def state(self, kind: type[T]) -> T:
        value = self._states.get(kind)
        if value is None:
            value = self._states[kind] = kind()
        return value

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
        _OPEN.pop(id(self), None)
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
        g["errorview"] = "ConciseView"
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
    def run_text(self, text: str, formatter: Any = None) -> int | None:
        return self.run_script(self.parse(text), formatter=formatter)

    def make_formatter(self) -> Formatter:
        from gshell.runtime.out_default import Formatter
        return Formatter(self.host.write, width=self.host.width, color=self.host.color,
                         delay=0.3 if self.interactive else None)

    def run_script(self, script: ast.Script, formatter: Any = None, scope: Scope | None = None,
                   around_statement: Callable[[Any], AbstractContextManager[Any]] | None = None) -> int | None:
        """Run a whole script at top level: output to the formatter, uncaught errors printed
        (and the script stopped).  Returns the code of ``exit N``, else None.
        ``around_statement(stmt)``, when given, is a context manager entered around each
        top-level statement (the REPL's live display uses it)."""
        scope = scope or self.global_scope
        self._matches_scope = scope
        fmt = formatter if formatter is not None else self.make_formatter()
        self.set_source(script.source)
        code: int | None = None
        try:
            try:
                self.bind_script_params(script, scope)
            except PSError as e:
                self.report_uncaught(e)   # pwsh: the script does not start
                return None
            statements, trap_list = split_traps(self, script.statements)
            for stmt in statements:
                serial = self.error_serial
                try:
                    # a refusal found while compiling ([Unknown.Type]@(1)) ends only this statement
                    fn = self.compile_stmt(stmt)
                    # `$?` inside the statement still reads the previous statement's status
                    with around_statement(stmt) if around_statement is not None else _NO_CONTEXT:
                        for obj in (traps.guarded(self, fn, scope) if trap_list else fn(scope)):
                            fmt.push(obj)
                except PSError as e:
                    err = e
                except RecursionError:
                    err = overflow()
                except ValueError as e:   # an integer too long to show or convert: one line
                    digits = too_many_digits(e)
                    if digits is None:
                        raise
                    err = digits
                else:
                    self.last_status = self.error_serial == serial
                    continue
                # statement-terminating: reported (or trapped), the script goes on;
                # script-terminating (`throw`, a 'Stop' preference, call depth overflow, `break`
                # in a trap): the script ends
                try:
                    for obj in traps.handle(self, err, trap_list, scope):
                        fmt.push(obj)
                except PSError as fatal:
                    self.report_uncaught(fatal)
                    break
                except RecursionError:
                    self.report_uncaught(overflow())
                    break
        except ExitSignal as e:
            code = e.code
        except (BreakSignal, ContinueSignal):
            pass  # break / continue outside a loop stops the script (PowerShell)
        except ReturnSignal:
            pass
        except RecursionError:
            self.report_uncaught(overflow())
        except KeyboardInterrupt:
            raise
        except Exception as e:  # noqa: BLE001 - an interpreter bug: report, never crash
            self.report_uncaught(self.internal_error(e, "gshell"))
        finally:
            try:
                fmt.flush()
            except Exception:  # noqa: BLE001
                pass
            self.run_end_hooks()
        return code

    def run_end_hooks(self) -> None:
        """What other layers asked to run when the script (or the input) ends: Pester's run
        phase (gshell.commands.pester_run).  Their errors are reported, never raised."""
        for _ in range(8):
            hooks, self._end_hooks = self._end_hooks, []
            if not hooks:
                return
            for hook in hooks:
                try:
                    hook()
                except PSError as e:
                    self.report_uncaught(e)
                except RecursionError:
                    self.report_uncaught(overflow())
                except Exception as e:  # noqa: BLE001 - a bug in a hook: reported, never a crash
                    self.report_uncaught(self.internal_error(e, "gshell"))

    def evaluate(self, text: str | ast.Script, scope: Scope | None = None) -> list[Any]:
        """Run ``text`` and return its output objects (errors propagate as PSError)."""
        script = self.parse(text) if isinstance(text, str) else text
        scope = scope or self.global_scope
        self._matches_scope = scope
        self.set_source(script.source)
        out: list[Any] = []
        try:
            for stmt in script.statements:
                out.extend(self.compile_stmt(stmt)(scope))
        except (BreakSignal, ContinueSignal, ReturnSignal):
            pass
        finally:
            self.run_end_hooks()
        return out

    # helpers exposed to cmdlets
    def call_method(self, obj: Any, name: str, args: list[Any]) -> Any:
        from gshell.runtime import methods
        return methods.call_method(self, obj, name, list(args))

    def get_member(self, obj: Any, name: str) -> Any:
        from gshell.runtime import members
        return members.get_member(obj, name)
