"""Connects that hang: a listening socket whose accept queue is full drops every new SYN (Linux:
a backlog of 0 holds one connection), so a client's connect() waits until its own timeout.

FullBacklog        a socket that never accepts, its one queue slot taken at once
StopsAccepting     the counting server of keepalive.py (GETs answered `connection: close`) on a
                   backlog of 0; ``stop_accepting()`` parks its accept loop and takes the queue
                   slot: the session's next connection hangs in connect; ``park_after`` (a path
                   end, e.g. "/info") does that by itself once such a GET was answered
``syn_sent(port)`` counts the connections of this network namespace still connecting to ``port``
(state SYN_SENT in /proc/net/tcp): the state a test waits for before it signals.
"""
from __future__ import annotations

import socket
import threading

from keepalive import KeepAliveServer
from listener import Bound

SYN_SENT = "02"


def syn_sent(port: int) -> int:
    count = 0
    with open("/proc/net/tcp") as f:
        next(f)
        for line in f:
            fields = line.split()
            if int(fields[2].split(":")[1], 16) == port and fields[3] == SYN_SENT:
                count += 1
    return count


class FullBacklog(Bound):
    """A listening socket whose only backlog slot is taken: a connect to it hangs."""

    def __init__(self) -> None:
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(0)
        self.filler = socket.create_connection(("127.0.0.1", self.port), timeout=30)  # the one slot

    def close(self) -> None:
        self.filler.close()
        self.sock.close()


class StopsAccepting(KeepAliveServer):
    BACKLOG = 0
    ACCEPT_POLL = 0.1

    def __init__(self, park_after: str = "", **kw: object) -> None:
        super().__init__(**kw)  # type: ignore[arg-type]
        self.park_after = park_after
        self.accepting = threading.Event()
        self.accepting.set()
        self.parked = threading.Event()
        self.filler: socket.socket | None = None
        self.close_gets = True

    def stop_accepting(self) -> None:
        self.accepting.clear()
        self.parked.wait(30)
        self.filler = socket.create_connection(("127.0.0.1", self.sock.getsockname()[1]), timeout=30)

    def stop(self) -> None:
        if self.filler is not None:
            self.filler.close()
        self.accepting.set()
        super().stop()

    def _answer(self, conn: socket.socket, method: str, path: str, body: bytes) -> bool:
        if self.park_after and method == "GET" and path.split("?")[0].endswith(self.park_after):
            self.park_after = ""
            self.stop_accepting()  # before the answer: the client's next connect finds the queue full
        return super()._answer(conn, method, path, body)

    def _accepting(self) -> bool:
        if self.accepting.is_set():
            return True
        self.parked.set()
        self._stop.wait(0.05)
        return False
