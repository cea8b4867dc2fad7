"""The JavaScript rendering of a call (@gradio/client, gshell/teach/render.py) run with node and
the pinned @gradio/client (tests/js/package-lock.json; tests/run installs it into .testlibs/node)
against a real gradio 6.x server: its result equals the result of gshell's own call.  Text
(hostile strings too), numbers of both types, several parameters, gr.State, local files (alone
and inside a Gallery, a MultimodalTextbox and chat messages) and file outputs (compared by the
SHA-256 of their bytes).  The Python rendering (gradio_client) of the calls with files inside a
structure, run with the server venv's gradio_client, too (tests/security/test_whatif.py runs
the others)."""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import httpx
import pytest

from gshell.gradio import GradioSession
from gshell.teach import call_code

pytestmark = pytest.mark.usefixtures("no_ambient_token")

ROOT = Path(__file__).resolve().parents[2]
NODE_MODULES = ROOT / ".testlibs" / "node" / "node_modules"
HOSTILE = ["it's \"quoted\" `x` $(touch pwned) ${HF_TOKEN}", "line1\nline2\r\n\ttab \\ back",
           "\u202egnp.exe \u2028 \u0085 \x7f é 日本 😀", "nul\u0000inside", ""]


def run_js(code: str, tmp_path: Path) -> Any:
    """Run the rendered module with node; the JSON of ``result.data``."""
    node = shutil.which("node")
    if node is None:
        pytest.fail("node is not installed (the JavaScript rendering tests need node >= 18)")
    if not (NODE_MODULES / "@gradio" / "client" / "package.json").is_file():
        pytest.fail(f"{NODE_MODULES} has no @gradio/client: run tests/run (tests/servers/setup_testlibs.sh node)")
    work = tmp_path / "js"
    work.mkdir()
    (work / "node_modules").symlink_to(NODE_MODULES, target_is_directory=True)
    script = work / "call.mjs"
    script.write_text(code + "\nprocess.stderr.write('\\nRESULT=' + JSON.stringify(result.data) + '\\n');\n"
                      "process.exit(0);\n", encoding="utf-8")
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(work),
           "NO_PROXY": "127.0.0.1,localhost", "no_proxy": "127.0.0.1,localhost"}
    r = subprocess.run([node, str(script)], capture_output=True, text=True, timeout=180, env=env, cwd=str(work))
    assert r.returncode == 0, (code, r.stderr[-3000:])
    return json.loads(r.stderr.rsplit("RESULT=", 1)[1])


def files_as_digests(value: Any) -> Any:
    """Every FileData in a result replaced by the SHA-256 of the bytes its URL serves (a file
    gradio_client downloaded: of its bytes)."""
    if isinstance(value, str) and os.path.isabs(value) and os.path.isfile(value):
        return {"sha256": hashlib.sha256(Path(value).read_bytes()).hexdigest()}
    if isinstance(value, dict):
        if isinstance(value.get("url"), str) and "path" in value:
            r = httpx.get(value["url"], timeout=30)
            r.raise_for_status()
            return {"sha256": hashlib.sha256(r.content).hexdigest()}
        return {k: files_as_digests(v) for k, v in value.items()}
    if isinstance(value, list):
        return [files_as_digests(v) for v in value]
    return value


@pytest.fixture(scope="module")
def assets(tmp_path_factory) -> dict[str, str]:
    from PIL import Image
    d = tmp_path_factory.mktemp("js-assets")
    (d / "note.txt").write_text("a note for the JavaScript form\n")
    Image.new("RGB", (6, 6), (220, 30, 30)).save(d / "red.png")
    return {"note": str(d / "note.txt"), "red": str(d / "red.png")}


@pytest.mark.parametrize("index", range(len(HOSTILE)), ids=lambda i: f"s{i}")
def test_echo_of_hostile_text(gradio6, tmp_path: Path, index: int) -> None:
    s = GradioSession(gradio6.url("basic"), name="js").connect()
    try:
        value = HOSTILE[index].replace("pwned", str(tmp_path / "pwned"))
        code = call_code(s, "echo", {"text": value}, language="javascript")
        assert run_js(code, tmp_path) == s.call("echo", {"text": value}).predict(60)
        assert not (tmp_path / "pwned").exists()
    finally:
        s.close()


def _cases(a: dict[str, str]) -> dict[str, Any]:
    """Calls of the conformance app (tests/apps/components.py) by endpoint: name -> parameters."""
    red, note = a["red"], a["note"]
    return {
        "form": {"text": "t", "count": 2, "ratio": 2.5, "steps": 7, "flag": True, "colour": "green",
                 "tags": ["a", "b"]},
        "number": [2.5],
        "integer": [7],
        "checkboxgroup_numbers": [[20, 30]],
        "json": [{"a": [1, 2.5, "x", None, True], "b": {"c": "d"}}],
        "file": [note],
        "image": [red],
        "gallery": [[{"image": red, "caption": "red"}]],
        "multimodal": [{"text": "look", "files": [red, note]}],
        "chatbot": [[{"role": "user", "content": [{"type": "file", "file": red, "alt_text": None}]},
                     {"role": "assistant", "content": [{"type": "text", "text": "a red square"}]}]],
        "fileexplorer": [[["components.py"]]],
        "plot_plotly": ["a plotly figure"],
        "remember": ["kept"],
    }


CASE_NAMES = ["form", "number", "integer", "checkboxgroup_numbers", "json", "file", "image", "gallery", "multimodal",
              "chatbot", "fileexplorer", "plot_plotly", "remember"]


@pytest.mark.parametrize("api", CASE_NAMES)
def test_components_app(gradio6, tmp_path: Path, assets: dict[str, str], api: str) -> None:
    params = _cases(assets)[api]
    s = GradioSession(gradio6.url("components"), name="js").connect()
    try:
        code = call_code(s, api, params, language="javascript")
        assert ("readFile(" in code) == any(p in json.dumps(params) for p in assets.values())
        got = files_as_digests(run_js(code, tmp_path))
        want = files_as_digests(s.call(api, params).predict(60))
        assert got == want, code
    finally:
        s.close()


def run_python(code: str, tmp_path: Path) -> Any:
    """Run the rendered script with the 6.x server venv's gradio_client; the JSON of its result."""
    py = ROOT / ".venvs" / "gradio-6.31.0" / "bin" / "python"
    probe = code + "\nimport json, sys\nsys.stderr.write('\\nRESULT=' + json.dumps(result))\n"
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "GRADIO_ANALYTICS_ENABLED": "False",
           "HF_HUB_OFFLINE": "1", "NO_PROXY": "127.0.0.1,localhost", "GRADIO_TEMP_DIR": str(tmp_path / "gc")}
    r = subprocess.run([str(py), "-c", probe], capture_output=True, text=True, timeout=180, env=env,
                       cwd=str(tmp_path))
    assert r.returncode == 0, (code, r.stderr[-3000:])
    return json.loads(r.stderr.rsplit("RESULT=", 1)[1])


@pytest.mark.parametrize("api", ["gallery", "multimodal", "chatbot"])
def test_python_form_with_files_inside_a_structure(gradio6, tmp_path: Path, assets: dict[str, str],
                                                   api: str) -> None:
    params = _cases(assets)[api]
    s = GradioSession(gradio6.url("components"), name="py").connect()
    try:
        code = call_code(s, api, params, language="python")
        assert "import Client, handle_file" in code
        got = files_as_digests(run_python(code, tmp_path))
        want = files_as_digests(s.call(api, params).predict(60))
        assert got == want, code
    finally:
        s.close()
