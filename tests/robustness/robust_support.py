"""Helpers shared by the robustness tests (a uniquely named module: `from conftest import`
resolves to whichever conftest pytest loaded last when several test folders run together)."""
from __future__ import annotations

import os
import signal
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


def interrupt_gshell_c(src: str, entered: Callable[[], object] | None = None, env: dict[str, str] | None = None,
                       watch_stderr: str = "", watch_stdout: str = "") -> tuple[str, str]:
    """Run ``gshell -c src``; once it is in the state the test wants (``entered()`` true, or its
    first line of stderr / stdout showing ``watch_stderr`` / ``watch_stdout``), send SIGINT; return
    (stdout, stderr) after checking it ended with 130, without a traceback."""
    proc = subprocess.Popen([sys.executable, "-m", "gshell", "-c", src], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=env or gshell_env(), cwd=str(ROOT))
    try:
        if watch_stderr or watch_stdout:
            stream = proc.stderr if watch_stderr else proc.stdout
            assert stream is not None
            first = stream.readline()
            assert (watch_stderr or watch_stdout) in first, first
        else:
            assert entered is not None
            wait_until(lambda: entered() or proc.poll() is not None, what="gshell entering the wait")
            assert proc.poll() is None, proc.communicate()
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=60)  # a bound for a hung process, not a latency test
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == 130, (proc.returncode, err)
    assert "not reached" not in out
    assert_clean_stderr(err)
    return out, err
