"""`1..100000 | % { $_ * 2 } | measure` in-process and as a whole `gshell -c` run (target <= 2 s).

Run: python3 bench/pipeline_bench.py
"""

from __future__ import annotations

import subprocess
import sys
import time

SCRIPT = "1..100000 | % { $_ * 2 } | measure"


def main() -> None:
    from gshell.commands import builtin_registry
    from gshell.runtime.host import CaptureHost
    from gshell.runtime.interpreter import Interpreter

    interp = Interpreter(builtin_registry(), host=CaptureHost())
    t0 = time.perf_counter()
    out = interp.evaluate(SCRIPT)
    t1 = time.perf_counter()
    count = out[0]["Count"] if out else None
    print(f"in-process : {t1 - t0:6.3f} s  (Count = {count})")
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-m", "gshell", "-c", SCRIPT], check=True, stdout=subprocess.DEVNULL)
    print(f"gshell -c  : {time.perf_counter() - t0:6.3f} s  (target <= 2 s)")
    t0 = time.perf_counter()
    interp.evaluate("$s = 0; foreach ($i in 1..100000) { $s += $i }; $s")
    print(f"foreach    : {time.perf_counter() - t0:6.3f} s  (100k loop with +=)")


if __name__ == "__main__":
    main()
