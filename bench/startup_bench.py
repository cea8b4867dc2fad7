"""Startup cost of `gshell -c '1'` against a bare `python -c pass` (target: ratio <= 3).

Run: python3 bench/startup_bench.py [runs]
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time


def median_time(cmd: list[str], runs: int) -> float:
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def main() -> None:
    # a normal install has bytecode; this tree may run with PYTHONDONTWRITEBYTECODE=1
    import compileall
    import pathlib
    compileall.compile_dir(str(pathlib.Path(__file__).resolve().parent.parent / "gshell"), quiet=1)
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 15
    base = median_time([sys.executable, "-c", "pass"], runs)
    gsh = median_time([sys.executable, "-m", "gshell", "-c", "1"], runs)
    print(f"python -c pass : {base * 1000:7.1f} ms (median of {runs})")
    print(f"gshell -c '1'  : {gsh * 1000:7.1f} ms (median of {runs})")
    print(f"ratio          : {gsh / base:7.2f}x (target <= 3x)")


if __name__ == "__main__":
    main()
