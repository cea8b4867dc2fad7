"""Call records: one POST /call + one event stream, read event by event."""
from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any, NoReturn, Protocol

import httpx

from . import jsondoc, limits
from .attached import Attached
from .errors import (
    AppError,
    CallTimeout,
    GradioError,
    HiddenAppError,
    ProtocolError,
    ServerStoppedResponding,
    StreamBroken,
)
from .files import fix_urls
from .origin import mark
from .plan import QUEUE, CallPlan
from .queue import END, QueueReader
from .sse import iter_sse
from .tokens import Credential
from .transport import Deadline, TrackedStream, deadline_exceeded, transport_reason

if TYPE_CHECKING:
    from .client import GradioClient
    from .model import Endpoint

ALIGNED = ("generating", "complete")  # events whose data is the outputs array
FINISHED_STATUSES = ("complete", "error", "cancelled", "broken")


class CallOwner(Protocol):
    """What a call needs from the session that made it (``gshell.gradio.session.GradioSession``)."""

    client: GradioClient
    name: str

    def call_finished(self, call: ApiCall) -> None:
        """The call reached a final status (the session saves its files when asked to)."""

    def stream_opened(self, call: ApiCall) -> None:
        """The call's event stream is open: it holds a connection until the call ends."""

    def stream_closed(self, call: ApiCall) -> None:
        """The call's event stream is closed."""

    def notice(self, message: str) -> None:
        """A warning for the user about a call."""


@dataclass
class ApiEventResult:
    """One event.  ``data`` is aligned with the endpoint's /info returns (gr.State slots
    dropped); ``raw`` is the data array as the server sent it (the same object when nothing
    was dropped)."""

    num: int
    ts: datetime
    event: str
    data: Any
    raw: Any = None


@dataclass(eq=False)
class ApiCall:
    """One call of an endpoint.  Compared and hashed by identity (a record, not a value)."""

    id: int
    api_name: str  # '/echo'
    session: CallOwner = field(repr=False)  # the GradioSession that made the call
    endpoint: Endpoint | None = field(default=None, repr=False)
    params: list[Any] = field(default_factory=list, repr=False)  # the wire data sent
    event_id: str | None = None
    session_hash: str | None = None
    status: str = "queued"
    events: list[ApiEventResult] = field(default_factory=list, repr=False)
    data: list[Any] = field(default_factory=list, repr=False)  # data of every non-heartbeat event (aligned)
    raw_data: list[Any] = field(default_factory=list, repr=False)  # the same, as the server sent it
    error: GradioError | None = None
    last_query_status: str | None = None
    created: datetime = field(default_factory=datetime.now)
    finished_at: datetime | None = None
    credential: Credential | None = field(default=None, repr=False)
    timeout: float | None = None  # whole-call timeout (seconds from the POST)
    #: a free slot for the layers above (gshell keeps its views here); the engine never reads it
    attached: Attached = field(default_factory=Attached, repr=False)  # views kept by the layers above
    plan: CallPlan | None = field(default=None, repr=False)   # what the call sends (gradio/plan.py)
    request: tuple[str, str, Any] | None = field(default=None, repr=False)  # (method, url, body) as sent

    def __post_init__(self) -> None:
        self._lock = threading.RLock()
        self._done = threading.Event()
        self._response: httpx.Response | None = None
        self._sse: Iterator[Any] | None = None
        self._interrupt_reason: str | None = None
        self._timer: threading.Timer | None = None
        self._start = time.monotonic()
        self._deadline: float | None = self._start + self.timeout if self.timeout is not None else None
        self._cancel_thread: threading.Thread | None = None
        self._queue: QueueReader | None = None
        self.dropped_events = 0  # the oldest events dropped (GSHELL_MAX_EVENTS, GSHELL_MAX_RESULT)
        self._kept_bytes = 0
        self._sizes: list[int] = []  # the data size of each kept event
        self._readers = 0   # iter_events loops in progress

    # ------------------------------------------------------------------ state
    @property
    def finished(self) -> bool:
        return self.status in FINISHED_STATUSES

    @property
    def being_read(self) -> bool:
        """Whether someone is reading the event stream right now (an ``iter_events`` loop)."""
        return self._readers > 0

    @property
    def result(self) -> Any:
        """The data of the last 'complete' (or, unfinished, of the last 'generating') event."""
        for ev in reversed(self.events):
            if ev.event in ("complete", "generating"):
                return ev.data
        return None

    @property
    def fn_index(self) -> int | None:
        return self.endpoint.fn_index if self.endpoint else None

    def __repr__(self) -> str:
        return (f"ApiCall(id={self.id}, api_name={self.api_name!r}, event_id={self.event_id!r}, "
                f"status={self.status!r}, events={len(self.events)})")

    # ------------------------------------------------------------------ streaming
    def iter_events(self, max_heartbeats: int | None = None,
                    timeout: float | None = None) -> Iterator[ApiEventResult]:
        """Yield each event as it arrives (heartbeats included), appending it to ``events``.

        Stops at 'complete'/'error' (terminal), after ``max_heartbeats`` consecutive heartbeats
        (``last_query_status = 'HeartBeatExpired'``; the call stays open and can be resumed),
        or raises when the stream breaks (status 'broken', events kept) or the call times out.
        The stream is read once: iterating again continues where the last iteration stopped."""
        if timeout is not None:
            self.timeout = timeout
            self._deadline = time.monotonic() + timeout
            if self._sse is not None:
                self._arm_timer()
        beats = 0
        self._readers += 1
        try:
            while True:
                with self._lock:
                    if self.finished:
                        return
                    ev = self._next_event()
                if ev is None:
                    return
                yield ev
                if ev.event == "heartbeat":
                    beats += 1
                    if max_heartbeats is not None and beats >= max_heartbeats and not self.finished:
                        self.last_query_status = "HeartBeatExpired"
                        return
                else:
                    beats = 0
        finally:
            self._readers -= 1

    def wait(self, timeout: float | None = None) -> ApiCall:
        """Read the stream to its end (or until the timeout); returns self."""
        for _ in self.iter_events(timeout=timeout):
            pass
        return self

    def raise_for_error(self) -> ApiCall:
        if self.error is not None and self.status != "cancelled":
            raise self.error
        return self

    def predict(self, timeout: float | None = None) -> Any:
        """Wait and return the final data, raising the call's error if any."""
        self.wait(timeout=timeout)
        self.raise_for_error()
        return self.result

    def wait_finished(self, timeout: float | None = None) -> bool:
        return self._done.wait(timeout)

    def fail_start(self, error: GradioError) -> None:
        """The call could not be started (the POST failed): the record ends with ``error``."""
        self.status = "error"
        self.error = error
        self.last_query_status = "error"
        self._done.set()

    # ------------------------------------------------------------------ internals
    def deadline(self) -> Deadline | None:
        """When the whole call must be over (-TimeoutSec), or None."""
        if self._deadline is None or self.timeout is None:
            return None
        return Deadline(self._deadline, self.timeout)

    def _open(self) -> None:
        client = self.session.client
        if self._deadline is not None and self._deadline <= time.monotonic():
            self._fail_timeout()
        plan = self.plan
        if plan is not None:
            url = plan.stream_url(self.event_id or "")
        else:
            url = f"{client.api_base}/call/{self.api_name.lstrip('/')}/{self.event_id or ''}"
        if plan is not None and plan.protocol == QUEUE:
            self._queue = QueueReader(self.event_id, self.api_name)
        try:
            self._response = client.open_stream(url, api_name=self.api_name, credential=self.credential,
                                                deadline=self.deadline())
        except CallTimeout:
            self._fail_timeout()
        except GradioError as exc:
            self._break(exc)
        ctype = self._response.headers.get("content-type", "")
        if "text/event-stream" not in ctype:
            self._break(ProtocolError(f"{self.api_name}: the server did not answer an event stream "
                                      f"(content-type {ctype or 'missing'})", endpoint=self.api_name))
        self._sse = iter_sse(self._response.iter_bytes())
        self.session.stream_opened(self)
        if self.status == "queued":
            self.status = "running"
        self._arm_timer()

    def _arm_timer(self) -> None:
        """Interrupt the stream at the deadline (whole-call timeout)."""
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        stream = self._response.extensions.get("network_stream") if self._response is not None else None
        if isinstance(stream, TrackedStream):
            stream.deadline = self._deadline  # the transport's bound follows a new -TimeoutSec
        if self._deadline is None:
            return
        if self._interrupt_reason == "timeout":
            self._interrupt_reason = None
        remaining = max(0.0, self._deadline - time.monotonic())
        self._timer = threading.Timer(remaining, self._interrupt, ("timeout",))
        self._timer.daemon = True
        self._timer.start()

    def _next_event(self) -> ApiEventResult | None:
        if self._sse is None:
            if self._interrupt_reason == "cancelled":
                self._finish("cancelled", None)
                return None
            if self._interrupt_reason == "closed":
                self._break(self._closed_error())
            self._open()
        assert self._sse is not None
        name = self.api_name
        while True:
            if self._interrupt_reason == "closed":
                self._break(self._closed_error())
            try:
                sse = next(self._sse)
            except limits.LimitExceeded as exc:
                self._break(type(exc)(f"{name}: {exc} ({len(self.events)} event(s) kept)", env=exc.env,
                                      endpoint=name))
            except (StopIteration, httpx.TransportError, httpx.StreamError, httpx.DecodingError, OSError,
                    ValueError) as exc:
                if self._check_interrupted():
                    return None
                if isinstance(exc, httpx.TimeoutException) and deadline_exceeded(exc):
                    self._fail_timeout()
                self._break(self._stream_error(exc))
            # A block without data and without an event name (only `retry:` or comments) is
            # not an event: the SSE spec dispatches nothing for it.
            if not sse.data and (sse.event or "message") == "message":
                continue
            event = sse.event or "message"
            self.session.client.trace("sse", event=event, data=sse.data)
            if event == "heartbeat":
                data: Any = None
                break
            try:
                data = jsondoc.loads(sse.data) if sse.data.strip() else None
            except ValueError as exc:
                sample = "" if isinstance(exc, jsondoc.JsonRefused) else f": {sse.data[:60]!r}"
                self._break(ProtocolError(f"{name}: the server sent {jsondoc.problem(exc, 'invalid JSON')} in a "
                                          f"'{event[:40]}' event ({len(self.events)} event(s) kept){sample}",
                                          endpoint=name))
            if self._queue is None:
                break
            try:
                translated = self._queue.translate(data)
            except GradioError as exc:
                self._break(exc)
            if translated is END:
                if self._check_interrupted():
                    return None
                self._break(self._stream_error(StopIteration()))
            if translated is not None:
                event, data = translated
                break
        raw = (mark(fix_urls(data, self.session.client.file_base), self.session.client.origin_key)
               if data is not None else None)   # a server's strings: origin.py
        data = self.endpoint.align_outputs(raw) if self.endpoint is not None and event in ALIGNED else raw
        ev = ApiEventResult(num=len(self.events) + self.dropped_events + 1, ts=datetime.now(), event=event,
                            data=data, raw=raw)
        self.events.append(ev)
        if event != "heartbeat" and data is not None:
            self.data.append(data)
            self.raw_data.append(raw)
        self._sizes.append(len(sse.data))
        self._kept_bytes += len(sse.data)
        self._bound_events()
        if event == "complete":
            if data is None and self._interrupt_reason == "cancelled":
                self._finish("cancelled", None)
            else:
                self._finish("complete", None)
        elif event == "error":
            self._finish("error", self._app_error(data))
        return ev

    def _bound_events(self) -> None:
        """Keep at most GSHELL_MAX_EVENTS events and GSHELL_MAX_RESULT bytes of event data: the
        oldest go first; the last event is always kept."""
        max_events = int(limits.get("GSHELL_MAX_EVENTS"))
        max_bytes = limits.size("GSHELL_MAX_RESULT")
        first_drop = self.dropped_events == 0
        while len(self.events) > 1 and (len(self.events) > max_events or self._kept_bytes > max_bytes):
            old = self.events.pop(0)
            self._kept_bytes -= self._sizes.pop(0)
            if self.data and old.data is not None and self.data[0] is old.data:
                self.data.pop(0)
                if self.raw_data:
                    self.raw_data.pop(0)
            self.dropped_events += 1
        if first_drop and self.dropped_events:
            env = "GSHELL_MAX_EVENTS" if len(self.events) >= max_events else "GSHELL_MAX_RESULT"
            self.session.notice(f"call {self.id} ({self.api_name}): more than {limits.describe(limits.SETTINGS[env])} "
                               f"{'events' if env == 'GSHELL_MAX_EVENTS' else 'of event data'}; the oldest events "
                               f"are dropped, the last is kept (raise the limit with $env:{env})")

    def _closed_error(self) -> StreamBroken:
        return StreamBroken(f"{self.api_name}: the session '{self.session.name}' was removed while call {self.id} "
                            f"was streaming ({len(self.events)} event(s) kept)", endpoint=self.api_name)

    def _stream_error(self, exc: BaseException) -> StreamBroken:
        """The error for a stream that ended or broke before a terminal event."""
        name, kept = self.api_name, len(self.events)
        if isinstance(exc, StopIteration):
            return StreamBroken(f"{name}: the event stream ended before the call finished "
                                f"({kept} event(s) received)", endpoint=name)
        if isinstance(exc, httpx.ReadTimeout):
            return ServerStoppedResponding(
                f"{name}: server stopped responding (nothing received for "
                f"{self.session.client.stall_timeout:.0f} s; {kept} event(s) kept)", endpoint=name)
        return StreamBroken(f"{name}: the connection broke while streaming ({kept} event(s) kept): "
                            f"{transport_reason(exc)}", endpoint=name)

    def _break(self, err: GradioError) -> NoReturn:
        """End the record as 'broken' (events kept) and raise ``err``."""
        self._finish("broken", err)
        raise err from None

    def _app_error(self, data: Any) -> AppError:
        name = self.api_name
        msg = None
        title = None
        if isinstance(data, dict):
            msg = data.get("error")
            title = data.get("title")
        elif isinstance(data, str):
            msg = data
        if msg:
            return AppError(str(msg), endpoint=name, data=data, title=title)
        cfg = self.session.client.config
        over_call = self.plan is None or self.plan.protocol != QUEUE
        if over_call and cfg is not None and cfg.major and cfg.major < 6:
            why = (f"Gradio {cfg.version} never sends error details over the /call API, even with "
                   "show_error=True; the app's log has them")
        else:
            why = "the app's author can reveal them with show_error=True (in launch() or mount_gradio_app())"
        return HiddenAppError(f"{name} failed: the server hides the error details; {why}",
                              endpoint=name, data=data)

    def _check_interrupted(self) -> bool:
        reason = self._interrupt_reason
        if reason == "cancelled":
            self._finish("cancelled", None)
            return True
        if reason == "timeout":
            self._fail_timeout()
        if reason == "closed":
            self._break(self._closed_error())
        return False

    def _fail_timeout(self) -> NoReturn:
        err = CallTimeout(f"{self.api_name} timed out after {self.timeout:g} s "
                          f"({len(self.events)} event(s) kept)", endpoint=self.api_name)
        self._finish("error", err, last="timeout")
        raise err

    def _finish(self, status: str, error: GradioError | None, last: str | None = None) -> None:
        if self.finished:
            return
        self.status = status
        self.error = error
        self.last_query_status = last or status
        self.finished_at = datetime.now()
        if self._timer is not None:
            self._timer.cancel()
        resp, self._response = self._response, None
        self.session.stream_closed(self)
        if resp is not None:
            try:
                resp.close()
            except Exception:
                pass
        self._done.set()
        self.session.call_finished(self)

    def _interrupt(self, reason: str) -> None:
        """Wake a reader blocked on the socket (from any thread)."""
        if self.finished:
            return
        self._interrupt_reason = reason
        resp = self._response
        if resp is None:
            return
        try:
            stream = resp.extensions.get("network_stream")
            sock = stream.get_extra_info("socket") if stream is not None else None
            if sock is not None:
                sock.shutdown(socket.SHUT_RDWR)
        except Exception:
            pass

    # ------------------------------------------------------------------ cancel
    def cancel(self) -> threading.Thread | None:
        """Cancel: POST {prefix}/cancel in a background thread, then close the stream.  A reader
        sees the record become 'cancelled' once the server answered (or at once if no stream is
        open).  Returns the thread (join it to wait for the server's answer) or None if finished."""
        if self.finished:
            return None
        self._interrupt_reason = "cancelled"
        if self._sse is None:
            # no stream open: nobody is reading, mark it now
            with self._lock:
                self._finish("cancelled", None)
        return self._send_cancel()

    def cancel_now(self, wait_lock: float = 5.0) -> threading.Thread | None:
        """Cancel and mark the record 'cancelled' at once, keeping the events received so far; the
        server is told (POST /cancel) in the background.  A reader blocked on the stream in another
        thread is woken first.  Returns the background thread, or None if already finished."""
        if self.finished:
            return None
        self._interrupt("cancelled")
        thread = self.cancel()
        if self._lock.acquire(timeout=wait_lock):
            try:
                self._finish("cancelled", None)
            finally:
                self._lock.release()
        return thread

    def _send_cancel(self) -> threading.Thread:
        def run() -> None:
            if self.event_id and self.fn_index is not None:
                self.session.client.cancel(self.fn_index, self.event_id, self.session_hash,
                                           credential=self.credential)
            self._interrupt("cancelled")
            # if nobody is reading, finish the record ourselves
            if self._lock.acquire(timeout=2):
                try:
                    self._finish("cancelled", None)
                finally:
                    self._lock.release()

        t = threading.Thread(target=run, name=f"gshell-cancel-{self.id}", daemon=True)
        t.start()
        self._cancel_thread = t
        return t
