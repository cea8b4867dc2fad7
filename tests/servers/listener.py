"""The listening socket of the raw-socket test servers (keepalive.py, fwdproxy.py, backlog.py):
bound to 127.0.0.1 on a free port, connections accepted in a thread and each served by the
subclass's ``_serve`` in a thread of its own, counted in ``connections``."""
from __future__ import annotations

import socket
import threading
from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from typing import Self


class Bound:
    """A socket bound on 127.0.0.1: its port and its base URL."""

    sock: socket.socket

    @property
    def port(self) -> int:
        return int(self.sock.getsockname()[1])

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"


@dataclass
class Listener(Bound, ABC):
    sock: socket.socket = field(default_factory=lambda: socket.socket(socket.AF_INET, socket.SOCK_STREAM))
    connections: int = 0
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _stop: threading.Event = field(default_factory=threading.Event)

    BACKLOG = 64        # connections the kernel queues before one is accepted
    ACCEPT_POLL = 0.2   # seconds an accept waits before the loop looks at its state again

    def start(self) -> Self:
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(self.BACKLOG)
        self.sock.settimeout(self.ACCEPT_POLL)
        threading.Thread(target=self._accept, daemon=True).start()
        return self

    def stop(self) -> None:
        self._stop.set()
        self.sock.close()

    def _accept(self) -> None:
        while not self._stop.is_set():
            if not self._accepting():
                continue
            try:
                conn, _ = self.sock.accept()
            except (TimeoutError, OSError):
                continue
            with self._lock:
                self.connections += 1
            threading.Thread(target=self._serve, args=(conn,), daemon=True).start()

    def _accepting(self) -> bool:
        """Whether the loop accepts now (a subclass may hold new connections in the queue)."""
        return True

    @abstractmethod
    def _serve(self, conn: socket.socket) -> None:
        """Answer the requests that arrive on one accepted connection."""
