"""Fixtures for the Gradio cmdlet tests: an in-process interpreter wired to the real servers
(tests/conftest.py), with the app URLs in variables ($basic, $files, $auth, ...)."""
from __future__ import annotations

import pytest
from cmdlet_shell import Shell

from gshell import secrets


@pytest.fixture
def sh(gradio_server, no_ambient_token):
    s = Shell(gradio_server)
    yield s
    s.close()


@pytest.fixture
def sh6(gradio6, no_ambient_token):
    s = Shell(gradio6)
    yield s
    s.close()


@pytest.fixture(autouse=True)
def _forget_test_secrets():
    yield
    # secrets registered by a test (tokens, passwords) must not mask other tests' output
    secrets.clear()
