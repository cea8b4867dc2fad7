"""Run by a Gradio server venv's python: prints, as JSON, the /config and /info of a Blocks
app (never launched) with one identity endpoint /c<i> per component of COMPONENTS."""
import json
import warnings

import gradio as gr

warnings.simplefilter("ignore")
MAJOR = int(gr.__version__.split(".")[0])

COMPONENTS = [
    ("textbox", lambda: gr.Textbox()), ("integer", lambda: gr.Number(precision=0)), ("number", lambda: gr.Number()),
    ("slider", lambda: gr.Slider(0, 10, step=1)), ("checkbox", lambda: gr.Checkbox()),
    ("dropdown", lambda: gr.Dropdown(["a", "b"])), ("multiselect", lambda: gr.Dropdown(["a", "b"], multiselect=True)),
    ("radio", lambda: gr.Radio(["x", "y"])), ("checkboxgroup", lambda: gr.CheckboxGroup(["p", "q"])),
    ("file", lambda: gr.File()), ("files", lambda: gr.File(file_count="multiple")), ("image", lambda: gr.Image()),
    ("gallery", lambda: gr.Gallery()),
    ("chatbot", lambda: gr.Chatbot(**({"type": "messages"} if MAJOR == 5 else {}))),
    ("multimodal", lambda: gr.MultimodalTextbox()), ("imageeditor", lambda: gr.ImageEditor()),
    ("dataframe", lambda: gr.Dataframe()), ("json", lambda: gr.JSON()), ("audio", lambda: gr.Audio()),
    ("video", lambda: gr.Video()), ("model3d", lambda: gr.Model3D()), ("colorpicker", lambda: gr.ColorPicker()),
    ("label", lambda: gr.Label()), ("highlightedtext", lambda: gr.HighlightedText()),
    ("annotatedimage", lambda: gr.AnnotatedImage()), ("plot", lambda: gr.Plot()),
    ("datetime", lambda: gr.DateTime()), ("uploadbutton", lambda: gr.UploadButton()),
    ("markdown", lambda: gr.Markdown()), ("dataset", lambda: gr.Dataset(components=[gr.Textbox(visible=False)],
                                                                        samples=[["a"]])),
]
if MAJOR >= 5:
    COMPONENTS.append(("imageslider", lambda: gr.ImageSlider()))

with gr.Blocks() as demo:
    made = [(name, make()) for name, make in COMPONENTS]
    state = gr.State(0)
    b = gr.Button()
    for name, comp in made:
        b.click(lambda x: x, comp, comp, api_name=f"c_{name}")
    b.click(lambda x, s: (x, s), [made[0][1], state], [made[0][1], state], api_name="with_state")
print(json.dumps({"config": demo.get_config_file(), "info": demo.get_api_info()}, default=str))
