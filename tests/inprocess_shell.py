"""One in-process gshell for the tests (a uniquely named module: `from conftest import` picks
whichever conftest.py pytest loaded last when several test folders run together)."""
from __future__ import annotations

from typing import Any

from gshell.commands import builtin_registry
from gshell.runtime.host import CaptureHost
from gshell.runtime.interpreter import Interpreter


class InProcessShell:
    """One interpreter; ``ev`` returns output objects (errors raise), ``run`` returns
    (stdout, stderr) as the CLI prints them.  With a test server (tests/conftest.py), its app
    URLs are in variables ($basic, $files, ...); ``variables`` sets more."""

    def __init__(self, server: Any = None, **variables: str) -> None:
        self.server = server
        self.host = CaptureHost(width=200)
        self.interp = Interpreter(builtin_registry(), host=self.host)
        if server is not None:
            for name, path in server.apps.items():
                self.interp.set_variable(name.replace("/", "_"), server.base + path)
        for name, value in variables.items():
            self.interp.set_variable(name, value)

    def ev(self, src: str) -> list[Any]:
        return self.interp.evaluate(src)

    def one(self, src: str) -> Any:
        out = self.ev(src)
        assert len(out) == 1, out
        return out[0]

    def run(self, src: str) -> tuple[str, str]:
        out0, err0 = len(self.host.out), len(self.host.err)
        self.interp.run_text(src)
        return self.host.out[out0:], self.host.err[err0:]

    @property
    def sessions(self) -> Any:
        from gshell.commands.gradio_views import sessions_of
        return sessions_of(self.interp)

    def close(self) -> None:
        self.sessions.close_all()
