"""A gr.ChatInterface (endpoint /chat on 4.x/5.x, /respond on 6.x)."""
from __future__ import annotations

import gradio as gr
from _compat import MAJOR


def respond(message, history):
    return f"You said: {message} (history {len(history or [])})"


def build() -> gr.Blocks:
    kwargs = {} if MAJOR >= 6 else ({"type": "messages"} if MAJOR == 5 else {})
    return gr.ChatInterface(respond, **kwargs)
