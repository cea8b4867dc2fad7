"""A Gradio-6-like /call server on raw sockets that closes idle keep-alive connections like
uvicorn does (after ``keepalive`` seconds, default 1 s here; uvicorn: 5 s) and can misbehave on
reused connections.  It counts every POST /call it processes, so a test can prove that no call ran
twice.

Endpoint /x echoes its one input: POST {"data": [v]} -> event_id; GET the stream -> complete [v].
Faults (set on the server object, each consumed once):
  drop_reused[method]  a request of that method that arrives on a reused connection is read,
                       then the connection is closed without an answer (the keep-alive race)
  fail_post            the next POST /call answers 500 (the connection stays open)
  slow_post            POST /call answers after this many seconds
  cut_body[where]      where = "reused" or "fresh": a POST arriving on such a connection is cut while
                       its body is being sent: the server reads its head and 1 KiB of body, then
                       resets the connection (the client is still writing; nothing was processed)
  drop_after_post      the next POST /call is processed (counted), then the connection is closed
                       without an answer (the request was complete: it must not be sent again)
  close_gets           (a flag) every GET is answered with `connection: close`, so the request
                       after it opens a fresh connection
"""
from __future__ import annotations

import json
import socket
import struct
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import faults as F  # tests/servers/faults.py: the /config and /info documents
from listener import Listener


@dataclass
class KeepAliveServer(Listener):
    keepalive: float = 1.0
    posts: Counter = field(default_factory=Counter)  # processed POST /call, by input value
    attempts: Counter = field(default_factory=Counter)  # every request received, by "METHOD path-kind"
    idle_closes: int = 0
    drop_reused: dict[str, int] = field(default_factory=dict)
    fail_post: int = 0
    slow_post: float = 0.0
    cut_body: dict[str, int] = field(default_factory=dict)
    cuts: int = 0
    drop_after_post: int = 0
    close_gets: bool = False
    _events: dict[str, Any] = field(default_factory=dict)

    # ------------------------------------------------------------------ serving
    def _serve(self, conn: socket.socket) -> None:
        buf = b""
        served = 0
        try:
            while not self._stop.is_set():
                if served and b"\r\n\r\n" not in buf:
                    conn.settimeout(self.keepalive)  # idle: wait for the next request this long
                    try:
                        chunk = conn.recv(65536)
                    except TimeoutError:
                        with self._lock:
                            self.idle_closes += 1
                        return  # keep-alive timeout: close (a request racing in gets a reset)
                    if not chunk:
                        return
                    buf += chunk
                conn.settimeout(30)
                while b"\r\n\r\n" not in buf:
                    chunk = conn.recv(65536)
                    if not chunk:
                        return
                    buf += chunk
                head, _, buf = buf.partition(b"\r\n\r\n")
                lines = head.decode("latin-1").split("\r\n")
                method, path, _ = lines[0].split(" ", 2)
                headers = {k.strip().lower(): v.strip() for k, _, v in (ln.partition(":") for ln in lines[1:])}
                n = int(headers.get("content-length") or 0)
                if method == "POST" and self._cut(served > 0, path):
                    self._reset(conn, buf)
                    return
                while len(buf) < n:
                    chunk = conn.recv(65536)
                    if not chunk:
                        return
                    buf += chunk
                body, buf = buf[:n], buf[n:]
                served += 1
                kind = "call" if "/call/" in path else path.split("?")[0].rsplit("/", 1)[-1]
                with self._lock:
                    self.attempts[f"{method} {kind}"] += 1
                    drop = served > 1 and self.drop_reused.get(method, 0) > 0
                    if drop:
                        self.drop_reused[method] -= 1
                if drop:
                    return
                if not self._answer(conn, method, path, body):
                    return
        except OSError:
            return
        finally:
            conn.close()

    def _cut(self, reused: bool, path: str) -> bool:
        """Whether this POST is to be cut mid-body (the cut_body fault); counts it as an attempt."""
        where = "reused" if reused else "fresh"
        with self._lock:
            if self.cut_body.get(where, 0) <= 0:
                return False
            self.cut_body[where] -= 1
            self.cuts += 1
            self.attempts[f"POST {'call' if '/call/' in path else path.rsplit('/', 1)[-1]}"] += 1
        return True

    @staticmethod
    def _reset(conn: socket.socket, buf: bytes) -> None:
        """Read up to 1 KiB of the body, then close with a reset (unread data, linger 0)."""
        conn.settimeout(30)
        while len(buf) < 1024:
            chunk = conn.recv(1024 - len(buf))
            if not chunk:
                break
            buf += chunk
        conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))

    def _send(self, conn: socket.socket, code: int, body: bytes, ctype: str = "application/json",
              close: bool = False) -> None:
        reason = {200: "OK", 404: "Not Found", 500: "Internal Server Error"}.get(code, "X")
        extra = "connection: close\r\n" if close else ""
        conn.sendall(f"HTTP/1.1 {code} {reason}\r\ncontent-type: {ctype}\r\ncontent-length: {len(body)}\r\n"
                     f"{extra}\r\n".encode() + body)

    def _answer(self, conn: socket.socket, method: str, path: str, body: bytes) -> bool:
        """Answer one request; False closes the connection."""
        close = method == "GET" and self.close_gets
        if method == "GET" and path == "/config":
            self._send(conn, 200, json.dumps(F._config(self.base)).encode(), close=close)
        elif method == "GET" and path.startswith("/gradio_api/info"):
            self._send(conn, 200, json.dumps(F.INFO).encode(), close=close)
        elif method == "POST" and path == "/gradio_api/call/x":
            if self.slow_post:
                time.sleep(self.slow_post)
            with self._lock:
                if self.fail_post:
                    self.fail_post -= 1
                    self._send(conn, 500, b"Internal Server Error", "text/plain")
                    return True
                value = json.loads(body)["data"][0]
                self.posts[value] += 1
                event_id = f"e{len(self._events)}"
                self._events[event_id] = value
                if self.drop_after_post > 0:
                    self.drop_after_post -= 1
                    return False  # processed, but no answer: the connection is closed
            self._send(conn, 200, json.dumps({"event_id": event_id}).encode())
        elif method == "GET" and path.startswith("/gradio_api/call/x/"):
            value = self._events.get(path.rsplit("/", 1)[-1])
            stream = f"event: complete\ndata: {json.dumps([value])}\n\n".encode()
            self._send(conn, 200, stream, "text/event-stream", close=self.close_gets)
        elif method == "POST" and path == "/gradio_api/cancel":
            self._send(conn, 200, b'{"success": true}')
        else:
            self._send(conn, 404, b'{"detail": "Not Found"}')
        return not close
