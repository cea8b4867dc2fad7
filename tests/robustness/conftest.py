"""Fixtures of the robustness suite: the extended fault servers (rfaults.py, built on
tests/servers/faults.py), an in-process gshell, a `python3 -m gshell` runner, and the
hypothesis profiles (`ci`: fixed seed; `random`: bench/fuzz_random_seeds.py)."""
from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from gshell import secrets

sys.path.insert(0, str(Path(__file__).resolve().parent))

from robust_support import Shell  # noqa: E402

settings.register_profile("ci", derandomize=True, database=None, deadline=None, print_blob=True,
                          suppress_health_check=list(HealthCheck))
settings.register_profile("random", derandomize=False, database=None, deadline=None, print_blob=True,
                          suppress_health_check=list(HealthCheck))
settings.load_profile(os.environ.get("GSHELL_FUZZ_PROFILE", "ci"))

@pytest.fixture(scope="session")
def rfaults():
    import rfaults as mod
    srv = mod.start()
    yield srv
    srv.stop()

@pytest.fixture
def shell(no_ambient_token):
    s = Shell()
    yield s
    s.close()

@pytest.fixture(autouse=True)
def _forget_secrets():
    yield
    secrets.clear()
