"""The request plan and the queue protocol against the real servers (4.44, 5.50, 6.31): one
protocol per major, gr.State and gr.Error on all three, State slots dropped from data (RawData
keeps the wire), numbers keep the user's type, Gradio's validation errors."""
from __future__ import annotations

import json


def test_protocol_per_major(sh):
    sh.ev("$s = New-GradioSession $basic")
    sh.ev("$c = Invoke-GradioSessionApi echo 'x'; $c | Update-GradioSessionApiResult -NoOutput")
    url = sh.one("$c.ApiEvent.req.url")
    body = sh.one("$c.ApiEvent.req.data")
    if sh.server.major >= 6:
        assert url.endswith("/call/echo") and body["data"] == ["x"]
    else:
        assert url.endswith("/queue/join")
        assert body["fn_index"] == sh.one("$s").session.endpoint("echo").fn_index
        assert body["session_hash"] and body["data"] == ["x"]
    assert sh.one("$c.ApiEvent.data[0]") == "x"   # (one output: the shell unrolls ['x'])


def test_state_slots_dropped_raw_kept(sh):
    sh.ev("New-GradioSession $basic -Name b | Out-Null")
    ev = sh.ev("Invoke-GradioSessionApi counter @{text='a'} | Update-GradioSessionApiResult")[-1]
    assert ev["data"] == ["a #1"]                 # lines up with /info returns
    assert ev["RawData"] == ["a #1", None]        # the wire: the State slot too
    assert sh.one("(Get-GradioSessionApi)[-1].ApiEvent.data[0]") == "a #1"
    assert sh.ev("(Get-GradioSessionApi)[-1].ApiEvent.RawData[0]") == ["a #1", None]
    sh.ev("New-GradioSession $state -Name sf | Out-Null")
    ev = sh.ev("Invoke-GradioSessionApi -Session sf sf @('x') | Update-GradioSessionApiResult")[-1]
    assert ev["data"] == ["x"] and ev["RawData"] == [None, "x"]
    ev = sh.ev("Invoke-GradioSessionApi -Session sf sf @('y') | Update-GradioSessionApiResult")[-1]
    assert ev["data"] == ["x|y"]                  # State kept on every major
    # -Map indexes the aligned data
    sh.ev("New-GradioSessionApiProxyFunction -Session b -ApiName echo | Out-Null")
    out = sh.ev("Invoke-GradioSessionApi -Session b counter @{text='m'} | Update-GradioSessionApiResult | "
                "? event -eq complete | Invoke-GradioApiEcho -Map Text=0 | % { $_.data[0] }")
    assert out == ["m #2"]


def test_generator_diffs_applied(sh):
    sh.ev("New-GradioSession $basic | Out-Null")
    out = sh.ev("Invoke-GradioSessionApi stream @(4) | Update-GradioSessionApiResult | "
                "? event -ne heartbeat | % { $_.event + '=' + $_.data[0] }")
    assert out == ["generating=chunk0 ", "generating=chunk0 chunk1 ", "generating=chunk0 chunk1 chunk2 ",
                   "generating=chunk0 chunk1 chunk2 chunk3 ", "complete=chunk0 chunk1 chunk2 chunk3 "]


def test_gr_error_message_and_record(sh):
    sh.ev("New-GradioSession $basic | Out-Null")
    msg = sh.one("try { Invoke-GradioSessionApi gr_error 'q' | Update-GradioSessionApiResult -EA Stop | Out-Null }"
                 " catch { $_.Exception.Message }")
    assert "boom: q" in msg
    # a plain exception stays hidden (show_error=False), and says so
    msg = sh.one("try { Invoke-GradioSessionApi plain_error 'q' | Update-GradioSessionApiResult -EA Stop | "
                 "Out-Null } catch { $_.Exception.Message }")
    assert "hides the error details" in msg and "show_error=True" in msg


def test_numbers_keep_their_type(sh):
    sh.ev("New-GradioSession $basic | Out-Null; New-GradioSessionApiProxyFunction -ApiName numbers | Out-Null")
    one = sh.ev("Invoke-GradioSessionApi numbers @{num=[int]2} | Update-GradioSessionApiResult")[-1]["data"][0]
    assert one["num"] == 2 and one["num_type"] == "int"
    got = sh.ev("Invoke-GradioApiNumbers -Num 2 -Slider 3 | % { $_.data[0] }")[-1]
    assert (got["num"], got["num_type"], got["slider"]) == (2, "int", 3)
    got = sh.ev("Invoke-GradioApiNumbers -Num 2.5 | % { $_.data[0] }")[-1]
    assert got["num"] == 2.5
    text = sh.run("Invoke-GradioApiNumbers -Num 2 -WhatIf")[0]
    assert '"data": [2, 5, false, "red"]' in text
    help_text = "\n".join(str(x) for x in sh.ev("Get-Help Invoke-GradioApiNumbers -Parameter Num"))
    assert "Double" not in help_text


def test_validation_error_lists_the_parameters(sh):
    sh.ev("New-GradioSession $state | Out-Null")
    if sh.server.major == 4:   # no validators before 5: the test app has no /register there
        assert "register" not in sh.one("$(Get-GradioSession .).Endpoints")
        return
    msg = sh.one("try { Invoke-GradioSessionApi register @{name=''; age=-3} | Update-GradioSessionApiResult "
                 "-EA Stop | Out-Null } catch { $_.Exception.Message }")
    assert "2 parameter(s) failed validation: name: a name is required; age: the age must not be negative" in msg
    ok = sh.ev("Invoke-GradioSessionApi register @{name='Ada'; age=36} | Update-GradioSessionApiResult")
    assert ok[-1]["data"] == ["Ada (36)"]


def test_whatif_prints_what_is_sent(sh):
    sh.ev("New-GradioSession $basic | Out-Null")
    text = sh.run("Invoke-GradioSessionApi counter @('w') -WhatIf")[0]
    body = json.loads(text.split(" -d '", 1)[1].split("' ", 1)[0])
    assert body["data"] == ["w", None]   # the State placeholder, as sent
    if sh.server.major < 6:
        assert "/queue/join" in text and "/queue/data?session_hash=" in text and body["fn_index"] is not None
    for lang, marker in (("python", "client.predict("), ("javascript", "await client.predict(")):
        out = sh.run(f"$GradioWhatIfLanguage = '{lang}'; Invoke-GradioSessionApi echo @('hi') -WhatIf")[0]
        assert marker in out, out
    out, err = sh.run("$GradioWhatIfLanguage = 'cobol'; Invoke-GradioSessionApi echo @('hi') -WhatIf")
    assert "use curl, python or javascript" in err


def test_chat_history_is_not_a_file(sh):
    """A Chatbot's message schema mentions FileData in $defs: the history is sent as given."""
    sh.ev("New-GradioSession $state | Out-Null")
    if sh.server.major == 4:   # the test app has no message-dict chatbot on 4.x
        assert "bot" not in sh.one("$(Get-GradioSession .).Endpoints")
        return
    if sh.server.major >= 6:   # 6.x: content is a list of parts
        hist = ("@(@{role='user'; content=@(@{type='text'; text='Hello'})}, "
                "@{role='assistant'; content=@(@{type='text'; text='Hey'})})")
    else:
        hist = "@(@{role='user'; content='Hello'}, @{role='assistant'; content='Hey'})"
    ev = sh.ev(f"Invoke-GradioSessionApi bot @{{message='Hi'; history={hist}}} | Update-GradioSessionApiResult")[-1]
    assert ev["event"] == "complete", ev
    history = ev["data"][0]
    assert [m["role"] for m in history][-2:] == ["user", "assistant"]
    assert "2 earlier message(s)" in str(history[-1]["content"])   # 6.x wraps text in content parts
