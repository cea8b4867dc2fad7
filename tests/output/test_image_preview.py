"""The image preview encoders (gshell.runtime.images): terminal detection from the environment,
kitty and iTerm2 framing, half blocks, and what is never previewed."""
from __future__ import annotations

import base64
import io
import re

import pytest
from PIL import Image

from gshell.display import Styled
from gshell.runtime import images


def _png(size: tuple[int, int], rgb: tuple[int, int, int], fmt: str = "PNG") -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, rgb).save(out, format=fmt)
    return out.getvalue()


@pytest.mark.parametrize(("env", "expected"), [
    ({"TERM": "xterm-kitty"}, "kitty"),
    ({"TERM": "xterm-256color", "KITTY_WINDOW_ID": "3"}, "kitty"),
    ({"TERM": "xterm-ghostty"}, "kitty"),
    ({"TERM": "xterm-256color", "TERM_PROGRAM": "iTerm.app"}, "iterm2"),
    ({"TERM": "xterm-256color", "TERM_PROGRAM": "WezTerm"}, "iterm2"),
    ({"TERM": "xterm-256color"}, "blocks"),
    ({"TERM": "dumb"}, None),
    ({}, None),
    ({"TERM": "xterm-kitty", "GSHELL_IMAGES": "off"}, None),
    ({"TERM": "xterm-256color", "GSHELL_IMAGES": "kitty"}, "kitty"),
    ({"TERM": "dumb", "GSHELL_IMAGES": "blocks"}, "blocks"),
])
def test_detect_from_environment_only(env, expected):
    assert images.detect(env) == expected


def test_kitty_chunks_a_reencoded_png():
    data = _png((300, 200), (10, 200, 30), "WEBP")  # gradio sends webp
    out = images.preview(data, "kitty", max_cols=30)
    assert isinstance(out, Styled)
    frames = re.findall(r"\x1b_G([^;]*);([^\x1b]*)\x1b\\", out)
    assert frames and frames[0][0].startswith("f=100,a=T,c=30,")
    assert [f[0].rsplit("m=", 1)[1] for f in frames] == ["1"] * (len(frames) - 1) + ["0"]
    assert all(len(chunk) <= images.KITTY_CHUNK for _, chunk in frames)
    png = base64.b64decode("".join(chunk for _, chunk in frames))
    img = Image.open(io.BytesIO(png))
    assert img.format == "PNG" and img.width <= 300 and img.getpixel((0, 0))[:3] == pytest.approx((10, 200, 30), abs=6)
    assert out.endswith("\n") and "\x07" not in out


def test_iterm2_inline_file():
    data = _png((20, 10), (255, 0, 0))
    out = images.preview(data, "iterm2", max_cols=40)
    m = re.fullmatch(r"\x1b\]1337;File=inline=1;size=(\d+);width=(\d+);preserveAspectRatio=1:([A-Za-z0-9+/=]+)\x07\n",
                     out)
    assert m, repr(out[:80])
    png = base64.b64decode(m.group(3))
    assert int(m.group(1)) == len(png) and m.group(2) == "20"
    assert Image.open(io.BytesIO(png)).size == (20, 10)


def test_blocks_two_pixel_rows_per_line():
    img = Image.new("RGB", (3, 4), (0, 0, 255))
    for x in range(3):
        img.putpixel((x, 0), (255, 0, 0))
    buf = io.BytesIO()
    img.save(buf, format="PNG")
    out = images.preview(buf.getvalue(), "blocks")
    lines = out.rstrip("\n").split("\n")
    assert len(lines) == 2 and all(line.count("\u2580") == 3 for line in lines)
    assert lines[0].startswith("\x1b[38;2;255;0;0m\x1b[48;2;0;0;255m\u2580")
    assert lines[1].startswith("\x1b[38;2;0;0;255m\x1b[48;2;0;0;255m\u2580")
    assert all(line.endswith("\x1b[0m") for line in lines)


def test_blocks_scaled_to_the_width():
    out = images.preview(_png((400, 100), (1, 2, 3)), "blocks", max_cols=40)
    lines = out.rstrip("\n").split("\n")
    assert all(line.count("\u2580") == 40 for line in lines) and len(lines) == 5


@pytest.mark.parametrize("data", [b"", b"not an image", b"<svg></svg>", b"\x1b]0;title\x07"])
def test_not_an_image_is_not_previewed(data):
    for protocol in images.PROTOCOLS:
        assert images.preview(data, protocol) is None


def test_unknown_protocol_and_oversized_input():
    assert images.preview(_png((2, 2), (0, 0, 0)), "sixel") is None
    assert images.preview(b"\x89PNG" + b"0" * (images.MAX_BYTES + 1), "blocks") is None


def test_image_names():
    assert images.is_image_name("image.webp") and images.is_image_name("A.PNG")
    assert not images.is_image_name("notes.txt") and not images.is_image_name(None)
