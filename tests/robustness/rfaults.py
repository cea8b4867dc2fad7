"""More fault scenarios on top of tests/servers/faults.py (reused, not copied): one per request
kind (config GET, info GET, call POST, stream GET, upload, download) and HTTP status, plus an
unknown event name, a 50 MB result and a download named with an absolute path.

Scenario names (the app root is /<scenario>; anything else is handled by faults.py):
  cfg-<code>  info-<code>  post-<code>  stream-<code>  upload-<code>  dl-<code>
  unknownevent   an event named 'weird', then complete
  big            a 50 MB string in the complete event
  fileok         endpoint /x takes a file and answers a FileData; upload and download work
  abspath        a FileData named /tmp/.../abs-evil.txt; download says filename="/etc/abs-evil2.txt"
  statesilent    endpoint /x keeps a gr.State; its stream sends one event, then nothing
  endlessline    the stream sends `data: xxxx...` and never ends the line
  manyevents     50 generating events, then complete
  gzipbomb       file= answers 64 MiB of zeros gzip-encoded (about 64 KB on the wire)
  endlessfile    file= sends 64 KiB every 10 ms, forever
  bigfile        file= answers 32 MiB (with its content-length)
  slowupload     a file endpoint whose /upload reads 4 KiB every 50 ms
  endlessconfig  /config is a JSON document that never ends
Every request is recorded in .requests (method, path, headers) like faults.py does.
"""
from __future__ import annotations

import gzip
import json
import re
import time
from typing import Any
from urllib.parse import urlsplit

import faults as F  # tests/servers/faults.py (on sys.path via tests/conftest.py)
from two_origins import OriginServer  # tests/servers (on sys.path via tests/conftest.py)

BIG_BYTES = 50 * 1024 * 1024
BIG_FILE = 32 * 1024 * 1024
BODIES: dict[int, tuple[str, bytes]] = {
    401: ("application/json", b'{"detail": {"error": "Not authenticated", "auth_message": null}}'),
    403: ("application/json", b'{"detail": "Forbidden"}'),
    404: ("application/json", b'{"detail": "Not Found"}'),
    422: ("application/json", b'{"detail": [{"loc": ["body", "data"], "msg": "field required", '
                              b'"type": "missing"}]}'),
    429: ("application/json", b'{"detail": "Too Many Requests"}'),
    500: ("text/plain", b"Internal Server Error"),
    503: ("application/json", b'{"detail": "Queue is full. Max size is 1 and size is 1."}'),
}
CODES = sorted(BODIES)
KIND = re.compile(r"^(cfg|info|post|stream|upload|dl)-(\d{3})$")

FILE_INFO = {"named_endpoints": {"/x": {
    "parameters": [{"label": "file", "parameter_name": "file", "parameter_has_default": False,
                    "parameter_default": None, "type": {"type": "object", "properties": {"path": {"type": "string"}}},
                    "python_type": {"type": "filepath", "description": ""}, "component": "File"}],
    "returns": [{"label": "out", "type": {"type": "object"}, "python_type": {"type": "filepath"},
                 "component": "File"}],
    "api_visibility": "public"}}, "unnamed_endpoints": {}}


def _file_config(root: str) -> dict[str, Any]:
    cfg = F._config(root)
    cfg["components"] = [{"id": 1, "type": "file"}, {"id": 2, "type": "file"}]
    cfg["dependencies"][0]["types"]["generator"] = False
    return cfg


EXTRA = ("unknownevent", "big", "fileok", "abspath", "statesilent", "endlessline", "manyevents", "gzipbomb",
         "endlessfile", "slowupload", "endlessconfig", "bigfile")
_BOMB: list[bytes] = []


def _bomb() -> bytes:
    if not _BOMB:
        _BOMB.append(gzip.compress(b"\0" * (64 * 1024 * 1024), compresslevel=9))
    return _BOMB[0]


def _state_config(root: str) -> dict[str, Any]:
    cfg = F._config(root)
    cfg["components"].append({"id": 3, "type": "state"})
    cfg["dependencies"][0]["inputs"] = [3, 1]
    cfg["dependencies"][0]["outputs"] = [3, 2]
    return cfg


def _is_file_scenario(scen: str) -> bool:
    return scen in ("fileok", "abspath", "slowupload") or scen.startswith(("upload-", "dl-"))


class Handler(F._Handler):
    def _split(self) -> tuple[str, str]:
        parts = urlsplit(self.path).path.strip("/").split("/")
        return (parts[0] if parts else ""), "/" + "/".join(parts[1:])

    def _status(self, code: int) -> None:
        ctype, body = BODIES[code]
        self.send_response(code)
        self.send_header("content-type", ctype)
        self.send_header("content-length", str(len(body)))
        if code == 429:
            self.send_header("retry-after", "1")
        self.end_headers()
        self.wfile.write(body)

    def _fault(self, scen: str, kind: str) -> int | None:
        m = KIND.match(scen)
        if m and m.group(1) == kind and int(m.group(2)) in BODIES:
            return int(m.group(2))
        return None

    def _filedata(self, scen: str) -> dict[str, Any]:
        if scen == "abspath":
            return {"path": "/tmp/gradio/abc/abs-evil.txt", "orig_name": "/tmp/abs-evil.txt",
                    "meta": {"_type": "gradio.FileData"}}
        return {"path": "/tmp/gradio/abc/result.txt", "orig_name": "result.txt", "meta": {"_type": "gradio.FileData"}}

    def do_GET(self) -> None:  # noqa: N802
        scen, rest = self._split()
        mine = KIND.match(scen) is not None or scen in EXTRA
        if not mine:
            return super().do_GET()
        self._record()
        if rest == "/config" and scen == "endlessconfig":
            self._start_stream("application/json")
            try:
                self._chunk('{"version": "6.31.0", "pad": "')
                while not self.server.stopping.is_set():
                    self._chunk("p" * 65536)
            except OSError:
                pass
            self.close_connection = True
            return
        if rest == "/config":
            code = self._fault(scen, "cfg")
            if code:
                return self._status(code)
            cfg = _file_config(self._root(scen)) if _is_file_scenario(scen) else F._config(self._root(scen))
            if scen == "statesilent":
                cfg = _state_config(self._root(scen))
            return self._json(cfg)
        if rest == "/gradio_api/info":
            code = self._fault(scen, "info")
            if code:
                return self._status(code)
            return self._json(FILE_INFO if _is_file_scenario(scen) else F.INFO)
        if rest.startswith("/gradio_api/file="):
            code = self._fault(scen, "dl")
            if code:
                return self._status(code)
            if scen == "gzipbomb":
                body = _bomb()
                self.send_response(200)
                self.send_header("content-type", "application/octet-stream")
                self.send_header("content-encoding", "gzip")
                self.send_header("content-length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
                return
            if scen == "endlessfile":
                self._start_stream("application/octet-stream")
                block = b"z" * 65536
                try:
                    while not self.server.stopping.is_set():
                        self.wfile.write(f"{len(block):x}\r\n".encode() + block + b"\r\n")
                        time.sleep(0.01)
                except OSError:
                    pass
                self.close_connection = True
                return
            if scen == "bigfile":
                self.send_response(200)
                self.send_header("content-type", "application/octet-stream")
                self.send_header("content-length", str(BIG_FILE))
                self.end_headers()
                try:
                    for _ in range(BIG_FILE // 65536):
                        self.wfile.write(b"b" * 65536)
                except OSError:
                    self.close_connection = True
                return
            body = b"result bytes\n"
            self.send_response(200)
            self.send_header("content-type", "text/plain")
            if scen == "abspath":
                self.send_header("content-disposition", 'attachment; filename="/etc/abs-evil2.txt"')
            self.send_header("content-length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        if rest.startswith("/gradio_api/call/"):
            code = self._fault(scen, "stream")
            if code:
                return self._status(code)
            self._start_stream()
            if scen == "statesilent":
                self._chunk('event: generating\ndata: ["first"]\n\n')
                return self._hold()
            if scen == "endlessline":
                self._chunk("event: generating\ndata: ")
                block = "x" * 65536
                try:
                    while not self.server.stopping.is_set():
                        self._chunk(block)
                except OSError:
                    pass
                self.close_connection = True
                return
            if scen == "manyevents":
                for i in range(50):
                    self._chunk(f'event: generating\ndata: ["{i}"]\n\n')
                self._chunk('event: complete\ndata: ["done"]\n\n')
                return self._end_stream()
            if scen == "unknownevent":
                self._chunk('event: weird\ndata: {"a": 1}\n\n')
                self._chunk('event: complete\ndata: ["ok"]\n\n')
            elif scen == "big":
                head = 'event: complete\ndata: ["'
                self._chunk(head)
                block = "x" * (1024 * 1024)
                for _ in range(BIG_BYTES // len(block)):
                    self._chunk(block)
                self._chunk('"]\n\n')
            else:  # file scenarios: answer a FileData
                self._chunk("event: complete\ndata: " + json.dumps([self._filedata(scen)]) + "\n\n")
            return self._end_stream()
        self._json({"detail": "Not Found"}, 404)

    def do_POST(self) -> None:  # noqa: N802
        scen, rest = self._split()
        mine = KIND.match(scen) is not None or scen in EXTRA
        if not mine:
            return super().do_POST()
        self._record()
        if scen == "slowupload" and rest == "/gradio_api/upload":
            left = int(self.headers.get("content-length") or 0)
            try:
                while left > 0 and not self.server.stopping.is_set():
                    left -= len(self.rfile.read(min(left, 4096)) or b"x" * left)
                    time.sleep(0.05)
            except OSError:
                pass
            self.close_connection = True
            return
        self._body()
        if rest == "/gradio_api/upload":
            code = self._fault(scen, "upload")
            if code:
                return self._status(code)
            return self._json(["/tmp/gradio/up/" + "uploaded.txt"])
        if rest.startswith("/gradio_api/call/"):
            code = self._fault(scen, "post")
            if code:
                return self._status(code)
            return self._json({"event_id": "e" * 32})
        if rest == "/gradio_api/cancel":
            return self._json({"success": True})
        self._json({"detail": "Not Found"}, 404)


class Server(OriginServer):
    def __init__(self) -> None:
        super().__init__(Handler)


def start() -> F.FaultServers:
    fs = F.FaultServers(Server(), Server())
    fs.start()
    return fs
