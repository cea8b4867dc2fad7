"""Run by a Gradio server venv's python: prints, as JSON, {class name: /config type} for every
component class gradio exports (gr.components), from an instance's get_block_name()."""
import inspect
import json
import warnings

import gradio.components as components
from gradio.components import Component

warnings.simplefilter("ignore")
out = {}
for name, cls in sorted(vars(components).items()):
    if not (inspect.isclass(cls) and issubclass(cls, Component)) or inspect.isabstract(cls):
        continue
    if cls.__name__ in ("Component", "FormComponent") or name != cls.__name__:
        continue
    try:
        out[name] = cls().get_block_name()
    except Exception:  # a class that needs arguments: the default block name
        out[name] = cls.__name__.lower()
print(json.dumps(out))
