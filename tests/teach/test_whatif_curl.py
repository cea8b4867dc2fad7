"""-WhatIf bash (gshell.teach): pasted into bash with curl against the real test servers
(tests/conftest.py, every major), it gives the same result as the real call; secrets never
appear in it."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from gshell import secrets
from gshell.gradio import GradioSession
from gshell.teach import call_bash, cancel_bash, connect_bash, download_bash, upload_bash

# tests/run installs curl when it is missing: these tests must run, not skip
assert shutil.which("curl") and shutil.which("bash"), "needs bash and curl (apt-get install -y curl)"

SECRET_TOKEN = "hf_gshellTeachSecret0123456789"


def run_bash(text: str, **env: str) -> str:
    e = {k: v for k, v in os.environ.items() if k not in ("HF_TOKEN",)}
    e.update(env)
    e["NO_PROXY"] = e["no_proxy"] = "127.0.0.1,localhost"
    r = subprocess.run(["bash", "-c", text], capture_output=True, text=True, timeout=60, env=e)
    assert r.returncode == 0, (text, r.stdout, r.stderr)
    return r.stdout


def sse(text: str) -> list[tuple[str, Any]]:
    """(event, data) pairs of what curl printed: /call SSE (event: + data: lines, 6.x) or the
    queue's data:-only messages (4.x/5.x), translated as the engine translates them."""
    from gshell.gradio.queue import END, QueueReader
    out: list[tuple[str, Any]] = []
    event = None
    reader = QueueReader()
    for line in text.splitlines():
        if line.startswith("event:"):
            event = line.split(":", 1)[1].strip()
        elif line.startswith("data:") and event is not None:
            out.append((event, json.loads(line.split(":", 1)[1])))
            event = None
        elif line.startswith("data:"):
            got = reader.translate(json.loads(line.split(":", 1)[1]))
            if got is not None and got is not END:
                out.append(got)
    return out


def engine_events(session: GradioSession, api: str, params: Any) -> list[tuple[str, Any]]:
    call = session.call(api, params)
    try:
        call.wait(60)
    except Exception:  # noqa: BLE001 - an app error: the events are what we compare
        pass
    return [(e.event, e.raw) for e in call.events if e.event != "heartbeat"]  # the wire, as curl shows it


def strip_paths(events: list[tuple[str, Any]]) -> list[tuple[str, Any]]:
    """FileData 'path'/'url' differ between two runs only by the server's temp dir."""
    def norm(x: Any) -> Any:
        if isinstance(x, dict):
            return {k: (os.path.basename(v) if k in ("path", "url") and isinstance(v, str) else norm(v))
                    for k, v in x.items()}
        if isinstance(x, list):
            return [norm(v) for v in x]
        return x
    return [(e, norm(d)) for e, d in events]


@pytest.fixture
def basic(gradio_server, no_ambient_token):
    s = GradioSession(gradio_server.url("basic"), name="basic").connect()
    yield s
    s.close()


CASES = [
    ("echo", {"text": "it's \"quoted\" $HOME `x` \\ é"}),
    ("numbers", {"num": 3, "colour": "green"}),
    ("defaults", {"n": 7}),
    ("stream", [3]),
    ("gr_error", ["oops"]),
]


@pytest.mark.parametrize("api,params", CASES, ids=[c[0] for c in CASES])
def test_whatif_bash_gives_the_same_events_as_the_call(basic, api, params) -> None:
    text = call_bash(basic, api, params)
    if basic.config.major >= 6:
        assert text.startswith("EVENT_ID=$(curl -s -H 'Content-Type: application/json' -d '")
        assert f"/call/{api} | sed -E 's/.*\"event_id\": *\"([^\"]+)\".*/\\1/'); curl -sN " in text
        assert text.endswith(f"/call/{api}/$EVENT_ID")
    else:  # 4.x/5.x: the queue, with the endpoint's fn_index and a session hash
        assert text.startswith("curl -s -o /dev/null -H 'Content-Type: application/json' -d '")
        assert "/queue/join && curl -sN " in text and "/queue/data?session_hash=" in text
        assert f'"fn_index": {basic.endpoint(api).fn_index}' in text
    assert "\n" not in text  # one line
    got = [(e, d) for e, d in sse(run_bash(text)) if e != "heartbeat"]
    assert got == engine_events(basic, api, params)
    assert got  # something came back


def test_whatif_json_is_the_positional_data(basic) -> None:
    text = call_bash(basic, "numbers", {"colour": "blue", "num": 1})
    body = text.split(" -d '", 1)[1].split("' ", 1)[0]
    assert json.loads(body)["data"] == [1, 5, False, "blue"]  # slider/flag defaults from /info


def test_whatif_unknown_endpoint_is_the_same_error(basic) -> None:
    from gshell.gradio import EndpointNotFound
    with pytest.raises(EndpointNotFound) as exc:
        call_bash(basic, "nope", ["x"])
    assert "echo" in str(exc.value)


def test_whatif_state_uses_the_session_hash_on_6(gradio6, no_ambient_token) -> None:
    s = GradioSession(gradio6.url("basic")).connect()
    try:
        text = call_bash(s, "counter", ["a"])
        assert f'"session_hash": "{s.session_hash}"' in text
        first = sse(run_bash(text))
        second = sse(run_bash(call_bash(s, "counter", ["b"])))
        assert first[-1] == ("complete", ["a #1", None])
        assert second[-1] == ("complete", ["b #2", None])   # the server kept the State
        # and the real call continues the same server session
        assert engine_events(s, "counter", ["c"])[-1] == ("complete", ["c #3", None])
    finally:
        s.close()


def test_whatif_file_upload(gradio_server, no_ambient_token, tmp_path: Path) -> None:
    f = tmp_path / "it's a file.txt"
    f.write_text("hello file")
    s = GradioSession(gradio_server.url("files")).connect()
    try:
        text = call_bash(s, "file_info", [str(f)])
        lines = text.splitlines()
        assert len(lines) == 2 and lines[0].startswith("FILE_1=$(curl -s -F 'files=@")
        assert "/upload | sed -E" in lines[0]
        assert "\"'\"$FILE_1\"'\"" in lines[1]
        got = sse(run_bash(text))
        assert got == engine_events(s, "file_info", [str(f)])
        assert got[-1][1][0].endswith(":hello file")
        # a relative path is taken from cwd
        rel = call_bash(s, "file_info", ["it's a file.txt"], cwd=str(tmp_path))
        assert sse(run_bash(rel)) == got
    finally:
        s.close()


def test_whatif_image_round_trip_file_output(gradio6, no_ambient_token, tmp_path: Path) -> None:
    s = GradioSession(gradio6.url("files")).connect()
    try:
        got = sse(run_bash(call_bash(s, "image_out", [4])))
        assert strip_paths(got) == strip_paths(engine_events(s, "image_out", [4]))
        assert got[-1][1][0]["orig_name"] == "image.webp"
    finally:
        s.close()


def test_whatif_login_uses_password_placeholder(gradio_server, no_ambient_token) -> None:
    USER, PASSWORD = "u", "p"  # tests/apps/auth_app.py
    s = GradioSession(gradio_server.url("auth")).connect(USER, PASSWORD)
    try:
        text = call_bash(s, "whoami", ["hi"], username=USER)
        assert "$GRADIO_PASSWORD" in text and f"password={PASSWORD}" not in text
        assert "--data-urlencode \"password=$GRADIO_PASSWORD\"" in text
        got = sse(run_bash(text, GRADIO_PASSWORD=PASSWORD))
        assert got == [("complete", [f"{USER}:hi"])] == engine_events(s, "whoami", ["hi"])
        # without the username the login still appears (the session holds a login cookie)
        anon = call_bash(s, "whoami", ["hi"])
        assert "$GRADIO_USERNAME" in anon
        assert sse(run_bash(anon, GRADIO_USERNAME=USER, GRADIO_PASSWORD=PASSWORD)) == got
    finally:
        s.close()


def test_whatif_token_placeholder_never_the_token(gradio6, no_ambient_token) -> None:
    s = GradioSession(gradio6.url("basic"), token=SECRET_TOKEN).connect()
    try:
        text = call_bash(s, "echo", ["x"])
        assert SECRET_TOKEN not in text
        assert '-H "Authorization: Bearer $HF_TOKEN" -H "x-hf-authorization: Bearer $HF_TOKEN"' in text
        assert text.startswith("# set HF_TOKEN")
        # a per-call token too
        per_call = call_bash(s, "echo", ["x"], token="hf_otherSecretTokenValue99")
        assert "hf_otherSecretTokenValue99" not in per_call and "$HF_TOKEN" in per_call
        # runnable (the app ignores the bearer)
        assert sse(run_bash(text, HF_TOKEN=SECRET_TOKEN)) == [("complete", ["x"])]
        # a secret in the data is masked too
        masked = call_bash(s, "echo", [f"my token is {SECRET_TOKEN}"])
        assert SECRET_TOKEN not in masked and "***" in masked
    finally:
        s.close()
        secrets.unregister(SECRET_TOKEN)


def test_ambient_token_is_not_sent_to_a_local_app(gradio6, monkeypatch) -> None:
    monkeypatch.setenv("HF_TOKEN", SECRET_TOKEN)
    s = GradioSession(gradio6.url("basic")).connect()
    try:
        text = call_bash(s, "echo", ["x"])
        assert "HF_TOKEN" not in text and SECRET_TOKEN not in text  # only HF hosts get HF_TOKEN
    finally:
        s.close()
        secrets.unregister(SECRET_TOKEN)


def test_other_builders(gradio6, no_ambient_token, tmp_path: Path) -> None:
    f = tmp_path / "a.txt"
    f.write_text("abc")
    s = GradioSession(gradio6.url("files")).connect()
    try:
        up = upload_bash(s, [f])
        paths = json.loads(run_bash(up))
        assert len(paths) == 1 and paths[0].endswith("/a.txt")
        result = s.predict("file_single", ["saved text"])
        url = f"{s.client.file_base}{result[0]['path']}"
        target = tmp_path / "out.txt"
        run_bash(download_bash(s, url, str(target)))
        assert target.read_text() == "saved text"
        cancel = cancel_bash(s, "file_info", "abc123")
        body = json.loads(cancel.split(" -d '", 1)[1].split("' ", 1)[0])
        assert body == {"session_hash": "abc123", "fn_index": s.endpoint("file_info").fn_index,
                        "event_id": "abc123"}
        conn = connect_bash(s.url, api_prefix=s.api_prefix)
        out = run_bash(conn)
        assert '"version"' in out and '"named_endpoints"' in out
    finally:
        s.close()


def test_post_bash_sends_data_as_given(gradio_server, no_ambient_token) -> None:
    from gshell.teach import post_bash
    s = GradioSession(gradio_server.url("basic")).connect()
    try:
        text = post_bash(s, "echo", ["raw"])
        assert sse(run_bash(text)) == [("complete", ["raw"])]
        with_hash = post_bash(s, "/counter", ["z", None], session_hash="fixedhash1")
        assert '"session_hash": "fixedhash1"' in with_hash
    finally:
        s.close()
