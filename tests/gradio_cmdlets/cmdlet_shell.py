"""Helpers shared by the Gradio cmdlet tests (a uniquely named module: `from conftest import`
picks whichever conftest.py pytest loaded last when several test folders run together)."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

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


def gshell_cli(*args: str, timeout: float = 60, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """``python3 -m gshell ARGS`` from the source tree."""
    e = {k: v for k, v in os.environ.items() if not k.startswith("HF_")}
    e["PYTHONPATH"] = str(ROOT)
    e["NO_COLOR"] = "1"
    e.update(env or {})
    return subprocess.run([sys.executable, "-m", "gshell", *args], capture_output=True, text=True,
                          timeout=timeout, env=e, cwd=str(ROOT))
