"""Engine behaviour against misbehaving servers (tests/servers/faults.py) and no server."""
from __future__ import annotations

import time

import httpx
import pytest

from gshell.gradio import (
    AuthRequired,
    ConnectionFailed,
    FileError,
    GradioSession,
    HttpError,
    ProtocolError,
    QueueFull,
    ServerError,
    ServerStoppedResponding,
    StreamBroken,
)
from gshell.gradio.tokens import capture_hf_endpoint

pytestmark = pytest.mark.usefixtures("no_ambient_token")


@pytest.fixture(autouse=True)
def quick_silence(monkeypatch: pytest.MonkeyPatch) -> None:
    """These servers stall on purpose: 3x the 0.5 s heartbeat decides, not the 10 s floor."""
    monkeypatch.setenv("GSHELL_MIN_SILENCE", "1")


def fsess(faults, scenario: str, **kw) -> GradioSession:
    kw.setdefault("heartbeat_interval", 0.5)  # stall after 1.5 s of silence
    return GradioSession(faults.url(scenario), **kw)


def one_line(exc: BaseException) -> str:
    s = str(exc)
    assert "\n" not in s and s
    return s


def test_ok_baseline(faults):
    assert fsess(faults, "ok").predict("x", ["a"]) == ["a b"]


def test_drop_mid_stream_keeps_events(faults):
    call = fsess(faults, "drop").call("x", ["a"])
    got = []
    with pytest.raises(StreamBroken) as ei:
        for ev in call.iter_events():
            got.append(ev)
    assert [e.data for e in got] == [["1"], ["1 2"]]
    assert call.status == "broken" and len(call.events) == 2 and call.error is ei.value
    assert "2 event(s)" in one_line(ei.value)


def test_clean_eof_without_complete(faults):
    call = fsess(faults, "eof").call("x", ["a"])
    with pytest.raises(StreamBroken, match="ended before the call finished"):
        call.wait()
    assert call.status == "broken" and len(call.events) == 2


def test_invalid_json(faults):
    call = fsess(faults, "badjson").call("x", ["a"])
    with pytest.raises(ProtocolError) as ei:
        call.wait()
    assert "invalid JSON" in one_line(ei.value)
    assert call.status == "broken" and call.events[0].data == ["ok"]


def test_junk_sse_lines_are_ignored(faults):
    call = fsess(faults, "badlines").call("x", ["a"]).wait()
    assert call.status == "complete" and call.result == ["done"]


def test_heartbeats_forever_max_heartbeats(faults):
    call = fsess(faults, "heartbeats").call("x", ["a"])
    evs = list(call.iter_events(max_heartbeats=3))
    assert [e.event for e in evs] == ["heartbeat"] * 3
    assert call.last_query_status == "HeartBeatExpired"
    with pytest.raises(Exception, match="timed out after 1 s"):
        call.wait(timeout=1.0)


def test_silent_stream_stops(faults):
    call = fsess(faults, "silent").call("x", ["a"])
    t0 = time.monotonic()
    with pytest.raises(ServerStoppedResponding) as ei:
        call.wait()
    assert time.monotonic() - t0 < 20
    assert "stopped responding" in one_line(ei.value)
    assert call.status == "broken" and call.events[0].data == ["only"]


@pytest.mark.parametrize("scenario,exc,words", [
    ("post500", ServerError, ["500", "/x"]),
    ("post503", QueueFull, ["503", "queue"]),
    ("post401", AuthRequired, ["401", "login"]),
])
def test_http_errors_one_line(faults, scenario, exc, words):
    with pytest.raises(exc) as ei:
        fsess(faults, scenario).call("x", ["a"])
    msg = one_line(ei.value)
    for w in words:
        assert w in msg


def test_post_that_never_answers(faults):
    s = fsess(faults, "hang")
    t0 = time.monotonic()
    with pytest.raises(ServerStoppedResponding) as ei:
        s.call("x", ["a"])
    assert time.monotonic() - t0 < 20
    one_line(ei.value)


def test_not_an_event_stream(faults):
    with pytest.raises(ProtocolError):
        fsess(faults, "notsse").call("x", ["a"]).wait()


def test_connection_refused():
    import socket
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    with pytest.raises(ConnectionFailed) as ei:
        GradioSession(f"http://127.0.0.1:{port}/app").refresh()
    assert "connection refused" in one_line(ei.value)


def test_dns_failure_injected():
    def handler(request):
        raise httpx.ConnectError("[Errno -2] Name or service not known", request=request)
    s = GradioSession("http://gradio.example.invalid", transport=httpx.MockTransport(handler))
    with pytest.raises(ConnectionFailed) as ei:
        s.refresh()
    assert "could not be resolved" in one_line(ei.value)


def test_tls_failure_injected():
    import ssl

    def handler(request):
        raise httpx.ConnectError("[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed", request=request)
    s = GradioSession("https://gradio.example.invalid", transport=httpx.MockTransport(handler))
    with pytest.raises(ConnectionFailed) as ei:
        s.refresh()
    assert "TLS" in one_line(ei.value)
    assert ssl  # noqa


def test_redirect_to_other_origin_drops_token(faults):
    faults.clear()
    s = fsess(faults, "redirect", token="hf_explicit_secret_token")
    # GET /config and /info follow the redirect (without credentials); the POST /call body is
    # never re-sent to another origin (issue 10: a 307/308 across origins is an error)
    with pytest.raises(HttpError, match="to another origin"):
        s.predict("x", ["a"])
    main = [r for r in faults.requests if r["path"].startswith("/redirect/")]
    other = faults.other.requests
    assert main and other
    assert not [r for r in other if "/call/" in r["path"]]
    assert all(r["headers"].get("authorization") == "Bearer hf_explicit_secret_token" for r in main)
    assert all(r["headers"].get("x-hf-authorization") == "Bearer hf_explicit_secret_token" for r in main)
    for r in other:
        assert "authorization" not in r["headers"] and "x-hf-authorization" not in r["headers"]
        assert "cookie" not in r["headers"]


def test_same_origin_redirect_keeps_token(faults):
    faults.clear()
    s = fsess(faults, "samehop", token="hf_explicit_secret_token")
    assert s.predict("x", ["a"]) == ["a b"]
    hops = [r for r in faults.requests if r["path"].startswith("/ok/")]
    assert hops and all(r["headers"].get("authorization") for r in hops)


def test_ambient_token_not_sent_to_other_hosts(faults, monkeypatch):
    faults.clear()
    monkeypatch.setenv("HF_TOKEN", "hf_ambient_secret")
    fsess(faults, "ok").predict("x", ["a"])
    assert faults.requests and all("authorization" not in r["headers"] for r in faults.requests)


def test_ambient_token_sent_to_hf_endpoint(faults, monkeypatch):
    faults.clear()
    monkeypatch.setenv("HF_ENDPOINT", faults.base)
    capture_hf_endpoint()   # HF_ENDPOINT is read when the shell is created
    monkeypatch.setenv("HF_TOKEN", "hf_ambient_secret")
    fsess(faults, "ok").predict("x", ["a"])
    assert all(r["headers"].get("x-hf-authorization") == "Bearer hf_ambient_secret" for r in faults.requests)


def test_token_file_and_public(faults, monkeypatch, tmp_path):
    faults.clear()
    (tmp_path / "hf_home").mkdir(exist_ok=True)
    (tmp_path / "hf_home" / "token").write_text("hf_file_token\n")
    monkeypatch.setenv("HF_ENDPOINT", faults.base)
    capture_hf_endpoint()
    fsess(faults, "ok").predict("x", ["a"])
    assert faults.requests[-1]["headers"].get("authorization") == "Bearer hf_file_token"
    faults.clear()
    fsess(faults, "ok", token="public").predict("x", ["a"])
    assert all("authorization" not in r["headers"] for r in faults.requests)
    faults.clear()
    s = fsess(faults, "ok", token="public")
    s.predict("x", ["a"], token="hf_call_token")  # per-call token wins
    assert faults.requests[-1]["headers"].get("authorization") == "Bearer hf_call_token"


def test_download_traversal_stays_inside(faults, tmp_path):
    s = fsess(faults, "traversal")
    out = s.predict("x", ["a"])
    fd = out[0]
    assert fd["url"].startswith(faults.url("traversal") + "/gradio_api/file=")  # not the server's url
    d = tmp_path / "dl"
    saved = s.save_files(out, d)
    assert saved[0].Path == str(d / "evil.txt")
    assert sorted(p.name for p in tmp_path.rglob("*") if p.is_file()) == ["evil.txt"]
    # the name from Content-Disposition is sanitised too
    p = s.client.download(fd["url"], d / "cd")
    assert p == (d / "cd" / "evil2.txt").resolve()
    with pytest.raises(FileError):
        s.client.download(fd["url"], d / "cd")
    with pytest.raises(FileError):
        s.client.download(fd["url"], d, name="..")
