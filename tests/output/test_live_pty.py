"""The live display in a real terminal: `gshell --demo` in a pty (the demo app on the gradio
6.x test venv).  A generator's text rewrites one line with \\r + erase-line and the final value
stays; piped further, one record per event; a quiet call shows the elapsed-time spinner on
stderr, erased before the output; a file result lists its URL and the Save-GradioFile hint."""
from __future__ import annotations

import os
import re
import sys
import time
from pathlib import Path

import pexpect
import pytest

ROOT = Path(__file__).resolve().parents[2]
VENV6 = ROOT / ".venvs" / "gradio-6.31.0" / "bin" / "python"
PROMPT = re.compile(r"\[demo\] > ")
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")
ACCEPTED = "\x1b[?2004l"       # prompt_toolkit turns bracketed paste off when it hands the input over
PROMPT_BEGINS = "\x1b[?2004h"  # ... and on again when it draws the next prompt


class Terminal:
    """gshell --demo in a 100-column pty; ``run`` returns the raw text a command printed."""

    def __init__(self, cwd: Path) -> None:
        if not VENV6.exists():
            pytest.fail(f"{VENV6} is missing: run tests/run to create it")
        env = {k: v for k, v in os.environ.items() if not k.startswith(("GRADIO_", "HF_"))
               and k not in ("COLUMNS", "LINES", "NO_COLOR")}
        env.update(GSHELL_DEMO_PYTHON=str(VENV6), TERM="xterm", GSHELL_HISTORY=str(cwd / "history"),
                   PYTHONPATH=str(ROOT), NO_PROXY="127.0.0.1,localhost", HF_HOME=str(cwd / "hf"),
                   PROMPT_TOOLKIT_NO_CPR="1")
        self.child = pexpect.spawn(sys.executable, ["-m", "gshell", "--demo", "--no-color"], env=env,
                                   cwd=str(cwd), encoding="utf-8", timeout=120, dimensions=(40, 100))
        self.buffer = ""
        self.wait_prompt(120)

    def wait_prompt(self, timeout: float = 60, after: str = "") -> str:
        """The raw text (\\r and escape codes kept) up to the next prompt; with ``after``, the
        text between the first ``after`` and the prompt that follows it."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            start = self.buffer.find(after) if after else 0
            if start >= 0:
                rest = self.buffer[start + len(after):]
                m = PROMPT.search(ANSI.sub("", rest))
                if m:
                    self.buffer = ""
                    cut = rest.find(PROMPT_BEGINS)
                    return rest[:cut] if after and cut >= 0 else rest
            try:
                self.buffer += self.child.read_nonblocking(65536, timeout=0.5)
            except pexpect.TIMEOUT:
                pass
        raise AssertionError(f"no prompt; output was:\n{self.buffer[-3000:]!r}")

    def run(self, line: str) -> str:
        """Type ``line``; the raw output of the command (after prompt_toolkit accepts the input,
        which ends bracketed paste mode)."""
        self.buffer = ""
        self.child.send(line + "\r")
        return self.wait_prompt(after=ACCEPTED)

    def close(self) -> None:
        self.child.send("exit\r")
        self.child.expect(pexpect.EOF, timeout=30)
        self.child.close()


@pytest.fixture(scope="module")
def term(tmp_path_factory: pytest.TempPathFactory):
    t = Terminal(tmp_path_factory.mktemp("live"))
    t.run("New-GradioSessionApiProxyFunction | Out-Null")
    yield t
    t.close()


def test_generator_text_updates_one_line_in_place(term: Terminal) -> None:
    out = term.run("Invoke-GradioApiTypewriter 'alpha beta gamma' -Delay 0.3")
    assert "\r\x1b[Kalpha\r\x1b[Kalpha beta\r\x1b[Kalpha beta gamma\r\x1b[K" in out, repr(out)
    plain = ANSI.sub("", out).replace("\r", "")
    assert re.search(r"complete\s+\{alpha beta gamma\}", plain), repr(out)
    assert "generating" not in plain                       # no record per intermediate event


def test_piped_further_prints_one_record_per_event(term: Terminal) -> None:
    out = term.run("Invoke-GradioApiTypewriter 'alpha beta' -Delay 0.1 | % { $_.event + ':' + $_.data[0] }")
    assert "\x1b[K" not in out, repr(out)
    lines = [ln for ln in ANSI.sub("", out).replace("\r", "").splitlines() if ln.strip()]
    assert lines == ["generating:alpha", "generating:alpha beta", "complete:alpha beta"]


def test_update_result_as_last_command_is_live_too(term: Terminal) -> None:
    out = term.run("Invoke-GradioSessionApi typewriter @{text='x y'; delay=0.2} | Update-GradioSessionApiResult")
    assert "\r\x1b[Kx\r\x1b[Kx y\r\x1b[K" in out, repr(out)
    assert re.search(r"complete\s+\{x y\}", ANSI.sub("", out).replace("\r", ""))


def test_quiet_call_shows_the_elapsed_time_spinner_then_erases_it(term: Terminal) -> None:
    out = term.run("Invoke-GradioApiTypewriter 'slow' -Delay 1.9")
    assert re.search(r"\r\x1b\[K. Invoke-GradioApiTypewriter: waiting, \d s \(Ctrl-C cancels\)", out), repr(out)
    last_spin = out.rfind("waiting,")
    after = out[last_spin:]
    assert "\r\x1b[K" in after and after.index("\r\x1b[K") < after.index("slow")   # erased before the text
    assert re.search(r"complete\s+\{slow\}", ANSI.sub("", out).replace("\r", ""))


def test_file_result_lists_url_and_save_hint(term: Terminal) -> None:
    out = ANSI.sub("", term.run("Invoke-GradioApiImageFilter $DemoImage sepia")).replace("\r", "")
    lines = out.splitlines()
    url_lines = [ln for ln in lines if ln.startswith("image.webp http://127.0.0.1:")]
    assert url_lines and url_lines[0].endswith("/image.webp"), out
    assert any(ln.startswith("This file stays on the server") and "Save-GradioFile" in ln for ln in lines), out
    assert all(len(ln) <= 100 for ln in lines if "complete" in ln), out   # the table fits the terminal
