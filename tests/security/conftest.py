"""Fixtures of the security suite: the hostile impersonator (tests/security/hostile.py)."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))


@pytest.fixture
def hostile():
    import hostile as hostile_mod
    srv = hostile_mod.start()
    yield srv
    srv.stop()


@pytest.fixture
def clean_env(monkeypatch, tmp_path):
    """No ambient token, no HF_ENDPOINT, a private HOME and history."""
    for name in ("HF_TOKEN", "HF_API_TOKEN", "HF_TOKEN_PATH", "HF_ENDPOINT", "GSHELL_HISTORY_IGNORE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HF_HOME", str(tmp_path / "hf_home"))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    (tmp_path / "home").mkdir()
    return tmp_path


@pytest.fixture
def shell(clean_env):
    from inprocess_shell import InProcessShell
    sh = InProcessShell()
    yield sh
    sh.close()
