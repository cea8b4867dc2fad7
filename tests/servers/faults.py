"""Fault-injection servers that mimic the Gradio 6.x /call protocol and misbehave.

Every app lives under /<scenario> (its app root), e.g. http://127.0.0.1:P/drop:
  ok         normal: generating, complete
  drop       two events, then the connection is cut (no terminating chunk)
  eof        two events, then a clean end of stream without complete/error
  badjson    one event, then `data:` that is not JSON
  badlines   junk SSE lines (ignored) then complete
  heartbeats heartbeats every 0.2 s, forever
  silent     one event, then nothing (connection held open)
  post500    POST /call answers 500
  post503    POST /call answers 503 (queue full)
  post401    POST /call answers 401
  hang       POST /call is accepted but never answered
  notsse     the stream answers JSON instead of an event stream
  redirect   /config, /info and /call redirect (307) to the `other` server (other origin)
  samehop    /config, /info and /call redirect (307) to /ok on the same server
  traversal  /x returns a FileData named ../../evil.txt; its file= download says
             Content-Disposition filename="../../evil2.txt"
Every request (path, headers) is recorded in Server.requests.

`start()` returns a handle with .url(scenario), .other_url(scenario), .requests, .other.requests.
"""
from __future__ import annotations

import json
import socket
import time
from http.server import BaseHTTPRequestHandler
from typing import Any
from urllib.parse import urlsplit

from two_origins import OriginServer, TwoOrigins


def _config(root: str) -> dict[str, Any]:
    return {
        "version": "6.31.0", "api_prefix": "/gradio_api", "root": root, "protocol": "sse_v3",
        "show_error": False,
        "components": [{"id": 1, "type": "textbox"}, {"id": 2, "type": "textbox"}],
        "dependencies": [{"id": 0, "api_name": "x", "inputs": [1], "outputs": [2],
                          "types": {"generator": True, "cancel": False}, "queue": True,
                          "api_visibility": "public"}],
    }


INFO = {"named_endpoints": {"/x": {
    "parameters": [{"label": "text", "parameter_name": "text", "parameter_has_default": False,
                    "parameter_default": None, "type": {"type": "string"},
                    "python_type": {"type": "str", "description": ""}, "component": "Textbox"}],
    "returns": [{"label": "out", "type": {"type": "string"}, "python_type": {"type": "str"},
                 "component": "Textbox"}],
    "api_visibility": "public"}}, "unnamed_endpoints": {}}


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _HTTPServer

    def log_message(self, *args: Any) -> None:  # quiet
        pass

    # ---------------------------------------------------------------- helpers
    def _record(self) -> None:
        self.server.requests.append({"method": self.command, "path": self.path,
                                     "headers": {k.lower(): v for k, v in self.headers.items()}})

    def _body(self) -> bytes:
        n = int(self.headers.get("content-length") or 0)
        return self.rfile.read(n) if n else b""

    def _json(self, obj: Any, code: int = 200, headers: dict[str, str] | None = None) -> None:
        body = json.dumps(obj).encode()
        self.send_response(code)
        self.send_header("content-type", "application/json")
        self.send_header("content-length", str(len(body)))
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(body)

    def _redirect(self, location: str) -> None:
        self.send_response(307)
        self.send_header("location", location)
        self.send_header("content-length", "0")
        self.end_headers()

    def _chunk(self, text: str) -> None:
        data = text.encode()
        self.wfile.write(f"{len(data):x}\r\n".encode() + data + b"\r\n")
        self.wfile.flush()

    def _start_stream(self, ctype: str = "text/event-stream; charset=utf-8") -> None:
        self.send_response(200)
        self.send_header("content-type", ctype)
        self.send_header("transfer-encoding", "chunked")
        self.end_headers()

    def _end_stream(self) -> None:
        self.wfile.write(b"0\r\n\r\n")
        self.wfile.flush()

    def _cut(self) -> None:
        self.wfile.flush()
        try:
            self.connection.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        self.close_connection = True

    def _hold(self, seconds: float = 600) -> None:
        self.server.stopping.wait(seconds)
        self.close_connection = True

    def _root(self, scenario: str) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}/{scenario}"

    # ---------------------------------------------------------------- routes
    def do_GET(self) -> None:
        self._record()
        path = urlsplit(self.path).path
        parts = path.strip("/").split("/")
        scen = parts[0] if parts else ""
        rest = "/" + "/".join(parts[1:])
        if scen in ("redirect", "samehop") and (rest in ("/config", "/gradio_api/info")
                                                 or rest.startswith("/gradio_api/call/")):
            target = (self.server.other_base + "/ok" if scen == "redirect" else self._root("ok"))
            return self._redirect(target + rest)
        if rest == "/config":
            return self._json(_config(self._root(scen)), headers={"set-cookie": "sid=fault-cookie; Path=/"})
        if rest == "/gradio_api/info":
            return self._json(INFO)
        if rest.startswith("/gradio_api/file="):
            body = b"evil bytes"
            self.send_response(200)
            self.send_header("content-type", "text/plain")
            self.send_header("content-disposition", 'attachment; filename="../../evil2.txt"')
            self.send_header("content-length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        if rest.startswith("/gradio_api/call/"):
            return self._stream(scen)
        self._json({"detail": "Not Found"}, 404)

    def _stream(self, scen: str) -> None:
        ev = lambda name, data: f"event: {name}\ndata: {json.dumps(data)}\n\n"  # noqa: E731
        if scen == "notsse":
            return self._json({"not": "a stream"})
        self._start_stream()
        if scen in ("ok", "samehop"):
            self._chunk(ev("generating", ["a"]))
            self._chunk(ev("complete", ["a b"]))
            return self._end_stream()
        if scen == "traversal":
            fd = {"path": "/tmp/x/../../evil.txt", "orig_name": "../../evil.txt",
                  "url": "http://203.0.113.9/evil", "meta": {"_type": "gradio.FileData"}}
            self._chunk(ev("complete", [fd]))
            return self._end_stream()
        if scen in ("drop", "eof"):
            self._chunk(ev("generating", ["1"]))
            self._chunk(ev("generating", ["1 2"]))
            time.sleep(0.1)
            if scen == "eof":
                return self._end_stream()
            return self._cut()
        if scen == "badjson":
            self._chunk(ev("generating", ["ok"]))
            self._chunk("event: generating\ndata: {not json\n\n")
            return self._end_stream()
        if scen == "badlines":
            self._chunk("this line has no colon\n: a comment\nretry: 10\n\n")
            self._chunk("event: generating\ndata: [\"fine\"]\n\n")
            self._chunk("garbage-field: zzz\nevent: complete\ndata: [\"done\"]\n\n")
            return self._end_stream()
        if scen == "heartbeats":
            try:
                while not self.server.stopping.is_set():
                    self._chunk("event: heartbeat\ndata: null\n\n")
                    time.sleep(0.2)
            except OSError:
                pass
            self.close_connection = True
            return
        if scen == "silent":
            self._chunk(ev("generating", ["only"]))
            return self._hold()
        self._chunk(ev("error", {"error": f"unknown scenario {scen}"}))
        self._end_stream()

    def do_POST(self) -> None:
        self._record()
        self._body()
        path = urlsplit(self.path).path
        parts = path.strip("/").split("/")
        scen = parts[0] if parts else ""
        rest = "/" + "/".join(parts[1:])
        if rest == "/login":
            return self._json({"success": True})
        if scen in ("redirect", "samehop") and rest.startswith("/gradio_api/call/"):
            target = (self.server.other_base + "/ok" if scen == "redirect" else self._root("ok"))
            return self._redirect(target + rest)
        if rest == "/gradio_api/cancel":
            return self._json({"success": True})
        if rest.startswith("/gradio_api/call/"):
            if scen == "post500":
                body = b"Internal Server Error"
                self.send_response(500)
                self.send_header("content-type", "text/plain")
                self.send_header("content-length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
                return
            if scen == "post503":
                return self._json({"detail": "Queue is full. Max size is 1 and size is 1."}, 503)
            if scen == "post401":
                return self._json({"detail": {"error": "Not authenticated", "auth_message": None}}, 401)
            if scen == "hang":
                return self._hold()
            return self._json({"event_id": "f" * 32})
        self._json({"detail": "Not Found"}, 404)


class _HTTPServer(OriginServer):
    def __init__(self) -> None:
        super().__init__(_Handler)


class FaultServers(TwoOrigins):
    """The main fault server and a second origin."""


def start() -> FaultServers:
    fs = FaultServers(_HTTPServer(), _HTTPServer())
    fs.start()
    return fs


if __name__ == "__main__":
    f = start()
    print("fault servers", f.base, f.other_base, flush=True)
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        f.stop()
