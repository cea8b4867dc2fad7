"""`gshell --demo` start-up: readiness is polled (the child's ready line, then GET /config answered
200) until $GSHELL_DEMO_START_TIMEOUT (default 120 s), with a clear line naming that setting when
the app is late.  A stand-in child (GSHELL_DEMO_PYTHON pointing at a small script) and a stand-in
app on 127.0.0.1 make each case without gradio."""
from __future__ import annotations

import os
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from gshell.demo import launcher

ROOT = Path(__file__).resolve().parents[2]

FAKE_CHILD = f"""#!{sys.executable}
import os, sys
if os.environ.get("FAKE_DEMO_URL"):
    print("GSHELL-DEMO-READY " + os.environ["FAKE_DEMO_URL"] + " 9.9.9", flush=True)
sys.stdin.read()  # until gshell closes our stdin
"""


class App(BaseHTTPRequestHandler):
    """/config answers 503 ``busy`` times, then 200."""

    def log_message(self, *args: object) -> None:
        pass

    def do_GET(self) -> None:  # noqa: N802
        srv = self.server
        srv.gets += 1  # type: ignore[attr-defined]
        ok = self.path == "/config" and srv.gets > srv.busy  # type: ignore[attr-defined]
        body = b'{"version": "9.9.9"}' if ok else b"starting"
        self.send_response(200 if ok else 503)
        self.send_header("content-length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture
def app():
    srv = ThreadingHTTPServer(("127.0.0.1", 0), App)
    srv.gets, srv.busy = 0, 0  # type: ignore[attr-defined]
    threading.Thread(target=srv.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
    yield srv
    srv.shutdown()
    srv.server_close()


@pytest.fixture
def child(tmp_path: Path, monkeypatch) -> Path:
    py = tmp_path / "fake-python"
    py.write_text(FAKE_CHILD)
    py.chmod(0o755)
    monkeypatch.setenv(launcher.ENV_PYTHON, str(py))
    monkeypatch.delenv("FAKE_DEMO_URL", raising=False)
    monkeypatch.delenv(launcher.ENV_START_TIMEOUT, raising=False)
    return py


def url_of(srv) -> str:
    return f"http://127.0.0.1:{srv.server_address[1]}"


def test_readiness_is_polled_until_the_app_answers(child, app, monkeypatch) -> None:
    app.busy = 3  # listening, but /config answers 503 three times first
    monkeypatch.setenv("FAKE_DEMO_URL", url_of(app))
    lab = launcher.launch()
    try:
        assert lab.wait_ready() == url_of(app)
        assert app.gets == 4
    finally:
        lab.stop()


def test_a_child_that_never_gets_ready_ends_at_the_setting(child, monkeypatch) -> None:
    monkeypatch.setenv(launcher.ENV_START_TIMEOUT, "1")
    lab = launcher.launch()
    try:
        with pytest.raises(launcher.DemoError) as ei:
            lab.wait_ready()
        msg = str(ei.value)
        assert msg.startswith("gshell: the demo app did not start within 1 s (a busy machine may need longer: "
                              "set GSHELL_DEMO_START_TIMEOUT, e.g. to 300; log: "), msg
        assert lab.proc.poll() is not None  # the child was stopped
    finally:
        lab.stop()


def test_an_app_that_never_answers_ends_at_the_setting(child, app, monkeypatch) -> None:
    app.busy = 10 ** 9
    monkeypatch.setenv("FAKE_DEMO_URL", url_of(app))
    monkeypatch.setenv(launcher.ENV_START_TIMEOUT, "1.5")
    lab = launcher.launch()
    try:
        with pytest.raises(launcher.DemoError) as ei:
            lab.wait_ready()
        assert "the demo app did not answer within 1.5 s" in str(ei.value)
        assert app.gets >= 1
    finally:
        lab.stop()


def test_a_bad_start_timeout_is_reported_before_anything_starts(child, monkeypatch) -> None:
    monkeypatch.setenv(launcher.ENV_START_TIMEOUT, "soon")
    with pytest.raises(launcher.DemoError) as ei:
        launcher.launch()
    assert str(ei.value) == "gshell: GSHELL_DEMO_START_TIMEOUT=soon is not a number of seconds (default 120)"


def test_the_cli_says_how_to_wait_longer(child, tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GRADIO_", "HF_"))}
    env.update({"PYTHONPATH": str(ROOT), launcher.ENV_START_TIMEOUT: "1", "NO_COLOR": "1"})
    r = subprocess.run([sys.executable, "-m", "gshell", "--demo", "-c", "'never'"], env=env, cwd=str(tmp_path),
                       capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL)
    assert r.returncode == 1 and r.stdout == ""
    lines = [ln for ln in r.stderr.splitlines() if ln.strip() and not ln.startswith("gshell: starting")]
    assert len(lines) == 1 and "did not start within 1 s" in lines[0] and "GSHELL_DEMO_START_TIMEOUT" in lines[0], \
        r.stderr
