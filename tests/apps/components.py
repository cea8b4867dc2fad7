"""Every Gradio component as an input and as an output (the conformance app, tests/conformance).

One endpoint per component ``/<key>``: the component is both its input and its first output (the
value goes through the component's preprocess and postprocess), and a JSON ``describe`` of what
the function received is the second output, so a test sees both what the server understood and
what it sends back.  Components that are mostly outputs (Label, HighlightedText, AnnotatedImage,
plots, ...) also get ``/<key>_out`` that builds a value from a JSON spec.  A few endpoints cover
calls with several parameters, gr.State and errors.  The same source runs on gradio 4.44, 5.50
and 6.31; ``COMPONENTS`` lists what this major has.
"""
from __future__ import annotations

import datetime as _dt
import hashlib
import os
from collections.abc import Callable
from typing import Any

import gradio as gr
import numpy as np
import shapes
from _compat import MAJOR


def _sha(path: str) -> str:
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def _is_file(value: str) -> bool:
    return os.path.isabs(value) and os.path.isfile(value)


def describe(value: Any) -> Any:
    """A JSON summary of a preprocessed value that does not depend on server paths."""
    if value is None or isinstance(value, (bool, int, float)):
        return {"type": type(value).__name__, "value": value}
    if isinstance(value, str):
        if _is_file(value):
            return {"file": os.path.basename(value), "sha256": _sha(value)}
        return value
    if isinstance(value, np.ndarray):
        return {"ndarray": list(value.shape), "dtype": str(value.dtype),
                "sha256": hashlib.sha256(np.ascontiguousarray(value).tobytes()).hexdigest()}
    if hasattr(value, "columns") and hasattr(value, "values"):  # pandas DataFrame
        return {"columns": [str(c) for c in value.columns], "rows": describe(value.values.tolist())}
    if isinstance(value, _dt.datetime):
        return {"datetime": value.isoformat()}
    if hasattr(value, "model_dump"):  # a gradio data model (FileData, MultimodalValue, ...)
        return describe(value.model_dump())
    if isinstance(value, dict):
        if "path" in value and isinstance(value.get("path"), str) and _is_file(value["path"]):
            return {"file": os.path.basename(value["path"]), "sha256": _sha(value["path"])}
        return {str(k): describe(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [describe(v) for v in value]
    if hasattr(value, "size") and hasattr(value, "mode"):  # PIL image
        return {"pil": list(value.size), "mode": value.mode}
    return {"repr_type": type(value).__name__}


def roundtrip(value):
    return value, {"received": describe(value)}  # a dict: gr.JSON parses a bare string as JSON


# ----------------------------------------------------------------------------- builders of outputs
def label_out(spec):
    return spec


def highlighted_out(spec):
    return [tuple(x) if isinstance(x, list) else x for x in spec]


def _png(path_dir: str, rgb: tuple[int, int, int], size: int = 4) -> str:
    from PIL import Image
    img = Image.new("RGB", (size, size), rgb)
    path = os.path.join(path_dir, f"img_{rgb[0]}_{rgb[1]}_{rgb[2]}.png")
    img.save(path)
    return path


def annotated_out(spec):
    """spec: {"size": n, "boxes": [[x0, y0, x1, y1, label], ...]}."""
    n = int(spec.get("size", 8))
    img = np.zeros((n, n, 3), dtype=np.uint8)
    img[:, :, 1] = 200
    return img, [((b[0], b[1], b[2], b[3]), b[4]) for b in spec.get("boxes", [])]


def gallery_out(spec):
    """spec: [[r, g, b, caption], ...]: one small image per entry."""
    import tempfile
    d = tempfile.mkdtemp()
    return [(_png(d, (e[0], e[1], e[2])), e[3]) for e in spec]


def image_out(spec):
    """spec: [r, g, b, size]."""
    img = np.zeros((int(spec[3]), int(spec[3]), 3), dtype=np.uint8)
    img[:, :] = spec[:3]
    return img


def _frame():
    import pandas as pd
    return pd.DataFrame({"x": [1, 2, 3, 4], "y": [2.5, 3.5, 1.0, 4.0], "group": ["a", "b", "a", "b"]})


def plot_out(kind):
    return _frame()


def _plotting(module: str) -> Any:
    """A plotting library of the server: from its venv or .testlibs/plot-<version> (tests/run)."""
    import importlib
    try:
        return importlib.import_module(module)
    except ImportError:
        raise gr.Error(f"{module} is missing on the server: run tests/run "
                       "(tests/servers/setup_testlibs.sh plots)") from None


def matplotlib_figure(title):
    """A small matplotlib figure (gr.Plot sends it as an image in a data URL)."""
    _plotting("matplotlib").use("Agg")
    plt = _plotting("matplotlib.pyplot")
    fig, ax = plt.subplots(figsize=(2, 1.5), dpi=50)
    ax.plot([1, 2, 3, 4], [2.5, 3.5, 1.0, 4.0], color="tab:red")
    ax.set_title(title)
    return fig


def plotly_figure(title):
    """A small plotly figure (gr.Plot sends its JSON)."""
    go = _plotting("plotly.graph_objects")
    fig = go.Figure(go.Bar(x=["a", "b", "c"], y=[3, 1, 2], name="bars"))
    fig.update_layout(title=title)
    return fig


def chat_reply(message, history):
    """A chat step: the history grows by the user turn and an answer (messages, or 4.x pairs)."""
    history = list(history or [])
    answer = f"echo: {message} ({len(history)} before)"
    if MAJOR == 4:
        return history + [[message, answer]]
    return history + [{"role": "user", "content": message}, {"role": "assistant", "content": answer}]


def video_with_subtitles(path):
    """A video output with subtitles: (the given file, a small .srt written here); 6.x takes the
    file alone (its subtitles are a constructor argument)."""
    import tempfile
    if MAJOR >= 6:
        return path
    srt = os.path.join(tempfile.mkdtemp(), "subs.srt")
    with open(srt, "w", encoding="utf-8") as f:
        f.write("1\n00:00:00,000 --> 00:00:01,000\nhello\n")
    return path, srt


def describe_only(value):
    return {"received": describe(value)}


def button_label(text):
    return text


def chat_with_file(path):
    """A history whose answer carries a file (a gr.Image)."""
    return [{"role": "user", "content": "show me"},
            {"role": "assistant", "content": gr.Image(path)}] if MAJOR >= 5 else [["show me", (path,)]]


# ----------------------------------------------------------------------------- several parameters
def form(text, count, ratio, steps, flag, colour, tags):
    return {"text": text, "count": describe(count), "ratio": describe(ratio), "steps": describe(steps),
            "flag": flag, "colour": colour, "tags": tags}


def remember(text, memory):
    memory = list(memory or []) + [text]
    return " | ".join(memory), memory, len(memory)


def state_first(memory, text):
    memory = (memory or 0) + 1
    return memory, f"{text}#{memory}"


def fail(text):
    raise gr.Error(f"refused: {text}")


def fail_titled(text):
    if MAJOR >= 5:
        raise gr.Error(f"titled refusal: {text}", title="Bad input")
    raise gr.Error(f"titled refusal: {text}")


def crash(text):
    raise ValueError(f"internal: {text}")


# ----------------------------------------------------------------------------- the component table
def _make_components() -> dict[str, Callable[[], Any]]:
    """key -> factory of the component (both input and output)."""
    t: dict[str, Callable[[], Any]] = {
        "textbox": lambda: gr.Textbox(label="text"),
        "textarea": lambda: gr.TextArea(label="text area"),
        "number": lambda: gr.Number(label="number"),
        "integer": lambda: gr.Number(label="integer", precision=0),
        "slider": lambda: gr.Slider(0, 100, step=1, value=10, label="slider"),
        "slider_float": lambda: gr.Slider(0, 1, step=0.05, value=0.5, label="ratio"),
        "checkbox": lambda: gr.Checkbox(label="flag"),
        "checkboxgroup": lambda: gr.CheckboxGroup(["a", "b", "c"], label="group"),
        "radio": lambda: gr.Radio(["x", "y", "z"], label="radio"),
        "dropdown": lambda: gr.Dropdown(["red", "green", "blue"], value="red", label="colour"),
        "dropdown_multi": lambda: gr.Dropdown(["red", "green", "blue"], multiselect=True, label="colours"),
        "dropdown_pairs": lambda: gr.Dropdown([("Small", "s"), ("Large", "l")], value="s", label="size"),
        "dropdown_numbers": lambda: gr.Dropdown([1, 2, 3], multiselect=True, label="numbers"),
        "checkboxgroup_numbers": lambda: gr.CheckboxGroup([10, 20, 30], label="amounts"),
        "colorpicker": lambda: gr.ColorPicker(label="color"),
        "datetime": lambda: gr.DateTime(label="when"),
        "file": lambda: gr.File(label="file"),
        "files": lambda: gr.File(file_count="multiple", label="files"),
        "image": lambda: gr.Image(label="image"),
        "image_filepath": lambda: gr.Image(type="filepath", label="image path"),
        "image_pil": lambda: gr.Image(type="pil", label="picture"),
        "audio": lambda: gr.Audio(type="filepath", label="audio"),
        "audio_numpy": lambda: gr.Audio(label="sound"),
        "video": lambda: gr.Video(label="video"),
        "model3d": lambda: gr.Model3D(label="model"),
        "gallery": lambda: gr.Gallery(label="gallery"),
        "chatbot": lambda: gr.Chatbot(label="chat", **({"type": "messages"} if MAJOR == 5 else {})),
        "multimodal": lambda: gr.MultimodalTextbox(label="message"),
        "imageeditor": lambda: gr.ImageEditor(label="editor"),
        "sketchpad": lambda: gr.Sketchpad(label="sketch"),
        "dataframe": lambda: gr.Dataframe(headers=["name", "age"], label="table"),
        "json": lambda: gr.JSON(label="json"),
        "label": lambda: gr.Label(label="label"),
        "highlightedtext": lambda: gr.HighlightedText(label="highlights"),
        "annotatedimage": lambda: gr.AnnotatedImage(label="annotated"),
        "html": lambda: gr.HTML(label="html"),
        "markdown": lambda: gr.Markdown(label="markdown"),
        "code": lambda: gr.Code(label="code", language="python"),
        "uploadbutton": lambda: gr.UploadButton(label="upload"),
        "downloadbutton": lambda: gr.DownloadButton(label="download"),
        "fileexplorer": lambda: gr.FileExplorer(root_dir=os.path.dirname(os.path.abspath(__file__)),
                                                glob="*.py", label="explorer"),
        "paramviewer": lambda: gr.ParamViewer(),
    }
    # the templates: their parent's wire format under another name
    t.update({
        "tpl_files": lambda: gr.Files(label="files"),
        "tpl_imagemask": lambda: gr.ImageMask(label="mask"),
        "tpl_paint": lambda: gr.Paint(label="paint"),
        "tpl_list": lambda: gr.List(label="list"),
        "tpl_matrix": lambda: gr.Matrix(label="matrix"),
        "tpl_numpy": lambda: gr.Numpy(label="numpy"),
        "tpl_microphone": lambda: gr.Microphone(type="filepath", label="mic"),
        "tpl_playablevideo": lambda: gr.PlayableVideo(label="playable"),
        "timer": lambda: gr.Timer(2.0, active=False),
    })
    if MAJOR >= 5:
        t["browserstate"] = lambda: gr.BrowserState({"theme": "dark"})
        t["imageslider"] = lambda: gr.ImageSlider(label="slider images")
    if hasattr(gr, "Dialogue"):
        t["dialogue"] = lambda: gr.Dialogue(speakers=["A", "B"], label="dialogue")
    return t


COMPONENTS = _make_components()
# what a component's preprocess gives its postprocess cannot always take back: these endpoints
# only describe their input (their outputs have *_out endpoints)
INPUT_ONLY = frozenset({"highlightedtext", "annotatedimage"})

# output-only builders: key -> (input component factory, fn, output component factory)
OUTPUTS: dict[str, tuple[Callable[[], Any], Callable[..., Any], Callable[[], Any]]] = {
    "label_out": (lambda: gr.JSON(label="spec"), label_out, lambda: gr.Label(label="label")),
    "highlightedtext_out": (lambda: gr.JSON(label="spec"), highlighted_out,
                            lambda: gr.HighlightedText(label="highlights")),
    "annotatedimage_out": (lambda: gr.JSON(label="spec"), annotated_out,
                           lambda: gr.AnnotatedImage(label="annotated")),
    "gallery_out": (lambda: gr.JSON(label="spec"), gallery_out, lambda: gr.Gallery(label="gallery")),
    "image_out": (lambda: gr.JSON(label="spec"), image_out, lambda: gr.Image(label="image")),
    "lineplot_out": (lambda: gr.Textbox(label="kind"), plot_out,
                     lambda: gr.LinePlot(x="x", y="y", label="line")),
    "scatterplot_out": (lambda: gr.Textbox(label="kind"), plot_out,
                        lambda: gr.ScatterPlot(x="x", y="y", color="group", label="scatter")),
    "barplot_out": (lambda: gr.Textbox(label="kind"), plot_out,
                    lambda: gr.BarPlot(x="group", y="y", label="bars")),
    "video_out": (lambda: gr.File(label="clip"), video_with_subtitles, lambda: gr.Video(label="video")),
    "chat_file_out": (lambda: gr.Image(type="filepath", label="picture"), chat_with_file,
                      lambda: gr.Chatbot(label="chat", **({"type": "messages"} if MAJOR == 5 else {}))),
}


def build() -> gr.Blocks:
    with gr.Blocks() as demo:
        desc = gr.JSON(label="received")
        b = gr.Button("run")
        for key, make in COMPONENTS.items():
            comp = make()
            if key in INPUT_ONLY:
                b.click(describe_only, comp, desc, api_name=key)
            else:
                b.click(roundtrip, comp, [comp, desc], api_name=key)
        b.click(button_label, gr.Textbox(label="text"), gr.Button("press"), api_name="button_out")
        # the other buttons: a label as output
        buttons = {"clearbutton": "ClearButton", "duplicatebutton": "DuplicateButton",
                   "deeplinkbutton": "DeepLinkButton"}
        for key, cls in buttons.items():
            if hasattr(gr, cls):
                b.click(button_label, gr.Textbox(label="text"), getattr(gr, cls)(), api_name=f"{key}_out")
        # a Dataset: the index of a sample in, the samples out (gradio_client skips it as an output)
        ds = gr.Dataset(components=[gr.Textbox(visible=False)], samples=[["one"], ["two"]], type="index")
        b.click(describe_only, ds, desc, api_name="dataset")
        if hasattr(gr, "Navbar"):
            b.click(lambda t: [(t, "/" + t)], gr.Textbox(label="text"), gr.Navbar(), api_name="navbar_out")
        if hasattr(gr, "WorkflowCanvas"):
            b.click(button_label, gr.Textbox(label="text"), gr.WorkflowCanvas(), api_name="workflowcanvas_out")
        # a Plot with no figure, a matplotlib and a plotly figure
        b.click(lambda t: None, gr.Textbox(label="text"), gr.Plot(label="figure"), api_name="plot_out")
        b.click(matplotlib_figure, gr.Textbox(label="title"), gr.Plot(label="figure"), api_name="plot_matplotlib")
        b.click(plotly_figure, gr.Textbox(label="title"), gr.Plot(label="figure"), api_name="plot_plotly")
        for key, (make_in, fn, make_out) in OUTPUTS.items():
            b.click(fn, make_in(), make_out(), api_name=key)
        # a chat step: message and history in, history out
        chat_hist = gr.Chatbot(label="history", **({"type": "messages"} if MAJOR == 5 else {}))
        b.click(chat_reply, [gr.Textbox(label="message"), chat_hist], chat_hist, api_name="chat_reply")
        # several parameters of several kinds
        b.click(form, [gr.Textbox(label="text"), gr.Number(label="count", precision=0),
                       gr.Number(label="ratio"), gr.Slider(1, 50, step=1, value=4, label="steps"),
                       gr.Checkbox(label="flag"), gr.Dropdown(["red", "green"], value="red", label="colour"),
                       gr.CheckboxGroup(["a", "b"], label="tags")], desc, api_name="form")
        # gr.State in the middle of the inputs and outputs; State first
        memory = gr.State([])
        b.click(remember, [gr.Textbox(label="text"), memory],
                [gr.Textbox(label="joined"), memory, gr.Number(label="count")], api_name="remember")
        counter = gr.State(0)
        b.click(state_first, [counter, gr.Textbox(label="text")], [counter, gr.Textbox(label="tagged")],
                api_name="state_first")
        # errors
        b.click(fail, gr.Textbox(label="text"), gr.Textbox(label="out"), api_name="fail")
        b.click(fail_titled, gr.Textbox(label="text"), gr.Textbox(label="out"), api_name="fail_titled")
        b.click(crash, gr.Textbox(label="text"), gr.Textbox(label="out"), api_name="crash")
        shapes.render()  # the app shapes of tests/apps/shapes.py
    return demo


if __name__ == "__main__":
    build().launch()
