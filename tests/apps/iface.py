"""A gr.Interface (endpoint /predict on 4.x/5.x, /greet on 6.x)."""
from __future__ import annotations

import gradio as gr


def greet(name, intensity):
    return "Hello, " + name + "!" * int(intensity)


def build() -> gr.Blocks:
    return gr.Interface(fn=greet, inputs=["text", gr.Slider(1, 5, value=2, step=1)], outputs="text")
