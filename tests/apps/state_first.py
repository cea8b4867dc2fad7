"""gr.State as the first input/output, to check placeholder positions; /register with a
validator (gradio versions that have validators: its 422 lists the failed parameters)."""
from __future__ import annotations

import gradio as gr


def sf(hist, text):
    hist = (hist or []) + [text]
    return hist, "|".join(hist)


def register(name, age):
    return f"{name} ({age})"


def bot(message, history):
    history = list(history or [])
    return history + [{"role": "user", "content": message},
                      {"role": "assistant", "content": f"{len(history)} earlier message(s)"}]


def check(name, age):
    return [gr.validate(bool(name), "a name is required"),
            gr.validate(age is not None and age >= 0, "the age must not be negative")]


def build() -> gr.Blocks:
    with gr.Blocks() as demo:
        st = gr.State([])
        t = gr.Textbox(label="text")
        out = gr.Textbox(label="out")
        gr.Button().click(sf, [st, t], [st, out], api_name="sf")
        if not gr.__version__.startswith("4."):  # message dicts (4.x chatbots are tuples)
            kw = {"type": "messages"} if gr.__version__.startswith("5.") else {}
            chat = gr.Chatbot(label="history", **kw)
            gr.Button().click(bot, [t, chat], chat, api_name="bot")
        if hasattr(gr, "validate"):
            name, age = gr.Textbox(label="name"), gr.Number(label="age", precision=0)
            gr.Button().click(register, [name, age], out, api_name="register", validator=check)
    return demo
