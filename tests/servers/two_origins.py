"""Two local HTTP servers on 127.0.0.1 (free ports) that know each other's address: the "app"
origin and a second origin, for tests of what a client does across origins (redirects, file
URLs pointing elsewhere, credentials that must not travel).  The hostile servers
(tests/security/hostile.py) and the fault servers (tests/servers/faults.py,
tests/robustness/rfaults.py) are built on it."""

from __future__ import annotations

import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


class OriginServer(ThreadingHTTPServer):
    """One origin: records the requests it answers; ``other_base`` is the other origin's root."""

    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, handler: type[BaseHTTPRequestHandler]) -> None:
        super().__init__(("127.0.0.1", 0), handler)
        self.requests: list[dict[str, Any]] = []
        self.stopping = threading.Event()   # set when the pair stops (handlers holding a response end)
        self.other_base = ""

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A client that went away (gshell closing a stream it stopped reading, a test's client
        giving up) is part of the tests, not worth a traceback on the terminal; anything else is."""
        if isinstance(sys.exc_info()[1], (ConnectionError, TimeoutError)) or self.stopping.is_set():
            return
        super().handle_error(request, client_address)


class TwoOrigins:
    """The two servers, serving in threads once ``start`` returns."""

    def __init__(self, main: OriginServer, other: OriginServer) -> None:
        self.main, self.other = main, other
        self.threads: list[threading.Thread] = []

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.main.server_address[1]}"

    @property
    def other_base(self) -> str:
        return f"http://127.0.0.1:{self.other.server_address[1]}"

    def url(self, path: str) -> str:
        return f"{self.base}/{path}"

    def other_url(self, path: str) -> str:
        return f"{self.other_base}/{path}"

    @property
    def requests(self) -> list[dict[str, Any]]:
        return self.main.requests

    @property
    def other_requests(self) -> list[dict[str, Any]]:
        return self.other.requests

    def clear(self) -> None:
        self.main.requests.clear()
        self.other.requests.clear()

    def start(self) -> None:
        self.main.other_base, self.other.other_base = self.other_base, self.base
        for s in (self.main, self.other):
            t = threading.Thread(target=s.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True)
            t.start()
            self.threads.append(t)

    def stop(self) -> None:
        for s in (self.main, self.other):
            s.stopping.set()
            s.shutdown()
            s.server_close()
