"""A token or password given in any supported way never shows: not in stdout, stderr, -Verbose
traces, the HTTP trace (Show-GradioHttp), -WhatIf text, error messages, ConvertTo-Json of sessions,
nor the REPL's history file.  Uses recognisable fake secrets; the servers are the fault servers
on 127.0.0.1 (one of them plays HF_ENDPOINT so that an ambient token is really sent)."""
from __future__ import annotations

import os
import stat
import sys
import time
from pathlib import Path

from robust_support import FAKE_PASSWORD, FAKE_TOKEN, ROOT, gshell_cli, gshell_env

FILE_TOKEN = "hf_FAKEfiletoken0987654321zyxw"


def script(steps: list[str]) -> str:
    return "\n".join("try { " + s + " } catch { 'caught: ' + ($_ | Out-String) }" for s in steps)


def has_param(command: str, param: str) -> bool:
    from gshell.commands import load_all
    cmd = load_all().lookup(command)
    return cmd is not None and any(p.name.lower() == param.lower() or param.lower() in
                                   [a.lower() for a in p.aliases] for p in cmd.all_params())


def leaks(text: str) -> list[str]:
    return [s for s in (FAKE_TOKEN, FAKE_PASSWORD, FILE_TOKEN, FAKE_TOKEN[3:], FILE_TOKEN[3:]) if s in text]


def test_explicit_token_and_password_never_shown(rfaults, tmp_path: Path) -> None:
    ok = rfaults.url("ok")
    steps = [
        f"$s = New-GradioSession '{ok}' -Name a -Token {FAKE_TOKEN} -Verbose",
        "$s | ConvertTo-Json -Depth 6", "Get-GradioSession | Format-List *", "$s", '"$s"',
        "$s.Token", '"the token is $($s.Token)"', "Write-Host $s.Token",
        f"Invoke-GradioSessionApi x @('a') -Token {FAKE_TOKEN} -Verbose | Update-GradioSessionApiResult -Verbose",
        "Show-GradioHttp; Invoke-GradioSessionApi x @('a') -Session a | Update-GradioSessionApiResult; Show-GradioHttp -Off",
        f"Invoke-GradioSessionApi nope -Token {FAKE_TOKEN}",
        f"Write-Error 'bad token {FAKE_TOKEN}'",
        f"throw 'thrown {FAKE_TOKEN}'",
        f"New-GradioSession '{rfaults.url('post-401')}' -Name e -Token {FAKE_TOKEN}; "
        "Invoke-GradioSessionApi x @('a') -Session e -Verbose",
        f"Set-GradioSession a -Token {FAKE_TOKEN}x -Verbose; Get-GradioSession a | ConvertTo-Json",
        f"$b = New-GradioSession '{ok}' -Name b -Username u -Password {FAKE_PASSWORD} -Verbose; "
        "$b | ConvertTo-Json -Depth 6; $b | Format-List *",
        f"New-GradioSession '{ok}' -Name c -Username u -Password {FAKE_PASSWORD} -Token {FAKE_TOKEN} -Force -Verbose "
        "| ConvertTo-Json",
        "Get-GradioSession | ConvertTo-Json -Depth 6",
        "Get-Variable | Out-String",
        "'done'",
    ]
    p = gshell_cli("-c", script(steps), env=gshell_env(HOME=str(tmp_path)))
    text = p.stdout + p.stderr
    assert leaks(text) == [], text
    assert "VERBOSE: " in p.stderr  # the traces were exercised
    assert '"Token": "***"' in p.stdout  # the session JSON was printed, masked
    assert "caught: " in p.stdout and "401" in text
    assert p.stdout.rstrip().endswith("done")
    assert "Traceback" not in p.stderr


def test_ambient_tokens_never_shown(rfaults, tmp_path: Path) -> None:
    """HF_TOKEN and the token file under HF_HOME, sent to the HF_ENDPOINT origin (the `other` server)."""
    hf_home = tmp_path / "hf"
    hf_home.mkdir()
    (hf_home / "token").write_text(FILE_TOKEN + "\n")
    steps = [
        f"$h = New-GradioSession '{rfaults.other_url('ok')}' -Name h -Verbose",
        "$h | ConvertTo-Json -Depth 6", "$h | Format-List *",
        "Show-GradioHttp; Invoke-GradioSessionApi x @('a') -Session h -Verbose | Update-GradioSessionApiResult -Verbose; "
        "Show-GradioHttp -Off",
        f"New-GradioSession '{rfaults.other_url('post-401')}' -Name e; Invoke-GradioSessionApi x @('a') -Session e",
        "'done'",
    ]
    for env_extra, token in (({"HF_TOKEN": FAKE_TOKEN}, FAKE_TOKEN), ({}, FILE_TOKEN)):
        rfaults.clear()
        env = gshell_env(HF_HOME=str(hf_home), HF_ENDPOINT=rfaults.other_base, HOME=str(tmp_path), **env_extra)
        p = gshell_cli("-c", script(steps), env=env)
        text = p.stdout + p.stderr
        assert leaks(text) == [], text
        assert p.stdout.rstrip().endswith("done"), text
        sent = [r["headers"].get("authorization") for r in rfaults.other.requests]
        assert f"Bearer {token}" in sent, sent  # the ambient token was really in play
        assert "Traceback" not in p.stderr


def test_whatif_shows_placeholders(rfaults, tmp_path: Path) -> None:
    ok = rfaults.url("ok")
    p = gshell_cli("-c", script([
        f"$s = New-GradioSession '{ok}' -Name a -Token {FAKE_TOKEN}",
        f"Invoke-GradioSessionApi x @('a') -Token {FAKE_TOKEN} -WhatIf",
        "Invoke-GradioSessionApi x @('a') -Session a -WhatIf",
        f"New-GradioSession '{ok}' -Name w -Username u -Password {FAKE_PASSWORD} -WhatIf",
    ]), env=gshell_env(HOME=str(tmp_path)))
    text = p.stdout + p.stderr
    assert leaks(text) == [], text
    assert "$HF_TOKEN" in p.stdout and "curl" in p.stdout, p.stdout
    assert "$GRADIO_PASSWORD" in p.stdout, p.stdout


def test_history_file_keeps_no_secret(rfaults, tmp_path: Path) -> None:
    import pexpect
    hist = tmp_path / "history"
    env = gshell_env(GSHELL_HISTORY=str(hist), PROMPT_TOOLKIT_NO_CPR="1", TERM="xterm", HOME=str(tmp_path),
                     GSHELL_COMPLETE_WHILE_TYPING="0")  # no pop-up menu eating the Enter keys
    env.pop("NO_COLOR", None)
    lines = [
        f"$s = New-GradioSession '{rfaults.url('ok')}' -Name a -Token {FAKE_TOKEN}",
        f"$t = '{FAKE_TOKEN}'",
        f"New-GradioSession '{rfaults.url('ok')}' -Name b -Username u -Password {FAKE_PASSWORD}",
        "'visible' + 'line'",
    ]
    child = pexpect.spawn(sys.executable, ["-m", "gshell"], env=env, cwd=str(ROOT), encoding="utf-8",
                          dimensions=(30, 200), timeout=30)
    try:
        child.expect(r"> ")
        for i, line in enumerate(lines):
            child.sendline(line)
            # a marker line proves the line has run (typeahead sent while a command runs may be
            # dropped by the shell, so send the marker again until it answers)
            for _attempt in range(10):
                child.sendline(f"'mark' + '{i}x'")
                if child.expect([f"mark{i}x", pexpect.TIMEOUT], timeout=3) == 0:
                    break
            else:
                raise AssertionError(f"the shell did not run line {i}")
        child.sendline("exit")
        child.expect(pexpect.EOF, timeout=15)
    finally:
        child.close(force=True)
    deadline = time.monotonic() + 60  # a bound for a stuck shell, not a latency test
    while not hist.exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    content = hist.read_text(encoding="utf-8")
    assert "visibleline" in content.replace("'", "").replace(" + ", "") or "'visible' + 'line'" in content
    assert leaks(content) == [], content
    assert "-Token" not in content and "-Password" not in content
    assert stat.S_IMODE(os.stat(hist).st_mode) == 0o600
