"""Endpoint-model load time: /config + /info of N endpoints (default 10,000, each with 4
parameters and 2 outputs, one a gr.State) parsed into the model (budget: 0.5 s for 10,000;
issue 14 measured 12 s with the quadratic parser this replaced).

    python3 bench/model_bench.py [--endpoints N] [--runs R] [--json]
"""
from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from gshell.gradio.model import AppConfig, AppModel  # noqa: E402

PARAMS = [("Textbox", "textbox", {"type": "string"}, {}),
          ("Number", "number", {"type": "number"}, {"precision": 0}),
          ("Dropdown", "dropdown", {"type": "string", "enum": ["a", "b"]}, {"choices": [["a", "a"], ["b", "b"]]}),
          ("Slider", "slider", {"type": "number"}, {"minimum": 0, "maximum": 10, "step": 1})]


def documents(n: int) -> tuple[dict[str, Any], dict[str, Any]]:
    """A /config and an /info of ``n`` endpoints, as a large Gradio 6 app sends them."""
    components: list[dict[str, Any]] = []
    deps: list[dict[str, Any]] = []
    named: dict[str, Any] = {}
    cid = 0
    for i in range(n):
        ins = []
        for _label, ctype, _schema, props in PARAMS:
            components.append({"id": cid, "type": ctype, "props": dict(props), "skip_api": False})
            ins.append(cid)
            cid += 1
        components.append({"id": cid, "type": "textbox", "props": {}, "skip_api": False})
        components.append({"id": cid + 1, "type": "state", "props": {}, "skip_api": True})
        outs = [cid, cid + 1]
        cid += 2
        deps.append({"id": i, "api_name": f"fn_{i}", "inputs": ins, "outputs": outs,
                     "types": {"generator": False}, "queue": True, "api_visibility": "public"})
        named[f"/fn_{i}"] = {
            "parameters": [{"label": f"{label} {j}", "parameter_name": f"p{j}", "parameter_has_default": j > 0,
                            "parameter_default": None, "type": schema, "python_type": {"type": "str"},
                            "component": label, "example_input": "x"}
                           for j, (label, _c, schema, _p) in enumerate(PARAMS)],
            "returns": [{"label": "out", "type": {"type": "string"}, "python_type": {"type": "str"},
                         "component": "Textbox"}],
            "api_visibility": "public", "description": f"endpoint {i}"}
    cfg = {"version": "6.31.0", "api_prefix": "/gradio_api", "components": components, "dependencies": deps}
    return cfg, {"named_endpoints": named, "unnamed_endpoints": {}}


def measure(n: int, runs: int) -> dict[str, Any]:
    cfg, info = documents(n)
    wall: list[float] = []
    cpu: list[float] = []
    for _ in range(runs):
        t0, c0 = time.perf_counter(), time.process_time()
        model = AppModel.build(AppConfig.parse(cfg), info)
        cpu.append(time.process_time() - c0)
        wall.append(time.perf_counter() - t0)
        assert len(model.endpoints) == n
    return {"endpoints": n, "wall": wall, "cpu": cpu, "median_wall": statistics.median(wall),
            "median_cpu": statistics.median(cpu)}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--endpoints", type=int, default=10_000)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    d = measure(args.endpoints, args.runs)
    if args.json:
        print(json.dumps(d))
        return 0
    print(f"model: {d['endpoints']} endpoints, median {d['median_wall'] * 1000:.0f} ms wall, "
          f"{d['median_cpu'] * 1000:.0f} ms CPU over {args.runs} runs (budget 500 ms)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
