"""Inline image previews for the interactive shell (see ``gshell.runtime.images``).

At the prompt, after a statement's output, the images it showed (an Image result, a Gallery,
an AnnotatedImage, files inside chat messages; at most six) are previewed in the terminal:
kitty or iTerm2 graphics where the terminal has them, coloured half blocks elsewhere.  Only
when standard output is a terminal; never in scripts, ``-c`` or when piped.

The setting: ``$GshellImagePreview`` (``'auto'``, the default, detects the terminal from
``TERM``, ``TERM_PROGRAM`` and ``KITTY_WINDOW_ID``; ``'off'`` or ``$false`` turns previews
off; ``'kitty'``, ``'iterm2'``, ``'blocks'`` force one), else the environment variable
``GSHELL_IMAGES`` with the same values.  The half blocks are colour: ``--no-color`` (or
``NO_COLOR``) turns them off, not the graphics protocols.
"""
from __future__ import annotations

import os
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from gshell.display import Styled
from gshell.runtime import images

if TYPE_CHECKING:
    from gshell.runtime.registry import Runtime

SETTING = "GshellImagePreview"


def protocol_for(interp: Runtime, env: dict[str, str] | None = None) -> str | None:
    """The preview protocol the setting and the terminal give (None: no preview)."""
    env = dict(os.environ if env is None else env)
    value = interp.get_variable(SETTING)
    if value is False:
        return None
    text = str(value).strip().lower() if value not in (None, True) else ""
    if text and text != "auto":
        env["GSHELL_IMAGES"] = text
        if text not in images.PROTOCOLS:
            return None
    protocol = images.detect(env)
    if protocol == "blocks" and not interp.host.color:
        return None
    return protocol


def make_previewer(interp: Runtime) -> Callable[[Any], Styled | None] | None:
    """The formatter's ``preview`` hook for this terminal, or None when previews are off."""
    protocol = protocol_for(interp)
    if protocol is None or not images.pillow_available():
        return None
    from gshell.commands.gradio_views import file_bytes
    width = interp.host.width
    max_cols = max(8, min(40, width // 2))

    def preview(fd: Any) -> Styled | None:
        data = file_bytes(fd, images.MAX_BYTES)
        return images.preview(data, protocol, max_cols=max_cols) if data else None

    return preview
