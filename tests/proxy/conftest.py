"""Fixtures for the proxy-function tests: an in-process interpreter on the real Gradio servers
(tests/conftest.py), app URLs in variables ($basic, $files, ...)."""
from __future__ import annotations

from typing import Any

import pytest

from gshell.runtime.host import CaptureHost
from gshell.runtime.interpreter import Interpreter


class ProxyShell:
    def __init__(self, server: Any = None) -> None:
        self.host = CaptureHost(width=200)
        self.interp = Interpreter(host=self.host)
        if server is not None:
            for name, path in server.apps.items():
                self.interp.set_variable(name.replace("/", "_"), server.base + path)

    def ev(self, src: str) -> list[Any]:
        return self.interp.evaluate(src)

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


@pytest.fixture
def psh(gradio_server, no_ambient_token):
    s = ProxyShell(gradio_server)
    yield s
    s.close()


@pytest.fixture
def psh6(gradio6, no_ambient_token):
    s = ProxyShell(gradio6)
    yield s
    s.close()


@pytest.fixture
def bare_shell(no_ambient_token):
    s = ProxyShell()
    yield s
    s.close()
