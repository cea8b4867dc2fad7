"""A queue with max_size=1 and one worker: the third concurrent job is refused (503)."""
from __future__ import annotations

import time

import gradio as gr


def job(seconds):
    time.sleep(float(seconds))
    return f"done {seconds}"


def build() -> gr.Blocks:
    with gr.Blocks() as demo:
        n = gr.Number(label="seconds")
        out = gr.Textbox(label="out")
        gr.Button().click(job, n, out, api_name="job", concurrency_limit=1)
    demo.queue(max_size=1)
    return demo
