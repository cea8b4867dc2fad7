"""The runtime side of the command protocol: ``CommandInvocation`` implements
``gshell.runtime.registry.Invocation`` for one command of one pipeline.

Error streams follow PowerShell: ``error()`` is non-terminating (printed unless
``-ErrorAction SilentlyContinue/Ignore``; ``Stop`` turns it into a terminating error),
``fail()`` returns a terminating error to raise; ``-ErrorVariable`` collects both,
``-Verbose`` enables ``verbose()`` lines, ``-WarningAction`` filters warnings.
"""

from __future__ import annotations

from collections.abc import Generator, Iterator
from functools import cached_property

from gshell.lazy import LazyModule
from gshell.runtime.conversions import to_str
from gshell.runtime.errors import ErrorRecord, PSError
from gshell.runtime.registry import Command, Runtime
from gshell.runtime.scope import Scope

TYPE_CHECKING = False  # typing is not imported at start-up (docs/architecture.md, Start-up)
if TYPE_CHECKING:
    from typing import Any

    from gshell.runtime import binding
    from gshell.runtime.binding import BoundArguments
else:
    binding = LazyModule("gshell.runtime.binding", globals())  # loaded when a command first runs

_EMPTY: tuple[Any, ...] = ()


def _preference(value: Any, default: str) -> str:
    s = to_str(value).strip() if value is not None else ""
    return s if s else default


class CommandInvocation:
    """What a command implementation receives (see registry.Invocation)."""

    def __init__(self, interp: Runtime, command: Command, args: BoundArguments, scope: Scope,
                 upstream: Any = None, expecting_input: bool = False, pos: Any = None) -> None:
        self.interp = interp
        self.command = command
        self.args = args
        self.scope = scope
        self._upstream = upstream
        self.expecting_input = expecting_input
        self.pos = pos
        given = args
        self.debug_on = bool(given["Debug"]) if "Debug" in given else False
        self.error_variable: str | None = to_str(given["ErrorVariable"]) if "ErrorVariable" in given else None
        self.errors: list[ErrorRecord] = []

    # -- preferences: read when first needed (a lookup walks the scope chain, which is as deep
    #    as the calls: reading them for every command made deep recursion quadratic) --------
    @cached_property
    def error_action(self) -> str:
        given = self.args
        return _preference(given["ErrorAction"] if "ErrorAction" in given else
                           self.scope.get("ErrorActionPreference"), "Continue")

    @cached_property
    def warning_action(self) -> str:
        given = self.args
        return _preference(given["WarningAction"] if "WarningAction" in given else
                           self.scope.get("WarningPreference"), "Continue")

    @cached_property
    def verbose_on(self) -> bool:
        if "Verbose" in self.args:
            return bool(self.args["Verbose"])
        return _preference(self.scope.get("VerbosePreference"), "SilentlyContinue").casefold() in (
            "continue", "inquire", "stop")

    # -- input ------------------------------------------------------------------------
    @property
    def input(self) -> Iterator[Any]:
        up = self._upstream
        self._upstream = None
        if up is None:
            return iter(_EMPTY)
        return iter(up)

    def each(self) -> Generator[tuple[Any, BoundArguments], None, None]:
        if not self.expecting_input:
            binding.check_mandatory(self.args)
            yield None, self.args
            return
        for obj in self.input:
            bound = binding.bind_pipeline(self.args, obj)
            binding.check_mandatory(bound)
            yield obj, bound

    # -- script blocks ------------------------------------------------------------------
    def invoke(self, block: Any, *args: Any, dollar_under: Any = ..., scope: str = "caller") -> list[Any]:
        return self.interp.invoke_block(block, list(args), dollar_under=dollar_under,
                                        scope=self.scope if scope == "caller" else self.scope.child())

    def invoke_iter(self, block: Any, *args: Any, dollar_under: Any = ...) -> Iterator[Any]:
        return self.interp.invoke_block_iter(block, list(args), dollar_under=dollar_under, scope=self.scope)

    # -- streams --------------------------------------------------------------------------
    def write_host(self, text: str, *, color: str | None = None, background: str | None = None,
                   newline: bool = True) -> None:
        self.interp.host.write_host(text, color=color, background=background, newline=newline)

    def warning(self, message: str) -> None:
        action = self.warning_action.casefold()
        if action in ("silentlycontinue", "ignore"):
            return
        self.interp.host.warning(message)
        if action == "stop":
            raise PSError(f"The running command stopped because the preference variable \"WarningPreference\" or "
                          f"common parameter is set to Stop: {message}", category="OperationStopped",
                          exception_type="ActionPreferenceStopException")

    def verbose(self, message: str) -> None:
        if self.verbose_on:
            self.interp.host.verbose(message)

    def debug(self, message: str) -> None:
        if self.debug_on:
            self.interp.host.debug(message)

    def _record(self, message: str, category: str, target: Any, exception_type: str | None = None) -> ErrorRecord:
        rec = ErrorRecord(message, category=category, target=target, exception_type=exception_type,
                          command_name=self.command.name)
        self.interp.locate(rec, self.pos)
        return rec

    def error(self, message: str | ErrorRecord, *, category: str = "NotSpecified", target: Any = None) -> None:
        rec = message if isinstance(message, ErrorRecord) else self._record(message, category, target)
        self.interp.locate(rec, self.pos)
        line: int = getattr(self.pos, "line", None) or 0
        if rec.stack is None and line:
            rec.stack = self.scope.call_stack(line)
        if not rec.command_name:
            rec.command_name = self.command.name
        self.errors.append(rec)
        self.interp.non_terminating(rec, self.error_action)

    def fail(self, message: str, *, category: str = "NotSpecified") -> Exception:
        rec = self._record(message, category, None)
        return PSError(rec)

    @property
    def runtime(self) -> Runtime:
        return self.interp

    @property
    def width(self) -> int:
        return self.interp.host.width
