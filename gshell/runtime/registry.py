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

from gshell.lang import ast
from gshell.runtime.errors import ErrorRecord
from gshell.runtime.host import Host
from gshell.runtime.scope import Scope
from gshell.structs import Struct, field

TYPE_CHECKING = False  # typing is not imported at start-up (docs/architecture.md, Start-up)
if TYPE_CHECKING:
    from contextlib import AbstractContextManager
    from typing import Any, Protocol, TypeVar

    from gshell.runtime.out_default import Formatter

    T = TypeVar("T")
else:
    Protocol = object  # the interfaces below are for the type checker


class Parameter(Struct):
    name: str
    #: what the binder converts the value to and Get-Help / completion show: object (as is),
    #: object[] (a scalar is wrapped), string, string[], int, int[], float, number (keeps its
    #: type: [int] 2 stays 2, 2.5 stays 2.5, strings parsed), bool, switch (no
    #: value; -X or -X:$false), scriptblock, hashtable, path / path[] (completion offers
    #: files), datetime
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
    Parameter("ErrorAction", "actionpreference", aliases=("ea",),
              choices=("Continue", "SilentlyContinue", "Stop", "Ignore", "Inquire"),
              help="What to do on a non-terminating error."),
    Parameter("WarningAction", "actionpreference", aliases=("wa",),
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
    script: bool = False                  # a script function (`function`), bound like PowerShell functions
    advanced: bool = False                # [CmdletBinding()] or parameter attributes: no loose binding
    source: object = None                 # what it was made from: a script's FunctionDefStmt, a proxy's spec

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
    alias -> function -> cmdlet.

    A registry made by ``with_index`` is lazy: it knows the names (and aliases) of commands
    not imported yet and the module declaring each; the first lookup of such a name imports
    that module (``load``) and takes its commands from ``source``.  Listing every command
    loads them all.  What the interpreter defines itself (functions, proxies, Set-Alias) is
    never replaced by a later load."""

    def __init__(self) -> None:
        self._commands: dict[str, Command] = {}
        self._aliases: dict[str, str] = {}
        self._pending: dict[str, str] = {}       # name or alias (casefolded) -> module to load
        self._source: Registry | None = None
        self._load: Callable[[str], None] | None = None

    def with_index(self, index: dict[str, str], load: Callable[[str], None]) -> Registry:
        """A lazy registry over this one: what is here now, plus ``index`` (casefolded
        command name or alias -> module name) loaded on demand with ``load(module)``."""
        other = self.copy()
        other._pending = {k: m for k, m in index.items() if k not in self._commands and k not in self._aliases}
        other._source = self
        other._load = load
        return other

    def _materialize(self, module: str) -> None:
        if self._load is not None:
            self._load(module)
        keys = [k for k, m in self._pending.items() if m == module]
        source = self._source
        for key in keys:
            del self._pending[key]
            if source is None:
                continue
            if key in source._commands and key not in self._commands:
                self._commands[key] = source._commands[key]
            if key in source._aliases and key not in self._aliases:
                self._aliases[key] = source._aliases[key]

    def _ensure(self, key: str) -> None:
        module = self._pending.get(key)
        if module is not None:
            self._materialize(module)

    def _ensure_all(self) -> None:
        for module in sorted(set(self._pending.values())):
            self._materialize(module)

    def add(self, command: Command, replace: bool = True) -> Command:
        key = command.name.casefold()
        self._ensure(key)
        if not replace and key in self._commands:
            raise KeyError(command.name)
        self._commands[key] = command
        for alias in command.aliases:
            self._ensure(alias.casefold())
            self._aliases[alias.casefold()] = command.name
        return command

    def add_alias(self, alias: str, target: str) -> None:
        self._ensure(alias.casefold())
        self._aliases[alias.casefold()] = target

    def remove_alias(self, alias: str) -> None:
        self._ensure(alias.casefold())
        self._aliases.pop(alias.casefold(), None)

    def remove(self, name: str) -> Command | None:
        self._ensure(name.casefold())
        command = self._commands.pop(name.casefold(), None)
        if command is not None:
            for alias in [a for a, t in self._aliases.items() if t.casefold() == name.casefold()]:
                del self._aliases[alias]
        return command

    def lookup(self, name: str) -> Command | None:
        key = name.casefold()
        self._ensure(key)
        target = self._aliases.get(key)
        if target is not None:
            key = target.casefold()
            self._ensure(key)
        return self._commands.get(key)

    def resolve_alias(self, name: str) -> str | None:
        self._ensure(name.casefold())
        return self._aliases.get(name.casefold())

    def commands(self) -> list[Command]:
        self._ensure_all()
        return sorted(self._commands.values(), key=lambda c: c.name.casefold())

    def aliases(self) -> dict[str, str]:
        self._ensure_all()
        return dict(self._aliases)

    def copy(self) -> Registry:
        other = Registry()
        other._commands = dict(self._commands)
        other._aliases = dict(self._aliases)
        other._pending = dict(self._pending)
        other._source = self._source
        other._load = self._load
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
    def __getattribute__(self, name: str) -> Any: ...
    def __contains__(self, name: object) -> bool: ...
    def get(self, name: str, default: Any = None) -> Any: ...

    #: the parameters bound from the pipeline object (casefolded names)
    from_pipeline: set[str]

    def as_hashtable(self) -> Any:
        """The bound parameters as a hashtable ($PSBoundParameters)."""
        ...


class Invocation(Protocol):
    """What a command implementation receives from the runtime."""

    @property
    def command(self) -> Command: ...

    @property
    def args(self) -> BoundArgs:
        """Bound from the command line (and splatting)."""
        ...

    @property
    def expecting_input(self) -> bool:
        """True when something is piped in."""
        ...

    @property
    def scope(self) -> Scope:
        """The caller's variable scope."""
        ...

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
    def debug(self, message: str) -> None:
        """A `DEBUG:` line, shown with -Debug."""
        ...

    @property
    def verbose_on(self) -> bool:
        """-Verbose was given (or $VerbosePreference asks for verbose output)."""
        ...

    def error(self, message: str | ErrorRecord, *, category: str = "NotSpecified", target: Any = None) -> None:
        """A non-terminating error (printed; the command goes on; $? becomes false); a record
        given whole is written as it is, located at the command."""
        ...
    def fail(self, message: str, *, category: str = "NotSpecified") -> Exception:
        """Return a terminating error to ``raise`` (catchable with try/catch)."""
        ...

    @property
    def runtime(self) -> Runtime:
        """The interpreter, through the ``Runtime`` interface."""
        ...


#: ``read_line(prompt, secret)``: one line typed by the user (no echo when ``secret``).
LineReader = Callable[[str, bool], str]


class Runtime(Protocol):
    """The interpreter as commands and the REPL use it (``gshell.runtime.interpreter.Interpreter``
    implements it; the command tests have a small fake of their own)."""

    registry: Registry              # the commands it runs (built-ins, functions, proxies)
    host: Host                      # where output, errors and Write-Host text go
    interactive: bool               # an interactive shell (live display, Save-GradioFile hints)
    read_line: LineReader | None    # how to ask the user for a line (Read-Host, passwords)
    failed: bool                    # an error was reported (the CLI's exit status)
    script_name: str                # the script file run directly ("" at the prompt and for -c)
    global_scope: Scope             # the top scope (global variables)

    @property
    def width(self) -> int:
        """The console width for output."""
        ...

    @property
    def color(self) -> bool:
        """Whether output may be coloured."""
        ...

    def location(self) -> str:
        """The current location (Get-Location, relative paths)."""
        ...

    def set_location(self, path: str) -> None:
        """Change the current location (an existing directory)."""
        ...

    def get_variable(self, name: str) -> Any:
        """A global variable's value (None when unset)."""
        ...

    def set_variable(self, name: str, value: Any) -> None: ...

    def evaluate(self, text: str) -> list[Any]:
        """Run source text; its output objects (errors propagate as PSError)."""
        ...

    def run_script(self, script: ast.Script, formatter: Any = None, scope: Any = None,
                   around_statement: Callable[[Any], AbstractContextManager[Any]] | None = None) -> int | None:
        """Run a parsed input at top level (output formatted, errors printed); the status of
        an `exit`, else None."""
        ...

    def parse(self, text: str) -> ast.Script: ...

    def source_of(self, script_name: str, source: str) -> AbstractContextManager[None]:
        """Errors raised inside the ``with`` point into ``source`` (a file run by a command)."""
        ...

    def make_formatter(self) -> Formatter:
        """The Out-Default formatter for this runtime's host."""
        ...

    def on_close(self, fn: Callable[[], None]) -> None:
        """Run ``fn`` when the runtime is closed (sessions, files other layers opened)."""
        ...

    def at_script_end(self, fn: Callable[[], None]) -> None:
        """Run ``fn`` once when the running script (or the typed input) ends (Pester's run
        phase); its errors are reported."""
        ...

    def state(self, kind: type[T]) -> T:
        """The runtime's one instance of ``kind`` (created with ``kind()`` on first use): the
        per-interpreter state of another layer, typed (e.g. the Gradio sessions)."""
        ...

    def invoke_block(self, block: Any, args: list[Any] | None = None, dollar_under: Any = ...,
                     scope: Scope | None = None, this: Any = None) -> list[Any]: ...

    def invoke_block_iter(self, block: Any, args: list[Any] | None = None, dollar_under: Any = ...,
                          scope: Scope | None = None, this: Any = None) -> Iterator[Any]: ...

    def locate(self, rec: ErrorRecord, pos: Any) -> None:
        """Attach the source position ``pos`` to an error record."""
        ...

    def non_terminating(self, rec: ErrorRecord, action: str) -> None:
        """Report a command's non-terminating error under its -ErrorAction."""
        ...
