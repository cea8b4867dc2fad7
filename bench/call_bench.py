"""Function call and pipeline overhead: 100k calls of a trivial function, 100k items through a
filter, an advanced function's process block and ForEach-Object, in-process: CPU seconds (process_time,
less disturbed by other processes than the wall clock), best of --runs.

Run:  python3 bench/call_bench.py                      # this checkout
      python3 bench/call_bench.py --repo /tmp/old       # another checkout, for a comparison
      (an older commit, without touching the repository: git archive COMMIT | tar -x -C /tmp/old)
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

CASES = {
    "100k function calls": "function f($x) { $x }; foreach ($i in 1..100000) { $null = f $i }",
    "100k items | filter": "filter double { $_ * 2 }; 1..100000 | double | Measure-Object",
    "100k items | advanced function": ("function g { [CmdletBinding()] param([Parameter(ValueFromPipeline)]$x) "
                                       "process { $x } }; 1..100000 | g | Measure-Object"),
    "100k items | ForEach-Object": "1..100000 | ForEach-Object { $_ } | Measure-Object",
    "100k try/catch in a loop": "$n = 0; foreach ($i in 1..100000) { try { $n += $i } catch { } }",
}

INNER = r"""
import json, sys, time
from gshell.runtime.host import CaptureHost
from gshell.runtime.interpreter import Interpreter
try:
    from gshell.commands import builtin_registry
    make = lambda: Interpreter(builtin_registry(), host=CaptureHost())
except ImportError:      # older checkouts: the interpreter made its own registry
    import gshell.commands
    make = lambda: Interpreter(host=CaptureHost())
cases, runs = json.loads(sys.argv[1]), int(sys.argv[2])
result = {}
for name, src in cases.items():
    best = None
    for _ in range(runs):
        interp = make()
        t0 = time.process_time()
        interp.evaluate(src)
        dt = time.process_time() - t0
        best = dt if best is None or dt < best else best
    result[name] = best
print(json.dumps(result))
"""


def measure(repo: Path, runs: int) -> dict[str, float]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(repo)
    p = subprocess.run([sys.executable, "-c", INNER, json.dumps(CASES), str(runs)], capture_output=True,
                       text=True, env=env, cwd=str(repo), check=False)
    if p.returncode != 0:
        raise SystemExit(f"bench failed in {repo}:\n{p.stderr[-3000:]}")
    return dict(json.loads(p.stdout.strip().splitlines()[-1]))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repo", type=Path, default=None, help="another checkout to compare with")
    ap.add_argument("--runs", type=int, default=3)
    opts = ap.parse_args()
    here = measure(ROOT, opts.runs)
    other = measure(opts.repo, opts.runs) if opts.repo else None
    head = f"{'case':34} {'this':>8}" + (f" {'other':>8} {'ratio':>6}" if other else "")
    print(head)
    for name, t in here.items():
        line = f"{name:34} {t:7.3f}s"
        if other is not None and name in other:
            line += f" {other[name]:7.3f}s {t / other[name]:5.2f}x"
        print(line)


if __name__ == "__main__":
    main()
