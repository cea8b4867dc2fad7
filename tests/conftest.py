"""Shared fixtures: real Gradio servers (one process per major, all test apps mounted) and
fault-injection servers.  Everything listens on 127.0.0.1 only."""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
from dataclasses import dataclass, field
from pathlib import Path

import pytest


def _default_signal_dispositions() -> None:
    """The suite may run under nohup or as a background job of a script, where SIGHUP or SIGINT
    is ignored and every child inherits that (gshell then rightly leaves them ignored).  The
    signal tests send them to gshell processes: give this process, so its children, the defaults."""
    if signal.getsignal(signal.SIGHUP) == signal.SIG_IGN:
        signal.signal(signal.SIGHUP, signal.SIG_DFL)
    if signal.getsignal(signal.SIGINT) == signal.SIG_IGN:
        signal.signal(signal.SIGINT, signal.default_int_handler)


_default_signal_dispositions()

ROOT = Path(__file__).resolve().parent.parent
HOST_SCRIPT = ROOT / "tests" / "servers" / "host.py"
MAJORS = ["6.31.0", "5.50.0", "4.44.1"]
READY = "GSHELL-SERVER-READY"
START_TIMEOUT = 300.0  # generous: three gradio imports at once on a loaded 2-core machine
HEARTBEAT_6X = 1.0  # GRADIO_HEARTBEAT_INTERVAL given to the servers (6.x honours it)

# never talk to a proxy or the internet from tests
for _k in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy"):
    os.environ.pop(_k, None)
os.environ["NO_PROXY"] = os.environ["no_proxy"] = "127.0.0.1,localhost"
sys.path.insert(0, str(ROOT / "tests" / "servers"))
sys.path.insert(0, str(ROOT / "tests"))  # inprocess_shell


def venv_python(version: str) -> Path:
    return ROOT / ".venvs" / f"gradio-{version}" / "bin" / "python"


@dataclass
class GradioServer:
    version: str
    base: str = ""
    apps: dict[str, str] = field(default_factory=dict)
    proc: subprocess.Popen | None = None
    log: Path | None = None
    tmp: str = ""
    _ready: threading.Event = field(default_factory=threading.Event)
    _lines: list[str] = field(default_factory=list)

    @property
    def major(self) -> int:
        return int(self.version.split(".")[0])

    @property
    def heartbeat(self) -> float:
        """The server's heartbeat interval."""
        return HEARTBEAT_6X if self.major >= 6 else 15.0

    def url(self, app: str) -> str:
        return self.base + self.apps[app]

    def start(self) -> None:
        py = venv_python(self.version)
        if not py.exists():
            return
        self.tmp = tempfile.mkdtemp(prefix=f"gshell-gradio-{self.version}-")
        self.log = Path(self.tmp) / "server.log"
        env = {k: v for k, v in os.environ.items() if not k.startswith(("GRADIO_", "HF_"))}
        env.update({
            "GRADIO_ANALYTICS_ENABLED": "False", "HF_HUB_DISABLE_TELEMETRY": "1", "HF_HUB_OFFLINE": "1",
            "GRADIO_HEARTBEAT_INTERVAL": str(HEARTBEAT_6X), "GRADIO_TEMP_DIR": str(Path(self.tmp) / "files"),
            "PYTHONUNBUFFERED": "1", "NO_PROXY": "127.0.0.1,localhost", "no_proxy": "127.0.0.1,localhost",
        })
        self.proc = subprocess.Popen([str(py), str(HOST_SCRIPT)], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, stderr=open(self.log, "wb"), env=env,
                                     cwd=self.tmp, text=True)
        threading.Thread(target=self._drain, daemon=True).start()

    def _drain(self) -> None:
        assert self.proc is not None and self.proc.stdout is not None
        import json
        for line in self.proc.stdout:
            self._lines.append(line)
            if line.startswith(READY):
                _, base, rest = line.rstrip("\n").split(" ", 2)
                apps_json, _, _ver = rest.rpartition(" ")
                self.base = base
                self.apps = json.loads(apps_json)
                self._ready.set()
        self._ready.set()  # process ended

    def wait_ready(self) -> None:
        if self.proc is None:
            pytest.fail(f"gradio {self.version} server venv is missing ({venv_python(self.version)}): "
                        "run tests/run (or tests/servers/setup_venvs.sh) to create it")
        self._ready.wait(START_TIMEOUT)
        if not self.base:
            log = self.log.read_text(errors="replace")[-3000:] if self.log else ""
            pytest.fail(f"gradio {self.version} server did not start:\n{''.join(self._lines)[-2000:]}\n{log}")

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            try:
                self.proc.stdin.close()  # host exits on stdin EOF
            except Exception:
                pass
            try:
                self.proc.wait(3)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)
        if self.tmp:
            shutil.rmtree(self.tmp, ignore_errors=True)


@pytest.fixture(scope="session")
def _gradio_pool():
    """Start every major's server at once (in parallel); stop them at the end."""
    pool = {v: GradioServer(v) for v in MAJORS}
    for s in pool.values():
        s.start()
    yield pool
    for s in pool.values():
        s.stop()


@pytest.fixture(scope="session", params=MAJORS, ids=[f"gradio{v.split('.')[0]}" for v in MAJORS])
def gradio_server(request, _gradio_pool) -> GradioServer:
    """A running Gradio server of each major (parametrised)."""
    s = _gradio_pool[request.param]
    s.wait_ready()
    return s


@pytest.fixture(scope="session")
def gradio6(_gradio_pool) -> GradioServer:
    s = _gradio_pool["6.31.0"]
    s.wait_ready()
    return s


@pytest.fixture(scope="session")
def faults():
    """The fault-injection server (tests/servers/faults.py) on 127.0.0.1."""
    import faults as faults_mod
    srv = faults_mod.start()
    yield srv
    srv.stop()


@pytest.fixture
def proxy():
    """A forward HTTP proxy (tests/servers/fwdproxy.py) on 127.0.0.1."""
    import fwdproxy
    p = fwdproxy.ForwardProxy().start()
    yield p
    p.stop()


@pytest.fixture
def no_proxy_variables(monkeypatch):
    """No proxy variable (HTTP_PROXY, HTTPS_PROXY, ALL_PROXY, NO_PROXY, any case) but those the
    test sets."""
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY"):
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.lower(), raising=False)
    return monkeypatch


@pytest.fixture(autouse=True)
def _startup_environment():
    """Every test starts as a new shell would: HF_ENDPOINT read now (gshell.environment); a test
    that sets it later constructs its shell afterwards or calls environment.capture()."""
    from gshell import environment
    environment.capture()
    yield


@pytest.fixture
def no_ambient_token(monkeypatch, tmp_path):
    """No HF_TOKEN / HF_API_TOKEN and no token file."""
    monkeypatch.delenv("HF_TOKEN", raising=False)
    monkeypatch.delenv("HF_API_TOKEN", raising=False)
    monkeypatch.delenv("HF_TOKEN_PATH", raising=False)
    monkeypatch.setenv("HF_HOME", str(tmp_path / "hf_home"))
    monkeypatch.delenv("HF_ENDPOINT", raising=False)
    from gshell import environment
    environment.capture()
