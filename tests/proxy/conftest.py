"""Fixtures for the proxy-function tests: an in-process interpreter on the real Gradio servers
(tests/conftest.py), app URLs in variables ($basic, $files, ...)."""
from __future__ import annotations

import pytest
from inprocess_shell import InProcessShell


@pytest.fixture
def psh(gradio_server, no_ambient_token):
    s = InProcessShell(gradio_server)
    yield s
    s.close()


@pytest.fixture
def psh6(gradio6, no_ambient_token):
    s = InProcessShell(gradio6)
    yield s
    s.close()


@pytest.fixture
def bare_shell(no_ambient_token):
    s = InProcessShell()
    yield s
    s.close()
