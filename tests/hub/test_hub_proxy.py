"""Hub requests take the sessions' transport: through the proxy the environment names (NO_PROXY
hosts direct), with a proxy's password never shown.  The proxy is tests/servers/fwdproxy.py in
front of the Hub stand-in; everything on 127.0.0.1."""
from __future__ import annotations

import socket

import hub_standin
import pytest

from gshell.gradio.transport import environment_proxies
from gshell.hub.client import HubClient, HubError

PROXY_PASSWORD = "hub-proxy-Pw-7c1d"


@pytest.fixture
def env(no_proxy_variables, no_ambient_token):
    return no_proxy_variables


@pytest.fixture
def standin():
    st = hub_standin.start()
    st.spaces = {"owner/app": hub_standin.space("owner/app", "http://127.0.0.1:9")}
    yield st
    st.stop()


def test_a_hub_request_goes_through_the_proxy(env, standin, proxy) -> None:
    env.setenv("HTTP_PROXY", proxy.url)
    space = HubClient(endpoint=standin.url).space("owner/app")
    assert space["id"] == "owner/app"
    assert [r["target"].split("?")[0] for r in proxy.requests] == [standin.url + "/api/spaces/owner/app"]


def test_a_no_proxy_hub_goes_direct(env, standin, proxy) -> None:
    env.setenv("HTTP_PROXY", proxy.url)
    env.setenv("NO_PROXY", "127.0.0.1")
    assert HubClient(endpoint=standin.url).space("owner/app")["id"] == "owner/app"
    assert proxy.requests == []


def test_a_refusing_proxy_is_one_line_without_its_password(env, standin) -> None:
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env.setenv("HTTP_PROXY", f"http://gsuser:{PROXY_PASSWORD}@127.0.0.1:{port}")
    with pytest.raises(HubError) as ei:
        HubClient(endpoint=standin.url).space("owner/app")
    msg = str(ei.value)
    assert "connection refused" in msg and PROXY_PASSWORD not in msg and "\n" not in msg


@pytest.mark.parametrize(("variables", "want"), [
    ({}, {}),
    ({"HTTP_PROXY": "127.0.0.1:3128"}, {"http://": "http://127.0.0.1:3128"}),
    ({"https_proxy": "http://p:1", "ALL_PROXY": "socks5://q:2"}, {"https://": "http://p:1", "all://": "socks5://q:2"}),
    ({"HTTP_PROXY": "http://p:1", "NO_PROXY": "example.com, .internal,10.0.0.1,::1,localhost,https://x.y"},
     {"http://": "http://p:1", "all://*example.com": None, "all://*.internal": None, "all://10.0.0.1": None,
      "all://[::1]": None, "all://localhost": None, "https://x.y": None}),
    ({"HTTP_PROXY": "http://p:1", "NO_PROXY": "a.b,*"}, {}),
    ({"NO_PROXY": "example.com"}, {}),
])
def test_environment_proxies_follow_the_curl_rules(env, variables, want) -> None:
    for name, value in variables.items():
        env.setenv(name, value)
    assert environment_proxies() == want
