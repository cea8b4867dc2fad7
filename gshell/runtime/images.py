"""Inline image previews at the prompt: kitty and iTerm2 graphics, or coloured half blocks.

gshell never passes a server's bytes to the terminal: the image is decoded with Pillow (the
optional extra ``gshell[images]``; imported only when an image is shown, it also reads the webp
Gradio sends), scaled down, and its pixels re-encoded here:

- ``kitty``: the kitty graphics protocol, a PNG sent in base64 chunks of 4096 bytes
  (``ESC _G f=100,a=T,c=<cols>,m=1;<chunk> ESC \\`` ... ``m=0``);
- ``iterm2``: iTerm2's inline file (``ESC ] 1337;File=inline=1;size=N;width=<cols>;...:<base64> BEL``),
  also understood by WezTerm;
- ``blocks``: any other colour terminal gets the upper half block ``▀`` with a 24-bit foreground
  (upper pixel) and background (lower pixel) per character.  Sixel is left out: no maintained
  package here encodes it, and the half blocks work in every terminal that sixel would.

The protocol comes from the environment only, never from a query to the terminal:
``KITTY_WINDOW_ID`` or ``TERM=xterm-kitty`` (also ``xterm-ghostty``) means kitty;
``TERM_PROGRAM`` ``iTerm.app`` or ``WezTerm`` means iTerm2; ``TERM=dumb`` or no ``TERM`` means none.
``GSHELL_IMAGES`` overrides it: ``off`` (or ``0``, ``none``), ``kitty``, ``iterm2``, ``blocks``.
"""
from __future__ import annotations

import base64
import io
import os
from collections.abc import Mapping

from gshell.display import Styled

PROTOCOLS = ("kitty", "iterm2", "blocks")
OFF = frozenset({"off", "0", "no", "none", "false"})
MAX_BYTES = 32 * 1024 * 1024       # a bigger file is not previewed
MAX_PIXELS = 40_000_000            # nor an image with more pixels (a decompression bomb)
KITTY_CHUNK = 4096
IMAGE_SUFFIXES = frozenset({".png", ".jpg", ".jpeg", ".webp", ".gif", ".bmp", ".tif", ".tiff", ".avif"})


def detect(env: Mapping[str, str] | None = None) -> str | None:
    """The preview protocol for this terminal (None: no preview), from the environment only."""
    env = os.environ if env is None else env
    forced = env.get("GSHELL_IMAGES", "").strip().lower()
    if forced in OFF:
        return None
    if forced in PROTOCOLS:
        return forced
    term = env.get("TERM", "")
    program = env.get("TERM_PROGRAM", "")
    if env.get("KITTY_WINDOW_ID") or term in ("xterm-kitty", "xterm-ghostty") or program == "ghostty":
        return "kitty"
    if program in ("iTerm.app", "WezTerm"):
        return "iterm2"
    if not term or term == "dumb":
        return None
    return "blocks"


def is_image_name(name: str | None) -> bool:
    return bool(name) and os.path.splitext(str(name).lower())[1] in IMAGE_SUFFIXES


def _load(data: bytes):  # -> PIL.Image.Image
    from PIL import Image
    Image.MAX_IMAGE_PIXELS = MAX_PIXELS
    img = Image.open(io.BytesIO(data))
    if img.width * img.height > MAX_PIXELS:
        raise ValueError("image too large to preview")
    img.seek(0)
    return img.convert("RGB")


def _fit(img, cols: int, rows_per_col: float):  # -> PIL.Image.Image
    """Scale down (never up) so the image is at most ``cols`` pixels wide in cell units."""
    if img.width > cols:
        height = max(1, round(img.height * cols / img.width * rows_per_col))
        img = img.resize((cols, height))
    elif rows_per_col != 1.0:
        img = img.resize((img.width, max(1, round(img.height * rows_per_col))))
    return img


def _png(img) -> bytes:
    out = io.BytesIO()
    img.save(out, format="PNG")
    return out.getvalue()


def kitty(png: bytes, cols: int) -> str:
    """The kitty graphics protocol escape sequences that show ``png`` ``cols`` cells wide."""
    payload = base64.standard_b64encode(png).decode("ascii")
    chunks = [payload[i:i + KITTY_CHUNK] for i in range(0, len(payload), KITTY_CHUNK)] or [""]
    parts = []
    for i, chunk in enumerate(chunks):
        more = 1 if i < len(chunks) - 1 else 0
        head = f"f=100,a=T,c={cols},m={more}" if i == 0 else f"m={more}"
        parts.append(f"\x1b_G{head};{chunk}\x1b\\")
    return "".join(parts) + "\n"


def iterm2(png: bytes, cols: int) -> str:
    """iTerm2's inline image escape sequence for ``png``, ``cols`` cells wide."""
    payload = base64.standard_b64encode(png).decode("ascii")
    return f"\x1b]1337;File=inline=1;size={len(png)};width={cols};preserveAspectRatio=1:{payload}\x07\n"


def blocks(img, cols: int) -> str:
    """Half-block text: one character per pixel column, two pixel rows per line."""
    img = _fit(img, cols, 1.0)  # a cell is about twice as tall as wide: two pixels per cell stay square
    px = img.load()
    lines = []
    for y in range(0, img.height, 2):
        cells = []
        for x in range(img.width):
            top = px[x, y]
            bottom = px[x, y + 1] if y + 1 < img.height else None
            fg = f"\x1b[38;2;{top[0]};{top[1]};{top[2]}m"
            bg = f"\x1b[48;2;{bottom[0]};{bottom[1]};{bottom[2]}m" if bottom else "\x1b[49m"
            cells.append(f"{fg}{bg}\u2580")
        lines.append("".join(cells) + "\x1b[0m")
    return "\n".join(lines) + "\n"


def preview(data: bytes, protocol: str, max_cols: int = 40) -> Styled | None:
    """The preview of an image file's bytes in ``protocol`` (at most ``max_cols`` cells wide),
    or None when the bytes are not an image Pillow can read (or Pillow is not installed)."""
    if protocol not in PROTOCOLS or not data or len(data) > MAX_BYTES:
        return None
    try:
        img = _load(data)
    except ImportError:
        return None
    except Exception:
        return None
    cols = max(1, min(max_cols, img.width))
    if protocol == "blocks":
        return Styled(blocks(img, cols))
    scaled = _fit(img, cols * 10, 1.0)  # about 10 pixels per cell: crisp and small
    png = _png(scaled)
    return Styled(kitty(png, cols) if protocol == "kitty" else iterm2(png, cols))


def pillow_available() -> bool:
    try:
        import PIL  # noqa: F401
    except ImportError:
        return False
    return True
