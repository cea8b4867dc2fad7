"""Start-up figures of the shell, both measured against a reference in the same run:

* `gshell -c 1` against `python -c pass` (target: at most 3x), whole processes, interleaved;
* launch-to-prompt of the interactive shell in a pseudo-terminal against ptpython's (target: at
  most 0.6x ptpython): the time from spawning the process until its prompt is drawn.

Both run in one bench venv (`pip install .` plus ptpython, no editable install, byte-compiled like
a normal install), created in ``bench/.venv-startup`` (git-ignored) on first use and refreshed
when the sources change.  Wall-clock medians and the CPU time (user + sys) of the children are
printed: on a loaded machine (the `load` line) the CPU ratio is the steadier figure.

    python3 bench/prompt_bench.py [--runs N] [--only startup|prompt]
"""
from __future__ import annotations

import argparse
import hashlib
import os
import pty
import re
import resource
import select
import signal
import statistics
import struct
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
VENV = ROOT / "bench" / ".venv-startup"
ANSI = re.compile(r"\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b[()][0-9A-Za-z]|\x1b[=>]|\x1b\][^\x07]*\x07")
PROMPTS = {"gshell": re.compile(r"gshell[^\n]*> "), "ptpython": re.compile(r">>>")}


def source_stamp() -> str:
    h = hashlib.sha256()
    for p in sorted((ROOT / "gshell").rglob("*.py")):
        h.update(str(p.relative_to(ROOT)).encode())
        h.update(p.read_bytes())
    h.update((ROOT / "pyproject.toml").read_bytes())
    return h.hexdigest()


def _run(cmd: list[str]) -> None:
    p = subprocess.run(cmd, capture_output=True, text=True)
    if p.returncode != 0:
        raise SystemExit(f"bench: {' '.join(cmd)} failed:\n{p.stdout[-2000:]}{p.stderr[-2000:]}")


def ensure_venv() -> Path:
    """The bench venv with gshell (a normal, non-editable install) and ptpython."""
    stamp, want = VENV / ".stamp", source_stamp()
    py = VENV / "bin" / "python"
    if py.exists() and stamp.exists() and stamp.read_text() == want:
        return VENV / "bin"
    print("[bench] installing gshell and ptpython into bench/.venv-startup", file=sys.stderr)
    if not py.exists():
        base = os.environ.get("PYTHON") or getattr(sys, "_base_executable", sys.executable)
        _run([base, "-m", "venv", str(VENV)])
    pip = [str(py), "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
    _run([*pip, "ptpython", str(ROOT)])
    _run([*pip, "--force-reinstall", "--no-deps", str(ROOT)])
    site = next((VENV / "lib").glob("python3*/site-packages"))
    subprocess.run([str(py), "-m", "compileall", "-q", str(site)], check=False, stdout=subprocess.DEVNULL)
    stamp.write_text(want)
    return VENV / "bin"


def clean_env(home: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("GSHELL_", "PYTHON")) and k not in ("NO_COLOR", "VIRTUAL_ENV")}
    env.update({"HOME": home, "GSHELL_HISTORY": os.path.join(home, "history"), "PROMPT_TOOLKIT_NO_CPR": "1",
                "TERM": "xterm-256color", "XDG_CONFIG_HOME": os.path.join(home, ".config")})
    return env


def cpu_of_children() -> float:
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def time_to_prompt(cmd: list[str], prompt: re.Pattern[str], env: dict[str, str], timeout: float = 60) -> float:
    """Seconds from fork until ``prompt`` appears on the pseudo-terminal; the child is killed then."""
    t0 = time.perf_counter()
    pid, fd = pty.fork()
    if pid == 0:  # the child
        try:
            os.execve(cmd[0], cmd, env)
        finally:
            os._exit(127)
    import fcntl
    import termios
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 120, 0, 0))
    buf, elapsed = "", None
    deadline = time.monotonic() + timeout
    try:
        while time.monotonic() < deadline:
            if not select.select([fd], [], [], 0.05)[0]:
                continue
            try:
                chunk = os.read(fd, 65536).decode("utf-8", "replace")
            except OSError:
                break
            if not chunk:
                break
            buf += chunk
            if prompt.search(ANSI.sub("", buf)):
                elapsed = time.perf_counter() - t0
                break
    finally:
        try:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
        except OSError:
            pass
        os.close(fd)
    if elapsed is None:
        raise SystemExit(f"bench: no prompt from {cmd}: {ANSI.sub('', buf)[-400:]!r}")
    return elapsed


def interleaved(runs: dict[str, object], rounds: int) -> tuple[dict[str, list[float]], dict[str, list[float]]]:
    """Each callable once per round, in an order rotated each round: wall times and child CPU times."""
    wall: dict[str, list[float]] = {k: [] for k in runs}
    cpu: dict[str, list[float]] = {k: [] for k in runs}
    names = list(runs)
    for i in range(rounds + 1):  # round 0 warms the caches and is dropped
        for name in names[i % len(names):] + names[:i % len(names)]:
            c0, t0 = cpu_of_children(), time.perf_counter()
            value = runs[name]()  # type: ignore[operator]
            dt = value if isinstance(value, float) else time.perf_counter() - t0
            if i:
                wall[name].append(dt)
                cpu[name].append(cpu_of_children() - c0)
    return wall, cpu


def report(title: str, a: str, b: str, wall: dict[str, list[float]], cpu: dict[str, list[float]],
           target: str, limit: float) -> None:
    wa, wb = statistics.median(wall[a]), statistics.median(wall[b])
    ca, cb = statistics.median(cpu[a]), statistics.median(cpu[b])
    print(f"{title} ({len(wall[a])} runs each, medians)")
    print(f"  {a:<16} wall {wa * 1000:7.1f} ms   cpu {ca * 1000:7.1f} ms")
    print(f"  {b:<16} wall {wb * 1000:7.1f} ms   cpu {cb * 1000:7.1f} ms")
    for kind, ratio in (("wall", wa / wb), ("cpu", ca / max(cb, 1e-6))):
        print(f"  ratio ({kind}) {ratio:6.2f}x   target {target}: {'met' if ratio <= limit else 'NOT MET'}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", type=int, default=20)
    ap.add_argument("--only", choices=["startup", "prompt"])
    args = ap.parse_args()
    bin_ = ensure_venv()
    print(f"load average: {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs")
    with tempfile.TemporaryDirectory() as home:
        env = clean_env(home)
        if args.only in (None, "startup"):
            def run(cmd: list[str]) -> object:
                return lambda: subprocess.run(cmd, env=env, check=True, stdout=subprocess.DEVNULL)
            wall, cpu = interleaved({"gshell -c 1": run([str(bin_ / "gshell"), "-c", "1"]),
                                     "python -c pass": run([str(bin_ / "python"), "-c", "pass"])}, args.runs)
            report("gshell -c 1 vs python -c pass", "gshell -c 1", "python -c pass", wall, cpu, "<= 3x", 3.0)
        if args.only in (None, "prompt"):
            def prompt(name: str) -> object:
                return lambda: time_to_prompt([str(bin_ / name)], PROMPTS[name], env)
            wall, cpu = interleaved({"gshell": prompt("gshell"), "ptpython": prompt("ptpython")}, args.runs)
            report("launch-to-prompt in a pty", "gshell", "ptpython", wall, cpu, "<= 0.6x", 0.6)


if __name__ == "__main__":
    main()
