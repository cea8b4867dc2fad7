"""The benchmark app (run with a gradio 6 venv's python): /echo, /count (a generator whose first
yield is immediate), /slow_echo (0.5 s, no concurrency limit, for concurrent calls).

    .venvs/gradio-6.31.0/bin/python bench/apps/bench_app.py [--port N]

Binds 127.0.0.1 only; prints `BENCH-APP-READY http://127.0.0.1:<port>` when it accepts
connections; exits when stdin reaches EOF (the parent died or closed it).
"""
from __future__ import annotations

import argparse
import os
import socket
import sys
import threading
import time

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
os.environ.setdefault("HF_HUB_DISABLE_TELEMETRY", "1")
os.environ.setdefault("HF_HUB_OFFLINE", "1")

import gradio as gr  # noqa: E402


def echo(text: str) -> str:
    return text


def count(n: float):
    for i in range(int(n)):
        yield str(i)
        time.sleep(0.02)


def slow_echo(text: str) -> str:
    time.sleep(0.5)
    return text


def build() -> gr.Blocks:
    with gr.Blocks() as demo:
        t_in = gr.Textbox(label="text")
        t_out = gr.Textbox(label="out")
        n = gr.Number(label="n", value=3)
        b = gr.Button()
        b.click(echo, t_in, t_out, api_name="echo")
        b.click(count, n, t_out, api_name="count")
        b.click(slow_echo, t_in, t_out, api_name="slow_echo", concurrency_limit=None)
    demo.queue(default_concurrency_limit=None, max_size=None)
    return demo


def free_port() -> int:
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--port", type=int, default=0)
    args = ap.parse_args()
    port = args.port or free_port()
    demo = build()
    demo.launch(server_name="127.0.0.1", server_port=port, prevent_thread_lock=True, quiet=True,
                show_error=True, ssr_mode=False)
    print(f"BENCH-APP-READY http://127.0.0.1:{port}", flush=True)

    def watch_stdin() -> None:
        try:
            while sys.stdin.read(1024):
                pass
        except Exception:
            pass
        os._exit(0)

    threading.Thread(target=watch_stdin, daemon=True).start()
    while True:
        time.sleep(3600)


if __name__ == "__main__":
    main()
