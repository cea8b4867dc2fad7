"""Hugging Face cmdlets against the local Hub stand-in; running spaces point at real Gradio apps."""
from __future__ import annotations

import os
import stat

import hub_standin
import pytest
from hub_standin import VALID_TOKEN

from gshell import secrets
from gshell.runtime.errors import PSError


def _auth_headers(seen):
    return [s for s in seen if "authorization" in s.headers or "x-hf-authorization" in s.headers]


def test_running_space_opens_a_session_and_proxies_work(hub, hsh):
    space = hsh.ev("$s = Get-HuggingFaceSpace owner/running; $s")[0]
    assert space["id"] == "owner/running" and space.type_name == "HuggingFaceSpace"
    assert space["control"]["GradioSession"] == "Space:owner/running"
    assert [s.name for s in hsh.sessions] == ["Space:owner/running"]
    assert hub.seen[0].path == "/api/spaces/owner/running" and hub.seen[0].query == {"full": ["true"]}
    out = hsh.ev("Set-GradioSession -Default $s; New-GradioSessionApiProxyFunction echo | Out-Null; "
                 "Invoke-GradioApiEcho -Text space | % { $_.data[0] }")
    assert out == ["space"]
    # again: the session is reused, not reopened
    hsh.ev("Get-HfSpace owner/running | Out-Null")
    assert len(hsh.sessions) == 1


def test_no_gradio_session(hub, hsh):
    hsh.ev("Get-HfSpace owner/running -NoGradioSession | Out-Null")
    assert len(hsh.sessions) == 0


def test_sleeping_and_failed_spaces_warn_without_hanging(hub, hsh):
    out, err = hsh.run("(Get-HuggingFaceSpace owner/sleeping).runtime.stage")
    assert out.strip() == "SLEEPING"
    assert "SLEEPING" in err and "Start-HuggingFaceSpace owner/sleeping" in err
    assert len(hsh.sessions) == 0
    out, err = hsh.run("Get-HfSpace owner/broken | Out-Null")
    assert "RUNTIME_ERROR" in err
    with pytest.raises(PSError) as e:
        hsh.ev("Connect-HuggingFaceSpaceGradio owner/sleeping")
    assert "SLEEPING" in e.value.record.message
    with pytest.raises(PSError) as e:
        hsh.ev("Connect-HfSpaceGradio owner/docker")
    assert "not a Gradio space" in e.value.record.message


def test_wait_wakes_a_space_with_head(hub, hsh):
    assert hsh.ev("Wait-HuggingFaceSpace owner/waking -Timeout 10 -SleepTime 50") == [True]
    heads = [s for s in hub.seen if s.method == "HEAD"]
    assert [h.path for h in heads] == ["/hosts/waking"]
    assert hsh.ev("Wait-HfSpace owner/broken -Timeout 10 -SleepTime 50") == [False]
    assert hsh.ev("Wait-HfSpace owner/sleeping -Timeout 0.3 -SleepTime 50 -NoStart") == [False]


def test_start_sends_head_to_the_host(hub, hsh):
    hsh.ev("Start-HuggingFaceSpace owner/sleeping")
    assert [(s.method, s.path) for s in hub.seen if s.method == "HEAD"] == [("HEAD", "/hosts/sleeping")]


def test_private_space_needs_the_token(hub, hsh, monkeypatch):
    with pytest.raises(PSError) as e:
        hsh.ev("Get-HfSpace owner/private")
    assert "unauthorized" in e.value.record.message
    monkeypatch.setenv("HF_TOKEN", VALID_TOKEN)
    space = hsh.ev("Get-HfSpace owner/private")[0]
    assert space["private"] is True and [s.name for s in hsh.sessions] == ["Space:owner/private"]
    assert hub.seen[-1].headers["authorization"] == f"Bearer {VALID_TOKEN}"


def test_ambient_token_goes_only_to_hf_origins(hub, hsh, monkeypatch):
    monkeypatch.setenv("HF_TOKEN", VALID_TOKEN)
    hsh.ev("Start-HuggingFaceSpace owner/sleeping; Start-HuggingFaceSpace owner/faraway")
    # the Hub stand-in is the HF_ENDPOINT origin: it gets the token (API and its own host)
    hub_heads = [s for s in hub.seen if s.method == "HEAD"]
    assert hub_heads and hub_heads[0].headers.get("authorization") == f"Bearer {VALID_TOKEN}"
    # a space whose host is another origin (another port) never sees the ambient token
    far = hub.foreign.seen
    assert [s.path for s in far] == ["/hosts/faraway"] and _auth_headers(far) == []
    # nor does the session opened on a non-HF host (the real Gradio app)
    hsh.ev("Get-HfSpace owner/running | Out-Null")
    session = hsh.sessions.get("Space:owner/running")
    assert session.token is None and not session.client.credential.explicit


def test_explicit_token_goes_to_the_space_origin(hub, hsh):
    hsh.ev(f"Start-HuggingFaceSpace owner/faraway -Token {VALID_TOKEN}")
    assert hub.foreign.seen[-1].headers.get("authorization") == f"Bearer {VALID_TOKEN}"
    hsh.ev(f"Get-HfSpace owner/running -Token {VALID_TOKEN} | Out-Null")
    assert hsh.sessions.get("Space:owner/running").token == VALID_TOKEN


def test_whoami_401_without_token_and_with_token(hub, hsh):
    with pytest.raises(PSError) as e:
        hsh.ev("Get-HfWhoami")
    assert "No Hugging Face token" in e.value.record.message
    with pytest.raises(PSError) as e:
        hsh.ev("Get-HfMe -Token hf_wrongwrongwrong")
    assert "unauthorized" in e.value.record.message and "hf_wrongwrongwrong" not in e.value.record.message
    assert hsh.ev(f"(Get-HuggingFaceWhoami -Token {VALID_TOKEN}).name") == ["tester"]


@pytest.fixture
def confirm_writes():
    """The user answers y to the question for the token file (docs/security.md: a credential file)."""
    from gshell import writeguard
    writeguard.configure(confirm=lambda question: True)
    yield
    writeguard.configure(confirm=None)


def test_set_token_validates_keeps_and_saves(hub, hsh, tmp_path, monkeypatch, confirm_writes):
    monkeypatch.setenv("HF_HOME", str(tmp_path / "hfhome"))
    out, err = hsh.run("Set-HuggingFaceToken hf_badbadbadbad")
    assert "INVALID_TOKEN" in err and "hf_badbadbadbad" not in out + err
    assert not os.environ.get("HF_TOKEN")
    out, err = hsh.run(f"Set-HfToken {VALID_TOKEN} -Save")
    assert "tester" in out and VALID_TOKEN not in out + err
    assert os.environ["HF_TOKEN"] == VALID_TOKEN
    path = tmp_path / "hfhome" / "token"
    assert path.read_text() == VALID_TOKEN
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert hsh.ev("(Get-HfMe).name") == ["tester"]
    assert VALID_TOKEN in secrets.registered()


def test_save_tightens_an_existing_file(hub, hsh, tmp_path, monkeypatch, confirm_writes):
    monkeypatch.setenv("HF_HOME", str(tmp_path))
    (tmp_path / "token").write_text("old")
    os.chmod(tmp_path / "token", 0o644)
    hsh.ev(f"Set-HfToken -Token {VALID_TOKEN} -Save")
    assert stat.S_IMODE((tmp_path / "token").stat().st_mode) == 0o600


def test_invoke_hub_maps_parameters(hub, hsh):
    ids = hsh.ev('Invoke-HuggingFaceHub "models" -limit 2 -author meta-llama -sort downloads -direction -1 | % id')
    assert ids == ["meta-llama/b", "meta-llama/c"]
    q = hub.seen[-1].query
    assert q == {"limit": ["2"], "author": ["meta-llama"], "sort": ["downloads"], "direction": ["-1"]}
    hsh.ev("Invoke-HfHub models -Search llama -Full -Config -RawParams @{extra='1'} | Out-Null")
    assert hub.seen[-1].query == {"search": ["llama"], "full": ["true"], "config": ["true"], "extra": ["1"]}
    hsh.ev("Invoke-HfHub models -Desc | Out-Null")
    assert hub.seen[-1].query == {"sort": ["-1"]}


def test_models(hub, hsh):
    rec = hsh.ev("Get-HfModel meta-llama/b")[0]
    assert rec["downloads"] == 30 and rec.type_name == "HuggingFaceModel"
    ids = hsh.ev("Find-HuggingFaceModel llama -Limit 3 | % id")
    assert ids == ["meta-llama/b", "meta-llama/c", "meta-llama/a"]
    with pytest.raises(PSError) as e:
        hsh.ev("Get-HfModel nobody/nothing")
    assert "not found" in e.value.record.message


def test_author_and_my_lists(hub, hsh, monkeypatch):
    ids = hsh.ev("Get-HfSpace -Author owner | % id")
    assert "owner/running" in ids and "owner/private" not in ids and "other/thing" not in ids
    monkeypatch.setenv("HF_TOKEN", VALID_TOKEN)
    assert hsh.ev("Get-HfSpace -My") == []   # the stand-in's user 'tester' has no spaces
    assert hub.seen[-1].path == "/api/spaces" and hub.seen[-1].query == {"author": ["tester"]}
    assert len(hsh.sessions) == 0


def test_space_object_is_a_session(hub, hsh):
    out = hsh.ev("$s = Get-HfSpace owner/running; (Get-GradioSession $s).Name")
    assert out == ["Space:owner/running"]


def test_out_of_scope_commands_are_refused(hsh):
    for cmd in ("Invoke-HfInference x", "InvokeGradioApi x", "Get-AiChat hi"):
        with pytest.raises(PSError) as e:
            hsh.ev(cmd)
        assert "not supported in gshell" in e.value.record.message, cmd


def test_hub_endpoint_default(monkeypatch):
    from gshell.hub import hub_endpoint
    monkeypatch.delenv("HF_ENDPOINT", raising=False)
    assert hub_endpoint() == "https://huggingface.co"
    monkeypatch.setenv("HF_ENDPOINT", "http://127.0.0.1:1/")
    assert hub_endpoint() == "http://127.0.0.1:1"
    assert hub_standin.USER == "tester"
