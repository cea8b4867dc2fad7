"""Helpers shared by the robustness tests (a uniquely named module: `from conftest import`
resolves to whichever conftest pytest loaded last when several test folders run together)."""
from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from inprocess_shell import InProcessShell as Shell  # noqa: F401 - re-exported for the robustness tests

ROOT = Path(__file__).resolve().parents[2]

FAKE_TOKEN = "hf_FAKEtoken1234567890abcdef"
FAKE_PASSWORD = "pw-S3cretPassw0rd-xyz"


def gshell_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("HF_", "GSHELL_"))}
    env.update({"PYTHONPATH": str(ROOT), "NO_COLOR": "1", "NO_PROXY": "127.0.0.1,localhost"})
    env.update(extra)
    return env


def gshell_cli(*args: str, timeout: float = 60, env: dict[str, str] | None = None,
               cwd: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "gshell", *args], capture_output=True, text=True,
                          timeout=timeout, env=env or gshell_env(), cwd=cwd or str(ROOT))


def assert_clean_stderr(err: str) -> None:
    """No Python traceback and no internal error reached the user."""
    assert "Traceback" not in err, err
    assert "internal error" not in err.lower(), err
    assert 'File "' not in err, err


def wait_until(predicate: Callable[[], object], timeout: float = 60.0, what: str = "the condition") -> None:
    """Poll ``predicate`` until it is true (a state, not a time: ``timeout`` only ends a hang)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.02)
    raise AssertionError(f"{what} never came true")
