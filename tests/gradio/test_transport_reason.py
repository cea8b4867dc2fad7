"""Transport failures read as one clean phrase: never the socket layer's `[Errno N]` text."""
from __future__ import annotations

import socket
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from gshell.gradio.transport import transport_reason

ROOT = Path(__file__).resolve().parents[2]


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_refused_connection_is_one_clean_phrase():
    port = _closed_port()
    with pytest.raises(httpx.ConnectError) as info:
        httpx.get(f"http://127.0.0.1:{port}/")
    assert "Errno" in str(info.value)          # what the socket layer says
    assert transport_reason(info.value) == "connection refused (is the app running?)"


@pytest.mark.parametrize(("text", "expected"), [
    ("[Errno -2] Name or service not known", "the host name 'h' could not be resolved (DNS)"),
    ("[Errno 104] Connection reset by peer", "the server reset the connection"),
    ("[Errno 101] Network is unreachable", "the network is unreachable"),
    ("[Errno 5] Something else", "Something else"),
])
def test_reasons(text, expected):
    assert transport_reason(httpx.ConnectError(text), host="h") == expected


def test_verbose_trace_and_error_say_the_same_thing():
    port = _closed_port()
    p = subprocess.run([sys.executable, "-m", "gshell", "-c", f"Get-GradioInfo http://127.0.0.1:{port} -Verbose"],
                       capture_output=True, text=True, cwd=str(ROOT), timeout=60)
    assert p.returncode == 1
    assert "Errno" not in p.stderr
    lines = [ln for ln in p.stderr.splitlines() if "127.0.0.1" in ln]
    assert len(lines) == 2 and all("connection refused (is the app running?)" in ln for ln in lines)
