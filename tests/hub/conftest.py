"""The Hub stand-in (hub_standin.py) with HF_ENDPOINT pointed at it, a second stand-in on
another port acting as a foreign host, and an interpreter."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

import hub_standin  # noqa: E402
from inprocess_shell import InProcessShell  # noqa: E402


@pytest.fixture
def hub(gradio6, no_ambient_token, monkeypatch):
    """The stand-in with spaces whose hosts are the real 6.x test apps."""
    st = hub_standin.start()
    foreign = hub_standin.start()
    monkeypatch.setenv("HF_ENDPOINT", st.url)
    monkeypatch.setenv("HF_TOKEN", "")  # restored after the test (Set-HuggingFaceToken sets it)
    st.spaces = {
        "owner/running": hub_standin.space("owner/running", gradio6.url("basic")),
        "owner/private": hub_standin.space("owner/private", gradio6.url("files"), private=True),
        "owner/sleeping": hub_standin.space("owner/sleeping", st.url + "/hosts/sleeping", stage="SLEEPING"),
        "owner/waking": hub_standin.space("owner/waking", st.url + "/hosts/waking", stage="SLEEPING"),
        "owner/broken": hub_standin.space("owner/broken", st.url + "/hosts/broken", stage="RUNTIME_ERROR"),
        "owner/docker": hub_standin.space("owner/docker", st.url + "/hosts/docker", sdk="docker"),
        "owner/faraway": hub_standin.space("owner/faraway", foreign.url + "/hosts/faraway", stage="SLEEPING"),
        "other/thing": hub_standin.space("other/thing", gradio6.url("basic")),
    }
    st.wake_on_head = {"/hosts/waking": "owner/waking"}
    st.models = [
        {"id": "meta-llama/a", "downloads": 10, "likes": 1, "pipeline_tag": "text-generation"},
        {"id": "meta-llama/b", "downloads": 30, "likes": 5, "pipeline_tag": "text-generation"},
        {"id": "meta-llama/c", "downloads": 20, "likes": 2, "pipeline_tag": "text-generation"},
        {"id": "other/llama-x", "downloads": 5, "likes": 0, "pipeline_tag": "fill-mask"},
    ]
    st.foreign = foreign  # type: ignore[attr-defined]
    yield st
    st.stop()
    foreign.stop()


@pytest.fixture
def hsh(hub):
    s = InProcessShell()
    yield s
    s.sessions.close_all()
