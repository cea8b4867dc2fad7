"""Engine units that need no server."""
from __future__ import annotations

import pytest

from gshell import secrets
from gshell.gradio import GradioSession, ParameterError, SessionError, SessionManager
from gshell.gradio.files import FileError, fix_urls, safe_target
from gshell.gradio.model import Endpoint, Slot, norm_api_name
from gshell.gradio.tokens import Credential, auth_headers, origin_of, resolve


def test_mask():
    secrets.register("hf_abcdefgh123")
    assert secrets.mask("token hf_abcdefgh123 here") == "token *** here"
    secrets.register("p")
    assert secrets.mask("p") == "***" and secrets.mask("apple") == "apple"


def test_norm_api_name():
    assert norm_api_name("echo") == norm_api_name("/echo") == "/echo"


def _ep() -> Endpoint:
    def p(i, name, default=None, has=False):
        return Slot(index=i, name=name, label=name, component="Textbox", ctype="textbox", kind="text", props={},
                    schema={"type": "string"}, python_type="str", has_default=has, default=default, example=None)
    return Endpoint(name="/f", parameters=[p(0, "Text"), p(1, "n", 5, True)], outputs=[], visibility="public",
                    input_types=["textbox", "state", "number"], input_skipped=[False, True, False])


def test_build_data_dict_list_state():
    ep = _ep()
    assert ep.build_data({"text": "a"}) == ["a", None, 5]
    assert ep.build_data({"TEXT": "a", "N": 1}) == ["a", None, 1]
    assert ep.build_data(["a"]) == ["a", None, 5]
    assert ep.build_data("a") == ["a", None, 5]
    with pytest.raises(ParameterError, match="valid names: Text, n"):
        ep.build_data({"zz": 1})
    with pytest.raises(ParameterError):
        ep.build_data([1, 2, 3])


def test_fix_urls():
    data = [{"path": "/tmp/a b.txt", "url": "http://wrong/call/file=/tmp/a b.txt",
             "meta": {"_type": "gradio.FileData"}}, "x"]
    out = fix_urls(data, "http://h:1/app/gradio_api/file=")
    assert out[0]["url"] == "http://h:1/app/gradio_api/file=/tmp/a%20b.txt"
    assert data[0]["url"].startswith("http://wrong")


def test_safe_target(tmp_path):
    assert safe_target(tmp_path, "../../x.txt") == tmp_path.resolve() / "x.txt"
    assert safe_target(tmp_path, "/etc/passwd") == tmp_path.resolve() / "passwd"
    assert safe_target(tmp_path, "..\\..\\y.txt") == tmp_path.resolve() / "y.txt"
    for bad in ("..", ".", "", "a/.."):
        with pytest.raises(FileError):
            safe_target(tmp_path, bad)


def test_token_rules(monkeypatch, tmp_path):
    monkeypatch.delenv("HF_TOKEN", raising=False)
    monkeypatch.delenv("HF_API_TOKEN", raising=False)
    monkeypatch.delenv("HF_ENDPOINT", raising=False)
    monkeypatch.setenv("HF_HOME", str(tmp_path))
    assert resolve() == Credential(None, False)
    monkeypatch.setenv("HF_TOKEN", "hf_env")
    amb = resolve()
    assert amb == Credential("hf_env", False) and "hf_env" not in repr(amb)
    assert resolve(None, "public") == Credential(None, True)
    assert resolve("hf_call", "hf_sess") == Credential("hf_call", True)
    o = origin_of("http://127.0.0.1:5/app")
    # the ambient token goes to a *.hf.space only for a private or trusted Space, its own origin
    assert auth_headers("https://x.hf.space/a", amb, o) == {}
    assert auth_headers("https://x.hf.space/a", amb, origin_of("https://x.hf.space")) == {}
    trusted = resolve(space_ok=True)
    assert auth_headers("https://x.hf.space/a", trusted, origin_of("https://x.hf.space"))["x-hf-authorization"] \
        == "Bearer hf_env"
    assert auth_headers("https://y.hf.space/a", trusted, origin_of("https://x.hf.space")) == {}
    assert auth_headers("https://huggingface.co/api", amb, o)
    assert auth_headers("http://127.0.0.1:5/app", amb, o) == {}
    exp = Credential("hf_e", True)
    assert auth_headers("http://127.0.0.1:5/other", exp, o)["Authorization"] == "Bearer hf_e"
    assert auth_headers("http://127.0.0.1:6/app", exp, o) == {}
    assert auth_headers("https://x.hf.space/a", exp, o) == {}


def test_session_manager_default_rule():
    m = SessionManager()
    with pytest.raises(SessionError, match="No default session"):
        m.default()
    a = m.add(GradioSession("http://127.0.0.1:9/a"))
    assert a.name == "http://127.0.0.1:9/a" and m.default() is a and m.get(".") is a
    b = m.add(GradioSession("http://127.0.0.1:9/b", name="b"))
    with pytest.raises(SessionError, match="Set-GradioSession -Default"):
        m.default()
    m.set_default("b")
    assert m.default() is b and not a.default
    with pytest.raises(SessionError, match="already exists"):
        m.add(GradioSession("http://127.0.0.1:9/c", name="b"))
    c = m.add(GradioSession("http://127.0.0.1:9/c", name="b"), force=True)
    assert m.get("b") is c
    m.close_all()


def test_session_repr_masks_token():
    s = GradioSession("http://127.0.0.1:9/a", token="hf_verysecret")
    assert "hf_verysecret" not in repr(s) and "***" in repr(s)
    with pytest.raises(SessionError):
        GradioSession("http://127.0.0.1:9/a", max_calls_policy="bogus")


def test_tls_is_set_up_only_for_https_and_verifies(monkeypatch):
    import ssl

    import httpx

    from gshell.gradio.client import GradioClient
    from gshell.gradio.transport import LazyTransport
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy"):
        monkeypatch.delenv(name, raising=False)
    client = GradioClient("http://127.0.0.1:9")
    lazy = [t for t in client.http._mounts.values() if isinstance(t, LazyTransport)]
    assert len(lazy) == 1 and lazy[0]._inner is None  # no CA bundle loaded for a plain-HTTP app
    with pytest.raises(httpx.TransportError):
        client.http.get("https://127.0.0.1:9/config")  # nothing listens there; TLS is set up first
    inner = lazy[0]._inner
    assert inner is not None and inner._pool._ssl_context.verify_mode == ssl.CERT_REQUIRED
    client.close()


def test_cancel_after_the_session_closed_is_quiet():
    from gshell.gradio.client import GradioClient
    client = GradioClient("http://127.0.0.1:9")
    client.close()
    assert client.cancel(0, "event") is False  # no exception in the background cancel thread


def test_powershai_token_variable_after_hf_token(monkeypatch, tmp_path):
    """PowerShAI's HF_API_TOKEN is read after HF_TOKEN, before the token file; it stays ambient."""
    monkeypatch.delenv("HF_TOKEN", raising=False)
    monkeypatch.setenv("HF_HOME", str(tmp_path))
    (tmp_path / "token").write_text("hf_file")
    monkeypatch.setenv("HF_API_TOKEN", "hf_powershai")
    amb = resolve()
    assert amb == Credential("hf_powershai", False)
    assert auth_headers("http://127.0.0.1:5/app", amb, origin_of("http://127.0.0.1:5/app")) == {}
    monkeypatch.setenv("HF_TOKEN", "hf_env")
    assert resolve() == Credential("hf_env", False)
    monkeypatch.delenv("HF_TOKEN")
    monkeypatch.delenv("HF_API_TOKEN")
    assert resolve() == Credential("hf_file", False)


def test_a_stream_is_fetched_from_its_playlist_url_and_named_by_it():
    """A streaming Audio/Video output (is_stream) lives under /stream/, not /file= (gradio_client
    fetches its url), and is saved under the name its URL gives (playlist.m3u8), not orig_name."""
    from gshell.gradio.files import download_url, name_for
    base = "http://h/gradio_api/file="
    stream = {"path": "s1/r2/310/playlist.m3u8", "is_stream": True, "orig_name": "chunk1.wav",
              "meta": {"_type": "gradio.FileData"}}
    assert download_url(stream, base) == "http://h/gradio_api/stream/s1/r2/310/playlist.m3u8"
    assert fix_urls([stream], base)[0]["url"] == "http://h/gradio_api/stream/s1/r2/310/playlist.m3u8"
    assert name_for(stream, download_url(stream, base)).endswith("/playlist.m3u8")
    plain = {**stream, "is_stream": False, "path": "/tmp/x/a b.wav"}
    assert download_url(plain, base) == "http://h/gradio_api/file=/tmp/x/a%20b.wav"
    assert name_for(plain) == "chunk1.wav"
    assert download_url({"path": "https://e/x.png"}, base) == "https://e/x.png"


def test_fix_urls_leaves_unmarked_lookalikes_alone():
    """A gr.JSON value whose dicts have a path (a listing) is data: no url added or replaced."""
    listing = {"listing": [{"path": "docs/a.txt", "size": 3, "orig_name": "a.txt"}],
               "file": {"path": "/etc/hostname", "url": None, "is_stream": False}}
    assert fix_urls([listing], "http://h/gradio_api/file=") == [listing]
