"""Engine integration tests against real Gradio servers (4.44.1, 5.50.0, 6.31.0)."""
from __future__ import annotations

import threading
import time

import pytest

from gshell.gradio import (
    ApiCall,
    AppError,
    AuthRequired,
    CallTimeout,
    EndpointNotFound,
    FileError,
    GradioSession,
    HiddenAppError,
    LoginFailed,
    MaxCallsExceeded,
    ParameterError,
    QueueFull,
)

pytestmark = pytest.mark.usefixtures("no_ambient_token")


def sess(server, app: str, **kw) -> GradioSession:
    kw.setdefault("heartbeat_interval", server.heartbeat)
    return GradioSession(server.url(app), **kw)


@pytest.fixture
def basic(gradio_server):
    s = sess(gradio_server, "basic")
    yield s
    s.close()


@pytest.fixture
def filesapp(gradio_server):
    s = sess(gradio_server, "files")
    yield s
    s.close()


def test_version_and_prefix(gradio_server, basic):
    assert basic.version == gradio_server.version
    assert basic.api_prefix == ("" if gradio_server.major == 4 else "/gradio_api")


def test_echo(basic):
    assert basic.predict("echo", ["hello there"]) == ["hello there"]
    assert basic.predict("/echo", {"TEXT": "by name"}) == ["by name"]
    assert basic.predict("echo", "scalar") == ["scalar"]


def test_numbers_slider_checkbox_dropdown(basic):
    out = basic.predict("numbers", [2.5, 7, True, "blue"])
    assert out == [{"num": 2.5, "num_type": "float", "slider": 7, "flag": True, "colour": "blue"}]


def test_dict_params_take_defaults(basic):
    out = basic.predict("numbers", {"num": 3, "colour": "green"})
    assert out[0]["slider"] == 5 and out[0]["flag"] is False and out[0]["colour"] == "green"
    assert basic.predict("defaults", {"n": 7}) == ["text='hello' n=7 maybe=None"]
    # positional list: trailing omitted parameters take their defaults too
    assert basic.predict("stream", [2])[0] == "chunk0 chunk1 "


def test_dropdown_out_of_choices_is_an_error(gradio_server, basic):
    call = basic.call("numbers", [1, 1, False, "purple"]).wait()
    if gradio_server.major == 4:  # 4.44 does not validate Dropdown choices
        assert call.result[0]["colour"] == "purple"
        return
    assert call.status == "error"
    assert "purple" in str(call.error) and "choices" in str(call.error)  # 5.x: through the queue


def test_unknown_parameter_lists_valid_names(basic):
    with pytest.raises(ParameterError) as ei:
        basic.call("defaults", {"bogus": 1})
    msg = str(ei.value)
    assert "bogus" in msg and "text" in msg and "maybe" in msg and "\n" not in msg
    assert basic.calls == []


def test_unknown_endpoint_detected_before_request(basic):
    with pytest.raises(EndpointNotFound) as ei:
        basic.call("nope", ["x"])
    assert "echo" in str(ei.value) and "nope" in str(ei.value)
    assert "/echo" in ei.value.known


def test_streaming_events_arrive_incrementally(basic):
    call = basic.call("stream", {"n": 4, "delay": 0.4})
    assert call.status == "queued" and call.event_id
    seen = []
    stamps = []
    for ev in call.iter_events():
        if ev.event == "heartbeat":
            continue
        seen.append((ev.event, ev.data))
        stamps.append(time.monotonic())
        if len(seen) == 1:
            assert call.status == "running"
    assert [e for e, _ in seen] == ["generating"] * 4 + ["complete"]
    assert seen[0][1] == ["chunk0 "]
    assert seen[-1][1] == ["chunk0 chunk1 chunk2 chunk3 "]
    # incremental: the first chunk came well before the last (1.2 s of sleeps in between)
    assert stamps[3] - stamps[0] > 0.5
    assert call.status == "complete" and call.result == ["chunk0 chunk1 chunk2 chunk3 "]
    assert [e.num for e in call.events] == list(range(1, len(call.events) + 1))
    assert list(call.iter_events()) == []  # never re-read


def test_gr_error_text(gradio_server, basic):
    call = basic.call("gr_error", ["x"]).wait()
    assert call.status == "error" and call.events[-1].event == "error"
    assert isinstance(call.error, AppError) and not isinstance(call.error, HiddenAppError)
    # 4.x/5.x: the queue carries it (/call would drop it); 4.44 sends it quoted, as gradio_client shows
    assert str(call.error) == ("'boom: x'" if gradio_server.major == 4 else "boom: x")
    with pytest.raises(AppError):
        call.raise_for_error()


def test_hidden_error_message(gradio_server, basic):
    call = basic.call("plain_error", ["x"]).wait()
    assert isinstance(call.error, HiddenAppError)
    msg = str(call.error)
    assert "show_error=True" in msg and "hides" in msg and "\n" not in msg


def test_shown_plain_error(gradio_server):
    s = sess(gradio_server, "basic_shown")
    call = s.call("plain_error", ["x"]).wait()
    assert str(call.error).strip("'") == "plain value error: x"


def test_state_across_calls(gradio_server, basic):
    calls = [basic.call("counter", [t]).wait() for t in "abc"]
    assert [c.result for c in calls] == [["a #1"], ["b #2"], ["c #3"]]  # the State slot dropped
    assert [c.events[-1].raw for c in calls] == [["a #1", None], ["b #2", None], ["c #3", None]]  # the wire


def test_state_first_position(gradio_server):
    s = sess(gradio_server, "state")
    call = s.call("sf", ["x"]).wait()
    assert call.result == ["x"] and call.events[-1].raw[1] == "x"


def test_state_calls_wait_for_each_other_on_6x(gradio6):
    notes = []
    s = sess(gradio6, "basic", warn=notes.append)
    c1 = s.call("counter", ["a"])
    c2 = s.call("counter", ["b"])  # must wait for c1 (drains it into its record)
    assert c1.finished and c1.result == ["a #1"]
    assert notes and "waiting" in notes[0]
    assert c2.predict() == ["b #2"]
    # endpoints without State get no session_hash
    c3 = s.call("echo", ["z"])
    assert c3.session_hash is None and c1.session_hash == s.session_hash


def test_undocumented_endpoint_is_callable(gradio_server, basic):
    assert "/undoc" in basic.endpoints
    assert basic.endpoints["/undoc"].visibility == "undocumented"
    assert basic.predict("undoc", ["u"]) == ["undocumented:u"]
    assert "/secret" not in basic.endpoints


def test_file_upload_and_output_download(gradio_server, filesapp, tmp_path):
    a = tmp_path / "a.txt"
    a.write_text("hello file")
    b = tmp_path / "b.txt"
    b.write_text("bbb")
    assert filesapp.predict("file_info", [str(a)]) == ["a.txt:hello file"]
    assert filesapp.predict("file_multi_info", {"files": [str(a), b]}) == ["a.txt:10;b.txt:3"]
    assert len(filesapp.uploads) == 2  # a.txt uploaded once
    out = filesapp.predict("file_single", ["content!"])
    fd = out[0]
    prefix = "" if gradio_server.major == 4 else "/gradio_api"
    assert fd["url"].startswith(gradio_server.url("files") + prefix + "/file=")
    saved = filesapp.save_files(out, tmp_path / "dl")
    assert len(saved) == 1 and saved[0].Size == 8
    assert (tmp_path / "dl" / "out.txt").read_text() == "content!"
    again = filesapp.save_files(out, tmp_path / "dl")  # per-file results: the error is on the file
    assert len(again) == 1 and not again[0].ok and again[0].Size == 0
    assert isinstance(again[0].Error, FileError) and "already exists" in str(again[0].Error)
    assert (tmp_path / "dl" / "out.txt").read_text() == "content!"
    forced = filesapp.save_files(out, tmp_path / "dl", force=True)
    assert forced[0].ok and forced[0].Path.endswith("out.txt")


def test_multiple_file_output(filesapp, tmp_path):
    out = filesapp.predict("file_multi", [3])
    saved = filesapp.save_files(out, tmp_path)
    assert sorted(p.Path.rsplit("/", 1)[1] for p in saved) == ["part0.txt", "part1.txt", "part2.txt"]
    assert (tmp_path / "part2.txt").read_text() == "part 2"


def test_image_out_and_in(filesapp, tmp_path):
    out = filesapp.predict("image_out", [4])
    assert out[0]["url"].endswith(".webp")
    saved = filesapp.save_files(out, tmp_path)
    assert saved[0].Size > 0
    assert filesapp.predict("image_size", [saved[0].Path]) == ["4x4"]
    # a FileData from an earlier result is accepted as input
    assert filesapp.predict("image_size", [out[0]]) == ["4x4"]


def test_file_param_from_url(filesapp):
    produced = filesapp.predict("file_single", ["via url"])[0]["url"]
    assert filesapp.predict("file_info", [produced]) == ["out.txt:via url"]


def test_missing_local_file(filesapp):
    with pytest.raises(Exception, match="file not found"):
        filesapp.call("file_info", ["/nonexistent/zzz.txt"])


def test_cancel(gradio_server, basic):
    call = basic.call("ticker", [40])
    it = call.iter_events()
    first = next(it)
    assert first.event == "generating"
    t0 = time.monotonic()
    th = call.cancel()
    assert time.monotonic() - t0 < 1  # does not block the caller
    rest = list(it)
    assert call.status == "cancelled"
    assert all(e.event in ("complete", "heartbeat", "generating") for e in rest)
    th.join(15)
    assert not th.is_alive()
    assert call.cancel() is None  # already finished


def test_cancel_before_reading(basic):
    call = basic.call("ticker", [40])
    th = call.cancel()
    th.join(15)
    assert call.status == "cancelled" and list(call.iter_events()) == []


def test_queue_full(gradio_server):
    s = sess(gradio_server, "queue")
    running = s.call("job", [3])
    waiting = []
    with pytest.raises(QueueFull) as ei:
        for _ in range(4):
            waiting.append(s.call("job", [0.1]))
    msg = str(ei.value)
    assert "503" in msg and "queue" in msg.lower() and "\n" not in msg
    running.cancel()
    for c in waiting:
        c.cancel()


def test_auth_login(gradio_server):
    s = sess(gradio_server, "auth")
    with pytest.raises(AuthRequired) as ei:
        s.refresh()
    assert "401" in str(ei.value) and "login" in str(ei.value)
    with pytest.raises(LoginFailed):
        s.connect("u", "wrong")
    s.connect("u", "p")
    assert s.predict("whoami", ["hi"]) == ["u:hi"]


def test_mounted_deep_path(gradio_server):
    s = sess(gradio_server, "deep/mounted")
    assert s.predict("echo", ["deep"]) == ["deep"]


def test_behind_proxy_file_urls_use_our_base(gradio_server, tmp_path):
    """The app believes its root is https://proxy.invalid/rootpath (X-Forwarded-*): output URLs
    must be rebuilt from the URL we connected to, and downloads must work."""
    s = sess(gradio_server, "rootpath")
    assert "proxy.invalid" in (s.config.root or "")
    out = s.predict("file_single", ["behind proxy"])
    assert out[0]["url"].startswith(gradio_server.url("rootpath") + "/")
    s.save_files(out, tmp_path)
    assert (tmp_path / "out.txt").read_text() == "behind proxy"


def test_interface_and_chatinterface(gradio_server):
    i = sess(gradio_server, "iface")
    name = "greet" if gradio_server.major >= 6 else "predict"
    assert i.predict(name, ["Bob", 3]) == ["Hello, Bob!!!"]
    assert i.predict(name, {"name": "Al"}) == ["Hello, Al!!"]
    c = sess(gradio_server, "chat")
    cname = "respond" if gradio_server.major >= 6 else "chat"
    out = c.predict(cname, {"message": "hi"})
    assert out[0] == "You said: hi (history 0)" or out[0].startswith("You said: hi")


def test_heartbeat_and_max_heartbeats(gradio6):
    s = sess(gradio6, "basic")
    call = s.call("slow", [3.5])
    evs = list(call.iter_events(max_heartbeats=2))
    assert [e.event for e in evs] == ["heartbeat", "heartbeat"]
    assert all(e.data is None for e in evs)
    assert call.last_query_status == "HeartBeatExpired" and not call.finished
    rest = list(call.iter_events())  # resumes the same stream
    assert rest[-1].event == "complete" and rest[-1].data == ["slept 3.5"]
    assert call.status == "complete"


@pytest.mark.parametrize("version", ["5.50.0", "4.44.1"])
def test_heartbeat_smoke_15s(version, _gradio_pool):
    """4.x/5.x hard-code a 15 s heartbeat; 6.x is covered with 1 s by test_heartbeat_and_max_heartbeats."""
    server = _gradio_pool[version]
    server.wait_ready()
    s = sess(server, "basic")
    call = s.call("slow", [16])
    evs = [e.event for e in call.iter_events()]
    assert "heartbeat" in evs and evs[-1] == "complete"


def test_call_timeout(gradio6):
    s = sess(gradio6, "basic")
    call = s.call("slow", [20], timeout=3.5)  # 6.x heartbeats every second: some arrive first
    with pytest.raises(CallTimeout, match=r"^/slow timed out after 3\.5 s \(\d+ event\(s\) kept\)$"):
        call.wait()
    assert call.finished and call.status == "error" and call.last_query_status == "timeout"
    assert call.events and all(e.event == "heartbeat" for e in call.events)  # kept


def test_max_calls_policies(gradio6):
    s = sess(gradio6, "basic", max_calls=2, max_calls_policy="Error")
    s.predict("echo", ["1"])
    s.predict("echo", ["2"])
    with pytest.raises(MaxCallsExceeded):
        s.call("echo", ["3"])
    s.max_calls_policy = "Remove"
    c = s.call("echo", ["3"])
    assert [x.id for x in s.calls] == [2, 3] and c.id == 3
    notes = []
    s.warn = notes.append
    s.max_calls_policy = "Warning"
    s.call("echo", ["4"])
    assert len(s.calls) == 3 and notes and "MaxCalls" in notes[0]


def test_trace_is_masked(gradio6):
    from gshell import secrets
    recs = []
    s = sess(gradio6, "basic", token="tok_secret_value_123", trace=recs.append)
    secrets.register("tok_secret_value_123")
    s.predict("echo", ["tok_secret_value_123"])
    texts = [str(r) for r in recs]
    assert any("POST" in t and "/call/echo" in t for t in texts)
    assert any(r.kind == "sse" and r.event == "complete" for r in recs)
    assert not any("tok_secret_value_123" in t for t in texts)
    assert "tok_secret_value_123" not in repr(s)


def test_threads_can_share_a_call(gradio6):
    s = sess(gradio6, "basic")
    call = s.call("stream", [3])
    got: list = []
    t = threading.Thread(target=lambda: got.extend(call.iter_events()))
    t.start()
    call.wait()
    t.join(10)
    assert call.status == "complete"
    assert [e.event for e in call.events if e.event != "heartbeat"][-1] == "complete"


# ---------------------------------------------------------------------------------------------
# Public API used by the cmdlets: attach, send, anonymous, info, cancel_now, identity, save_files
# ---------------------------------------------------------------------------------------------

def test_attach_reads_an_event_started_elsewhere(basic):
    started = basic.send("echo", ["from elsewhere"])  # low-level: not kept in the session
    assert started.event_id and started not in basic.calls
    call = basic.attach("/echo", started.event_id)
    assert call.status == "running" and call.event_id == started.event_id
    assert call in basic.calls and call.id == basic.calls[-1].id
    assert call.wait().result == ["from elsewhere"] and call.status == "complete"
    with pytest.raises(EndpointNotFound):
        basic.attach("nope", started.event_id)


def test_send_low_level(gradio_server, basic):
    call = basic.send("numbers", {"num": 3, "colour": "green"})  # a mapping: ordered with /info
    assert call.params == [3, 5, False, "green"] and call.fn_index is not None
    assert call.wait().result[0]["colour"] == "green"
    raw = basic.send("/echo", ["as given"], token="public")
    assert raw.api_name == "/echo" and raw.params == ["as given"]
    assert raw.wait().result == ["as given"]
    # an event id: nothing is sent, the record reads that event
    again = basic.send("echo", event_id="0123", session_hash="h1")
    assert (again.event_id, again.session_hash, again.status, again.params) == ("0123", "h1", "running", [])
    with pytest.raises(EndpointNotFound) as ei:  # the server's 500 explained with the known names
        basic.send("no_such_endpoint", ["x"])
    assert "echo" in str(ei.value)
    assert basic.calls == []


def test_anonymous_session_keeps_no_calls(gradio_server):
    s = GradioSession.anonymous(gradio_server.url("basic"), heartbeat_interval=gradio_server.heartbeat)
    try:
        assert s.name == s.url == gradio_server.url("basic") and not s.keep_calls
        c1 = s.call("echo", ["a"])
        c2 = s.call("echo", ["b"])
        assert (c1.id, c2.id) == (1, 2) and s.calls == []
        assert c2.predict() == ["b"]
    finally:
        s.close()


def test_info_plain_and_all_endpoints(gradio6):
    s = sess(gradio6, "basic")
    try:
        plain = s.info()
        assert "/echo" in plain["named_endpoints"] and "/undoc" not in plain["named_endpoints"]
        full = s.info(all_endpoints=True)
        assert "/undoc" in full["named_endpoints"]
        assert "undoc" in [n.lstrip("/") for n in s.endpoints]  # the catalog is unchanged
    finally:
        s.close()


def test_cancel_now_marks_at_once(basic):
    call = basic.call("ticker", [40])
    it = call.iter_events()
    # a busy server may send a heartbeat before the first value
    assert next(e for e in it if e.event != "heartbeat").event == "generating"
    t0 = time.monotonic()
    th = call.cancel_now()
    assert time.monotonic() - t0 < 5
    assert call.status == "cancelled" and call.finished and call.last_query_status == "cancelled"
    assert "generating" in [e.event for e in call.events]  # kept
    assert list(it) == []
    assert th is not None
    th.join(15)
    assert not th.is_alive()
    assert call.cancel_now() is None


def test_cancel_now_wakes_a_reader_in_another_thread(basic):
    call = basic.call("ticker", [40])
    seen: list[str] = []
    reader = threading.Thread(target=lambda: seen.extend(e.event for e in call.iter_events()), daemon=True)
    reader.start()
    while not call.events:
        time.sleep(0.05)
    call.cancel_now()
    reader.join(10)
    assert not reader.is_alive() and call.status == "cancelled"
    assert seen and seen[0] == "generating"


def test_call_records_compare_by_identity(basic):
    a = ApiCall(id=1, api_name="/echo", session=basic)
    b = ApiCall(id=1, api_name="/echo", session=basic)
    assert a != b and a == a and len({a, b, a}) == 2
    a.attached.get(dict, lambda: {"k": "v"})
    assert len(a.attached) == 1 and len(b.attached) == 0


def test_save_files_reports_each_file(filesapp, tmp_path):
    out = filesapp.predict("file_single", ["one file"])
    missing = {"path": "/nonexistent/zzz.txt", "orig_name": "zzz.txt", "meta": {"_type": "gradio.FileData"}}
    saved = filesapp.save_files([missing, out[0]], tmp_path)
    assert [s.ok for s in saved] == [False, True]
    assert saved[0].Error is not None and "\n" not in str(saved[0].Error) and saved[0].Size == 0
    assert (tmp_path / "out.txt").read_text() == "one file"
    blocked = tmp_path / "not_a_dir"
    blocked.write_text("x")
    bad_dir = filesapp.save_files(out, blocked)  # the directory cannot be created: an error, no traceback
    assert len(bad_dir) == 1 and isinstance(bad_dir[0].Error, FileError)
