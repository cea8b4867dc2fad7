"""Fixtures for the Gradio cmdlet tests: an in-process interpreter wired to the real servers
(tests/conftest.py), with the app URLs in variables ($basic, $files, $auth, ...)."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from gshell import secrets
from gshell.runtime.host import CaptureHost
from gshell.runtime.interpreter import Interpreter

ROOT = Path(__file__).resolve().parents[2]


class Shell:
    """One interpreter; ``ev`` returns output objects (errors raise), ``run`` returns
    (stdout, stderr) like the CLI prints them."""

    def __init__(self, server: Any) -> None:
        self.server = server
        self.host = CaptureHost(width=200)
        self.interp = Interpreter(host=self.host)
        for name, path in server.apps.items():
            self.interp.set_variable(name.replace("/", "_"), server.base + path)

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


@pytest.fixture
def sh(gradio_server, no_ambient_token):
    s = Shell(gradio_server)
    yield s
    s.close()


@pytest.fixture
def sh6(gradio6, no_ambient_token):
    s = Shell(gradio6)
    yield s
    s.close()


def gshell_cli(*args: str, timeout: float = 60, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """``python3 -m gshell ARGS`` from the source tree."""
    e = {k: v for k, v in os.environ.items() if not k.startswith("HF_")}
    e["PYTHONPATH"] = str(ROOT)
    e["NO_COLOR"] = "1"
    e.update(env or {})
    return subprocess.run([sys.executable, "-m", "gshell", *args], capture_output=True, text=True,
                          timeout=timeout, env=e, cwd=str(ROOT))


@pytest.fixture(autouse=True)
def _forget_test_secrets():
    yield
    # secrets registered by a test (tokens, passwords) must not mask other tests' output
    secrets.clear()
