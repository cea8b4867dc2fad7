"""Declarations of the Gradio cmdlets (help, completion domains) and the password prompt."""
from __future__ import annotations

from gshell.commands import builtin_registry, load_all
from gshell.runtime.host import CaptureHost
from gshell.runtime.interpreter import Interpreter

BUILTINS = load_all()

MINE = ["Get-GradioInfo", "Send-GradioApi", "Update-GradioApiResult", "Send-GradioFile", "New-GradioSession",
        "Get-GradioSession", "Set-GradioSession", "Remove-GradioSession", "Send-GradioSessionFiles",
        "Invoke-GradioSessionApi", "Update-GradioSessionApiResult", "Get-GradioSessionApi",
        "Remove-GradioSessionApi", "Stop-GradioSessionApi", "Save-GradioFile"]


def test_declared_with_help_and_examples():
    for name in MINE:
        cmd = BUILTINS.lookup(name)
        assert cmd is not None, name
        assert cmd.module == "gshell.Gradio" and cmd.synopsis and cmd.examples, name
        assert all(p.help for p in cmd.params), name


def test_completion_domains():
    def param(cmd: str, name: str):
        return next(p for p in BUILTINS.lookup(cmd).params if p.name == name)
    assert param("Invoke-GradioSessionApi", "ApiName").complete == "endpoint"
    assert param("Send-GradioApi", "ApiName").complete == "endpoint"
    for cmd in ("Invoke-GradioSessionApi", "Update-GradioSessionApiResult", "Get-GradioSession", "Set-GradioSession",
                "Get-GradioSessionApi", "Remove-GradioSessionApi", "Stop-GradioSessionApi", "Send-GradioSessionFiles"):
        assert param(cmd, "Session").complete == "session", cmd
    assert param("Set-GradioSession", "MaxCallsPolicy").choices == ("Error", "Remove", "Warning")
    assert param("Send-GradioFile", "Files").complete == "path"
    assert param("Save-GradioFile", "Path").complete == "path"
    assert "Eligible" in param("Remove-GradioSessionApi", "Elegible").aliases
    # PowerShAI's positions
    assert [p.name for p in sorted((p for p in BUILTINS.lookup("Invoke-GradioSessionApi").params
                                    if p.position is not None), key=lambda p: p.position)] == \
        ["ApiName", "Params", "EventId", "Session", "Token"]


def test_get_help_runs():
    host = CaptureHost(width=120)
    Interpreter(builtin_registry(), host=host).run_text("Get-Help Invoke-GradioSessionApi -Full")
    assert "MaxCallsPolicy" in host.out and "hashtable" in host.out
    assert host.err == ""


def test_bad_policy_is_refused_by_binding():
    host = CaptureHost(width=120)
    it = Interpreter(builtin_registry(), host=host)
    it.run_text("Set-GradioSession -MaxCallsPolicy sometimes")
    assert "sometimes" in host.err


def test_password_prompt_without_echo(sh):
    asked: list[tuple[str, bool]] = []

    def read_line(prompt: str, secret: bool = False) -> str:
        asked.append((prompt, secret))
        return "p"

    sh.interp.read_line = read_line
    sh.ev("New-GradioSession $auth -Credential u | Out-Null")
    assert asked == [("Password for user u: ", True)]
    assert sh.ev("Invoke-GradioSessionApi whoami 'prompted' | Update-GradioSessionApiResult")[-1]["data"] == ["u:prompted"]
