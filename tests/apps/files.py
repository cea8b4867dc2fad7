"""File and Image inputs/outputs."""
from __future__ import annotations

import os
import tempfile

import gradio as gr
import numpy as np


def _read(path) -> bytes:
    with open(path, "rb") as f:
        return f.read()


def file_info(f):
    """Describe an uploaded file: basename and content."""
    if f is None:
        return "none"
    path = f if isinstance(f, str) else f.name
    return f"{os.path.basename(path)}:{_read(path).decode('utf-8', 'replace')}"


def file_multi_info(files):
    files = files or []
    out = []
    for f in files:
        path = f if isinstance(f, str) else f.name
        out.append(f"{os.path.basename(path)}:{len(_read(path))}")
    return ";".join(out)


def file_single(text):
    d = tempfile.mkdtemp()
    p = os.path.join(d, "out.txt")
    with open(p, "w") as f:
        f.write(text)
    return p


def file_multi(n):
    d = tempfile.mkdtemp()
    paths = []
    for i in range(int(n)):
        p = os.path.join(d, f"part{i}.txt")
        with open(p, "w") as f:
            f.write(f"part {i}")
        paths.append(p)
    return paths


def file_roundtrip(f):
    path = f if isinstance(f, str) else f.name
    return path


def image_out(size):
    size = int(size)
    arr = np.zeros((size, size, 3), dtype=np.uint8)
    arr[:, :, 0] = 255
    return arr


def image_size(img):
    if img is None:
        return "none"
    return f"{img.shape[1]}x{img.shape[0]}"


def build() -> gr.Blocks:
    with gr.Blocks() as demo:
        f_in = gr.File(label="file")
        f_multi = gr.File(file_count="multiple", label="files")
        f_out = gr.File(label="out")
        f_multi_out = gr.File(file_count="multiple", label="outs")
        txt = gr.Textbox(label="text")
        num = gr.Number(label="n")
        img_out = gr.Image(label="image")
        img_in = gr.Image(label="image_in")
        res = gr.Textbox(label="result")
        b = gr.Button()
        b.click(file_info, f_in, res, api_name="file_info")
        b.click(file_multi_info, f_multi, res, api_name="file_multi_info")
        b.click(file_single, txt, f_out, api_name="file_single")
        b.click(file_multi, num, f_multi_out, api_name="file_multi")
        b.click(file_roundtrip, f_in, f_out, api_name="file_roundtrip")
        b.click(image_out, num, img_out, api_name="image_out")
        b.click(image_size, img_in, res, api_name="image_size")
    return demo
