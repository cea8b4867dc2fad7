"""Result values by output kind: a Dataframe of 10,000 rows x 8 columns turned into row objects
(gshell/commands/gradio_values.py) against the plain JSON conversion of the same value, and the
table view of 1,000 of those rows: CPU seconds (process_time), best of --runs.

Run:  python3 bench/values_bench.py [--runs 5]
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from types import SimpleNamespace

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from gshell.commands import gradio_views  # noqa: E402,F401 - registers the views
from gshell.commands.gradio_values import result_data, to_value  # noqa: E402
from gshell.runtime.out_default import render  # noqa: E402


def best(fn, runs: int) -> float:
    times = []
    for _ in range(runs):
        t = time.process_time()
        fn()
        times.append(time.process_time() - t)
    return min(times)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--runs", type=int, default=5)
    runs = ap.parse_args().runs
    frame = {"headers": [f"c{i}" for i in range(8)], "data": [[r * i for i in range(8)] for r in range(10_000)],
             "metadata": None}
    outputs = [SimpleNamespace(kind="dataframe")]
    rows = result_data([frame], outputs, None)[0]
    for name, fn in (("10k x 8 Dataframe -> row objects", lambda: result_data([frame], outputs, None)),
                     ("10k x 8 Dataframe -> plain JSON values", lambda: to_value([frame])),
                     ("table view of 1k rows", lambda: render(rows[:1000], width=120))):
        print(f"{name:40} {best(fn, runs) * 1000:8.1f} ms")


if __name__ == "__main__":
    main()
