"""Cookies kept per origin (scheme, host AND port).

httpx's cookie jar follows RFC 6265, where a cookie belongs to a host whatever its port: the
login cookie of ``http://127.0.0.1:7860`` would be sent to ``http://127.0.0.1:9999`` when a
hostile app points a FileData there.  :class:`OriginPolicy` (installed on every session's jar)
records the origin that set each cookie and returns it only to that same origin; a ``Domain``
attribute never widens it (a cookie is host-only), and a cookie for another domain is refused.
"""
from __future__ import annotations

from http.cookiejar import Cookie, DefaultCookiePolicy
from typing import Any

from .tokens import origin_key as _origin_key
from .tokens import origin_of

ORIGIN_ATTR = "gshell-origin"


class OriginPolicy(DefaultCookiePolicy):
    """A cookie goes back only to the (scheme, host, port) that set it."""

    def __init__(self) -> None:
        super().__init__(strict_ns_domain=DefaultCookiePolicy.DomainStrict)

    def set_ok(self, cookie: Cookie, request: Any) -> bool:
        if not super().set_ok(cookie, request):
            return False
        url = request.get_full_url()
        host = origin_of(url)[1]
        if cookie.domain_specified and cookie.domain.lstrip(".").lower() != host:
            return False   # Domain=<another or a parent domain>: never shared beyond the host
        cookie._rest[ORIGIN_ATTR] = _origin_key(url)  # type: ignore[attr-defined]
        return True

    def return_ok(self, cookie: Cookie, request: Any) -> bool:
        if not super().return_ok(cookie, request):
            return False
        return cookie.get_nonstandard_attr(ORIGIN_ATTR) == _origin_key(request.get_full_url())


def install(jar: Any) -> None:
    """Install the per-origin policy on an ``httpx.Cookies`` (or a ``CookieJar``)."""
    target = getattr(jar, "jar", jar)
    target.set_policy(OriginPolicy())
