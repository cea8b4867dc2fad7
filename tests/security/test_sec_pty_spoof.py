"""The real shell in a pseudo-terminal over the hostile app's ``spoof`` mode: what the terminal
receives holds gshell's own escape sequences (prompt_toolkit's drawing, colours) and none of the
server's, whatever view shows the server's text (tables, errors, the live line, -Verbose, the
toolbar with the app's version, the prompt, the Tab completion menu with endpoint names and
/info descriptions, F1 help)."""
from __future__ import annotations

import pexpect
import pytest
from test_sec_pty import READY, pty_env, spawn

# the server's sequences and characters: none may reach the terminal as they are
RAW = ("\x1b]52", "\x1b]0;pwned", "\x1b]8;;http://evil", "\x1b]8;;http://e/", "\x1bP1$r0m", "\x1b_G", "\x1b^pm",
       "\x1bXsos", "\x1b]1337", "\x1b[2J", "\x9b", "\x90", "\x9d", "\x9c", "\x85", "\u202e", "\u2066", "\u2067",
       "\u202a", "\u200b", "\ufeff", "\u2060", "\u2028", "\u2029", "\U000e0069", "\rSPOOFED", "abc\x08",
       "\x0b", "\x0c", "\x00", "\u0301\u0316" * 5)


def run(child: pexpect.spawn, line: str, expect: str | None = None) -> str:
    child.send(line + "\r")
    if expect is not None:
        child.expect_exact(expect)
    child.expect_exact(READY)
    return (child.before or "") + (child.after if isinstance(child.after, str) else "")


def check(screen: str) -> None:
    for raw in RAW:
        assert raw not in screen, (raw, screen[max(0, screen.find(raw) - 80): screen.find(raw) + 80])


@pytest.fixture
def env(clean_env):
    return pty_env(clean_env)


def test_spoof_app_in_the_terminal(hostile, env):
    child = spawn(env)
    screen = run(child, f"New-GradioSession {hostile.url('spoof')} -Name evil", "^[]52;c;")
    screen += run(child, "Get-GradioInfo")
    screen += run(child, "Invoke-GradioSessionApi x @{text='a'} | Update-GradioSessionApiResult", "done")
    screen += run(child, "Invoke-GradioSessionApi x @{text='a'} | Update-GradioSessionApiResult -Verbose")
    for call in ("e", "h", "j", "r", "long"):
        screen += run(child, f"Invoke-GradioSessionApi {call} @{{text='a'}} | Update-GradioSessionApiResult")
    screen += run(child, "Get-Help x -Full")
    # Tab: the menu lists the endpoints (one named with OSC 8 and U+202E) with their descriptions
    child.send("Invoke-GradioSessionApi ")
    child.send("\t")
    child.expect_exact("<U+202E>")
    screen += child.before + child.after
    child.sendcontrol("c")         # drop the line: a fresh prompt
    child.expect_exact(READY)
    screen += child.before
    child.send("Invoke-GradioSessionApi y\t")
    child.expect_exact("`u{202E}")    # the inserted name: a double-quoted literal, hidden characters escaped
    screen += child.before + child.after
    child.sendcontrol("c")
    child.expect_exact(READY)
    screen += child.before
    check(screen)
    for shown in ("^[]52;c;", "<U+202E>", "<U+009B>", "safe^MSPOOFED", "ad<U+200D>min", "marks>"):
        assert shown in screen, shown
    child.sendcontrol("d")
    child.expect(pexpect.EOF)
    child.close()


def test_pasted_bidi_is_visible_in_the_input_line(env):
    """A pasted snippet whose bidi override would make the line read differently from what runs
    ("Trojan Source"), or with zero-width characters, shows them in the input line."""
    child = spawn(env)
    child.send("\x1b[200~'access' # \u202e} \u2066if admin\u2069 \u2066 begin\u200b\x1b[201~")
    child.expect_exact("<U+202E>")
    child.expect_exact("<U+200B>")
    seen = child.before
    child.sendcontrol("c")
    child.expect_exact(READY)
    seen += child.before
    for raw in ("\u202e", "\u2066", "\u2069", "\u200b"):
        assert raw not in seen
    child.sendcontrol("d")
    child.expect(pexpect.EOF)
    child.close()
