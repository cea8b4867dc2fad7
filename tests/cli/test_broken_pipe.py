"""Output into a pipe whose reader goes away (`gshell -c '1..100000' | head -1`): gshell stops
quietly with status 0, no "internal error", no traceback, `finally` blocks still run."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def run_and_close_after_first_line(*args: str, cwd: Path = ROOT) -> tuple[str, int, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    p = subprocess.Popen([sys.executable, "-m", "gshell", *args], stdin=subprocess.DEVNULL,
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, cwd=str(cwd))
    assert p.stdout is not None and p.stderr is not None
    first = p.stdout.readline().decode()
    p.stdout.close()                      # the reader goes away, as `head -1` does
    err = p.stderr.read().decode()
    return first, p.wait(timeout=120), err


@pytest.mark.parametrize("source", [
    "1..100000",
    "1..100000 | ForEach-Object { \"line $_\" }",
    "function f { process { $_ } }; 1..100000 | f",
    "try { 1..100000 } finally { 'finally ran' }",
])
def test_c_into_closed_pipe_is_quiet(source: str) -> None:
    first, status, err = run_and_close_after_first_line("-c", source)
    assert first.strip() in ("1", "line 1")
    assert status == 0 and err == "", err


def test_script_into_closed_pipe_is_quiet(tmp_path: Path) -> None:
    script = tmp_path / "many.ps1"
    script.write_text("'first'\nforeach ($i in 1..200000) { \"row $i\" }\nWrite-Host 'done'\n")
    first, status, err = run_and_close_after_first_line(str(script))
    assert first == "first\n" and status == 0 and err == "", err
