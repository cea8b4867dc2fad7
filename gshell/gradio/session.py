"""GradioSession (one app, one HTTP client, call records) and SessionManager."""
from __future__ import annotations

import os
import secrets as _pyrandom
import tempfile
import threading
import weakref
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

from gshell import secrets

from . import files
from .attached import Attached
from .calls import ApiCall
from .client import DEFAULT_HEARTBEAT, GradioClient, normalize_root
from .errors import (
    CallTimeout,
    EndpointNotFound,
    FileError,
    GradioError,
    MaxCallsExceeded,
    ParameterError,
    ServerError,
    SessionError,
)
from .model import AppConfig, AppModel, Endpoint, norm_api_name
from .origin import ServerStr
from .tokens import PUBLIC, Credential, fetch_allowed, origin_key, origin_of, resolve, space_trusted
from .trace import TraceCallback
from .transport import Deadline

#: connections beyond MaxCalls (the POSTs, /config, uploads and downloads next to open streams)
SPARE_CONNECTIONS = 8

MAX_CALLS_POLICIES = ("Error", "Remove", "Warning")
_OPEN: weakref.WeakSet[GradioSession] = weakref.WeakSet()   # sessions alive in this process
WarnCallback = Callable[[str], None]


@dataclass
class SavedFile:
    """One file of ``save_files``: where it was written, or why it was not (``Error``)."""

    Path: str
    Size: int
    Url: str
    Error: GradioError | None = None

    @property
    def ok(self) -> bool:
        return self.Error is None


def _policy(value: str) -> str:
    for p in MAX_CALLS_POLICIES:
        if p.lower() == str(value).lower():
            return p
    raise SessionError(f"MaxCallsPolicy must be one of {', '.join(MAX_CALLS_POLICIES)}, not '{value}'")


class GradioSession:
    """One connection to a Gradio app: cached /config and /info, call records, uploads.

    ``keep_calls=False`` (see ``anonymous``) makes a session that numbers its calls but does not
    keep them (no MaxCalls policy, nothing listed in ``calls``)."""

    def __init__(self, url: str, *, name: str | None = None, token: str | None = None,
                 default: bool = False, max_calls: int = 100, max_calls_policy: str = "Error",
                 download_path: str | None = None, heartbeat_interval: float = DEFAULT_HEARTBEAT,
                 trace: TraceCallback | None = None, warn: WarnCallback | None = None,
                 transport: httpx.BaseTransport | None = None, keep_calls: bool = True,
                 private_space: bool = False) -> None:
        self.url = normalize_root(url)
        self.name = name or self.url
        if token and token != PUBLIC:
            secrets.register(token)
        self._token = token
        self.default = default
        self.max_calls = int(max_calls)
        self.max_calls_policy = _policy(max_calls_policy)
        self.download_path = download_path
        self.warn = warn
        self.keep_calls = keep_calls
        self.attached = Attached()   # the layers above keep their view of the session here
        self.calls: list[ApiCall] = []
        self.uploads: dict[tuple[str, int, int], dict[str, Any]] = {}
        self.session_hash = _pyrandom.token_hex(6)
        self._next_id = 1
        self._lock = threading.RLock()
        self._state_call: ApiCall | None = None
        self._model: AppModel | None = None
        # the ambient token may go to this *.hf.space origin: the Hub reports the Space private,
        # or the user trusts it (GSHELL_TRUSTED_SPACES)
        self.space_ok = private_space or space_trusted(self.url)
        #: calls whose event stream is open (each holds a connection until it ends)
        self._streams: weakref.WeakSet[ApiCall] = weakref.WeakSet()
        streams = self.max_calls if keep_calls and self.max_calls > 0 else 24
        self.client = GradioClient(self.url, credential=resolve(None, token, space_ok=self.space_ok),
                                   heartbeat_interval=heartbeat_interval, trace=trace,
                                   transport=transport, max_connections=streams + SPARE_CONNECTIONS)
        self.client.holders = self._stream_holders
        _OPEN.add(self)

    @classmethod
    def anonymous(cls, url: str, **kw: Any) -> GradioSession:
        """A session for one-off, low-level use (PowerShAI's session-less cmdlets: /info, a raw
        POST /call, an upload, a download by URL): named after its URL, registered with no
        SessionManager, keeping no call records.  It has everything a call needs (the HTTP client,
        the cached /config and /info, the upload cache), so its calls are ordinary ApiCalls."""
        return cls(url, keep_calls=False, **kw)

    # ------------------------------------------------------------------ properties
    @property
    def token(self) -> str | None:
        return self._token

    @token.setter
    def token(self, value: str | None) -> None:
        if value and value != PUBLIC:
            secrets.register(value)
        self._token = value
        self.client.credential = resolve(None, value, space_ok=self.space_ok)

    @property
    def trace(self) -> TraceCallback | None:
        return self.client.trace_cb

    @trace.setter
    def trace(self, cb: TraceCallback | None) -> None:
        self.client.trace_cb = cb

    def __repr__(self) -> str:
        tok = "***" if self._token and self._token != PUBLIC else self._token
        return (f"GradioSession(name={self.name!r}, url={self.url!r}, token={tok!r}, "
                f"default={self.default}, calls={len(self.calls)})")

    def _stream_holders(self) -> list[str]:
        return [f"{c.id} ({c.api_name})" for c in sorted(self._streams, key=lambda c: c.id) if not c.finished]

    def stream_opened(self, call: ApiCall) -> None:
        self._streams.add(call)

    def stream_closed(self, call: ApiCall) -> None:
        self._streams.discard(call)

    def notice(self, message: str) -> None:
        self._warn(message)

    def _warn(self, msg: str) -> None:
        if self.warn is not None:
            self.warn(secrets.mask(msg))

    # ------------------------------------------------------------------ discovery
    def connect(self, username: str | None = None, password: str | None = None) -> GradioSession:
        """Log in if credentials are given, then fetch /config and /info."""
        if username is not None:
            self.client.login(username, password or "")
        self.refresh()
        return self

    def refresh(self) -> None:
        cfg = self.client.fetch_config()
        info = self.client.fetch_info()
        self._model = AppModel.build(cfg, info)

    def load_config(self) -> AppConfig:
        """The cached /config, fetched (alone, without /info) on first use."""
        return self.client.config or self.client.fetch_config()

    def info(self, *, all_endpoints: bool = False) -> dict[str, Any]:
        """GET {api}/info as the server answers it (plain: only the documented endpoints, unless
        ``all_endpoints``).  Does not change the cached endpoint catalog."""
        self.load_config()
        return self.client.get_info(all_endpoints=all_endpoints)

    @property
    def config(self) -> AppConfig:
        if self.client.config is None:
            self.refresh()
        assert self.client.config is not None
        return self.client.config

    @property
    def version(self) -> str:
        return self.config.version

    @property
    def api_prefix(self) -> str:
        return self.config.api_prefix

    @property
    def model(self) -> AppModel:
        """The endpoint model (built from /config and /info on first use, then cached)."""
        if self._model is None:
            self.refresh()
        assert self._model is not None
        return self._model

    @property
    def cached_model(self) -> AppModel | None:
        """The endpoint model if it was built already (never fetches: for completion)."""
        return self._model

    @property
    def endpoints(self) -> dict[str, Endpoint]:
        return self.model.endpoints

    def endpoint(self, api_name: str) -> Endpoint:
        return self.model.endpoint(api_name)

    def login(self, username: str, password: str) -> None:
        self.client.login(username, password)
        self.refresh()

    # ------------------------------------------------------------------ calls
    def _add_call(self, call: ApiCall) -> None:
        with self._lock:
            if self.keep_calls and self.max_calls > 0 and len(self.calls) >= self.max_calls:
                if self.max_calls_policy == "Error":
                    raise MaxCallsExceeded(
                        f"session '{self.name}' already holds {len(self.calls)} calls (MaxCalls "
                        f"{self.max_calls}): remove some, raise MaxCalls, or set MaxCallsPolicy "
                        "Remove or Warning")
                if self.max_calls_policy == "Remove":
                    while len(self.calls) >= self.max_calls:
                        self._release(self.calls.pop(0))
                else:
                    self._warn(f"session '{self.name}' holds {len(self.calls)} calls, more than "
                               f"MaxCalls {self.max_calls}")
            call.id = self._next_id
            self._next_id += 1
            if self.keep_calls:
                self.calls.append(call)

    def _credential(self, token: str | None) -> Credential:
        """The credential of a call: its own ``token`` if given, else the session's."""
        return resolve(token, self._token, space_ok=self.space_ok) if token else self.client.credential

    def attach(self, api_name: str, event_id: str, *, token: str | None = None,
               timeout: float | None = None) -> ApiCall:
        """A call record for an event started elsewhere (its ``event_id``): nothing is sent; the
        record (status 'running') is kept like any call and read with ``iter_events``."""
        ep = self.endpoint(api_name)
        call = ApiCall(id=0, api_name=ep.name, session=self, endpoint=ep, params=[],
                       credential=self._credential(token), timeout=timeout)
        self._add_call(call)
        call.event_id = event_id
        call.status = "running"
        return call

    def get_call(self, call_id: int) -> ApiCall:
        for c in self.calls:
            if c.id == call_id:
                return c
        raise SessionError(f"session '{self.name}' has no call {call_id}")

    def remove_call(self, call: ApiCall | int) -> None:
        """Forget a call; an unfinished one is cancelled (its stream closed, the server told)."""
        with self._lock:
            c = self.get_call(call) if isinstance(call, int) else call
            if c in self.calls:
                self.calls.remove(c)
        self._release(c)

    @staticmethod
    def _release(call: ApiCall) -> None:
        """A call nobody can read any more: cancel it if it is still running (frees its connection)."""
        if not call.finished and call._response is not None:
            call.cancel_now(wait_lock=0.5)

    def build_data(self, api_name: str, params: Any = None,
                   deadline: Deadline | None = None) -> tuple[Endpoint, list[Any]]:
        ep = self.endpoint(api_name)
        data = ep.build_data(params)
        # file parameters: upload local paths / URLs, normalise FileData
        for param, pos in zip(ep.parameters, ep.input_positions(), strict=False):
            if param.is_file:
                if param.has_default and data[pos] is param.default:
                    # the server's own default: a FileData is passed back as it is, anything
                    # else (a path, a URL) is sent as null: never opened or fetched for it
                    data[pos] = files.server_default_file(param.default)
                else:
                    data[pos] = self.prepare_file(data[pos], param_name=param.name, deadline=deadline)
        return ep, data

    def call(self, api_name: str, params: Any = None, *, token: str | None = None,
             timeout: float | None = None) -> ApiCall:
        """POST the call and return its record (status 'queued'); read it with
        ``call.iter_events()`` / ``call.wait()``.  ``timeout`` bounds the whole call (from now): its
        uploads and URL downloads, the wait for an earlier gr.State call, the POST and the stream."""
        deadline = Deadline.after(timeout)
        ep, data = self.build_data(api_name, params, deadline)
        call = ApiCall(id=0, api_name=ep.name, session=self, endpoint=ep, params=data,
                       credential=self._credential(token), timeout=timeout)
        if deadline is not None:
            call._deadline = deadline.at
        self._add_call(call)
        use_hash = ep.has_state and self.config.major >= 6
        if use_hash:
            try:
                self._wait_for_state_call(call, deadline)
            except GradioError as exc:
                call.fail_start(exc)
                raise
            self._state_call = call
            call.session_hash = self.session_hash
        self._post(call)
        return call

    def send(self, api_name: str, data: Any = None, *, event_id: str | None = None,
             session_hash: str | None = None, token: str | None = None,
             timeout: float | None = None) -> ApiCall:
        """PowerShAI's low-level call (Send-GradioApi): ``data`` is sent as given, a list in
        parameter order (a mapping is put in order by parameter name with /info; files are not
        uploaded), with ``session_hash`` when given.  With ``event_id`` nothing is sent: the
        record reads that event.  The record is not kept in ``calls``."""
        api = norm_api_name(api_name)
        if isinstance(data, dict):
            endpoint: Endpoint | None = self.endpoint(api)
            assert endpoint is not None  # endpoint() raises for an unknown name
            values = endpoint.build_data(data)
        else:
            endpoint = self._endpoint_from_config(api)
            values = list(data) if data is not None else []
        call = ApiCall(id=0, api_name=api, session=self, endpoint=endpoint, params=values,
                       credential=self._credential(token), session_hash=session_hash or None,
                       timeout=timeout)
        if event_id:
            call.event_id = event_id
            call.status = "running"
            return call
        try:
            self._post(call)
        except ServerError:
            try:
                self.endpoint(api)  # the server answers 500 for an unknown endpoint: name the known ones
            except EndpointNotFound:
                raise
            except GradioError:
                pass  # /info could not be read: the 500 is the real cause
            raise
        return call

    def _endpoint_from_config(self, api: str) -> Endpoint | None:
        """An Endpoint carrying only the fn_index (enough for /cancel), from /config alone."""
        found = self.load_config().dependency_for(api)
        if not found:
            return None
        return Endpoint(name=api, parameters=[], outputs=[], visibility="public", fn_index=found.fn_index)

    def _wait_for_state_call(self, call: ApiCall, deadline: Deadline | None = None) -> None:
        """Calls that keep gr.State share the session_hash: one unfinished at a time.  The earlier
        call is read to its end (here, or in a helper thread when ``deadline`` bounds the wait)."""
        prev = self._state_call
        if prev is None or prev.finished:
            return
        self._warn(f"waiting for call {prev.id} ({prev.api_name}) to finish: calls that keep "
                   "gr.State run one at a time in a session")
        if deadline is None:
            try:
                prev.wait()
            except GradioError:
                pass
            return

        def read() -> None:
            try:
                prev.wait()
            except GradioError:
                pass

        threading.Thread(target=read, name=f"gshell-state-wait-{prev.id}", daemon=True).start()
        while not prev.wait_finished(min(0.25, max(0.0, deadline.left()))):
            if deadline.left() <= 0:
                raise CallTimeout(f"{call.api_name}: timed out after {deadline.seconds:g} s waiting for call "
                                  f"{prev.id} ({prev.api_name}) to finish (calls that keep gr.State run one "
                                  "at a time)", endpoint=call.api_name)

    def _post(self, call: ApiCall) -> None:
        """POST /call for ``call``; a failure marks the record 'error' and is raised."""
        try:
            call.event_id = self.client.post_call(call.api_name, call.params,
                                                  session_hash=call.session_hash,
                                                  credential=call.credential, deadline=call.deadline())
        except GradioError as exc:
            call.fail_start(exc)
            raise

    def predict(self, api_name: str, params: Any = None, *, token: str | None = None,
                timeout: float | None = None) -> Any:
        """Call, wait, return the final data (raises the call's error)."""
        return self.call(api_name, params, token=token, timeout=timeout).predict()

    def call_finished(self, call: ApiCall) -> None:
        if call.status == "complete" and self.download_path:
            for saved in self.save_files(call.result, self.download_path):
                if saved.Error is not None:
                    self._warn(f"call {call.id}: {saved.Error}")

    # ------------------------------------------------------------------ files
    def upload(self, paths: Iterable[str | os.PathLike[str]],
               deadline: Deadline | None = None) -> list[dict[str, Any]]:
        """Upload local files (once per session, keyed by absolute path + mtime + size)."""
        out: list[dict[str, Any] | None] = []
        todo: list[tuple[int, Path, tuple[str, int, int]]] = []
        for p in paths:
            path = Path(p).expanduser()
            try:
                st = path.stat()
            except OSError:
                raise FileError(f"file not found: {p}") from None
            if not path.is_file():
                raise FileError(f"not a file: {p}")
            key = (str(path.resolve()), st.st_mtime_ns, st.st_size)
            with self._lock:
                cached = self.uploads.get(key)
            if cached is not None:
                out.append(dict(cached))
            else:
                todo.append((len(out), path, key))
                out.append(None)
        if todo:
            server_paths = self.client.upload([t[1] for t in todo], deadline=deadline)
            for (idx, path, key), sp in zip(todo, server_paths, strict=False):
                fd = files.filedata(sp, orig_name=path.name, size=key[2])
                with self._lock:
                    self.uploads[key] = fd
                out[idx] = dict(fd)
        return [x for x in out if x is not None]

    def prepare_file(self, value: Any, *, param_name: str = "", deadline: Deadline | None = None) -> Any:
        """A file parameter's value: local path(s), http(s) URL(s), or FileData -> FileData.

        Only the user names local files: a string that came from a server (``ServerStr``) is
        never opened as a local path; a URL or FileData from a server is fetched with no
        credentials unless it is on the origin of an open session (then with that session's),
        and never from an internal address unless the session is on one.  A FileData of another
        session is downloaded from there and uploaded here."""
        if value is None:
            return None
        if isinstance(value, (list, tuple)):
            return [self.prepare_file(v, param_name=param_name, deadline=deadline) for v in value]
        if isinstance(value, os.PathLike):
            value = os.fspath(value)
        if isinstance(value, dict):
            if "path" in value or "url" in value:
                return self._prepare_filedata(value, deadline)
            raise ParameterError(f"parameter '{param_name}': a file must be a path, a URL or a FileData")
        if isinstance(value, ServerStr):
            if value.startswith(("http://", "https://")):
                return self._upload_url(value, deadline, server_named=True)
            raise FileError(f"parameter '{param_name}': refusing to open '{value}' as a local file: the text "
                            "came from a server, and gshell opens only the paths you type")
        if isinstance(value, str):
            if value.startswith(("http://", "https://")):
                return self._upload_url(value, deadline)
            return self.upload([value], deadline)[0]
        raise ParameterError(f"parameter '{param_name}': a file must be a path, a URL or a FileData, "
                             f"not {type(value).__name__}")

    def _prepare_filedata(self, value: dict[str, Any], deadline: Deadline | None = None) -> dict[str, Any]:
        """A FileData from this app goes back as it is; one from another origin (another session,
        a hostile url) is downloaded (see ``_upload_url``) and uploaded here."""
        url = value.get("url")
        path = value.get("path")
        if not isinstance(url, str) or not url:
            url = path if isinstance(path, str) and path.startswith(("http://", "https://")) else None
        if url is None or origin_of(url) == self.client.origin:
            return files.as_input_filedata(value)
        name = files.name_for(value)
        return self._upload_url(url, deadline, server_named=True, name=name)

    def _owner_of(self, url: str) -> GradioSession | None:
        """An open session on ``url``'s origin (it fetches with its own credentials)."""
        key = origin_key(url)
        for s in list(_OPEN):
            if s is not self and s.client.origin_key == key and not s.client.http.is_closed:
                return s
        return None

    def _upload_url(self, url: str, deadline: Deadline | None = None, *, server_named: bool = False,
                    name: str | None = None) -> dict[str, Any]:
        """Download ``url`` and upload it here.  Credentials go only to their own origin: this
        session's for its origin, another open session's for that session's origin, none
        elsewhere.  A URL a server named is never fetched from an internal address (loopback,
        private, link-local) unless this session is on one, nor from a non-http(s) scheme."""
        if server_named and not fetch_allowed(url, self.client.origin):
            raise FileError(f"refusing to fetch {url}: a server named it and it is an internal address "
                            "(or not http/https)")
        tmp = tempfile.mkdtemp(prefix="gshell-url-")
        files.track_temp(tmp)
        try:
            if origin_of(url) == self.client.origin:
                client, cred = self.client, self.client.credential
            else:
                owner = self._owner_of(url)
                client = owner.client if owner is not None else self.client
                cred = owner.client.credential if owner is not None else Credential(None, False)
            if name:
                name = Path(name.replace("\\", "/")).name or None
            path = client.download(url, tmp, name=name, credential=cred, deadline=deadline)
            server = self.client.upload([path], deadline=deadline)[0]
            return files.filedata(server, orig_name=path.name, size=path.stat().st_size)
        finally:
            files.remove_temp(tmp)

    def save_files(self, obj: Any, directory: str | os.PathLike[str] | None = None, *,
                   force: bool = False) -> list[SavedFile]:
        """Download every FileData in ``obj`` (a FileData, event, call, data list) into
        ``directory`` (default: DownloadPath, else the current directory).  One result per file:
        a file that cannot be saved (it exists without ``force``, the download fails, the
        directory cannot be written) has its ``Error`` set; the others are still saved."""
        if isinstance(obj, ApiCall):
            obj = obj.result
        elif hasattr(obj, "event") and hasattr(obj, "data"):
            obj = obj.data
        directory = directory or self.download_path or os.getcwd()
        out = []
        for fd in files.iter_filedata(obj):
            url = fd.get("url")
            try:
                path = fd.get("path")
                if isinstance(path, str) and path and not path.startswith(("http://", "https://")):
                    self.load_config()  # file_base needs the API prefix
                    url = files.file_url(self.client.file_base, path)
                if not url:
                    continue
                if not fetch_allowed(url, self.client.origin):
                    raise FileError(f"refusing to fetch {url}: the server named an internal address "
                                    "(or not http/https)")
                target = self._download_one(url, directory, files.name_for(fd), force)
            except GradioError as exc:
                out.append(SavedFile(Path=str(Path(directory) / files.name_for(fd)), Size=0,
                                     Url=url or "", Error=exc))
                continue
            out.append(SavedFile(Path=str(target), Size=target.stat().st_size, Url=url))
        return out

    def _download_one(self, url: str, directory: str | os.PathLike[str], name: str, force: bool) -> Path:
        try:
            return self.client.download(url, directory, name=name, force=force)
        except OSError as exc:
            raise FileError(f"cannot write {name} into {directory}: {exc.strerror or exc}") from None

    def close(self) -> None:
        _OPEN.discard(self)
        """Close the HTTP client; a call still streaming ends 'broken' with a one-line message
        (its stream is closed, which also stops the job on the server)."""
        for c in list(self._streams):
            c._interrupt("closed")
            resp = c._response
            if resp is not None and not c._lock.acquire(blocking=False):
                continue  # being read in another thread: the shutdown above wakes it, it closes itself
            try:
                if resp is not None:
                    resp.close()
            except Exception:
                pass
            finally:
                if resp is not None:
                    c._lock.release()
        self.client.close()


class SessionManager:
    """Named sessions and the default-session rule."""

    def __init__(self) -> None:
        self.sessions: dict[str, GradioSession] = {}

    def __iter__(self):
        return iter(list(self.sessions.values()))

    def __len__(self) -> int:
        return len(self.sessions)

    def add(self, session: GradioSession, *, force: bool = False) -> GradioSession:
        key = session.name
        old = self._find(key)
        if old is not None:
            if not force:
                raise SessionError(f"a session named '{key}' already exists (use -Force to replace it)")
            self.remove(old)
        self.sessions[key] = session
        if session.default:
            self.set_default(session)
        return session

    def connect(self, url: str, *, name: str | None = None, force: bool = False,
                username: str | None = None, password: str | None = None,
                **kw: Any) -> GradioSession:
        """Create a session, log in / fetch /config and /info, and register it."""
        s = GradioSession(url, name=name, **kw)
        if self._find(s.name) is not None and not force:
            s.client.close()
            raise SessionError(f"a session named '{s.name}' already exists (use -Force to replace it)")
        try:
            s.connect(username, password)
        except Exception:
            s.client.close()
            raise
        return self.add(s, force=force)

    def _find(self, name: str) -> GradioSession | None:
        if name in self.sessions:
            return self.sessions[name]
        for k, v in self.sessions.items():
            if k.lower() == name.lower():
                return v
        return None

    def get(self, name: str | None = None) -> GradioSession:
        """By name; '.' or None is the default session."""
        if name is None or name == ".":
            return self.default()
        s = self._find(name)
        if s is None:
            known = ", ".join(self.sessions) or "(none)"
            raise SessionError(f"no session named '{name}'; sessions: {known}")
        return s

    def default(self) -> GradioSession:
        if len(self.sessions) == 1:
            return next(iter(self.sessions.values()))
        for s in self.sessions.values():
            if s.default:
                return s
        raise SessionError("No default session: name one with -Session or set one with "
                           "Set-GradioSession -Default")

    def set_default(self, session: GradioSession | str) -> None:
        s = self.get(session) if isinstance(session, str) else session
        for other in self.sessions.values():
            other.default = other is s
        s.default = True

    def remove(self, session: GradioSession | str) -> None:
        s = self.get(session) if isinstance(session, str) else session
        for k, v in list(self.sessions.items()):
            if v is s:
                del self.sessions[k]
        s.close()

    def close_all(self) -> None:
        for s in list(self.sessions.values()):
            self.remove(s)
