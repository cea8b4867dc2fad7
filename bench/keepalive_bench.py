"""Calls spaced across uvicorn's 5 s keep-alive window against a real Gradio app.

    .venv/bin/python bench/keepalive_bench.py [--sessions 10] [--calls 20] [--version 6.31.0]

Starts the test apps (tests/servers/host.py) in the Gradio venv .venvs/gradio-<version>, then runs
``--sessions`` sessions in parallel, each making ``--calls`` calls of /echo (basic app) and a
GET /info; before each request the session's pooled connection has been idle 4.5 to 5.5 s, right
around the moment uvicorn closes it.  Prints one JSON object: calls, failures (with their
messages) and the elapsed time.

Measured 2026-12-04 on the 2-CPU VM (load average about 9 from other work), Gradio 6.31.0, the
defaults (10 sessions x 20 calls, 200 calls and 300 GET /info in 105 s):
  before the retrying transport (commit 561674f): 1 failure, "[Errno 104] Connection reset by peer"
  on a GET /info;  after: 0 failures.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
for _k in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy"):
    os.environ.pop(_k, None)
os.environ["NO_PROXY"] = os.environ["no_proxy"] = "127.0.0.1,localhost"

SPACING = (4.5, 4.8, 4.9, 4.95, 5.0, 5.02, 5.05, 5.1, 5.2, 5.5)


def start_apps(version: str) -> tuple[subprocess.Popen, str, dict[str, str]]:
    py = ROOT / ".venvs" / f"gradio-{version}" / "bin" / "python"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GRADIO_", "HF_"))}
    env.update(GRADIO_ANALYTICS_ENABLED="False", HF_HUB_OFFLINE="1", HF_HUB_DISABLE_TELEMETRY="1")
    proc = subprocess.Popen([str(py), str(ROOT / "tests" / "servers" / "host.py")], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env)
    assert proc.stdout is not None
    for line in proc.stdout:
        if line.startswith("GSHELL-SERVER-READY"):
            _, base, rest = line.rstrip("\n").split(" ", 2)
            apps_json, _, _ = rest.rpartition(" ")
            return proc, base, json.loads(apps_json)
    raise SystemExit("the Gradio test apps did not start")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sessions", type=int, default=10)
    ap.add_argument("--calls", type=int, default=20)
    ap.add_argument("--version", default="6.31.0")
    args = ap.parse_args()
    from gshell.gradio import GradioSession
    proc, base, apps = start_apps(args.version)
    url = base + apps["basic"]
    failures: list[str] = []
    done = [0]
    lock = threading.Lock()

    def run(k: int) -> None:
        s = GradioSession(url)
        try:
            s.refresh()
            for i in range(args.calls):
                time.sleep(SPACING[(i + k) % len(SPACING)])
                try:
                    if i % 2:
                        s.info()
                    assert s.predict("echo", [f"{k}-{i}"]) == [f"{k}-{i}"]
                    s.info()  # leaves a connection in the pool for the next turn
                except Exception as exc:  # noqa: BLE001 - counted and reported
                    with lock:
                        failures.append(f"{type(exc).__name__}: {exc}")
                with lock:
                    done[0] += 1
        finally:
            s.close()

    t0 = time.perf_counter()
    threads = [threading.Thread(target=run, args=(k,)) for k in range(args.sessions)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - t0
    assert proc.stdin is not None
    proc.stdin.close()
    proc.wait(10)
    print(json.dumps({"gradio": args.version, "calls": done[0], "failures": len(failures),
                      "messages": sorted(set(failures))[:10], "elapsed_s": round(elapsed, 1)}))


if __name__ == "__main__":
    main()
