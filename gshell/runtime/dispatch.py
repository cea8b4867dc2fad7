"""Command dispatch: resolving a command name (alias, function, cmdlet, refusal, did-you-mean),
evaluating its arguments, binding them, running it (the call operator `&` and dot-sourcing
of script blocks too), `-OutVariable` and `-ErrorVariable`."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from gshell.lang import ast
from gshell.lazy import LazyModule
from gshell.runtime import conversions as conv
from gshell.runtime.errors import ErrorRecord, PSError, not_supported, runtime_error
from gshell.runtime.functions import ScriptFunctions
from gshell.runtime.pipeline import CommandInvocation
from gshell.runtime.registry import Command, Runtime
from gshell.runtime.scope import Scope
from gshell.runtime.signals import FlowSignal
from gshell.runtime.values import CIDict, ScriptBlock

TYPE_CHECKING = False  # typing is not imported at start-up (docs/architecture.md, Start-up)
if TYPE_CHECKING:
    from typing import Any

    from gshell.runtime import binding
else:
    binding = LazyModule("gshell.runtime.binding", globals())  # loaded when a command first runs

#: Commands refused by name (those without a declaration of their own in gshell.commands).
REFUSED_COMMANDS: dict[str, str] = {
    "receive-job": "Receive-Job", "wait-job": "Wait-Job", "get-job": "Get-Job", "start-threadjob": "Start-ThreadJob",
    "invoke-item": "Invoke-Item", "ii": "Invoke-Item", "new-pssession": "New-PSSession",
    "enter-pssession": "Enter-PSSession", "set-strictmode": "Set-StrictMode",
    "invoke-hfinference": "Invoke-HfInference (PowerShAI)", "invokegradioapi": "InvokeGradioApi (PowerShAI)",
    "get-aichat": "PowerShAI chat", "ia": "PowerShAI chat", "invoke-aichat": "PowerShAI chat",
    "new-powershaichat": "PowerShAI chat", "send-powershaichat": "PowerShAI chat",
}


class CommandDispatch(ScriptFunctions):
    """Running commands for an interpreter."""

    runtime: Runtime   # the interpreter itself, as the commands see it (set by Interpreter)

    def __init__(self) -> None:
        super().__init__()
        self._fragments: dict[Any, Any] = {}

    def parse(self, text: str) -> ast.Script:
        from gshell.lang import parse
        return parse(text)

    def resolve_command(self, name: str, pos: Any = None) -> Command:
        """Alias → function → cmdlet; unknown: refusal, external program or
        'not recognized' with a did-you-mean."""
        cmd = self.registry.lookup(name)
        if cmd is not None:
            return cmd
        key = name.casefold()
        if key in REFUSED_COMMANDS:
            raise self.located(not_supported(REFUSED_COMMANDS[key],
                                              "gshell runs only its own commands"), pos)
        if "/" in name or "\\" in name or _on_path(name):
            raise self.located(PSError(f"`{name}` is an external program; gshell runs only its own commands",
                                        category="ObjectNotFound", exception_type="CommandNotFoundException",
                                        error_id="ExternalProgramNotSupported", target=name), pos)
        if "-" not in name:
            fallback = self.registry.lookup("Get-" + name)
            if fallback is not None:
                return fallback
        raise self.located(PSError(self.not_recognized_message(name), category="ObjectNotFound",
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
                    compiled.append(("splat", el, self.compile_expr(ast.VariableExpr(v.name, v.scope))))
                else:
                    compiled.append(("arg", el, self.compile_expr(v)))

        def evaluate(scope: Scope) -> list[binding.Element]:
            out: list[binding.Element] = []
            for kind, el, f in compiled:
                if kind == "param":
                    if f is None:
                        if el.colon:
                            out.append(binding.Named(el.name, None, True, el.pos))
                        else:
                            out.append(binding.Named(el.name, None, False, el.pos))
                    else:
                        out.append(binding.Named(el.name, f(scope), True, el.pos))
                elif kind == "arg":
                    out.append(binding.Positional(f(scope), el.pos))
                else:
                    v = f(scope)
                    if isinstance(v, CIDict):
                        for k, val in v.items():
                            out.append(binding.Named(conv.to_str(k), val, True, el.pos))
                    elif isinstance(v, (list, tuple)):
                        out.extend(binding.Positional(x, el.pos) for x in v)
                    elif v is not None:
                        out.append(binding.Positional(v, el.pos))
            return out
        return evaluate

    def invoke_command(self, node: ast.CommandExpr, scope: Scope, upstream: Any,
                       expecting_input: bool) -> Iterator[Any]:
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
            args = [e.value for e in elements if isinstance(e, binding.Positional)]
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
        from gshell.display import excerpt
        raise self.located(not_supported(f"{what} with '{excerpt(shown)}'",
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
            raise self.located(e, pos) from None
        inv = CommandInvocation(self.runtime, command, args, scope, upstream, expecting_input, pos)
        if not command.script and not expecting_input:
            # cmdlets: mandatory parameters must be bound unless pipeline input will bind them
            try:
                binding.check_mandatory(args, pipeline_pending=False)
            except PSError as e:
                e.record.command_name = command.name
                raise self.located(e, pos) from None
        out_var = conv.to_str(args["OutVariable"]) if "OutVariable" in args else None
        return self._drive(command, inv, out_var, scope, pos)

    def _drive(self, command: Command, inv: CommandInvocation, out_var: str | None, scope: Scope,
               pos: Any) -> Iterator[Any]:
        collected: list[Any] | None = [] if out_var else None
        # a script function's -ErrorVariable gets every error reported while it runs
        sink = inv.errors if inv.error_variable and command.script else None
        if sink is not None:
            self.error_collectors.append(sink)
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
                self._append_error_var(scope, inv.error_variable,
                                       inv.errors + ([] if e.record in inv.errors else [e.record]))
            raise
        except (FlowSignal, GeneratorExit, KeyboardInterrupt):
            raise
        except RecursionError:
            raise self.located(runtime_error("The script failed due to call depth overflow."), pos) from None
        except Exception as e:  # noqa: BLE001 - a bug in a command: an error record, never a crash
            err = self.internal_error(e, command.name)
            raise self.located(err, pos) from None
        finally:
            if collected is not None and out_var:
                self._set_named_var(scope, out_var, collected)
            if sink is not None:
                self.error_collectors[:] = [c for c in self.error_collectors if c is not sink]
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


def _on_path(name: str) -> bool:
    if not name or any(c in name for c in "*?[]{}$"):
        return False
    try:
        import shutil
        return shutil.which(name) is not None
    except Exception:  # noqa: BLE001
        return False
