"""Launch-to-prompt time of the interactive shell, in a pseudo-terminal.

Starts the shell N times, measures the time from spawn until the prompt (`gshell`...`> `)
is drawn, sends Ctrl-D, and prints min/median/max.

    python3 bench/repl_startup_bench.py [--runs N] [--cmd "python3 -m gshell"]
"""
from __future__ import annotations

import argparse
import os
import shlex
import statistics
import sys
import tempfile
import time
from pathlib import Path

import pexpect

ROOT = Path(__file__).resolve().parents[1]


def default_cmd() -> list[str]:
    cli = ROOT / "gshell" / "cli.py"
    if (ROOT / "gshell" / "__main__.py").exists() and cli.exists() and "run_repl" in cli.read_text():
        return [sys.executable, "-m", "gshell"]
    return [sys.executable, "-c", "from gshell.repl.app import main; raise SystemExit(main())"]


def one_run(cmd: list[str], env: dict[str, str]) -> float:
    t0 = time.perf_counter()
    child = pexpect.spawn(cmd[0], cmd[1:], env=env, cwd=str(ROOT), encoding="utf-8",
                          dimensions=(30, 120), timeout=30)
    child.expect(r"gshell[^\n]*> ")
    elapsed = time.perf_counter() - t0
    child.sendcontrol("d")
    child.expect(pexpect.EOF)
    child.close()
    return elapsed


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=15)
    ap.add_argument("--cmd", default="")
    args = ap.parse_args()
    cmd = shlex.split(args.cmd) if args.cmd else default_cmd()
    with tempfile.TemporaryDirectory() as tmp:
        env = dict(os.environ, GSHELL_HISTORY=os.path.join(tmp, "history"), PROMPT_TOOLKIT_NO_CPR="1",
                   TERM="xterm-256color", PYTHONPATH=str(ROOT))
        one_run(cmd, env)  # warm the OS caches and .pyc files
        times = [one_run(cmd, env) for _ in range(args.runs)]
    ms = [t * 1000 for t in times]
    print(f"command: {' '.join(cmd)}")
    print(f"launch-to-prompt over {len(ms)} runs: min={min(ms):.0f} ms  median={statistics.median(ms):.0f} ms"
          f"  max={max(ms):.0f} ms")


if __name__ == "__main__":
    main()
