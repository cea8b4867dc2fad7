"""A hostile Gradio impersonator: every byte it sends is chosen by the attacker (127.0.0.1 only).

Two servers run (``main`` and ``other``: two origins that differ only by port).  Each app lives
under ``/<mode>``; the mode picks the attack:

  esc          terminal attacks everywhere: /config version, /info labels and descriptions, event
               data, an error event, a FileData name (OSC 52, OSC 0, ESC[2J, OSC 8, U+202E, C1 CSI)
  filedefault  /f has a file parameter whose default is ``server.secret_path`` (a local file),
               /u one whose default is an internal URL on ``other``, /n a non-FileData dict
  mapfile      /s returns ``server.secret_path`` as a string; /f takes a file
  login307     POST /login answers 307 (``?code=308``) to ``other``
  cookie       POST /login sets a cookie; /x returns a FileData whose url is on ``other``
  domaincookie /config sets cookies for another Domain and for ``other``'s port
  upload307    POST /upload answers 307 to ``other``
  fileauth     /x returns a FileData whose path exists only on this server; its file= needs the
               login cookie
  evilname     /x returns a FileData named with controls, bidi, ``..`` and a path; its download
               answers Content-Disposition with a path
  spoof        every server-controlled text carries ``SPOOF`` (all the control and spoofing
               characters): /config version, title and component labels; /info endpoint,
               parameter and return names, labels, components, defaults, descriptions and
               choices; generating/complete data, an unknown event, a log event, a FileData name
               and its Content-Disposition; /e an error event with a title; /h an HTTP 500 body;
               /j a 422 detail; /r a 307 whose Location (to ``other``) carries bidi and C1
               characters; /long a 1 MB multi-line error; /y<SPOOF> an endpoint named with it;
               a long multi-line endpoint name whose proxy function name is /x's
  spoofq       a 5.x app (the queue protocol): estimation, progress (desc, unit), log, generating
               and completed messages carry ``SPOOF``; /qe completes with an error and a title,
               /qu sends unexpected_error
Every request (method, path, headers, body) is recorded in ``requests``.
"""
from __future__ import annotations

import json
from http.server import BaseHTTPRequestHandler
from typing import Any
from urllib.parse import urlsplit

from two_origins import OriginServer, TwoOrigins  # tests/servers (on sys.path via tests/conftest.py)

ESC_TEXTS = {
    "osc52": "\x1b]52;c;ZWNobyBwd25lZA==\x07",
    "title": "\x1b]0;pwned\x07",
    "clear": "\x1b[2J\x1b[H",
    "link": "\x1b]8;;http://evil.example/\x1b\\click\x1b]8;;\x1b\\",
    "rlo": "\u202egnp.exe",
    "csi8": "\x9b31m",
}
ALL_ESC = "".join(ESC_TEXTS.values())
# every control and spoofing character class (tests/security/test_sec_spoof_app.py)
SPOOF_TEXTS = {
    **ESC_TEXTS,
    "dcs": "\x1bP1$r0m\x1b\\", "apc_kitty": "\x1b_Gf=100,a=T;iVBORw0KGgo=\x1b\\", "pm": "\x1b^pm\x1b\\",
    "sos": "\x1bXsos\x1b\\", "iterm_image": "\x1b]1337;File=inline=1:aGk=\x07", "osc8_bel": "\x1b]8;;http://e/\x07x",
    "c1": "\x90dcs\x9c\x9d0;t\x9c\x85", "cr": "safe\rSPOOFED", "bs": "abc\x08\x08\x08xyz", "del": "\x7f",
    "nul": "\x00", "bel": "\x07", "vt_ff": "\x0b\x0c", "isolates": "\u2066\u2067\u2068\u2069\u202a\u202b\u202c\u202d",
    "zero_width": "ad\u200dmin\u200b\ufeff\u2060\u200e\u200f", "separators": "a\u2028b\u2029c",
    "tags": "\U000e0069\U000e0067", "zalgo": "Z" + "\u0301\u0316" * 40,
}
SPOOF = "".join(SPOOF_TEXTS.values())
# what must never reach a terminal raw
FORBIDDEN = ("\x1b]", "\x1b[2J", "\x07", "\u202e", "\x9b")


def _param(name: str, component: str = "Textbox", *, default: Any = None, has_default: bool = False,
           label: str | None = None, description: str = "") -> dict[str, Any]:
    is_file = component in ("File", "Image")
    typ = ({"type": "object", "properties": {"path": {"type": "string"}}, "description": "FileData"}
           if is_file else {"type": "string"})
    return {"label": label or name, "parameter_name": name, "parameter_has_default": has_default,
            "parameter_default": default, "type": typ,
            "python_type": {"type": "filepath" if is_file else "str", "description": description},
            "component": component}


def _endpoint(params: list[dict[str, Any]], ret: str = "Textbox") -> dict[str, Any]:
    return {"parameters": params,
            "returns": [{"label": "out", "type": {"type": "string"}, "python_type": {"type": "str"},
                         "component": ret}],
            "api_visibility": "public"}


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _HTTPServer

    def log_message(self, *args: Any) -> None:
        pass

    # ------------------------------------------------------------------ helpers
    def _record(self, body: bytes = b"") -> None:
        self.server.requests.append({"method": self.command, "path": self.path, "body": body,
                                     "headers": {k.lower(): v for k, v in self.headers.items()}})

    def _body(self) -> bytes:
        n = int(self.headers.get("content-length") or 0)
        return self.rfile.read(n) if n else b""

    def _send(self, code: int, body: bytes, ctype: str, headers: list[tuple[str, str]] | None = None) -> None:
        self.send_response(code)
        self.send_header("content-type", ctype)
        self.send_header("content-length", str(len(body)))
        for k, v in headers or []:
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(body)

    def _json(self, obj: Any, code: int = 200, headers: list[tuple[str, str]] | None = None) -> None:
        self._send(code, json.dumps(obj).encode(), "application/json", headers)

    def _redirect(self, location: str, code: int = 307) -> None:
        self.send_response(code)
        self.send_header("location", location)
        self.send_header("content-length", "0")
        self.end_headers()

    def _root(self, mode: str) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}/{mode}"

    def _split(self) -> tuple[str, str, str]:
        parts = urlsplit(self.path)
        segs = parts.path.strip("/").split("/")
        return segs[0] if segs else "", "/" + "/".join(segs[1:]), parts.query

    # ------------------------------------------------------------------ app description
    def _endpoints(self, mode: str) -> dict[str, dict[str, Any]]:
        srv = self.server
        if mode == "esc":
            return {"/x": _endpoint([_param("text", label="text" + ESC_TEXTS["title"],
                                            description="d" + ALL_ESC)]),
                    "/boom" + ESC_TEXTS["clear"]: _endpoint([_param("text")])}
        if mode == "filedefault":
            return {"/f": _endpoint([_param("doc", "File", default=srv.secret_path, has_default=True)]),
                    "/u": _endpoint([_param("doc", "File", default=srv.other_base + "/internal/secret",
                                            has_default=True)]),
                    "/n": _endpoint([_param("doc", "File", has_default=True,
                                            default={"name": srv.secret_path, "data": None})])}
        if mode == "spoof":
            spoofed = _param("text", label="lab" + SPOOF, description="desc" + SPOOF, default="def" + SPOOF,
                             has_default=True)
            odd = _param("p" + ESC_TEXTS["rlo"] + "\u200b", "Dropdown" + ESC_TEXTS["title"], label="odd" + SPOOF,
                         description="odd" + SPOOF)
            odd["type"] = {"type": "string", "enum": ["c" + SPOOF, "plain"]}
            eps = {f"/{n}": _endpoint([dict(spoofed)]) for n in ("x", "e", "h", "j", "r", "long")}
            eps["/x"]["returns"][0]["label"] = "ret" + SPOOF
            eps["/y" + SPOOF_TEXTS["link"] + ESC_TEXTS["rlo"]] = _endpoint([odd])
            eps["/x\n" + "!" * 3000] = _endpoint([dict(spoofed)])   # its proxy name collides
            return eps
        if mode == "spoofq":
            return {n: _endpoint([_param("text")]) for n in ("/q", "/qe", "/qu")}
        if mode == "mapfile":
            return {"/s": _endpoint([_param("text")]), "/f": _endpoint([_param("doc", "File")])}
        return {"/x": _endpoint([_param("text")])}

    def _config(self, mode: str) -> dict[str, Any]:
        eps = self._endpoints(mode)
        comps = [{"id": 1, "type": "textbox"}, {"id": 2, "type": "textbox"}, {"id": 3, "type": "file"}]
        deps = []
        for i, (name, ep) in enumerate(eps.items()):
            inp = [3 if p["component"] == "File" else 1 for p in ep["parameters"]]
            deps.append({"id": i, "api_name": name.lstrip("/"), "inputs": inp, "outputs": [2],
                         "types": {"generator": False, "cancel": False}, "queue": True,
                         "api_visibility": "public"})
        version = "5.50.0" if mode == "spoofq" else "6.31.0" + {"esc": ESC_TEXTS["title"], "spoof": SPOOF}.get(mode, "")
        config = {"version": version, "api_prefix": "/gradio_api", "root": self._root(mode),
                  "protocol": "sse_v3", "components": comps, "dependencies": deps}
        if mode == "spoof":
            config["title"] = "title" + SPOOF
            for c in comps:
                c["props"] = {"label": "clabel" + SPOOF, "info": "info" + SPOOF}
        return config

    def _filedata(self, mode: str) -> dict[str, Any]:
        if mode == "cookie":
            url = self.server.other_base + "/cookie/gradio_api/file=x.txt"
            return {"path": url, "url": url, "orig_name": "x.txt", "meta": {"_type": "gradio.FileData"}}
        if mode == "fileauth":
            return {"path": "/srv/only-on-a/doc.txt", "orig_name": "doc.txt", "meta": {"_type": "gradio.FileData"}}
        if mode == "evilname":
            return {"path": "/tmp/a/" + ESC_TEXTS["rlo"] + "\x1b[31m.png", "orig_name": ESC_TEXTS["rlo"]
                    + "\x1b[31m\x07.png", "meta": {"_type": "gradio.FileData"}}
        return {"path": "/tmp/f/" + ESC_TEXTS["rlo"] + ".png", "orig_name": ESC_TEXTS["rlo"] + "\x1b]0;t\x07.png",
                "meta": {"_type": "gradio.FileData"}}

    # ------------------------------------------------------------------ routes
    def do_GET(self) -> None:
        self._record()
        mode, rest, _query = self._split()
        if mode == "internal":
            return self._send(200, b"INTERNAL SECRET", "text/plain")
        if rest == "/config":
            headers = [("set-cookie", f"sid-{mode}=config-cookie; Path=/")]
            if mode == "domaincookie":
                headers += [("set-cookie", "foreign=1; Domain=example.com; Path=/"),
                            ("set-cookie", "dotted=1; Domain=.0.0.1; Path=/")]
            return self._json(self._config(mode), headers=headers)
        if rest == "/gradio_api/info":
            return self._json({"named_endpoints": self._endpoints(mode), "unnamed_endpoints": {}})
        if rest.startswith("/gradio_api/file=") and mode == "fileauth":
            if "LOGIN-COOKIE-SECRET" not in (self.headers.get("cookie") or ""):
                return self._json({"detail": "Not authenticated"}, 401)
            return self._send(200, b"file bytes of A", "text/plain")
        if rest.startswith("/gradio_api/file="):
            name = 'attachment; filename="../../\u202eevil\x1b[2J.txt"'.encode("utf-8").decode("latin-1")
            return self._send(200, b"file bytes", "text/plain", [("content-disposition", name)])
        if rest.startswith("/gradio_api/call/"):
            return self._stream(mode, rest)
        if rest == "/gradio_api/queue/data" and mode == "spoofq":
            return self._queue_stream()
        self._json({"detail": "Not Found"}, 404)

    def _stream(self, mode: str, rest: str) -> None:
        api = rest[len("/gradio_api/call/"):].rsplit("/", 1)[0]
        def ev(name: str, data: Any) -> str:
            return f"event: {name}\ndata: {json.dumps(data)}\n\n"
        body = ""
        if mode == "spoof":
            body = self._spoof_stream(api, ev)
        elif mode == "esc" and api.startswith("boom"):
            body = ev("error", ALL_ESC)
        elif mode == "esc":
            body = ev("generating", ["gen" + ALL_ESC]) + ev("complete", ["done" + ALL_ESC])
        elif mode == "mapfile" and api == "s":
            body = ev("complete", [self.server.secret_path])
        elif mode in ("cookie", "evilname", "fileauth"):
            body = ev("complete", [self._filedata(mode)])
        else:
            last = self.server.posted[-1] if self.server.posted else None
            body = ev("complete", [json.dumps(last)])
        data = body.encode()
        self._send(200, data, "text/event-stream; charset=utf-8")

    def _spoof_stream(self, api: str, ev: Any) -> str:
        if api == "e":
            return ev("error", {"error": "msg" + SPOOF, "title": "title" + SPOOF})
        if api == "long":
            return ev("error", "first line\nsecond line\r" + "L" * 1_000_000 + "\nlast")
        fd = {"path": "/tmp/f/x.png", "url": self._root("spoof") + "/gradio_api/file=/tmp/f/x.png",
              "orig_name": SPOOF + ".png", "meta": {"_type": "gradio.FileData"}}
        forged = 'event: generating\ndata: ["multi",\ndata: "VERBOSE: forged"]\n\n'   # two data: lines
        return (forged + ev("generating", ["gen" + SPOOF]) + ev("log" + ESC_TEXTS["title"], {"log": "log" + SPOOF,
                                                                                     "level": "warning"})
                + ev("log", {"log": "info" + SPOOF, "level": "info", "title": SPOOF})
                + ev("complete", ["done" + SPOOF, fd]))

    def _queue_stream(self) -> None:
        fn = (self.server.posted[-1] or {}).get("fn_index") if self.server.posted else 0
        eid = "q" * 32

        def msg(**kw: Any) -> str:
            return "data: " + json.dumps({"event_id": eid, **kw}) + "\n\n"
        body = (msg(msg="estimation", rank=0, queue_size=1, rank_eta=1.0)
                + msg(msg="process_starts", eta=1.0)
                + msg(msg="progress", progress_data=[{"index": 0, "length": 3, "unit": "unit" + SPOOF,
                                                      "progress": None, "desc": "desc" + SPOOF}])
                + msg(msg="log", log="log" + SPOOF, level="warning", title="t" + SPOOF)
                + msg(msg="process_generating", output={"data": ["gen" + SPOOF]}, success=True))
        if fn == 1:
            body += msg(msg="process_completed", output={"error": "msg" + SPOOF, "title": "title" + SPOOF},
                        success=False)
        elif fn == 2:
            body += msg(msg="unexpected_error", message="unexpected" + SPOOF)
        else:
            body += msg(msg="process_completed", output={"data": ["done" + SPOOF]}, success=True)
        body += 'data: {"msg": "close_stream", "event_id": null}\n\n'
        self._send(200, body.encode(), "text/event-stream; charset=utf-8")

    def do_POST(self) -> None:
        body = self._body()
        self._record(body)
        mode, rest, query = self._split()
        if rest == "/login":
            if mode == "login307":
                code = 308 if "code=308" in query else 307
                return self._redirect(self.server.other_base + "/login307/login", code)
            return self._json({"success": True},
                              headers=[("set-cookie", "access-token=LOGIN-COOKIE-SECRET; Path=/")])
        if rest == "/gradio_api/upload":
            if mode == "upload307":
                return self._redirect(self.server.other_base + "/upload307/gradio_api/upload")
            return self._json(["/srv/tmp/uploaded.bin"])
        if rest == "/gradio_api/queue/join" and mode == "spoofq":
            self.server.posted.append(json.loads(body or b"{}"))
            return self._json({"event_id": "q" * 32})
        if rest.startswith("/gradio_api/call/") and mode == "spoof":
            api = rest[len("/gradio_api/call/"):]
            if api == "h":
                return self._send(500, ("Internal" + SPOOF).encode(), "text/plain")
            if api == "j":
                return self._json({"detail": "detail" + SPOOF}, 422)
            if api == "r":
                where = self.server.other_base + "/spoof/\u202egnp.exe\u009b2J\u2066"
                return self._redirect(where.encode("utf-8").decode("latin-1"))
        if rest.startswith("/gradio_api/call/"):
            try:
                self.server.posted.append(json.loads(body or b"{}"))
            except ValueError:
                self.server.posted.append(None)
            return self._json({"event_id": "e" * 32})
        self._json({"detail": "Not Found"}, 404)


class _HTTPServer(OriginServer):
    def __init__(self) -> None:
        super().__init__(_Handler)
        self.posted: list[Any] = []
        self.secret_path = ""


class Hostile(TwoOrigins):
    """The hostile server and a second origin (cross-origin redirects and file URLs)."""

    main: _HTTPServer
    other: _HTTPServer

    @property
    def posted(self) -> list[Any]:
        return self.main.posted

    def set_secret(self, path: str) -> None:
        self.main.secret_path = self.other.secret_path = path


def start() -> Hostile:
    h = Hostile(_HTTPServer(), _HTTPServer())
    h.start()
    return h
