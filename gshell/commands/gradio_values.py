"""Gradio values as the language sees them, and back.

``to_value`` turns parsed JSON into gshell values (a FileData becomes a ``GradioFileData``
record that remembers its session, for Save-GradioFile); ``from_value`` turns gshell values into
plain JSON for a request (a ``[datetime]`` in Gradio DateTime's ``yyyy-MM-dd HH:mm:ss`` form).

A result is shaped by the kind of its output (``gshell.gradio.kinds``; table ``RESULT_SHAPERS``),
so that a result is a natural PowerShell value (only ``data``: ``RawData`` keeps the server's array):

- a Dataframe (``{headers, data, metadata}``) is an array of ``GradioDataFrameRow`` objects whose
  properties are the headers, in order (an empty header is ``H<n>``, a repeated one ``<name>_<n>``,
  as the column number), so ``Where-Object``, ``Sort-Object`` and ``Format-Table`` work on it;
  sent back as an input, the objects become ``{headers, data}`` again (``gradio/shapes.py``);
  a table with no rows is an ``EmptyDataFrame``: an empty array whose ``.Headers`` are the column
  names (its view at the prompt prints the header line);
- a Label is a ``GradioLabel`` (``label``, ``confidences``: ``GradioLabelConfidence`` objects
  with ``label`` and ``confidence``);
- HighlightedText is an array of ``GradioHighlightedToken`` (``token``, ``class_or_confidence``);
- chat messages (Chatbot) are ``GradioChatMessage`` objects (``role``, ``content``, ...); a
  4.x 'tuples' history ([user, bot] pairs) too, one message per non-null half (sent back, the
  messages become pairs again: ``gradio/shapes.py``; RawData keeps the pairs).

The type names only choose how a value is displayed (``gradio_display.py``); every value keeps
the server's keys and converts back to the same JSON.
"""
from __future__ import annotations

import os
from collections.abc import Callable, Mapping, Sequence
from datetime import datetime
from typing import Any

from gshell.gradio import kinds
from gshell.runtime.values import CIDict, Record, to_plain

DATAFRAME_ROW = "GradioDataFrameRow"
LABEL = "GradioLabel"
CONFIDENCE = "GradioLabelConfidence"
TOKEN = "GradioHighlightedToken"
MESSAGE = "GradioChatMessage"
APP_INFO = "GradioAppInfo"
DATETIME_FORMAT = "%Y-%m-%d %H:%M:%S"   # Gradio DateTime's default time_format


class GRecord(Record):
    """A Record that remembers the session it came from (for Save-GradioFile)."""

    __slots__ = ("gshell_session",)

    def __init__(self, items: Any = None, type_name: str = "PSCustomObject", session: Any = None) -> None:
        super().__init__(items, type_name=type_name)
        self.gshell_session = session

    def copy(self) -> GRecord:
        return GRecord(self.items(), type_name=self.type_name, session=self.gshell_session)


class AppInfoRecord(GRecord):
    """Get-GradioInfo's record: the /info document as records (PowerShAI's shape) that also
    holds the endpoint model built from that same document, for its view at the prompt."""

    __slots__ = ("gshell_model",)

    def __init__(self, items: Any, model: Any, session: Any = None) -> None:
        super().__init__(items, type_name=APP_INFO, session=session)
        self.gshell_model = model

    def copy(self) -> AppInfoRecord:
        return AppInfoRecord(self.items(), self.gshell_model, self.gshell_session)


def to_value(data: Any, session: Any = None) -> Any:
    """Parsed JSON -> gshell values; FileData objects become `GradioFileData` records."""
    from gshell.gradio import files
    if isinstance(data, dict):
        if files.is_filedata(data):
            return GRecord(((k, to_value(v, session)) for k, v in data.items()),
                           type_name="GradioFileData", session=session)
        return Record((k, to_value(v, session)) for k, v in data.items())
    if isinstance(data, (list, tuple)):
        return [to_value(v, session) for v in data]
    return data


def from_value(value: Any) -> Any:
    """gshell values -> plain JSON-able Python (views become their plain content)."""
    if isinstance(value, CIDict):
        return {str(k): from_value(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [from_value(v) for v in value]
    if isinstance(value, datetime):
        return value.strftime(DATETIME_FORMAT)
    if isinstance(value, os.PathLike):
        return os.fspath(value)
    return to_plain(value)


def filedata_record(fd: dict[str, Any], session: Any) -> GRecord:
    """An uploaded file as PowerShAI returns it: orig_name, path, url, meta (+ size)."""
    from gshell.gradio import files
    out: dict[str, Any] = {"orig_name": fd.get("orig_name"), "path": fd.get("path")}
    path = fd.get("path")
    if isinstance(path, str) and path.startswith(("http://", "https://")):
        out["url"] = path
    elif isinstance(path, str):
        out["url"] = files.file_url(session.client.file_base, path)
    if fd.get("size") is not None:
        out["size"] = fd["size"]
    out["meta"] = {"_type": "gradio.FileData"}
    return to_value(out, session)


# ----------------------------------------------------------------------------- results by kind
def column_names(headers: Sequence[Any]) -> list[str]:
    """Property names for a Dataframe's headers: text, an empty one ``H<n>``, a repeat (property
    names are case-insensitive) ``<name>_<n>`` (n: the column number)."""
    names: list[str] = []
    seen: set[str] = set()
    for n, h in enumerate(headers, 1):
        name = "" if h is None else str(h)
        if not name.strip():
            name = f"H{n}"
        if name.casefold() in seen:
            name = f"{name}_{n}"
        seen.add(name.casefold())
        names.append(name)
    return names


def dataframe_rows(value: Any, session: Any) -> Any:
    """``{headers, data}`` -> an array of GradioDataFrameRow objects (anything else: to_value)."""
    if not (isinstance(value, Mapping) and isinstance(value.get("headers"), list)
            and isinstance(value.get("data"), list) and all(isinstance(r, list) for r in value["data"])):
        return to_value(value, session)
    rows = [r for r in value["data"] if r]   # gradio sends [[]] for an empty table
    width = max([len(value["headers"])] + [len(r) for r in rows])
    names = column_names(list(value["headers"]) + [None] * (width - len(value["headers"])))
    if not rows:
        return EmptyDataFrame(names)
    out = []
    for r in rows:
        cells = [c if c is None or type(c) in _SCALARS else to_value(c, session) for c in r]
        cells += [None] * (width - len(cells))
        out.append(GRecord(zip(names, cells, strict=True), type_name=DATAFRAME_ROW, session=session))
    return out


_SCALARS = (str, int, float, bool)


class EmptyDataFrame(list[Any]):
    """A Dataframe result with no rows: an empty array that still answers ``.Headers`` (the
    column names the rows would have) and shows its header line at the prompt."""

    __slots__ = ("headers",)

    def __init__(self, headers: Sequence[str]) -> None:
        super().__init__()
        self.headers = list(headers)

    def ps_list_member(self, name: str) -> Any:
        """A member of the array itself (before member enumeration): Headers."""
        return list(self.headers) if name.casefold() == "headers" else None

    def ps_view_lines(self, width: int) -> list[str]:
        """The prompt's view: the header line of the table, and that it has no rows."""
        line = " ".join(self.headers)
        return [line, " ".join("-" * len(h) for h in self.headers), "(no rows)"]


def _typed(value: Any, type_name: str, session: Any) -> Any:
    return GRecord(((k, to_value(v, session)) for k, v in value.items()), type_name=type_name, session=session)


def label(value: Any, session: Any) -> Any:
    if not (isinstance(value, Mapping) and "label" in value):
        return to_value(value, session)
    out = _typed(value, LABEL, session)
    conf = value.get("confidences")
    if isinstance(conf, list):
        out["confidences"] = [_typed(c, CONFIDENCE, session) if isinstance(c, Mapping) else to_value(c, session)
                              for c in conf]
    return out


def _each(type_name: str, key: str) -> Callable[[Any, Any], Any]:
    """A list of objects with ``key`` -> records of ``type_name`` (anything else: to_value)."""
    def shape(value: Any, session: Any) -> Any:
        if isinstance(value, list) and value and all(isinstance(v, Mapping) and key in v for v in value):
            return [_typed(v, type_name, session) for v in value]
        return to_value(value, session)
    return shape


_messages = _each(MESSAGE, "role")


def chat_messages(value: Any, session: Any) -> Any:
    """Chat messages; a 4.x 'tuples' history ([user, bot] pairs) becomes messages too."""
    from gshell.gradio import shapes
    if isinstance(value, list) and value and shapes.is_pairs(value):
        value = shapes.pairs_to_messages(value)
    return _messages(value, session)


RESULT_SHAPERS: dict[str, Callable[[Any, Any], Any]] = {
    kinds.DATAFRAME: dataframe_rows,
    kinds.LABEL: label,
    kinds.HIGHLIGHTED: _each(TOKEN, "token"),
    kinds.CHAT: chat_messages,
}


def result_data(data: Any, outputs: Sequence[Any] | None, session: Any) -> Any:
    """An event's ``data`` (aligned with the endpoint's outputs) as gshell values, each output
    shaped by its kind; anything that does not line up is converted as JSON."""
    if not outputs or not isinstance(data, list) or len(data) != len(outputs):
        return to_value(data, session)
    out = []
    for value, slot in zip(data, outputs, strict=True):
        shaper = RESULT_SHAPERS.get(getattr(slot, "kind", ""))
        out.append(to_value(value, session) if shaper is None or value is None else shaper(value, session))
    return out


def _reshaped(slot: Any) -> bool:
    kind = getattr(slot, "kind", "")
    return kind == kinds.DATAFRAME or (kind == kinds.CHAT and getattr(slot, "props", {}).get("type") == "tuples")


def reshapes(outputs: Sequence[Any] | None) -> bool:
    """Some output's value differs from the server's JSON (a Dataframe, a 'tuples' chat)."""
    return any(_reshaped(s) for s in outputs or ())


def outputs_of(call: Any) -> list[Any] | None:
    endpoint = getattr(call, "endpoint", None)
    return list(endpoint.outputs) if endpoint is not None else None


ALIGNED_EVENTS = ("complete", "generating")


def event_record(ev: Any, session: Any, call: Any = None) -> GRecord:
    """An event as the language sees it: num, ts, event, data (aligned with the endpoint's
    returns, shaped by their kinds), plus RawData (the server's array) when gr.State slots were
    dropped from data or a value was reshaped (a Dataframe)."""
    outputs = outputs_of(call) if ev.event in ALIGNED_EVENTS else None
    items = [("num", ev.num), ("ts", ev.ts), ("event", ev.event), ("data", result_data(ev.data, outputs, session))]
    raw = getattr(ev, "raw", None)
    if raw is not None and (raw is not ev.data or reshapes(outputs)):
        items.append(("RawData", to_value(raw, session)))
    return GRecord(items, type_name="GradioApiEventResult", session=session)
