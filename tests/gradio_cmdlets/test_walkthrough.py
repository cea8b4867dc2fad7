"""PowerShAI's Hugging Face/Gradio walkthrough (docs/en-US/providers/huggingface/README.md),
snippet by snippet, unchanged except the URLs: http://127.0.0.1:7860 is PowerShAI's own
sample app (tests/gradio_cmdlets/apps/walkthrough.py, run by the Gradio 6 server venv) and
http://127.0.0.1:7861 the basic test app."""
from __future__ import annotations

import subprocess
import sys
import threading
from pathlib import Path

import pytest
from cmdlet_shell import Shell

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
PY6 = ROOT / ".venvs" / "gradio-6.31.0" / "bin" / "python"


@pytest.fixture(scope="module")
def walkthrough_url():
    if not PY6.exists():
        pytest.fail(f"the Gradio 6 venv is missing ({PY6}): run tests/run")
    proc = subprocess.Popen([str(PY6), str(HERE / "apps" / "walkthrough.py")], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
                            env={"GRADIO_ANALYTICS_ENABLED": "False", "HF_HUB_OFFLINE": "1",
                                 "NO_PROXY": "127.0.0.1", "PATH": "/usr/bin:/bin"})
    found: list[str] = []
    done = threading.Event()

    def read() -> None:
        assert proc.stdout is not None
        for line in proc.stdout:
            if line.startswith("WALKTHROUGH-READY"):
                found.append(line.split()[1])
                break
        done.set()

    threading.Thread(target=read, daemon=True).start()
    done.wait(300)  # a state, not a timing: gradio takes long to import on a loaded machine
    if not found:
        proc.kill()
        pytest.fail("the walkthrough app did not start")
    yield found[0]
    assert proc.stdin is not None
    proc.stdin.close()
    try:
        proc.wait(5)
    except subprocess.TimeoutExpired:
        proc.kill()


def snippet(text: str, url: str, url2: str = "") -> str:
    return text.replace("http://127.0.0.1:7860", url).replace("http://127.0.0.1:7861", url2)


@pytest.fixture
def wsh(gradio6, no_ambient_token):
    s = Shell(gradio6)
    yield s
    s.close()


def test_get_gradio_info(wsh, walkthrough_url):
    out = wsh.ev(snippet("# Check the API endpoints!\nGet-GradioInfo http://127.0.0.1:7860", walkthrough_url))
    assert "/Op1" in out[0]["named_endpoints"].keys()
    params = wsh.ev(snippet("""# Check the API endpoints!
$AppInfo = Get-GradioInfo http://127.0.0.1:7860

# list the parameters of the endpoint
$AppInfo.named_endpoints.'/op1'.parameters
""", walkthrough_url))
    assert [p["label"] for p in params] == ["Duration, in, seconds"]
    assert params[0]["parameter_name"] == "Duration"


def test_send_and_update(wsh, walkthrough_url):
    wsh.ev(snippet("$Event = Send-GradioApi -AppUrl 'http://127.0.0.1:7860' -ApiName Op1 -Params @(1)",
                   walkthrough_url))
    events = wsh.ev("$Event | Update-GradioApiResult")
    assert events[0]["event"] == "generating" and events[0]["data"] == ["Dur:1"]
    assert events[-1]["event"] == "complete" and events[-1]["data"] == ["Finished"]
    assert all(e.type_name == "GradioApiEventResult" for e in events)
    assert [e["num"] for e in events] == list(range(1, len(events) + 1))


def test_new_gradio_session(wsh, walkthrough_url):
    wsh.ev(snippet("# creates a new session\nNew-GradioSession http://127.0.0.1:7860", walkthrough_url))
    assert wsh.ev("Get-GradioSession | % Name") == [walkthrough_url]
    out = wsh.ev("Invoke-GradioSessionApi Op1 @(1) | Update-GradioSessionApiResult | ? event -ne heartbeat | % { $_.data[0] }")
    assert out[0] == "Dur:1" and out[-1] == "Finished"


def test_two_sessions_and_default(wsh, walkthrough_url):
    wsh.ev(snippet("""$app1 = New-GradioSession http://127.0.0.1:7860
$app2 = New-GradioSession http://127.0.0.1:7861

Set-GradioSession -Default $app2
""", walkthrough_url, wsh.server.url("basic")))
    assert wsh.one("(Get-GradioSession .).AppUrl") == wsh.server.url("basic")
    r = wsh.ev("Invoke-GradioSessionApi echo 'default is app2' | Update-GradioSessionApiResult")
    assert r[-1]["data"] == ["default is app2"]


def test_session_object_pipeline_example(wsh, walkthrough_url):
    # from New-GradioSessionApiProxyFunction's help: $MySession | Invoke-GradioSessionApi ... then update
    wsh.ev(snippet("""$MySession = New-GradioSession http://127.0.0.1:7860
$MySession = Get-GradioSession http://127.0.0.1:7860
$ApiEvent = $MySession | Invoke-GradioSessionApi -ApiName 'Op1' -params 1
""", walkthrough_url))
    out = wsh.ev("$ApiEvent | Update-GradioApiResult | % { $_.data }")
    assert out[0] == "Dur:1" and out[-1] == "Finished"


def test_proxy_function_section(wsh, walkthrough_url):
    # "Now, let's create the functions!" — Invoke-GradioApiOp1, get-help, and the ElapsedSeconds loop
    made = wsh.ev(snippet("""# first, opening the session!
New-GradioSession http://127.0.0.1:7860

# Now, let's create the functions!
New-GradioSessionApiProxyFunction
""", walkthrough_url))
    assert "Invoke-GradioApiOp1" in [getattr(m, "Name", None) or m["Name"] for m in made[1:]]
    help_text = wsh.one("get-help -full Invoke-GradioApiOp1 | Out-String")
    assert "-Duration" in help_text and "Duration, in, seconds" in help_text
    out = wsh.ev('Invoke-GradioApiOp1 -Duration 1 | %{ "ElapsedSeconds: $($_.data)" }')
    assert out[0] == "ElapsedSeconds: Dur:1" and out[-1] == "ElapsedSeconds: Finished"
    assert len(out) >= 3


def test_hugging_face_section(wsh, walkthrough_url, monkeypatch):
    # the Hub part, with HF_ENDPOINT pointed at the local Hub stand-in whose rrg92/diffusers-labs
    # space is hosted by the walkthrough app
    sys.path.insert(0, str(ROOT / "tests" / "hub"))
    import hub_standin
    hub = hub_standin.start()
    try:
        monkeypatch.setenv("HF_ENDPOINT", hub.url)
        hub.spaces = {"rrg92/diffusers-labs": hub_standin.space("rrg92/diffusers-labs", walkthrough_url)}
        hub.models = [{"id": f"meta-llama/m{i}", "downloads": d, "likes": 0, "pipeline_tag": "text-generation"}
                      for i, d in enumerate([5, 50, 20, 40, 10, 30])]
        models = wsh.ev('import-module powershai\n'
                        'Invoke-HuggingFaceHub "models" -limit 5 -author meta-llama -sort downloads -direction -1')
        assert [m["downloads"] for m in models] == [50, 40, 30, 20, 10]
        names = wsh.ev("get-command -mo powershai -Noun Hf*,HuggingFace*,Gradio* | % Name")
        assert {"Get-HuggingFaceSpace", "New-GradioSession", "Send-GradioApi"} <= set(names)
        space = wsh.one("Get-HuggingFaceSpace rrg92/diffusers-labs")
        assert space["id"] == "rrg92/diffusers-labs"
        events = wsh.ev("""# Connect to the space (and automatically creates a Gradio session)
$diff = Get-HuggingFaceSpace rrg92/diffusers-labs

# Default
Set-GradioSession -Default $diff

# Creates functions!
New-GradioSessionApiProxyFunction | Out-Null

# invokes!
Invoke-GradioApiGenerateimage -Prompt "a car flying"
""")
        image = events[-1]["data"][0]
        assert events[-1]["event"] == "complete"
        assert image["url"].startswith(walkthrough_url) and image["path"]
    finally:
        hub.stop()
