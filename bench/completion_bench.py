"""Completion latency per keystroke on a 200-endpoint x 20-parameter /info.

Types realistic command lines one character at a time and times, for every prefix,
``suggest()`` (the pure core) and the prompt_toolkit completer (core + Completion objects),
plus the highlighter (it also runs on every keystroke).  Prints p50/p99/max in ms.

    python3 bench/completion_bench.py [--repeat N]
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "repl"))

from prompt_toolkit.completion import CompleteEvent  # noqa: E402
from prompt_toolkit.document import Document  # noqa: E402
from replfix import make_info, make_registry  # noqa: E402

from gshell.repl.completer import GShellCompleter  # noqa: E402
from gshell.repl.context import StaticContext  # noqa: E402
from gshell.repl.highlight import GShellLexer  # noqa: E402
from gshell.repl.suggest import suggest  # noqa: E402
from gshell.runtime.values import from_json  # noqa: E402


def lines(info: dict) -> list[str]:
    names = list(info["named_endpoints"])
    ep = names[137]
    params = [p["parameter_name"] for p in info["named_endpoints"][ep]["parameters"]]
    return [
        f"Invoke-GradioSessionApi -ApiName {ep[1:]} -Params @{{ {params[0]} = 'a cat'; "
        f"{params[4]} = 'red'; {params[7]} = 3; {params[13]} = ",
        f"Invoke-GradioSessionApi {names[42][1:]} @{{ {params[1]} = 1; {params[2]} = 2 }} | "
        f"Select-Object -First 1",
        f"$info.named_endpoints.'{ep}'.parameters.parameter_name",
        "Set-GradioSession -MaxCallsPolicy Warning -MaxCalls 10",
        "$r = Invoke-GradioSessionApi -Session big -ApiName text_prompt",
    ]


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def report(label: str, samples: list[float]) -> None:
    ms = [s * 1000 for s in samples]
    print(f"{label:<28} n={len(ms):5d}  p50={statistics.median(ms):6.2f} ms  "
          f"p99={percentile(ms, 0.99):6.2f} ms  max={max(ms):6.2f} ms")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    info = make_info(200, 20)
    ctx = StaticContext(registry=make_registry(), sessions={"big": "http://127.0.0.1:9/"},
                        infos={"big": info}, default="big", vars={"info": from_json(info)})
    completer = GShellCompleter(ctx)
    lexer = GShellLexer(is_known=lambda n: ctx.registry.lookup(n) is not None)
    core: list[float] = []
    full: list[float] = []
    lex: list[float] = []
    counts = 0
    for _ in range(args.repeat):
        for line in lines(info):
            for i in range(1, len(line) + 1):
                text = line[:i]
                t0 = time.perf_counter()
                out = suggest(text, i, ctx)
                t1 = time.perf_counter()
                comps = list(completer.get_completions(Document(text, i), CompleteEvent(completion_requested=True)))
                t2 = time.perf_counter()
                list(lexer.get_tokens_unprocessed(text))
                t3 = time.perf_counter()
                core.append(t1 - t0)
                full.append(t2 - t1)
                lex.append(t3 - t2)
                counts += len(out) + len(comps) * 0
    print(f"/info: 200 endpoints x 20 parameters; {len(lines(info))} lines typed key by key, "
          f"x{args.repeat}")
    report("suggest() (core)", core)
    report("completer (core + Completion)", full)
    report("highlighter (tokenize + map)", lex)
    print(f"(total suggestions produced: {counts})")


if __name__ == "__main__":
    main()
