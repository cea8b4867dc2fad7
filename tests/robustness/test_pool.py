"""The connection pool follows MaxCalls (MaxCalls + 8 connections), also when MaxCalls changes
after the session was made (Set-GradioSession -MaxCalls); past the pool, the error names the
calls holding connections.  The server (rfaults 'silent') sends one event, then holds the stream."""
from __future__ import annotations

import pytest
from robust_support import Shell

from gshell.gradio import ConnectionFailed

pytestmark = pytest.mark.usefixtures("no_ambient_token")


def hold(session, n: int) -> list:
    """``n`` calls, each with its event stream open (one event read)."""
    held = []
    for _ in range(n):
        call = session.call("x", ["a"])
        next(call.iter_events())
        held.append(call)
    return held


def pool_full(session) -> str:
    with pytest.raises(ConnectionFailed) as ei:
        session.call("x", ["over"])
    return str(ei.value)


def test_set_gradio_session_max_calls_grows_and_shrinks_the_pool(rfaults, monkeypatch) -> None:
    monkeypatch.setenv("GSHELL_CONNECT_TIMEOUT", "1")  # how long a request waits for a free connection
    sh = Shell()
    try:
        sh.ev(f"New-GradioSession '{rfaults.url('silent')}' -Name pool | Out-Null")
        sh.ev("Set-GradioSession pool -MaxCalls 2 -MaxCallsPolicy Warning")
        s = sh.sessions.get("pool")
        assert s.client.max_connections == 10
        held = hold(s, 10)
        msg = pool_full(s)
        assert "all 10 connections of this session are in use" in msg and "\n" not in msg
        assert f"{held[0].id} (/x)" in msg and "Update-GradioSessionApiResult" in msg

        sh.ev("Set-GradioSession pool -MaxCalls 4")  # two more connections, for the calls already open
        assert s.client.max_connections == 12
        held += hold(s, 2)
        msg = pool_full(s)
        assert "all 12 connections" in msg and "... (12 in all);" in msg

        sh.ev("Set-GradioSession pool -MaxCalls 3")  # smaller: new requests wait for a connection back
        assert s.client.max_connections == 11
        s.remove_call(held.pop())  # cancelled: its connection goes back, but 11 are still in use
        assert "all 11 connections" in pool_full(s)
        s.remove_call(held.pop())
        # the connection of the call just removed comes back once its stream is closed: wait for
        # that state (the 60 s only ends a hang)
        monkeypatch.setenv("GSHELL_CONNECT_TIMEOUT", "60")
        hold(s, 1)
    finally:
        sh.close()


def test_the_https_pool_made_later_has_the_new_size(rfaults) -> None:
    """The HTTPS transport is built on first use: it takes the size MaxCalls has by then."""
    from gshell.gradio import GradioSession
    from gshell.gradio.transport import LazyTransport
    s = GradioSession(rfaults.url("ok"), max_calls=5)
    try:
        lazy = [t for t in s.client.http._mounts.values() if isinstance(t, LazyTransport)]
        assert len(lazy) == 1
        s.max_calls = 40
        assert lazy[0]._transport()._pool._max_connections == 48
        s.max_calls = 50
        assert lazy[0]._transport()._pool._max_connections == 58
    finally:
        s.close()
