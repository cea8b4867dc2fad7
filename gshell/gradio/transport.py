"""HTTP transports: stale keep-alive connections retried, whole-request deadlines, lazy TLS.

**Stale connections.**  A server closes an idle keep-alive connection after its own timeout
(uvicorn: 5 s).  A request sent on it at that moment meets a closed socket before any byte of an
answer.  Every connection is watched by a small wrapper around httpcore's network stream that
knows, per request, whether the connection was reused, whether the request was completely
written and whether any byte of an answer came back.  ``RetryingTransport`` sends such a request
again, once, on a fresh connection:
  - a safe request (GET, HEAD, OPTIONS) always;
  - a POST only when the failure came before the request was completely written (the server cannot
    have acted on it).
Besides, a POST is never written on a connection idle for more than ``$GSHELL_POST_REUSE_IDLE``
seconds (default 0.5, see limits.py): the connection is refused before the first byte, which is the
retryable case above.  So a POST cannot race a server's keep-alive timeout unless that timeout is
shorter than this setting.  A failure that is not retried carries its :class:`Exchange` (the
exception's ``gshell_exchange``), so the error line can say whether the request was completely
sent (the server may have acted on it) or not.

**Deadlines.**  A request may carry ``extensions={"gshell.deadline": <time.monotonic() value>}``:
connect, every write and every read of that request (its answer's body included) then waits at most
until then, and past it raises :class:`DeadlineExceeded` (an httpcore ReadTimeout/WriteTimeout, so
httpx maps it to ``httpx.ReadTimeout``/``WriteTimeout``; ``deadline_exceeded(exc)`` recognises it).

**TLS.**  httpx builds an SSL context with the CA bundle when a transport is created (about 25
ms), even for a session that only ever talks to ``http://127.0.0.1``.  The session client mounts a
plain transport for ``http://`` and a lazy one for ``https://`` that builds its (verifying)
transport on the first HTTPS request.  The proxy variables (HTTP_PROXY, HTTPS_PROXY, ALL_PROXY,
NO_PROXY) are read the way httpx reads them, and the proxied mounts are the same retrying,
deadline-honouring transports (``session_mounts``).
"""
from __future__ import annotations

import re
import ssl
import threading
import time
from dataclasses import dataclass
from typing import Any

import httpcore
import httpx

from gshell import secrets

from . import limits

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
DEADLINE_KEY = "gshell.deadline"


@dataclass(frozen=True)
class Deadline:
    """When a whole operation (a call and everything it does) must be over."""

    at: float  # time.monotonic()
    seconds: float  # the limit it was made from, for messages

    @classmethod
    def after(cls, seconds: float | None) -> Deadline | None:
        return None if seconds is None else cls(time.monotonic() + seconds, seconds)

    def left(self) -> float:
        return self.at - time.monotonic()


class DeadlineExceeded(httpcore.ReadTimeout):
    """The request's whole deadline passed (not one slow read)."""


class DeadlineExceededWrite(httpcore.WriteTimeout):
    """The request's whole deadline passed while writing."""


class StaleConnection(httpcore.WriteError):
    """A connection refused before the first byte of a request (idle too long for a POST)."""


def deadline_exceeded(exc: BaseException) -> bool:
    """True when ``exc`` (an httpx error) comes from a request's deadline."""
    seen: BaseException | None = exc
    for _ in range(4):
        if seen is None:
            return False
        if isinstance(seen, (DeadlineExceeded, DeadlineExceededWrite)):
            return True
        seen = seen.__cause__ or seen.__context__
    return False


@dataclass
class Exchange:
    """What happened to one request on its connection (filled in by TrackedStream)."""

    method: str
    deadline: float | None = None
    post_idle: float = 0.0  # $GSHELL_POST_REUSE_IDLE, for a request that is not safe to repeat
    reused: bool = False
    write_failed: bool = False
    refused: bool = False  # StaleConnection: not one byte was written
    answered: bool = False  # a byte of the answer arrived

    def retryable(self) -> bool:
        if not self.reused or self.answered:
            return False
        if self.refused:
            return True
        return self.method in SAFE_METHODS or self.write_failed


_current = threading.local()


def _exchange() -> Exchange | None:
    return getattr(_current, "exchange", None)


def _remaining(deadline: float | None, timeout: float | None, write: bool = False) -> float | None:
    if deadline is None:
        return timeout
    left = deadline - time.monotonic()
    if left <= 0:
        raise (DeadlineExceededWrite if write else DeadlineExceeded)("the request's time limit was reached")
    return left if timeout is None else min(timeout, left)


def _past(deadline: float | None) -> bool:
    """The deadline is (about) reached: a socket timeout cut to it may fire a little early."""
    return deadline is not None and time.monotonic() >= deadline - 0.05


class TrackedStream(httpcore.NetworkStream):
    """A network stream that records reuse, writes and reads for the request in progress."""

    def __init__(self, inner: httpcore.NetworkStream, deadline: float | None) -> None:
        self._inner = inner
        self._requests = 0
        self._writing = False
        self._last_io = time.monotonic()
        self._refused = False
        self.deadline = deadline

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        ex = _exchange()
        if not self._writing:  # the first write of a new request on this connection
            self._writing = True
            self._requests += 1
            idle = time.monotonic() - self._last_io
            self.deadline = ex.deadline if ex is not None else None
            if ex is not None:
                ex.reused = self._requests > 1
                if ex.reused and ex.method not in SAFE_METHODS and idle > ex.post_idle:
                    ex.refused = self._refused = True
                    raise StaleConnection(f"not reusing a connection idle for {idle:.1f} s for a {ex.method}")
        try:
            self._inner.write(buffer, _remaining(self.deadline, timeout, write=True))
        except httpcore.WriteTimeout:
            if ex is not None:
                ex.write_failed = True
            if _past(self.deadline):
                raise DeadlineExceededWrite("the request's time limit was reached") from None
            raise
        except BaseException:
            if ex is not None:
                ex.write_failed = True
            raise
        self._last_io = time.monotonic()

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        if self._refused:
            raise httpcore.ReadError("connection refused for reuse")
        self._writing = False
        try:
            data = self._inner.read(max_bytes, _remaining(self.deadline, timeout))
        except httpcore.ReadTimeout:
            if _past(self.deadline):
                raise DeadlineExceeded("the request's time limit was reached") from None
            raise
        self._last_io = time.monotonic()
        ex = _exchange()
        if data and ex is not None:
            ex.answered = True
        return data

    def close(self) -> None:
        self._inner.close()

    def start_tls(self, ssl_context: ssl.SSLContext, server_hostname: str | None = None,
                  timeout: float | None = None) -> httpcore.NetworkStream:
        inner = self._inner.start_tls(ssl_context, server_hostname, _remaining(self.deadline, timeout))
        return TrackedStream(inner, self.deadline)

    def get_extra_info(self, info: str) -> Any:
        return self._inner.get_extra_info(info)


class TrackingBackend(httpcore.NetworkBackend):
    def __init__(self, inner: httpcore.NetworkBackend) -> None:
        self._inner = inner

    def connect_tcp(self, host: str, port: int, timeout: float | None = None, local_address: str | None = None,
                    socket_options: Any = None) -> httpcore.NetworkStream:
        ex = _exchange()
        deadline = ex.deadline if ex is not None else None
        stream = self._inner.connect_tcp(host, port, _remaining(deadline, timeout), local_address, socket_options)
        return TrackedStream(stream, deadline)

    def connect_unix_socket(self, path: str, timeout: float | None = None,
                            socket_options: Any = None) -> httpcore.NetworkStream:
        return self._inner.connect_unix_socket(path, timeout, socket_options)

    def sleep(self, seconds: float) -> None:
        self._inner.sleep(seconds)


class RetryingTransport(httpx.HTTPTransport):
    """``httpx.HTTPTransport`` that retries a request that met a stale connection (see above)."""

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        pool = getattr(self, "_pool", None)
        backend = getattr(pool, "_network_backend", None)
        self.tracking = backend is not None
        if backend is not None:
            pool._network_backend = TrackingBackend(backend)  # type: ignore[union-attr]

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        deadline = request.extensions.get(DEADLINE_KEY)
        method = request.method.upper()
        post_idle = 0.0 if method in SAFE_METHODS else limits.get("GSHELL_POST_REUSE_IDLE")
        retried = False
        refusals = 0
        while True:
            ex = Exchange(method, deadline=deadline, post_idle=post_idle)
            _current.exchange = ex
            try:
                return super().handle_request(request)
            except (httpx.RemoteProtocolError, httpx.ReadError, httpx.WriteError) as exc:
                if not ex.retryable():
                    setattr(exc, "gshell_exchange", ex)  # noqa: B010 - read by sent_note()
                    raise
                if ex.refused and refusals < 64:
                    refusals += 1  # nothing was sent: free to try the next connection
                elif retried:
                    setattr(exc, "gshell_exchange", ex)  # noqa: B010 - read by sent_note()
                    raise
                else:
                    retried = True
                del exc  # httpx seeks file parts of an upload back to their start
            finally:
                _current.exchange = None


class LazyTransport(httpx.BaseTransport):
    """A ``RetryingTransport`` created on the first request (thread-safe)."""

    def __init__(self, **options: object) -> None:
        self._options = options
        self._inner: httpx.HTTPTransport | None = None
        self._lock = threading.Lock()

    def _transport(self) -> httpx.HTTPTransport:
        if self._inner is None:
            with self._lock:
                if self._inner is None:
                    try:
                        self._inner = RetryingTransport(**self._options)
                    except ImportError:  # a socks5:// proxy without the socksio package
                        shown = proxy_shown(str(self._options.get("proxy")))
                        raise httpx.ConnectError(f"the proxy {shown} needs the socksio package: "
                                                 "pip install 'httpx[socks]'") from None
                    except ValueError:  # a proxy URL httpx cannot use (another scheme)
                        shown = proxy_shown(str(self._options.get("proxy")))
                        raise httpx.ConnectError(f"the proxy {shown} is not usable (http://, https:// "
                                                 "or socks5:// proxies are)") from None
        return self._inner

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        return self._transport().handle_request(request)

    def close(self) -> None:
        if self._inner is not None:
            self._inner.close()


def resize_pool(transport: httpx.BaseTransport, max_connections: int) -> None:
    """Let ``transport`` (one of a session client's) open up to ``max_connections`` connections
    from now on (MaxCalls changed).  Connections in use stay open; past a smaller size new requests
    wait for one to be given back."""
    if isinstance(transport, LazyTransport):
        with transport._lock:
            old = transport._options.get("limits")
            if isinstance(old, httpx.Limits):
                transport._options["limits"] = httpx.Limits(
                    max_connections=max_connections, max_keepalive_connections=old.max_keepalive_connections,
                    keepalive_expiry=old.keepalive_expiry)
            inner = transport._inner
        if inner is not None:
            resize_pool(inner, max_connections)
        return
    pool = getattr(transport, "_pool", None)
    if isinstance(pool, httpcore.ConnectionPool):
        pool._max_connections = max_connections
        pool._max_keepalive_connections = min(pool._max_keepalive_connections, max_connections)


def session_mounts(verify: bool | ssl.SSLContext,
                   pool: httpx.Limits) -> tuple[httpx.BaseTransport, dict[str, httpx.BaseTransport]]:
    """Mounts for a session's client: plain HTTP without TLS set-up, HTTPS verified and lazy, each
    through the proxy the environment names for it (HTTP_PROXY, HTTPS_PROXY, ALL_PROXY; NO_PROXY
    hosts go direct).  Every one retries stale connections and honours deadlines.  The proxy's
    password (``http://user:pass@host``) is registered as a secret: never shown.  Returns the
    client's default transport (direct, plain HTTP) and the mounts."""
    direct: dict[str, httpx.BaseTransport] = {
        # no TLS is ever negotiated on this mount, so no CA bundle is loaded for it
        "http": RetryingTransport(verify=False, limits=pool),
        "https": LazyTransport(verify=verify, limits=pool),
    }
    env = environment_proxies()
    if not env:
        return direct["http"], {"http://": direct["http"], "https://": direct["https"]}
    mounts: dict[str, httpx.BaseTransport] = {}
    for scheme in ("http", "https"):
        proxy = env.get(f"{scheme}://") or env.get("all://")
        mounts[f"{scheme}://"] = direct[scheme] if proxy is None else LazyTransport(
            proxy=proxy, verify=verify if scheme == "https" else False, limits=pool)
    for pattern, proxy in env.items():
        if proxy is not None:
            continue
        scheme, _, rest = pattern.partition("://")  # a NO_PROXY host: "all://*example.com", "all://127.0.0.1"
        for s in ("http", "https") if scheme == "all" else (scheme,):
            if s in direct:
                mounts[f"{s}://{rest}"] = direct[s]
    return direct["http"], mounts


def environment_proxies() -> dict[str, str | None]:
    """The proxy variables (HTTP_PROXY, HTTPS_PROXY, ALL_PROXY and NO_PROXY, any case) as mount
    patterns, by the rules httpx and curl apply: {"http://": proxy URL, "all://*example.com": None}.
    A proxy without a scheme is ``http://``; a NO_PROXY name matches itself and its subdomains
    (``.example.com`` only the subdomains), an address or ``localhost`` only itself, and ``*``
    turns every proxy off.  Empty when no proxy is set.  A proxy's password becomes a secret."""
    from urllib.request import getproxies  # reads the environment (and the system's settings)
    found: dict[str, str | None] = {}
    variables = getproxies()
    for scheme in ("http", "https", "all"):
        if variables.get(scheme):
            url = variables[scheme].strip()
            found[f"{scheme}://"] = url if "://" in url else f"http://{url}"
    for host in (h.strip() for h in variables.get("no", "").split(",")):
        if host == "*":
            return {}
        if host:
            found[_no_proxy_pattern(host)] = None
    for proxy in found.values():
        if proxy:
            secrets.register(httpx.URL(proxy).password or None)
    return found if any(found.values()) else {}


def _no_proxy_pattern(host: str) -> str:
    import ipaddress
    if "://" in host:
        return host
    try:
        address = ipaddress.ip_address(host.split("/")[0])
    except ValueError:
        return f"all://{host}" if host.lower() == "localhost" else f"all://*{host}"
    return f"all://[{host}]" if address.version == 6 else f"all://{host}"


def proxy_shown(url: str) -> str:
    """A proxy URL as it may be shown: scheme://host:port, without its user and password."""
    try:
        u = httpx.URL(url)
        return f"{u.scheme}://{u.host}" + (f":{u.port}" if u.port else "")
    except Exception:  # noqa: BLE001 - a malformed variable
        return "the proxy"


# -----------------------------------------------------------------------------------------
# Transport failures in words
# -----------------------------------------------------------------------------------------

_ERRNO = re.compile(r"\[Errno -?\d+\]\s*")
_DNS_WORDS = ("name or service not known", "nodename nor servname", "getaddrinfo", "name resolution",
              "no address associated", "temporary failure in name")
#: (words in the lower-cased error text, the phrase shown) -- first match wins
_REASONS: tuple[tuple[tuple[str, ...], str], ...] = (
    (_DNS_WORDS, "the host name '{host}' could not be resolved (DNS)"),
    (("refused",), "connection refused (is the app running?)"),
    (("reset by peer", "connection reset"), "the server reset the connection"),
    (("broken pipe",), "the server closed the connection"),
    (("network is unreachable",), "the network is unreachable"),
    (("no route to host",), "no route to the host"),
    (("server disconnected", "remoteprotocolerror", "peer closed"), "the server closed the connection"),
)


def sent_note(exc: BaseException) -> str:
    """For a request that is not safe to repeat (a POST) and failed before any answer: whether the
    server got all of it -- so the user knows whether it may have run.  '' for anything else."""
    ex = getattr(exc, "gshell_exchange", None)
    if not isinstance(ex, Exchange) or ex.method in SAFE_METHODS or ex.answered:
        return ""
    if ex.write_failed or ex.refused:
        return " before the whole request was sent (the server did not run it)"
    return (" after the whole request was sent, before any answer (not sent again: the server may have "
            "run it)")


def transport_reason(exc: BaseException, host: str = "the host", connect_timeout: float | None = None) -> str:
    """One clean phrase for a failure below HTTP (connecting, or reading a stream): never the raw
    ``[Errno 111] Connection refused`` text of the socket layer."""
    text = str(exc) or type(exc).__name__
    low = text.lower()
    if isinstance(exc, httpx.ConnectTimeout) and connect_timeout is not None:
        return f"timed out after {connect_timeout:.0f} s"
    if isinstance(exc, httpx.TimeoutException):
        return "timed out"
    if isinstance(exc, httpx.ProxyError):
        return f"the proxy refused to open the connection ({_ERRNO.sub('', text.splitlines()[0])[:100]})"
    for words, phrase in _REASONS:
        if any(w in low for w in words):
            return phrase.format(host=host)
    first = _ERRNO.sub("", text.splitlines()[0] if text.strip() else type(exc).__name__).strip()
    if isinstance(exc, ssl.SSLError) or any(w in low for w in ("ssl", "certificate", "tls")):
        return f"TLS/SSL failure ({first[:150]})"
    return first[:200] or type(exc).__name__
