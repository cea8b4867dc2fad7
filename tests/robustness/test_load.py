"""Load: 200 calls in flight across 4 sessions against an app that runs one job at a time
(tests/apps/basic.py /echo: Gradio's default concurrency_limit is 1), all started before any is
read; every result must come back to its own call.  Then the MaxCalls policies under the same
kind of load: Error refuses, Remove drops the oldest, Warning warns and keeps everything."""
from __future__ import annotations

import pytest
from robust_support import Shell, assert_clean_stderr

pytestmark = pytest.mark.usefixtures("no_ambient_token")


@pytest.fixture
def lsh(gradio6):
    s = Shell(basic=gradio6.url("basic"))
    yield s
    s.close()


def test_200_calls_in_flight_across_4_sessions(lsh: Shell) -> None:
    out, err = lsh.run(
        "1..4 | % { New-GradioSession $basic -Name \"s$_\" | Out-Null; Set-GradioSession \"s$_\" -MaxCalls 300 "
        "-MaxCallsPolicy Error }\n"
        "$calls = 1..200 | % { Invoke-GradioSessionApi echo @(\"m$_\") -Session (\"s\" + ($_ % 4 + 1)) }\n"
        "$calls.Count\n"
        "$calls | % { $c = $_; $c | Update-GradioSessionApiResult | ? event -eq complete | "
        "% { \"$($c.Num)=$($_.data[0])\" } }\n")
    assert_clean_stderr(err)
    assert err == ""
    lines = out.split()
    assert lines[0] == "200"
    got = sorted(lines[1:])
    # each session numbers its calls 1..50; call i went to session (i % 4 + 1) as its ((i-1)//4 + 1)th
    want = sorted(f"{(i - 1) // 4 + 1}=m{i}" for i in range(1, 201))
    assert got == want
    for k in range(1, 5):
        s = lsh.sessions.get(f"s{k}")
        assert len(s.calls) == 50
        assert all(c.status == "complete" for c in s.calls)
        assert {c.result[0] for c in s.calls} == {f"m{i}" for i in range(1, 201) if i % 4 + 1 == k}


def test_max_calls_policies_under_load(lsh: Shell) -> None:
    out, err = lsh.run(
        "foreach ($p in 'Error', 'Remove', 'Warning') { New-GradioSession $basic -Name $p | Out-Null; "
        "Set-GradioSession $p -MaxCalls 20 -MaxCallsPolicy $p }\n"
        "$refused = 0\n"
        "$started = foreach ($p in 'Error', 'Remove', 'Warning') { 1..50 | % { "
        "try { Invoke-GradioSessionApi echo @(\"$p$_\") -Session $p } catch { $refused++ } } }\n"
        "\"refused=$refused started=$($started.Count)\"\n"
        "foreach ($p in 'Error', 'Remove', 'Warning') { \"$p=$((Get-GradioSessionApi -Session $p).Count)\" }\n"
        "Get-GradioSessionApi -Session Remove | Update-GradioSessionApiResult | ? event -eq complete | % { $_.data[0] }\n")
    assert_clean_stderr(err)
    lines = [ln.strip() for ln in out.splitlines() if ln.strip()]
    assert lines[0] == "refused=30 started=120", out
    assert lines[1:4] == ["Error=20", "Remove=20", "Warning=50"], out
    # Remove kept the 20 newest calls, and they all complete with their own results
    assert sorted(lines[4:]) == sorted(f"Remove{i}" for i in range(31, 51))
    warnings = [ln for ln in err.splitlines() if ln.startswith("WARNING:")]
    assert len(warnings) == 30 and all("MaxCalls" in w for w in warnings), err
    sessions = lsh.sessions
    # the calls that stayed in flight in the Error and Warning sessions still finish correctly
    for name, count in (("Error", 20), ("Warning", 50)):
        calls = sessions.get(name).calls
        for c in calls:
            c.wait()
        assert sorted(c.result[0] for c in calls) == sorted(f"{name}{i}" for i in range(1, count + 1))
