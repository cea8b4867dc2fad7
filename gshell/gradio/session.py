"""GradioSession: one app, one HTTP client, its endpoint model, call records, uploads."""
from __future__ import annotations

import secrets as _pyrandom
import threading
import weakref
from collections.abc import Callable
from typing import Any

import httpx

from gshell import secrets
from gshell.display import excerpt

from . import files, shapes
from .attached import Attached
from .calls import ApiCall
from .client import DEFAULT_HEARTBEAT, GradioClient, normalize_root
from .errors import (
    CallTimeout,
    EndpointNotFound,
    GradioError,
    MaxCallsExceeded,
    ServerError,
    SessionError,
)
from .kinds import CHAT, DATAFRAME, VIDEO
from .model import AppConfig, AppModel, Endpoint, norm_api_name
from .origin import ServerStr
from .plan import CALL, QUEUE, CallPlan, FilePlanner, Upload, check_file_value, clip_json, new_session_hash
from .session_files import _OPEN, SessionFiles
from .tokens import PUBLIC, Credential, auth_headers, resolve, space_trusted
from .trace import TraceCallback
from .transport import Deadline

#: connections beyond MaxCalls (the POSTs, /config, uploads and downloads next to open streams)
SPARE_CONNECTIONS = 8

MAX_CALLS_POLICIES = ("Error", "Remove", "Warning")
QUEUE_EVENTS_KEPT = 1000  # queue event ids remembered for -EventId (attach)
WarnCallback = Callable[[str], None]



def _policy(value: str) -> str:
    for p in MAX_CALLS_POLICIES:
        if p.lower() == str(value).lower():
            return p
    raise SessionError(f"MaxCallsPolicy must be one of {', '.join(MAX_CALLS_POLICIES)}, not '{value}'")


class GradioSession(SessionFiles):
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
        self._max_calls = int(max_calls)
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
        self._queue_events: dict[str, str] = {}   # event id -> session hash of the queue calls sent
        #: calls whose event stream is open (each holds a connection until it ends)
        self._streams: weakref.WeakSet[ApiCall] = weakref.WeakSet()
        self.client = GradioClient(self.url, credential=resolve(None, token, space_ok=self.space_ok),
                                   heartbeat_interval=heartbeat_interval, trace=trace,
                                   transport=transport, max_connections=self._pool_size())
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
    def max_calls(self) -> int:
        return self._max_calls

    @max_calls.setter
    def max_calls(self, value: int) -> None:
        """Set-GradioSession -MaxCalls: the connection pool follows (MaxCalls + 8)."""
        self._max_calls = int(value)
        self.client.resize_pool(self._pool_size())

    def _pool_size(self) -> int:
        """Connections for the open event streams of MaxCalls calls, and the spare ones."""
        streams = self._max_calls if self.keep_calls and self._max_calls > 0 else 24
        return streams + SPARE_CONNECTIONS

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
                       credential=self._credential(token), timeout=timeout,
                       plan=self.event_plan(ep.name, event_id, ep.fn_index))
        self._add_call(call)
        call.event_id = event_id
        call.session_hash = call.plan.session_hash if call.plan else None
        call.status = "running"
        return call

    def event_plan(self, api_name: str, event_id: str, fn_index: int | None,
                   session_hash: str | None = None) -> CallPlan:
        """How to read an event started elsewhere: a queue event this session started (4.x/5.x)
        is read from the queue with its session hash; any other is a /call event."""
        queued = self._queue_events.get(event_id)
        return CallPlan(api_name=api_name, protocol=QUEUE if queued else CALL, root=self.url,
                        base=self.client.api_base, data=[], values=[], names=[], fn_index=fn_index,
                        session_hash=queued or session_hash or None)

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

    def plan_call(self, api_name: str, params: Any = None, *, token: str | None = None,
                  cwd: str | None = None) -> CallPlan:
        """The request plan of ``call(api_name, params)`` (nothing is sent).  ``params``: a
        mapping by parameter name, a list in order, or one value; a file parameter's local
        paths (relative to ``cwd``) and URLs become Uploads, FileData is kept."""
        ep = self.endpoint(api_name)
        values = ep.values(params)
        shown = list(values)
        planner = FilePlanner(cwd)
        for i, p in enumerate(ep.parameters):
            if values[i] is None:
                continue
            if p.kind == CHAT:   # messages -> [user, bot] pairs for a 4.x/5.x 'tuples' Chatbot
                values[i] = shapes.chat_history(values[i], p.props)
            if p.is_file:
                if p.has_default and values[i] is p.default:
                    # the server's own default: a FileData on the server goes back as a path
                    # reference, anything else (a path, a URL) is sent as null (docs/security.md)
                    shown[i] = values[i] = files.server_default_file(p.default)
                    continue
                check_file_value(values[i], p.name)
                shown[i], values[i] = planner.value(self._own_files(values[i], p.name))
            elif p.kind == VIDEO and not (isinstance(values[i], dict) and "video" in values[i]):
                check_file_value(values[i], p.name)   # 4.x/5.x Video: {video: FileData, subtitles}
                up, fd = planner.value(self._own_files(values[i], p.name))
                shown[i], values[i] = {"video": up, "subtitles": None}, {"video": fd, "subtitles": None}
            elif p.kind == DATAFRAME:   # rows (objects or arrays) -> {headers, data}
                shown[i] = values[i] = shapes.dataframe(values[i], p.props)
            elif p.kind in shapes.SHAPERS:   # files inside a structure (gallery, chat messages, ...)
                shown[i], values[i] = self._plan_nested(planner, p.kind, values[i], p.name)
        queue = self.config.major < 6 and ep.fn_index is not None
        if ep.has_state and (queue or self.config.major >= 6):
            session_hash: str | None = self.session_hash
        else:
            session_hash = new_session_hash() if queue else None
        return self._finish_plan(CallPlan(
            api_name=ep.name, protocol=QUEUE if queue else CALL, root=self.url, base=self.client.api_base,
            data=ep.to_wire(values), values=shown, names=ep.parameter_names, fn_index=ep.fn_index,
            session_hash=session_hash, uploads=planner.uploads), token)

    def _plan_nested(self, planner: FilePlanner, kind: str, value: Any, name: str) -> tuple[Any, Any]:
        """(shown, sent) for a structured value: each file in it (where ``shapes`` says the
        component keeps files) planned as an upload; the shown form has the Upload in its place."""
        planned: list[Any] = []

        def plan(v: Any) -> Any:
            check_file_value(v, name)
            up, fd = planner.value(self._own_files(v, name))   # the server-origin rules (origin.py)
            planned.append(up)
            return fd

        sent = shapes.shape(kind, value, plan)
        order = iter(planned)
        return shapes.shape(kind, value, lambda _v: next(order)), sent

    def plan_send(self, api_name: str, data: Any = None, *, session_hash: str | None = None,
                  token: str | None = None) -> CallPlan:
        """The plan of Send-GradioApi: ``data`` sent as given (a list in order; a mapping is put
        in order by parameter name with /info; nothing uploaded), with ``session_hash`` if given.
        4.x/5.x go through the queue (a session hash is made when none is given)."""
        api = norm_api_name(api_name)
        if isinstance(data, dict):
            ep: Endpoint | None = self.endpoint(api)
            assert ep is not None
            values = ep.build_data(data)
        else:
            ep = self._endpoint_from_config(api)
            if data is not None and (isinstance(data, (str, bytes)) or not isinstance(data, (list, tuple))):
                data = [data]
            values = list(data) if data is not None else []
        fn_index = ep.fn_index if ep is not None else None
        queue = self.config.major < 6 and fn_index is not None
        if queue and not session_hash:
            session_hash = new_session_hash()
        return self._finish_plan(CallPlan(
            api_name=api, protocol=QUEUE if queue else CALL, root=self.url, base=self.client.api_base,
            data=values, values=values, names=[f"param_{i}" for i in range(len(values))], fn_index=fn_index,
            session_hash=session_hash or None), token)

    def _finish_plan(self, plan: CallPlan, token: str | None) -> CallPlan:
        plan.token = bool(auth_headers(plan.post_url, self._credential(token), self.client.origin))
        plan.cookies = self.logged_in
        return plan

    @property
    def logged_in(self) -> bool:
        """The session holds a Gradio login cookie."""
        try:
            return any(c.name.startswith("access-token") for c in self.client.http.cookies.jar)
        except Exception:  # noqa: BLE001
            return False

    def call(self, api_name: str, params: Any = None, *, token: str | None = None,
             timeout: float | None = None, cwd: str | None = None) -> ApiCall:
        """Plan the call, upload its files, POST it and return its record (status 'queued');
        read it with ``call.iter_events()`` / ``call.wait()``.  ``timeout`` bounds the whole
        call (from now), the discovery of /config and /info it may need included."""
        deadline = Deadline.after(timeout)
        with self.client.bounded(deadline):
            return self._call(api_name, params, token, timeout, cwd, deadline)

    def _call(self, api_name: str, params: Any, token: str | None, timeout: float | None, cwd: str | None,
              deadline: Deadline | None) -> ApiCall:
        plan = self.plan_call(api_name, params, token=token, cwd=cwd)
        ep = self.endpoint(plan.api_name)
        call = ApiCall(id=0, api_name=ep.name, session=self, endpoint=ep, params=list(plan.data),
                       credential=self._credential(token), timeout=timeout, plan=plan)
        if deadline is not None:
            call._deadline = deadline.at
        self._add_call(call)
        if plan.session_hash is not None and plan.session_hash == self.session_hash:
            try:
                self._wait_for_state_call(call, deadline)
            except GradioError as exc:
                call.fail_start(exc)
                raise
            self._state_call = call
        call.session_hash = plan.session_hash
        self._post(call)
        return call

    def send(self, api_name: str, data: Any = None, *, event_id: str | None = None,
             session_hash: str | None = None, token: str | None = None,
             timeout: float | None = None) -> ApiCall:
        """PowerShAI's low-level call (Send-GradioApi): see ``plan_send``.  With ``event_id``
        nothing is sent: the record reads that /call event.  The record is not kept in ``calls``."""
        with self.client.bounded(Deadline.after(timeout)):
            return self._send(api_name, data, event_id, session_hash, token, timeout)

    def _send(self, api_name: str, data: Any, event_id: str | None, session_hash: str | None,
              token: str | None, timeout: float | None) -> ApiCall:
        api = norm_api_name(api_name)
        if event_id:
            endpoint = self._endpoint_from_config(api)
            plan = self.event_plan(api, event_id, endpoint.fn_index if endpoint else None, session_hash)
            call = ApiCall(id=0, api_name=api, session=self, endpoint=endpoint, params=[],
                           credential=self._credential(token), session_hash=plan.session_hash,
                           timeout=timeout, plan=plan)
            call.event_id = event_id
            call.status = "running"
            return call
        plan = self.plan_send(api, data, session_hash=session_hash, token=token)
        endpoint = self._model.find(api) if self._model is not None else None
        if endpoint is None:
            endpoint = self._endpoint_from_config(api)
        call = ApiCall(id=0, api_name=api, session=self, endpoint=endpoint, params=list(plan.data),
                       credential=self._credential(token), session_hash=plan.session_hash,
                       timeout=timeout, plan=plan)
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
        self._warn(f"waiting for call {prev.id} ({excerpt(prev.api_name, 100)}) to finish: calls that keep "
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
        """Upload the plan's files, then POST it; a failure marks the record 'error' and is
        raised.  The record keeps the wire data and the request as sent."""
        plan = call.plan
        assert plan is not None
        deadline = call.deadline()
        try:
            paths = [self._upload_one(up, deadline) for up in plan.uploads]
            body = plan.body(paths)
            call.params = body["data"]
            call.request = ("POST", plan.post_url, body)
            if self.client.trace_cb is not None:
                self.client.trace("note", message=f"{plan.protocol} body: {clip_json(body)}")
            call.event_id = self.client.post_json(plan.post_url, body, api_name=plan.api_name,
                                                  credential=call.credential, deadline=deadline)
            if plan.protocol == QUEUE and plan.session_hash:
                self._queue_events[call.event_id] = plan.session_hash
                while len(self._queue_events) > QUEUE_EVENTS_KEPT:
                    self._queue_events.pop(next(iter(self._queue_events)))
        except GradioError as exc:
            call.fail_start(exc)
            raise

    def _upload_one(self, up: Upload, deadline: Deadline | None = None) -> str:
        """The server path of one planned upload (a URL is fetched first; one a server named
        under the rules of ``_upload_url``)."""
        if up.from_url:
            named = isinstance(up.source, ServerStr)
            return str(self._upload_url(up.source, deadline, server_named=named)["path"])
        return str(self.upload([up.source], deadline)[0]["path"])

    def predict(self, api_name: str, params: Any = None, *, token: str | None = None,
                timeout: float | None = None) -> Any:
        """Call, wait, return the final data (raises the call's error)."""
        return self.call(api_name, params, token=token, timeout=timeout).predict()

    def call_finished(self, call: ApiCall) -> None:
        if call.status == "complete" and self.download_path:
            for saved in self.save_files(call.result, self.download_path):
                if saved.Error is not None:
                    self._warn(f"call {call.id}: {saved.Error}")

    def close(self) -> None:
        """Close the HTTP client; a call still streaming ends 'broken' with a one-line message
        (its stream is closed, which also stops the job on the server)."""
        _OPEN.discard(self)
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
