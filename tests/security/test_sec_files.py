"""Rule: only the user names local files; server-named URLs are fetched under the origin rules."""
from __future__ import annotations

import json
from pathlib import Path

import httpx
import pytest

from gshell.gradio import FileError, GradioSession
from gshell.gradio.origin import ServerStr
from gshell.gradio.tokens import fetch_allowed, origin_of

SECRET = "-----BEGIN OPENSSH PRIVATE KEY----- not really"


@pytest.fixture
def secret_file(clean_env, hostile):
    ssh = Path(clean_env / "home" / ".ssh")
    ssh.mkdir()
    key = ssh / "id_rsa"
    key.write_text(SECRET)
    hostile.set_secret(str(key))
    return key


def uploads(hostile) -> list[bytes]:
    return [r["body"] for r in hostile.requests + hostile.other_requests if r["path"].endswith("/upload")]


def sent_data(hostile) -> list:
    return hostile.posted[-1]["data"]


def test_file_default_local_path_is_not_uploaded(hostile, secret_file, shell):
    """/info default ~/.ssh/id_rsa: called without the parameter (hashtable and proxy alike)."""
    shell.ev(f"New-GradioSession {hostile.url('filedefault')}")
    shell.ev("Invoke-GradioSessionApi f @{} | Update-GradioSessionApiResult")
    assert sent_data(hostile) == [None]
    shell.ev("New-GradioSessionApiProxyFunction")
    shell.ev("Invoke-GradioApiF")
    assert sent_data(hostile) == [None]
    assert not any(SECRET.encode() in b for b in uploads(hostile))


def test_file_default_internal_url_is_not_fetched(hostile, secret_file, shell):
    shell.ev(f"New-GradioSession {hostile.url('filedefault')}")
    shell.ev("Invoke-GradioSessionApi u @{} | Update-GradioSessionApiResult")
    shell.ev("Invoke-GradioSessionApi n @{} | Update-GradioSessionApiResult")
    assert sent_data(hostile) == [None]
    assert not [r for r in hostile.other_requests if "internal" in r["path"]]
    assert not uploads(hostile)


def test_server_string_is_never_opened_as_a_path(hostile, secret_file, shell):
    """A string result: assignment, indexing, member access, the pipeline and -Map keep the mark."""
    shell.ev(f"New-GradioSession {hostile.url('mapfile')}")
    shell.ev("New-GradioSessionApiProxyFunction")
    shell.ev("$r = Invoke-GradioApiS -Text a")
    shell.ev("$p = $r.data[0]; $h = @{doc = $p}; $o = [pscustomobject]@{doc = $r.data[0]}; $l = @($p, 1)")
    for src in ("Invoke-GradioApiF -Doc $p", "Invoke-GradioApiF -Doc $h.doc", "Invoke-GradioApiF -Doc $o.doc",
                "Invoke-GradioApiF -Doc $l[0]", "$q = $p; Invoke-GradioApiF $q",
                "Invoke-GradioSessionApi f @{doc=$p} | Update-GradioSessionApiResult",
                "Invoke-GradioApiS -Text a | Invoke-GradioApiF -Map doc=0"):
        out, err = shell.run(src)
        assert "refusing to open" in err, (src, out, err)
    assert not uploads(hostile)
    # a string operation ends the mark: the user's own text is opened as today
    out, err = shell.run('Invoke-GradioApiF -Doc "$p"')
    assert "refusing" not in err
    assert any(SECRET.encode() in b for b in uploads(hostile))


def test_user_typed_path_and_url_keep_working(hostile, secret_file, shell):
    shell.ev(f"New-GradioSession {hostile.url('mapfile')}")
    shell.ev(f"Invoke-GradioSessionApi f @{{doc='{secret_file}'}} | Update-GradioSessionApiResult")
    assert uploads(hostile)
    n = len(uploads(hostile))
    shell.ev(f"Invoke-GradioSessionApi f @{{doc='{hostile.other_base}/internal/x'}} | Update-GradioSessionApiResult")
    assert len(uploads(hostile)) == n + 1 and b"INTERNAL SECRET" in uploads(hostile)[-1]


def test_servers_file_url_is_not_fetched_from_internal_address_by_a_public_session(clean_env):
    """A public app cannot make gshell read the user's network (session not on an internal address)."""
    seen: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(str(request.url))
        return httpx.Response(200, json={})

    s = GradioSession("http://93.184.216.34", transport=httpx.MockTransport(handler))
    for bad in ("http://127.0.0.1:22/x", "http://10.0.0.1/x", "http://169.254.169.254/latest/meta-data",
                "http://[::1]/x", "http://localhost/x", "file:///etc/passwd", "http://[::ffff:127.0.0.1]/"):
        with pytest.raises(FileError, match="refusing"):
            s.prepare_file(ServerStr(bad, "http://93.184.216.34:80"))
        with pytest.raises(FileError, match="refusing"):
            s.prepare_file({"path": "x", "url": bad, "meta": {"_type": "gradio.FileData"}})
    assert seen == []
    saved = s.save_files([{"path": "http://169.254.169.254/x", "url": "http://169.254.169.254/x",
                           "meta": {"_type": "gradio.FileData"}}], clean_env)
    assert saved[0].Error is not None and seen == []


def test_fetch_policy_table():
    public, local = origin_of("https://x.hf.space"), origin_of("http://127.0.0.1:7860")
    assert fetch_allowed("https://example.com/a", public)
    assert not fetch_allowed("http://192.168.1.1/a", public)
    assert fetch_allowed("http://192.168.1.1/a", local)
    # every spelling of an internal address the resolver accepts without DNS
    for spelled in ("127.1", "2130706433", "0x7f000001", "0x7f.0.0.1", "0177.0.0.1", "localhost.",
                    "LOCALHOST", "[::1]", "[::ffff:127.0.0.1]", "[::ffff:7f00:1]", "0.0.0.0", "10.1",
                    "169.254.169.254", "[fe80::1]", "app.localhost"):
        assert not fetch_allowed(f"http://{spelled}:8080/a", public), spelled
    assert fetch_allowed("http://8.8.8.8/a", public)
    assert not fetch_allowed("data:text/plain,hi", local) and not fetch_allowed("file:///etc/passwd", local)


def test_saved_file_names_lose_controls_and_paths(hostile, clean_env, shell):
    d = clean_env / "dl"
    d.mkdir()
    shell.ev(f"New-GradioSession {hostile.url('evilname')}")
    shell.ev(f"Invoke-GradioSessionApi x @{{text='a'}} | Update-GradioSessionApiResult | Save-GradioFile -Path '{d}'")
    names = [p.name for p in d.iterdir()]
    assert names and all(n.isprintable() and "\u202e" not in n for n in names), names
    assert not (clean_env / "evil.txt").exists()


def test_save_refuses_a_symlink_planted_in_the_directory(hostile, clean_env, shell):
    d = clean_env / "dl"
    d.mkdir()
    victim = clean_env / "victim.txt"
    victim.write_text("keep")
    (d / "gnp.exe[31m.png").symlink_to(victim)
    shell.ev(f"New-GradioSession {hostile.url('evilname')}")
    shell.run(f"Invoke-GradioSessionApi x @{{text='a'}} | Update-GradioSessionApiResult | "
              f"Save-GradioFile -Path '{d}' -Force")
    assert victim.read_text() == "keep"


def test_server_string_mark_survives_json_roundtrip_only_as_text():
    s = ServerStr("/etc/passwd", "http://h:1")
    assert json.dumps(s) == '"/etc/passwd"' and type(s + "") is str and type(str(s)) is str
