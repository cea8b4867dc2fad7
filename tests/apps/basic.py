"""Text, numbers, defaults, streaming, errors, State, hidden endpoints, slow jobs."""
from __future__ import annotations

import time

import gradio as gr
from _compat import hidden


def echo(text):
    """Echo the text back."""
    return text


def numbers(num, slider, flag, colour):
    return {"num": num, "num_type": type(num).__name__, "slider": slider,
            "flag": flag, "colour": colour}


def defaults(text, n, maybe=None):
    return f"text={text!r} n={n!r} maybe={maybe!r}"


def stream(n, delay):
    out = ""
    for i in range(int(n)):
        time.sleep(float(delay))
        out += f"chunk{i} "
        yield out


def slow(seconds):
    time.sleep(float(seconds))
    return f"slept {seconds}"


def ticker(n):
    for i in range(int(n)):
        yield f"tick{i}"
        time.sleep(0.5)


def gr_error(text):
    raise gr.Error(f"boom: {text}")


def plain_error(text):
    raise ValueError(f"plain value error: {text}")


def counter(text, count):
    count = (count or 0) + 1
    return f"{text} #{count}", count


def secret(text):
    return f"hidden:{text}"


def undoc(text):
    return f"undocumented:{text}"


def build() -> gr.Blocks:
    with gr.Blocks() as demo:
        t_in = gr.Textbox(label="Input text")
        t_out = gr.Textbox(label="Output text")
        num = gr.Number(label="num")
        sl = gr.Slider(0, 10, value=5, step=1, label="slider")
        cb = gr.Checkbox(label="flag")
        dd = gr.Dropdown(["red", "green", "blue"], value="red", label="colour")
        js = gr.JSON(label="result")
        d_text = gr.Textbox(value="hello", label="text")
        d_n = gr.Number(label="n")
        d_maybe = gr.Textbox(label="maybe")
        state = gr.State(0)
        b = gr.Button()
        b.click(echo, t_in, t_out, api_name="echo")
        b.click(numbers, [num, sl, cb, dd], js, api_name="numbers")
        b.click(defaults, [d_text, d_n, d_maybe], t_out, api_name="defaults")
        b.click(stream, [num, gr.Number(0.2, visible=False)], t_out, api_name="stream")
        b.click(slow, num, t_out, api_name="slow")
        b.click(ticker, num, t_out, api_name="ticker")
        b.click(gr_error, t_in, t_out, api_name="gr_error")
        b.click(plain_error, t_in, t_out, api_name="plain_error")
        b.click(counter, [t_in, state], [t_out, state], api_name="counter")
        b.click(secret, t_in, t_out, **({"api_name": "secret"} if gr.__version__[0] == "6" else {}),
                **hidden("private"))
        b.click(undoc, t_in, t_out, api_name="undoc", **hidden("undocumented"))
    return demo
