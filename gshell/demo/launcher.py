"""Start the bundled demo app (``app.py``) in a child process for ``gshell --demo``.

The child is the Python that has gradio: ``GSHELL_DEMO_PYTHON`` when set, else the current
interpreter when it can import gradio.  It runs in its own process group (Ctrl-C at the prompt
interrupts gshell's call, not the app) and stops when gshell exits: gshell closes the child's
stdin on the way out, and the child also exits when that pipe reaches end-of-file because
gshell died (plus PR_SET_PDEATHSIG on Linux).  Nothing here imports gradio.
"""
from __future__ import annotations

import importlib.util
import os
import shlex
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

APP = Path(__file__).resolve().parent / "app.py"
SAMPLE_IMAGE = Path(__file__).resolve().parent / "sample.png"
READY = "GSHELL-DEMO-READY"
MISSING = "GSHELL-DEMO-MISSING"
ENV_PYTHON = "GSHELL_DEMO_PYTHON"
SESSION_NAME = "demo"
START_TIMEOUT = 120.0  # default of GSHELL_DEMO_START_TIMEOUT (seconds)
ENV_START_TIMEOUT = "GSHELL_DEMO_START_TIMEOUT"
DEMO_PACKAGES = ("gradio", "numpy", "PIL")


class DemoError(Exception):
    """A one-line reason why the demo cannot start."""


def start_timeout() -> float:
    """How long --demo waits for the app to answer: $GSHELL_DEMO_START_TIMEOUT, else 120 s (a
    loaded machine may need more: the child imports gradio first)."""
    raw = os.environ.get(ENV_START_TIMEOUT, "").strip()
    if not raw:
        return START_TIMEOUT
    try:
        value = float(raw.removesuffix("s").strip())
    except ValueError:
        value = -1.0
    if not value > 0 or value != value or value == float("inf"):
        raise DemoError(f"gshell: {ENV_START_TIMEOUT}={raw[:40]} is not a number of seconds "
                        f"(default {START_TIMEOUT:.0f})")
    return value


def answers(url: str, timeout: float) -> bool:
    """Whether the app at ``url`` (http://127.0.0.1:port) answers GET /config with 200."""
    import http.client
    from urllib.parse import urlsplit
    parts = urlsplit(url)
    conn = http.client.HTTPConnection(parts.hostname or "127.0.0.1", parts.port or 80, timeout=max(0.05, timeout))
    try:
        conn.request("GET", "/config")
        resp = conn.getresponse()
        resp.read()
        return resp.status == 200
    except (OSError, http.client.HTTPException):
        return False
    finally:
        conn.close()


def install_command(python: str, from_env: bool) -> str:
    """The exact command that makes ``python`` able to run the demo."""
    py = shlex.quote(python)
    if from_env:
        return f"{py} -m pip install 'gradio>=5' numpy pillow"
    if "pipx" in Path(sys.prefix).parts:
        return "pipx inject gshell 'gradio>=5' numpy pillow"
    return f"{py} -m pip install 'gshell[demo]'"


def missing_message(python: str, from_env: bool, what: str = "gradio") -> str:
    where = f"{ENV_PYTHON}={python}" if from_env else f"this Python ({python})"
    hint = "" if from_env else f" (or set {ENV_PYTHON} to a Python that has gradio)"
    return (f"gshell: --demo needs {what}, which {where} cannot import; install it with: "
            f"{install_command(python, from_env)}{hint}")


def demo_python() -> tuple[str, bool]:
    """(python, from_env): the interpreter that will run the app.  Raises DemoError (with
    the install command) when none can."""
    env = os.environ.get(ENV_PYTHON, "").strip()
    if env:
        path = shutil.which(env) or env
        if not (os.path.isfile(path) and os.access(path, os.X_OK)):
            raise DemoError(f"gshell: {ENV_PYTHON}={env} is not an executable Python")
        return path, True
    missing = [m for m in DEMO_PACKAGES if not _importable(m)]
    if missing:
        what = "gradio" if "gradio" in missing else " and ".join("pillow" if m == "PIL" else m for m in missing)
        raise DemoError(missing_message(sys.executable, False, what))
    return sys.executable, False


def _importable(module: str) -> bool:
    """Whether this interpreter has ``module`` installed (a bare folder of that name in the
    current directory, a namespace package, does not count)."""
    try:
        spec = importlib.util.find_spec(module)
    except (ImportError, ValueError):
        return False
    return spec is not None and spec.origin not in (None, "namespace")


@dataclass
class DemoApp:
    """A running (or starting) demo app child process."""

    proc: subprocess.Popen[str]
    python: str
    from_env: bool
    tmpdir: str
    started: float = field(default_factory=time.perf_counter)
    url: str = ""
    version: str = ""
    missing: str = ""
    ready_after: float = 0.0
    _ready: threading.Event = field(default_factory=threading.Event)

    def _read_stdout(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            if line.startswith(READY):
                parts = line.split()
                self.url = parts[1]
                self.version = parts[2] if len(parts) > 2 else ""
                self.ready_after = time.perf_counter() - self.started
                self._ready.set()
            elif line.startswith(MISSING):
                self.missing = line[len(MISSING):].strip() or "gradio"
                self._ready.set()
        self._ready.set()  # the child ended

    @property
    def log_path(self) -> Path:
        return Path(self.tmpdir) / "demo-app.log"

    def _log_tail(self) -> str:
        try:
            lines = [ln for ln in self.log_path.read_text(errors="replace").splitlines() if ln.strip()]
        except OSError:
            return ""
        return lines[-1].strip()[:200] if lines else ""

    def wait_ready(self, timeout: float | None = None,
                   progress: Callable[[float], None] | None = None) -> str:
        """Block until the app answers; returns its URL.  Readiness is polled: the child's
        ready line (its server is listening), then GET /config answered 200.  ``timeout``
        (default $GSHELL_DEMO_START_TIMEOUT, 120 s) counts from the start of the child.
        ``progress`` is called about once a second with the seconds elapsed.  Raises DemoError
        (and stops the child) on failure."""
        limit = start_timeout() if timeout is None else timeout
        deadline = self.started + limit
        step = 1.0
        while True:
            if self._ready.is_set() and (not self.url or answers(self.url, min(2.0, deadline - time.perf_counter()))):
                break
            if time.perf_counter() > deadline:
                self.stop()
                raise DemoError(self._late_message(limit))
            if progress is not None:
                progress(time.perf_counter() - self.started)
            # until the ready line: woken by it; after it: poll /config a few times a second
            self._ready.wait(min(step, max(0.0, deadline - time.perf_counter())))
            if self._ready.is_set():
                time.sleep(min(0.2, max(0.0, deadline - time.perf_counter())))
        if self.url:
            return self.url
        self.proc.wait(5)
        if self.missing:
            what = {"PIL": "pillow"}.get(self.missing, self.missing)
            self.stop()
            raise DemoError(missing_message(self.python, self.from_env, what))
        tail = self._log_tail()
        self.stop(keep_log=True)
        raise DemoError(f"gshell: the demo app exited with status {self.proc.returncode}"
                        + (f": {tail}" if tail else "") + f" (log: {self.log_path})")

    def _late_message(self, limit: float) -> str:
        what = "did not answer" if self.url else "did not start"
        return (f"gshell: the demo app {what} within {limit:g} s (a busy machine may need longer: "
                f"set {ENV_START_TIMEOUT}, e.g. to 300; log: {self.log_path})")

    @property
    def running(self) -> bool:
        return self.proc.poll() is None

    def stop(self, keep_log: bool = False) -> None:
        """Stop the child (close its stdin, then SIGTERM, then SIGKILL) and remove its files."""
        proc = self.proc
        if proc.poll() is None:
            try:
                if proc.stdin is not None:
                    proc.stdin.close()
            except OSError:
                pass
            try:
                proc.wait(2)
            except subprocess.TimeoutExpired:
                _signal_group(proc, signal.SIGTERM)
                try:
                    proc.wait(3)
                except subprocess.TimeoutExpired:
                    _signal_group(proc, signal.SIGKILL)
                    proc.wait(3)
        if not keep_log:
            shutil.rmtree(self.tmpdir, ignore_errors=True)


def _signal_group(proc: subprocess.Popen[str], sig: int) -> None:
    try:
        os.killpg(proc.pid, sig)
    except (OSError, AttributeError):
        try:
            proc.send_signal(sig)
        except OSError:
            pass


def launch() -> DemoApp:
    """Start the app child now (it answers a few seconds later: see DemoApp.wait_ready).
    Raises DemoError when no Python can run it."""
    python, from_env = demo_python()
    start_timeout()  # a bad GSHELL_DEMO_START_TIMEOUT is reported before anything starts
    tmpdir = tempfile.mkdtemp(prefix="gshell-demo-")
    env = {k: v for k, v in os.environ.items() if not k.startswith("GRADIO_")}
    env.update({
        "GRADIO_ANALYTICS_ENABLED": "False", "HF_HUB_DISABLE_TELEMETRY": "1", "HF_HUB_OFFLINE": "1",
        "GRADIO_TEMP_DIR": str(Path(tmpdir) / "files"), "PYTHONUNBUFFERED": "1",
        "NO_PROXY": "127.0.0.1,localhost", "no_proxy": "127.0.0.1,localhost",
    })
    log = open(Path(tmpdir) / "demo-app.log", "wb")  # noqa: SIM115 - handed to the child
    try:
        proc = subprocess.Popen(
            [python, str(APP), "--host", "127.0.0.1", "--port", "0", "--parent-watch"],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=log, env=env, cwd=tmpdir,
            text=True, start_new_session=True, close_fds=True)
    except OSError as exc:
        shutil.rmtree(tmpdir, ignore_errors=True)
        raise DemoError(f"gshell: cannot start the demo app with {python}: {exc.strerror or exc}") from None
    finally:
        log.close()
    app = DemoApp(proc=proc, python=python, from_env=from_env, tmpdir=tmpdir)
    threading.Thread(target=app._read_stdout, name="gshell-demo-stdout", daemon=True).start()
    return app


# -------------------------------------------------------------------------------------------
# Stopping the child whatever way gshell ends
# -------------------------------------------------------------------------------------------

_current: DemoApp | None = None


def install_cleanup(app: DemoApp) -> None:
    """Stop ``app`` at interpreter exit and on SIGTERM/SIGHUP (then die of that signal, so
    the exit status stays honest).  A crash or SIGKILL is covered by the child's own watch."""
    global _current
    _current = app
    import atexit
    atexit.register(stop_current)
    for sig in (signal.SIGTERM, getattr(signal, "SIGHUP", None)):
        if sig is None:
            continue
        try:
            signal.signal(sig, _on_signal)
        except (ValueError, OSError):  # not the main thread
            pass


def stop_current() -> None:
    global _current
    app, _current = _current, None
    if app is not None:
        app.stop()


def _on_signal(signum: int, _frame: object) -> None:
    stop_current()
    signal.signal(signum, signal.SIG_DFL)
    os.kill(os.getpid(), signum)
