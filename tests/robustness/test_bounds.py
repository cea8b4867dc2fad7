"""-TimeoutSec bounds everything a call does; what a server sends is bounded (with documented
defaults that environment variables raise); temporary files go away; the connection pool
names who holds it.  Hostile servers: tests/robustness/rfaults.py and tests/servers/faults.py."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from robust_support import ROOT, assert_clean_stderr, gshell_env, wait_until

from gshell.gradio import CallTimeout, ConnectionFailed, GradioSession, SessionManager, StreamBroken
from gshell.gradio.limits import LimitExceeded

pytestmark = pytest.mark.usefixtures("no_ambient_token")



# ------------------------------------------------------------------ -TimeoutSec
def test_timeout_bounds_a_post_that_never_answers(rfaults) -> None:
    s = GradioSession(rfaults.url("hang"))
    try:
        with pytest.raises(CallTimeout) as ei:
            s.call("x", ["a"], timeout=1.5)
        assert "1.5 s" in str(ei.value)
    finally:
        s.close()


def test_timeout_bounds_the_wait_for_an_unfinished_state_call(rfaults) -> None:
    s = GradioSession(rfaults.url("statesilent"))
    try:
        first = s.call("x", ["a"])  # a gr.State call that never finishes
        with pytest.raises(CallTimeout) as ei:
            s.call("x", ["b"], timeout=1.0)
        assert f"waiting for call {first.id}" in str(ei.value)
        assert s.calls[-1].status == "error"
    finally:
        s.close()


def test_timeout_bounds_a_url_input_that_streams_forever(rfaults, tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    import tempfile
    monkeypatch.setattr(tempfile, "tempdir", None)
    s = GradioSession(rfaults.url("fileok"))
    try:
        with pytest.raises(CallTimeout):
            s.call("x", [rfaults.url("endlessfile") + "/gradio_api/file=/tmp/forever.bin"], timeout=1.5)
    finally:
        s.close()
    assert list(tmp_path.iterdir()) == []  # the partial download is gone


def test_timeout_bounds_an_upload_the_server_reads_slowly(rfaults, tmp_path) -> None:
    big = tmp_path / "big.bin"
    big.write_bytes(b"u" * (32 * 1024 * 1024))  # far more than the socket buffers hold
    s = GradioSession(rfaults.url("slowupload"))
    try:
        with pytest.raises(CallTimeout) as ei:
            s.call("x", [str(big)], timeout=1.5)
        assert "uploading big.bin" in str(ei.value)
    finally:
        s.close()


def test_timeout_bounds_a_silent_stream(rfaults) -> None:
    s = GradioSession(rfaults.url("silent"))
    try:
        call = s.call("x", ["a"], timeout=1.0)
        with pytest.raises(CallTimeout):
            call.wait()
        assert len(call.events) == 1  # what arrived is kept
        assert call._response is None and not list(s._streams)  # its connection is given back
    finally:
        s.close()


def test_a_new_timeout_replaces_the_first_one_on_an_open_stream(rfaults) -> None:
    s = GradioSession(rfaults.url("heartbeats"))  # a heartbeat every 0.2 s
    try:
        call = s.call("x", ["a"], timeout=1.0)
        assert len(list(call.iter_events(max_heartbeats=2))) == 2
        more = list(call.iter_events(max_heartbeats=10, timeout=30))  # 2 s: past the first deadline
        assert len(more) == 10 and call.last_query_status == "HeartBeatExpired"
    finally:
        s.close()


# ------------------------------------------------------------------ bounds
def test_an_endless_sse_line_stops_at_the_limit(rfaults, monkeypatch) -> None:
    monkeypatch.setenv("GSHELL_MAX_SSE_LINE", "2MiB")
    s = GradioSession(rfaults.url("endlessline"))
    try:
        call = s.call("x", ["a"])
        with pytest.raises(LimitExceeded) as ei:
            call.wait()
        msg = str(ei.value)
        assert "2 MiB" in msg and "GSHELL_MAX_SSE_LINE" in msg and "\n" not in msg
        assert call.status == "broken"
    finally:
        s.close()


def test_a_result_larger_than_the_limit_is_refused(rfaults, monkeypatch) -> None:
    monkeypatch.setenv("GSHELL_MAX_RESULT", "1MiB")
    s = GradioSession(rfaults.url("big"))  # one 50 MB event
    try:
        with pytest.raises(LimitExceeded) as ei:
            s.call("x", ["a"]).wait()
        assert "GSHELL_MAX_RESULT" in str(ei.value)
    finally:
        s.close()


def test_an_answer_that_never_ends_stops_at_the_limit(rfaults, monkeypatch) -> None:
    monkeypatch.setenv("GSHELL_MAX_RESULT", "2MiB")
    s = GradioSession(rfaults.url("endlessconfig"))
    try:
        with pytest.raises(LimitExceeded) as ei:
            s.load_config()
        assert "/config: the answer is larger than 2 MiB" in str(ei.value)
    finally:
        s.close()


def test_events_kept_per_call_are_bounded_and_the_last_is_kept(rfaults, monkeypatch) -> None:
    monkeypatch.setenv("GSHELL_MAX_EVENTS", "10")
    warnings: list[str] = []
    s = GradioSession(rfaults.url("manyevents"), warn=warnings.append)
    try:
        call = s.call("x", ["a"]).wait()
        assert call.status == "complete" and call.result == ["done"]
        assert len(call.events) == 10 and call.events[-1].event == "complete"
        assert call.events[-1].num == 51 and call.dropped_events == 41
        assert len(warnings) == 1 and "GSHELL_MAX_EVENTS" in warnings[0]
    finally:
        s.close()


def test_a_gzip_bomb_stops_at_the_download_limit(rfaults, tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("GSHELL_MAX_DOWNLOAD", "1MiB")
    s = GradioSession(rfaults.url("gzipbomb"))
    try:
        with pytest.raises(LimitExceeded) as ei:
            s.client.download(rfaults.url("gzipbomb") + "/gradio_api/file=/tmp/bomb.bin", tmp_path)
        assert "GSHELL_MAX_DOWNLOAD" in str(ei.value)
    finally:
        s.close()
    assert list(tmp_path.iterdir()) == []


def test_a_bad_setting_is_a_clear_error(rfaults, monkeypatch) -> None:
    monkeypatch.setenv("GSHELL_MAX_EVENTS", "lots")
    s = GradioSession(rfaults.url("ok"))
    try:
        with pytest.raises(Exception) as ei:
            s.call("x", ["a"]).wait()
        assert "GSHELL_MAX_EVENTS" in str(ei.value)
    finally:
        s.close()


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP], ids=["SIGTERM", "SIGHUP"])
def test_a_signal_removes_the_temporary_file_of_a_url_input(rfaults, tmp_path, signum) -> None:
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    url = rfaults.url("endlessfile") + "/gradio_api/file=/tmp/forever.bin"
    src = f"$s = New-GradioSession '{rfaults.url('fileok')}'; Invoke-GradioSessionApi x @('{url}') | Out-Null"
    proc = subprocess.Popen([sys.executable, "-m", "gshell", "-c", src], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=gshell_env(TMPDIR=str(tmp)), cwd=str(ROOT))
    try:
        def growing() -> bool:
            return any(f.stat().st_size > 0 for f in tmp.rglob("*") if f.is_file())
        wait_until(growing, what="the download of the URL input")
        proc.send_signal(signum)
        proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == -signum  # the process still dies of the signal
    assert list(tmp.rglob("*")) == []


# ------------------------------------------------------------------ the pool
def test_a_full_pool_names_the_calls_holding_it(rfaults, monkeypatch) -> None:
    monkeypatch.setenv("GSHELL_CONNECT_TIMEOUT", "1")
    s = GradioSession(rfaults.url("silent"), max_calls=2, max_calls_policy="Warning")
    try:
        held = []
        for _ in range(s.client.max_connections):
            call = s.call("x", ["a"])
            next(call.iter_events())  # its stream is open, one event read
            held.append(call)
        with pytest.raises(ConnectionFailed) as ei:
            s.call("x", ["b"])
        msg = str(ei.value)
        assert f"all {s.client.max_connections} connections" in msg
        assert f"{held[0].id} (/x)" in msg and "\n" not in msg
        s.remove_call(held[0])  # removing a call cancels it and gives its connection back
        assert held[0].status == "cancelled"
        next(s.call("x", ["c"]).iter_events())
    finally:
        s.close()


def test_removing_a_session_during_a_stream_is_a_clean_error(rfaults) -> None:
    manager = SessionManager()
    s = manager.connect(rfaults.url("heartbeats"), name="hb")
    call = s.call("x", ["a"])
    events = call.iter_events()
    next(events)
    manager.remove("hb")
    with pytest.raises(StreamBroken) as ei:
        next(events)
    assert "session 'hb' was removed" in str(ei.value)
    assert "Errno" not in str(ei.value)


def test_removing_a_session_while_another_thread_streams(rfaults) -> None:
    import threading
    manager = SessionManager()
    s = manager.connect(rfaults.url("heartbeats"), name="hb2")
    call = s.call("x", ["a"])
    seen: list[BaseException] = []

    def read() -> None:
        try:
            call.wait()
        except BaseException as exc:  # noqa: BLE001
            seen.append(exc)

    t = threading.Thread(target=read)
    t.start()
    wait_until(lambda: len(call.events) >= 2, what="two heartbeats")
    manager.remove("hb2")
    t.join(30)
    assert len(seen) == 1 and isinstance(seen[0], StreamBroken)
    assert "was removed" in str(seen[0]) and "Errno" not in str(seen[0])


def test_the_shell_reports_a_removed_session_in_one_line(rfaults) -> None:
    src = (f"$s = New-GradioSession '{rfaults.url('heartbeats')}' -Name hb3; "
           "Invoke-GradioSessionApi x @('a') -Session hb3 | Update-GradioSessionApiResult | "
           "ForEach-Object { Remove-GradioSession hb3 }")
    proc = subprocess.run([sys.executable, "-m", "gshell", "-c", src], capture_output=True, text=True,
                          timeout=60, env=gshell_env(), cwd=str(ROOT))
    assert_clean_stderr(proc.stderr)
    assert "was removed" in proc.stderr and "Errno" not in proc.stderr


def test_defaults_are_documented() -> None:
    from gshell.gradio import limits
    doc = (Path(ROOT) / "gshell" / "help" / "about_Gradio_Sessions.txt").read_text()
    for env, setting in limits.SETTINGS.items():
        assert env in doc, env
        assert limits.describe(setting) in doc, (env, limits.describe(setting))
    assert os.environ.get("GSHELL_MAX_RESULT") is None
