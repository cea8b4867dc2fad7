"""Layer 4: the real shell in a pseudo-terminal (pexpect)."""
from __future__ import annotations

import os
import stat
import sys
from pathlib import Path

import pexpect

ROOT = Path(__file__).resolve().parents[2]
PASTE_START, PASTE_END = "\x1b[200~", "\x1b[201~"
TIMEOUT = 15


def shell_argv() -> list[str]:
    return ["-m", "gshell"]


READY = "\x1b[?2004h"   # bracketed paste switched on: the prompt reads keys (raw mode)


def ready(child: pexpect.spawn) -> None:
    """Wait until the next prompt reads keys.  Between two prompts the terminal is in
    cooked mode, where the line discipline would eat a Ctrl-D or turn Ctrl-C into SIGINT."""
    child.expect_exact(READY)


def spawn(env: dict[str, str]) -> pexpect.spawn:
    child = pexpect.spawn(sys.executable, shell_argv(), env=env, cwd=str(ROOT), encoding="utf-8",
                          dimensions=(30, 120), timeout=TIMEOUT)
    ready(child)
    child.expect_exact("> ")
    return child


def quit_shell(child: pexpect.spawn, wait: bool = True) -> int:
    """Ctrl-D; ``wait``: first wait for the next prompt (after a command ran or Ctrl-C)."""
    if wait:
        ready(child)
    child.sendcontrol("d")
    child.expect(pexpect.EOF)
    child.close()
    return child.exitstatus


def test_prompt_and_ctrl_d_exit(env):
    child = spawn(env)
    assert quit_shell(child, wait=False) == 0


def test_tab_completes_command_and_parameter(env):
    child = spawn(env)
    child.send("Select-Obj\t")
    child.expect_exact("Select-Object")
    child.send(" -Firs\t")
    child.expect_exact("-First")
    child.sendcontrol("c")      # abandon the line: Ctrl-C at the prompt only clears it
    child.expect_exact("> ")
    assert quit_shell(child) == 0


def test_multiline_paste_shows_continuation(env):
    child = spawn(env)
    child.send(PASTE_START + "PS C:\\> $a = @(1,\n>> 2)\n" + PASTE_END)
    child.expect_exact(">> ")
    child.expect(r"2\S*\)")
    child.sendcontrol("c")
    assert quit_shell(child) == 0


def test_pasted_script_runs_whole_with_leading_pipe(env):
    child = spawn(env)
    script = "PS> $a = 1,2,3\nPS> $a\n| % { $_ * 10 }\nPS> Write-Output 'done-marker'\n"
    child.send(PASTE_START + script + PASTE_END)
    child.send("\r")
    for expected in ("10", "20", "30", "done-marker"):
        child.expect_exact(expected)
    assert quit_shell(child) == 0


def test_incomplete_line_continues_then_runs(env):
    child = spawn(env)
    child.send("$h = @{\r")
    child.expect_exact(">> ")
    child.send("k = 'v1'\r}\r")
    ready(child)
    child.send("$h.k + '-ok'\r")
    child.expect_exact("v1-ok")
    assert quit_shell(child) == 0


def test_errors_do_not_end_the_shell_and_exit_status(env):
    child = spawn(env)
    child.send("Get-NoSuchThing\r")
    child.expect_exact("not recognized")
    ready(child)
    child.send("1/0\r")
    ready(child)
    child.send("'still-here'\r")
    child.expect_exact("still-here")
    ready(child)
    child.send("exit 3\r")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 3


def test_history_never_holds_a_token_and_is_private(env, tmp_path: Path):
    child = spawn(env)
    # (nothing here may reach the network: a variable holding a token, not Set-HuggingFaceToken)
    child.send("$tok = 'hf_SuperSecret123'\r")
    ready(child)
    child.send("Write-Output 'my secret plan'\r")
    ready(child)
    child.send("'plain-' + 42\r")
    child.expect_exact("plain-42")
    ready(child)
    child.send("\x1b[A\x1b[A")          # the secret lines are still in this session's history
    child.expect_exact("secret plan")
    child.sendcontrol("c")
    assert quit_shell(child) == 0
    hist = Path(env["GSHELL_HISTORY"])
    data = hist.read_text(encoding="utf-8")
    assert "'plain-' + 42" in data
    assert "hf_SuperSecret123" not in data and "secret plan" not in data
    assert stat.S_IMODE(os.stat(hist).st_mode) == 0o600
