"""One declaration per command.

A command is a Python function plus a ``Command`` declaration of its parameters.  Binding
(``gshell.runtime.binding``), tab completion, ``Get-Help``, ``Get-Command`` and the
highlighter all read these declarations; proxy functions made from a Gradio app's
``/info`` and ``function`` definitions in scripts are just more declarations, created at run
time.

A command implementation is ``def run(inv: Invocation) -> Iterable[object]``: a generator
that yields output objects as they are produced (so pipelines stream).  See ``Invocation``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any, Protocol

from gshell.structs import Struct, field

# Parameter types understood by the binder (coercion) and shown by Get-Help / completion.
PARAM_TYPES = (
    "object",       # anything, passed as is
    "object[]",     # always a list (a scalar is wrapped)
    "string",
    "string[]",
    "int",
    "int[]",
    "float",
    "number",       # a number that keeps its type: [int] 2 stays 2, 2.5 stays 2.5 (strings parsed)
    "bool",
    "switch",       # no value; -X or -X:$false
    "scriptblock",
    "hashtable",
    "path",         # a file system path (string); completion offers files
    "path[]",
    "datetime",
)


class Parameter(Struct):
    name: str
    type: str = "object"
    position: int | None = None          # positional slot (0-based), None = named only
    mandatory: bool = False
    aliases: tuple[str, ...] = ()
    from_pipeline: bool = False           # ValueFromPipeline
    from_pipeline_by_name: bool = False   # ValueFromPipelineByPropertyName
    default: Any = None
    help: str = ""
    choices: tuple[str, ...] = ()         # validated case-insensitively, offered by completion
    complete: str | None = None           # completion domain: 'endpoint', 'session', 'path',
    #                                       'command', 'variable', 'help-topic', 'params'
    sets: tuple[str, ...] = ()            # parameter sets this belongs to (empty = all)
    sensitive: bool = False               # a secret (token, password, credential): a line binding it
    #                                       is kept out of the history file (gshell.repl.history)
    remaining: bool = False               # ValueFromRemainingArguments: collects the positional
    #                                       arguments left over once the positions are filled
    #                                       (`Write-Host a b c`, `echo 1 2`); the type is a list

    @property
    def is_switch(self) -> bool:
        return self.type == "switch"


COMMON_PARAMETERS: tuple[Parameter, ...] = (
    Parameter("Verbose", "switch", aliases=("vb",), help="Show verbose messages (HTTP trace for Gradio cmdlets)."),
    Parameter("Debug", "switch", aliases=("db",), help="Show debug messages."),
    Parameter("ErrorAction", "string", aliases=("ea",),
              choices=("Continue", "SilentlyContinue", "Stop", "Ignore", "Inquire"),
              help="What to do on a non-terminating error."),
    Parameter("WarningAction", "string", aliases=("wa",),
              choices=("Continue", "SilentlyContinue", "Stop", "Ignore", "Inquire"),
              help="What to do on a warning."),
    Parameter("ErrorVariable", "string", aliases=("ev",), help="Variable that receives errors."),
    Parameter("OutVariable", "string", aliases=("ov",), help="Variable that receives the output."),
)

WHATIF_PARAMETERS: tuple[Parameter, ...] = (
    Parameter("WhatIf", "switch", aliases=("wi",), help="Print what would be sent, send nothing."),
    Parameter("Confirm", "switch", aliases=("cf",), help="Accepted for compatibility."),
)


class Example(Struct):
    code: str
    remarks: str = ""


class Command(Struct):
    name: str
    run: Callable[[Invocation], Iterable[Any]]
    params: list[Parameter] = field(default_factory=list)
    synopsis: str = ""
    description: str = ""
    examples: list[Example] = field(default_factory=list)
    aliases: tuple[str, ...] = ()
    module: str = "gshell"                # e.g. 'gshell.Core', 'gshell.Gradio', 'gshell.HuggingFace'
    kind: str = "Cmdlet"                  # 'Cmdlet' | 'Function' (script functions, proxies)
    common: bool = True                   # takes the common parameters (-Verbose, -ErrorAction, ...)
    supports_whatif: bool = False
    default_set: str | None = None
    data: dict[str, Any] = field(default_factory=dict)  # free slot (e.g. a proxy's endpoint)

    def all_params(self) -> list[Parameter]:
        """Declared parameters plus the common ones this command accepts."""
        out = list(self.params)
        names = {p.name.casefold() for p in out}
        extra: list[Parameter] = []
        if self.common:
            extra += COMMON_PARAMETERS
        if self.supports_whatif:
            extra += WHATIF_PARAMETERS
        out += [p for p in extra if p.name.casefold() not in names]
        return out

    @property
    def verb(self) -> str:
        return self.name.split("-", 1)[0] if "-" in self.name else ""

    @property
    def noun(self) -> str:
        return self.name.split("-", 1)[1] if "-" in self.name else self.name


class Registry:
    """Commands and aliases by case-insensitive name.  Lookup order follows PowerShell:
    alias -> function -> cmdlet."""

    def __init__(self) -> None:
        self._commands: dict[str, Command] = {}
        self._aliases: dict[str, str] = {}

    def add(self, command: Command, replace: bool = True) -> Command:
        key = command.name.casefold()
        if not replace and key in self._commands:
            raise KeyError(command.name)
        self._commands[key] = command
        for alias in command.aliases:
            self._aliases[alias.casefold()] = command.name
        return command

    def add_alias(self, alias: str, target: str) -> None:
        self._aliases[alias.casefold()] = target

    def remove(self, name: str) -> Command | None:
        command = self._commands.pop(name.casefold(), None)
        if command is not None:
            for alias in [a for a, t in self._aliases.items() if t.casefold() == name.casefold()]:
                del self._aliases[alias]
        return command

    def lookup(self, name: str) -> Command | None:
        key = name.casefold()
        target = self._aliases.get(key)
        if target is not None:
            key = target.casefold()
        return self._commands.get(key)

    def resolve_alias(self, name: str) -> str | None:
        return self._aliases.get(name.casefold())

    def commands(self) -> list[Command]:
        return sorted(self._commands.values(), key=lambda c: c.name.casefold())

    def aliases(self) -> dict[str, str]:
        return dict(self._aliases)

    def copy(self) -> Registry:
        other = Registry()
        other._commands = dict(self._commands)
        other._aliases = dict(self._aliases)
        return other


#: The built-in commands, filled by the ``gshell.commands.*`` modules at import.
BUILTINS = Registry()


def command(
    name: str,
    *,
    params: Iterable[Parameter] = (),
    synopsis: str = "",
    description: str = "",
    examples: Iterable[Example | str] = (),
    aliases: Iterable[str] = (),
    module: str = "gshell.Core",
    common: bool = True,
    supports_whatif: bool = False,
    registry: Registry = BUILTINS,
) -> Callable[[Callable[[Invocation], Iterable[Any]]], Callable[[Invocation], Iterable[Any]]]:
    """Decorator: declare and register a built-in command."""

    def wrap(fn: Callable[[Invocation], Iterable[Any]]) -> Callable[[Invocation], Iterable[Any]]:
        registry.add(Command(
            name=name, run=fn, params=list(params), synopsis=synopsis,
            description=description or (fn.__doc__ or "").strip(),
            examples=[e if isinstance(e, Example) else Example(e) for e in examples],
            aliases=tuple(aliases), module=module, common=common,
            supports_whatif=supports_whatif,
        ))
        return fn

    return wrap


class BoundArgs(Protocol):
    """The parameters bound for one invocation: case-insensitive, attribute or item access.
    Unbound parameters read as their declared default; ``'Name' in args`` tells whether a
    parameter was given (PowerShell's $PSBoundParameters)."""

    def __getitem__(self, name: str) -> Any: ...
    def __getattr__(self, name: str) -> Any: ...
    def __contains__(self, name: object) -> bool: ...
    def get(self, name: str, default: Any = None) -> Any: ...


class Invocation(Protocol):
    """What a command implementation receives from the runtime."""

    command: Command
    args: BoundArgs                 # bound from the command line (and splatting)
    expecting_input: bool           # True when something is piped in

    @property
    def input(self) -> Iterator[Any]:
        """The upstream objects, one at a time, as they arrive (empty if nothing piped)."""
        ...

    def each(self) -> Iterator[tuple[Any, BoundArgs]]:
        """For each piped object: (object, args with pipeline parameters bound to it by value
        or by property name).  Without pipeline input: a single (None, args)."""
        ...

    def invoke(self, block: Any, *args: Any, dollar_under: Any = ..., scope: str = "caller") -> list[Any]:
        """Run a script block (in the caller's scope by default) with `$_` set when given;
        returns its output list."""
        ...

    def invoke_iter(self, block: Any, *args: Any, dollar_under: Any = ...) -> Iterator[Any]:
        """Like ``invoke`` but yields output as produced."""
        ...

    # streams (stderr / host); all text is passed through secret masking by the runtime
    def write_host(self, text: str, *, color: str | None = None, background: str | None = None,
                   newline: bool = True) -> None: ...
    def warning(self, message: str) -> None: ...
    def verbose(self, message: str) -> None: ...
    def error(self, message: str, *, category: str = "NotSpecified", target: Any = None) -> None:
        """A non-terminating error (printed; the command goes on; $? becomes false)."""
        ...
    def fail(self, message: str, *, category: str = "NotSpecified") -> Exception:
        """Return a terminating error to ``raise`` (catchable with try/catch)."""
        ...

    @property
    def runtime(self) -> Any:
        """The interpreter (variables, registry, sessions, console width, ...)."""
        ...
