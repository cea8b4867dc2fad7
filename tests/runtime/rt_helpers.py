"""Helpers for runtime tests: run gshell source in-process."""

from __future__ import annotations

from typing import Any

from gshell.commands import builtin_registry
from gshell.runtime.host import CaptureHost
from gshell.runtime.interpreter import Interpreter


def new_interp() -> Interpreter:
    return Interpreter(builtin_registry(), host=CaptureHost(width=120))


def ev(src: str, interp: Interpreter | None = None) -> list[Any]:
    """Output objects of ``src`` (errors raise PSError)."""
    return (interp or new_interp()).evaluate(src)


def one(src: str) -> Any:
    out = ev(src)
    assert len(out) == 1, out
    return out[0]


def run(src: str, interp: Interpreter | None = None) -> tuple[str, str, Any]:
    """(stdout, stderr, exit code or None) of running ``src`` at top level."""
    it = interp or new_interp()
    code = it.run_text(src)
    host = it.host
    assert isinstance(host, CaptureHost)
    return host.out, host.err, code
