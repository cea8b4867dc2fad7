"""Run every gshell benchmark against a local gradio 6.31 app and print one table.

Usage:
    python3 bench/run_all.py                      # everything (about 10-15 minutes on 2 cores)
    python3 bench/run_all.py --only seq,first     # a subset (names below)
    python3 bench/run_all.py --runs 10            # whole-process runs per command (default 15)
    python3 bench/run_all.py --calls 50           # in-process calls per method (default 100)
    python3 bench/run_all.py --json out.json      # also write the raw numbers
    python3 bench/run_all.py --list               # list the section names

Sections:
    oneshot     (1) one call in a fresh process: `gshell -c` (runtime-only venv) vs a gradio_client
                script vs `hf-gradio predict` vs two `curl` calls
    seq         (2) sequential echo calls in one process: gshell cmdlets
                (`Invoke-GradioSessionApi ... | Update-GradioSessionApiResult`) and the engine
                (GradioSession.call().predict()) vs raw httpx (POST /call + GET SSE) vs
                gradio_client Client.predict, interleaved call by call
    first       (3) time to the first streamed event of a generator: gshell (cmdlets and engine) vs
                raw httpx vs gradio_client, 50 interleaved runs (--first N)
    conc        (4) 50 calls started with Invoke-GradioSessionApi, then collected: wall time and
                peak RSS (reference: raw httpx doing the same)
    startup     (5) `gshell -c 1` vs `python -c pass` (runtime-only venv), interleaved (commands load
                lazily: no command module is imported for `1`)
    prompt      (6) launch-to-prompt of the interactive shell in a pty
    ctrlc       (6b) Ctrl-C during a streaming call at the prompt: time until the prompt is back
    completion  (7) suggest() latency per keystroke on a 200-endpoint x 20-parameter /info
    parse       (8) parse time of bench/data/script_1000.ps1
    model       (8b) endpoint model of a 10,000-endpoint /config + /info (bench/model_bench.py)
    mem         (9) memory with 1,000 completed calls kept in a session
    pipeline    (10) `1..100000 | % { $_ * 2 } | measure` in-process and as `gshell -c`

Environments (created when missing): .venvs/gradio-6.31.0 (the server and hf-gradio;
tests/servers/setup_venvs.sh), .venv (the project with the test extra: gradio_client and the
in-process measurements; like tests/run), .venvs/bench-runtime (`pip install .` only, no test
extras: whole-process gshell runs; reinstalled when the gshell sources change).  The app runs on
127.0.0.1 only (bench/apps/bench_app.py); nothing else is contacted.

Every row prints the median, the reference measured in the same run, the ratio and the target
from the issues with met / NOT MET.  Times are wall-clock on a possibly loaded machine: the
`load` line printed first tells how busy it was.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import pty
import re
import resource
import select
import shlex
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from prompt_bench import ANSI, PROMPTS, time_to_prompt  # bench/, beside this script

ROOT = Path(__file__).resolve().parents[1]
GRADIO_VENV = ROOT / ".venvs" / "gradio-6.31.0"
PROJECT_VENV = ROOT / ".venv"
RUNTIME_VENV = ROOT / ".venvs" / "bench-runtime"
APP = ROOT / "bench" / "apps" / "bench_app.py"
INPROC = ROOT / "bench" / "inproc_bench.py"
SECTIONS = ["oneshot", "seq", "first", "conc", "startup", "prompt", "ctrlc", "completion", "parse", "model", "mem",
            "pipeline"]


def log(msg: str) -> None:
    print(f"[bench] {msg}", file=sys.stderr, flush=True)


def clean_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("HF_", "GRADIO_", "GSHELL_")) and k.lower() not in
           ("http_proxy", "https_proxy", "all_proxy", "pythonpath")}
    env.update({"NO_PROXY": "127.0.0.1,localhost", "no_proxy": "127.0.0.1,localhost",
                "HF_HUB_DISABLE_TELEMETRY": "1", "HF_HUB_OFFLINE": "1", "GRADIO_ANALYTICS_ENABLED": "False",
                "NO_COLOR": "1", "PYTHONWARNINGS": "ignore"})
    return env


# ---------------------------------------------------------------------------------------------
# environments
# ---------------------------------------------------------------------------------------------

def _python311() -> str:
    for c in (os.environ.get("PYTHON", ""), "python3.11", "python3"):
        if c and subprocess.run(["sh", "-c", f"command -v {shlex.quote(c)}"], capture_output=True).returncode == 0:
            return c
    return sys.executable


def source_stamp() -> str:
    h = hashlib.sha256()
    for p in sorted((ROOT / "gshell").rglob("*")):
        if p.is_file() and "__pycache__" not in p.parts:
            h.update(str(p.relative_to(ROOT)).encode())
            h.update(p.read_bytes())
    h.update((ROOT / "pyproject.toml").read_bytes())
    return h.hexdigest()


def ensure_envs(need_runtime: bool) -> None:
    if not (GRADIO_VENV / "bin" / "python").exists():
        log("creating .venvs/gradio-6.31.0 (tests/servers/setup_venvs.sh)")
        subprocess.run([str(ROOT / "tests" / "servers" / "setup_venvs.sh"), "6.31.0"], check=True)
    if not (PROJECT_VENV / "bin" / "python").exists():
        log("creating .venv (the project with the test extra)")
        subprocess.run([_python311(), "-m", "venv", str(PROJECT_VENV)], check=True)
        subprocess.run([str(PROJECT_VENV / "bin" / "python"), "-m", "pip", "install", "--quiet",
                        "-e", f"{ROOT}[test]"], check=True)
    if need_runtime:
        stamp_file = RUNTIME_VENV / ".bench-stamp"
        want = source_stamp()
        if not (RUNTIME_VENV / "bin" / "gshell").exists() or not stamp_file.exists() \
                or stamp_file.read_text() != want:
            log("installing gshell into .venvs/bench-runtime (pip install ., no extras)")
            if not (RUNTIME_VENV / "bin" / "python").exists():
                subprocess.run([_python311(), "-m", "venv", str(RUNTIME_VENV)], check=True)
            uv = PROJECT_VENV / "bin" / "uv"
            if uv.exists():
                cmd = [str(uv), "pip", "install", "--quiet", "--python", str(RUNTIME_VENV / "bin" / "python"),
                       "--reinstall-package", "gshell", str(ROOT)]
            else:
                cmd = [str(RUNTIME_VENV / "bin" / "python"), "-m", "pip", "install", "--quiet",
                       "--force-reinstall", "--no-deps", str(ROOT)]
                subprocess.run([str(RUNTIME_VENV / "bin" / "python"), "-m", "pip", "install", "--quiet",
                                str(ROOT)], check=True)
            subprocess.run(cmd, check=True)
            # byte-compile like a normal install does, so the first run does not pay for it
            subprocess.run([str(RUNTIME_VENV / "bin" / "python"), "-m", "compileall", "-q",
                            str(next((RUNTIME_VENV / "lib").glob("python3*/site-packages/gshell")))],
                           check=False)
            stamp_file.write_text(want)


# ---------------------------------------------------------------------------------------------
# the app
# ---------------------------------------------------------------------------------------------

class App:
    def __init__(self) -> None:
        self.proc: subprocess.Popen[str] | None = None
        self.url = ""

    def start(self) -> str:
        self.proc = subprocess.Popen([str(GRADIO_VENV / "bin" / "python"), str(APP)], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
                                     env=clean_env(), cwd=tempfile.gettempdir())
        assert self.proc.stdout is not None
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline:
            r, _, _ = select.select([self.proc.stdout], [], [], 1.0)
            if r:
                line = self.proc.stdout.readline()
                if not line:
                    break
                if line.startswith("BENCH-APP-READY"):
                    self.url = line.split()[1]
                    return self.url
        self.stop()
        raise SystemExit("bench: the gradio 6.31 bench app did not start")

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            try:
                assert self.proc.stdin is not None
                self.proc.stdin.close()
                self.proc.wait(5)
            except Exception:
                self.proc.kill()
                self.proc.wait(5)


# ---------------------------------------------------------------------------------------------
# results
# ---------------------------------------------------------------------------------------------

@dataclass
class Row:
    section: str
    what: str
    value: str
    reference: str = ""
    ratio: str = ""
    target: str = ""
    met: bool | None = None


@dataclass
class Results:
    rows: list[Row] = field(default_factory=list)
    raw: dict[str, Any] = field(default_factory=dict)

    def add(self, *a: Any, **kw: Any) -> None:
        self.rows.append(Row(*a, **kw))


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


def med(values: list[float]) -> float:
    return statistics.median(values)


def pct(values: list[float], q: float) -> float:
    s = sorted(values)
    return s[min(len(s) - 1, int(round(q * (len(s) - 1))))]


def timed_runs(cmds: dict[str, list[str]], runs: int, warmup: int, env: dict[str, str],
               check: dict[str, Callable[[str], bool]] | None = None) -> dict[str, list[float]]:
    """Interleaved whole-process runs (order rotated each round).  Wall times are returned;
    the CPU time (user + sys) of each run goes to CPU[name]."""
    out: dict[str, list[float]] = {k: [] for k in cmds}
    names = list(cmds)
    for i in range(warmup + runs):
        for name in names[i % len(names):] + names[:i % len(names)]:
            r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
            t0 = time.perf_counter()
            p = subprocess.run(cmds[name], capture_output=True, text=True, env=env, timeout=120)
            dt = time.perf_counter() - t0
            r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
            if i >= warmup:
                CPU.setdefault(name, []).append(r1.ru_utime - r0.ru_utime + r1.ru_stime - r0.ru_stime)
            if p.returncode != 0 or (check and name in check and not check[name](p.stdout)):
                raise SystemExit(f"bench: {name} failed (exit {p.returncode}):\n{p.stdout[-500:]}\n{p.stderr[-1500:]}")
            if i >= warmup:
                out[name].append(dt)
    return out


CPU: dict[str, list[float]] = {}


def inproc(mode: str, *args: str) -> dict[str, Any]:
    p = subprocess.run([str(PROJECT_VENV / "bin" / "python"), str(INPROC), mode, *args], capture_output=True,
                       text=True, env=clean_env(), timeout=1800, cwd=str(ROOT))
    if p.returncode != 0:
        raise SystemExit(f"bench: inproc {mode} failed:\n{p.stderr[-3000:]}")
    return json.loads(p.stdout.strip().splitlines()[-1])


# ---------------------------------------------------------------------------------------------
# sections
# ---------------------------------------------------------------------------------------------

def sec_oneshot(res: Results, url: str, opts: argparse.Namespace) -> None:
    gshell = str(RUNTIME_VENV / "bin" / "gshell")
    script = (f"New-GradioSession '{url}' | Out-Null; "
              "(Invoke-GradioSessionApi echo @('hi') | Update-GradioSessionApiResult).data")
    gc_code = ("import sys; from gradio_client import Client; "
               "print(Client(sys.argv[1], verbose=False).predict('hi', api_name='/echo'))")
    curl = (f"ID=$(curl -s -H 'Content-Type: application/json' -d '{{\"data\":[\"hi\"]}}' {url}/gradio_api/call/echo"
            " | sed -E 's/.*\"event_id\": *\"([^\"]+)\".*/\\1/'); "
            f"curl -sN {url}/gradio_api/call/echo/$ID")
    cmds = {
        "gshell -c": [gshell, "-c", script],
        "gradio_client script": [str(PROJECT_VENV / "bin" / "python"), "-c", gc_code, url],
        "hf-gradio predict": [str(GRADIO_VENV / "bin" / "hf-gradio"), "predict", url, "/echo", '{"text":"hi"}'],
        "two curl calls": ["sh", "-c", curl],
    }
    has = lambda s: "hi" in s  # noqa: E731
    log(f"(1) one-shot whole process, {opts.runs} interleaved runs each")
    t = timed_runs(cmds, opts.runs, 2, clean_env(), {k: has for k in cmds})
    res.raw["oneshot"] = t
    g = med(t["gshell -c"])
    res.add("1", "one-shot call, whole process: gshell -c", ms(g))
    for ref, target in (("gradio_client script", 3.0), ("hf-gradio predict", 3.0)):
        r = med(t[ref])
        res.add("1", f"  vs {ref}", ms(g), ms(r), f"{r / g:.1f}x faster", f">= {target:g}x faster",
                r / g >= target)
    c = med(t["two curl calls"])
    res.add("1", "  vs two curl calls (the floor)", ms(g), ms(c), f"{g / c:.1f}x slower", "(info)")
    cg = med(CPU["gshell -c"])
    res.add("1", "  CPU time (user+sys): gshell / gradio_client / hf-gradio", ms(cg),
            f"{ms(med(CPU['gradio_client script']))} / {ms(med(CPU['hf-gradio predict']))}",
            f"{med(CPU['gradio_client script']) / cg:.1f}x / {med(CPU['hf-gradio predict']) / cg:.1f}x", "(info)")


def sec_seq(res: Results, url: str, opts: argparse.Namespace) -> None:
    log(f"(2) {opts.calls} sequential echo calls per method, interleaved")
    d = inproc("seq", url, "--n", str(opts.calls))
    s = d["samples"]
    res.raw["seq"] = s
    h = med(s["httpx"])
    gcm = med(s["gradio_client"])
    for key, label in (("gshell_engine", "engine (GradioSession.call().predict())"),
                       ("gshell_cmdlets", "cmdlets (Invoke-...| Update-GradioSessionApiResult)")):
        v = med(s[key])
        res.add("2", f"per call, {label} vs httpx", ms(v), ms(h), f"{v / h:.2f}x", "<= 1.3x httpx", v / h <= 1.3)
        res.add("2", f"  {key.split('_')[1]} vs gradio_client Client.predict", ms(v), ms(gcm),
                f"{gcm / v:.1f}x faster", ">= 5x faster", gcm / v >= 5)
    res.add("2", "  p95 engine / httpx / gradio_client", ms(pct(s["gshell_engine"], .95)),
            f"{ms(pct(s['httpx'], .95))} / {ms(pct(s['gradio_client'], .95))}", "", "(info)")


def sec_first(res: Results, url: str, opts: argparse.Namespace) -> None:
    log(f"(3) time to first streamed event, {opts.first} interleaved runs")
    d = inproc("first", url, "--n", str(opts.first))
    s = d["samples"]
    res.raw["first"] = s
    h = med(s["httpx"])
    gcm = med(s["gradio_client"])
    for key, label in (("gshell_engine", "engine"), ("gshell_cmdlets", "cmdlets")):
        v = med(s[key])
        res.add("3", f"first event, {label} vs httpx", ms(v), ms(h), f"{v / h:.2f}x", "<= 1.25x httpx",
                v / h <= 1.25)
    v = med(s["gshell_engine"])
    res.add("3", "  engine vs gradio_client submit()", ms(v), ms(gcm), f"{gcm / v:.1f}x faster", "(info)")


def sec_conc(res: Results, url: str, opts: argparse.Namespace) -> None:
    log("(4) 50 concurrent calls (0.5 s each), started then collected")
    walls: dict[str, list[float]] = {"gshell": [], "httpx": []}
    peaks: dict[str, list[float]] = {"gshell": [], "httpx": []}
    for _ in range(3):
        for impl in ("gshell", "httpx"):
            d = inproc("conc", url, "--impl", impl, "--n", "50")
            if not d["ok"]:
                raise SystemExit(f"bench: concurrent calls through {impl} returned wrong results")
            walls[impl].append(d["wall"])
            peaks[impl].append(d["peak_rss"] - d["rss_before"])
    res.raw["conc"] = {"walls": walls, "peak_delta": peaks}
    g, h = med(walls["gshell"]), med(walls["httpx"])
    res.add("4", "50 concurrent calls: wall (ideal 0.5 s)", f"{g:.2f} s", f"{h:.2f} s (httpx)", f"{g / h:.2f}x",
            "(info)")
    gp, hp = med(peaks["gshell"]) / 2**20, med(peaks["httpx"]) / 2**20
    res.add("4", "  peak RSS growth during the 50 calls", f"{gp:.1f} MB", f"{hp:.1f} MB (httpx)", "", "(info)")


def sec_startup(res: Results, url: str, opts: argparse.Namespace) -> None:
    log(f"(5) gshell -c 1 vs python -c pass, {opts.runs * 2} interleaved runs")
    py = str(RUNTIME_VENV / "bin" / "python")
    cmds = {"python -c pass": [py, "-c", "pass"], "gshell -c 1": [str(RUNTIME_VENV / "bin" / "gshell"), "-c", "1"]}
    t = timed_runs(cmds, opts.runs * 2, 2, clean_env())
    res.raw["startup"] = t
    g, p = med(t["gshell -c 1"]), med(t["python -c pass"])
    res.add("5", "gshell -c '1' vs python -c pass", ms(g), ms(p), f"{g / p:.1f}x", "<= 3x python", g / p <= 3)
    cg, cp = med(CPU["gshell -c 1"]), med(CPU["python -c pass"])
    res.add("5", "  CPU time (user+sys)", ms(cg), ms(cp), f"{cg / max(cp, 1e-3):.1f}x", "(info)")


def sec_prompt(res: Results, url: str, opts: argparse.Namespace) -> None:
    log(f"(6) launch-to-prompt in a pty, {opts.runs} runs")
    with tempfile.TemporaryDirectory() as tmp:
        env = clean_env()
        env.update({"GSHELL_HISTORY": os.path.join(tmp, "history"), "PROMPT_TOOLKIT_NO_CPR": "1",
                    "TERM": "xterm-256color", "HOME": tmp})
        env.pop("NO_COLOR", None)
        cmd = [str(RUNTIME_VENV / "bin" / "gshell")]
        prompt = PROMPTS["gshell"]
        time_to_prompt(cmd, prompt, env)
        times = [time_to_prompt(cmd, prompt, env) for _ in range(opts.runs)]
    res.raw["prompt"] = times
    v = med(times)
    res.add("6", "launch-to-prompt (pty, runtime venv)", ms(v), "", "", "< 500 ms", v < 0.5)


class PtyShell:
    """The interactive gshell in a pseudo-terminal, driven like a person would (for `ctrlc`)."""

    PROMPT = re.compile(r"gshell[^\n]*> ")

    def __init__(self, cmd: list[str], env: dict[str, str]) -> None:
        self.pid, self.fd = pty.fork()
        if self.pid == 0:  # child
            try:
                os.execve(cmd[0], cmd, env)
            finally:
                os._exit(127)
        import fcntl
        import struct
        import termios
        fcntl.ioctl(self.fd, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 120, 0, 0))
        self.buf = ""

    def expect(self, pattern: re.Pattern[str], timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if pattern.search(ANSI.sub("", self.buf)):
                self.buf = ""
                return
            r, _, _ = select.select([self.fd], [], [], 0.01)
            if r:
                self.buf += os.read(self.fd, 65536).decode("utf-8", "replace")
        raise SystemExit(f"bench: {pattern.pattern!r} not seen: {ANSI.sub('', self.buf)[-300:]!r}")

    def send(self, text: str) -> None:
        self.buf = ""
        os.write(self.fd, text.encode())

    def close(self) -> None:
        try:
            os.kill(self.pid, signal.SIGKILL)
            os.waitpid(self.pid, 0)
        except OSError:
            pass
        os.close(self.fd)


def sec_ctrlc(res: Results, url: str, opts: argparse.Namespace) -> None:
    runs = max(5, opts.runs // 2)
    log(f"(6b) Ctrl-C during a streaming call at the prompt, {runs} runs")
    with tempfile.TemporaryDirectory() as tmp:
        env = clean_env()
        env.update({"GSHELL_HISTORY": os.path.join(tmp, "history"), "PROMPT_TOOLKIT_NO_CPR": "1",
                    "TERM": "xterm-256color", "HOME": tmp, "GSHELL_COMPLETE_WHILE_TYPING": "0"})
        sh = PtyShell([str(RUNTIME_VENV / "bin" / "gshell")], env)
        times: list[float] = []
        try:
            sh.expect(sh.PROMPT)
            # a marker that is not in the typed text: the echo of the line must not count
            sh.send(f"$s = New-GradioSession {url}; 'session' + '-ready'\r")
            sh.expect(re.compile(r"session-ready"))
            sh.expect(sh.PROMPT)
            for _ in range(runs):
                sh.send("Invoke-GradioSessionApi count @(100000) | Update-GradioSessionApiResult | % { $_.data[0] }\r")
                sh.expect(re.compile(r"\n\d+\r?\n\d+"))  # events are streaming
                t0 = time.perf_counter()
                sh.send("\x03")
                sh.expect(sh.PROMPT)
                times.append(time.perf_counter() - t0)
        finally:
            sh.close()
    res.raw["ctrlc"] = times
    res.add("6b", "Ctrl-C during a stream: prompt back (pty)", ms(med(times)), "", "", "(info)")


_local_cache: dict[str, Any] = {}


def local(opts: argparse.Namespace) -> dict[str, Any]:
    if not _local_cache:
        log("(7, 8, 10) completion, parse and the 100k pipeline, in-process")
        _local_cache.update(inproc("local", "--runs", str(max(30, opts.runs * 2))))
    return _local_cache


def sec_completion(res: Results, url: str, opts: argparse.Namespace) -> None:
    d = local(opts)
    if "completion" not in d:
        res.add("7", "completion (suggest core)", "n/a", d.get("completion_error", ""), "", "p99 < 20 ms", False)
        return
    s = d["completion"]
    res.raw["completion"] = {"n": len(s), "p50": pct(s, .5), "p99": pct(s, .99), "max": max(s)}
    res.add("7", f"completion suggest(), 200x20 /info, {len(s)} keystrokes: p50", ms(pct(s, .5)), "", "",
            "(info)")
    res.add("7", "  p99", ms(pct(s, .99)), "", "", "p99 < 20 ms", pct(s, .99) < 0.020)


def sec_parse(res: Results, url: str, opts: argparse.Namespace) -> None:
    d = local(opts)
    v = med(d["parse"])
    c = med(d["parse_cpu"])
    res.raw["parse"] = {"wall": d["parse"], "cpu": d["parse_cpu"]}
    res.add("8", f"parse a {d['parse_lines']}-line script (wall; min {ms(min(d['parse']))})", ms(v), "", "",
            "<= 30 ms", v <= 0.030)
    res.add("8", "  parse CPU time (what a loaded machine does not distort)", ms(c), "", "", "<= 30 ms", c <= 0.030)


def sec_model(res: Results, url: str, opts: argparse.Namespace) -> None:
    log("(8b) endpoint model of 10,000 endpoints")
    out = subprocess.run([str(PROJECT_VENV / "bin" / "python"), str(ROOT / "bench" / "model_bench.py"), "--json"],
                         capture_output=True, text=True, check=True, cwd=str(ROOT)).stdout
    d = json.loads(out)
    res.raw["model"] = d
    res.add("8b", f"endpoint model of {d['endpoints']} endpoints (CPU; wall {ms(d['median_wall'])})",
            ms(d["median_cpu"]), "", "", "<= 500 ms", d["median_cpu"] <= 0.5)


def sec_mem(res: Results, url: str, opts: argparse.Namespace) -> None:
    log("(9) memory with 1,000 completed calls kept in a session")
    d = inproc("mem", url, "--n", "1000")
    res.raw["mem"] = d
    delta = d["rss_after"] - d["rss_before"]
    res.add("9", f"memory, {d['kept']} completed calls kept", f"{delta / 2**20:.1f} MB",
            f"{delta / max(1, d['kept']) / 1024:.1f} KB per call", "", "(info)")
    res.add("9", "  1,000 sequential calls through the cmdlets: wall", f"{d['wall']:.1f} s",
            f"{d['wall'] / max(1, d['kept']) * 1000:.1f} ms per call", "", "(info)")


def sec_pipeline(res: Results, url: str, opts: argparse.Namespace) -> None:
    d = local(opts)
    v = med(d["pipeline100k"])
    res.raw["pipeline"] = d["pipeline100k"]
    res.add("10", "1..100000 | % { $_ * 2 } | measure (in-process)", f"{v:.2f} s", "", "", "<= 2 s", v <= 2.0)
    log("(10) the 100k pipeline as a whole gshell -c process")
    t = timed_runs({"p": [str(RUNTIME_VENV / "bin" / "gshell"), "-c", "1..100000 | % { $_ * 2 } | measure"]},
                   3, 0, clean_env(), {"p": lambda s: "100000" in s})["p"]
    res.add("10", "  same as a whole `gshell -c` process", f"{med(t):.2f} s", "", "", "<= 2 s", med(t) <= 2.0)


RUNNERS: dict[str, Callable[[Results, str, argparse.Namespace], None]] = {
    "oneshot": sec_oneshot, "seq": sec_seq, "first": sec_first, "conc": sec_conc, "startup": sec_startup,
    "prompt": sec_prompt, "ctrlc": sec_ctrlc, "completion": sec_completion, "parse": sec_parse, "model": sec_model,
    "mem": sec_mem,
    "pipeline": sec_pipeline,
}
NEEDS_APP = {"oneshot", "seq", "first", "conc", "ctrlc", "mem"}
NEEDS_RUNTIME = {"oneshot", "startup", "prompt", "ctrlc", "pipeline"}


def print_table(res: Results) -> None:
    head = ("#", "measurement", "gshell", "reference", "ratio", "target", "")
    rows = [head] + [(r.section, r.what, r.value, r.reference, r.ratio, r.target,
                      "" if r.met is None else ("met" if r.met else "NOT MET")) for r in res.rows]
    widths = [max(len(str(x[i])) for x in rows) for i in range(len(head))]
    line = "| " + " | ".join("-" * w for w in widths) + " |"
    for i, r in enumerate(rows):
        print("| " + " | ".join(str(c).ljust(w) for c, w in zip(r, widths, strict=False)) + " |")
        if i == 0:
            print(line)
    met = [r for r in res.rows if r.met is not None]
    print(f"\ntargets met: {sum(r.met for r in met)}/{len(met)}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--only", default="", help="comma-separated sections (default: all)")
    ap.add_argument("--runs", type=int, default=15, help="whole-process runs per command (default 15)")
    ap.add_argument("--calls", type=int, default=100, help="in-process sequential calls per method (default 100)")
    ap.add_argument("--first", type=int, default=50, help="time-to-first-event runs per method (default 50)")
    ap.add_argument("--json", default="", help="write the raw numbers to this file")
    ap.add_argument("--list", action="store_true", help="list the sections and exit")
    opts = ap.parse_args()
    if opts.list:
        print("\n".join(SECTIONS))
        return 0
    wanted = [s.strip() for s in opts.only.split(",") if s.strip()] or SECTIONS
    bad = [s for s in wanted if s not in RUNNERS]
    if bad:
        ap.error(f"unknown section(s) {', '.join(bad)}; choose from {', '.join(SECTIONS)}")
    ensure_envs(need_runtime=bool(NEEDS_RUNTIME & set(wanted)))
    res = Results()
    app = App()
    url = ""
    t_start = time.monotonic()
    load0 = os.getloadavg()
    try:
        if NEEDS_APP & set(wanted):
            url = app.start()
            log(f"bench app on {url}")
        for name in SECTIONS:
            if name in wanted:
                try:
                    RUNNERS[name](res, url, opts)
                except (SystemExit, Exception) as exc:  # one broken section must not hide the others
                    text = " ".join(str(exc).split())
                    log(f"section {name} failed: {text}")
                    res.add("!", f"{name}: FAILED ({text[:150]})", "", "", "", "", False)
    finally:
        app.stop()
    load1 = os.getloadavg()
    print(f"\ngshell benchmarks ({time.strftime('%Y-%m-%d %H:%M')}, {os.cpu_count()} CPUs, load average "
          f"{load0[0]:.1f} at start / {load1[0]:.1f} at end, {time.monotonic() - t_start:.0f} s)")
    print(f"server: gradio 6.31.0 bench/apps/bench_app.py on 127.0.0.1; whole-process runs: {opts.runs}, "
          f"in-process calls: {opts.calls}, first-event runs: {opts.first}\n")
    print_table(res)
    if opts.json:
        Path(opts.json).write_text(json.dumps(res.raw, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
