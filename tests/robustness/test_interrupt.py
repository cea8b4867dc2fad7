"""A stream of heartbeats that never ends, read without any timeout: an interrupt (SIGINT /
Ctrl-C) must still stop it, without a traceback: `gshell -c` exits, the interactive shell comes
back to its prompt and goes on.  The signal is sent once gshell shows it is reading the stream
(it prints a line per heartbeat), never after a fixed sleep: the tests hold on a loaded machine."""
from __future__ import annotations

import sys
import time

import pytest
from robust_support import ROOT, gshell_env, interrupt_gshell_c

pytestmark = pytest.mark.usefixtures("no_ambient_token")


def wait_for_stream(rfaults, scenario: str, timeout: float = 30) -> None:
    marker = f"/{scenario}/gradio_api/call/x/"
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if any(r["method"] == "GET" and marker in r["path"] for r in list(rfaults.requests)):
            return
        time.sleep(0.05)
    raise AssertionError(f"the stream of {scenario} was never opened")


def test_sigint_stops_endless_heartbeats_in_gshell_c(rfaults) -> None:
    rfaults.clear()
    src = (f"$s = New-GradioSession '{rfaults.url('heartbeats')}'; "
           "Invoke-GradioSessionApi x @('a') | Update-GradioSessionApiResult | % { 'beat' }; 'not reached'")
    _, err = interrupt_gshell_c(src, watch_stdout="beat")  # "beat": gshell is reading the stream
    assert len([ln for ln in err.splitlines() if ln.strip()]) <= 2, err


def test_ctrl_c_in_the_repl_comes_back_to_the_prompt(rfaults, tmp_path) -> None:
    import pexpect
    rfaults.clear()
    env = gshell_env(GSHELL_HISTORY=str(tmp_path / "history"), PROMPT_TOOLKIT_NO_CPR="1", TERM="xterm",
                     HOME=str(tmp_path), GSHELL_COMPLETE_WHILE_TYPING="0")
    env.pop("NO_COLOR", None)
    child = pexpect.spawn(sys.executable, ["-m", "gshell"], env=env, cwd=str(ROOT), encoding="utf-8",
                          dimensions=(30, 150), timeout=30)
    try:
        child.expect(r"> ")
        child.sendline(f"$s = New-GradioSession '{rfaults.url('heartbeats')}'")
        child.expect(r"> ")
        child.sendline("Invoke-GradioSessionApi x @('a') | Update-GradioSessionApiResult | % { 'be' + 'at' }")
        wait_for_stream(rfaults, "heartbeats")
        child.expect("beat", timeout=60)  # gshell is reading the stream (the typed line says 'be' + 'at')
        child.sendcontrol("c")
        child.expect(r"> ", timeout=60)
        child.sendline("'after' + 'wards'")
        child.expect("afterwards", timeout=60)
        child.expect(r"> ")
        text = child.before or ""
        child.sendcontrol("d")
        child.expect(pexpect.EOF, timeout=60)
    finally:
        child.close(force=True)
    assert "Traceback" not in text
    assert child.exitstatus == 0 or child.signalstatus is None
    # the cancelled call is recorded as such (the stream was closed, /cancel sent in the background)
    assert any(r["method"] == "POST" and r["path"].endswith("/gradio_api/cancel") for r in rfaults.requests)
