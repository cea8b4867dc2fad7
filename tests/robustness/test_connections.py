"""Keep-alive connections a server closes (tests/servers/keepalive.py, keep-alive lowered to 1 s):
a request that meets one is retried once, transparently, when that is safe; a POST is never
sent twice; the real cause of a failure is reported."""
from __future__ import annotations

import threading
import time

import pytest

from gshell.gradio import ConnectionFailed, GradioSession, ServerError

pytestmark = pytest.mark.usefixtures("no_ambient_token")

# idle times before each request, across the server's 1 s keep-alive window
SPACING = (0.1, 0.45, 0.55, 0.9, 0.97, 1.0, 1.03, 1.1)


@pytest.fixture
def kserver():
    import keepalive
    srv = keepalive.KeepAliveServer(keepalive=1.0).start()
    yield srv
    srv.stop()


def test_200_calls_across_the_keepalive_window_all_succeed(kserver) -> None:
    threads, per_thread = 5, 40
    failures: list[str] = []
    results: dict[str, object] = {}

    def run(t: int) -> None:
        s = GradioSession(kserver.base)
        try:
            s.refresh()
            s.info()
            for i in range(per_thread):
                # the connection of the last GET /info waits in the pool this long, then carries
                # a GET (odd turns) or the POST (even turns)
                time.sleep(SPACING[(i + t) % len(SPACING)])
                value = f"{t}-{i}"
                if i % 2:
                    s.info()
                results[value] = s.predict("x", [value])  # the event stream's connection is closed after it
                s.info()
        except Exception as exc:  # noqa: BLE001 - collected and reported by the test
            failures.append(f"{type(exc).__name__}: {exc}")
        finally:
            s.close()

    pool = [threading.Thread(target=run, args=(t,)) for t in range(threads)]
    for th in pool:
        th.start()
    for th in pool:
        th.join(120)
    assert failures == []
    assert len(results) == threads * per_thread
    assert all(results[v] == [v] for v in results)
    # every call ran exactly once on the server, and the server did close idle connections
    assert len(kserver.posts) == threads * per_thread and set(kserver.posts.values()) == {1}
    assert kserver.idle_closes > 0


def test_a_get_that_meets_a_closed_connection_is_retried(kserver) -> None:
    kserver.drop_reused["GET"] = 1
    s = GradioSession(kserver.base)
    try:
        s.refresh()  # GET /config, then GET /info on the reused connection: dropped, retried
        assert "/x" in s.endpoints
        assert kserver.drop_reused["GET"] == 0
        assert kserver.attempts["GET info"] == 2
    finally:
        s.close()


def test_a_post_fully_written_is_never_sent_twice(kserver) -> None:
    s = GradioSession(kserver.base)
    try:
        assert s.predict("x", ["a"]) == ["a"]
        s.refresh()  # GET /config and /info: their connection stays in the pool
        before = kserver.attempts["POST call"]
        kserver.drop_reused["POST"] = 1  # the next POST, on that reused connection, gets no answer
        with pytest.raises(ConnectionFailed) as ei:
            s.call("x", ["b"])
        assert "disconnected" in str(ei.value).lower() or "connection" in str(ei.value).lower()
        assert kserver.attempts["POST call"] == before + 1  # not retried
        assert kserver.posts["b"] == 0
        assert s.predict("x", ["c"]) == ["c"]  # the session goes on
    finally:
        s.close()


def test_a_post_is_not_written_on_a_connection_idle_too_long(kserver) -> None:
    from gshell.gradio import limits
    post_reuse_idle = limits.get("GSHELL_POST_REUSE_IDLE")  # the default, 0.5 s
    s = GradioSession(kserver.base)
    try:
        assert s.predict("x", ["a"]) == ["a"]
        s.info()  # its connection stays in the pool
        opened = kserver.connections
        time.sleep(post_reuse_idle + 0.2)  # below the server's keep-alive: it still holds the connection
        assert s.predict("x", ["b"]) == ["b"]
        assert kserver.connections == opened + 1  # a fresh connection for the POST
        assert kserver.posts == {"a": 1, "b": 1}
        assert kserver.attempts["POST call"] == 2
    finally:
        s.close()


def test_after_a_500_the_500_is_reported(kserver) -> None:
    """The 500 of a POST, then /config and /info read again to name the endpoints: the connection
    the server closed is retried, and the 500 is what the user sees."""
    s = GradioSession(kserver.base)
    try:
        s.load_config()
        kserver.fail_post = 1
        kserver.drop_reused["GET"] = 1
        with pytest.raises(ServerError) as ei:
            s.send("x", ["z"])
        assert ei.value.status == 500
    finally:
        s.close()
