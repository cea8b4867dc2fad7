"""Run with a Gradio server venv's python: prints JSON {"classes": {name: [aliases]}, "types": {name:
block type}, "used": [...]}: every component class gradio exports (by class name), the type /config
gives it, and the classes tests/apps/components.py uses."""
from __future__ import annotations

import inspect
import json
import os
import sys
import warnings

warnings.filterwarnings("ignore")
sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "apps"))

import components  # noqa: E402
import gradio as gr  # noqa: E402
from gradio.components.base import Component  # noqa: E402

classes: dict[str, list[str]] = {}
types: dict[str, str] = {}
for name, obj in vars(gr).items():
    if inspect.isclass(obj) and issubclass(obj, Component) and obj is not Component:
        classes.setdefault(obj.__name__, []).append(name)
        types[obj.__name__] = obj.get_block_name(obj.__new__(obj))
demo = components.build()
used = sorted({type(b).__name__ for b in demo.blocks.values() if isinstance(b, Component)})
print(json.dumps({"version": gr.__version__, "classes": classes, "types": types, "used": used}))
