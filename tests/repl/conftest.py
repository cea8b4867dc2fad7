"""Fixtures for the REPL tests: /info fixtures, a registry declaring the Gradio cmdlets as
the completion reads them, and a StaticContext over both."""
from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from gshell.repl.context import StaticContext
from gshell.runtime.registry import Registry
from gshell.runtime.values import from_json

sys.path.insert(0, str(Path(__file__).resolve().parent))

from replfix import load_info, make_info, make_registry  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def registry() -> Registry:
    return make_registry()


@pytest.fixture
def ctx(registry: Registry, tmp_path: Path) -> StaticContext:
    tools = load_info("tools-6")
    return StaticContext(
        registry=registry,
        vars={"info": from_json(tools), "input": "some text", "n": 3, "items": [1, 2]},
        sessions={"tools": "http://127.0.0.1:7860/", "chat": "http://127.0.0.1:7861/"},
        infos={"tools": tools, "chat": load_info("chat-6"),
               "http://127.0.0.1:7870": load_info("iface-5")},
        default="tools",
        versions={"tools": "6.31.0"},
        topics=["about_gshell", "about_gshell_Language", "about_Sessions"],
        directory=str(tmp_path),
    )


@pytest.fixture
def big_ctx(registry: Registry) -> StaticContext:
    return StaticContext(registry=registry, sessions={"big": "http://127.0.0.1:9/"},
                         infos={"big": make_info(200, 20)}, default="big")


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    """The environment of a shell started in a pty: its own history and config folders."""
    e = dict(os.environ)
    e.update({
        "GSHELL_HISTORY": str(tmp_path / "hist" / "history"),
        "XDG_DATA_HOME": str(tmp_path / "data"), "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "PROMPT_TOOLKIT_NO_CPR": "1", "TERM": "xterm-256color", "COLUMNS": "120", "LINES": "30",
        "PYTHONPATH": str(ROOT), "NO_COLOR": "",
    })
    e.pop("GSHELL_EDIT_MODE", None)
    return e
