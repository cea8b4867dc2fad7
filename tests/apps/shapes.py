"""App shapes public Spaces use, rendered into the conformance app (tests/apps/components.py) so
gradio_client reaches them on every major (tests/conformance/test_file_lookalikes.py):

- a multimodal gr.ChatInterface with additional inputs that streams its answer (``/mm_chat``);
- a gr.TabbedInterface of a batched gr.Interface (``batch=True``) and a two-output Interface;
- a gr.File with ``file_count="directory"``; a Gallery of an image and a video with captions;
- an endpoint with no inputs, one with no outputs, and a generator with two streaming outputs;
- gr.Progress with gr.Info/gr.Warning on the way; an event with queue=False; a streaming Audio output
  (and a streaming Video output on 5.x/6.x);
- gr.update() and component instances as outputs; a JSON output whose dicts look like FileData;
- a gr.Request parameter; inputs given as a set (the function takes a dict); a ChatInterface with
  an additional output.
"""
from __future__ import annotations

import os
import tempfile
import time
from typing import Any

import gradio as gr
from _compat import MAJOR


def _describe(value: Any) -> Any:
    from components import describe
    return describe(value)


def mm_chat(message, history, system, max_tokens):
    """A streaming answer that says what arrived: text, files (by digest), history size, extras."""
    if isinstance(message, dict):
        text = message.get("text", "")
        files = [_describe(f) for f in message.get("files", [])]
    else:
        text, files = message, []
    answer = (f"text={text!r} files={files} history={len(history or [])} system={system!r} "
              f"max_tokens={max_tokens!r}")
    for i in range(1, 4):
        yield answer[: len(answer) * i // 3]


def shout(words: list[str]) -> list[list[str]]:
    """A batched function: a list of inputs in, a list of outputs out."""
    return [[w.upper() + "!" for w in words]]


def split_name(full: str) -> tuple[str, int]:
    return full.split(" ")[0], len(full)


def directory(files) -> dict[str, Any]:
    return {"received": sorted((_describe(f)["file"], _describe(f)["sha256"]) for f in files or [])}


def mixed_gallery(image):
    """A Gallery of a small mp4 (bytes, not decoded) and the given image, each with a caption."""
    d = tempfile.mkdtemp()
    video = os.path.join(d, "clip.mp4")
    with open(video, "wb") as f:
        f.write(b"\x00\x00\x00\x18ftypmp42" + bytes(range(256)) * 2)
    return [(video, "a video"), (image, "an image")]


def no_inputs():
    return "nothing in, this out"


def no_outputs(text):
    return None


def two_streams(n):
    for i in range(int(n)):
        time.sleep(0.05)
        yield f"step {i}", i * 10


def with_progress(n, progress=gr.Progress()):  # noqa: B008 (gradio finds the tracker by its default)
    """Progress updates and gr.Info/gr.Warning messages on the way to the result."""
    gr.Info("starting")
    for _ in progress.tqdm(range(int(n)), desc="working"):
        time.sleep(0.02)
    gr.Warning("almost done")
    return f"did {int(n)} steps"


def quick(text):
    return f"quick:{text}"


def _tone(path: str, seconds: float, pitch: int) -> str:
    import math
    import struct
    import wave
    with wave.open(path, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(8000)
        w.writeframes(b"".join(struct.pack("<h", int(6000 * math.sin(i / pitch)))
                               for i in range(int(8000 * seconds))))
    return path


def audio_chunks(n):
    """A streaming Audio output: one short wav file per chunk."""
    d = tempfile.mkdtemp()
    for i in range(int(n)):
        yield _tone(os.path.join(d, f"chunk{i}.wav"), 0.2, 3 + i)


def updates(text):
    """gr.update / a component instance as outputs (a UI change, not always a value)."""
    return text.upper(), gr.update(visible=False), gr.Textbox(value=f"new {text}", interactive=False)


def json_lookalikes(text):
    """A JSON output holding dicts that look like files (a listing): data, not files to fetch."""
    return {"listing": [{"path": f"docs/{text}.txt", "size": 3, "orig_name": f"{text}.txt"}],
            "file": {"path": "/etc/hostname", "url": None, "is_stream": False}}


def with_request(text, request: gr.Request):
    """A gr.Request parameter is not an API parameter."""
    return f"{text} (request: {request is not None})"


def chat_extra(message, history):
    """A ChatInterface with an additional output (5.x/6.x)."""
    return f"re: {message}", len(message)


def video_chunks(n):
    """A streaming Video output: one short mp4 per chunk, made with ffmpeg (tests/run installs it)."""
    import subprocess
    d = tempfile.mkdtemp()
    for i in range(int(n)):
        path = os.path.join(d, f"part{i}.mp4")
        subprocess.run(["ffmpeg", "-loglevel", "error", "-f", "lavfi", "-i",
                        f"testsrc=duration=1:size=64x48:rate=10,hue=h={i * 90}", "-pix_fmt", "yuv420p",
                        "-c:v", "libx264", "-t", "1", path], check=True)
        yield path


def render() -> None:
    """Add the shapes to the Blocks being built."""
    chat_kwargs: dict[str, Any] = {"api_name": "mm_chat"} if MAJOR >= 5 else {}  # 4.x: /chat
    if MAJOR == 5:
        chat_kwargs["type"] = "messages"
    gr.ChatInterface(mm_chat, multimodal=True, **chat_kwargs,
                     additional_inputs=[gr.Textbox("be brief", label="system"),
                                        gr.Slider(1, 512, value=64, step=1, label="max tokens")]).render()
    if MAJOR >= 5:
        gr.ChatInterface(chat_extra, api_name="chat_extra", additional_outputs=[gr.Number(label="length")],
                         **({"type": "messages"} if MAJOR == 5 else {})).render()
    names = (lambda n: {"api_name": n}) if MAJOR >= 5 else (lambda n: {})  # 4.x: /predict, /predict_1
    batched = gr.Interface(shout, gr.Textbox(label="word"), gr.Textbox(label="shout"), batch=True,
                           max_batch_size=4, **names("shout"))
    two = gr.Interface(split_name, gr.Textbox(label="full name"),
                       [gr.Textbox(label="first"), gr.Number(label="length")], **names("split_name"))
    gr.TabbedInterface([batched, two], ["shout", "split"]).render()
    b = gr.Button("shapes")
    desc = gr.JSON(label="received")
    b.click(directory, gr.File(file_count="directory", label="folder"), desc, api_name="directory")
    b.click(mixed_gallery, gr.Image(type="filepath", label="picture"), gr.Gallery(label="media"),
            api_name="mixed_gallery")
    b.click(no_inputs, None, gr.Textbox(label="out"), api_name="no_inputs")
    b.click(no_outputs, gr.Textbox(label="text"), None, api_name="no_outputs")
    b.click(with_progress, gr.Number(label="n", precision=0), gr.Textbox(label="done"), api_name="with_progress")
    b.click(quick, gr.Textbox(label="text"), gr.Textbox(label="out"), api_name="quick", queue=False)
    b.click(audio_chunks, gr.Number(label="n", precision=0), gr.Audio(streaming=True, label="speech"),
            api_name="audio_chunks")
    b.click(updates, gr.Textbox(label="text"), [gr.Textbox(label="upper"), gr.Textbox(label="hidden"),
                                                gr.Textbox(label="changed")], api_name="updates")
    b.click(json_lookalikes, gr.Textbox(label="name"), gr.JSON(label="listing"), api_name="json_lookalikes")
    if MAJOR >= 5:
        b.click(video_chunks, gr.Number(label="n", precision=0), gr.Video(streaming=True, label="clip"),
                api_name="video_chunks")
    b.click(with_request, gr.Textbox(label="text"), gr.Textbox(label="out"), api_name="with_request")
    first, second = gr.Textbox(label="first"), gr.Textbox(label="second")
    b.click(lambda d: {"joined": f"{d[first]}+{d[second]}"}, {first, second}, desc, api_name="dict_inputs")
    b.click(two_streams, gr.Number(label="n", precision=0), [gr.Textbox(label="step"), gr.Number(label="tens")],
            api_name="two_streams")
