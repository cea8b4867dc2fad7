"""Fault injection through gshell's own commands (New-GradioSession, Invoke-GradioSessionApi,
Update-GradioSessionApiResult, Send-GradioSessionFiles, Save-GradioFile), for each request kind.

For each failure: the user sees one clear line (the error message; PowerShell's `At line:`
position may follow), never a Python traceback; the call record keeps what arrived; nothing is
written outside the target directory; the script goes on (non-terminating errors) or the error
can be caught with try/catch (terminating ones) and the next statement runs.
Everything talks to 127.0.0.1 only; DNS failures are injected with a transport that raises."""
from __future__ import annotations

import os
import socket
from pathlib import Path

import httpx
import pytest
from rfaults import BIG_BYTES, CODES
from robust_support import FAKE_TOKEN, Shell, assert_clean_stderr

pytestmark = pytest.mark.usefixtures("no_ambient_token")

KINDS_TERMINATING = ("cfg", "info", "post", "upload")  # New-GradioSession / Invoke-GradioSessionApi fail


def first_line(err: str) -> str:
    lines = [ln for ln in err.splitlines() if ln.strip()]
    assert lines, "expected an error line on stderr"
    return lines[0]


def error_lines(err: str) -> list[str]:
    """The message lines (not PowerShell's `At line:` position lines)."""
    return [ln for ln in err.splitlines() if ln.strip() and not ln.startswith("At ")]


def call_src(url: str, name: str, arg: str = "'a'") -> str:
    return (f"$s = New-GradioSession '{url}' -Name {name} -Force; "
            f"$c = Invoke-GradioSessionApi x @({arg}) -Session $s")


@pytest.fixture
def sample_file(tmp_path: Path) -> Path:
    p = tmp_path / "in.txt"
    p.write_text("input bytes\n")
    return p


# ------------------------------------------------------------------------------------------
# HTTP statuses, for each request kind
# ------------------------------------------------------------------------------------------

@pytest.mark.parametrize("code", CODES)
@pytest.mark.parametrize("kind", KINDS_TERMINATING)
def test_status_terminating_kinds(shell: Shell, rfaults, sample_file, kind: str, code: int) -> None:
    url = rfaults.url(f"{kind}-{code}")
    arg = f"'{sample_file}'" if kind == "upload" else "'a'"
    # bare: one line naming the status
    # with 'Stop' the first error ends the script (by default it would end only its statement
    # and the next statements, which use the session, would report their own errors)
    out, err = shell.run("$ErrorActionPreference = 'Stop'; " + call_src(url, "f", arg) + "; 'not reached'")
    assert_clean_stderr(err)
    assert "not reached" not in out
    msgs = error_lines(err)
    assert len(msgs) == 1, err
    assert str(code) in msgs[0], msgs[0]
    # caught: the script goes on
    out, err = shell.run(f"try {{ {call_src(url, 'g', arg)} }} catch {{ 'caught: ' + $_.Exception.Message }}; 'after'")
    assert_clean_stderr(err)
    lines = out.splitlines()
    assert lines[-1] == "after"
    caught = [ln for ln in lines if ln.startswith("caught: ")]
    assert len(caught) == 1 and str(code) in caught[0], out


@pytest.mark.parametrize("code", CODES)
def test_status_on_stream_get(shell: Shell, rfaults, code: int) -> None:
    out, err = shell.run(call_src(rfaults.url(f"stream-{code}"), "f") +
                         "; $c | Update-GradioSessionApiResult; 'after'; $c.ApiEvent.events.Count")
    assert_clean_stderr(err)
    msgs = error_lines(err)
    assert len(msgs) == 1 and str(code) in msgs[0], err
    assert out.split() == ["after", "0"]
    call = shell.sessions.get("f").calls[-1]
    assert call.finished and call.status != "complete" and call.error is not None


@pytest.mark.parametrize("code", CODES)
def test_status_on_download(shell: Shell, rfaults, tmp_path: Path, sample_file: Path, code: int) -> None:
    target = tmp_path / "out"
    out, err = shell.run(call_src(rfaults.url(f"dl-{code}"), "f", f"'{sample_file}'") +
                         f"; $r = $c | Update-GradioSessionApiResult; $r | Save-GradioFile -Path '{target}'; "
                         "'after'; $c.ApiEvent.events.Count")
    assert_clean_stderr(err)
    msgs = error_lines(err)
    assert len(msgs) == 1 and str(code) in msgs[0], err
    assert out.split()[-2:] == ["after", "1"]
    leftovers = list(target.rglob("*")) if target.exists() else []
    assert leftovers == [], leftovers  # no partial or temporary file left behind


def test_upload_and_download_ok(shell: Shell, rfaults, tmp_path: Path, sample_file: Path) -> None:
    """The baseline of the file scenarios: both work."""
    target = tmp_path / "out"
    out, err = shell.run(call_src(rfaults.url("fileok"), "f", f"'{sample_file}'") +
                         f"; $c | Update-GradioSessionApiResult | Save-GradioFile -Path '{target}' | % Size")
    assert err == ""
    assert out.split() == ["13"]
    assert (target / "result.txt").read_text() == "result bytes\n"


# ------------------------------------------------------------------------------------------
# connection refused, DNS failure (injected), TLS to a plain-HTTP port
# ------------------------------------------------------------------------------------------

def closed_port() -> int:
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def test_connection_refused_real(shell: Shell) -> None:
    url = f"http://127.0.0.1:{closed_port()}/app"
    out, err = shell.run(f"try {{ New-GradioSession '{url}' }} catch {{ 'caught: ' + $_.Exception.Message }}; 'after'")
    assert_clean_stderr(err)
    assert out.splitlines()[-1] == "after"
    assert "connection refused" in out


def test_tls_to_plain_http_port(shell: Shell, rfaults) -> None:
    url = rfaults.url("ok").replace("http://", "https://")
    out, err = shell.run(f"New-GradioSession '{url}'")
    assert_clean_stderr(err)
    msgs = error_lines(err)
    assert len(msgs) == 1 and ("TLS" in msgs[0] or "SSL" in msgs[0]), err


REQUEST_KINDS = {
    "config": lambda r: r.url.path.endswith("/config"),
    "info": lambda r: r.url.path.endswith("/info"),
    "call": lambda r: r.method == "POST" and "/call/" in r.url.path,
    "stream": lambda r: r.method == "GET" and "/call/" in r.url.path,
    "upload": lambda r: r.url.path.endswith("/upload"),
    "download": lambda r: "/file=" in r.url.path,
}
INJECTED = {
    "refused": ("[Errno 111] Connection refused", "connection refused"),
    "dns": ("[Errno -2] Name or service not known", "could not be resolved"),
}


@pytest.fixture
def inject(monkeypatch):
    """Make every httpx transport fail requests of one kind with a ConnectError (whatever
    transports or mounts the client is built with)."""
    state: dict[str, str] = {}
    real_handle = httpx.HTTPTransport.handle_request

    def handle_request(self: httpx.HTTPTransport, request: httpx.Request) -> httpx.Response:
        if state and REQUEST_KINDS[state["kind"]](request):
            raise httpx.ConnectError(state["message"], request=request)
        return real_handle(self, request)

    monkeypatch.setattr(httpx.HTTPTransport, "handle_request", handle_request)

    def arm(kind: str, message: str) -> None:
        state.update(kind=kind, message=message)
    return arm


@pytest.mark.parametrize("failure", sorted(INJECTED))
@pytest.mark.parametrize("kind", sorted(REQUEST_KINDS))
def test_injected_connect_failures(shell: Shell, rfaults, inject, tmp_path: Path, sample_file: Path,
                                   kind: str, failure: str) -> None:
    message, words = INJECTED[failure]
    inject(kind, message)
    target = tmp_path / "out"
    src = (f"try {{ {call_src(rfaults.url('fileok'), 'f', repr(str(sample_file)))} }} "
           "catch { 'caught: ' + $_.Exception.Message }; "
           f"$c | Update-GradioSessionApiResult | Save-GradioFile -Path '{target}' | Out-Null; 'after'")
    out, err = shell.run(src)
    assert_clean_stderr(err)
    assert out.splitlines()[-1] == "after"
    text = out + err
    assert words in text, text
    assert message not in text or failure == "refused", text  # the raw errno text is translated
    assert not (target.exists() and list(target.iterdir()))


# ------------------------------------------------------------------------------------------
# the event stream
# ------------------------------------------------------------------------------------------

STREAM_CASES = {
    # scenario: (events kept, words in the error line or None for no error)
    "drop": (2, "connection broke"),
    "eof": (2, "ended before the call finished"),
    "badjson": (1, "invalid JSON"),
    "unknownevent": (2, None),
    "notsse": (0, "event stream"),
}


@pytest.mark.parametrize("scenario", sorted(STREAM_CASES))
def test_stream_faults(shell: Shell, rfaults, scenario: str) -> None:
    kept, words = STREAM_CASES[scenario]
    out, err = shell.run(call_src(rfaults.url(scenario), "f") +
                         "; $c | Update-GradioSessionApiResult | Out-Null; 'after'; $c.ApiEvent.events.Count")
    assert_clean_stderr(err)
    assert out.split() == ["after", str(kept)]
    if words is None:
        assert err == ""
    else:
        msgs = error_lines(err)
        assert len(msgs) == 1 and words in msgs[0], err


def test_junk_sse_block_adds_no_event(shell: Shell, rfaults) -> None:
    out, err = shell.run(call_src(rfaults.url("badlines"), "f") +
                         "; $c | Update-GradioSessionApiResult | % event; 'after'")
    assert err == ""
    assert out.split() == ["generating", "complete", "after"]


def test_unknown_event_is_kept_with_its_name(shell: Shell, rfaults) -> None:
    out = shell.ev(call_src(rfaults.url("unknownevent"), "f") + "; $c | Update-GradioSessionApiResult")
    assert [e["event"] for e in out] == ["weird", "complete"]
    assert out[0]["data"]["a"] == 1


def test_fifty_megabyte_result(shell: Shell, rfaults) -> None:
    out, err = shell.run(call_src(rfaults.url("big"), "f") +
                         "; $c | Update-GradioSessionApiResult -NoOutput; $c.ApiEvent.data[0][0].Length; 'after'")
    assert err == ""
    assert out.split() == [str(BIG_BYTES), "after"]


def test_heartbeats_forever_max_heartbeats(shell: Shell, rfaults) -> None:
    out, err = shell.run(call_src(rfaults.url("heartbeats"), "f") +
                         "; $c | Update-GradioSessionApiResult -MaxHeartBeats 3 | % event; "
                         "$c.ApiEvent.LastQueryStatus; 'after'")
    assert_clean_stderr(err)
    assert out.split() == ["heartbeat"] * 3 + ["HeartBeatExpired", "after"]


def test_heartbeats_forever_engine_timeout(rfaults) -> None:
    from gshell.gradio import CallTimeout, GradioSession
    call = GradioSession(rfaults.url("heartbeats")).call("x", ["a"])
    with pytest.raises(CallTimeout) as ei:
        call.wait(timeout=1.0)
    assert "\n" not in str(ei.value) and "timed out after 1 s" in str(ei.value)
    assert call.finished and call.events and all(e.event == "heartbeat" for e in call.events)


def test_heartbeats_forever_timeoutsec(shell: Shell, rfaults) -> None:
    src = call_src(rfaults.url("heartbeats"), "f")
    out, err = shell.run(src.replace("-Session $s", "-Session $s -TimeoutSec 1") +
                         "; $c | Update-GradioSessionApiResult | Out-Null; 'after'")
    if "TimeoutSec" in err:  # maybe on Update-GradioSessionApiResult instead
        out, err = shell.run(src + "; $c | Update-GradioSessionApiResult -TimeoutSec 1 | Out-Null; 'after'")
    assert_clean_stderr(err)
    assert "TimeoutSec" not in err, err
    msgs = error_lines(err)
    assert len(msgs) == 1 and "1 s" in msgs[0], err
    assert out.split()[-1] == "after"


# ------------------------------------------------------------------------------------------
# downloads that try to escape the target directory
# ------------------------------------------------------------------------------------------

@pytest.mark.parametrize("scenario, names", [
    ("traversal", ("evil.txt", "evil2.txt")),
    ("abspath", ("abs-evil.txt", "abs-evil2.txt")),
])
def test_download_never_escapes(shell: Shell, rfaults, tmp_path: Path, sample_file: Path,
                                scenario: str, names: tuple[str, ...]) -> None:
    target = tmp_path / "a" / "b" / "target"
    outside = [Path("/tmp/abs-evil.txt"), Path("/etc/abs-evil2.txt"), Path("/tmp/evil.txt")]
    before = {p: p.exists() for p in outside}
    arg = f"'{sample_file}'" if scenario == "abspath" else "'a'"
    out, err = shell.run(call_src(rfaults.url(scenario), "f", arg) +
                         f"; $c | Update-GradioSessionApiResult | Save-GradioFile -Path '{target}' | % Path; 'after'")
    assert_clean_stderr(err)
    assert out.splitlines()[-1] == "after"
    written = [p for p in tmp_path.rglob("*") if p.is_file() and p != sample_file]
    for p in written:
        assert target in p.parents, f"{p} written outside {target}"
        assert p.name in names
    assert {p: p.exists() for p in outside} == before
    # the saved path printed is inside the target too
    for line in out.splitlines()[:-1]:
        assert line.startswith(str(target) + os.sep), line


# ------------------------------------------------------------------------------------------
# redirects: the token does not follow to another origin
# ------------------------------------------------------------------------------------------

def test_redirect_to_other_origin_drops_token(shell: Shell, rfaults) -> None:
    rfaults.clear()
    out, err = shell.run(f"$s = New-GradioSession '{rfaults.url('redirect')}' -Token {FAKE_TOKEN}; "
                         "Invoke-GradioSessionApi x @('a') -Session $s | Update-GradioSessionApiResult | % event; 'after'")
    # GET /config and /info follow the redirect without credentials; the POST /call body is never
    # re-sent to another origin (docs/security.md rule 3): one error line that says so
    assert "to another origin" in err and err.count("\n") <= 3
    assert out.split() == ["after"]   # the failing cmdlet ends its statement; the script goes on
    assert any(r["headers"].get("authorization") == f"Bearer {FAKE_TOKEN}" for r in rfaults.requests)
    assert rfaults.other.requests, "the redirect was not followed"
    assert not [r for r in rfaults.other.requests if r["method"] == "POST"]
    for r in rfaults.other.requests:
        for h in ("authorization", "x-hf-authorization", "cookie"):
            assert h not in r["headers"], (r["path"], h)
    assert FAKE_TOKEN not in out + err
