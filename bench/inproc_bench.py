"""In-process measurements for bench/run_all.py (run with the project .venv python, which has
gshell (editable), httpx and gradio_client).  Each mode prints ONE JSON object on stdout.

    python bench/inproc_bench.py seq   URL [--n 100] [--warmup 5]   # per-call latency, interleaved
    python bench/inproc_bench.py first URL [--n 50]                 # time to first streamed event
    python bench/inproc_bench.py conc  URL --impl gshell|httpx [--n 50]   # N calls in flight
    python bench/inproc_bench.py mem   URL [--n 1000]               # memory with N calls kept
    python bench/inproc_bench.py local [--runs 30]                  # completion, parse, 100k pipeline

Timings are in seconds (lists of samples); memory in bytes.
"""
from __future__ import annotations

import argparse
import gc
import json
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

for _k in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy"):
    os.environ.pop(_k, None)
os.environ["NO_PROXY"] = os.environ["no_proxy"] = "127.0.0.1,localhost"
os.environ["HF_HUB_DISABLE_TELEMETRY"] = "1"  # gradio_client pings huggingface.co otherwise
os.environ["HF_HUB_OFFLINE"] = "1"
os.environ["GRADIO_ANALYTICS_ENABLED"] = "False"
for _k in ("HF_TOKEN", "HF_ENDPOINT"):
    os.environ.pop(_k, None)

CMDLET_CALL = "Invoke-GradioSessionApi echo @('hi') | Update-GradioSessionApiResult"


def rss_bytes() -> int:
    """Current resident set size."""
    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


class PeakSampler:
    """Samples the RSS every 2 ms in a thread; ``peak`` is the highest value seen."""

    def __init__(self) -> None:
        import threading
        self.peak = rss_bytes()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.wait(0.002):
            self.peak = max(self.peak, rss_bytes())

    def stop(self) -> int:
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, rss_bytes())
        return self.peak


# ---------------------------------------------------------------------------------------------
# clients
# ---------------------------------------------------------------------------------------------

class RawHttpx:
    """The reference: one reused httpx.Client, POST /call then GET the SSE stream."""

    def __init__(self, url: str) -> None:
        import httpx
        self.url = url
        self.http = httpx.Client(timeout=httpx.Timeout(30.0))

    def post(self, api: str, data: list[Any]) -> str:
        r = self.http.post(f"{self.url}/gradio_api/call/{api}", json={"data": data})
        r.raise_for_status()
        return r.json()["event_id"]

    def events(self, api: str, event_id: str):
        """Yield (event, data) pairs until complete/error."""
        with self.http.stream("GET", f"{self.url}/gradio_api/call/{api}/{event_id}") as s:
            event = None
            for line in s.iter_lines():
                if line.startswith("event:"):
                    event = line[6:].strip()
                elif line.startswith("data:"):
                    data = line[5:].strip()
                    yield event, (json.loads(data) if data and event != "heartbeat" else None)
                    if event in ("complete", "error"):
                        return

    def echo(self) -> Any:
        eid = self.post("echo", ["hi"])
        for event, data in self.events("echo", eid):
            if event == "complete":
                return data[0]
        raise RuntimeError("no complete event")


class GShell:
    """gshell through the interpreter (the Gradio cmdlets) and through the engine."""

    def __init__(self, url: str, max_calls: int = 10, policy: str = "Remove") -> None:
        from gshell.commands import builtin_registry
        from gshell.commands.gradio_views import sessions_of
        from gshell.runtime.host import CaptureHost
        from gshell.runtime.interpreter import Interpreter

        class TimingHost(CaptureHost):
            first_write: float | None = None

            def write_host(self, text: str, *a: Any, **kw: Any) -> None:
                if self.first_write is None:
                    self.first_write = time.perf_counter()

        self.host = TimingHost()
        self.interp = Interpreter(builtin_registry(), host=self.host)
        self.interp.evaluate(f"New-GradioSession '{url}' -Name bench | Out-Null; "
                             f"Set-GradioSession bench -MaxCalls {max_calls} -MaxCallsPolicy {policy}")
        self.session = sessions_of(self.interp).get("bench")

    def cmdlet_echo(self) -> Any:
        out = self.interp.evaluate(CMDLET_CALL)
        return out[-1]["data"][0]

    def engine_echo(self) -> Any:
        return self.session.call("echo", ["hi"]).predict()[0]

    def close(self) -> None:
        from gshell.commands.gradio_views import sessions_of
        sessions_of(self.interp).close_all()


def gradio_client(url: str) -> Any:
    from gradio_client import Client
    return Client(url, verbose=False)


# ---------------------------------------------------------------------------------------------
# modes
# ---------------------------------------------------------------------------------------------

def interleave(methods: dict[str, Callable[[], Any]], n: int, warmup: int, expect: Any) -> dict[str, list[float]]:
    for fn in methods.values():
        for _ in range(warmup):
            got = fn()
            if got != expect:
                raise SystemExit(f"bench: unexpected result {got!r}")
    out: dict[str, list[float]] = {k: [] for k in methods}
    names = list(methods)
    for i in range(n):
        # rotate the order so that no method always runs right after another one
        order = names[i % len(names):] + names[:i % len(names)]
        for name in order:
            t0 = time.perf_counter()
            methods[name]()
            out[name].append(time.perf_counter() - t0)
    return out


def mode_seq(url: str, n: int, warmup: int) -> dict[str, Any]:
    gs = GShell(url)
    raw = RawHttpx(url)
    gc_client = gradio_client(url)
    methods = {
        "gshell_cmdlets": gs.cmdlet_echo,
        "gshell_engine": gs.engine_echo,
        "httpx": raw.echo,
        "gradio_client": lambda: gc_client.predict("hi", api_name="/echo"),
    }
    samples = interleave(methods, n, warmup, "hi")
    gs.close()
    gc_client.close() if hasattr(gc_client, "close") else None
    return {"samples": samples, "cmdlet_pipeline": CMDLET_CALL}


def mode_first(url: str, n: int) -> dict[str, Any]:
    gs = GShell(url)
    raw = RawHttpx(url)
    gc_client = gradio_client(url)

    def t_cmdlets() -> float:
        gs.host.first_write = None
        t0 = time.perf_counter()
        gs.interp.evaluate("Invoke-GradioSessionApi count @(3) | Update-GradioSessionApiResult | "
                           "% { if ($_.event -ne 'heartbeat') { Write-Host $_.event } }")
        assert gs.host.first_write is not None
        return gs.host.first_write - t0

    def t_engine() -> float:
        t0 = time.perf_counter()
        call = gs.session.call("count", [3])
        first = None
        for ev in call.iter_events():
            if ev.event != "heartbeat" and first is None:
                first = time.perf_counter() - t0
        assert first is not None and call.status == "complete"
        return first

    def t_httpx() -> float:
        t0 = time.perf_counter()
        eid = raw.post("count", [3])
        first = None
        for event, _data in raw.events("count", eid):
            if event == "generating" and first is None:
                first = time.perf_counter() - t0
        assert first is not None
        return first

    def t_gc() -> float:
        t0 = time.perf_counter()
        job = gc_client.submit(3, api_name="/count")
        first = None
        for _out in job:
            if first is None:
                first = time.perf_counter() - t0
        job.result()
        assert first is not None
        return first

    methods = {"gshell_cmdlets": t_cmdlets, "gshell_engine": t_engine, "httpx": t_httpx, "gradio_client": t_gc}
    for fn in methods.values():  # warm-up
        fn()
    out: dict[str, list[float]] = {k: [] for k in methods}
    names = list(methods)
    for i in range(n):
        for name in names[i % len(names):] + names[:i % len(names)]:
            out[name].append(methods[name]())
    gs.close()
    return {"samples": out}


def mode_conc(url: str, n: int, impl: str) -> dict[str, Any]:
    """N calls to /slow_echo (0.5 s each, no concurrency limit) all started, then collected."""
    if impl == "gshell":
        gs = GShell(url, max_calls=n + 10, policy="Error")
        gs.interp.evaluate("Invoke-GradioSessionApi echo @('warm') | Update-GradioSessionApiResult -NoOutput")
        gc.collect()
        before = rss_bytes()
        sampler = PeakSampler()
        t0 = time.perf_counter()
        out = gs.interp.evaluate(
            f"$calls = 1..{n} | % {{ Invoke-GradioSessionApi slow_echo @(\"m$_\") }}; "
            "$calls | Update-GradioSessionApiResult | ? event -eq complete | % { $_.data[0] }")
        wall = time.perf_counter() - t0
        peak = sampler.stop()
        ok = sorted(out) == sorted(f"m{i}" for i in range(1, n + 1))
        gs.close()
    else:
        raw = RawHttpx(url)
        raw.echo()
        gc.collect()
        before = rss_bytes()
        sampler = PeakSampler()
        t0 = time.perf_counter()
        ids = [raw.post("slow_echo", [f"m{i}"]) for i in range(1, n + 1)]
        results = []
        for eid in ids:
            for event, data in raw.events("slow_echo", eid):
                if event == "complete":
                    results.append(data[0])
        wall = time.perf_counter() - t0
        peak = sampler.stop()
        ok = sorted(results) == sorted(f"m{i}" for i in range(1, n + 1))
    return {"wall": wall, "ok": ok, "rss_before": before, "peak_rss": peak}


def mode_mem(url: str, n: int) -> dict[str, Any]:
    gs = GShell(url, max_calls=n + 10, policy="Error")
    gs.interp.evaluate("Invoke-GradioSessionApi echo @('warm') | Update-GradioSessionApiResult -NoOutput; "
                       "Remove-GradioSessionApi all")
    gc.collect()
    before = rss_bytes()
    t0 = time.perf_counter()
    gs.interp.evaluate(f"1..{n} | % {{ Invoke-GradioSessionApi echo @(\"call $_\") | "
                       "Update-GradioSessionApiResult -NoOutput }")
    wall = time.perf_counter() - t0
    gc.collect()
    after = rss_bytes()
    kept = len(gs.session.calls)
    gs.close()
    return {"rss_before": before, "rss_after": after, "kept": kept, "wall": wall}


def mode_local(runs: int) -> dict[str, Any]:
    res: dict[str, Any] = {}
    # completion: bench/completion_bench.py's lines, typed key by key, suggest() core
    sys.path.insert(0, str(ROOT / "tests" / "repl"))
    sys.path.insert(0, str(ROOT / "bench"))
    try:
        from completion_bench import lines  # type: ignore[import-not-found]
        from replfix import make_info, make_registry  # type: ignore[import-not-found]

        from gshell.repl.context import StaticContext
        from gshell.repl.suggest import suggest
        from gshell.runtime.values import from_json
        info = make_info(200, 20)
        ctx = StaticContext(registry=make_registry(), sessions={"big": "http://127.0.0.1:9/"},
                            infos={"big": info}, default="big", vars={"info": from_json(info)})
        samples = []
        for _ in range(max(1, runs // 6)):
            for line in lines(info):
                for i in range(1, len(line) + 1):
                    text = line[:i]
                    t0 = time.perf_counter()
                    suggest(text, i, ctx)
                    samples.append(time.perf_counter() - t0)
        res["completion"] = samples
    except ImportError as exc:
        res["completion_error"] = str(exc)
    # parse: bench/data/script_1000.ps1
    from gshell.lang import parse
    text = (ROOT / "bench" / "data" / "script_1000.ps1").read_text(encoding="utf-8")
    res["parse_lines"] = text.count("\n")
    parse(text)
    ptimes = []
    pcpu = []
    for _ in range(runs):
        c0 = time.process_time()
        t0 = time.perf_counter()
        parse(text)
        ptimes.append(time.perf_counter() - t0)
        pcpu.append(time.process_time() - c0)
    res["parse"] = ptimes
    res["parse_cpu"] = pcpu
    # the 100k pipeline, in-process
    from gshell.commands import builtin_registry
    from gshell.runtime.host import CaptureHost
    from gshell.runtime.interpreter import Interpreter
    interp = Interpreter(builtin_registry(), host=CaptureHost())
    pipe = []
    for _ in range(3):
        t0 = time.perf_counter()
        out = interp.evaluate("1..100000 | % { $_ * 2 } | measure")
        pipe.append(time.perf_counter() - t0)
        assert out[0]["Count"] == 100000
    res["pipeline100k"] = pipe
    return res


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("mode", choices=["seq", "first", "conc", "mem", "local"])
    ap.add_argument("url", nargs="?", default="")
    ap.add_argument("--n", type=int, default=0)
    ap.add_argument("--warmup", type=int, default=5)
    ap.add_argument("--impl", default="gshell")
    ap.add_argument("--runs", type=int, default=30)
    a = ap.parse_args()
    if a.mode == "seq":
        res = mode_seq(a.url, a.n or 100, a.warmup)
    elif a.mode == "first":
        res = mode_first(a.url, a.n or 50)
    elif a.mode == "conc":
        res = mode_conc(a.url, a.n or 50, a.impl)
    elif a.mode == "mem":
        res = mode_mem(a.url, a.n or 1000)
    else:
        res = mode_local(a.runs)
    json.dump(res, sys.stdout)
    sys.stdout.write("\n")
    sys.stdout.flush()
    os._exit(0)  # gradio_client leaves non-daemon threads behind


if __name__ == "__main__":
    main()
