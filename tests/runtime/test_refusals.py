"""Refused constructs execute nothing: one-line errors naming the construct, no process."""

from __future__ import annotations

import os
import subprocess

import pytest
from rt_helpers import ev, run

from gshell.runtime.errors import PSError


@pytest.fixture(autouse=True)
def no_processes(monkeypatch: pytest.MonkeyPatch) -> None:
    def boom(*a: object, **k: object) -> None:
        raise AssertionError("a process was started")
    for name in ("Popen", "run", "call", "check_call", "check_output"):
        monkeypatch.setattr(subprocess, name, boom)
    for name in ("system", "execv", "execvp", "execve", "spawnv", "popen", "fork"):
        if hasattr(os, name):
            monkeypatch.setattr(os, name, boom)


@pytest.mark.parametrize("src, needle", [
    ("[IO.File]::ReadAllText('/etc/passwd')", "[IO.File]::ReadAllText is not supported in gshell"),
    ("[System.Diagnostics.Process]::Start('ls')", "not supported in gshell"),
    ("Add-Type -TypeDefinition 'x'", "Add-Type"),
    ("Invoke-Expression 'Get-Date'", "Invoke-Expression"),
    ("iex 'x'", "Invoke-Expression"),
    ("Start-Job { 1 }", "Start-Job"),
    ("1..3 | ForEach-Object -Parallel { $_ }", "Parallel"),
    ("$using:x", "$using:x"),
    ("& 'curl' http://x", "is not supported in gshell"),
    (". ./script.ps1", "not supported in gshell"),
    ("[Reflection.Assembly]'x'", "not supported in gshell"),
    ("'a' 2>&1", "2>&1"),
])
def test_refused_constructs(src: str, needle: str) -> None:
    with pytest.raises(PSError) as e:
        ev(src)
    assert needle in e.value.message
    assert "\n" not in e.value.message


@pytest.mark.parametrize("name", ["curl", "python3", "git", "./tool.sh", "C:\\bin\\x.exe", "/bin/ls"])
def test_external_programs(name: str) -> None:
    with pytest.raises(PSError) as e:
        ev(f"{name} --version")
    assert e.value.message == f"`{name}` is an external program; gshell runs only its own commands"


def test_unknown_command_did_you_mean() -> None:
    with pytest.raises(PSError) as e:
        ev("Where-Objekt")
    msg = e.value.message
    assert msg.startswith("The term 'Where-Objekt' is not recognized as a name of a cmdlet, function, or script.")
    assert "Where-Object" in msg


def test_command_names_are_not_prefix_matched() -> None:
    with pytest.raises(PSError, match="not recognized"):
        ev("New-GradioSessionApiProxy")


def test_uncaught_error_output_is_short_and_ends_only_its_statement() -> None:
    out, err, _ = run("'a'\nNoSuch-Command\n'b'\nthrow 'stop'\n'c'")
    assert out == "a\nb\n"   # not recognized: statement-terminating; throw: script-terminating
    lines = err.strip().splitlines()   # pwsh 7's concise view: the position lines below line 1
    assert lines[:4] == ["NoSuch-Command:", "Line |", "   2 |  NoSuch-Command", "     |  ~~~~~~~~~~~~~~"]
    assert lines[4].startswith("     | The term 'NoSuch-Command' is not recognized")
    assert lines[5:] == ["Exception:", "Line |", "   4 |  throw 'stop'", "     |  ~~~~~~~~~~~~", "     | stop"]


def test_internal_error_of_a_command_is_an_error_record() -> None:
    from gshell.runtime.host import CaptureHost
    from gshell.runtime.interpreter import Interpreter
    from gshell.runtime.registry import Command, Registry

    def broken(inv: object) -> list[object]:
        raise ValueError("bad")

    reg = Registry()
    reg.add(Command("Get-Broken", broken))
    it = Interpreter(reg, host=CaptureHost())
    with pytest.raises(PSError, match="internal error in Get-Broken: ValueError: bad"):
        it.evaluate("Get-Broken")
