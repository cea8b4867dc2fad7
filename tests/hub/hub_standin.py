"""A local stand-in for the Hugging Face Hub API (127.0.0.1 only), recording every request's
headers.  Shapes follow the Hub API answers gshell reads (gshell/hub/client.py)."""
from __future__ import annotations

import json
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

VALID_TOKEN = "hf_standinTOKEN1234567890"
USER = "tester"


@dataclass
class Seen:
    method: str
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]


@dataclass
class StandIn:
    server: ThreadingHTTPServer
    spaces: dict[str, dict[str, Any]] = field(default_factory=dict)
    models: list[dict[str, Any]] = field(default_factory=list)
    seen: list[Seen] = field(default_factory=list)
    wake_on_head: dict[str, str] = field(default_factory=dict)   # host path -> space id to set RUNNING

    @property
    def url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}"

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def auth_of(self, seen: Seen) -> str | None:
        return seen.headers.get("authorization")


def _short(space: dict[str, Any]) -> dict[str, Any]:
    return {k: space[k] for k in ("id", "author", "sdk", "likes", "private") if k in space}


def start() -> StandIn:
    state: dict[str, StandIn] = {}

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *a: Any) -> None:
            pass

        def _record(self) -> tuple[str, dict[str, list[str]]]:
            parts = urlsplit(self.path)
            st = state["s"]
            st.seen.append(Seen(self.command, parts.path, parse_qs(parts.query),
                                {k.lower(): v for k, v in self.headers.items()}))
            return parts.path, parse_qs(parts.query)

        def _json(self, code: int, body: Any) -> None:
            data = json.dumps(body).encode()
            self.send_response(code)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(data)

        def _authed(self) -> bool:
            return self.headers.get("Authorization") == f"Bearer {VALID_TOKEN}"

        def do_HEAD(self) -> None:  # noqa: N802
            path, _ = self._record()
            st = state["s"]
            sid = st.wake_on_head.get(path)
            if sid:
                st.spaces[sid]["runtime"]["stage"] = "RUNNING"
            self._json(200, {})

        def do_GET(self) -> None:  # noqa: N802
            path, q = self._record()
            st = state["s"]
            if path == "/api/whoami-v2":
                if not self._authed():
                    return self._json(401, {"error": "Invalid credentials in Authorization header"})
                return self._json(200, {"name": USER, "type": "user", "fullname": "Test User"})
            if path.startswith("/api/spaces/"):
                sid = path[len("/api/spaces/"):]
                space = st.spaces.get(sid)
                if space is None or (space.get("private") and not self._authed()):
                    return self._json(401 if space is not None else 404,
                                      {"error": "Repository not found"})
                return self._json(200, space)
            if path == "/api/spaces":
                author = (q.get("author") or [None])[0]
                items = [_short(s) for s in st.spaces.values() if (author is None or s["author"] == author)
                         and (not s.get("private") or self._authed())]
                return self._json(200, items)
            if path.startswith("/api/models/"):
                mid = path[len("/api/models/"):]
                hit = [m for m in st.models if m["id"] == mid]
                return self._json(200, hit[0]) if hit else self._json(404, {"error": "Repository not found"})
            if path == "/api/models":
                items = list(st.models)
                search = (q.get("search") or [None])[0]
                author = (q.get("author") or [None])[0]
                if search:
                    items = [m for m in items if search.lower() in m["id"].lower()]
                if author:
                    items = [m for m in items if m["id"].split("/")[0] == author]
                sort = (q.get("sort") or [None])[0]
                if sort in ("downloads", "likes"):
                    desc = (q.get("direction") or ["1"])[0] == "-1"
                    items.sort(key=lambda m: m[sort], reverse=desc)
                limit = (q.get("limit") or [None])[0]
                if limit:
                    items = items[: int(limit)]
                return self._json(200, items)
            return self._json(404, {"error": "not found"})

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    st = StandIn(server)
    state["s"] = st
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return st


def space(sid: str, host: str, stage: str = "RUNNING", sdk: str = "gradio", private: bool = False,
          sdk_version: str = "6.31.0") -> dict[str, Any]:
    author, name = sid.split("/")
    return {"id": sid, "author": author, "sdk": sdk, "private": private, "host": host,
            "subdomain": f"{author}-{name}", "likes": 3, "runtime": {"stage": stage},
            "cardData": {"sdk_version": sdk_version}}
