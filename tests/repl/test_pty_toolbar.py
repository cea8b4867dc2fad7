"""The toolbar's call counts: a call started and never read is 'unread', not 'running'."""
from __future__ import annotations

import sys

import pexpect
from test_pty import ROOT, TIMEOUT

from gshell.repl.context import StaticContext
from gshell.repl.toolbar import toolbar_fragments


def _text(ctx: StaticContext) -> str:
    return "".join(text for _, text in toolbar_fragments(ctx))


def test_toolbar_counts_calls_being_read_and_unread_apart():
    assert "call" not in _text(StaticContext(sessions={"s": "http://127.0.0.1:1/"}))
    text = _text(StaticContext(sessions={"s": "http://127.0.0.1:1/"}, calls=1, unread=2))
    assert " 1 call running " in text and " 2 calls unread " in text


CPR_REQUEST = "\x1b[6n"


def expect_drawn(child, text: str) -> str:
    """Wait for ``text``, answering the cursor-position requests a real terminal answers
    (prompt_toolkit draws the toolbar only once it knows where the prompt is)."""
    seen = ""
    while child.expect_exact([CPR_REQUEST, text]) == 0:
        seen += child.before
        child.send("\x1b[3;1R")
    return seen + child.before


def test_a_call_never_read_shows_as_unread_until_it_is_read(env, gradio6):
    env = {k: v for k, v in env.items() if k != "PROMPT_TOOLKIT_NO_CPR"}
    child = pexpect.spawn(sys.executable, ["-m", "gshell"], env=env, cwd=str(ROOT), encoding="utf-8",
                          dimensions=(30, 120), timeout=TIMEOUT)
    expect_drawn(child, "no session")
    child.send(f"$null = New-GradioSession {gradio6.url('basic')}\r")
    expect_drawn(child, "Gradio 6")           # the toolbar shows the new default session
    child.send("$c = Invoke-GradioSessionApi echo 'hi'\r")
    drawn = expect_drawn(child, "1 call unread")
    assert "running" not in drawn
    child.send("$r = $c | Update-GradioSessionApiResult; $r[-1].event + '-read'\r")
    expect_drawn(child, "complete-read")
    drawn = expect_drawn(child, "Tab complete")    # the next prompt's toolbar
    assert "unread" not in drawn and "running" not in drawn
    child.sendcontrol("d")
    child.expect(pexpect.EOF)
    child.close()
