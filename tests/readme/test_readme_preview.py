"""The README's image preview is what gshell shows: `gshell --demo` runs in a pty that says it is
kitty (TERM=xterm-kitty), the README's call previews the sepia demo image with kitty graphics, and
the picture it sends is the README's docs/images/tour-preview.png (same size, pixels within a
small tolerance: the webp the app encodes may differ by a rounding between builds of libwebp).
README_UPDATE_PREVIEW=1 writes the picture instead of comparing it."""
from __future__ import annotations

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "output"))

from test_image_preview_pty import CALL, PreviewTerminal, _png_of_kitty  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
PICTURE = ROOT / "docs" / "images" / "tour-preview.png"
README = ROOT / "README.md"
MAX_MEAN_DIFF = 3.0   # of 255, per channel


def test_readme_shows_the_preview_gshell_sends(tmp_path):
    from PIL import Image, ImageChops, ImageStat
    assert CALL in README.read_text(encoding="utf-8") and PICTURE.name in README.read_text(encoding="utf-8")
    term = PreviewTerminal(tmp_path, {"TERM": "xterm-kitty"})
    try:
        out = term.run(CALL)
    finally:
        term.close()
    shown = _png_of_kitty(out).convert("RGB")
    if os.environ.get("README_UPDATE_PREVIEW"):
        shown.save(PICTURE)
    readme = Image.open(PICTURE).convert("RGB")
    assert readme.size == shown.size
    diff = ImageStat.Stat(ImageChops.difference(readme, shown)).mean
    assert max(diff) <= MAX_MEAN_DIFF, diff
