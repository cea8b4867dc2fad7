"""Value kinds of Gradio components: what a slot of an endpoint takes and gives.

``KINDS`` maps every component type of gradio 4/5/6 (the lower-case ``type`` of /config) to a
kind; ``kind_of`` refines it with the component's props (a Number with precision 0 is an
integer, a multiselect Dropdown takes several choices, a File with file_count 'multiple' takes
several files) and falls back on the JSON schema for custom components.
"""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any

TEXT = "text"
INTEGER = "integer"
NUMBER = "number"
BOOL = "bool"
CHOICE = "choice"
CHOICES = "choices"
FILE = "file"
FILES = "files"
PATHS = "paths"                # FileExplorer: paths on the server, each a list of segments [["dir", "a.py"]]
GALLERY = "gallery"
CHAT = "chat"                  # chat messages (Chatbot)
MULTIMODAL = "multimodal"      # MultimodalTextbox: {text, files}
IMAGE_EDITOR = "image_editor"  # ImageEditor / Sketchpad / Paint: {background, layers, composite}
IMAGE_SLIDER = "image_slider"  # a pair of images
ANNOTATED_IMAGE = "annotated_image"
VIDEO = "video"                # 4.x/5.x Video: {video: FileData, subtitles: FileData | null}
DATAFRAME = "dataframe"
JSON = "json"
STATE = "state"
LABEL = "label"
HIGHLIGHTED = "highlighted_text"
PLOT = "plot"
DATETIME = "datetime"
DATASET = "dataset"            # the index (or values) of a selected example
COLOR = "color"
NONE = "none"                  # carries no value (layout, buttons)

#: every kind
ALL = frozenset({TEXT, INTEGER, NUMBER, BOOL, CHOICE, CHOICES, FILE, FILES, PATHS, GALLERY, CHAT, MULTIMODAL,
                 IMAGE_EDITOR, IMAGE_SLIDER, ANNOTATED_IMAGE, VIDEO, DATAFRAME, JSON, STATE, LABEL, HIGHLIGHTED,
                 PLOT, DATETIME, DATASET, COLOR, NONE})

#: kinds whose values can hold FileData (uploaded on input, downloadable on output)
FILE_KINDS = frozenset({FILE, FILES, GALLERY, CHAT, MULTIMODAL, IMAGE_EDITOR, IMAGE_SLIDER, ANNOTATED_IMAGE,
                        VIDEO})

KINDS: dict[str, str] = {
    # text
    "textbox": TEXT, "textarea": TEXT, "text": TEXT, "code": TEXT, "markdown": TEXT, "html": TEXT,
    "colorpicker": COLOR, "datetime": DATETIME,
    "button": TEXT, "clearbutton": TEXT, "duplicatebutton": TEXT, "loginbutton": TEXT, "logoutbutton": TEXT,
    "deeplinkbutton": TEXT,
    # numbers and flags
    "number": NUMBER, "slider": NUMBER, "timer": NUMBER, "checkbox": BOOL,
    # choices
    "dropdown": CHOICE, "radio": CHOICE, "checkboxgroup": CHOICES, "fileexplorer": PATHS,
    # files
    "file": FILE, "image": FILE, "audio": FILE, "video": FILE, "model3d": FILE, "uploadbutton": FILE,
    "downloadbutton": FILE, "simpleimage": FILE, "imagemask": IMAGE_EDITOR, "simplefile": FILE,
    "gallery": GALLERY, "imageslider": IMAGE_SLIDER, "annotatedimage": ANNOTATED_IMAGE,
    "imageeditor": IMAGE_EDITOR, "sketchpad": IMAGE_EDITOR, "paint": IMAGE_EDITOR,
    # structured
    "chatbot": CHAT, "dialogue": JSON, "multimodaltextbox": MULTIMODAL, "dataframe": DATAFRAME,
    "json": JSON, "label": LABEL, "highlightedtext": HIGHLIGHTED, "dataset": DATASET, "paramviewer": JSON,
    "workflowcanvas": JSON, "fallback": JSON, "navbar": JSON,
    "plot": PLOT, "barplot": PLOT, "lineplot": PLOT, "scatterplot": PLOT, "nativeplot": PLOT,
    # values the server keeps
    "state": STATE, "browserstate": STATE,
    # layout (never an API slot)
    "row": NONE, "column": NONE, "tabs": NONE, "tab": NONE, "tabitem": NONE, "box": NONE, "form": NONE,
    "accordion": NONE, "group": NONE, "interpretation": NONE, "sidebar": NONE,
}


def kind_of(ctype: str, props: Mapping[str, Any], schema: Any) -> str:
    """The kind of a component of type ``ctype`` with ``props`` and wire ``schema``."""
    base = KINDS.get(ctype)
    if base is None:
        return _from_schema(schema)
    refine = _REFINE.get(base)
    return refine(props, schema) if refine is not None else base


def _number(props: Mapping[str, Any], schema: Any) -> str:
    precision = props.get("precision")
    if precision == 0 and not isinstance(precision, bool):
        return INTEGER
    if isinstance(schema, dict) and schema.get("type") == "integer":
        return INTEGER
    return NUMBER


def _choice(props: Mapping[str, Any], schema: Any) -> str:
    if props.get("multiselect") is True or (isinstance(schema, dict) and schema.get("type") == "array"):
        return CHOICES
    return CHOICE


def _file(props: Mapping[str, Any], schema: Any) -> str:
    if props.get("file_count") in ("multiple", "directory"):
        return FILES
    if isinstance(schema, dict):
        if schema.get("type") == "array":
            return FILES
        properties = schema.get("properties")
        if isinstance(properties, dict) and "video" in properties and "path" not in properties:
            return VIDEO
    return FILE


_REFINE = {NUMBER: _number, CHOICE: _choice, FILE: _file}


def _from_schema(schema: Any) -> str:
    """A custom component: judged by its wire schema alone."""
    if not isinstance(schema, dict):
        return JSON
    jtype = schema.get("type")
    if jtype == "string":
        return CHOICE if isinstance(schema.get("enum"), list) else TEXT
    if jtype == "integer":
        return INTEGER
    if jtype == "number":
        return NUMBER
    if jtype == "boolean":
        return BOOL
    props = schema.get("properties")
    if isinstance(props, dict) and "path" in props and "meta" in props:
        return FILE
    if jtype == "array":
        items = schema.get("items")
        if isinstance(items, dict) and "$ref" in items and "FileData" in str(items["$ref"]):
            return FILES
    return JSON  # FileData deeper inside (a message list...): kept as JSON, never taken for a file
