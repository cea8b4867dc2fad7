"""Host every test app in one process for one Gradio major.

Run with a server venv's python:  .venvs/gradio-6.31.0/bin/python tests/servers/host.py
Binds 127.0.0.1 on a free port (or --port), mounts each app of tests/apps on its
own path, and prints one line  `GSHELL-SERVER-READY <base-url> <json app map>`
once uvicorn accepts connections.  Exits when stdin reaches EOF (parent died).
"""
from __future__ import annotations

import argparse
import json
import os
import socket
import sys
import threading
import time
import warnings

warnings.filterwarnings("ignore")
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "apps"))

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
os.environ.setdefault("HF_HUB_DISABLE_TELEMETRY", "1")
os.environ.setdefault("GRADIO_HEARTBEAT_INTERVAL", "1")  # honoured by 6.x only

import auth_app  # noqa: E402
import basic  # noqa: E402
import chat  # noqa: E402
import components  # noqa: E402
import files  # noqa: E402
import gradio as gr  # noqa: E402
import iface  # noqa: E402
import queue_app  # noqa: E402
import state_first  # noqa: E402
import uvicorn  # noqa: E402
from fastapi import FastAPI  # noqa: E402

MAJOR = int(gr.__version__.split(".")[0])
# plotting libraries the venv lacks (tests/servers/setup_testlibs.sh), after the venv's own packages
sys.path.append(os.path.join(os.path.dirname(os.path.dirname(HERE)), ".testlibs", f"plot-{gr.__version__}"))


def mount(app: FastAPI, path: str, demo: gr.Blocks, **kw) -> None:
    if MAJOR >= 5:
        kw.setdefault("ssr_mode", False)
    gr.mount_gradio_app(app, demo, path=path, **kw)


def build_app() -> tuple[FastAPI, dict[str, str]]:
    app = FastAPI()
    apps: dict[str, str] = {}

    def add(name: str, demo: gr.Blocks, path: str = "", **kw) -> None:
        path = path or "/" + name
        mount(app, path, demo, **kw)
        apps[name] = path

    add("basic", basic.build(), show_error=False)
    add("basic_shown", basic.build(), show_error=True)
    add("files", files.build())
    add("queue", queue_app.build(), path="/queue_app")  # not /queue: 4.x serves /queue/join at the root
    add("auth", auth_app.build(), auth=(auth_app.USER, auth_app.PASSWORD))
    add("iface", iface.build())
    add("chat", chat.build())
    add("state", state_first.build())
    # behind a (simulated) reverse proxy: ForwardedHeaders below makes the app believe its
    # public root is https://proxy.invalid/rootpath, so the URLs it builds are unusable here.
    # (mount_gradio_app(root_path=X) with X != path answers 404 everywhere on 4.44/6.31.)
    add("rootpath", files.build())
    # a deeper mount point
    add("deep/mounted", basic.build())
    # the conformance app (tests/conformance) at the root, after every other mount: gradio_client
    # 2.x joins a 4.x app's (empty) API prefix as "/" and so only reaches a 4.x app mounted at the root
    mount(app, "", components.build())
    apps["components"] = ""
    return app, apps


class ForwardedHeaders:
    """ASGI middleware: requests under /rootpath get X-Forwarded-Host/Proto of a fake proxy."""

    def __init__(self, app) -> None:
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] == "http" and scope["path"].startswith("/rootpath"):
            scope = dict(scope)
            scope["headers"] = list(scope["headers"]) + [
                (b"x-forwarded-host", b"proxy.invalid"), (b"x-forwarded-proto", b"https")]
        await self.app(scope, receive, send)


class RecordRequests:
    """ASGI middleware: remembers the JSON body of every request that starts a job on the app at
    the root (POST [/gradio_api]/call/<api>, [/gradio_api]/queue/join, /run/predict), so a test can compare what two
    clients sent.  GET /__recorded__ returns the list and empties it."""

    JOB_PATHS = ("/queue/join", "/gradio_api/queue/join", "/run/predict", "/api/predict")
    CALL_PREFIXES = ("/call/", "/gradio_api/call/")

    def __init__(self, app) -> None:
        self.app = app
        self.bodies: list[dict] = []

    def _wanted(self, scope) -> bool:
        path = scope["path"]
        return scope["method"] == "POST" and (path.startswith(self.CALL_PREFIXES) or path in self.JOB_PATHS)

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        if scope["path"] == "/__recorded__":
            body = json.dumps(self.bodies).encode()
            self.bodies = []
            await send({"type": "http.response.start", "status": 200,
                        "headers": [(b"content-type", b"application/json")]})
            await send({"type": "http.response.body", "body": body})
            return None
        if not self._wanted(scope):
            return await self.app(scope, receive, send)
        chunks: list[bytes] = []
        more = True
        while more:
            msg = await receive()
            chunks.append(msg.get("body", b""))
            more = msg.get("more_body", False)
        raw = b"".join(chunks)
        try:
            parsed = json.loads(raw)
        except ValueError:
            parsed = {"unparsable": raw.decode("utf-8", "replace")}
        self.bodies.append({"path": scope["path"], "body": parsed})
        replayed = False

        async def replay():
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": raw, "more_body": False}
            return await receive()

        return await self.app(scope, replay, send)


def watch_stdin() -> None:
    try:
        while sys.stdin.read(1024):
            pass
    except Exception:
        pass
    os._exit(0)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--port", type=int, default=0)
    ap.add_argument("--no-stdin-watch", action="store_true")
    args = ap.parse_args()
    app, apps = build_app()
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", args.port))
    port = sock.getsockname()[1]
    config = uvicorn.Config(RecordRequests(ForwardedHeaders(app)), log_level="warning", timeout_graceful_shutdown=1)
    server = uvicorn.Server(config)

    def announce() -> None:
        while not server.started:
            time.sleep(0.02)
        print(f"GSHELL-SERVER-READY http://127.0.0.1:{port} {json.dumps(apps)} {gr.__version__}",
              flush=True)

    threading.Thread(target=announce, daemon=True).start()
    if not args.no_stdin_watch:
        threading.Thread(target=watch_stdin, daemon=True).start()
    server.run(sockets=[sock])


if __name__ == "__main__":
    main()
