"""A forward HTTP proxy on 127.0.0.1 for the proxy tests (HTTP_PROXY / HTTPS_PROXY / ALL_PROXY).

It forwards absolute-form requests (``GET http://127.0.0.1:P/config HTTP/1.1``) to 127.0.0.1 only
(any other host: 502), one upstream connection per request, the answer (with a content-length:
tests/servers/keepalive.py) relayed as it is.  Its own client connections are kept alive and
closed after ``keepalive`` seconds idle.  CONNECT (an https:// target) is recorded and answered
``connect_status`` (default 403): nothing is tunnelled.  Every request is recorded with its head,
and every byte that arrived on every connection is kept in ``received`` (for the secret checks).

Faults:
  drop_reused[method]  a request of that method arriving on a reused client connection is read,
                       then the connection is closed without an answer
  hold[method]         requests of that method are read and never answered
"""
from __future__ import annotations

import socket
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from listener import Listener


@dataclass
class ForwardProxy(Listener):
    keepalive: float = 60.0
    connect_status: int = 403
    requests: list[dict[str, Any]] = field(default_factory=list)
    received: list[bytes] = field(default_factory=list)
    drop_reused: dict[str, int] = field(default_factory=dict)
    hold: set[str] = field(default_factory=set)

    @property
    def url(self) -> str:
        return self.base

    def all_bytes(self) -> bytes:
        with self._lock:
            return b"".join(self.received)

    def _recv(self, conn: socket.socket) -> bytes:
        chunk = conn.recv(65536)
        with self._lock:
            self.received.append(chunk)
        return chunk

    def _serve(self, conn: socket.socket) -> None:
        buf = b""
        served = 0
        try:
            while not self._stop.is_set():
                conn.settimeout(self.keepalive if served else 30)
                while b"\r\n\r\n" not in buf:
                    try:
                        chunk = self._recv(conn)
                    except TimeoutError:
                        return  # idle too long: closed
                    if not chunk:
                        return
                    buf += chunk
                conn.settimeout(30)
                head, _, buf = buf.partition(b"\r\n\r\n")
                lines = head.decode("latin-1").split("\r\n")
                method, target, _ = lines[0].split(" ", 2)
                headers = [(k.strip(), v.strip()) for k, _, v in (ln.partition(":") for ln in lines[1:])]
                n = int(dict((k.lower(), v) for k, v in headers).get("content-length") or 0)
                while len(buf) < n:
                    chunk = self._recv(conn)
                    if not chunk:
                        return
                    buf += chunk
                body, buf = buf[:n], buf[n:]
                served += 1
                with self._lock:
                    self.requests.append({"method": method, "target": target, "headers": headers,
                                          "reused": served > 1})
                    drop = served > 1 and self.drop_reused.get(method, 0) > 0
                    if drop:
                        self.drop_reused[method] -= 1
                if drop:
                    return
                if method in self.hold:
                    self._stop.wait()
                    return
                if method == "CONNECT":
                    conn.sendall(f"HTTP/1.1 {self.connect_status} Refused\r\ncontent-length: 0\r\n\r\n".encode())
                    return
                conn.sendall(self._forward(method, target, headers, body))
        except OSError:
            return
        finally:
            conn.close()

    @staticmethod
    def _forward(method: str, target: str, headers: list[tuple[str, str]], body: bytes) -> bytes:
        u = urlsplit(target)
        if u.scheme != "http" or u.hostname not in ("127.0.0.1", "localhost") or not u.port:
            return b"HTTP/1.1 502 Bad Gateway\r\ncontent-length: 0\r\n\r\n"
        path = (u.path or "/") + (f"?{u.query}" if u.query else "")
        keep = [(k, v) for k, v in headers if k.lower() not in ("connection", "proxy-authorization",
                                                              "proxy-connection", "keep-alive")]
        head = f"{method} {path} HTTP/1.1\r\n" + "".join(f"{k}: {v}\r\n" for k, v in keep) + "\r\n"
        with socket.create_connection(("127.0.0.1", u.port), timeout=30) as up:
            up.sendall(head.encode("latin-1") + body)
            got = b""
            while b"\r\n\r\n" not in got:
                chunk = up.recv(65536)
                if not chunk:
                    return b"HTTP/1.1 502 Bad Gateway\r\ncontent-length: 0\r\n\r\n"
                got += chunk
            rhead, _, rest = got.partition(b"\r\n\r\n")
            length = 0
            for line in rhead.decode("latin-1").split("\r\n")[1:]:
                k, _, v = line.partition(":")
                if k.strip().lower() == "content-length":
                    length = int(v)
            while len(rest) < length:
                chunk = up.recv(65536)
                if not chunk:
                    break
                rest += chunk
        return rhead + b"\r\n\r\n" + rest[:length]
