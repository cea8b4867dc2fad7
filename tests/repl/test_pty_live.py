"""Layer 4, live: the real shell in a pty against a real Gradio 6 app (tests/conftest.py)."""
from __future__ import annotations

import pexpect
from test_pty import quit_shell, ready


def connect(env, url: str):
    child = spawn_with(env, [])
    child.send(f"$null = New-GradioSession {url}\r")
    child.expect(r"gshell \[[^\]]+\] > ")   # the prompt names the default session (keys are read)
    return child


def spawn_with(env, extra: list[str]):
    import sys

    from test_pty import ROOT, TIMEOUT
    child = pexpect.spawn(sys.executable, ["-m", "gshell", *extra], env=env, cwd=str(ROOT),
                          encoding="utf-8", dimensions=(30, 120), timeout=TIMEOUT)
    ready(child)
    return child


def test_tab_completes_endpoint_and_params_keys_live(env, gradio6):
    child = connect(env, gradio6.url("basic"))
    child.send("Invoke-GradioSessionApi -ApiName numb\t")
    child.expect_exact("numbers")
    child.send(" -Params @{ col\t")
    child.expect_exact("colour")
    child.send(" = \t")
    child.expect_exact("Dropdown choice")   # the menu offers the Dropdown's choices
    child.sendcontrol("c")
    assert quit_shell(child) == 0


def test_ctrl_c_during_streaming_call_returns_to_prompt(env, gradio6):
    child = connect(env, gradio6.url("basic"))
    child.send("Invoke-GradioSessionApi ticker @{ n = 40 } | Update-GradioSessionApiResult\r")
    child.expect_exact("tick1")
    child.sendintr()
    child.expect_exact("^C")
    ready(child)
    child.send("'after-cancel'\r")
    child.expect_exact("after-cancel")
    assert quit_shell(child) == 0


def test_tab_after_a_session_variable_offers_its_get_member_list(env, gradio6):
    child = connect(env, gradio6.url("basic"))
    child.send(f"$s = New-GradioSession {gradio6.url('basic')} -Force\r")
    ready(child)
    child.send("$s.\t")                         # the menu: the session's members, with definitions
    child.expect_exact("string AppUrl {get;}")
    child.expect_exact("MaxCallsPolicy")
    assert "session " not in child.before       # not the view's Python attribute
    child.sendcontrol("c")
    child.expect_exact("> ")
    child.send("$s.Endp\t")
    child.send(" -contains 'echo'\r")
    child.expect_exact("True")
    assert quit_shell(child) == 0
