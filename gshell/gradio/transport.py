"""HTTP transports that keep TLS set-up off the path of plain-HTTP apps.

httpx builds an SSL context with the CA bundle when a transport is created (about 25 ms), even
for a session that only ever talks to ``http://127.0.0.1``.  The session client therefore mounts a
plain transport for ``http://`` and a lazy one for ``https://`` that builds its (verifying)
transport on the first HTTPS request.  With proxy variables in the environment httpx's own
proxy mounts are kept instead.
"""
from __future__ import annotations

import os
import re
import ssl
import threading

import httpx

PROXY_VARIABLES = ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy")


class LazyTransport(httpx.BaseTransport):
    """An ``httpx.HTTPTransport`` created on the first request (thread-safe)."""

    def __init__(self, **options: object) -> None:
        self._options = options
        self._inner: httpx.HTTPTransport | None = None
        self._lock = threading.Lock()

    def _transport(self) -> httpx.HTTPTransport:
        if self._inner is None:
            with self._lock:
                if self._inner is None:
                    self._inner = httpx.HTTPTransport(**self._options)  # type: ignore[arg-type]
        return self._inner

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        return self._transport().handle_request(request)

    def close(self) -> None:
        if self._inner is not None:
            self._inner.close()


def session_mounts(verify: bool | ssl.SSLContext, limits: httpx.Limits) -> dict[str, httpx.BaseTransport] | None:
    """Mounts for a session's client: plain HTTP without TLS set-up, HTTPS verified and lazy.
    None (httpx's defaults) when a proxy is configured in the environment."""
    if any(os.environ.get(name) for name in PROXY_VARIABLES):
        return None
    return {
        # no TLS is ever negotiated on this mount, so no CA bundle is loaded for it
        "http://": httpx.HTTPTransport(verify=False, limits=limits),
        "https://": LazyTransport(verify=verify, limits=limits),
    }


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


def transport_reason(exc: BaseException, host: str = "the host", connect_timeout: float | None = None) -> str:
    """One clean phrase for a failure below HTTP (connecting, or reading a stream): never the raw
    ``[Errno 111] Connection refused`` text of the socket layer."""
    text = str(exc) or type(exc).__name__
    low = text.lower()
    if isinstance(exc, httpx.ConnectTimeout) and connect_timeout is not None:
        return f"timed out after {connect_timeout:.0f} s"
    if isinstance(exc, httpx.TimeoutException):
        return "timed out"
    for words, phrase in _REASONS:
        if any(w in low for w in words):
            return phrase.format(host=host)
    first = _ERRNO.sub("", text.splitlines()[0] if text.strip() else type(exc).__name__).strip()
    if isinstance(exc, ssl.SSLError) or any(w in low for w in ("ssl", "certificate", "tls")):
        return f"TLS/SSL failure ({first[:150]})"
    return first[:200] or type(exc).__name__
