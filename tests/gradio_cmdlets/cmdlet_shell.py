"""Helpers shared by the Gradio cmdlet tests (a uniquely named module: `from conftest import`
picks whichever conftest.py pytest loaded last when several test folders run together)."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from inprocess_shell import InProcessShell as Shell  # noqa: F401 - re-exported for the tests here

ROOT = Path(__file__).resolve().parents[2]


def gshell_cli(*args: str, timeout: float = 60, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """``python3 -m gshell ARGS`` from the source tree."""
    e = {k: v for k, v in os.environ.items() if not k.startswith("HF_")}
    e["PYTHONPATH"] = str(ROOT)
    e["NO_COLOR"] = "1"
    e.update(env or {})
    return subprocess.run([sys.executable, "-m", "gshell", *args], capture_output=True, text=True,
                          timeout=timeout, env=e, cwd=str(ROOT))
