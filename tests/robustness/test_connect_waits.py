"""A connect that hangs (tests/servers/backlog.py: an accept queue that is full drops the SYN)
ends at the -TimeoutSec deadline, or at $GSHELL_CONNECT_TIMEOUT without one, with one clear line;
Ctrl-C (SIGINT to a real `gshell -c`, ^C in the REPL on a pty) ends every wait of a call: the
connect, a POST never answered, the wait for an earlier gr.State call, a URL input's download, an
upload the server reads slowly.  Each signal is sent once the test has seen gshell enter that
wait (a SYN_SENT socket, the request on the server, the warning line, the temporary file)."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from robust_support import ROOT, assert_clean_stderr, gshell_env, interrupt_gshell_c, wait_until

from gshell.gradio import CallTimeout, ConnectionFailed, GradioSession

pytestmark = pytest.mark.usefixtures("no_ambient_token")



@pytest.fixture
def full():
    import backlog
    fb = backlog.FullBacklog()
    yield fb
    fb.close()


@pytest.fixture
def parking():
    """A Gradio-like server that stops accepting connections once /info was read."""
    import backlog
    srv = backlog.StopsAccepting(park_after="/info", keepalive=60.0).start()
    yield srv
    srv.stop()


# ------------------------------------------------------------------ the deadline and the connect timeout
def test_timeout_bounds_a_connect_that_hangs(parking) -> None:
    s = GradioSession(parking.base)
    try:
        s.refresh()  # GET /config and /info (each connection closed after it); then no more accepts
        assert parking.parked.is_set()
        with pytest.raises(CallTimeout) as ei:
            s.call("x", ["a"], timeout=1.5)
        assert str(ei.value) == "calling /x: timed out after 1.5 s (-TimeoutSec)"
        assert parking.attempts["POST call"] == 0
    finally:
        s.close()


def test_timeout_bounds_the_discovery_a_call_needs(full) -> None:
    """The first call of a session reads /config and /info: under its deadline too (the connect
    timeout, 10 s by default, would end it much later, as another error)."""
    s = GradioSession(full.base)
    try:
        with pytest.raises(CallTimeout) as ei:
            s.call("x", ["a"], timeout=1.5)
        assert str(ei.value) == f"GET {full.base}/config: timed out after 1.5 s (-TimeoutSec)"
    finally:
        s.close()


def test_without_a_deadline_a_connect_ends_at_the_connect_timeout(full, monkeypatch) -> None:
    monkeypatch.setenv("GSHELL_CONNECT_TIMEOUT", "1")
    s = GradioSession(full.base)
    try:
        with pytest.raises(ConnectionFailed) as ei:
            s.refresh()
        assert str(ei.value) == f"cannot connect to {full.base}/config: timed out after 1 s"
    finally:
        s.close()


def test_the_shell_reports_a_hanging_connect_in_one_line(full) -> None:
    proc = subprocess.run([sys.executable, "-m", "gshell", "-c", f"New-GradioSession '{full.base}'; 'after'"],
                          capture_output=True, text=True, timeout=120, env=gshell_env(GSHELL_CONNECT_TIMEOUT="1"),
                          cwd=str(ROOT))
    assert_clean_stderr(proc.stderr)
    lines = [ln for ln in proc.stderr.splitlines() if ln.strip()]
    assert lines[0] == f"New-GradioSession: cannot connect to {full.base}/config: timed out after 1 s", lines
    assert len(lines) <= 2 and proc.stdout.split() == ["after"]  # the error line and where it happened


def test_the_shell_bounds_a_hanging_connect_with_timeoutsec(parking) -> None:
    src = (f"$s = New-GradioSession '{parking.base}'; "
           "Invoke-GradioSessionApi x @('a') -TimeoutSec 2 | Update-GradioSessionApiResult; 'after'")
    proc = subprocess.run([sys.executable, "-m", "gshell", "-c", src], capture_output=True, text=True,
                          timeout=120, env=gshell_env(), cwd=str(ROOT))
    assert_clean_stderr(proc.stderr)
    assert "calling /x: timed out after 2 s (-TimeoutSec)" in proc.stderr, proc.stderr
    assert parking.attempts["POST call"] == 0


# ------------------------------------------------------------------ Ctrl-C ends every wait
def test_ctrl_c_ends_a_hanging_connect(full) -> None:
    import backlog
    before = backlog.syn_sent(full.port)
    interrupt_gshell_c(f"New-GradioSession '{full.base}'; 'not reached'",
               lambda: backlog.syn_sent(full.port) > before, env=gshell_env(GSHELL_CONNECT_TIMEOUT="600"))


def _posted(rfaults, scenario: str, tail: str):
    return lambda: any(r["method"] == "POST" and r["path"].startswith(f"/{scenario}/") and r["path"].endswith(tail)
                       for r in list(rfaults.requests))


def test_ctrl_c_ends_a_post_never_answered(rfaults) -> None:
    rfaults.clear()
    interrupt_gshell_c(f"$s = New-GradioSession '{rfaults.url('hang')}'; Invoke-GradioSessionApi x @('a') | Out-Null; "
               "'not reached'", _posted(rfaults, "hang", "/gradio_api/call/x"))


def test_ctrl_c_ends_the_wait_for_an_earlier_state_call(rfaults) -> None:
    interrupt_gshell_c(f"$s = New-GradioSession '{rfaults.url('statesilent')}'; Invoke-GradioSessionApi x @('a') | Out-Null; "
               "Invoke-GradioSessionApi x @('b') | Out-Null; 'not reached'", None,
               watch_stderr="waiting for call 1 (/x) to finish")


def test_ctrl_c_ends_a_url_input_download_and_removes_its_file(rfaults, tmp_path: Path) -> None:
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    url = rfaults.url("endlessfile") + "/gradio_api/file=/tmp/forever.bin"

    def growing() -> bool:
        return any(f.stat().st_size > 0 for f in tmp.rglob("*") if f.is_file())
    interrupt_gshell_c(f"$s = New-GradioSession '{rfaults.url('fileok')}'; Invoke-GradioSessionApi x @('{url}') | Out-Null; "
               "'not reached'", growing, env=gshell_env(TMPDIR=str(tmp)))
    assert list(tmp.rglob("*")) == []


def test_ctrl_c_ends_an_upload_the_server_reads_slowly(rfaults, tmp_path: Path) -> None:
    rfaults.clear()
    big = tmp_path / "big.bin"
    big.write_bytes(b"u" * (32 * 1024 * 1024))
    interrupt_gshell_c(f"$s = New-GradioSession '{rfaults.url('slowupload')}'; Invoke-GradioSessionApi x @('{big}') | "
               "Out-Null; 'not reached'", _posted(rfaults, "slowupload", "/gradio_api/upload"))


def test_ctrl_c_in_the_repl_ends_a_hanging_connect(full, tmp_path: Path) -> None:
    import backlog
    import pexpect
    env = gshell_env(GSHELL_HISTORY=str(tmp_path / "history"), PROMPT_TOOLKIT_NO_CPR="1", TERM="xterm",
                     HOME=str(tmp_path), GSHELL_COMPLETE_WHILE_TYPING="0", GSHELL_CONNECT_TIMEOUT="600")
    child = pexpect.spawn(sys.executable, ["-m", "gshell"], env=env, cwd=str(ROOT), encoding="utf-8",
                          dimensions=(30, 150), timeout=60)
    try:
        child.expect(r"> ")
        before = backlog.syn_sent(full.port)
        child.sendline(f"$s = New-GradioSession '{full.base}'")
        wait_until(lambda: backlog.syn_sent(full.port) > before, what="the connect")
        child.sendcontrol("c")
        child.expect(r"> ")
        child.sendline("'after' + 'wards'")
        child.expect("afterwards")
        child.expect(r"> ")
        text = child.before or ""
        child.sendcontrol("d")
        child.expect(pexpect.EOF)
    finally:
        child.close(force=True)
    assert "Traceback" not in text
