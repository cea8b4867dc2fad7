"""An app behind Gradio password auth (user 'u', password 'p'); mounted with auth=."""
from __future__ import annotations

import gradio as gr

USER, PASSWORD = "u", "p"


def whoami(text, request: gr.Request):
    return f"{request.username}:{text}"


def build() -> gr.Blocks:
    with gr.Blocks() as demo:
        t = gr.Textbox(label="text")
        out = gr.Textbox(label="out")
        gr.Button().click(whoami, t, out, api_name="whoami")
    return demo
