"""HTTP layer: one httpx.Client per session, own redirect handling, tracing, errors."""
from __future__ import annotations

import json
import mimetypes
import os
import ssl
import tempfile
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import httpx

from gshell import secrets
from gshell.lazy import LazyRegex

from . import cookies as _cookies
from . import jsondoc, limits
from . import trace as _trace
from .errors import (
    AuthRequired,
    BadRequest,
    CallTimeout,
    ConnectionFailed,
    FileError,
    GradioError,
    HttpError,
    LoginFailed,
    NotFound,
    ProtocolError,
    QueueFull,
    ServerError,
    ServerStoppedResponding,
    StreamBroken,
)
from .files import new_file_mode, remove_temp, safe_target, track_temp
from .model import AppConfig
from .origin import mark
from .tokens import Credential, Origin, auth_headers, fetch_allowed, origin_key, origin_of
from .transport import (
    DEADLINE_KEY,
    Deadline,
    deadline_exceeded,
    resize_pool,
    sent_note,
    session_mounts,
    transport_reason,
)

DEFAULT_HEARTBEAT = 15.0
MAX_REDIRECTS = 10
REDIRECT_CODES = {301, 302, 303, 307, 308}
BODY_KEYS = ("json", "data", "files", "content")
USER_AGENT = "gshell"
#: an event_id goes into the stream's URL: Gradio's are 32 hex digits
_EVENT_ID = LazyRegex(r"[A-Za-z0-9_.-]{1,200}")


def normalize_root(url: str) -> str:
    url = url.strip()
    if "://" not in url:
        url = "http://" + url
    return url.rstrip("/")


def _detail(resp: httpx.Response) -> str:
    """A short human text from an error body."""
    try:
        raw = resp.read()
    except Exception:
        return ""
    body = jsondoc.decode(raw)
    try:
        j = jsondoc.loads(body)
    except ValueError as exc:
        if isinstance(exc, jsondoc.JsonRefused):
            return str(exc)
        first = body.strip().splitlines()
        if not first:
            return ""
        # a 5.x traceback body: keep the last line (the exception)
        return (first[-1] if first[0].startswith("Traceback") else first[0])[:200]
    d = j.get("detail", j) if isinstance(j, dict) else j
    if isinstance(d, dict):
        d = d.get("error") or d.get("msg") or json.dumps(d)
    if isinstance(d, list) and d and all(isinstance(e, dict) for e in d):
        d = validation_text(d) if any("is_valid" in e or "parameter_name" in e for e in d) else \
            "; ".join(f"{'.'.join(str(x) for x in e.get('loc', []))}: {e.get('msg')}" for e in d[:3])  # FastAPI
    return str(d)[:300]


def validation_text(results: list[dict[str, Any]]) -> str:
    """A Gradio validator's 422 (one ``{is_valid, message, parameter_name}`` per input) as
    "2 parameter(s) failed validation: age: must be positive; name: required"."""
    failed = [e for e in results if e.get("is_valid") is not True]
    parts = []
    for e in failed[:5]:
        name, msg = e.get("parameter_name"), e.get("message")
        name = str(name)[:60] if name is not None else "?"
        parts.append(f"{name}: {str(msg)[:120]}" if msg not in (None, "") else name)
    more = f"; ... ({len(failed)} in all)" if len(failed) > 5 else ""
    return f"{len(failed)} parameter(s) failed validation: {'; '.join(parts)}{more}"


def connection_error(exc: Exception, url: str) -> GradioError:
    """One line for a transport failure before any response."""
    reason = transport_reason(exc, host=origin_of(url)[1], connect_timeout=limits.get("GSHELL_CONNECT_TIMEOUT"))
    return ConnectionFailed(f"cannot connect to {url}: {reason}", url=url)


class GradioClient:
    """Talks HTTP to one Gradio app root (``http://host:port`` or a mounted sub-path)."""

    def __init__(self, root: str, *, credential: Credential | None = None,
                 heartbeat_interval: float = DEFAULT_HEARTBEAT,
                 trace: _trace.TraceCallback | None = None,
                 transport: httpx.BaseTransport | None = None,
                 max_connections: int = 32, verify: bool | ssl.SSLContext = True) -> None:
        self.root = normalize_root(root)
        self.origin: Origin = origin_of(self.root)
        self.credential = credential or Credential(None, False)
        self.heartbeat_interval = float(heartbeat_interval)
        self.trace_cb = trace
        self.config: AppConfig | None = None
        self.info_raw: dict[str, Any] | None = None
        self.max_connections = max_connections
        #: names the unfinished calls that hold connections (set by the session), for "pool full"
        self.holders: Callable[[], list[str]] | None = None
        self._bound = threading.local()  # the deadline of the call this thread is making (bounded())
        pool = httpx.Limits(max_connections=max_connections, max_keepalive_connections=8,
                            keepalive_expiry=limits.get("GSHELL_KEEPALIVE"))
        mounts = None
        if transport is None:
            # given a transport, httpx builds no verifying default one, nor proxy mounts of its own
            transport, mounts = session_mounts(verify, pool)
        self.http = httpx.Client(
            timeout=self._timeout(None, None), follow_redirects=False, transport=transport, verify=verify,
            limits=pool, mounts=mounts, headers={"User-Agent": USER_AGENT},
        )
        _cookies.install(self.http.cookies)   # cookies per (scheme, host, port), see cookies.py

    @property
    def origin_key(self) -> str:
        """``scheme://host:port`` of this app."""
        return origin_key(self.root)

    # ------------------------------------------------------------------ basics
    @property
    def stall_timeout(self) -> float:
        """A server silent this long is dead: 3x the heartbeat interval, and never less than
        $env:GSHELL_MIN_SILENCE (a loaded server with a lowered heartbeat is not dead)."""
        return max(3 * self.heartbeat_interval, limits.get("GSHELL_MIN_SILENCE"))

    @property
    def prefix(self) -> str:
        return self.config.api_prefix if self.config else ""

    @property
    def api_base(self) -> str:
        return self.root + self.prefix

    @property
    def file_base(self) -> str:
        return self.api_base + "/file="

    def close(self) -> None:
        self.http.close()

    def _timeout(self, read: float | None, deadline: Deadline | None) -> httpx.Timeout:
        """connect: GSHELL_CONNECT_TIMEOUT; read/write: ``read`` (default 3x the heartbeat interval);
        a ``deadline`` caps all of them (the transport also enforces it across the whole request)."""
        connect = limits.get("GSHELL_CONNECT_TIMEOUT")
        read = self.stall_timeout if read is None else read
        write = self.stall_timeout
        if deadline is not None:
            left = max(0.001, deadline.left())
            connect, read, write = min(connect, left), min(read, left), min(write, left)
        return httpx.Timeout(connect=connect, read=read, write=write, pool=connect)

    @contextmanager
    def bounded(self, deadline: Deadline | None) -> Iterator[None]:
        """Every request this thread makes inside (discovery of /config and /info included) is
        bounded by ``deadline`` unless it carries its own."""
        prev = getattr(self._bound, "deadline", None)
        self._bound.deadline = deadline if deadline is not None else prev
        try:
            yield
        finally:
            self._bound.deadline = prev

    def resize_pool(self, max_connections: int) -> None:
        """The session's MaxCalls changed: every transport of the client gets the new size."""
        if max_connections == self.max_connections:
            return
        self.max_connections = max_connections
        transports = [self.http._transport, *self.http._mounts.values()]
        for t in transports:
            if t is not None:
                resize_pool(t, max_connections)

    def _pool_full(self, what: str, url: str) -> GradioError:
        held = self.holders() if self.holders is not None else []
        more = f" ... ({len(held)} in all)" if len(held) > 8 else ""
        who = f": held by the unfinished call(s) {', '.join(held[:8])}{more}; " \
              "read them to their end (Update-GradioSessionApiResult), cancel or remove them" if held else ""
        return ConnectionFailed(f"{what}: all {self.max_connections} connections of this session are in "
                                f"use{who}", url=url)

    def _read_body(self, resp: httpx.Response, what: str, url: str) -> None:
        """resp.read(), bounded by GSHELL_MAX_RESULT (decompressed)."""
        limit = limits.size("GSHELL_MAX_RESULT")
        chunks: list[bytes] = []
        got = 0
        for chunk in resp.iter_bytes():
            got += len(chunk)
            if got > limit:
                resp.close()
                raise limits.exceeded(f"{what}: the answer", "GSHELL_MAX_RESULT", url=url)
            chunks.append(chunk)
        resp._content = b"".join(chunks)  # what resp.read() stores

    def trace(self, kind: str, **kw: Any) -> None:
        if self.trace_cb is not None:
            try:
                self.trace_cb(_trace.make(kind, **kw))
            except Exception:
                pass

    # ------------------------------------------------------------------ request
    def request(self, method: str, url: str, *, credential: Credential | None = None,
                stream: bool = False, read_timeout: float | None = None, deadline: Deadline | None = None,
                what: str | None = None, **kw: Any) -> httpx.Response:
        """Send a request, following redirects ourselves: a redirect to another origin drops
        the Authorization / x-hf-authorization headers and cookies; a 307/308 to another origin
        for a request with a body (a login, an upload) is an error (the body is never re-sent
        there); a redirect to a loopback, private or link-local address is refused unless the
        session is on one.  ``read_timeout``: how long the server may stay silent (default 3x the
        heartbeat interval); ``deadline``: when the whole request, its answer's body included,
        must be over (CallTimeout past it)."""
        cred = credential if credential is not None else self.credential
        if deadline is None:
            deadline = getattr(self._bound, "deadline", None)
        extra_headers: dict[str, str] = dict(kw.pop("headers", None) or {})
        if "json" in kw:   # written by jsondoc: httpx refuses lone surrogates and NaN
            kw["content"] = jsondoc.dumps(kw.pop("json"))
            extra_headers.setdefault("Content-Type", "application/json")
        what = what or f"{method} {url}"
        first_origin = origin_of(url)
        crossed = False
        for _hop in range(MAX_REDIRECTS + 1):
            headers = dict(extra_headers)
            if not crossed:
                headers.update(auth_headers(url, cred, self.origin))
            req_kw = dict(kw)
            req_kw["timeout"] = self._timeout(read_timeout, deadline)
            if deadline is not None:
                req_kw["extensions"] = {DEADLINE_KEY: deadline.at}
            req = self.http.build_request(method, url, headers=headers, **req_kw)
            # httpx merges cookies into a fresh jar without our policy: set the header from ours
            if "cookie" in req.headers:
                del req.headers["cookie"]
            self.http.cookies.set_cookie_header(req)
            if crossed:
                for h in ("cookie", "authorization", "x-hf-authorization"):
                    if h in req.headers:
                        del req.headers[h]
            t0 = time.perf_counter()
            try:
                resp = self.http.send(req, stream=True)
            except httpx.TimeoutException as exc:
                self.trace("http", method=method, url=url, message="timed out")
                if deadline is not None and (deadline_exceeded(exc) or deadline.left() <= 0.01):
                    raise self.timed_out(what, deadline, url) from None
                if isinstance(exc, httpx.PoolTimeout):
                    raise self._pool_full(what, url) from None
                if isinstance(exc, httpx.ConnectTimeout):
                    raise connection_error(exc, url) from None
                raise ServerStoppedResponding(
                    f"{what}: the server accepted the connection but did not "
                    f"answer within {req.extensions['timeout']['read']:.0f} s", url=url) from None
            except (httpx.ConnectError, httpx.ConnectTimeout, httpx.UnsupportedProtocol) as exc:
                self.trace("http", method=method, url=url, message=transport_reason(exc))
                raise connection_error(exc, url) from exc
            except httpx.TransportError as exc:
                self.trace("http", method=method, url=url, message=transport_reason(exc))
                raise ConnectionFailed(f"{what}: connection failed: {transport_reason(exc)}{sent_note(exc)}",
                                       url=url) from exc
            elapsed = (time.perf_counter() - t0) * 1000
            self.trace("http", method=method, url=url, status=resp.status_code, elapsed_ms=elapsed)
            if resp.status_code in REDIRECT_CODES and "location" in resp.headers:
                resp.close()
                new_url = urljoin(url, resp.headers["location"])
                keeps_body = resp.status_code in (307, 308) or (resp.status_code in (301, 302)
                                                                 and method != "POST")
                has_body = any(kw.get(k) is not None for k in BODY_KEYS)
                if origin_of(new_url) != origin_of(url) and keeps_body and has_body:
                    self.trace("note", message=f"refused: {resp.status_code} to another origin")
                    raise HttpError(
                        f"{what or method + ' ' + url}: the server answered {resp.status_code} to another origin "
                        f"({origin_key(new_url)}); gshell does not send a request body (a password, a file) "
                        "to another origin", status=resp.status_code, url=url)
                if not fetch_allowed(new_url, self.origin):
                    raise HttpError(f"{what or method + ' ' + url}: the server redirected to an internal "
                                    f"address ({origin_key(new_url)}); refused", status=resp.status_code, url=url)
                if origin_of(new_url) != first_origin and not crossed:
                    crossed = True
                    self.trace("note", message=f"redirect to another origin {new_url}: "
                                               "credentials and cookies dropped")
                if resp.status_code == 303 or (resp.status_code in (301, 302) and method == "POST"):
                    method = "GET"
                    for k in BODY_KEYS:
                        kw.pop(k, None)
                url = new_url
                continue
            if not stream:
                try:
                    self._read_body(resp, what, url)
                except httpx.TimeoutException as exc:
                    resp.close()
                    if deadline is not None and deadline_exceeded(exc):
                        raise self.timed_out(what, deadline, url) from None
                    raise ServerStoppedResponding(f"{what}: the server stopped sending its answer", url=url) from exc
                except httpx.TransportError as exc:
                    resp.close()
                    raise StreamBroken(f"{what}: the connection broke while reading the answer: "
                                       f"{transport_reason(exc)}", url=url) from exc
            return resp
        raise HttpError(f"{what}: too many redirects", status=0, url=url)

    @staticmethod
    def timed_out(what: str, deadline: Deadline, url: str | None = None) -> CallTimeout:
        return CallTimeout(f"{what}: timed out after {deadline.seconds:g} s (-TimeoutSec)", url=url)

    def check(self, resp: httpx.Response, what: str, endpoint: str | None = None) -> httpx.Response:
        """Raise a one-line typed error for a non-2xx response."""
        code = resp.status_code
        if code < 400:
            return resp
        detail = _detail(resp)
        url = str(resp.request.url)
        d = f" ({detail})" if detail else ""
        kw: dict[str, Any] = dict(status=code, endpoint=endpoint, url=url, body=detail)
        if code == 401:
            raise AuthRequired(f"{what}: 401 not authenticated{d}: the app needs a login "
                               "(Gradio auth: give a username and password) or, for a private Space, "
                               "a token", **kw)
        if code == 403:
            raise HttpError(f"{what}: 403 forbidden{d}", **kw)
        if code == 404:
            raise NotFound(f"{what}: 404 not found{d}: check the URL (a private Space also answers "
                           "404 without a token)", **kw)
        if code in (400, 422):
            raise BadRequest(f"{what}: {code} the server rejected the request{d}", **kw)
        if code == 413:
            raise HttpError(f"{what}: 413 the file is larger than the app's max_file_size", **kw)
        if code == 429:
            raise HttpError(f"{what}: 429 too many requests{d}: wait and try again", **kw)
        if code == 503:
            raise QueueFull(f"{what}: 503 the app's queue is full or stopped{d}: try again later", **kw)
        if code >= 500:
            hint = ""
            if endpoint:
                hint = " (an unknown endpoint or invalid parameters also give this)"
            raise ServerError(f"{what}: {code} server error{d}{hint}", **kw)
        raise HttpError(f"{what}: HTTP {code}{d}", **kw)

    def get_json(self, url: str, what: str, **kw: Any) -> Any:
        resp = self.check(self.request("GET", url, what=what, **kw), what)
        try:
            return jsondoc.loads(resp.content)
        except ValueError as exc:
            why = jsondoc.problem(exc, f"the server did not answer JSON (is {self.root} a Gradio app?)")
            raise ProtocolError(f"{what}: {why}", url=url) from None

    # ------------------------------------------------------------------ discovery
    def fetch_config(self) -> AppConfig:
        raw = self.get_json(self.root + "/config", f"GET {self.root}/config")
        self.config = AppConfig.parse(raw)
        return self.config

    def fetch_info(self) -> dict[str, Any]:
        """GET /info with every endpoint (``all_endpoints``, known to 6.x) and cache it."""
        if self.config is None:
            self.fetch_config()
        self.info_raw = self.get_info(all_endpoints=True)
        return self.info_raw

    def get_info(self, *, all_endpoints: bool = False) -> dict[str, Any]:
        """GET {api}/info as the server answers it (needs the /config for the prefix); no cache."""
        url = self.api_base + "/info"
        params = {"all_endpoints": "True"} if all_endpoints else None
        # every string of /info (labels, defaults) is the server's: see origin.py
        return mark(self.get_json(url, f"GET {url}", params=params), self.origin_key)

    def login(self, username: str, password: str) -> None:
        secrets.register(password)
        url = self.root + "/login"
        resp = self.request("POST", url, data={"username": username, "password": password},
                            what=f"login to {self.root}")
        if resp.status_code == 400:
            raise LoginFailed(f"login to {self.root} failed: incorrect username or password")
        if resp.status_code in (404, 405):
            raise LoginFailed(f"login to {self.root} failed: the app has no login (no auth configured?)")
        self.check(resp, f"login to {self.root}")

    # ------------------------------------------------------------------ calls
    def post_json(self, url: str, body: dict[str, Any], *, api_name: str,
                  credential: Credential | None = None, deadline: Deadline | None = None) -> str:
        """POST a call's body (the request plan's) and return the ``event_id`` it answers."""
        name = "/" + api_name.lstrip("/")
        what = f"calling {name}"
        resp = self.check(self.request("POST", url, json=body, credential=credential, what=what,
                                       deadline=deadline),
                          what, endpoint=name)
        try:
            event_id = jsondoc.loads(resp.content)["event_id"]
        except ValueError as exc:
            raise ProtocolError(f"{what}: {jsondoc.problem(exc, 'the server did not answer JSON')}",
                                url=url) from None
        except (KeyError, TypeError):
            raise ProtocolError(f"{what}: the server answered without an event_id", url=url) from None
        if not isinstance(event_id, (str, int)) or isinstance(event_id, bool) or not _EVENT_ID.fullmatch(str(event_id)):
            raise ProtocolError(f"{what}: the server answered an event_id that is not a short plain name: "
                                f"{str(event_id)[:40]!r}", url=url)
        return str(event_id)

    def open_stream(self, url: str, *, api_name: str, credential: Credential | None = None,
                    deadline: Deadline | None = None) -> httpx.Response:
        """GET a call's event stream (the plan's ``stream_url``), checked, not yet read."""
        name = "/" + api_name.lstrip("/")
        what = f"reading the results of {name}"
        resp = self.request("GET", url, stream=True, credential=credential, what=what, deadline=deadline,
                            headers={"Accept": "text/event-stream"})
        if resp.status_code >= 400:
            resp.read()
            self.check(resp, what, endpoint=name)
        return resp

    def cancel(self, fn_index: int, event_id: str, session_hash: str | None = None,
               credential: Credential | None = None, timeout: float = 10.0) -> bool:
        """Best effort (it runs in a background thread): False when it could not be sent, e.g.
        because the session was closed meanwhile."""
        url = f"{self.api_base}/cancel"
        body = {"session_hash": session_hash or event_id, "fn_index": fn_index, "event_id": event_id}
        if self.http.is_closed:
            return False
        try:
            resp = self.request("POST", url, json=body, credential=credential, read_timeout=timeout,
                                what="cancel")
            return resp.status_code < 400
        except (GradioError, RuntimeError):  # RuntimeError: httpx's "client has been closed" race
            return False

    # ------------------------------------------------------------------ files
    def upload(self, paths: Iterable[str | os.PathLike[str]], *,
               credential: Credential | None = None, deadline: Deadline | None = None) -> list[str]:
        files_to_send = [Path(p) for p in paths]
        url = f"{self.api_base}/upload"
        handles = []
        try:
            files = []
            for p in files_to_send:
                fh = open(p, "rb")
                handles.append(fh)
                mime = mimetypes.guess_type(p.name)[0] or "application/octet-stream"
                files.append(("files", (p.name, fh, mime)))
            what = f"uploading {', '.join(p.name for p in files_to_send)}"
            resp = self.check(self.request("POST", url, files=files, credential=credential, what=what,
                                           deadline=deadline), what)
        finally:
            for fh in handles:
                fh.close()
        try:
            out = jsondoc.loads(resp.content)
        except ValueError as exc:
            raise ProtocolError(f"upload: {jsondoc.problem(exc, 'the server did not answer JSON')}",
                                url=url) from None
        if not isinstance(out, list) or len(out) != len(files_to_send):
            raise ProtocolError(f"upload: expected {len(files_to_send)} server path(s), got {str(out)[:100]}", url=url)
        return [str(x) for x in out]

    def download(self, url: str, directory: str | os.PathLike[str], *, name: str | None = None,
                 force: bool = False, credential: Credential | None = None,
                 deadline: Deadline | None = None) -> Path:
        """Save ``url`` into ``directory`` under the basename of ``name`` (or of the server's
        file name); never outside ``directory``; no overwrite unless ``force``.  At most
        GSHELL_MAX_DOWNLOAD bytes (after decompression), before ``deadline``; the partial file
        is removed on any failure."""
        from .files import name_for
        Path(directory).expanduser().mkdir(parents=True, exist_ok=True)
        if name:
            target = safe_target(directory, name, force=force)
        else:
            target = None
        what = f"downloading {url}"
        resp = self.request("GET", url, stream=True, credential=credential, what=what, deadline=deadline)
        try:
            if resp.status_code >= 400:
                self._read_body(resp, what, url)
                self.check(resp, what)
            if target is None:
                cd_name = _content_disposition_name(resp.headers.get("content-disposition", ""))
                target = safe_target(directory, cd_name or name_for(url=url), force=force)
            limit = limits.size("GSHELL_MAX_DOWNLOAD")
            fd, tmp = tempfile.mkstemp(dir=str(target.parent), prefix=".gshell-dl-")
            track_temp(tmp)
            try:
                got = 0
                with os.fdopen(fd, "wb") as out:
                    os.fchmod(out.fileno(), new_file_mode())   # mkstemp made it 0600
                    for chunk in resp.iter_bytes():
                        got += len(chunk)
                        if got > limit:
                            raise limits.exceeded(f"{what}: the file", "GSHELL_MAX_DOWNLOAD",
                                                  "the partial file was removed", url=url)
                        out.write(chunk)
                os.replace(tmp, target)
            except httpx.TimeoutException as exc:
                if deadline is not None and deadline_exceeded(exc):
                    raise self.timed_out(what, deadline, url) from None
                raise ServerStoppedResponding(f"{what}: the server stopped sending the file", url=url) from None
            except (httpx.TransportError, httpx.DecodingError) as exc:
                raise StreamBroken(f"{what}: the connection broke: {transport_reason(exc)}", url=url) from exc
            finally:
                remove_temp(tmp)
        finally:
            resp.close()
        return target


def _content_disposition_name(value: str) -> str | None:
    import re
    m = re.search(r"filename\*=(?:UTF-8'')?([^;]+)", value, re.I)
    if m:
        from urllib.parse import unquote
        return unquote(m.group(1).strip().strip('"'))
    m = re.search(r'filename="?([^";]+)"?', value, re.I)
    return m.group(1) if m else None


__all__ = ["GradioClient", "normalize_root", "FileError"]
