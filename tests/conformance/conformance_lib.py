"""The conformance harness: call an endpoint of tests/apps/components.py with gradio_client (the
reference) and with gshell (by name, by position, through a proxy function), and reduce both to
comparable forms.

- *sent*: the ``data`` array of the request that started the job, as the server received it
  (tests/servers/host.py records it; GET /__recorded__), compared with types kept (2 is not 2.0).
- *result*: the decoded outputs; a file becomes ``{"sha256": ...}`` of its bytes (gradio_client
  downloads it, gshell's result is fetched with Save-GradioFile), a Dataframe its headers and rows.
- *error*: the text of gradio_client's AppError and of gshell's error record.

A case's values are written once in a neutral form: plain JSON values, with ``Asset("name")`` where a
local file goes (gradio_client gets ``handle_file(path)``, gshell the path).
"""
from __future__ import annotations

import hashlib
import json
import math
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx


@dataclass(frozen=True)
class Asset:
    """A local test file (made by ``make_assets``)."""
    name: str


@dataclass
class Case:
    """One call of one endpoint.  ``args`` are the endpoint's parameters in order; ``majors`` the
    Gradio majors the component exists on; ``modes`` the ways of calling that apply."""
    api: str
    args: list[Any]
    majors: tuple[int, ...] = (4, 5, 6)
    id: str = ""
    error: bool = False
    modes: tuple[str, ...] = ("name", "position", "proxy")
    stateful: bool = False  # gr.State: every call (gradio_client's too) continues one session
    # what gradio_client is given when gshell takes a short form of the value (the JSON sent must
    # still be the same): None = ``args``
    reference: list[Any] | None = None

    @property
    def client_args(self) -> list[Any]:
        return self.args if self.reference is None else self.reference

    @property
    def case_id(self) -> str:
        return self.id or self.api


# ----------------------------------------------------------------------------- test files
def _png(path: Path, rgb: tuple[int, int, int], size: int = 6) -> None:
    from PIL import Image
    Image.new("RGB", (size, size), rgb).save(path)


def _wav(path: Path) -> None:
    import struct
    import wave
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(8000)
        w.writeframes(b"".join(struct.pack("<h", int(8000 * math.sin(i / 5))) for i in range(800)))


def make_assets(directory: Path) -> dict[str, Path]:
    directory.mkdir(parents=True, exist_ok=True)
    out: dict[str, Path] = {}

    def add(name: str) -> Path:
        out[name] = directory / name
        return out[name]

    add("note.txt").write_text("a note for the conformance tests\n")
    add("table.csv").write_text("name,age\nada,36\nalan,41\n")
    _png(add("red.png"), (220, 30, 30))
    _png(add("blue.png"), (30, 30, 220))
    _png(add("mask.png"), (0, 0, 0))
    _wav(add("tone.wav"))
    add("clip.mp4").write_bytes(b"\x00\x00\x00\x18ftypmp42" + bytes(range(256)) * 4)
    add("cube.obj").write_text("v 0 0 0\nv 1 0 0\nv 0 1 0\nf 1 2 3\n")
    add("subs.srt").write_text("1\n00:00:00,000 --> 00:00:01,000\nsubtitle one\n")
    return out


# ----------------------------------------------------------------------------- value renderers
def for_client(value: Any, assets: dict[str, Path]) -> Any:
    """The neutral value as gradio_client takes it."""
    from gradio_client import handle_file
    if isinstance(value, Asset):
        return handle_file(str(assets[value.name]))
    if isinstance(value, dict):
        return {k: for_client(v, assets) for k, v in value.items()}
    if isinstance(value, list):
        return [for_client(v, assets) for v in value]
    return value


def ps_literal(value: Any, assets: dict[str, Path]) -> str:
    """The neutral value as a gshell (PowerShell) expression."""
    if isinstance(value, Asset):
        return ps_literal(str(assets[value.name]), assets)
    if value is None:
        return "$null"
    if isinstance(value, bool):
        return "$true" if value else "$false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, str):
        return "'" + value.replace("'", "''") + "'"
    if isinstance(value, list):
        if len(value) == 1 and isinstance(value[0], list):  # @(@(1, 2)) is @(1, 2) in PowerShell
            return "@(," + ps_literal(value[0], assets) + ")"
        return "@(" + ", ".join(ps_literal(v, assets) for v in value) + ")"
    if isinstance(value, dict):
        return "[ordered]@{" + "; ".join(f"'{k}' = {ps_literal(v, assets)}" for k, v in value.items()) + "}"
    raise TypeError(type(value))


# ----------------------------------------------------------------------------- normal forms
def strict(value: Any) -> Any:
    """JSON with the number type kept: 2 -> ('int', 2), 2.0 -> ('float', 2.0)."""
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return value
    if isinstance(value, int):
        return ("int", value)
    if isinstance(value, float):
        return ("float", value)
    if isinstance(value, dict):
        return {k: strict(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [strict(v) for v in value]
    return ("other", repr(value))


def sha_file(path: str | os.PathLike[str]) -> dict[str, Any]:
    """A file by its content; an HLS playlist (a streaming output) by having segments and an end
    (the segment names are new uuids on every call, and how the encoder cuts them varies)."""
    data = Path(path).read_bytes()
    if data.startswith(b"#EXTM3U"):
        lines = data.decode("utf-8", "replace").splitlines()
        return {"hls_playlist": {"segments": any(ln.strip() and not ln.startswith("#") for ln in lines),
                                 "ended": "#EXT-X-ENDLIST" in lines}}
    return {"sha256": hashlib.sha256(data).hexdigest()}


def _is_filedata(d: Any) -> bool:
    return isinstance(d, dict) and isinstance(d.get("path"), str) and (
        (d.get("meta") or {}).get("_type") == "gradio.FileData" or "url" in d)


def normal_client(value: Any, download_dir: Path) -> Any:
    """gradio_client's result with downloaded files as digests."""
    if isinstance(value, str):
        p = Path(value)
        if p.is_absolute() and str(p).startswith(str(download_dir)) and p.is_file():
            return sha_file(p)
        return value
    if isinstance(value, dict):
        if _is_filedata(value):  # not downloaded (a URL elsewhere)
            return {"url": value.get("url") or value["path"]}
        return {k: normal_client(v, download_dir) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [normal_client(v, download_dir) for v in value]
    return value


def normal_gshell(value: Any, fetch) -> Any:
    """gshell's result (plain JSON from its records) with files as digests; ``fetch`` downloads one
    FileData and returns the local path."""
    if isinstance(value, dict):
        if _is_filedata(value):
            return sha_file(fetch(value))
        return {k: normal_gshell(v, fetch) for k, v in value.items()}
    if isinstance(value, list):
        return [normal_gshell(v, fetch) for v in value]
    return value


def dataframe_form(value: Any) -> Any:
    """A Dataframe value compared by headers and rows: gradio_client's ``{headers, data}``, or
    gshell's array of row objects (headers: the first row's property names)."""
    if isinstance(value, dict) and "headers" in value and "data" in value:
        return {"headers": value["headers"], "rows": [r for r in value["data"] if r]}
    if isinstance(value, list) and value and all(isinstance(r, dict) for r in value):
        return {"headers": list(value[0]), "rows": [list(r.values()) for r in value]}
    return value


def chat_form(value: Any) -> Any:
    """A chat history as messages: gradio_client gives a 4.x 'tuples' Chatbot's [user, bot]
    pairs, gshell one message per non-null half."""
    if isinstance(value, list) and value and all(isinstance(p, list) and len(p) == 2 for p in value):
        return [{"role": role, "content": half} for pair in value
                for role, half in zip(("user", "assistant"), pair, strict=True) if half is not None]
    return value


def recorded(base: str) -> list[dict[str, Any]]:
    r = httpx.get(base + "/__recorded__", timeout=10)
    r.raise_for_status()
    return r.json()


def sent_data(base: str) -> Any:
    """The ``data`` of the one job-starting request since the last look."""
    bodies = recorded(base)
    assert len(bodies) == 1, f"expected one job request, the server saw {json.dumps(bodies)[:500]}"
    return bodies[0]["body"].get("data")


_MISSING = "<missing>"


def first_diff(ours: Any, ref: Any, where: str = "") -> str:
    """Where two normal forms first differ, in one line ('' when equal)."""
    if isinstance(ours, dict) and isinstance(ref, dict):
        for k in list(ref) + [k for k in ours if k not in ref]:
            d = first_diff(ours.get(k, _MISSING), ref.get(k, _MISSING), f"{where}.{k}")
            if d:
                return d
        return ""
    if isinstance(ours, list) and isinstance(ref, list):
        for i, (a, b) in enumerate(zip(ours, ref, strict=False)):
            d = first_diff(a, b, f"{where}[{i}]")
            if d:
                return d
        if len(ours) != len(ref):
            return f"{where}: gshell has {len(ours)} items, gradio_client {len(ref)}"
        return ""
    if ours != ref:
        return f"{where or 'value'}: gshell {_short(ours)} != gradio_client {_short(ref)}"
    return ""


def _short(v: Any) -> str:
    text = repr(v)
    return text if len(text) < 160 else text[:157] + "..."
