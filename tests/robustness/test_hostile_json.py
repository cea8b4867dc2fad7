"""Hostile JSON from a server (tests/servers/hostile_json.py on 127.0.0.1): nesting far past any
sane depth, integers Python will not convert, lone surrogates, invalid UTF-8, NUL, NaN, duplicate
keys, a BOM, UTF-16.  In every place a server's JSON is read (/config, /info, the POST answer, an
event, an error body, the Hub) each gives one clean line or a sensible value, never a traceback,
an "internal error" or a crash of the process; on the main thread and in the thread that waits
for an earlier gr.State call."""
from __future__ import annotations

import json
import sys
from itertools import accumulate
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from robust_support import assert_clean_stderr, gshell_cli, gshell_env

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "servers"))
import hostile_json as H  # noqa: E402

from gshell.gradio import jsondoc  # noqa: E402

DEPTH = "nested deeper than 1,000 levels (the limit; raise it with $env:GSHELL_MAX_JSON_DEPTH)"
DIGITS = "an integer of more than 4,300 digits"
SURROGATE_SHOWN = "lone \ufffd here"


@pytest.fixture(scope="module")
def hj():
    srv = H.start()
    yield srv
    srv.stop()


def _script(base: str, payload: str) -> str:
    """One line per place ('<where>: ok <what was read>' or '<where>: <the error>')."""
    u = {w: f"{base}/{payload}-{w}" for w in H.WHERE}
    call = ("$s | Invoke-GradioSessionApi -ApiName x -Params @{text='hi'} -ErrorAction Stop | "
            "Update-GradioSessionApiResult -ErrorAction Stop")
    return "\n".join([
        f"try {{ $s = New-GradioSession '{u['cfg']}' -ErrorAction Stop; 'cfg: ok' }} catch {{ \"cfg: $_\" }}",
        f"try {{ $i = Get-GradioInfo '{u['info']}' -ErrorAction Stop; 'info: ok ' + ($i | ConvertTo-Json -Depth 9 -Compress) }}"
        " catch { \"info: $_\" }",
        f"try {{ $s = New-GradioSession '{u['post']}'; $r = {call}; 'post: ok' }} catch {{ \"post: $_\" }}",
        f"try {{ $s = New-GradioSession '{u['event']}'; $r = {call}; 'event: ok ' + ($r.data | ConvertTo-Json -Compress -Depth 3) }}"
        " catch { \"event: $_\" }",
        f"try {{ $s = New-GradioSession '{u['err']}'; $r = {call}; 'err: ok' }} catch {{ \"err: $_\" }}",
        f"$s = New-GradioSession '{u['state']}'; $c1 = $s | Invoke-GradioSessionApi -ApiName x -Params @{{text='a'}}",
        # the second gr.State call waits for the first in a thread (a -TimeoutSec bounds the wait):
        # that thread reads the first call's hostile event
        "try { $c2 = $s | Invoke-GradioSessionApi -ApiName x -Params @{text='b'} -TimeoutSec 60 -ErrorAction Stop -WarningAction SilentlyContinue; "
        "'state: posted ' + $c1.Status } catch { \"state: $_\" }",
        "'done'",
    ])


def _lines(out: str) -> dict[str, str]:
    found = {}
    for line in out.splitlines():
        where, sep, rest = line.partition(": ")
        if sep and where in H.WHERE:
            found[where] = rest
    return found


def _run(hj, payload: str, **env: str):
    r = gshell_cli("-c", _script(hj.base, payload), env=gshell_env(**env), timeout=120)
    assert r.returncode >= 0, f"gshell crashed ({r.returncode}): {r.stderr[-500:]}"   # -11: a segfault
    assert_clean_stderr(r.stderr)
    assert r.stdout.rstrip().endswith("done"), (r.stdout[-500:], r.stderr[-500:])
    return _lines(r.stdout), r


@pytest.mark.parametrize("payload", ["deep", "deeper", "deepobj"])
def test_deep_nesting_is_refused_everywhere_with_one_line(hj, payload):
    found, r = _run(hj, payload)
    for where in ("cfg", "info", "post", "event", "err"):
        assert DEPTH in found[where], (where, found[where][:300])
        assert len(found[where]) < 400, found[where][:400]
    assert found["state"].startswith("posted broken"), found["state"]   # the thread's read failed cleanly


def test_a_raised_depth_bound_still_never_crashes(hj):
    """GSHELL_MAX_JSON_DEPTH past the hard cap counts as 10,000: a value that deep is read and
    shown (also in the gr.State wait thread, whose C stack is the default 8 MB), a deeper one is
    refused."""
    found, _ = _run(hj, "deep10k", GSHELL_MAX_JSON_DEPTH="5000000")
    assert found["event"].startswith("ok "), found["event"][:200]
    assert found["state"] == "posted complete"
    found, _ = _run(hj, "deepobj", GSHELL_MAX_JSON_DEPTH="5000000")
    assert "nested deeper than 10,000 levels (gshell's most)" in found["event"]
    assert found["state"] == "posted broken"


@pytest.mark.parametrize("payload", ["bigint", "bignested"])
def test_huge_integers_give_one_line(hj, payload):
    found, _ = _run(hj, payload)
    for where in ("cfg", "info", "post", "event", "err"):
        assert DIGITS in found[where], (where, found[where][:300])
    assert found["state"] == "posted broken"


# payload -> what the event's data reads as (ConvertTo-Json -Compress of the output list)
READ: dict[str, str] = {
    "deepstr": '["' + "[" * 20,
    "surrogate": json.dumps(SURROGATE_SHOWN, ensure_ascii=False),
    "badutf8": '"caf\ufffd \ufffd\ufffd end"',
    "nul": '"a\\u0000b"',
    "nan": '["NaN","Infinity","-Infinity"]',  # ConvertTo-Json writes them as strings, like pwsh
    "dupkeys": '{"a":3}',
    "bom": '"ok"',
    "utf16": '"ok"',
    "huge": '"Infinity"',   # 1e999999 is a double: infinity
}


@pytest.mark.parametrize("payload", sorted(READ))
def test_odd_text_is_read_and_shown_sensibly(hj, payload):
    found, r = _run(hj, payload)
    assert found["cfg"] == "ok"
    assert found["info"].startswith("ok "), found["info"][:300]
    assert found["event"].startswith("ok " + READ[payload]), found["event"][:300]
    assert found["state"] == "posted complete"
    assert "\ufffd\ufffd" not in r.stdout.replace("\ufffd\ufffd end", "")   # nothing garbled but the bad bytes
    # the POST answered an event_id that is not a plain name: refused in one line, nothing sent with it
    assert found["post"].startswith(("ok", "calling /x: the server answered an event_id that is not")), found["post"]
    assert found["err"].startswith("calling /x: 500 server error"), found["err"]
    assert len(found["err"]) < 500


def test_the_values_keep_what_was_sent(hj):
    """The lone surrogate stays in the value (as a UTF-16 string would); only the writers show
    U+FFFD.  NaN stays a double."""
    src = (f"$s = New-GradioSession '{hj.base}/surrogate-event'; "
           "$r = $s | Invoke-GradioSessionApi -ApiName x -Params @{text='hi'} | Update-GradioSessionApiResult; "
           "$r.data[0].IndexOf([char]0xD800); $s2 = New-GradioSession '{hj.base}/nan-event'; "
           "$n = $s2 | Invoke-GradioSessionApi -ApiName x -Params @{text='hi'} | Update-GradioSessionApiResult; $x = $n.data[0][0]; $x.GetType().Name; $x -eq $x")
    r = gshell_cli("-c", src.replace("{hj.base}", hj.base))
    assert_clean_stderr(r.stderr)
    assert r.stdout.split() == ["5", "Double", "False"], r.stdout   # NaN is not equal to itself


@pytest.mark.parametrize("payload", ["deep", "deeper", "bigint", "surrogate", "badutf8", "utf16", "bom"])
def test_hub_answers(hj, payload):
    src = "try { Get-HuggingFaceSpace u/s -ErrorAction Stop | Out-String -Width 200 } catch { \"hub: $_\" }; 'done'"
    r = gshell_cli("-c", src, env=gshell_env(HF_ENDPOINT=f"{hj.base}/{payload}-hub"))
    assert r.returncode >= 0
    assert_clean_stderr(r.stderr)
    assert r.stdout.rstrip().endswith("done")
    if payload.startswith("deep"):
        assert DEPTH in r.stdout
    elif payload == "bigint":
        assert DIGITS in r.stdout
    else:
        assert "u/s" in r.stdout and "gradio" in r.stdout and "hub:" not in r.stdout, r.stdout


@pytest.mark.parametrize("payload, shown", [("deep", DEPTH), ("bigint", DIGITS), ("surrogate", SURROGATE_SHOWN)])
def test_send_gradio_api(hj, payload, shown):
    """The sessionless cmdlets read through the same reader."""
    src = (f"Send-GradioApi -AppUrl '{hj.base}/{payload}-event' -ApiName x -Params @{{text='hi'}} | "
           "Update-GradioApiResult | Out-String -Width 150; 'done'")
    r = gshell_cli("-c", src)
    assert r.returncode >= 0
    assert_clean_stderr(r.stderr)
    assert r.stdout.rstrip().endswith("done")
    assert shown in r.stdout + r.stderr, (r.stdout, r.stderr)


def test_names_with_surrogates_and_nul_reach_urls_and_files(hj, tmp_path):
    """An endpoint named with a lone surrogate is called (percent-encoded as the server sent
    it), also with a surrogate in a parameter; a FileData named with one and a NUL downloads
    to a name the file system takes (U+FFFD, NUL dropped)."""
    name = "'lone ' + [char]0xD800 + ' here'"
    call = "Invoke-GradioSessionApi -ApiName $n -Params @{text=$n} | Update-GradioSessionApiResult"
    src = (f"$s = New-GradioSession '{hj.base}/surrogate-name'; $n = {name}; ($s | {call}).data; "
           f"Send-GradioApi -AppUrl '{hj.base}/surrogate-name' -ApiName $n -Params @{{text='hi'}} | "
           "Update-GradioApiResult | % data; "
           f"$f = New-GradioSession '{hj.base}/surrogatefile-event'; $r = $f | Invoke-GradioSessionApi -ApiName x "
           f"-Params @{{text='hi'}} | Update-GradioSessionApiResult; $r | Save-GradioFile -Path '{tmp_path}' | "
           "Out-Null; 'done'")
    hj.main.requests.clear()
    r = gshell_cli("-c", src)
    assert_clean_stderr(r.stderr)
    assert r.stdout.split() == ["fine", "fine", "done"], (r.stdout, r.stderr)
    paths = [q["path"] for q in hj.main.requests]
    assert "/surrogate-name/gradio_api/call/lone%20%ED%A0%80%20here" in paths
    assert b'"data":["lone \\ud800 here"]' in next(q["body"] for q in hj.main.requests if q["method"] == "POST")
    assert [p.name for p in tmp_path.iterdir()] == ["a\ufffdbc.txt"]


# ------------------------------------------------------------------------------- the reader itself

@pytest.mark.parametrize("text", ["1", "[]", "[[]]", '{"a": [1, {"b": []}]}', '["[[[", "\\"[[", "\\\\"]',
                                  '[{"k[": "]]]"}, [[["x"]]]]', '"[[[["', "[[[1]], [2]]"])
def test_depth_matches_the_parsed_value(text):
    assert jsondoc.depth(text) == _real_depth(json.loads(text))


def test_invalid_json_counts_what_the_parser_would_enter():
    """The parser never looks for structure inside a string, an unterminated one too; the
    brackets before it count."""
    assert jsondoc.depth('["abc' + "[" * 50) == 1
    assert jsondoc.depth("[" * 2000 + '"') == 2000
    with pytest.raises(jsondoc.JsonRefused):
        jsondoc.check_depth("[" * 2000 + '"', 1000)
    assert jsondoc.depth('["\\\\"' + ", [[[]]]]") == 4     # an escaped backslash ends before the quote
    assert jsondoc.depth('["\\"[[[[["]') == 1                 # an escaped quote does not end the string


def _real_depth(v):
    if isinstance(v, dict):
        return 1 + max((_real_depth(x) for x in v.values()), default=0)
    if isinstance(v, list):
        return 1 + max((_real_depth(x) for x in v), default=0)
    return 0


@given(st.recursive(st.none() | st.integers() | st.text(alphabet='[]{}"\\ab\u00e9\n\ud800', max_size=8),
                    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(
                        st.text(alphabet='[]{}"\\k', max_size=4), inner, max_size=3), max_leaves=30),
       st.booleans())
def test_depth_of_any_document(value, ascii_only):
    text = json.dumps(value, ensure_ascii=ascii_only)
    assert jsondoc.depth(text) == _real_depth(value)


@given(st.lists(st.sampled_from("[]{}"), max_size=200), st.integers(0, 60))
def test_depth_of_any_bracket_sequence(seq, extra):
    """Past the pair-removal passes (deep) and for brackets that do not pair (invalid JSON) the
    scan is never below what the parser would enter: the running count's maximum."""
    text = "[" * extra + "".join(seq) + "]" * extra
    running = list(accumulate(1 if c in "[{" else -1 for c in text))
    deepest = max([0, *running])
    assert jsondoc.depth(text) >= deepest
    if not running or (min(running) >= 0 and running[-1] == 0):   # balanced: exact
        assert jsondoc.depth(text) == deepest


@pytest.mark.parametrize("codec", ["utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-le",
                                   "utf-32-be"])
def test_bodies_in_every_json_encoding(codec):
    assert jsondoc.loads('{"a": "\u00e9\u4e2d"}'.encode(codec)) == {"a": "\u00e9\u4e2d"}


def test_the_bound_follows_the_environment(monkeypatch):
    doc = "[" * 50 + "]" * 50
    assert jsondoc.loads(doc) is not None
    monkeypatch.setenv("GSHELL_MAX_JSON_DEPTH", "49")
    with pytest.raises(jsondoc.JsonRefused, match="deeper than 49 levels"):
        jsondoc.loads(doc)
    monkeypatch.setenv("GSHELL_MAX_JSON_DEPTH", "50")
    assert jsondoc.loads(doc) is not None


def test_request_bodies_carry_what_httpx_refuses():
    assert jsondoc.dumps({"c": "\u00e9", "n": [1, 2]}) == '{"c":"\u00e9","n":[1,2]}'.encode()   # as httpx writes
    assert jsondoc.dumps({"a": float("nan"), "b": "x\ud800", "c": "\u00e9"}) == \
        b'{"a":NaN,"b":"x\\ud800","c":"\\u00e9"}'
