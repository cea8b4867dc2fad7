"""Sessions behind a proxy named by HTTP_PROXY / HTTPS_PROXY / ALL_PROXY (NO_PROXY hosts direct)
keep the stale-connection retry, the POST rules and the -TimeoutSec deadline; secrets go to the
proxy only as the request itself requires.  The proxy is tests/servers/fwdproxy.py, in front of
the counting server of tests/servers/keepalive.py; everything on 127.0.0.1."""
from __future__ import annotations

import base64
import sys
import time

import pytest
from robust_support import FAKE_TOKEN

from gshell import secrets
from gshell.gradio import CallTimeout, ConnectionFailed, GradioSession

pytestmark = pytest.mark.usefixtures("no_ambient_token")

PROXY_PASSWORD = "proxy-Pw-0x5eCr3t"


@pytest.fixture
def upstream():
    import keepalive
    srv = keepalive.KeepAliveServer(keepalive=60.0).start()
    yield srv
    srv.stop()


@pytest.fixture
def env(no_proxy_variables):
    """No proxy variable but the ones a test sets; pooled connections kept long enough that
    "reused" does not depend on the machine's load."""
    no_proxy_variables.setenv("GSHELL_KEEPALIVE", "600")
    return no_proxy_variables


def through(proxy, kind: str) -> list[dict]:
    return [r for r in proxy.requests if r["target"].split("?")[0].endswith(kind)]


def test_a_get_through_the_proxy_that_meets_a_closed_connection_is_retried(upstream, proxy, env) -> None:
    env.setenv("HTTP_PROXY", proxy.url)
    s = GradioSession(upstream.base)
    try:
        s.refresh()
        assert through(proxy, "/config")[0]["target"] == upstream.base + "/config"
        proxy.drop_reused["GET"] = 1
        s.client.fetch_info()  # on the reused connection to the proxy: dropped, sent again
        assert proxy.drop_reused["GET"] == 0
        assert len(through(proxy, "/info")) == 3 and upstream.attempts["GET info"] == 2
        assert s.predict("x", ["v"]) == ["v"]
    finally:
        s.close()


def test_a_post_through_the_proxy_is_not_sent_twice(upstream, proxy, env) -> None:
    env.setenv("ALL_PROXY", proxy.url)
    env.setenv("GSHELL_POST_REUSE_IDLE", "600")
    s = GradioSession(upstream.base)
    try:
        s.refresh()
        proxy.drop_reused["POST"] = 1  # the whole POST reached the proxy: never sent again
        with pytest.raises(ConnectionFailed) as ei:
            s.call("x", ["p"])
        assert "after the whole request was sent" in str(ei.value)
        assert len(through(proxy, "/call/x")) == 1
        assert s.predict("x", ["q"]) == ["q"] and upstream.posts == {"q": 1}
    finally:
        s.close()


def test_a_post_does_not_reuse_an_idle_proxy_connection(upstream, proxy, env) -> None:
    env.setenv("HTTP_PROXY", proxy.url)
    env.setenv("GSHELL_POST_REUSE_IDLE", "0.05")
    s = GradioSession(upstream.base)
    try:
        s.refresh()
        opened = proxy.connections
        time.sleep(0.3)  # the pooled connection to the proxy stays idle this long
        assert s.predict("x", ["i"]) == ["i"]
        assert proxy.connections == opened + 1
        posts = through(proxy, "/call/x")
        assert len(posts) == 1 and posts[0]["reused"] is False
    finally:
        s.close()


def test_timeout_bounds_a_post_through_a_proxy_that_never_answers(upstream, proxy, env) -> None:
    env.setenv("HTTP_PROXY", proxy.url)
    proxy.hold.add("POST")
    s = GradioSession(upstream.base)
    try:
        s.refresh()
        with pytest.raises(CallTimeout) as ei:
            s.call("x", ["t"], timeout=1.5)
        assert "timed out after 1.5 s (-TimeoutSec)" in str(ei.value)
    finally:
        s.close()


def test_no_proxy_hosts_go_direct_with_the_same_retry(upstream, proxy, env) -> None:
    env.setenv("HTTP_PROXY", proxy.url)
    env.setenv("NO_PROXY", "127.0.0.1")
    s = GradioSession(upstream.base)
    try:
        s.refresh()
        upstream.drop_reused["GET"] = 1
        s.client.fetch_info()
        assert upstream.drop_reused["GET"] == 0 and upstream.attempts["GET info"] == 3  # 1, dropped, again
        assert proxy.requests == []
    finally:
        s.close()


def test_an_https_session_tells_the_proxy_only_where_to_connect(proxy, env) -> None:
    """CONNECT carries the target and the proxy's own credentials, never the session's token;
    the proxy's password is never shown."""
    env.setenv("HTTPS_PROXY", f"http://gsuser:{PROXY_PASSWORD}@127.0.0.1:{proxy.port}")
    s = GradioSession("https://127.0.0.1:9", token=FAKE_TOKEN)
    try:
        with pytest.raises(ConnectionFailed) as ei:
            s.refresh()
        msg = str(ei.value)
        assert "the proxy refused to open the connection (403 Refused)" in msg, msg
        assert PROXY_PASSWORD not in msg and "\n" not in msg
    finally:
        s.close()
    (connect,) = proxy.requests
    assert connect["method"] == "CONNECT" and connect["target"] == "127.0.0.1:9"
    names = {k.lower() for k, _ in connect["headers"]}
    assert names <= {"host", "proxy-authorization", "accept", "user-agent"}, names
    auth = dict((k.lower(), v) for k, v in connect["headers"])["proxy-authorization"]
    assert base64.b64decode(auth.split()[1]).decode() == f"gsuser:{PROXY_PASSWORD}"
    sent = proxy.all_bytes()
    assert FAKE_TOKEN.encode() not in sent and b"cookie" not in sent.lower()
    assert secrets.mask(f"x {PROXY_PASSWORD} y") == "x *** y"


def test_a_proxy_that_refuses_connections_is_one_line_without_its_password(env) -> None:
    import socket
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env.setenv("HTTP_PROXY", f"http://gsuser:{PROXY_PASSWORD}@127.0.0.1:{port}")
    s = GradioSession("http://127.0.0.1:9")
    try:
        with pytest.raises(ConnectionFailed) as ei:
            s.refresh()
        msg = str(ei.value)
        assert "connection refused" in msg and PROXY_PASSWORD not in msg and "\n" not in msg
    finally:
        s.close()


def test_a_socks_proxy_without_socksio_is_a_clear_line(env) -> None:
    env.setitem(sys.modules, "socksio", None)  # as if the package were not installed
    env.setenv("ALL_PROXY", f"socks5://gsuser:{PROXY_PASSWORD}@127.0.0.1:9")
    s = GradioSession("http://127.0.0.1:9")
    try:
        with pytest.raises(ConnectionFailed) as ei:
            s.refresh()
        msg = str(ei.value)
        assert "the proxy socks5://127.0.0.1:9 needs the socksio package: pip install 'httpx[socks]'" in msg
        assert PROXY_PASSWORD not in msg
    finally:
        s.close()
