"""Proxy functions against the real Gradio apps of tests/apps (every major where it matters)."""
from __future__ import annotations

import os

import pytest

from gshell.runtime.errors import PSError


def _open(sh, *apps: str) -> None:
    for app, prefix in apps:
        sh.ev(f"New-GradioSession ${app} -Name {app} | Out-Null")
        sh.ev(f"New-GradioSessionApiProxyFunction -Session {app} -Prefix {prefix} | Out-Null")


def test_two_app_pipeline_with_map(psh):
    _open(psh, ("basic", "B"), ("files", "F"))
    out = psh.ev("BEcho -Text hello | FFileSingle -Map Text=0 | FFileInfo -Map F=0 | "
                 "% { $_.data[0]; $_.pipeline.Count; $_.pipeline[0].data[0] }")
    assert out == ["out.txt:hello", 2, "hello"]


def test_pipeline_binds_by_kind_without_map(psh):
    _open(psh, ("basic", "B"), ("files", "F"))
    out = psh.ev("BEcho -Text kind | FFileSingle | FFileInfo | % { $_.data[0] }")
    assert out == ["out.txt:kind"]


def test_ambiguous_piped_binding_suggests_map(psh6):
    _open(psh6, ("basic", "B"))
    with pytest.raises(PSError) as e:
        psh6.ev("BEcho -Text x | BDefaults")
    assert "-Map" in e.value.record.message and "-Text" in e.value.record.message
    out = psh6.ev("BEcho -Text x | BDefaults -Map Maybe=0 -N 2 | % { $_.data[0] }")
    assert out == ["text='hello' n=2 maybe='x'"] or out == ["text='hello' n=2.0 maybe='x'"]


def test_file_parameter_uploads_relative_path(psh, tmp_path, monkeypatch):
    _open(psh, ("files", "F"))
    (tmp_path / "note.txt").write_text("content-42")
    monkeypatch.chdir(tmp_path)
    assert psh.ev("FFileInfo -F note.txt | % { $_.data[0] }") == ["note.txt:content-42"]
    (tmp_path / "b.bin").write_bytes(b"12345")
    out = psh.ev(f"FFileMultiInfo -Files note.txt,'{tmp_path / 'b.bin'}' | % {{ $_.data[0] }}")
    assert out == ["note.txt:10;b.bin:5"]


def test_file_parameter_missing_file_is_an_error(psh6, tmp_path):
    _open(psh6, ("files", "F"))
    out, err = psh6.run(f"FFileInfo -F '{tmp_path / 'nope.txt'}'")
    assert "file not found" in err
    assert psh6.interp.last_status is False or psh6.interp.failed


def test_enum_validated_and_types_converted(psh):
    _open(psh, ("basic", "B"))
    with pytest.raises(PSError) as e:
        psh.ev("BNumbers -Num 1 -Colour purple")
    assert "red,green,blue" in e.value.record.message
    rec = psh.ev("BNumbers -Num '7' -Slider 3 -Flag $true -Colour GREEN | % { $_.data[0] }")[0]
    assert rec["num"] == 7 and rec["colour"] == "green" and rec["flag"] is True and rec["slider"] == 3


@pytest.mark.parametrize("flag, expected", [("-Flag:$false", False), ("-Flag 1", True), ("-Flag 'true'", True),
                                            ("-Flag $true", True), ("-Flag 0", False)])
def test_boolean_forms(psh6, flag, expected):
    _open(psh6, ("basic", "B"))
    rec = psh6.ev(f"BNumbers -Num 1 {flag} | % {{ $_.data[0] }}")[0]
    assert rec["flag"] is expected


def test_defaults_come_from_info(psh6):
    _open(psh6, ("basic", "B"))
    rec = psh6.ev("BNumbers -Num 1 | % { $_.data[0] }")[0]
    assert rec["slider"] == 5 and rec["colour"] == "red"


def test_streaming_events_drop_heartbeats(psh6):
    _open(psh6, ("basic", "B"))
    out = psh6.ev("BStream -N 3 | % { $_.event }")
    assert out.count("generating") >= 2 and out[-1] == "complete" and "heartbeat" not in out


def test_error_event_is_a_non_terminating_error(psh6):
    _open(psh6, ("basic_shown", "S"))
    out, err = psh6.run("SGrError -Text bad | % { $_.event }; 'after'")
    assert "boom: bad" in err
    assert out.strip().splitlines()[-1] == "after"


def test_proxy_for_removed_session_fails_clearly(psh6):
    _open(psh6, ("basic", "B"))
    psh6.ev("Remove-GradioSession basic")
    with pytest.raises(PSError) as e:
        psh6.ev("BEcho -Text x")
    msg = e.value.record.message
    assert "session 'basic' was removed" in msg and "New-GradioSessionApiProxyFunction" in msg


def test_manual_returns_the_call_record(psh6):
    _open(psh6, ("basic", "B"))
    out = psh6.ev("$c = BEcho -Text man -Manual; $c.GetType().Name; $c | Update-GradioSessionApiResult | "
                  "? event -eq complete | % { $_.data[0] }")
    assert out == ["GradioSessionApiEvent", "man"]


def test_help_and_get_command_document_the_proxy(psh6):
    _open(psh6, ("basic", "B"))
    text = "\n".join(psh6.ev("Get-Help BNumbers -Full"))
    for piece in ("colour", "Gradio component: Dropdown", "Choices: red, green, blue", "Accepted values: red, green, blue",
                  "Default: \"red\"", "-ApiResultMap", "/numbers"):
        assert piece in text, piece
    rows = psh6.ev("Get-Command BEcho")
    assert rows[0]["CommandType"] == "Function" and rows[0]["Source"] == "gshell.GradioProxy"
    names = psh6.ev("Get-Command -Module gshell.GradioProxy | % Name")
    assert "BEcho" in names and "BNumbers" in names


def test_prefix_matching_and_positional(psh6):
    _open(psh6, ("basic", "B"))
    assert psh6.ev("BEcho pos | % { $_.data[0] }") == ["pos"]
    assert psh6.ev("BEcho -Te pre | % { $_.data[0] }") == ["pre"]
    assert psh6.ev("BEcho -Text m -map x=0 -DebugData | % ApiName") == ["echo"]


def test_force_and_clashes(psh6):
    psh6.ev("New-GradioSession $basic -Name basic | Out-Null")
    assert psh6.ev("New-GradioSessionApiProxyFunction echo | % Name") == ["Invoke-GradioApiEcho"]
    # the same session again: recreated without -Force
    assert psh6.ev("GradioApiFunction echo | % Name") == ["Invoke-GradioApiEcho"]
    psh6.ev("function Invoke-GradioApiEcho { 'mine' }")
    out, err = psh6.run("New-GradioSessionApiProxyFunction echo")
    assert "already exists" in err and "-Force" in err
    assert psh6.ev("Invoke-GradioApiEcho") == ["mine"]
    psh6.ev("New-GradioSessionApiProxyFunction echo -Force | Out-Null")
    assert psh6.ev("Invoke-GradioApiEcho -Text f | % { $_.data[0] }") == ["f"]
    # a built-in cmdlet is never replaced silently
    out, err = psh6.run("New-GradioSessionApiProxyFunction echo -Prefix Get-Gradio; "
                        "New-GradioSessionApiProxyFunction -ApiName Session -Prefix Get-Gradio")
    assert "no endpoint 'session'" in err


def test_get_and_remove_proxy_functions(psh6):
    _open(psh6, ("basic", "B"), ("files", "F"))
    assert "BEcho" in psh6.ev("Get-GradioSessionApiProxyFunction basic | % Name")
    assert "BEcho" not in psh6.ev("Get-GradioSessionApiProxyFunction files | % Name")
    psh6.ev("Get-GradioSessionApiProxyFunction basic | Remove-GradioSessionApiProxyFunction")
    with pytest.raises(PSError):
        psh6.ev("BEcho -Text x")
    psh6.ev("Remove-GradioSessionApiProxyFunction F*")
    assert psh6.ev("Get-GradioSessionApiProxyFunction * | % Name") == []
    out, err = psh6.run("Remove-GradioSessionApiProxyFunction Get-Random")
    assert "not a Gradio proxy function" in err


def test_selected_endpoints_and_unknown_one(psh6):
    psh6.ev("New-GradioSession $basic -Name basic | Out-Null")
    assert psh6.ev("GradioApiFunction /echo,Numbers -Prefix X | % Name") == ["XEcho", "XNumbers"]
    out, err = psh6.run("GradioApiFunction nope -Prefix X")
    assert "no endpoint 'nope'" in err and "echo" in err


def test_dynamic_api(psh):
    psh.ev("New-GradioSession $basic -Name basic | Out-Null")
    assert psh.ev("Invoke-GradioDynamicApi echo -Text dyn | % { $_.data[0] }") == ["dyn"]
    rec = psh.ev("Invoke-GradioDynamicApi -ApiName numbers -Num 2 -Flag -Colour blue | % { $_.data[0] }")[0]
    assert rec["flag"] is True and rec["colour"] == "blue" and rec["num"] == 2
    rec = psh.ev("Invoke-GradioDynamicApi numbers -Num:4 -Flag:$false -Col green | % { $_.data[0] }")[0]
    assert rec["flag"] is False and rec["colour"] == "green" and rec["num"] == 4
    with pytest.raises(PSError) as e:
        psh.ev("Invoke-GradioDynamicApi numbers -Colour pink")
    assert "red,green,blue" in e.value.record.message
    with pytest.raises(PSError) as e:
        psh.ev("Invoke-GradioDynamicApi nothere -X 1")
    assert "nothere" in e.value.record.message and "echo" in e.value.record.message
    assert psh.ev("Invoke-GradioDynamicApi echo -Text m -Manual | % { $_.GetType().Name }") == ["GradioSessionApiEvent"]


def test_space_object_as_session_name(psh6):
    """Proxies remember the session by name; `Space:owner/name` names work too."""
    psh6.ev("New-GradioSession $basic -Name 'Space:me/app' | Out-Null")
    assert psh6.ev("GradioApiFunction echo -Session 'Space:me/app' -Prefix Sp | % { $_.GradioProxy.Session }") == \
        ["Space:me/app"]
    assert psh6.ev("SpEcho -Text s | % { $_.data[0] }") == ["s"]
    assert os.environ.get("HF_TOKEN") is None


def test_proxy_timeoutsec_gives_one_error_and_keeps_events(psh6):
    _open(psh6, ("basic", "B"))
    psh6.ev("$err = $null")
    out = psh6.ev("BSlow -Seconds 30 -TimeoutSec 2 -ErrorVariable err -ErrorAction SilentlyContinue | "
                  "% event; 'after'; $err.Count; \"$err\"")
    assert out[:-3] == [] and out[-3:-1] == ["after", 1], out  # heartbeats are dropped by proxies
    assert "timed out after 2 s" in out[-1]
