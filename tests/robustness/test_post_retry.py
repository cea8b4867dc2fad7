"""A POST whose connection fails: sent again only when the failure came before the request was
completely written on a reused connection; never run twice (the server of
tests/servers/keepalive.py counts every POST it processes); otherwise one clear line that says
whether the server got the whole request.  Also the $GSHELL_POST_REUSE_IDLE setting."""
from __future__ import annotations

import time

import pytest

from gshell.gradio import ConnectionFailed, GradioError, GradioSession

pytestmark = pytest.mark.usefixtures("no_ambient_token")

# far more than a loopback connection buffers while the server does not read (a send buffer of at
# most 4 MiB, a receive window that does not grow without reads): the client is still writing
# when the server resets the connection
BIG = "b" * (16 * 1024 * 1024)


@pytest.fixture
def patient():
    """A server that keeps idle connections for a minute (only the faults close them)."""
    import keepalive
    srv = keepalive.KeepAliveServer(keepalive=60.0).start()
    yield srv
    srv.stop()


@pytest.fixture
def reuse(monkeypatch):
    """A POST may go on any pooled connection (no idle limit in the way of the test)."""
    monkeypatch.setenv("GSHELL_POST_REUSE_IDLE", "600")


def one_line(msg: str) -> None:
    assert "\n" not in msg and "Errno" not in msg and "Traceback" not in msg, msg


def test_a_post_cut_mid_body_on_a_reused_connection_runs_once(patient, reuse) -> None:
    s = GradioSession(patient.base)
    try:
        s.refresh()  # GET /config and /info: their connection waits in the pool
        opened = patient.connections
        patient.cut_body["reused"] = 1
        result = s.predict("x", [BIG])
        assert result == [BIG]
        assert patient.cuts == 1  # the first attempt was cut while its body was being sent ...
        assert patient.attempts["POST call"] == 2  # ... and sent again, once, on a fresh connection
        assert patient.connections == opened + 1
        assert sum(patient.posts.values()) == 1  # it ran once
    finally:
        s.close()


def test_a_post_cut_mid_body_on_a_fresh_connection_is_not_sent_again(patient, reuse) -> None:
    patient.close_gets = True  # the POST after GET /info opens a fresh connection
    s = GradioSession(patient.base)
    try:
        s.refresh()
        patient.cut_body["fresh"] = 1
        with pytest.raises(ConnectionFailed) as ei:
            s.call("x", [BIG])
        msg = str(ei.value)
        one_line(msg)
        assert msg.startswith("calling /x: connection failed: the server")
        assert "before the whole request was sent (the server did not run it)" in msg
        assert patient.cuts == 1 and patient.attempts["POST call"] == 1  # not sent again
        assert sum(patient.posts.values()) == 0
        assert s.predict("x", ["c"]) == ["c"]  # the session goes on
    finally:
        s.close()


def test_a_post_the_server_ran_then_dropped_is_not_sent_again(patient, reuse) -> None:
    s = GradioSession(patient.base)
    try:
        s.refresh()
        patient.drop_after_post = 1  # on the reused connection: processed, no answer
        with pytest.raises(ConnectionFailed) as ei:
            s.call("x", ["once"])
        msg = str(ei.value)
        one_line(msg)
        assert "after the whole request was sent, before any answer (not sent again: the server may have run it)" \
            in msg
        assert patient.posts["once"] == 1 and patient.attempts["POST call"] == 1
    finally:
        s.close()


def test_a_large_post_the_server_ran_then_dropped_is_not_sent_again(patient, reuse) -> None:
    """The whole 16 MiB body was written (the server read it): not sent again either."""
    s = GradioSession(patient.base)
    try:
        s.refresh()
        patient.drop_after_post = 1
        with pytest.raises(ConnectionFailed):
            s.call("x", [BIG])
        assert patient.posts[BIG] == 1 and patient.attempts["POST call"] == 1
    finally:
        s.close()


def test_a_get_cut_is_retried_but_a_get_never_adds_a_post(patient, reuse) -> None:
    """The retry of a safe request does not resend the POST before it."""
    s = GradioSession(patient.base)
    try:
        s.refresh()
        patient.drop_reused["GET"] = 1  # the stream GET after the POST, on a reused connection
        assert s.predict("x", ["g"]) == ["g"]
        assert patient.posts["g"] == 1 and patient.attempts["POST call"] == 1
    finally:
        s.close()


# ------------------------------------------------------------------ $GSHELL_POST_REUSE_IDLE
@pytest.mark.parametrize("limit, fresh", [("600", False), ("0.05", True)], ids=["reused", "fresh"])
def test_the_post_reuse_idle_setting_decides_when_a_post_opens_a_connection(patient, monkeypatch,
                                                                           limit: str, fresh: bool) -> None:
    monkeypatch.setenv("GSHELL_POST_REUSE_IDLE", limit)
    s = GradioSession(patient.base)
    try:
        s.refresh()
        opened = patient.connections
        time.sleep(0.3)  # the pooled connection stays idle this long (the server keeps it 60 s)
        s.call("x", ["p"])
        assert patient.connections == opened + (1 if fresh else 0)
        assert patient.posts["p"] == 1 and patient.attempts["POST call"] == 1
    finally:
        s.close()


def test_a_bad_post_reuse_idle_is_a_clear_error(patient, monkeypatch) -> None:
    monkeypatch.setenv("GSHELL_POST_REUSE_IDLE", "soon")
    s = GradioSession(patient.base)
    try:
        s.refresh()  # GETs do not read it
        with pytest.raises(GradioError) as ei:
            s.call("x", ["q"])
        assert "$GSHELL_POST_REUSE_IDLE = 'soon' is not a valid seconds value (default 0.5 s)" in str(ei.value)
        assert patient.attempts["POST call"] == 0
    finally:
        s.close()
