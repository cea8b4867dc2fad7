"""Helpers so one app source runs on gradio 4.44.1, 5.50.0 and 6.31.0."""
from __future__ import annotations

from typing import Any

import gradio as gr

MAJOR = int(gr.__version__.split(".")[0])


def hidden(kind: str) -> dict[str, Any]:
    """Event kwargs hiding an endpoint.

    kind="private": not listed, not callable by name on 4/5 (api_name=False).
    kind="undocumented": not listed by default, but callable (show_api=False).
    """
    if MAJOR >= 6:
        return {"api_visibility": kind}
    if kind == "private":
        return {"api_name": False}
    return {"show_api": False}
