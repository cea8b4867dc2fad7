"""The request plan: everything one call sends, built once, before anything is sent.

``GradioSession.plan_call`` (and ``plan_send`` for Send-GradioApi's raw data) returns a
``CallPlan``; the engine sends it (``GradioSession.run_plan``: uploads, then the POST, then the
stream), ``-WhatIf`` renders it (curl, Python or JavaScript: ``gshell.teach``), and the call
record keeps it for the HTTP trace and ``req``.  It is plain structured data: a file still to
upload is an ``Upload`` in ``values`` and a ``ServerPath`` in ``data`` (the path the upload
will answer), never a marker inside a string, so no value a user or a server chose can be
mistaken for anything else by a renderer.

Protocols (docs/protocol.md): 6.x uses ``POST {prefix}/call/<api>`` + ``GET .../<event_id>``;
4.x and 5.x use the queue (``POST {prefix}/queue/join`` with the fn_index and a session hash,
then ``GET {prefix}/queue/data?session_hash=...``), the only route that keeps gr.State and
shows gr.Error text there.
"""
from __future__ import annotations

import json
import os
import secrets
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

from .errors import ParameterError
from .files import FILEDATA_META, as_input_filedata

CALL = "call"
QUEUE = "queue"
_SEGMENT_SAFE = "-._~"


@dataclass(frozen=True)
class Upload:
    """A local file (absolute path) or an http(s) URL (fetched, then uploaded) to upload."""

    source: str
    name: str
    from_url: bool
    var: str  # the renderers' name for its server path: FILE_1, FILE_2, ...


@dataclass(frozen=True)
class ServerPath:
    """Stands, in ``CallPlan.data``, for the server path ``uploads[index]`` will answer."""

    index: int


@dataclass
class CallPlan:
    """One call: where it goes, what it carries, what must be uploaded first."""

    api_name: str             # '/echo'
    protocol: str             # CALL | QUEUE
    root: str                 # the app root (http://host:port[/mount])
    base: str                 # root + API prefix
    data: list[Any]           # the wire ``data`` array (skipped slots filled; ServerPath for uploads)
    values: list[Any]         # the /info-ordered inputs (gradio_client's arguments; Upload for uploads)
    names: list[str]          # the /info parameter names of ``values``
    fn_index: int | None = None
    session_hash: str | None = None
    uploads: list[Upload] = field(default_factory=list)
    token: bool = False       # the token headers go with every request of the call
    cookies: bool = False     # the session holds a Gradio login cookie

    @property
    def segment(self) -> str:
        """The endpoint name as one URL path segment (anything unusual percent-encoded)."""
        return quote(self.api_name.lstrip("/"), safe=_SEGMENT_SAFE, errors="surrogatepass")  # as the server named it

    @property
    def post_url(self) -> str:
        if self.protocol == QUEUE:
            return f"{self.base}/queue/join"
        return f"{self.base}/call/{self.segment}"

    def stream_url(self, event_id: str) -> str:
        """The GET that streams the results (``event_id`` matters to /call only)."""
        if self.protocol == QUEUE:
            return f"{self.base}/queue/data?session_hash={quote(self.session_hash or '', safe='')}"
        return f"{self.base}/call/{self.segment}/{quote(event_id, safe='')}"

    def body(self, server_paths: list[str] | None = None) -> dict[str, Any]:
        """The JSON body of the POST; with ``server_paths`` (one per upload) it is what is sent,
        without it the ServerPath placeholders stay (for renderers)."""
        data = _fill(self.data, server_paths) if server_paths is not None else self.data
        if self.protocol == QUEUE:
            return {"data": data, "fn_index": self.fn_index, "session_hash": self.session_hash,
                    "event_data": None, "trigger_id": None}
        out: dict[str, Any] = {"data": data}
        if self.session_hash:
            out["session_hash"] = self.session_hash
        return out


def _fill(obj: Any, paths: list[str]) -> Any:
    if isinstance(obj, ServerPath):
        return paths[obj.index]
    if isinstance(obj, list):
        return [_fill(x, paths) for x in obj]
    if isinstance(obj, dict):
        return {k: _fill(v, paths) for k, v in obj.items()}
    return obj


class FilePlanner:
    """Turns a file parameter's value into FileData (kept), or Uploads (paths and URLs)."""

    def __init__(self, cwd: str | None = None) -> None:
        self.cwd = cwd
        self.uploads: list[Upload] = []

    def value(self, value: Any) -> tuple[Any, Any]:
        """(what goes in ``values``, what goes in ``data``) for one file parameter value."""
        if value is None:
            return None, None
        if isinstance(value, (list, tuple)):
            pairs = [self.value(v) for v in value]
            return [p[0] for p in pairs], [p[1] for p in pairs]
        if isinstance(value, os.PathLike):
            value = os.fspath(value)
        if isinstance(value, dict):
            if "path" in value or "url" in value:
                fd = as_input_filedata(value)
                return fd, fd
            return value, value   # not a file: the engine's upload step refuses it with its message
        if not isinstance(value, str):
            return value, value
        if value.startswith(("http://", "https://")):
            up = Upload(value, os.path.basename(value.split("?", 1)[0].rstrip("/")) or "file", True,
                        f"FILE_{len(self.uploads) + 1}")
        else:
            path = os.path.expanduser(value)
            if self.cwd and not os.path.isabs(path):
                path = os.path.join(self.cwd, path)
            path = os.path.abspath(path)
            up = Upload(path, os.path.basename(path), False, f"FILE_{len(self.uploads) + 1}")
        self.uploads.append(up)
        fd = {"path": ServerPath(len(self.uploads) - 1), "orig_name": up.name, "meta": dict(FILEDATA_META)}
        return up, fd


def clip_json(obj: Any, limit: int = 300) -> str:
    """``obj`` as one line of JSON for the trace, cut to ``limit`` characters."""
    text = json.dumps(obj, ensure_ascii=False, default=str)
    return text if len(text) <= limit else f"{text[:limit]}... ({len(text)} chars)"


def new_session_hash() -> str:
    """A fresh session hash (the queue protocol needs one per call that keeps no State)."""
    return secrets.token_hex(6)


def check_file_value(value: Any, param_name: str) -> None:
    """A file parameter takes paths, URLs, FileData (or lists of them): anything else is an error."""
    if isinstance(value, (list, tuple)):
        for v in value:
            check_file_value(v, param_name)
        return
    if value is None or isinstance(value, (str, os.PathLike)):
        return
    if isinstance(value, dict) and ("path" in value or "url" in value):
        return
    what = "a mapping without path or url" if isinstance(value, dict) else type(value).__name__
    raise ParameterError(f"parameter '{param_name}': a file must be a path, a URL or a FileData, not {what}")


__all__ = ["CALL", "QUEUE", "CallPlan", "FilePlanner", "ServerPath", "Upload", "check_file_value", "clip_json",
           "new_session_hash"]
