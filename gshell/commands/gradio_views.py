"""Glue between the Gradio engine (``gshell.gradio``) and the language: the per-interpreter
session manager, language views of sessions / calls / events (objects exposing
``ps_get_member``), JSON conversion, HTTP trace and warning routing, and error conversion.

No cmdlets here: ``gradio.py`` and ``gradio_sessions.py`` declare them."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

from gshell import secrets
from gshell.commands.gradio_values import (  # noqa: F401 - re-exported
    GRecord,
    event_record,
    filedata_record,
    from_value,
    outputs_of,
    result_data,
    to_value,
)
from gshell.runtime.errors import MISSING, PSError
from gshell.runtime.registry import Invocation, Runtime
from gshell.runtime.values import CIDict, Hashtable, Record

if TYPE_CHECKING:
    from gshell.gradio import GradioSession, SessionManager

MODULE = "gshell.Gradio"
DEFAULT_MAX_CALLS = 100
DEFAULT_POLICY = "Warning"



def _engine() -> Any:
    import gshell.gradio as engine
    return engine


# -----------------------------------------------------------------------------------------
# Per-interpreter state
# -----------------------------------------------------------------------------------------

class GradioState:
    """The Gradio state of one interpreter (``Runtime.state(GradioState)``): its SessionManager,
    created on first use, and the anonymous sessions of the session-less cmdlets by app root."""

    def __init__(self) -> None:
        self.manager: SessionManager | None = None
        self.anonymous: dict[str, GradioSession] = {}


def sessions_of(runtime: Runtime) -> SessionManager:
    """The interpreter's SessionManager (created on first use; its sessions and the anonymous
    ones are closed when the interpreter is closed: ``Interpreter.close``)."""
    state = runtime.state(GradioState)
    if state.manager is None:
        mgr: SessionManager = _engine().SessionManager()
        state.manager = mgr
        anon = state.anonymous
        runtime.on_close(lambda: _close_all(mgr, anon))
    return state.manager


def _close_all(mgr: SessionManager, anon: dict[str, GradioSession]) -> None:
    mgr.close_all()
    for s in list(anon.values()):
        s.close()
    anon.clear()


def anonymous_session(inv: Invocation, url: str) -> Any:
    """The session used by the session-less cmdlets (Get-GradioInfo URL, Send-GradioApi,
    Send-GradioFile) for an app root: a registered session of that root (it shares its login),
    else one ``GradioSession.anonymous`` per root, not listed by Get-GradioSession."""
    from gshell.gradio.client import normalize_root
    mgr = sessions_of(inv.runtime)
    anon = inv.runtime.state(GradioState).anonymous
    root = strip_api_prefix(normalize_root(url))
    for s in mgr:
        if s.url == root:
            return s
    s = anon.get(root)
    if s is None:
        s = _engine().GradioSession.anonymous(root, max_calls_policy=DEFAULT_POLICY)
        anon[root] = s
    return s


def strip_api_prefix(url: str) -> str:
    """`http://h/gradio_api` (PowerShAI's RealAppUrl) -> `http://h` (the app root)."""
    for suffix in ("/gradio_api",):
        if url.endswith(suffix):
            return url[: -len(suffix)]
    return url


# -----------------------------------------------------------------------------------------
# HTTP trace and warnings: routed to the running command
# -----------------------------------------------------------------------------------------

def show_http(inv: Invocation) -> bool:
    value = inv.scope.get("GShellShowHttp")
    if value is None:
        value = inv.runtime.get_variable("GShellShowHttp")
    return bool(value)


def trace_sink(inv: Invocation) -> Any:
    """A trace callback writing `VERBOSE: ` lines for ``inv`` (-Verbose or $GShellShowHttp)."""
    verbose_on = inv.verbose_on
    forced = show_http(inv)
    if not verbose_on and not forced:
        return None
    host = inv.runtime.host

    def sink(rec: Any) -> None:
        from gshell.teach import format_record
        text = format_record(rec)
        if verbose_on:
            inv.verbose(text)
        elif host is not None:
            host.verbose(text)

    return sink


WHATIF_LANGUAGE_VARIABLE = "GradioWhatIfLanguage"


def whatif_language(inv: Invocation) -> str:
    """What -WhatIf renders a call in: `$GradioWhatIfLanguage` (curl, python or javascript;
    curl when unset).  An unknown value is an error naming the choices."""
    value = inv.scope.get(WHATIF_LANGUAGE_VARIABLE)
    if value is None or _str(value).strip() == "":
        return "curl"
    lang = _str(value).strip().casefold()
    aliases = {"bash": "curl", "py": "python", "js": "javascript", "node": "javascript"}
    lang = aliases.get(lang, lang)
    if lang not in ("curl", "python", "javascript"):
        raise inv.fail(f"${WHATIF_LANGUAGE_VARIABLE} is '{_str(value)}': use curl, python or javascript.",
                       category="InvalidArgument")
    return lang


def bind(inv: Invocation, session: Any) -> Any:
    """Route ``session``'s HTTP trace and warnings to ``inv`` (call before each engine
    operation: pipelines interleave commands, so the binding is per operation)."""
    session.trace = trace_sink(inv)
    session.warn = inv.warning
    return session


# -----------------------------------------------------------------------------------------
# Errors
# -----------------------------------------------------------------------------------------

_CATEGORIES: tuple[tuple[str, str], ...] = (
    ("ConnectionFailed", "ConnectionError"),
    ("CallTimeout", "OperationTimeout"),
    ("StreamBroken", "ConnectionError"),
    ("AuthRequired", "PermissionDenied"),
    ("LoginFailed", "PermissionDenied"),
    ("EndpointNotFound", "ObjectNotFound"),
    ("NotFound", "ObjectNotFound"),
    ("ParameterError", "InvalidArgument"),
    ("MaxCallsExceeded", "LimitsExceeded"),
    ("SessionError", "ObjectNotFound"),
    ("FileError", "WriteError"),
    ("QueueFull", "ResourceUnavailable"),
    ("HttpError", "ProtocolError"),
    ("AppError", "InvalidResult"),
)


def category_of(exc: BaseException) -> str:
    names = {c.__name__ for c in type(exc).__mro__}
    for cls_name, cat in _CATEGORIES:
        if cls_name in names:
            return cat
    return "NotSpecified"


def is_engine_error(exc: BaseException) -> bool:
    return isinstance(exc, _engine().GradioError)


def fail(inv: Invocation, exc: BaseException) -> Exception:
    """A terminating, one-line, masked error from an engine exception."""
    return inv.fail(secrets.mask(str(exc)), category=category_of(exc))


def report(inv: Invocation, exc: BaseException, target: Any = None) -> None:
    """A non-terminating error (a failed item of a pipeline)."""
    inv.error(secrets.mask(str(exc)), category=category_of(exc), target=target)


def engine_call(inv: Invocation, fn: Any, *a: Any, **kw: Any) -> Any:
    """Run an engine operation; its errors become one-line terminating errors."""
    try:
        return fn(*a, **kw)
    except Exception as exc:
        if is_engine_error(exc):
            raise fail(inv, exc) from None
        raise


# -----------------------------------------------------------------------------------------
# Values
# -----------------------------------------------------------------------------------------

# GRecord, to_value, from_value, filedata_record and event_record live in gradio_values
# (imported above, and importable from here).


def _cached_view(obj: Any, factory: Any) -> Any:
    """One view per engine object, kept in the object's ``attached`` views: the view's own
    state (Received, ...) lives as long as the object.  (Not a WeakKeyDictionary: a view refers
    to its object, so such an entry would never be freed.)"""
    return obj.attached.get(factory, lambda: factory(obj))


class _Members:
    """Base of the views: members from a table of getters, ``GETTERS`` (names keep their
    spelling).  ``MEMBERS`` are the ones shown (tables, lists, JSON); Get-Member and completion
    list every getter (``ps_all_member_names``).  ``ps_fetching`` names the members whose value
    may need the network, with their type: the member model never reads those."""

    type_name = "PSCustomObject"
    MEMBERS: tuple[str, ...] = ()
    GETTERS: dict[str, Callable[[Any], Any]] = {}
    ps_fetching: dict[str, str] = {}

    def ps_member_names(self) -> list[str]:
        return list(self.MEMBERS)

    def ps_all_member_names(self) -> list[str]:
        shown = {m.casefold() for m in self.MEMBERS}
        return list(self.MEMBERS) + [m for m in self.GETTERS if m.casefold() not in shown]

    def ps_get_member(self, name: str) -> Any:
        key = name.casefold()
        for m, getter in self.GETTERS.items():
            if m.casefold() == key:
                return getter(self)
        return MISSING

    def _get(self, key: str) -> Any:
        getter = self.GETTERS.get(key)
        return getter(self) if getter is not None else MISSING

    def __getitem__(self, name: str) -> Any:
        value = self.ps_get_member(name)
        if value is MISSING:
            raise KeyError(name)
        return value


def _last_query_status(call: Any) -> Any:
    if call.last_query_status:
        return call.last_query_status
    return "running" if call.status == "running" else None


def _request(call: Any) -> Record:
    """The POST that started ``call`` (PowerShAI's ``req``), from the request it sent."""
    if call.request is None:
        return Record([("method", "POST"), ("url", None), ("data", None)])
    method, url, body = call.request
    return Record([("method", method), ("url", url), ("data", to_value(body, call.session))])


class ApiEventView(_Members):
    """PowerShAI's GradioApiEvent, live on an engine ApiCall."""

    type_name = "GradioApiEvent"
    MEMBERS = ("EventId", "Status", "data", "events", "error", "LastQueryStatus", "ApiName", "req")
    GETTERS: dict[str, Callable[[Any], Any]] = {
        "EventId": lambda v: v.call.event_id,
        "Status": lambda v: v.status,
        "data": lambda v: [result_data(d, outputs_of(v.call), v.call.session) for d in v.call.data],
        "RawData": lambda v: [to_value(d, v.call.session) for d in v.call.raw_data],
        "events": lambda v: v.records(),
        "error": lambda v: secrets.mask(str(v.call.error)) if v.call.error is not None else None,
        "LastQueryStatus": lambda v: _last_query_status(v.call),
        "ApiName": lambda v: v.call.api_name.lstrip("/"),
        "req": lambda v: _request(v.call),
    }

    def __init__(self, call: Any) -> None:
        self.call = call
        self._events: list[GRecord] = []

    def records(self) -> list[GRecord]:
        evs = self.call.events
        while len(self._events) < len(evs):
            self._events.append(event_record(evs[len(self._events)], self.call.session, self.call))
        return list(self._events[: len(evs)])

    def record_of(self, ev: Any) -> GRecord:
        evs = self.call.events
        idx = ev.num - 1
        if 0 <= idx < len(evs) and evs[idx] is ev:
            self.records()
            return self._events[idx]
        return event_record(ev, self.call.session, self.call)

    @property
    def status(self) -> str:
        st = self.call.status
        return "complete" if st in ("complete", "error") else st

    def __str__(self) -> str:
        return f"GradioApiEvent {self.call.api_name} {self.call.event_id} ({self.status})"


class CallView(_Members):
    """PowerShAI's SessionApiEvent (id, ApiEvent, Received, LastReceivedIndex) plus Status,
    ApiName and Num (the session's call number) for convenience."""

    type_name = "GradioSessionApiEvent"
    MEMBERS = ("id", "ApiName", "Status", "Num", "ApiEvent", "Received", "LastReceivedIndex")
    GETTERS: dict[str, Callable[[Any], Any]] = {
        "id": lambda v: v.call.event_id,
        "ApiName": lambda v: v.call.api_name.lstrip("/"),
        "Status": lambda v: v.call.status,
        "Num": lambda v: v.call.id,
        "ApiEvent": lambda v: v.api_event,
        "Received": lambda v: v.received,
        "LastReceivedIndex": lambda v: v.last_received_index,
        # hidden
        "Session": lambda v: session_view(v.call.session),
        "EventId": lambda v: v.call.event_id,
        "data": lambda v: v.api_event._get("data"),
        "error": lambda v: v.api_event._get("error"),
    }
    #: settable members -> attribute and conversion
    SETTERS: dict[str, tuple[str, Callable[[Any], Any]]] = {
        "received": ("received", bool),
        "lastreceivedindex": ("last_received_index", lambda value: value),
    }

    def __init__(self, call: Any) -> None:
        self.call = call
        self.received = False
        self.last_received_index: Any = None

    @property
    def api_event(self) -> ApiEventView:
        return api_event_view(self.call)

    def ps_set_member(self, name: str, value: Any) -> None:
        setter = self.SETTERS.get(name.casefold())
        if setter is None:
            raise PSError(f"The property '{name}' of a {self.type_name} cannot be set.",
                          category="InvalidOperation", error_id="PropertyAssignmentException")
        attr, convert = setter
        setattr(self, attr, convert(value))

    def __str__(self) -> str:
        return f"{self.call.api_name} {self.call.event_id} ({self.call.status})"


class SessionView(_Members):
    """A GradioSession as the language sees it.  The token is never shown (`***`)."""

    type_name = "GradioSession"
    MEMBERS = ("Name", "AppUrl", "Version", "Default", "Calls", "MaxCalls", "MaxCallsPolicy", "DownloadPath",
               "Token", "SessionId")
    GETTERS: dict[str, Callable[[Any], Any]] = {
        "Name": lambda v: v.session.name,
        "AppUrl": lambda v: v.session.url,
        "Version": lambda v: v.session.client.config.version if v.session.client.config is not None else None,
        "Default": lambda v: bool(v.session.default),
        "Calls": lambda v: len(v.session.calls),
        "MaxCalls": lambda v: v.session.max_calls,
        "MaxCallsPolicy": lambda v: v.session.max_calls_policy,
        "DownloadPath": lambda v: v.session.download_path,
        "Token": lambda v: secrets.MASK if v.session.token and v.session.token != "public" else v.session.token,
        "SessionId": lambda v: v.session.session_hash,
        # hidden
        "info": lambda v: to_value(v.session.client.info_raw) if v.session.client.info_raw is not None else None,
        "options": lambda v: Hashtable([("MaxCalls", v.session.max_calls),
                                        ("MaxCallsPolicy", v.session.max_calls_policy)]),
        "Endpoints": lambda v: [name.lstrip("/") for name in sorted(v.session.endpoints)],
        "ApiPrefix": lambda v: v.session.client.prefix,
        "RealAppUrl": lambda v: v.session.client.api_base,
        "uploads": lambda v: [to_value(fd, v.session) for fd in v.session.uploads.values()],
    }

    ps_fetching = {"Endpoints": "string[]"}   # the endpoint catalog: fetched on first use

    def __init__(self, session: Any) -> None:
        self.session = session

    def __str__(self) -> str:
        return self.session.name


def session_view(session: Any) -> SessionView:
    return _cached_view(session, SessionView)


def call_view(call: Any) -> CallView:
    return _cached_view(call, CallView)


def api_event_view(call: Any) -> ApiEventView:
    return _cached_view(call, ApiEventView)


def register_table_views(table: dict[str, tuple[str, ...]]) -> None:
    """Table layouts (type_name -> columns) for formatting, which reads VIEWS by type_name;
    a layout already registered is kept."""
    from gshell.runtime import formatting
    for name, cols in table.items():
        formatting.VIEWS.setdefault(name, formatting.View("table", cols))


def register_views() -> None:
    """Table layouts for the Gradio types; the views of component values (gradio_display)."""
    from gshell.commands import gradio_display
    gradio_display.register()
    register_table_views({
        "GradioSession": ("Name", "AppUrl", "Version", "Default", "Calls"),
        "GradioSessionApiEvent": ("Num", "id", "ApiName", "Status", "Received"),
        "GradioApiEventResult": ("num", "ts", "event", "data"),
        "GradioSavedFile": ("Size", "Path", "Url"),
    })


# -----------------------------------------------------------------------------------------
# Resolving arguments
# -----------------------------------------------------------------------------------------

def _str(value: Any) -> str:
    from gshell.runtime.conversions import to_str
    return to_str(value)


def single(value: Any) -> Any:
    """A one-element array stands for its element (`-Session @($s)`, a piped 1-item array)."""
    if isinstance(value, (list, tuple)) and len(value) == 1:
        return value[0]
    return value


def resolve_session(inv: Invocation, value: Any = ".") -> Any:
    """-Session: a name, a session object, `.` (the default), or a HuggingFaceSpace record."""
    mgr = sessions_of(inv.runtime)
    value = single(value)
    if isinstance(value, SessionView):
        return value.session
    if value is not None and getattr(value, "type_name", None) == "HuggingFaceSpace":
        from gshell.runtime.members import get_member
        space_id = get_member(value, "id")
        return mgr.get(f"Space:{_str(space_id)}")
    if value is None or value == "":
        value = "."
    return engine_call(inv, mgr.get, _str(value))


def find_call(inv: Invocation, value: Any, session_arg: Any = None) -> tuple[Any, Any]:
    """(session, ApiCall) for a call record, an event record, an event id or a call number."""
    value = single(value)
    if isinstance(value, (CallView, ApiEventView)):
        return value.call.session, value.call
    session = resolve_session(inv, "." if session_arg is None else session_arg)
    if value is None:
        raise inv.fail("No call given: pass a call record (from Invoke-GradioSessionApi) or its id.",
                       category="InvalidArgument")
    key = _str(value)
    for c in session.calls:
        if c.event_id == key or (key.isdigit() and str(c.id) == key):
            return session, c
    raise inv.fail(f"Session '{session.name}' has no call with id {key} (Get-GradioSessionApi lists them).",
                   category="ObjectNotFound")


def params_value(value: Any) -> Any:
    """-Params: a hashtable stays a mapping (by parameter name); anything else positional."""
    if isinstance(value, Hashtable) or (isinstance(value, Record) and not getattr(value, "gshell_session", None)
                                        and value.type_name in ("PSCustomObject",)):
        return {str(k): from_value(v) for k, v in value.items()}
    if value is None:
        return None
    if isinstance(value, (list, tuple)):
        return [from_value(v) for v in value]
    return [from_value(value)]


def iter_events(inv: Invocation, call: Any, max_heartbeats: int | None,
                timeout: float | None = None) -> Iterator[Any]:
    """The call's events as they arrive; the HTTP trace bound to ``inv`` for each read.
    ``timeout`` (seconds from now) bounds the rest of the call: then the engine's CallTimeout
    ("timed out after N s", the events so far kept) is raised.  Ctrl-C closes the stream,
    starts the server cancel in the background and re-raises."""
    it = call.iter_events(max_heartbeats=max_heartbeats, timeout=timeout)
    while True:
        bind(inv, call.session)
        try:
            ev = next(it)
        except StopIteration:
            return
        except KeyboardInterrupt:
            mark_cancelled(call)
            raise
        yield ev


def mark_cancelled(call: Any) -> None:
    """Cancel a call now: the record is 'cancelled' at once (keeping the events received so
    far), the server is told in the background (``ApiCall.cancel_now``)."""
    call.cancel_now()


register_views()


def file_bytes(fd: Any, limit: int) -> bytes | None:
    """The content of a result file (a ``GradioFileData`` record) from its own session's server,
    at most ``limit`` bytes (None when bigger, not from a session, or the download fails)."""
    from gshell.gradio import files
    session = getattr(fd, "gshell_session", None)
    path = fd.get("path") if isinstance(fd, CIDict) else None
    if session is None or not isinstance(path, str) or not path or path.startswith(("http://", "https://")):
        return None
    try:
        session.load_config()  # file_base needs the API prefix
        url = files.download_url(fd, session.client.file_base)
        resp = session.client.request("GET", url, stream=True, what=f"downloading {url}")
        try:
            if resp.status_code >= 400:
                return None
            out = bytearray()
            for chunk in resp.iter_bytes():
                out += chunk
                if len(out) > limit:
                    return None
            return bytes(out)
        finally:
            resp.close()
    except Exception:  # a failed download only means no preview
        return None
