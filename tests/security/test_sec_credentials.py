"""Rule: credentials (password, cookies, tokens) stay on their origin."""
from __future__ import annotations

import httpx
import pytest

from gshell import environment
from gshell.gradio import GradioSession, HttpError

PASSWORD = "pw-Very-Secret-123"


@pytest.mark.parametrize("code", [307, 308])
def test_login_redirect_to_another_origin_is_refused(hostile, clean_env, shell, code):
    q = "?code=308" if code == 308 else ""
    s = GradioSession(hostile.url("login307"))
    with pytest.raises(HttpError, match="another origin"):
        s.client.request("POST", hostile.url("login307") + "/login" + q,
                         data={"username": "u", "password": PASSWORD}, what="login")
    s.close()
    assert not any(PASSWORD.encode() in r["body"] for r in hostile.other_requests)
    assert not any("login" in r["path"] for r in hostile.other_requests)


def test_login_307_through_the_cmdlet_says_why(hostile, clean_env, shell):
    out, err = shell.run(f"New-GradioSession '{hostile.url('login307')}' -Username u -Password '{PASSWORD}'")
    assert "another origin" in err and PASSWORD not in out + err
    assert not hostile.other_requests


def test_upload_redirect_to_another_origin_is_refused(hostile, clean_env, shell):
    f = clean_env / "doc.txt"
    f.write_text("private document")
    out, err = shell.run(f"New-GradioSession '{hostile.url('upload307')}'; Send-GradioSessionFiles '{f}'")
    assert "another origin" in err
    assert not any(b"private document" in r["body"] for r in hostile.other_requests)


def test_cookies_do_not_cross_ports(hostile, clean_env, shell):
    """The login cookie of :A must not go to :B when a FileData points there."""
    d = clean_env / "dl"
    d.mkdir()
    shell.run(f"New-GradioSession '{hostile.url('cookie')}' -Username u -Password '{PASSWORD}' -DownloadPath '{d}'")
    shell.run("Invoke-GradioSessionApi x @{text='a'} | Update-GradioSessionApiResult | Save-GradioFile")
    mine = [r for r in hostile.requests if r["path"].startswith("/cookie/gradio_api/")]
    assert mine and all("LOGIN-COOKIE-SECRET" in r["headers"].get("cookie", "") for r in mine)
    assert hostile.other_requests, "the test must make gshell contact the other port"
    for r in hostile.other_requests:
        assert "LOGIN-COOKIE-SECRET" not in r["headers"].get("cookie", ""), r


def test_cookies_for_other_domains_are_refused(hostile, clean_env):
    s = GradioSession(hostile.url("domaincookie"))
    s.refresh()
    names = {c.name for c in s.client.http.cookies.jar}
    assert "sid-domaincookie" in names and not {"foreign", "dotted"} & names
    s.close()


def _mock(seen: list[httpx.Request]) -> httpx.MockTransport:
    cfg = {"version": "6.31.0", "api_prefix": "/gradio_api", "components": [], "dependencies": []}

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        if request.url.path.endswith("/config"):
            return httpx.Response(200, json=cfg)
        return httpx.Response(200, json={"named_endpoints": {}, "unnamed_endpoints": {}})
    return httpx.MockTransport(handler)


AMBIENT = "hf_ambientTokenValue1234567890"


@pytest.mark.parametrize("variable", ["HF_TOKEN", "HF_API_TOKEN", "file"])
def test_ambient_token_not_sent_to_a_public_space(clean_env, monkeypatch, variable):
    if variable == "file":
        (clean_env / "hf_home").mkdir()
        (clean_env / "hf_home" / "token").write_text(AMBIENT)
    else:
        monkeypatch.setenv(variable, AMBIENT)
    seen: list[httpx.Request] = []
    s = GradioSession("https://evil-app.hf.space", transport=_mock(seen))
    s.refresh()
    assert seen and all(AMBIENT not in str(r.headers) for r in seen)
    # a Space the Hub reports private gets it (its own origin only)
    seen.clear()
    GradioSession("https://mine-app.hf.space", transport=_mock(seen), private_space=True).refresh()
    assert seen and all(r.headers.get("authorization") == f"Bearer {AMBIENT}" for r in seen)


def test_trusted_spaces_setting_and_explicit_token(clean_env, monkeypatch):
    monkeypatch.setenv("HF_TOKEN", AMBIENT)
    monkeypatch.setenv("GSHELL_TRUSTED_SPACES", "me/zero-gpu_app, other.hf.space")
    for url, sent in (("https://me-zero-gpu-app.hf.space", True), ("https://other.hf.space", True),
                      ("https://me-zero-gpu-app2.hf.space", False)):
        seen: list[httpx.Request] = []
        GradioSession(url, transport=_mock(seen)).refresh()
        assert all((r.headers.get("authorization") == f"Bearer {AMBIENT}") == sent for r in seen), url
    seen = []
    GradioSession("https://evil-app.hf.space", token="hf_explicitToken123456", transport=_mock(seen)).refresh()
    assert all(r.headers.get("authorization") == "Bearer hf_explicitToken123456" for r in seen)


def test_hf_endpoint_changed_inside_gshell_gets_no_token(clean_env, monkeypatch, hostile):
    monkeypatch.setenv("HF_TOKEN", AMBIENT)
    monkeypatch.setenv("HF_ENDPOINT", "https://hub.example")
    from inprocess_shell import InProcessShell
    sh = InProcessShell()           # the shell is created: HF_ENDPOINT read now
    out, err = sh.run(f"$env:HF_ENDPOINT = '{hostile.base}'")
    assert "HF_ENDPOINT" in err      # a warning
    sh.run("Get-HfSpace owner/name")
    assert hostile.requests, "the Hub request went to the new endpoint"
    assert all(AMBIENT not in str(r["headers"]) for r in hostile.requests)
    assert environment.startup_hf_endpoint() == "https://hub.example"
