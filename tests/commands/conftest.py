"""Shared fixtures for the built-in command tests."""

from __future__ import annotations

import os
import sys

import pytest

sys.path.insert(0, os.path.dirname(__file__))


@pytest.fixture
def sh():
    """Run gshell source through the real interpreter; returns (stdout, stderr)."""
    from gshell.commands import builtin_registry
    from gshell.runtime.host import CaptureHost
    from gshell.runtime.interpreter import Interpreter

    def run(text: str, width: int = 80) -> tuple[str, str]:
        host = CaptureHost(width=width)
        interp = Interpreter(builtin_registry(), host=host)
        interp.run_text(text)
        return host.out, host.err

    return run


@pytest.fixture
def ev():
    """Evaluate gshell source and return its output objects."""
    from gshell.commands import builtin_registry
    from gshell.runtime.host import CaptureHost
    from gshell.runtime.interpreter import Interpreter

    def run(text: str) -> list:
        interp = Interpreter(builtin_registry(), host=CaptureHost(width=80))
        return interp.evaluate(text)

    return run
