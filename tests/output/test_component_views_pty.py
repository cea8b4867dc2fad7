"""Component views at the prompt, in a real terminal: `gshell --demo` in a pty; the chat call's
event table is followed by the conversation as a transcript under `data[1]:`, a server's control
characters shown as text, and a script (`-c`) gets the event table only."""
from __future__ import annotations

import re
import subprocess
import sys

from test_image_preview_pty import PreviewTerminal
from test_live_pty import ROOT, VENV6

ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b\][^\x07]*\x07|\r")


def test_chat_transcript_follows_the_event_table(tmp_path):
    term = PreviewTerminal(tmp_path, {"GSHELL_IMAGES": "off"}, color=False)
    try:
        first = term.run("$c = Invoke-GradioApiChat 'my name is Ada'; $c")
        text = ANSI.sub("", first)
        assert text.index("complete") < text.index("data[1]:") < text.index("user: my name is Ada") \
            < text.index("assistant: Nice to meet you, Ada!")
        # the app echoes what it was told: an escape character comes back as text, never raw
        out = term.run("Invoke-GradioApiChat \"evil $([char]27)]0;title$([char]7) end\" -History $c.data[1]")
        after = out[out.index("data[1]:"):]
        assert "\x1b]0;" not in after and "\x07" not in after
        assert "user: evil ^[]0;title^G end" in ANSI.sub("", after)
    finally:
        term.close()


def test_no_views_in_a_script(tmp_path):
    env = {"GSHELL_DEMO_PYTHON": str(VENV6), "PYTHONPATH": str(ROOT), "NO_PROXY": "127.0.0.1,localhost",
           "HOME": str(tmp_path), "PATH": "/usr/bin:/bin"}
    r = subprocess.run([sys.executable, "-m", "gshell", "--demo", "-c",
                        "New-GradioSessionApiProxyFunction | Out-Null; Invoke-GradioApiChat 'hi'"],
                       env=env, cwd=str(tmp_path), capture_output=True, text=True, timeout=240)
    assert "complete" in r.stdout and "data[1]:" not in r.stdout, r.stdout + r.stderr
