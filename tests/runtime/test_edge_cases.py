"""The ten edge cases of docs/language.md (c.1 to c.10), with PowerShell's exact results."""

from __future__ import annotations

from typing import Any

from rt_helpers import ev, one

from gshell.runtime.host import CaptureHost
from gshell.runtime.interpreter import Interpreter
from gshell.runtime.registry import Command, Parameter, Registry


def _capture_params() -> tuple[Interpreter, list[Any]]:
    seen: list[Any] = []

    def run(inv: Any) -> list[Any]:
        seen.append(inv.args["Params"])
        return []
    reg = Registry()
    reg.add(Command("Send-GradioApi", run, params=[Parameter("ApiName", "string", position=0),
                                                     Parameter("Params", "object", position=1)]))
    return Interpreter(reg, host=CaptureHost()), seen


def test_c1_array_valued_params() -> None:
    it, seen = _capture_params()
    for src in ("Send-GradioApi x -Params @(1)", "Send-GradioApi x -Params 1,2", "Send-GradioApi x -Params 1",
                "Send-GradioApi x -Params (,@('a','b'))", "Send-GradioApi x -Params @(,('a','b'))",
                "Send-GradioApi x -Params @(@('a','b'))"):
        it.evaluate(src)
    assert seen == [[1], [1, 2], 1, [["a", "b"]], [["a", "b"]], ["a", "b"]]
    # PowerShAI's loop: foreach($v in $params) { $data += ,$v }
    assert ev("$data = @(); foreach ($v in @(1)) { $data += ,$v }; $data.Count") == [1]


def test_c2_expandable_string_expands_only_the_variable() -> None:
    assert one('$a = "red","blue"; "$a[0]"') == "red blue[0]"
    assert one('$a = 100,200; ">$a.Length<"') == ">100 200.Length<"
    assert one('$x = "v"; "${x}:"') == "v:"


def test_c3_quoted_member_names_case_insensitive() -> None:
    src = "$info = '{\"named_endpoints\": {\"/Op1\": {\"n\": 1}}}' | ConvertFrom-Json; "
    assert one(src + "$info.named_endpoints.'/op1'.n") == 1
    assert one(src + "$null -eq $info.named_endpoints.'/nope'") is True


def test_c4_foreach_object_with_subexpression() -> None:
    src = ("$events = [pscustomobject]@{data=@('a','b')}, [pscustomobject]@{data=$null}; "
           "$events | %{ \"x: $($_.data)\" }")
    assert ev(src) == ["x: a b", "x: "]


def test_c5_switch_followed_by_a_value() -> None:
    f = "function Set-GradioSession { param($Session, [switch]$Default) \"$Session|$Default\" }; "
    assert ev(f + "Set-GradioSession -Default app2") == ["app2|True"]
    assert ev(f + "Set-GradioSession -Default $false") == ["False|True"]
    assert ev(f + "Set-GradioSession -Default:$false app2") == ["app2|False"]


def test_c6_barewords_and_numbers() -> None:
    f = "function Show { $args | % { \"$($_.GetType().Name):$_\" } }; "
    assert ev(f + "Show http://127.0.0.1:7860 rrg92/diffusers-labs ./powershai ImageInput=0 /* . ...") == [
        "String:http://127.0.0.1:7860", "String:rrg92/diffusers-labs", "String:./powershai",
        "String:ImageInput=0", "String:/*", "String:.", "String:..."]
    assert ev(f + "Show 2 0.5 2+2") == ["Int32:2", "Double:0.5", "String:2+2"]
    assert ev("function d { param($direction) $direction }; d -direction -1") == [-1]
    assert ev(f + "Show A*,B*,C*") == ["Object[]:A* B* C*"]


def test_c7_parameter_prefixes_and_aliases() -> None:
    f = ("function Get-R { [CmdletBinding()] param([Alias('arm','map')]$ApiResultMap, $Minimum, $Maximum, $MaxNums) "
         "\"$ApiResultMap|$Minimum|$Maximum|$MaxNums\" }; ")
    assert ev(f + "Get-R -map a -Min 1 -Maxi 9 -MaxNum 3") == ["a|1|9|3"]
    try:
        ev(f + "Get-R -M 1")
    except Exception as e:  # noqa: BLE001
        assert "ambiguous" in str(e)
    else:
        raise AssertionError("an ambiguous prefix must be an error")
    assert ev(f + "Get-R -verb -apiresult x") == ["x|||"]


def test_c8_array_subexpression_statements() -> None:
    assert one("@(\n'a'\n(1..3 | % { $_ })\n'z'\n).Count") == 5
    assert one("@('a', (1..3), 'z').Count") == 3
    assert one("@(\n@{a=1}\n@{a=2}\n).Count") == 2


def test_c9_return_and_break_in_foreach_object() -> None:
    assert ev("1..3 | % { if ($_ -eq 2) { return }; $_ }") == [1, 3]
    assert ev("$n = 0; 1..4 | % { $n++ }; $n") == [4]
    assert ev("foreach ($i in 1,2) { 1..3 | % { if ($_ -eq 2) { break }; \"$i$_\" } }; 'done'") == ["11", "done"]


def test_c10_comparisons_against_collections_and_null() -> None:
    assert ev("$a = 1,2,$null,4,$null,6; $a -ne $null") == [1, 2, 4, 6]
    src = ("$evs = [pscustomobject]@{data=@('x')}, [pscustomobject]@{data=@(0)}, [pscustomobject]@{data=@('')}, "
           "[pscustomobject]@{data=$null}; ($evs | ? { $_.data -ne $null }).Count")
    assert one(src) == 1
    assert one("$null -eq @()") is False
    assert ev("@() -eq $null") == []
    assert ev("'abc' -match 'b'; $Matches[0]") == [True, "b"]


def test_ticks_outside_the_date_range_are_a_conversion_error() -> None:
    import pytest

    from gshell.runtime.conversions import to_datetime
    from gshell.runtime.errors import PSError
    with pytest.raises(PSError, match="Ticks must be between"):
        to_datetime(-3)
    assert to_datetime(0).year == 1
