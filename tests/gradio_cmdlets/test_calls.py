"""Session cmdlets against the real servers (4.44.1, 5.50.0, 6.31.0): values, not shapes only."""
from __future__ import annotations

import pytest

from gshell.runtime.errors import PSError


def test_new_session_and_echo(sh):
    s = sh.one("New-GradioSession $basic")
    assert s.type_name == "GradioSession"
    assert sh.one("(Get-GradioSession .).AppUrl") == sh.server.url("basic")
    assert sh.one("(Get-GradioSession).Version") == sh.server.version
    out = sh.ev("Invoke-GradioSessionApi echo 'hello there' | Update-GradioSessionApiResult")
    assert [e["event"] for e in out] == ["complete"]
    assert out[-1]["data"] == ["hello there"]
    assert out[-1].type_name == "GradioApiEventResult"
    assert out[-1]["num"] == 1


def test_call_record_shape(sh):
    sh.ev("New-GradioSession $basic | Out-Null")
    sh.ev("$c = Invoke-GradioSessionApi -ApiName /echo -Params @('x1')")
    rec = sh.one("$c")
    assert rec.type_name == "GradioSessionApiEvent"
    assert sh.one("$c.ApiName") == "echo"
    assert sh.one("$c.id") == sh.one("$c.ApiEvent.EventId")
    assert len(sh.one("$c.id")) == 32
    assert sh.one("$c.Received") is False and sh.one("$c.LastReceivedIndex") is None
    sh.ev("$c | Update-GradioSessionApiResult -NoOutput")
    assert sh.one("$c.Status") == "complete"
    assert sh.one("$c.ApiEvent.Status") == "complete"
    assert sh.one("$c.ApiEvent.data[0]") == "x1"
    assert sh.one("$c.ApiEvent.events[-1].event") == "complete"
    assert sh.one("$c.ApiEvent.LastQueryStatus") == "complete"
    assert sh.one("$c.ApiEvent.req.data.data[0]") == "x1"
    # the same call by its id and by its number
    assert sh.one("(Get-GradioSessionApi)[0].id") == sh.one("$c.id")
    out, err = sh.run("Update-GradioSessionApiResult -Id $c.id")
    assert "already completed" in err


def test_numbers_slider_checkbox_dropdown(sh):
    sh.ev("New-GradioSession $basic | Out-Null")
    r = sh.ev("Invoke-GradioSessionApi numbers @(2.5, 7, $true, 'blue') | Update-GradioSessionApiResult")[-1]
    d = r["data"][0]
    assert (d["num"], d["num_type"], d["slider"], d["flag"], d["colour"]) == (2.5, "float", 7, True, "blue")


def test_hashtable_params_take_defaults(sh):
    sh.ev("New-GradioSession $basic | Out-Null")
    d = sh.ev("Invoke-GradioSessionApi numbers @{NUM=3; colour='green'} | Update-GradioSessionApiResult")[-1]["data"][0]
    assert (d["num"], d["slider"], d["flag"], d["colour"]) == (3, 5, False, "green")
    r = sh.ev("Invoke-GradioSessionApi defaults @{n=7} | Update-GradioSessionApiResult")[-1]
    assert r["data"] == ["text='hello' n=7 maybe=None"]


def test_unknown_key_lists_names(sh):
    sh.ev("New-GradioSession $basic | Out-Null")
    with pytest.raises(PSError) as ei:
        sh.ev("Invoke-GradioSessionApi defaults @{bogus=1}")
    msg = ei.value.record.message
    assert "bogus" in msg and "text" in msg and "n" in msg and "maybe" in msg and "\n" not in msg
    assert sh.ev("Get-GradioSessionApi") == []


def test_unknown_endpoint_lists_names(sh):
    sh.ev("New-GradioSession $basic | Out-Null")
    out = sh.ev("try { Invoke-GradioSessionApi nope 'x' } catch { $_.Exception.Message }")
    assert len(out) == 1
    assert "nope" in out[0] and "echo" in out[0] and "numbers" in out[0]


def test_streaming_events_arrive_one_by_one(sh):
    sh.ev("New-GradioSession $basic | Out-Null")
    # while each event is processed downstream, the record holds exactly the events so far
    out = sh.ev("$c = Invoke-GradioSessionApi stream @(4); "
                "$c | Update-GradioSessionApiResult | ? event -ne heartbeat | "
                "% { '{0}:{1}:{2}' -f $_.num, $c.ApiEvent.events.Count, $_.event }")
    gen = [x for x in out if x.endswith("generating")]
    assert len(gen) == 4
    for line in out:
        num, count, _ev = line.split(":")
        assert num == count
    assert out[-1].endswith("complete")
    data = sh.ev("$c.ApiEvent.events | ? event -eq generating | % { $_.data[0] }")
    assert data == ["chunk0 ", "chunk0 chunk1 ", "chunk0 chunk1 chunk2 ", "chunk0 chunk1 chunk2 chunk3 "]


def test_gr_error_text(sh):
    sh.ev("New-GradioSession $basic_shown | Out-Null")
    out, err = sh.run("Invoke-GradioSessionApi gr_error 'zz' | Update-GradioSessionApiResult | % event")
    assert out.strip().splitlines()[-1] == "error"
    assert "boom: zz" in err   # 4.x/5.x too: their calls go through the queue, which carries it
    assert sh.interp.failed
    msg = sh.one("try { Invoke-GradioSessionApi gr_error 'q' | Update-GradioSessionApiResult -EA Stop | Out-Null }"
                 " catch { $_.Exception.Message }")
    assert "boom: q" in msg
    assert sh.one("(Get-GradioSessionApi)[-1].ApiEvent.error") == msg
    assert sh.one("(Get-GradioSessionApi)[-1].Status") == "error"


def test_hidden_error_message(sh):
    sh.ev("New-GradioSession $basic | Out-Null")
    msg = sh.one("try { Invoke-GradioSessionApi plain_error 'q' | Update-GradioSessionApiResult -EA Stop | Out-Null }"
                 " catch { $_.Exception.Message }")
    assert "hides the error details" in msg
    assert "show_error=True" in msg


def test_state_across_calls(sh):
    sh.ev("New-GradioSession $basic | Out-Null")
    out = sh.ev("'a','b','c' | % { (Invoke-GradioSessionApi counter @($_) | Update-GradioSessionApiResult)[-1].data[0] }")
    assert out == ["a #1", "b #2", "c #3"]   # 6.x: /call with the session hash; 4.x/5.x: the queue


def test_update_processes_every_piped_call(sh):
    sh.ev("New-GradioSession $basic | Out-Null")
    out = sh.ev("'p','q','r' | % { Invoke-GradioSessionApi echo @($_) } | Update-GradioSessionApiResult | "
                "? event -eq complete | % { $_.data[0] }")
    assert out == ["p", "q", "r"]


def test_piped_session_and_params_positional(sh):
    sh.ev("$s = New-GradioSession $basic -Name mine")
    assert sh.one("$s.Name") == "mine"
    out = sh.ev("$s | Invoke-GradioSessionApi -ApiName 'echo' -Params 'via pipe' | Update-GradioSessionApiResult")
    assert out[-1]["data"] == ["via pipe"]


def test_max_calls_policies(sh):
    sh.ev("New-GradioSession $basic | Out-Null; Set-GradioSession . -MaxCalls 2 -MaxCallsPolicy Error")
    assert sh.one("(Get-GradioSession .).MaxCallsPolicy") == "Error"
    sh.ev("1..2 | % { Invoke-GradioSessionApi echo @(\"$_\") } | Update-GradioSessionApiResult -NoOutput")
    msg = sh.one("try { Invoke-GradioSessionApi echo 'x' } catch { $_.Exception.Message }")
    assert "MaxCalls 2" in msg
    assert len(sh.ev("Get-GradioSessionApi")) == 2
    # Remove: the oldest is dropped
    sh.ev("Set-GradioSession -MaxCallsPolicy Remove")
    sh.ev("Invoke-GradioSessionApi echo 'third' | Update-GradioSessionApiResult -NoOutput")
    ids = sh.ev("Get-GradioSessionApi | % { $_.ApiEvent.req.data.data[0] }")
    assert ids == ["2", "third"]
    # Warning: warns and goes on
    sh.ev("Set-GradioSession . -MaxCallsPolicy warning")
    out, err = sh.run("Invoke-GradioSessionApi echo 'fourth' | Update-GradioSessionApiResult | % { $_.data[0] }")
    assert "WARNING:" in err and "MaxCalls 2" in err
    assert out.strip() == "fourth"
    assert len(sh.ev("Get-GradioSessionApi")) == 3


def test_default_policy_is_warning_100(sh):
    sh.ev("New-GradioSession $basic | Out-Null")
    assert sh.one("(Get-GradioSession .).MaxCalls") == 100
    assert sh.one("(Get-GradioSession .).MaxCallsPolicy") == "Warning"


def test_remove_session_api_targets(sh):
    sh.ev("New-GradioSession $basic | Out-Null")
    sh.ev("$a = Invoke-GradioSessionApi echo 'a'; $a | Update-GradioSessionApiResult -NoOutput")
    sh.ev("$b = Invoke-GradioSessionApi echo 'b'; $b | Update-GradioSessionApiResult -NoOutput")
    sh.ev("$slow = Invoke-GradioSessionApi slow @(30)")
    # eligible only lists
    assert [r["ApiName"] for r in sh.ev("Remove-GradioSessionApi clean -Elegible")] == ["echo", "echo"]
    assert len(sh.ev("Remove-GradioSessionApi all -Eligible")) == 3
    assert len(sh.ev("Get-GradioSessionApi")) == 3
    # a running call is kept without -Force
    out, err = sh.run("$slow | Remove-GradioSessionApi")
    assert "use -Force" in err
    # by id
    removed = sh.ev("Remove-GradioSessionApi $a.id")
    assert [r["id"] for r in removed] == [sh.one("$a.id")]
    assert len(sh.ev("Get-GradioSessionApi")) == 2
    # clean: finished ones only
    assert [r["ApiName"] for r in sh.ev("Remove-GradioSessionApi clean")] == ["echo"]
    assert [r["ApiName"] for r in sh.ev("Get-GradioSessionApi")] == ["slow"]
    # all: running ones too (cancelled)
    assert [r["ApiName"] for r in sh.ev("Remove-GradioSessionApi all")] == ["slow"]
    assert sh.one("$slow.Status") == "cancelled"
    assert sh.ev("Get-GradioSessionApi") == []


def test_stop_slow_job(sh):
    sh.ev("New-GradioSession $basic | Out-Null")
    sh.ev("$t = Invoke-GradioSessionApi ticker @(40)")
    first = sh.ev("$t | Update-GradioSessionApiResult | select -First 2")
    # select -First stopped the reader: the call was cancelled with it
    assert [e["event"] for e in first][0] == "generating"
    sh.ev("$c = Invoke-GradioSessionApi slow @(30)")
    sh.ev("Stop-GradioSessionApi $c")
    assert sh.one("$c.Status") == "cancelled"
    out, err = sh.run("Stop-GradioSessionApi $c")
    assert "already finished" in err
    out, err = sh.run("$c | Update-GradioSessionApiResult")
    assert "already completed" in err


def test_stop_after_some_events_keeps_them(sh6):
    sh = sh6
    sh.ev("New-GradioSession $basic | Out-Null")
    sh.ev("$t = Invoke-GradioSessionApi ticker @(40)")
    got = sh.ev("$t | Update-GradioSessionApiResult | % { $_.event; if ($_.num -ge 2) { $t | Stop-GradioSessionApi } }")
    assert got[:2] == ["generating", "generating"] or got[0] == "generating"
    assert sh.one("$t.Status") == "cancelled"
    assert sh.one("$t.ApiEvent.events.Count") >= 2
