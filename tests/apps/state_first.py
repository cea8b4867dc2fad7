"""gr.State as the first input/output, to check placeholder positions."""
from __future__ import annotations

import gradio as gr


def sf(hist, text):
    hist = (hist or []) + [text]
    return hist, "|".join(hist)


def build() -> gr.Blocks:
    with gr.Blocks() as demo:
        st = gr.State([])
        t = gr.Textbox(label="text")
        out = gr.Textbox(label="out")
        gr.Button().click(sf, [st, t], [st, out], api_name="sf")
    return demo
