"""The bundled demo app of `gshell --demo`: a small Gradio app that shows the range of what
Gradio APIs do, offline (no model download).  It needs gradio (5.x or 6.x), numpy and pillow.

Endpoints (api names are the same on gradio 5 and 6):
    /greet         text in, text out
    /calculate     two numbers and a dropdown; gr.Error on a division by zero
    /typewriter    a streaming generator (one `generating` event per word)
    /image_filter  an image in, an image out (numpy effects)
    /chat          a tiny chat: a message and the conversation so far (a Chatbot) in, the reply and
                   the conversation with both turns added out; a gr.State remembers your name
                   between calls (across calls on gradio 6; gradio 5's /call route starts a new
                   session each call)

This file is self-contained: gshell runs it by path with a Python that has gradio, which need
not have gshell installed.  Run by hand:  python app.py [--port N]
When started by gshell (--parent-watch) it prints ``GSHELL-DEMO-READY <url> <gradio version>``
once it accepts connections, and exits when its stdin reaches end-of-file (gshell is gone).
"""
from __future__ import annotations

import argparse
import os
import re
import socket
import sys
import threading
import time
import warnings
from typing import Any

READY = "GSHELL-DEMO-READY"
MISSING = "GSHELL-DEMO-MISSING"
EFFECTS = ["grayscale", "invert", "sepia", "mirror", "pixelate"]
OPERATIONS = ["add", "subtract", "multiply", "divide"]


# ----------------------------------------------------------------------------- endpoints
def greet(name: str) -> str:
    """Say hello."""
    name = (name or "").strip() or "stranger"
    return f"Hello, {name}!"


def calculate(a: float, operation: str, b: float) -> float:
    """Apply an operation to two numbers (dividing by zero raises gr.Error)."""
    import gradio as gr
    a = float(a or 0)
    b = float(b or 0)
    if operation == "add":
        return a + b
    if operation == "subtract":
        return a - b
    if operation == "multiply":
        return a * b
    if operation == "divide":
        if b == 0:
            raise gr.Error("Cannot divide by zero")
        return a / b
    raise gr.Error(f"Unknown operation '{operation}': use one of {', '.join(OPERATIONS)}")


def typewriter(text: str, delay: float):
    """Stream the text back one word at a time (a generator: one event per word)."""
    words = (text or "").split()
    out = ""
    for word in words:
        time.sleep(max(0.0, min(float(delay or 0), 2.0)))
        out = f"{out} {word}" if out else word
        yield out


def image_filter(image: Any, effect: str) -> Any:
    """Apply an effect to an image (grayscale, invert, sepia, mirror, pixelate)."""
    import gradio as gr
    import numpy as np
    from PIL import Image
    if image is None:
        raise gr.Error("No image given")
    arr = np.asarray(image.convert("RGB"), dtype=np.float32)
    if effect == "grayscale":
        grey = arr @ np.array([0.299, 0.587, 0.114], dtype=np.float32)
        arr = np.repeat(grey[:, :, None], 3, axis=2)
    elif effect == "invert":
        arr = 255.0 - arr
    elif effect == "sepia":
        matrix = np.array([[0.393, 0.769, 0.189], [0.349, 0.686, 0.168], [0.272, 0.534, 0.131]],
                          dtype=np.float32)
        arr = arr @ matrix.T
    elif effect == "mirror":
        arr = arr[:, ::-1, :]
    elif effect == "pixelate":
        h, w = arr.shape[:2]
        block = max(1, min(h, w) // 16)
        small = arr[::block, ::block, :]
        arr = np.repeat(np.repeat(small, block, axis=0), block, axis=1)[:h, :w, :]
    else:
        raise gr.Error(f"Unknown effect '{effect}': use one of {', '.join(EFFECTS)}")
    return Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8))


def chat(message: str, history: list | None, memory: dict | None) -> tuple[str, list, dict]:
    """A tiny chat that remembers your name ("my name is Ada", then "what is my name?"); the
    conversation (Chatbot messages) comes back with this turn added."""
    memory = dict(memory or {})
    memory["turns"] = int(memory.get("turns", 0)) + 1
    text = (message or "").strip()
    low = text.lower().rstrip(".!?")
    intro = re.match(r"(?:my name is|i am|i'm)\s+(.+)", text, re.IGNORECASE)
    if intro:
        memory["name"] = intro.group(1).strip().rstrip(".!?")
        reply = f"Nice to meet you, {memory['name']}!"
    elif "my name" in low:
        name = memory.get("name")
        reply = f"Your name is {name}." if name else "I don't know your name yet: tell me with 'my name is ...'."
    else:
        reply = f"You said: {text} (message {memory['turns']} of this session)"
    turns = [{"role": "user", "content": text}, {"role": "assistant", "content": reply}]
    return reply, [_message(m) for m in history or []] + turns, memory


def _message(msg: Any) -> dict:
    """A message of the conversation as the app gets it back (a dict, or a gradio message object)."""
    if isinstance(msg, dict):
        return msg
    dump = getattr(msg, "model_dump", None)
    return dump() if callable(dump) else {"role": getattr(msg, "role", "user"), "content": getattr(msg, "content", "")}


# ----------------------------------------------------------------------------- the app
def build() -> Any:
    import gradio as gr
    with gr.Blocks(title="gshell demo") as demo:
        gr.Markdown("# gshell demo\nA small app to explore with `gshell --demo`.")
        with gr.Tab("Greet"):
            name = gr.Textbox(label="Name", value="world")
            greeting = gr.Textbox(label="Greeting")
            gr.Button("Greet").click(greet, name, greeting, api_name="greet")
        with gr.Tab("Calculate"):
            a = gr.Number(label="a", value=6)
            op = gr.Dropdown(OPERATIONS, value="multiply", label="operation")
            b = gr.Number(label="b", value=7)
            result = gr.Number(label="result")
            gr.Button("Calculate").click(calculate, [a, op, b], result, api_name="calculate")
        with gr.Tab("Typewriter"):
            text = gr.Textbox(label="Text", value="Gradio streams each yield as an event")
            delay = gr.Slider(0, 2, value=0.2, step=0.05, label="delay")
            typed = gr.Textbox(label="Typed")
            gr.Button("Type").click(typewriter, [text, delay], typed, api_name="typewriter")
        with gr.Tab("Image filter"):
            image = gr.Image(type="pil", label="Image")
            effect = gr.Dropdown(EFFECTS, value="sepia", label="effect")
            filtered = gr.Image(label="Filtered")
            gr.Button("Apply").click(image_filter, [image, effect], filtered, api_name="image_filter")
        with gr.Tab("Chat"):
            major = int(gr.__version__.split(".")[0])
            conversation = gr.Chatbot(label="History", **({"type": "messages"} if major == 5 else {}))
            message = gr.Textbox(label="Message")
            memory = gr.State({})
            reply = gr.Textbox(label="Reply", visible=False)
            gr.Button("Send").click(chat, [message, conversation, memory], [reply, conversation, memory],
                                    api_name="chat")
    return demo


# ----------------------------------------------------------------------------- serving
def _die_with_parent() -> None:
    """Linux: get SIGTERM when the parent process dies (a backstop for the stdin watch)."""
    if not sys.platform.startswith("linux"):
        return
    try:
        import ctypes
        import signal
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except Exception:
        pass


def _watch_stdin() -> None:
    """Exit as soon as the parent closes our stdin (or dies)."""
    try:
        while os.read(0, 1024):
            pass
    except Exception:
        pass
    os._exit(0)


def serve(host: str, port: int, parent_watch: bool) -> None:
    import gradio as gr
    import uvicorn
    from fastapi import FastAPI

    kw: dict[str, Any] = {}
    if int(gr.__version__.split(".")[0]) >= 5:
        kw["ssr_mode"] = False
    app = gr.mount_gradio_app(FastAPI(), build(), path="/", **kw)
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    url = f"http://{host}:{sock.getsockname()[1]}"
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", timeout_graceful_shutdown=1))

    def announce() -> None:
        while not server.started:
            time.sleep(0.01)
        print(f"{READY} {url} {gr.__version__}" if parent_watch else f"gshell demo app running on {url}",
              flush=True)

    threading.Thread(target=announce, daemon=True).start()
    if parent_watch:
        threading.Thread(target=_watch_stdin, daemon=True).start()
    server.run(sockets=[sock])


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="The gshell demo Gradio app")
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--port", type=int, default=0)
    ap.add_argument("--parent-watch", action="store_true",
                    help="exit when stdin closes (used by gshell --demo)")
    args = ap.parse_args(argv)
    if args.parent_watch:
        _die_with_parent()
    os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
    os.environ.setdefault("HF_HUB_DISABLE_TELEMETRY", "1")
    warnings.filterwarnings("ignore")
    try:
        import gradio  # noqa: F401
        import numpy  # noqa: F401
        import PIL  # noqa: F401
    except ImportError as exc:
        print(f"{MISSING} {getattr(exc, 'name', None) or exc}", flush=True)
        return 3
    serve(args.host, args.port, args.parent_watch)
    return 0


if __name__ == "__main__":
    sys.exit(main())
