"""Results as PowerShell values, on the conformance app (tests/apps/components.py) and checked
against gradio_client: a Dataframe result is an array of objects (filtered with Where-Object,
shown with Format-Table, sent back as an input), a Label, HighlightedText and chat messages are
typed objects that keep the server's keys, and RawData keeps the server's array."""
from __future__ import annotations

from typing import Any

import pytest
from conformance_lib import dataframe_form

from gshell.commands.gradio_views import from_value

VERSIONS = ["6.31.0", "5.50.0", "4.44.1"]
CALL = "Invoke-GradioSessionApi {api} {params} -Session comp | Update-GradioSessionApiResult | select -Last 1"


def _last(gshell, api: str, params: str) -> Any:
    out = gshell.sh.ev(CALL.format(api=api, params=params))
    assert len(out) == 1 and out[0]["event"] == "complete", from_value(out)
    return out[0]


@pytest.mark.parametrize("version", VERSIONS)
def test_dataframe_rows_round_trip(version, server_for, reference_for, gshell_for):
    server = server_for(version)
    reference, gshell = reference_for(server), gshell_for(server)
    sh = gshell.sh
    sh.ev("$people = @(@{ name = 'ada'; age = 36 }, @{ name = 'alan'; age = 41 }, @{ name = 'grace'; age = 85 })")
    sh.ev("$r = " + CALL.format(api="dataframe", params="@{ value = $people }"))
    rows = sh.ev("$r.data[0]")
    assert [r.type_name for r in rows] == ["GradioDataFrameRow"] * 3
    assert [list(r.keys()) for r in rows] == [["name", "age"]] * 3
    # the server's value stays reachable
    assert from_value(sh.one("$r.RawData[0]"))["headers"] == ["name", "age"]
    assert sh.ev("$r.RawData[0].data[2]") == ["grace", 85]
    # the rows are ordinary objects
    assert sh.ev("$r.data[0] | Where-Object age -gt 40 | ForEach-Object name") == ["alan", "grace"]
    table = sh.one("$r.data[0] | Format-Table | Out-String").splitlines()
    assert [ln.split() for ln in table if ln.strip()][:3] == [["name", "age"], ["----", "---"], ["ada", "36"]]
    # back as an input: the filtered rows go out as {headers, data}; the result equals gradio_client's
    sh.ev("$old = $r.data[0] | Where-Object age -gt 40")
    again = from_value(sh.one(CALL.format(api="dataframe", params="@{ value = $old }")))
    expected = reference.client.predict({"headers": ["name", "age"], "data": [["alan", 41], ["grace", 85]]},
                                        api_name="/dataframe")
    assert dataframe_form(again["data"][0]) == dataframe_form(expected[0])
    assert again["data"][1] == expected[1]   # what the function received (a pandas frame)
    # one row alone (Where-Object found one) is a one-row table
    one = from_value(sh.one(CALL.format(api="dataframe", params="@{ value = ($r.data[0] | ? name -eq 'ada') }")))
    assert dataframe_form(one["data"][0]) == {"headers": ["name", "age"], "rows": [["ada", 36]]}


def test_dataframe_rows_through_a_proxy_pipeline(server_for, gshell_for):
    """A proxy's Dataframe result piped (-Map) into another proxy call."""
    gshell = gshell_for(server_for("6.31.0"))
    proxy = gshell.proxies["dataframe"]
    out = gshell.sh.ev(f"{proxy} -Value @([ordered]@{{ name = 'ada'; age = 36 }}) | {proxy} -Map Value=0 "
                       "| select -Last 1")
    assert [from_value(r) for r in out[0]["data"][0]] == [{"name": "ada", "age": 36}]


@pytest.mark.parametrize("version", VERSIONS)
def test_label_highlighted_and_chat_are_typed_objects(version, server_for, reference_for, gshell_for):
    server = server_for(version)
    reference, gshell = reference_for(server), gshell_for(server)
    sh = gshell.sh
    label = _last(gshell, "label_out", "@(,[ordered]@{ cat = 0.75; dog = 0.25 })")["data"][0]
    assert label.type_name == "GradioLabel"
    assert [c.type_name for c in label["confidences"]] == ["GradioLabelConfidence"] * 2
    assert from_value(label) == reference.client.predict({"cat": 0.75, "dog": 0.25}, api_name="/label_out")
    tokens = _last(gshell, "highlightedtext_out", "@(,@(@('The ', $null), @('cat', 'animal')))")["data"][0]
    assert [t.type_name for t in tokens] == ["GradioHighlightedToken"] * 2
    assert from_value(tokens) == reference.client.predict([["The ", None], ["cat", "animal"]],
                                                          api_name="/highlightedtext_out")
    sh.ev("$h = " + CALL.format(api="chat_reply", params="@('hi', @())"))
    history = sh.ev("$h.data[0]")
    assert [m.type_name for m in history] == ["GradioChatMessage"] * 2   # 4.x pairs too
    assert [str(m["role"]) for m in history] == ["user", "assistant"]
    # the history goes back as an input unchanged
    again = from_value(sh.one(CALL.format(api="chat_reply", params="@('more', $h.data[0])")))["data"][0]
    assert len(again) == 4 and again[:2] == from_value(history)
    if version.startswith("4."):
        # a 4.x 'tuples' Chatbot: the server's pairs are RawData, equal to gradio_client's result
        # for the same history given as pairs; messages were sent as pairs
        assert from_value(sh.one("$h.RawData[0]")) == ["hi", "echo: hi (0 before)"]   # one pair (unrolled)
        ref = reference.client.predict("more", [["hi", "echo: hi (0 before)"]], api_name="/chat_reply")
        ours = from_value(sh.one(CALL.format(api="chat_reply", params="@('more', $h.data[0])")))
        assert ours["RawData"][0] == ref
        assert ours["data"][0] == [{"role": r, "content": c} for pair in ref for r, c in zip(
            ("user", "assistant"), pair, strict=True)]


@pytest.mark.parametrize("version", VERSIONS)
def test_a_datetime_is_sent_in_gradio_form(version, server_for, reference_for, gshell_for):
    """A [datetime] for a DateTime parameter is sent as gradio_client sends the text; the result
    stays the server's text (as gradio_client's)."""
    server = server_for(version)
    reference, gshell = reference_for(server), gshell_for(server)
    got = from_value(_last(gshell, "datetime", "@{ value = [datetime]'2024-05-06 07:08:09' }")["data"])
    assert got == list(reference.client.predict("2024-05-06 07:08:09", api_name="/datetime"))


@pytest.mark.parametrize("version", VERSIONS)
def test_an_empty_dataframe_result_keeps_its_headers(version, server_for, reference_for, gshell_for):
    """No rows: the result is an empty array whose .Headers are gradio_client's headers."""
    server = server_for(version)
    reference, gshell = reference_for(server), gshell_for(server)
    sh = gshell.sh
    empty = {"headers": ["name", "age"], "data": [], "metadata": None}
    ref = reference.client.predict(empty, api_name="/dataframe")[0]   # the table (then its description)
    sh.ev("$r = " + CALL.format(api="dataframe", params="@{ value = @{ headers = @('name', 'age'); data = @() } }"))
    assert sh.one("$r.data[0].Count") == 0
    assert sh.ev("$r.data[0].Headers") == ref["headers"] == ["name", "age"]
    assert sh.ev("$t = $r.data[0]; $t.Headers") == ["name", "age"]            # kept in a variable
    assert [r for r in ref["data"] if r] == [] and from_value(sh.one("$r.RawData[0]"))["headers"] == ref["headers"]
