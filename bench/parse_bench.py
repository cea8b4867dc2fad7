"""Parse-speed benchmark: median time to parse bench/data/script_1000.ps1 (budget: 30 ms).

    python3 bench/parse_bench.py [FILE] [--runs N] [--tokenize]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from gshell.lang import parse, tokenize  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("file", nargs="?", default=str(ROOT / "bench" / "data" / "script_1000.ps1"))
    ap.add_argument("--runs", type=int, default=30)
    ap.add_argument("--tokenize", action="store_true", help="also time tokenize() (highlighter)")
    args = ap.parse_args()
    text = Path(args.file).read_text(encoding="utf-8")
    lines = text.count("\n") + (not text.endswith("\n"))
    parse(text)  # warm up (regex compilation, imports)
    times = []
    cpu = []
    for _ in range(args.runs):
        t0 = time.perf_counter()
        c0 = time.process_time()
        parse(text)
        cpu.append(time.process_time() - c0)
        times.append(time.perf_counter() - t0)
    median = statistics.median(times) * 1000
    print(f"parse: {lines} lines, median {median:.1f} ms over {args.runs} runs "
          f"(min {min(times) * 1000:.1f} ms; budget 30 ms)")
    # CPU time is what to compare when other processes load the machine
    print(f"parse CPU time: median {statistics.median(cpu) * 1000:.1f} ms")
    if args.tokenize:
        ttimes = []
        for _ in range(max(5, args.runs // 3)):
            t0 = time.perf_counter()
            tokenize(text)
            ttimes.append(time.perf_counter() - t0)
        print(f"tokenize: median {statistics.median(ttimes) * 1000:.1f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
