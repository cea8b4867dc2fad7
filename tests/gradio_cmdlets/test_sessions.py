"""Session management, auth, secrets."""
from __future__ import annotations

import json

import pytest

from gshell.runtime.errors import PSError


def test_get_session_variants(sh):
    sh.ev("$a = New-GradioSession $basic -Name one; $b = New-GradioSession $iface -Name two")
    assert sh.ev("Get-GradioSession | % Name") == ["one", "two"]
    assert sh.ev("Get-GradioSession * | % Name") == ["one", "two"]
    assert sh.ev("Get-GradioSession two | % AppUrl") == [sh.server.url("iface")]
    assert sh.ev("Get-GradioSession '*ifa*' -Like | % Name") == ["two"]
    sid = sh.one("$b.SessionId")  # quoted below: a hex id like 8e5123 is a number when bare
    assert sh.ev(f"Get-GradioSession '{sid}' -ById | % Name") == ["two"]
    assert sh.one("Get-GradioSession -Session $a").session is sh.one("$a").session
    rows = sh.ev("Get-GradioSession | select Name, AppUrl")
    assert [(r["Name"], r["AppUrl"]) for r in rows] == [("one", sh.server.url("basic")),
                                                        ("two", sh.server.url("iface"))]
    with pytest.raises(PSError) as ei:
        sh.ev("Get-GradioSession three")
    assert "three" in ei.value.record.message and "one" in ei.value.record.message


def test_default_session_rule(sh):
    sh.ev("$app1 = New-GradioSession $basic")
    # the only session is the default
    assert sh.one("(Get-GradioSession .).Name") == sh.server.url("basic")
    sh.ev("$app2 = New-GradioSession $iface")
    with pytest.raises(PSError) as ei:
        sh.ev("Invoke-GradioSessionApi echo 'x'")
    assert ei.value.record.message == ("No default session: name one with -Session or set one with "
                                       "Set-GradioSession -Default")
    # PowerShAI's walkthrough line, unchanged
    sh.ev("Set-GradioSession -Default $app2")
    assert sh.one("(Get-GradioSession .).AppUrl") == sh.server.url("iface")
    assert sh.ev("Get-GradioSession | % Default") == [False, True]
    out = sh.ev("Invoke-GradioSessionApi echo 'on app1' -Session $app1 | Update-GradioSessionApiResult")
    assert out[-1]["data"] == ["on app1"]


def test_duplicate_name_and_force(sh):
    sh.ev("New-GradioSession $basic -Name dup | Out-Null")
    msg = sh.one("try { New-GradioSession $basic -Name dup } catch { $_.Exception.Message }")
    assert "dup" in msg and "-Force" in msg
    sh.ev("New-GradioSession $iface -Name dup -Force | Out-Null")
    assert sh.ev("Get-GradioSession | % AppUrl") == [sh.server.url("iface")]


def test_remove_session(sh):
    sh.ev("New-GradioSession $basic -Name a | Out-Null; New-GradioSession $iface -Name b | Out-Null;"
          "New-GradioSession $chat -Name c | Out-Null")
    sh.ev("Remove-GradioSession a")
    assert sh.ev("Get-GradioSession | % Name") == ["b", "c"]
    sh.ev("Get-GradioSession b | Remove-GradioSession")
    assert sh.ev("Get-GradioSession | % Name") == ["c"]
    out, err = sh.run("Remove-GradioSession")
    assert "No session given" in err
    out, err = sh.run("Remove-GradioSession zzz")
    assert "zzz" in err
    sh.ev("Get-GradioSession | Remove-GradioSession")
    assert sh.ev("Get-GradioSession") == []


def test_auth_with_username_password(sh):
    msg = sh.one("try { New-GradioSession $auth } catch { $_.Exception.Message }")
    assert "401" in msg and "login" in msg
    sh.ev("New-GradioSession $auth -Username u -Password p | Out-Null")
    out = sh.ev("Invoke-GradioSessionApi whoami 'hi' | Update-GradioSessionApiResult")
    assert out[-1]["data"] == ["u:hi"]
    bad = sh.one("try { New-GradioSession $auth -Name x -Username u -Password wrong } catch { $_.Exception.Message }")
    assert "incorrect" in bad
    assert "wrong" not in bad


def test_auth_with_credential_record(sh):
    sh.ev("$cred = [pscustomobject]@{UserName='u'; Password='p'}")
    sh.ev("New-GradioSession $auth -Credential $cred | Out-Null")
    out = sh.ev("Invoke-GradioSessionApi whoami 'c' | Update-GradioSessionApiResult")
    assert out[-1]["data"] == ["u:c"]


def test_credential_name_needs_a_terminal(sh):
    msg = sh.one("try { New-GradioSession $auth -Credential u } catch { $_.Exception.Message }")
    assert "interactive" in msg


def test_token_never_shown(sh):
    tok = "hf_SuperSecretToken123"
    sh.ev(f"$s = New-GradioSession $basic -Token {tok}")
    assert sh.one("$s.Token") == "***"
    js = sh.one("$s | ConvertTo-Json")
    assert tok not in js and json.loads(js)["Token"] == "***"
    out, err = sh.run("$s; $s | Format-List *; Get-GradioSession | Format-Table *; $s | ConvertTo-Json -Depth 5")
    assert tok not in out and tok not in err
    # the token is used: the call still works (a Bearer header is ignored by non-auth apps)
    r = sh.ev("Invoke-GradioSessionApi echo 'tok' | Update-GradioSessionApiResult")
    assert r[-1]["data"] == ["tok"]
    out, err = sh.run("Invoke-GradioSessionApi echo 'v' -Verbose | Update-GradioSessionApiResult -Verbose")
    assert tok not in out + err
    sh.ev("Set-GradioSession -Token other_secret_token")
    assert sh.one("$s.Token") == "***"
    assert "other_secret_token" not in sh.one("$s | ConvertTo-Json")


def test_set_session_download_path(sh, tmp_path):
    sh.ev("New-GradioSession $files | Out-Null")
    sh.interp.set_variable("dl", str(tmp_path))
    sh.ev("Set-GradioSession -DownloadPath $dl")
    assert sh.one("(Get-GradioSession .).DownloadPath") == str(tmp_path)
    sh.ev("Invoke-GradioSessionApi file_single 'auto' | Update-GradioSessionApiResult -NoOutput")
    assert (tmp_path / "out.txt").read_text() == "auto"


def test_session_info_and_endpoints(sh):
    sh.ev("$s = New-GradioSession $basic")
    names = sh.ev("$s.Endpoints")
    assert "echo" in names and "numbers" in names
    assert sh.ev("$s.info.named_endpoints.'/echo'.parameters | % parameter_name") == ["text"]


def test_interpreter_close_closes_sessions(gradio6, no_ambient_token):
    """Interpreter.close() runs the Gradio layer's close callback once (sessions and the
    anonymous ones of the low-level cmdlets); a failing callback does not stop the others."""
    from cmdlet_shell import Shell

    from gshell.commands.gradio_views import GradioState
    sh = Shell(gradio6)
    sh.ev("New-GradioSession $basic | Out-Null; Get-GradioInfo $files | Out-Null")
    session = sh.sessions.get(".")
    anon = list(sh.interp.state(GradioState).anonymous.values())
    assert len(anon) == 1 and not anon[0].keep_calls
    order: list[str] = []
    sh.interp.on_close(lambda: order.append("first"))
    sh.interp.on_close(lambda: 1 / 0)
    sh.interp.close()
    assert order == ["first"]
    assert session.client.http.is_closed and anon[0].client.http.is_closed
    assert len(sh.sessions) == 0
    sh.interp.close()  # idempotent
    assert order == ["first"]
