"""-WhatIf renders the request plan from structured data, with no in-band markers (issue 10,
item 5): any string, however hostile, pasted into bash with curl reaches the real server (every
major) byte-exact, and the only `$VAR`s in the text are the ones gshell chose.  The Python form
(gradio_client, run with each major's own gradio_client) gives the result the call gives."""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from gshell.display import visible
from gshell.gradio import GradioSession
from gshell.gradio.queue import END, QueueReader
from gshell.teach import call_code

ROOT = Path(__file__).resolve().parents[2]
HOSTILE = [
    "it's \"quoted\"",
    "$(touch {canary})",
    "`touch {canary}`",
    "'; touch {canary}; echo '",
    "\"$(touch {canary})\"",
    "${HF_TOKEN}$HF_TOKEN",
    "\u0000GSHELLVAR:HF_TOKEN",             # the old in-band marker
    "'\"'\"$HF_TOKEN\"'\"'",
    "nul\u0000inside",
    "line1\nline2\r\nline3",
    "tab\tand\\backslash\\",
    "\x1b]52;c;ZXZpbA==\x07\x1b[2J",
    "\u202egnp.exe \u2028 \u0085 \x7f",
    "%s %n {} !! !$",
    "é 日本 😀",
    "",
    "tags\U000e0069\U000e0067 ad\u200dmin Z" + "\u0301\u0316" * 20 + " \U0001f468\u200d\U0001f469",
]
ALLOWED_VARS = {"EVENT_ID", "HF_TOKEN", "GRADIO_USERNAME", "GRADIO_PASSWORD", "GSHELL_COOKIES"}
SECRET = "hf_whatifCanaryToken0123456789"


def _venv_python(version: str) -> Path:
    return ROOT / ".venvs" / f"gradio-{version}" / "bin" / "python"


def run_bash(text: str, tmp: Path) -> str:
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HF_TOKEN": SECRET, "HOME": str(tmp),
           "NO_PROXY": "127.0.0.1,localhost", "no_proxy": "127.0.0.1,localhost"}
    r = subprocess.run(["bash", "-c", text], capture_output=True, timeout=120, env=env, cwd=str(tmp))
    assert r.returncode == 0, (text, r.stdout, r.stderr)
    return r.stdout.decode("utf-8")


def results(stdout: str) -> list[tuple[str, Any]]:
    """The events curl printed: /call SSE (event: + data:) or queue messages (data: only)."""
    out: list[tuple[str, Any]] = []
    event = None
    reader = QueueReader()
    for line in stdout.split("\n"):
        if line.startswith("event:"):
            event = line.split(":", 1)[1].strip()
        elif line.startswith("data:"):
            data = json.loads(line.split(":", 1)[1])
            if event is not None:
                out.append((event, data))
                event = None
            else:
                got = reader.translate(data)
                if got is not None and got is not END:
                    out.append(got)
    return [e for e in out if e[0] != "heartbeat"]


def shell_vars(text: str) -> set[str]:
    """The variables bash would expand in ``text`` (comments skipped), read with bash's
    quoting rules; a backtick or a ``$(`` other than gshell's own curl/mktemp substitutions
    fails the test."""
    names: set[str] = set()
    for line in text.splitlines():
        if line.startswith("#"):
            continue
        i, n, quote = 0, len(line), ""
        while i < n:
            ch = line[i]
            if quote == "'":
                if ch == "'":
                    quote = ""
            elif ch == "\\":
                i += 1
            elif ch == "'" and not quote:
                quote = "'"
            elif ch == '"':
                quote = "" if quote == '"' else '"'
            elif ch == "`":
                raise AssertionError(f"backtick outside single quotes: {line}")
            elif ch == "$":
                m = re.match(r"\$\{?([A-Za-z_][A-Za-z0-9_]*)", line[i:])
                if m:
                    names.add(m.group(1))
                elif line.startswith("$(", i):
                    assert line.startswith(("$(curl ", "$(mktemp)"), i), line[i:i + 40]
            i += 1
    return names


@pytest.fixture
def basic(gradio_server, clean_env):
    s = GradioSession(gradio_server.url("basic"), name="basic").connect()
    yield s
    s.close()


@pytest.mark.parametrize("index", range(len(HOSTILE)), ids=[f"s{i}" for i in range(len(HOSTILE))])
def test_hostile_string_reaches_the_server_byte_exact(basic: GradioSession, tmp_path: Path, index: int) -> None:
    canary = tmp_path / "pwned"
    value = HOSTILE[index].replace("{canary}", str(canary))
    text = call_code(basic, "echo", {"text": value})
    assert visible(text) == text    # what the terminal shows is what the user pastes
    assert shell_vars(text) <= ALLOWED_VARS, text
    assert SECRET not in text
    got = results(run_bash(text, tmp_path))
    assert got == [("complete", [value])], (text, got)
    assert not canary.exists()
    # the real call sends the same
    call = basic.call("echo", {"text": value})
    call.wait(60)
    assert [(e.event, e.data) for e in call.events if e.event != "heartbeat"] == got


def test_hostile_file_name_is_uploaded_as_is(gradio_server, clean_env, tmp_path: Path) -> None:
    canary = tmp_path / "pwned"   # bash runs in tmp_path: a relative touch would create it
    name = "a'b\"c $(touch pwned) `touch pwned`;type=text,d.txt"
    f = tmp_path / name
    f.write_text("hostile name content")
    s = GradioSession(gradio_server.url("files"), name="files").connect()
    try:
        text = call_code(s, "file_info", [str(f)])
        assert shell_vars(text) <= ALLOWED_VARS | {"FILE_1"}, text
        got = results(run_bash(text, tmp_path))
        assert not canary.exists()
        assert got[-1][0] == "complete" and got[-1][1][0].endswith(":hostile name content"), got
        call = s.call("file_info", [str(f)])
        call.wait(60)
        assert call.result == got[-1][1]
    finally:
        s.close()


def test_token_is_a_variable_never_the_value(gradio6, clean_env) -> None:
    s = GradioSession(gradio6.url("basic"), name="t", token=SECRET).connect()
    try:
        for lang in ("curl", "python", "javascript"):
            text = call_code(s, "echo", ["x"], token="hf_perCallSecretValue987654", language=lang)
            assert SECRET not in text and "hf_perCallSecretValue987654" not in text
            assert "HF_TOKEN" in text
    finally:
        s.close()


# not s12: gradio_client 1.3.0 (the 4.x venv's) splits SSE lines at U+2028/U+0085 and then
# fails on the JSON (gshell and curl read those lines whole: test_hostile_string_... above)
@pytest.mark.parametrize("index", [0, 1, 5, 6, 8, 9, 11, 13], ids=lambda i: f"s{i}")
def test_python_form_gives_the_same_result(basic: GradioSession, gradio_server, tmp_path: Path, index: int) -> None:
    """The Python (gradio_client) rendering, run with the major's own gradio_client."""
    value = HOSTILE[index].replace("{canary}", str(tmp_path / "pwned"))
    code = call_code(basic, "echo", {"text": value}, language="python")
    assert "handle_file" not in code
    probe = code + "\nimport json, sys\nsys.stderr.write('\\nRESULT=' + json.dumps(result))\n"
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "GRADIO_ANALYTICS_ENABLED": "False",
           "HF_HUB_OFFLINE": "1", "HF_HUB_DISABLE_TELEMETRY": "1", "NO_PROXY": "127.0.0.1,localhost"}
    r = subprocess.run([str(_venv_python(gradio_server.version)), "-c", probe], capture_output=True, text=True,
                       timeout=180, env=env, cwd=str(tmp_path))
    assert r.returncode == 0, (code, r.stderr[-3000:])
    result = json.loads(r.stderr.rsplit("RESULT=", 1)[1])
    call = basic.call("echo", {"text": value})
    assert result == call.predict(60)[0]
    assert not (tmp_path / "pwned").exists()


def test_python_form_with_a_file_and_numbers(gradio_server, clean_env, tmp_path: Path) -> None:
    f = tmp_path / "in.txt"
    f.write_text("from gradio_client")
    s = GradioSession(gradio_server.url("files"), name="files").connect()
    try:
        code = call_code(s, "file_info", [str(f)], language="python")
        assert "handle_file(" in code
        probe = code + "\nimport json, sys\nsys.stderr.write('\\nRESULT=' + json.dumps(result))\n"
        env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "GRADIO_ANALYTICS_ENABLED": "False",
               "HF_HUB_OFFLINE": "1", "NO_PROXY": "127.0.0.1,localhost"}
        r = subprocess.run([str(_venv_python(gradio_server.version)), "-c", probe], capture_output=True,
                           text=True, timeout=180, env=env, cwd=str(tmp_path))
        assert r.returncode == 0, (code, r.stderr[-3000:])
        assert json.loads(r.stderr.rsplit("RESULT=", 1)[1]) == s.call("file_info", [str(f)]).predict(60)[0]
    finally:
        s.close()


def test_javascript_literals_are_json(basic: GradioSession) -> None:
    for value in HOSTILE:
        code = call_code(basic, "echo", {"text": value}, language="javascript")
        literal = json.dumps(value, ensure_ascii=True)
        assert f'"text": {literal}' in code
        assert all(ord(ch) < 128 for ch in code.split("Client.connect(", 1)[1])


if __name__ == "__main__":  # pragma: no cover
    sys.exit(pytest.main([__file__, "-q"]))
