"""Show-GradioHttp / $GShellShowHttp: the HTTP trace on every command; trace line format;
-WhatIf through the cmdlets."""
from __future__ import annotations

import os
import re
import subprocess
import sys
from datetime import datetime
from pathlib import Path

from gshell import secrets
from gshell.gradio.trace import TraceRecord, make
from gshell.teach import format_record

ROOT = Path(__file__).resolve().parents[2]


def gsh(script: str, **env: str) -> subprocess.CompletedProcess[str]:
    e = {k: v for k, v in os.environ.items() if not k.startswith("HF_")}
    e["PYTHONPATH"] = str(ROOT) + os.pathsep + e.get("PYTHONPATH", "")
    e["HF_HOME"] = "/nonexistent-gshell-test-hf-home"
    e["NO_PROXY"] = e["no_proxy"] = "127.0.0.1,localhost"
    e.update(env)
    return subprocess.run([sys.executable, "-m", "gshell", "-c", script], capture_output=True, text=True,
                          env=e, cwd=str(ROOT), timeout=120, stdin=subprocess.DEVNULL)


# -------------------------------------------------------------------------------------------
# line format
# -------------------------------------------------------------------------------------------

def test_format_http_line() -> None:
    rec = TraceRecord(kind="http", method="POST", url="http://127.0.0.1:7860/gradio_api/call/echo", status=200,
                      elapsed_ms=12.4)
    assert format_record(rec) == "POST http://127.0.0.1:7860/gradio_api/call/echo -> 200 12 ms"


def test_format_sse_line_cut_with_length() -> None:
    data = '["' + "x" * 1000 + '"]'
    line = format_record(TraceRecord(kind="sse", event="generating", data=data))
    assert line.startswith('event: generating data: ["xxx')
    assert line.endswith(f"… ({len(data)} chars)")
    assert len(line) < 260
    assert format_record(TraceRecord(kind="sse", event="heartbeat", data=None)) == "event: heartbeat data: null"
    short = format_record(TraceRecord(kind="sse", event="complete", data='["hi"]'))
    assert short == 'event: complete data: ["hi"]'


def test_format_masks_secrets() -> None:
    secrets.register("hf_traceSecretValue42")
    try:
        rec = make("http", method="GET", url="http://h/x?t=hf_traceSecretValue42", status=401)
        assert "hf_traceSecretValue42" not in format_record(rec)
        raw = TraceRecord(kind="sse", event="complete", data='["hf_traceSecretValue42"]', ts=datetime.now())
        assert format_record(raw) == 'event: complete data: ["***"]'
    finally:
        secrets.unregister("hf_traceSecretValue42")


# -------------------------------------------------------------------------------------------
# the cmdlet and the variable, against a real app
# -------------------------------------------------------------------------------------------

CALL = "New-GradioSession {url} -Name t | Out-Null; (Invoke-GradioSessionApi echo hi | Update-GradioSessionApiResult).data[0]"


def _trace_lines(stderr: str) -> list[str]:
    return [ln for ln in stderr.splitlines() if ln.startswith("VERBOSE: ")]


def test_show_gradio_http_traces_every_command(gradio6) -> None:
    url = gradio6.url("basic")
    r = gsh("Show-GradioHttp\n" + CALL.format(url=url) + "\n'$GShellShowHttp=' + $GShellShowHttp")
    assert r.returncode == 0, r.stderr
    assert r.stdout.splitlines() == ["hi", "$GShellShowHttp=True"]
    lines = _trace_lines(r.stderr)
    want = [
        rf"VERBOSE: GET {re.escape(url)}/config -> 200 \d+ ms",
        rf"VERBOSE: GET {re.escape(url)}/gradio_api/info\S* -> 200 \d+ ms",
        r'VERBOSE: call body: \{"data": \["hi"\]\}',   # the request plan's body, as sent
        rf"VERBOSE: POST {re.escape(url)}/gradio_api/call/echo -> 200 \d+ ms",
        rf"VERBOSE: GET {re.escape(url)}/gradio_api/call/echo/[0-9a-f]+ -> 200 \d+ ms",
        r'VERBOSE: event: complete data: \["hi"\]',
    ]
    assert len(lines) == len(want), lines
    for pattern, line in zip(want, lines, strict=True):
        assert re.fullmatch(pattern, line), (pattern, line)


def test_variable_and_off(gradio6) -> None:
    url = gradio6.url("basic")
    on = gsh("$GShellShowHttp = $true\n" + CALL.format(url=url))
    assert on.returncode == 0 and on.stdout == "hi\n"
    assert any("/call/echo -> 200" in ln for ln in _trace_lines(on.stderr))
    off = gsh("Show-GradioHttp; Show-GradioHttp -Off\n" + CALL.format(url=url) + "\n$GShellShowHttp")
    assert off.returncode == 0 and off.stdout == "hi\nFalse\n"
    assert _trace_lines(off.stderr) == []


def test_show_gradio_http_on_gradio4_paths(_gradio_pool) -> None:
    server = _gradio_pool["4.44.1"]
    server.wait_ready()
    url = server.url("basic")
    r = gsh("Show-GradioHttp\n" + CALL.format(url=url))
    assert r.returncode == 0, r.stderr
    lines = _trace_lines(r.stderr)
    assert any(re.fullmatch(rf"VERBOSE: GET {re.escape(url)}/info\S* -> 200 \d+ ms", ln) for ln in lines), lines
    # 4.x: no API prefix, and calls go through the queue
    assert any(re.fullmatch(rf"VERBOSE: POST {re.escape(url)}/queue/join -> 200 \d+ ms", ln) for ln in lines), lines
    assert any(re.fullmatch(rf"VERBOSE: GET {re.escape(url)}/queue/data\?session_hash=\w+ -> 200 \d+ ms", ln)
               for ln in lines), lines




def test_long_event_data_is_cut_in_the_trace(gradio6) -> None:
    url = gradio6.url("basic")
    long_text = "y" * 600
    r = gsh(f"Show-GradioHttp; New-GradioSession {url} -Name t | Out-Null\n"
            f"(Invoke-GradioSessionApi echo '{long_text}' | Update-GradioSessionApiResult).data[0].Length")
    assert r.returncode == 0 and r.stdout == "600\n"
    event = [ln for ln in _trace_lines(r.stderr) if "event: complete" in ln]
    assert len(event) == 1
    assert event[0].endswith(f"… ({len(long_text) + 4} chars)"), event[0]


# -------------------------------------------------------------------------------------------
# -WhatIf through the cmdlets (gshell.teach.call_bash called when -WhatIf is bound)
# -------------------------------------------------------------------------------------------

def test_invoke_whatif_prints_bash_and_sends_nothing(gradio6) -> None:
    url = gradio6.url("basic")
    r = gsh(f"New-GradioSession {url} -Name t | Out-Null\n"
            "Invoke-GradioSessionApi echo 'from whatif' -WhatIf\n"
            "(Get-GradioSessionApi).Count")
    assert r.returncode == 0, r.stderr
    lines = r.stdout.splitlines()
    assert lines[0].startswith("EVENT_ID=$(curl -s -H 'Content-Type: application/json' -d '{\"data\": [\"from whatif\"]}' ")
    assert lines[0].endswith(f"{url}/gradio_api/call/echo/$EVENT_ID")
    assert lines[1] == "0"  # no call was made
    out = subprocess.run(["bash", "-c", lines[0]], capture_output=True, text=True, timeout=60).stdout
    assert 'data: ["from whatif"]' in out


def test_proxy_whatif_never_shows_the_token(gradio6) -> None:
    url = gradio6.url("basic")
    token = "hf_proxyWhatIfSecret123456"
    r = gsh(f"New-GradioSession {url} -Name t -Token {token} | Out-Null; New-GradioSessionApiProxyFunction | Out-Null\n"
            "Invoke-GradioApiEcho -Text 'x' -WhatIf")
    assert r.returncode == 0, r.stderr
    assert token not in r.stdout + r.stderr
    assert "Bearer $HF_TOKEN" in r.stdout


def test_send_gradio_api_whatif(gradio6) -> None:
    url = gradio6.url("basic")
    r = gsh(f"Send-GradioApi {url} echo @('raw') -WhatIf")
    assert r.returncode == 0, r.stderr
    out = subprocess.run(["bash", "-c", r.stdout], capture_output=True, text=True, timeout=60).stdout
    assert 'data: ["raw"]' in out
