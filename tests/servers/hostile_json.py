"""A Gradio 6.x impersonator (127.0.0.1 only) whose JSON documents carry hostile values and
encodings: deep nesting, huge integers, lone surrogates, invalid UTF-8, NUL, NaN, duplicate keys,
a BOM, UTF-16.  Built on tests/servers/faults.py's handler (reused, not copied).

Every app root is /<payload>-<where>:
  payload  one of PAYLOADS below (a JSON value as bytes, or a whole-body encoding trick)
  where    cfg    /config carries it (key "hostile"; the app itself stays valid)
           info   /info carries it as the default of parameter 'text'
           post   POST /call answers {"event_id": <it>}
           event  the complete event's data is [<it>] (one SSE line)
           err    POST /call answers 500 with {"detail": <it>}
           name   the endpoint's api_name (config) and /info key is <it> (string payloads only)
           state  the app keeps a gr.State (a second call waits for the first in a thread); the
                  complete event's data is [<it>, <it>]
           hub    the root is a Hub endpoint (HF_ENDPOINT): every /api/... answer is
                  {"id": "u/s", "author": "u", "sdk": "gradio", "cardData": <it>} (a list for
                  /api/spaces and /api/models)
  bom and utf16 are body encodings: the document carries the string "ok" and is sent with a
  UTF-8 BOM or as UTF-16 (with its BOM); in an event, the data line starts with a BOM.
Every request is recorded in .requests like faults.py does (a POST with its "body").
"""
from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlsplit

import faults as F  # tests/servers/faults.py (on sys.path via tests/conftest.py)
from two_origins import OriginServer, TwoOrigins

DEEP = 100_000          # far past any sane bound; parses on the main thread, crashes a default thread
DEEPER = 1_000_000      # past gshell's recursion limit
TEN_K = 10_000


def _nest(depth: int, open_: bytes = b"[", close: bytes = b"]") -> bytes:
    return open_ * depth + close * depth


PAYLOADS: dict[str, bytes] = {
    "deep": _nest(DEEP),
    "deeper": _nest(DEEPER),
    "deepobj": b'{"a":' * DEEP + b"1" + b"}" * DEEP,
    "deep10k": b'{"a": [' * (TEN_K // 2 - 1) + b"1" + b"]}" * (TEN_K // 2 - 1),  # at the hard cap: read, shown
    "deepstr": b'["' + b"[" * DEEP + b'"]',                 # brackets inside a string: not deep
    "bigint": b"1" * 5000,
    "bignested": b'{"n": [' + b"9" * 5000 + b"]}",
    "surrogate": b'"lone \\ud800 here"',
    "lowsurrogate": b'{"k\\udc00": "\\udfff"}',
    "badutf8": b'"caf\xc3 \xff\xfe end"',
    "nul": b'"a\\u0000b"',
    "nan": b"[NaN, Infinity, -Infinity]",
    "dupkeys": b'{"a": 1, "a": 2, "A": 3}',
    "bom": b'"ok"',
    "utf16": b'"ok"',
    "huge": b"1e999999",
    # a file whose name carries a lone surrogate and a NUL: saved under a name the OS accepts
    "surrogatefile": b'{"path": "/tmp/gradio/x/a\\ud800b\\u0000c.txt", "orig_name": "a\\ud800b\\u0000c.txt", '
                     b'"meta": {"_type": "gradio.FileData"}}',
}
WHERE = ("cfg", "info", "post", "event", "err", "state", "hub", "name")


def _encode(payload: str, doc: bytes) -> bytes:
    if payload == "bom":
        return b"\xef\xbb\xbf" + doc
    if payload == "utf16":
        return doc.decode("utf-8").encode("utf-16")
    return doc


def _config_doc(root: str, value: bytes, state: bool = False) -> bytes:
    cfg = F._config(root)
    if state:
        cfg["components"].append({"id": 3, "type": "state"})
        cfg["dependencies"][0].update(inputs=[3, 1], outputs=[3, 2])
    base = json.dumps(cfg).encode()
    return base[:-1] + b', "hostile": ' + value + b"}"


def _info_doc(value: bytes) -> bytes:
    marker = b'"@@"'
    info = json.loads(json.dumps(F.INFO))
    param = info["named_endpoints"]["/x"]["parameters"][0]
    param["parameter_has_default"], param["parameter_default"] = True, "@@"
    return json.dumps(info).encode().replace(marker, value)


def _named(rest: str, root: str, name: bytes) -> bytes:
    """/config or /info of an app whose one endpoint is named ``name`` (a JSON string)."""
    if rest == "/config":
        cfg = F._config(root)
        cfg["dependencies"][0]["api_name"] = "@@"
        return json.dumps(cfg).encode().replace(b'"@@"', name)
    info = {"named_endpoints": {"/@@": F.INFO["named_endpoints"]["/x"]}, "unnamed_endpoints": {}}
    return json.dumps(info).encode().replace(b'"/@@"', b'"/' + name[1:])


class Handler(F._Handler):
    def _split(self) -> tuple[str, str, str]:
        parts = urlsplit(self.path).path.strip("/").split("/")
        scen = parts[0] if parts else ""
        payload, _, where = scen.rpartition("-")
        return payload, where, "/" + "/".join(parts[1:])

    def _raw(self, body: bytes, code: int = 200, ctype: str = "application/json") -> None:
        self.send_response(code)
        self.send_header("content-type", ctype)
        self.send_header("content-length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _mine(self) -> tuple[str, str, str] | None:
        payload, where, rest = self._split()
        return (payload, where, rest) if payload in PAYLOADS and where in WHERE else None

    def _hub(self, payload: str, rest: str) -> None:
        value = PAYLOADS[payload]
        one = b'{"id": "u/s", "author": "u", "sdk": "gradio", "likes": 1, "cardData": ' + value + b"}"
        body = b"[" + one + b"]" if rest.rstrip("/") in ("/api/spaces", "/api/models") else one
        self._raw(_encode(payload, body))

    def do_GET(self) -> None:  # noqa: N802
        mine = self._mine()
        if mine is None:
            return super().do_GET()
        self._record()
        payload, where, rest = mine
        value = PAYLOADS[payload]
        if where == "hub":
            return self._hub(payload, rest)
        if where == "name" and rest in ("/config", "/gradio_api/info"):
            return self._raw(_named(rest, self._root(f"{payload}-{where}"), value))
        if rest == "/config":
            doc = _config_doc(self._root(f"{payload}-{where}"), value if where == "cfg" else b"null",
                              state=where == "state")
            return self._raw(_encode(payload, doc) if where == "cfg" else doc)
        if rest == "/gradio_api/info":
            if where == "info":
                return self._raw(_encode(payload, _info_doc(value)))
            return self._json(F.INFO)
        if rest.startswith("/gradio_api/file="):
            return self._raw(b"file bytes\n", ctype="text/plain")
        if rest.startswith("/gradio_api/call/"):
            self._start_stream()
            data = b'["fine"]'
            if where in ("event", "state"):
                data = (b"\xef\xbb\xbf" if payload == "bom" else b"") + b"[" + value + b"]"
                if where == "state":
                    data = data[:-1] + b", " + value + b"]"
            body = b"event: complete\ndata: " + data + b"\n\n"
            self.wfile.write(f"{len(body):x}\r\n".encode() + body + b"\r\n")
            return self._end_stream()
        self._json({"detail": "Not Found"}, 404)

    def do_POST(self) -> None:  # noqa: N802
        mine = self._mine()
        if mine is None:
            return super().do_POST()
        body = self._body()
        self._record()
        self.server.requests[-1]["body"] = body
        payload, where, rest = mine
        value = PAYLOADS[payload]
        if rest.startswith("/gradio_api/call/"):
            if where == "post":
                return self._raw(_encode(payload, b'{"event_id": ' + value + b"}"))
            if where == "err":
                return self._raw(_encode(payload, b'{"detail": ' + value + b"}"), 500)
            return self._json({"event_id": "e" * 32})
        if rest == "/gradio_api/cancel":
            return self._json({"success": True})
        self._json({"detail": "Not Found"}, 404)


class Server(OriginServer):
    def __init__(self) -> None:
        super().__init__(Handler)


def start() -> TwoOrigins:
    pair = TwoOrigins(Server(), Server())
    pair.start()
    return pair


def scenario(payload: str, where: str) -> str:
    return f"{payload}-{where}"


def value(payload: str) -> Any:
    """What a lenient reader makes of the payload (None when it cannot be read)."""
    try:
        return json.loads(PAYLOADS[payload].decode("utf-8", "replace"))
    except (ValueError, RecursionError):
        return None
