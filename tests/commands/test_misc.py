"""Get-Member, New-Object, variables, Get-Random, Get-Date, Start-Sleep, modules, prompts,
refused commands, Pester."""

from __future__ import annotations

import datetime as dt
import time

import pytest
from cmd_fakes import Block, FakeRuntime, out, run

from gshell.runtime.errors import PSError
from gshell.runtime.scope import Scope
from gshell.runtime.values import Hashtable, Record

# -- Get-Member / New-Object ---------------------------------------------------------------------

def test_get_member_record():
    rows = out("Get-Member", {}, [Record(b="x", a=1)])
    assert [(r["Name"], r["MemberType"]) for r in rows] == [
        ("Equals", "Method"), ("GetHashCode", "Method"), ("GetType", "Method"), ("ToString", "Method"),
        ("a", "NoteProperty"), ("b", "NoteProperty")]
    assert rows[4]["Definition"] == "int a=1" and rows[5]["Definition"] == "string b=x"
    assert rows[0]["TypeName"] == "System.Management.Automation.PSCustomObject"


def test_get_member_filters_and_dedup():
    rows = out("Get-Member", {"MemberType": ["Property"]}, ["a", "b"])
    assert [r["Name"] for r in rows] == ["Length"]
    rows = out("Get-Member", {"Name": ["To*"]}, ["a"])
    assert [r["Name"] for r in rows] == ["ToCharArray", "ToLower", "ToLowerInvariant", "ToString", "ToUpper",
                                         "ToUpperInvariant"]
    with pytest.raises(PSError, match="You must specify an object"):
        out("Get-Member", {}, [])


def test_get_member_display(sh):
    stdout, _ = sh("'x' | gm -MemberType Property")
    assert stdout == ("\n   TypeName: System.String\n\n"
                      "Name   MemberType Definition\n"
                      "----   ---------- ----------\n"
                      "Length Property   int Length {get;}\n\n")


def test_new_object():
    [r] = out("New-Object", {"TypeName": "PSObject", "Property": Hashtable(a=1)})
    assert isinstance(r, Record) and r["a"] == 1
    with pytest.raises(PSError, match="not supported in gshell"):
        out("New-Object", {"TypeName": "System.Net.WebClient"})


# -- variables ---------------------------------------------------------------------------------

def test_variable_cmdlets():
    rt = FakeRuntime()
    rt.scope = Scope()
    run("Set-Variable", {"Name": ["app1"], "Value": 5}, runtime=rt)
    run("Set-Variable", {"Name": ["app2"], "Value": "x"}, runtime=rt)
    assert out_rt("Get-Variable", {"Name": ["app*"], "ValueOnly": True}, rt) == [5, "x"]
    [v] = out_rt("Get-Variable", {"Name": ["app1"]}, rt)
    assert (v["Name"], v["Value"]) == ("app1", 5)
    run("Clear-Variable", {"Name": ["app1"]}, runtime=rt)
    assert rt.scope.get("app1", "unset") is None
    run("Remove-Variable", {"Name": ["app*"]}, runtime=rt)
    assert rt.scope.names() == []
    result, inv = run("Get-Variable", {"Name": ["gone"]}, runtime=rt)
    assert result == [] and "Cannot find a variable with the name 'gone'" in inv.errors[0][0]


def out_rt(name, args, rt):
    return run(name, args, runtime=rt)[0]


def test_variables_end_to_end(ev):
    assert ev("Set-Variable -Name n -Value 3; $n + 1") == [4]
    assert ev("$abc = 1; Get-Variable abc -ValueOnly") == [1]
    assert ev("$q = 1; Remove-Variable q; $null -eq $q") == [True]


# -- Get-Random / Get-Date / Start-Sleep ------------------------------------------------------------

def test_get_random_ranges_and_seed():
    values = out("Get-Random", {"Minimum": 1, "Maximum": 7, "Count": 200, "SetSeed": 42})
    assert len(values) == 200 and set(values) <= set(range(1, 7)) and all(isinstance(v, int) for v in values)
    again = out("Get-Random", {"Minimum": 1, "Maximum": 7, "Count": 200, "SetSeed": 42})
    assert values == again
    [f] = out("Get-Random", {"Maximum": 1.0})
    assert isinstance(f, float) and 0 <= f < 1
    with pytest.raises(PSError, match="cannot be greater than or equal to the Maximum"):
        out("Get-Random", {"Minimum": 5, "Maximum": 5})


def test_get_random_from_input():
    picked = out("Get-Random", {"Count": 3}, list(range(10)))
    assert len(picked) == 3 and len(set(picked)) == 3 and set(picked) <= set(range(10))
    assert sorted(out("Get-Random", {"Shuffle": True}, [1, 2, 3])) == [1, 2, 3]
    assert out("Get-Random", {"InputObject": ["only"]}) == ["only"]


def test_get_date():
    d = dt.datetime(2024, 3, 5, 14, 7, 9)
    assert out("Get-Date", {"Date": d, "Format": "yyyy-MM-dd HH:mm:ss"}) == ["2024-03-05 14:07:09"]
    assert out("Get-Date", {"Date": d, "UFormat": "%Y/%m/%d %H:%M"}) == ["2024/03/05 14:07"]
    assert out("Get-Date", {"Date": d, "Year": 2020}) == [dt.datetime(2020, 3, 5, 14, 7, 9)]
    [now] = out("Get-Date", {})
    assert isinstance(now, dt.datetime) and abs((now - dt.datetime.now()).total_seconds()) < 5


def test_start_sleep():
    started = time.monotonic()
    assert out("Start-Sleep", {"Milliseconds": 50}) == []
    assert time.monotonic() - started >= 0.05
    with pytest.raises(PSError):
        out("Start-Sleep", {"Seconds": -1})


# -- modules, prompts, refusals ----------------------------------------------------------------------

def test_modules():
    result, inv = run("Import-Module", {"Name": ["./powershai"]})
    assert result == [] and "built into gshell" in inv.warnings[0]
    run("Install-Module", {"Name": ["powershai"]})
    with pytest.raises(PSError, match="the module 'Az' is not available in gshell"):
        run("Import-Module", {"Name": ["Az"]})
    mods = {m["Name"]: m for m in out("Get-Module", {})}
    assert "gshell.Core" in mods and "Get-Help" in mods["gshell.Core"]["ExportedCommands"]


def test_read_host_and_credential_use_the_host_reader():
    rt = FakeRuntime()
    answers = ["alice", "s3cret-pass"]
    rt.read_line = lambda prompt, secret=False: answers.pop(0)
    [cred] = run("Get-Credential", {}, runtime=rt)[0]
    assert (cred["UserName"], cred["Password"]) == ("alice", "s3cret-pass")
    from gshell import secrets
    assert secrets.mask("pw s3cret-pass") == "pw ***"
    rt.read_line = lambda prompt, secret=False: f"typed after {prompt!r}"
    assert run("Read-Host", {"Prompt": "Name"}, runtime=rt)[0] == ["typed after 'Name: '"]


def test_read_host_refuses_without_terminal(monkeypatch):
    import io
    monkeypatch.setattr("sys.stdin", io.StringIO("x\n"))
    with pytest.raises(PSError, match="not running interactively"):
        run("Read-Host", {"Prompt": "p"})


@pytest.mark.parametrize("name", ["Invoke-Expression", "iex", "Add-Type", "Start-Process"])
def test_refused_commands(name):
    with pytest.raises(PSError, match="is not supported in gshell"):
        run(name, {"ArgumentList": ["x"]})


def test_invoke_command_remote_forms_refused():
    with pytest.raises(PSError, match="Invoke-Command -ComputerName is not supported in gshell"):
        run("Invoke-Command", {"ComputerName": "srv"})


# -- Pester -----------------------------------------------------------------------------------------

def should(actual, **args):
    return run("Should", args, [actual] if not isinstance(actual, list) else actual)


@pytest.mark.parametrize("actual,args", [
    (1, {"Be": True, "ExpectedValue": 1}),
    ("A", {"Be": True, "ExpectedValue": "a"}),
    ("abc", {"BeLike": True, "ExpectedValue": "a*"}),
    ("abc", {"Match": True, "ExpectedValue": "^ab"}),
    (None, {"BeNullOrEmpty": True}),
    ([], {"BeNullOrEmpty": True}),
    ("", {"BeNullOrEmpty": True}),
    (1, {"Be": True, "ExpectedValue": "1"}),
    ([1, 2], {"Be": True, "ExpectedValue": [1, 2]}),
    (None, {"Be": True, "ExpectedValue": []}),
    ("abc", {"BeLikeExactly": True, "ExpectedValue": "a*"}),
    (2, {"BeIn": True, "ExpectedValue": [1, 2]}),
    (5, {"GT": True, "ExpectedValue": 3}),
    (5, {"BeGreaterThan": True, "ExpectedValue": 3}),
    (3, {"BeLessOrEqual": True, "ExpectedValue": 3}),
    ([1, 2, 3], {"Contain": True, "ExpectedValue": 2}),
    ([1, 2, 3], {"HaveCount": True, "ExpectedValue": 3}),
    ("x", {"BeOfType": True, "ExpectedValue": "string"}),
    (1, {"Be": True, "ExpectedValue": 2, "Not": True}),
    ("x", {"BeNullOrEmpty": True, "Not": True}),
])
def test_should_passes(actual, args):
    should(actual, **args)


@pytest.mark.parametrize("actual,args,message", [
    ("y", {"Be": True, "ExpectedValue": "x"}, "Expected strings to be the same, but they were different.\n"
     "String lengths are both 1.\nStrings differ at index 0.\nExpected: 'x'\nBut was:  'y'\n           ^"),
    ("ab", {"Be": True, "ExpectedValue": "abc"}, "Expected strings to be the same, but they were different.\n"
     "Expected length: 3\nActual length:   2\nStrings differ at index 2.\nExpected: 'abc'\nBut was:  'ab'\n"
     "           --^"),
    (2, {"Be": True, "ExpectedValue": 1}, "Expected 1, but got 2."),
    (1, {"BeExactly": True, "ExpectedValue": 2}, "Expected exactly 2, but got 1."),
    ("b", {"BeLike": True, "ExpectedValue": "a*"}, "Expected like wildcard 'a*' to match 'b', but it did not match."),
    ("b", {"BeLikeExactly": True, "ExpectedValue": "B"},
     "Expected case sensitive like wildcard 'B' to match 'b', but it did not match."),
    ("b", {"MatchExactly": True, "ExpectedValue": "B"},
     "Expected regular expression 'B' to case sensitively match 'b', but it did not match."),
    (5, {"BeGreaterThan": True, "ExpectedValue": 3, "Not": True},
     "Expected the actual value to be less than or equal to 3, but got 5."),
    ([1, 2], {"HaveCount": True, "ExpectedValue": 3}, "Expected a collection with size 3, but got collection with "
     "size 2 @(1, 2)."),
    ([], {"HaveCount": True, "ExpectedValue": 1}, "Expected a collection with size 1, but got an empty collection."),
    ("x", {"BeOfType": True, "ExpectedValue": "int"},
     "Expected the value to have type [Int32] or any of its subtypes, but got 'x' with type [String]."),
    (1, {"BeIn": True, "ExpectedValue": [2, 3]}, "Expected collection @(2, 3) to contain 1, but it was not found."),
    (["a", "b"], {"Contain": True, "ExpectedValue": "c"},
     "Expected 'c' to be found in collection @('a', 'b'), but it was not found."),
    (True, {"BeFalse": True}, "Expected $false, but got $true."),
    ("/nonexistent/x", {"Exist": True}, "Expected path '/nonexistent/x' to exist, but it did not exist."),
    ([1, 2, 3], {"BeGreaterThan": True, "ExpectedValue": 2},
     "Expected the actual value to be greater than 2, but got 1."),
    ("v", {"BeNullOrEmpty": True}, "Expected $null or empty, but got 'v'."),
    (None, {"BeNullOrEmpty": True, "Not": True}, "Expected a value, but got $null or empty."),
    (1, {"Be": True, "ExpectedValue": 1, "Not": True},
     "Expected 1 to be different from the actual value, but got the same value."),
    (1, {"BeGreaterThan": True, "ExpectedValue": 3}, "Expected the actual value to be greater than 3, but got 1."),
    (2, {"Be": True, "ExpectedValue": 1, "Because": "math"}, "Expected 1, because math, but got 2."),
])
def test_should_fails_with_pester_messages(actual, args, message):
    with pytest.raises(PSError) as info:
        should(actual, **args)
    assert info.value.message == message


def test_should_file_content_match(tmp_path):
    f = tmp_path / "notes.txt"
    f.write_text("line one\nline two\n")
    should(str(f), FileContentMatch=True, ExpectedValue="TWO")
    should(str(f), FileContentMatchMultiline=True, ExpectedValue="one\\nline")
    with pytest.raises(PSError, match="Expected 'TWO' to be exactly found in file"):
        should(str(f), FileContentMatchExactly=True, ExpectedValue="TWO")


def test_should_refuses_mock_assertions():
    with pytest.raises(PSError, match=r"Should -Invoke \(Pester mocking\) is not supported in gshell"):
        should(1, Invoke=True, ExpectedValue="Get-Date")


def test_should_throw():
    def boom(_):
        raise PSError("boom happened")
    should(Block(boom), Throw=True)
    should(Block(boom), Throw=True, ExpectedValue="boom*")
    with pytest.raises(PSError, match="Expected an exception with message like 'other' to be thrown"):
        should(Block(boom), Throw=True, ExpectedValue="other")
    with pytest.raises(PSError, match="Expected an exception to be thrown, but no exception was thrown."):
        should(Block(lambda _: None), Throw=True)
    should(Block(lambda _: None), Throw=True, Not=True)


def test_describe_it_end_to_end(sh):
    stdout, _ = sh("Describe 'math' {\n"
                   "  BeforeEach { $x = 2 }\n"
                   "  It 'adds' { $x + 1 | Should -Be 3 }\n"
                   "  Context 'bad' { It 'fails' { 1 | Should -Be 2 } }\n"
                   "  It 'skipped' -Skip { }\n"
                   "}")
    lines = stdout.splitlines()
    assert lines[:4] == ["", "Starting discovery in 1 files.", lines[2], "Running tests."]
    assert lines[2].startswith("Discovery found 3 tests in ")
    assert lines[4] == "Describing math"
    assert lines[5].startswith("  [+] adds ")
    assert lines[6] == " Context bad"
    assert lines[7].startswith("   [-] fails ") and lines[8] == "    Expected 2, but got 1."
    assert lines[9].startswith("    at ")
    assert any(line.startswith("  [!] skipped ") for line in lines)
    assert lines[-1] == "Tests Passed: 1, Failed: 1, Skipped: 1, Inconclusive: 0, NotRun: 0"


def test_should_throw_end_to_end(ev):
    assert ev("{ throw 'bad thing' } | Should -Throw 'bad*'; 'ok'") == ["ok"]
