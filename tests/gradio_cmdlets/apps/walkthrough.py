"""PowerShAI's walkthrough app (docs/en-US/providers/huggingface/README.md, "simple-app.py"),
plus a `GenerateImage(Prompt)` endpoint shaped like the walkthrough's diffusers-labs space (a
small numpy picture, no model), launched on 127.0.0.1 with a free port.  Prints `WALKTHROUGH-READY <url>`; exits on stdin EOF."""
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

if __name__ == "__main__":
    kw = {"ssr_mode": False} if int(gr.__version__.split(".")[0]) >= 5 else {}
    _app, url, _share = demo.launch(server_name="127.0.0.1", prevent_thread_lock=True, quiet=True, **kw)
    print(f"WALKTHROUGH-READY {url.rstrip('/')}", flush=True)
    sys.stdin.read()
    os._exit(0)
