"""PowerShAI's Hugging Face/Gradio walkthrough (docs/en-US/providers/huggingface/README.md),
snippet by snippet, unchanged except the URLs: http://127.0.0.1:7860 is PowerShAI's own
sample app (tests/gradio_cmdlets/apps/walkthrough.py, run by the Gradio 6 server venv) and
http://127.0.0.1:7861 the basic test app."""
from __future__ import annotations

import subprocess
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
    done.wait(120)
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
