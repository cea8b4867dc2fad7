"""Get-GradioInfo, Send-GradioApi, Update-GradioApiResult; -Verbose trace."""
from __future__ import annotations

import re


def test_get_gradio_info(sh):
    info = sh.one("Get-GradioInfo $basic")
    prefix = "" if sh.server.major == 4 else "/gradio_api"
    assert info["RealAppUrl"] == sh.server.url("basic") + prefix
    assert sh.ev("$i = Get-GradioInfo $basic; $i.named_endpoints.'/echo'.parameters | % parameter_name") == ["text"]
    assert sh.one("(Get-GradioInfo $basic).named_endpoints.'/ECHO'.parameters[0].label") == "Input text"
    # the URL PowerShAI calls RealAppUrl works as well
    assert "/numbers" in sh.one(f"(Get-GradioInfo '{info['RealAppUrl']}').named_endpoints").keys()
    # a session and `.`
    sh.ev("New-GradioSession $basic | Out-Null")
    assert sh.one("(Get-GradioInfo).RealAppUrl") == info["RealAppUrl"]
    assert sh.one("(Get-GradioSession | Get-GradioInfo).RealAppUrl") == info["RealAppUrl"]


def test_get_gradio_info_view_reads_the_endpoint_model(sh):
    """At the prompt, each endpoint with its parameters (component, kind, type, default) and
    returns; the value stays /info as records (Format-List and member access see them)."""
    out, err = sh.run("Get-GradioInfo $basic")
    assert not err
    lines = out.split("\n")
    assert any(ln.startswith(sh.server.url("basic")) and "(gradio " in ln for ln in lines)
    assert re.search(r"^/echo(  Echo the text back\.)?$", out, re.M)   # 4.x sends no description
    assert re.search(r"^  Parameter +Component +Kind +Type +Default$", out, re.M)
    assert re.search(r"^  text +Textbox +text +str +\(required\)$", out, re.M)
    assert re.search(r"^  slider +Slider +number +float +5$", out, re.M)
    assert re.search(r"^  text +Textbox +text +str +'hello'$", out, re.M)      # /defaults
    assert re.search(r"^  colour +Dropdown +choice +.* 'red'$", out, re.M)
    assert "  Returns: Output text (Textbox, text)" in lines
    assert "/stream  [generator]" in lines or sh.server.major == 4
    assert "named_endpoints" not in out
    info = sh.one("Get-GradioInfo $basic")
    assert info.type_name == "GradioAppInfo" and "/echo" in info["named_endpoints"]
    # Format-List and a property still show the records
    out, _ = sh.run("Get-GradioInfo $basic | Format-List")
    assert "named_endpoints" in out and "RealAppUrl" in out
    out, _ = sh.run("(Get-GradioInfo $basic).named_endpoints.'/echo'.parameters[0]")
    assert "parameter_name" in out


def test_send_and_update(sh):
    ev = sh.one("$e = Send-GradioApi -AppUrl $basic -ApiName echo -Params @('low level'); $e")
    assert ev.type_name == "GradioApiEvent"
    assert len(sh.one("$e.EventId")) == 32
    out = sh.ev("$e | Update-GradioApiResult")
    assert [o["event"] for o in out] == ["complete"]
    assert out[0]["data"] == ["low level"]
    assert sh.one("$e.Status") == "complete" and sh.one("$e.LastQueryStatus") == "complete"
    out, err = sh.run("$e | Update-GradioApiResult")
    assert "Event already completed" in err


def test_send_unknown_endpoint_lists_names(sh):
    msg = sh.one("try { Send-GradioApi $basic nope @('x') } catch { $_.Exception.Message }")
    assert "nope" in msg and "echo" in msg


def test_update_script_sees_each_event(sh):
    sh.ev("$e = Send-GradioApi $basic stream @(3, 0.1)")
    out = sh.ev("$e | Update-GradioApiResult -NoOutput -Script { param($p) \"$($p.event.num)=$($p.ApiEvent.events.Count)\" }")
    assert out[:3] == ["1=1", "2=2", "3=3"]
    assert out[-1].split("=")[0] == out[-1].split("=")[1]


def test_send_with_existing_event_id(sh):
    sh.ev("$e = Send-GradioApi $basic echo @('by id')")
    out = sh.ev("Send-GradioApi $basic echo -EventId $e.EventId | Update-GradioApiResult")
    assert out[-1]["data"] == ["by id"]


def test_invoke_with_existing_event_id(sh):
    sh.ev("New-GradioSession $basic | Out-Null; $e = Send-GradioApi $basic echo @('attached')")
    out = sh.ev("Invoke-GradioSessionApi echo -EventId $e.EventId | Update-GradioSessionApiResult")
    assert out[-1]["data"] == ["attached"]


def test_max_heartbeats_and_resume(sh6):
    sh = sh6  # 6.x sends a heartbeat every second here
    sh.ev("$e = Send-GradioApi $basic slow @(3)")
    out = sh.ev("$e | Update-GradioApiResult -MaxHeartBeats 1")
    assert [o["event"] for o in out] == ["heartbeat"]
    assert out[0]["data"] is None
    assert sh.one("$e.LastQueryStatus") == "HeartBeatExpired"
    assert sh.one("$e.Status") == "running"
    rest = sh.ev("$e | Update-GradioApiResult")
    assert rest[-1]["event"] == "complete" and rest[-1]["data"] == ["slept 3"]
    assert [o["num"] for o in out + rest] == list(range(1, len(out) + len(rest) + 1))


def test_heartbeats_are_emitted(sh6):
    sh = sh6
    sh.ev("New-GradioSession $basic | Out-Null")
    out = sh.ev("Invoke-GradioSessionApi slow 3 | Update-GradioSessionApiResult | % event")
    assert out[-1] == "complete" and "heartbeat" in out


def test_verbose_trace(sh):
    out, err = sh.run("New-GradioSession $basic -Verbose | Out-Null")
    assert re.search(r"VERBOSE: GET http://127\.0\.0\.1:\d+/basic/config -> 200 \d+ ms", err)
    out, err = sh.run("Invoke-GradioSessionApi echo 'vv' -Verbose | Update-GradioSessionApiResult -Verbose | % { $_.data[0] }")
    assert out.strip() == "vv"
    if sh.server.major >= 6:
        assert re.search(r"VERBOSE: POST \S+/call/echo -> 200 \d+ ms", err)
        assert re.search(r"VERBOSE: GET \S+/call/echo/[0-9a-f]{32} -> 200", err)
        assert 'VERBOSE: event: complete data: ["vv"]' in err
    else:  # the queue: the trace shows its messages as they arrive
        assert re.search(r"VERBOSE: POST \S+/queue/join -> 200 \d+ ms", err)
        assert re.search(r"VERBOSE: GET \S+/queue/data\?session_hash=\w+ -> 200", err)
        assert re.search(r'VERBOSE: event: message data: \{"msg": ?"process_completed"', err)
    # no trace without -Verbose
    out, err = sh.run("Invoke-GradioSessionApi echo 'quiet' | Update-GradioSessionApiResult | Out-Null")
    assert "VERBOSE" not in err
    # $GShellShowHttp turns it on for every command
    out, err = sh.run("$GShellShowHttp = $true; Invoke-GradioSessionApi echo 'loud' | Update-GradioSessionApiResult | Out-Null")
    assert "VERBOSE: POST" in err and ('event: complete data: ["loud"]' in err or '"loud"' in err)


# -TimeoutSec bounds the whole (rest of the) call: one line, the events so far kept.
TIMED_OUT = re.compile(r"/slow timed out after 2 s \((\d+) event\(s\) kept\)")


def _timed_out_once(err: str) -> int:
    lines = [ln for ln in err.splitlines() if "timed out" in ln]
    assert len(lines) == 1 and "Traceback" not in err, err
    m = TIMED_OUT.search(lines[0])
    assert m, lines[0]
    return int(m.group(1))


def test_update_gradio_api_result_timeout(sh6):
    sh = sh6  # heartbeats every second: events arrive before the deadline
    sh.ev("$e = Send-GradioApi $basic slow @(20)")
    out, err = sh.run("$e | Update-GradioApiResult -TimeoutSec 2 | % event")
    kept = _timed_out_once(err)
    assert kept >= 1 and out.split() == ["heartbeat"] * kept
    assert sh.one("$e.Status") == "complete"  # PowerShAI's GradioApiEvent: finished
    assert sh.one("$e.LastQueryStatus") == "timeout"
    assert sh.one("$e.events.Count") == kept and "timed out after 2 s" in sh.one("$e.error")


def test_update_session_result_timeout(sh6):
    sh = sh6
    sh.ev("New-GradioSession $basic | Out-Null; $c = Invoke-GradioSessionApi slow 20")
    out, err = sh.run("$c | Update-GradioSessionApiResult -TimeoutSec 2 | % event")
    kept = _timed_out_once(err)
    assert sh.one("$c.Status") == "error" and sh.one("$c.ApiEvent.events.Count") == kept >= 1
    # a call that finishes in time is not affected
    assert sh.ev("Invoke-GradioSessionApi echo 'quick' | Update-GradioSessionApiResult -TimeoutSec 30")[-1]["data"] == \
        ["quick"]


def test_invoke_timeout_bounds_the_whole_call(sh6):
    sh = sh6
    sh.ev("New-GradioSession $basic | Out-Null")
    out, err = sh.run("Invoke-GradioSessionApi slow 20 -TimeoutSec 2 | Update-GradioSessionApiResult | % event")
    _timed_out_once(err)
    assert sh.one("(Get-GradioSessionApi)[-1].Status") == "error"
    # -TimeoutSec 0: no bound
    assert sh.ev("Invoke-GradioSessionApi slow 1 -TimeoutSec 0 | Update-GradioSessionApiResult")[-1]["data"] == \
        ["slept 1"]


def test_timeout_smoke_4x_5x(sh):
    if sh.server.major >= 6:
        return  # covered above with 1 s heartbeats
    sh.ev("New-GradioSession $basic | Out-Null")
    out, err = sh.run("Invoke-GradioSessionApi slow 20 | Update-GradioSessionApiResult -TimeoutSec 2")
    assert len([ln for ln in err.splitlines() if "timed out after 2 s" in ln]) == 1, err
