"""A small, real implementation of the Invocation protocol over plain lists, for unit tests
of the cmdlets before/without the interpreter.  Script blocks are ``Block`` objects that run
a Python function of ``$_`` (and of extra arguments)."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from typing import Any

from gshell.commands import load_all
from gshell.runtime.errors import ErrorRecord, PSError
from gshell.runtime.host import CaptureHost
from gshell.runtime.registry import Command, Registry
from gshell.runtime.scope import Scope
from gshell.runtime.values import CIDict, ScriptBlock

BUILTINS = load_all()


class Block(ScriptBlock):
    """A script block whose body is a Python function ``fn(dollar_under, *args)``; a list
    result is several outputs, None no output."""

    __slots__ = ("fn",)

    def __init__(self, fn: Callable[..., Any], text: str = "<test block>") -> None:
        super().__init__(None, text)
        self.fn = fn


class Args:
    """BoundArgs: given values (case-insensitive) over the declared defaults."""

    def __init__(self, command: Command, given: dict[str, Any]) -> None:
        object.__setattr__(self, "_command", command)
        object.__setattr__(self, "_given", CIDict(given))

    def _default(self, name: str) -> Any:
        for p in self._command.all_params():
            if p.name.casefold() == name.casefold():
                return False if p.is_switch and p.default is None else p.default
        return None

    def __getitem__(self, name: str) -> Any:
        if name in self._given:
            return self._given[name]
        return self._default(name)

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)
        return self[name]

    def __contains__(self, name: object) -> bool:
        return name in self._given

    def get(self, name: str, default: Any = None) -> Any:
        return self._given.get(name, default) if name in self._given else (self._default(name) if self._default(name) is not None else default)

    def with_(self, **more: Any) -> Args:
        given = dict(self._given.items())
        given.update(more)
        return Args(self._command, given)


class FakeRuntime:
    """The Runtime interface (gshell.runtime.registry.Runtime) over plain fields."""

    def __init__(self) -> None:
        self.registry: Registry = BUILTINS.copy()
        self.host = CaptureHost(width=80)
        self.interactive = False
        self.read_line: Any = None
        self.failed = False
        self.width = 80
        self.color = False
        self.scope = Scope()
        self.global_scope = self.scope
        self._states: dict[type, Any] = {}
        self._closers: list[Any] = []
        self.try_depth = 0           # `try` bodies running (Should -Throw raises it)

    def location(self) -> str:
        return os.getcwd()

    def set_location(self, path: str) -> None:
        os.chdir(path)

    def get_variable(self, name: str) -> Any:
        return self.scope.get(name)

    def set_variable(self, name: str, value: Any) -> None:
        self.scope.set(name, value)

    def state(self, kind: type) -> Any:
        return self._states.setdefault(kind, kind())

    def on_close(self, fn: Any) -> None:
        self._closers.append(fn)

    def at_script_end(self, fn: Any) -> None:
        self._closers.append(fn)


class FakeInvocation:
    def __init__(self, name: str, args: dict[str, Any] | None = None, input: list[Any] | None = None,  # noqa: A002
                 runtime: FakeRuntime | None = None) -> None:
        command = BUILTINS.lookup(name)
        assert command is not None, name
        self.command = command
        self.args = Args(command, args or {})
        self.expecting_input = input is not None
        self._input = list(input or [])
        self.consumed = 0
        self.rt = runtime or FakeRuntime()
        self.host: list[str] = []          # write_host text, newline included
        self.host_calls: list[dict[str, Any]] = []
        self.warnings: list[str] = []
        self.verbose_lines: list[str] = []
        self.errors: list[tuple[str, str]] = []

    # -- protocol ---------------------------------------------------------------------
    @property
    def input(self) -> Iterator[Any]:
        for obj in self._input:
            self.consumed += 1
            yield obj

    def each(self) -> Iterator[tuple[Any, Args]]:
        pipe = [p for p in self.command.params if p.from_pipeline]
        by_name = [p for p in self.command.params if p.from_pipeline_by_name]
        if not self.expecting_input:
            yield None, self.args
            return
        for obj in self.input:
            bound: dict[str, Any] = {}
            if pipe:
                bound[pipe[0].name] = obj
            for p in by_name:
                if isinstance(obj, CIDict) and p.name in obj:
                    bound[p.name] = obj[p.name]
            yield obj, self.args.with_(**bound)

    def invoke(self, block: Any, *args: Any, dollar_under: Any = ..., scope: str = "caller") -> list[Any]:
        return list(self.invoke_iter(block, *args, dollar_under=dollar_under))

    def invoke_iter(self, block: Any, *args: Any, dollar_under: Any = ...) -> Iterator[Any]:
        assert isinstance(block, Block), block
        result = block.fn(None if dollar_under is ... else dollar_under, *args)
        if result is None:
            return
        if isinstance(result, list):
            yield from result
        else:
            yield result

    def write_host(self, text: str, *, color: str | None = None, background: str | None = None,
                   newline: bool = True) -> None:
        self.host.append(text + ("\n" if newline else ""))
        self.host_calls.append({"text": text, "color": color, "background": background, "newline": newline})

    def warning(self, message: str) -> None:
        self.warnings.append(message)

    def verbose(self, message: str) -> None:
        self.verbose_lines.append(message)

    def error(self, message: str | ErrorRecord, *, category: str = "NotSpecified", target: Any = None) -> None:
        if isinstance(message, ErrorRecord):   # a record given whole (Write-Error)
            message, category = message.message, message.category
        self.errors.append((message, category))

    def fail(self, message: str, *, category: str = "NotSpecified") -> Exception:
        return PSError(message, category=category)

    @property
    def runtime(self) -> FakeRuntime:
        return self.rt

    @property
    def scope(self) -> Scope:
        return self.rt.scope


def run(name: str, args: dict[str, Any] | None = None, input: list[Any] | None = None,  # noqa: A002
        runtime: FakeRuntime | None = None) -> tuple[list[Any], FakeInvocation]:
    inv = FakeInvocation(name, args, input, runtime)
    return list(inv.command.run(inv)), inv


def out(name: str, args: dict[str, Any] | None = None, input: list[Any] | None = None) -> list[Any]:  # noqa: A002
    return run(name, args, input)[0]
