"""PowerShAI's walkthrough app (docs/en-US/providers/huggingface/README.md, "simple-app.py"),
plus a `GenerateImage(Prompt)` endpoint shaped like the walkthrough's diffusers-labs space (a
small numpy picture, no model), served on 127.0.0.1 with a free port.  Prints `WALKTHROUGH-READY <url>`; exits on stdin EOF."""
import os
import sys
import time

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
import gradio as gr  # noqa: E402


def Op1(Duration):
    yield f"Dur:{Duration}"

    print("Looping...")
    start = time.perf_counter()
    while True:
        now = time.perf_counter()

        elapsed = now - start

        if elapsed >= int(Duration):
            break

        yield elapsed
        time.sleep(1)

    yield "Finished"


def GenerateImage(Prompt):
    import numpy as np
    seed = sum(map(ord, Prompt)) % 256
    img = np.zeros((32, 48, 3), dtype=np.uint8)
    img[..., 0], img[..., 1], img[..., 2] = seed, 255 - seed, len(Prompt) % 256
    return img


with gr.Blocks() as demo:
    DurationSeconds = gr.Text(label="Duration, in, seconds", value=5)
    txtResults = gr.Text(label="Result")
    btnOp1 = gr.Button(value="Op1")
    btnOp1.click(Op1, [DurationSeconds], [txtResults])
    txtPrompt = gr.Text(label="Prompt")
    imgOut = gr.Image(label="Image")
    gr.Button(value="Generate").click(GenerateImage, [txtPrompt], [imgOut], api_name="GenerateImage")

def serve() -> None:
    """Serve ``demo`` at the root of a free port with uvicorn (as demo.launch() does, without its
    start-up self-check, which gives up after a fixed time on a loaded machine)."""
    import socket
    import threading

    import uvicorn
    from fastapi import FastAPI

    kw = {"ssr_mode": False} if int(gr.__version__.split(".")[0]) >= 5 else {}
    app = gr.mount_gradio_app(FastAPI(), demo, path="/", **kw)
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", timeout_graceful_shutdown=1))

    def announce() -> None:
        while not server.started:
            time.sleep(0.02)
        print(f"WALKTHROUGH-READY http://127.0.0.1:{sock.getsockname()[1]}", flush=True)

    def watch_stdin() -> None:
        sys.stdin.read()
        os._exit(0)

    threading.Thread(target=announce, daemon=True).start()
    threading.Thread(target=watch_stdin, daemon=True).start()
    server.run(sockets=[sock])


if __name__ == "__main__":
    serve()
