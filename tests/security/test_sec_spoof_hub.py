"""Hub API fields (space ids, card data, runtime stage and errors, model ids and tags) carrying
every control and spoofing character, with HF_ENDPOINT on the Hub stand-in
(tests/hub/hub_standin.py): every Hub cmdlet shows them sanitized; a Space's app is the hostile
app's spoof mode."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest
from hostile import SPOOF, SPOOF_TEXTS

from gshell.display import visible

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "hub"))
import hub_standin  # noqa: E402


@pytest.fixture
def hub_shell(hostile, clean_env, monkeypatch):
    st = hub_standin.start()
    monkeypatch.setenv("HF_ENDPOINT", st.url)     # read when the shell is created
    odd = "owner/sp" + SPOOF_TEXTS["rlo"] + SPOOF_TEXTS["title"]
    evil = hub_standin.space("owner/evil", hostile.url("spoof"))
    evil["cardData"].update({"title": "card" + SPOOF, "short_description": "short" + SPOOF,
                             "emoji": SPOOF_TEXTS["zalgo"]})
    broken = hub_standin.space("owner/broken", st.url + "/hosts/broken", stage="RUNTIME_ERROR")
    broken["runtime"]["errorMessage"] = "err" + SPOOF
    building = hub_standin.space("owner/building", st.url + "/hosts/b", stage="BUILDING" + SPOOF + "\nWARNING: forged")
    st.spaces = {"owner/evil": evil, "owner/broken": broken, "owner/building": building,
                 odd: hub_standin.space(odd, st.url + "/hosts/odd") | {"author": "owner"}}
    st.models = [{"id": "m/model" + SPOOF, "downloads": 1, "likes": 1, "pipeline_tag": "tag" + SPOOF}]
    from inprocess_shell import InProcessShell
    sh = InProcessShell()
    yield sh
    sh.close()
    st.stop()


HUB_VIEWS = [
    "Get-HfSpace -Author owner", "Get-HfSpace -Author owner | Format-List *",
    "Invoke-HfHub spaces -author owner", "Get-HfSpace owner/evil | Format-List *",
    "(Get-HfSpace owner/evil).cardData", "Get-GradioSession", "Get-GradioInfo",
    "Get-HfSpace owner/broken", "(Get-HfSpace owner/broken).runtime | Format-List *",
    "Connect-HfSpaceGradio owner/broken", "Get-HfSpace owner/building", "Connect-HfSpaceGradio owner/building",
    "Find-HuggingFaceModel model", "Find-HuggingFaceModel model | Format-List *",
]


def test_hub_fields_are_shown_sanitized(hub_shell):
    seen = ""
    for line in HUB_VIEWS:
        out, err = hub_shell.run(line)
        assert visible(out + err) == out + err, line
        seen += out + err
    for marker in ("card^[]52;c;", "err^[]52", "BUILDING^[]52", "<U+202E>", "tag^[]52", "sp<U+202E>gnp.exe^[]0;pwned"):
        assert marker in seen, marker
    assert hub_shell.one("(Get-HfSpace owner/evil).cardData.title") == "card" + SPOOF   # the value intact


def test_stage_in_a_warning_is_one_bounded_line(hub_shell):
    out, err = hub_shell.run("Get-HfSpace owner/building | Out-Null; Connect-HfSpaceGradio owner/building")
    lines = [ln for ln in err.splitlines() if ln.strip()]
    assert len(lines) == 2 and not any(ln.startswith("WARNING: forged") for ln in lines), lines
    assert all(len(ln) < 400 for ln in lines), [len(ln) for ln in lines]
