"""ruff and mypy are part of the test command under the configuration in pyproject.toml: ruff (E, F, W, I, B,
UP at 120 columns) on ``gshell/``, ``tests/`` and ``bench/`` (test data may run past 120 columns); mypy
(check_untyped_defs) on ``gshell/``."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", *args], cwd=ROOT, capture_output=True, text=True, timeout=600)


def test_ruff_is_clean() -> None:
    done = _run("ruff", "check", "gshell", "tests", "bench")
    assert done.returncode == 0, done.stdout + done.stderr


def test_mypy_is_clean() -> None:
    done = _run("mypy", "gshell")
    assert done.returncode == 0, done.stdout + done.stderr
