"""Image previews in a real terminal: `gshell --demo` in a pty whose TERM / TERM_PROGRAM /
KITTY_WINDOW_ID say what it can show; the image of `Invoke-GradioApiImageFilter` (a webp from
the demo app) is previewed after the output with kitty or iTerm2 graphics or half blocks, and
never when previews are off, colour is off (half blocks) or output goes elsewhere."""
from __future__ import annotations

import base64
import io
import os
import re
import subprocess
import sys
from pathlib import Path

import pexpect
import pytest
from PIL import Image
from test_live_pty import ROOT, VENV6, Terminal

CALL = "Invoke-GradioApiImageFilter $DemoImage sepia"


class PreviewTerminal(Terminal):
    """Terminal with its own environment and colour."""

    def __init__(self, cwd: Path, env: dict[str, str], color: bool = True) -> None:
        base = {k: v for k, v in os.environ.items() if not k.startswith(("GRADIO_", "HF_", "GSHELL_IMAGES"))
                and k not in ("COLUMNS", "LINES", "NO_COLOR", "TERM_PROGRAM", "KITTY_WINDOW_ID")}
        base.update(GSHELL_DEMO_PYTHON=str(VENV6), TERM="xterm-256color", GSHELL_HISTORY=str(cwd / "history"),
                    PYTHONPATH=str(ROOT), NO_PROXY="127.0.0.1,localhost", HF_HOME=str(cwd / "hf"),
                    PROMPT_TOOLKIT_NO_CPR="1")
        base.update(env)
        args = ["-m", "gshell", "--demo"] + ([] if color else ["--no-color"])
        self.child = pexpect.spawn(sys.executable, args, env=base, cwd=str(cwd), encoding="utf-8",
                                   timeout=120, dimensions=(40, 100))
        self.buffer = ""
        self.wait_prompt(120)
        self.run("New-GradioSessionApiProxyFunction | Out-Null")


@pytest.fixture
def terminal(tmp_path):
    made: list[PreviewTerminal] = []

    def start(env: dict[str, str], color: bool = True) -> PreviewTerminal:
        made.append(PreviewTerminal(tmp_path, env, color))
        return made[-1]

    yield start
    for t in made:
        t.close()


def _png_of_kitty(out: str) -> Image.Image:
    frames = re.findall(r"\x1b_G([^;]*);([^\x1b]*)\x1b\\", out)
    assert frames and frames[0][0].startswith("f=100,a=T,"), repr(out[-500:])
    return Image.open(io.BytesIO(base64.b64decode("".join(chunk for _, chunk in frames))))


def test_kitty_graphics_after_the_output(terminal):
    t = terminal({"TERM": "xterm-kitty"})
    out = t.run(CALL)
    img = _png_of_kitty(out)
    assert img.format == "PNG" and img.width > 0
    # after the result table, before the Save-GradioFile hint
    assert out.index("complete") < out.index("\x1b_G") < out.index("This file stays on the server")
    # the same for a kitty window announced by KITTY_WINDOW_ID only; and $GshellImagePreview turns it off
    t.run("$GshellImagePreview = 'off'")
    assert "\x1b_G" not in t.run(CALL)
    t.run("$GshellImagePreview = 'auto'")
    assert "\x1b_G" in t.run(CALL)


def test_kitty_window_id_and_iterm2(terminal):
    out = terminal({"KITTY_WINDOW_ID": "1"}).run(CALL)
    assert _png_of_kitty(out).format == "PNG"
    out = terminal({"TERM_PROGRAM": "iTerm.app"}).run(CALL)
    m = re.search(r"\x1b\]1337;File=inline=1;size=(\d+);width=\d+;preserveAspectRatio=1:([A-Za-z0-9+/=]+)\x07", out)
    assert m, repr(out[-500:])
    assert len(base64.b64decode(m.group(2))) == int(m.group(1))


def test_half_blocks_elsewhere_and_not_without_colour(terminal):
    out = terminal({}).run(CALL)
    assert re.search(r"(\x1b\[38;2;\d+;\d+;\d+m\x1b\[(48;2;\d+;\d+;\d+|49)m\u2580)+\x1b\[0m", out), repr(out[-500:])
    assert "\x1b_G" not in out and "\x1b]1337" not in out
    out = terminal({}, color=False).run(CALL)
    assert "\u2580" not in out


def test_environment_switch_off(terminal):
    out = terminal({"TERM": "xterm-kitty", "GSHELL_IMAGES": "off"}).run(CALL)
    assert "\x1b_G" not in out and "\u2580" not in out and "complete" in out


def test_not_a_terminal_no_preview(tmp_path):
    """gshell -c with its output in a pipe: no preview whatever the terminal claims."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GRADIO_", "HF_"))}
    env.update(GSHELL_DEMO_PYTHON=str(VENV6), TERM="xterm-kitty", KITTY_WINDOW_ID="1", PYTHONPATH=str(ROOT),
               NO_PROXY="127.0.0.1,localhost", HF_HOME=str(tmp_path / "hf"))
    proc = subprocess.run([sys.executable, "-m", "gshell", "--demo", "-c",
                           "New-GradioSessionApiProxyFunction | Out-Null; " + CALL],
                          env=env, cwd=str(tmp_path), capture_output=True, text=True, timeout=240)
    assert "complete" in proc.stdout, proc.stdout + proc.stderr
    assert "\x1b" not in proc.stdout
