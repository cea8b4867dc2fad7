"""The runtime as commands and the REPL see it: a typed interface, implemented by
``gshell.runtime.interpreter.Interpreter``.  Layers above the runtime depend on this, never on
the interpreter's internals."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, Protocol

from gshell.runtime.errors import ErrorRecord
from gshell.runtime.host import Host
from gshell.runtime.scope import Scope


class Runtime(Protocol):
    """What a running command may use of the interpreter."""

    host: Host

    def invoke_block(self, block: Any, args: list[Any] | None = None, dollar_under: Any = ...,
                     scope: Scope | None = None, this: Any = None) -> list[Any]: ...

    def invoke_block_iter(self, block: Any, args: list[Any] | None = None, dollar_under: Any = ...,
                          scope: Scope | None = None, this: Any = None) -> Iterator[Any]: ...

    def locate(self, rec: ErrorRecord, pos: Any) -> None: ...

    def non_terminating(self, rec: ErrorRecord, action: str) -> None: ...
