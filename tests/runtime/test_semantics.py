"""Evaluation semantics (docs/language.md) on real parsed source."""

from __future__ import annotations

import datetime as dt

import pytest
from rt_helpers import ev, new_interp, one, run

from gshell.runtime.errors import PSError
from gshell.runtime.values import Hashtable, OrderedHashtable, Record, ScriptBlock

# -- arithmetic ---------------------------------------------------------------------------

@pytest.mark.parametrize("src, expected", [
    ("1 + 2", 3), ("10 / 4", 2.5), ("10 / 5", 2), ("7 % 3", 1), ("-7 % 3", -1),
    ("2147483647 + 1", 2147483648.0), ("'ab' * 3", "ababab"), ("'5' + 1", "51"), ("5 + '1'", 6),
    ("'10' - 3", 7), ("$null + 1", 1), ("1.5 * 2", 3.0), ("0x10 + 1", 17), ("1kb", 1024),
    ("3 - -2", 5), ("[int]2.5", 2), ("[int]3.5", 4), ("[int]'  12 '", 12),
])
def test_arithmetic(src: str, expected: object) -> None:
    v = one(src)
    assert v == expected and type(v) is type(expected)


def test_array_and_hashtable_addition() -> None:
    assert ev("(1,2) + 3") == [1, 2, 3]
    assert one("(,(1,2) + 3).Count") == 2
    assert ev("(1,2) + (3,4)") == [1, 2, 3, 4]
    h = one("@{a=1} + @{b=2}")
    assert isinstance(h, Hashtable) and dict(h) == {"a": 1, "b": 2}
    with pytest.raises(PSError, match="already been added"):
        ev("@{a=1} + @{A=2}")


def test_divide_by_zero_is_an_error() -> None:
    with pytest.raises(PSError, match="Attempted to divide by zero"):
        ev("$z = 0; 1 / $z")


# -- strings ---------------------------------------------------------------------------------

def test_expandable_strings_only_expand_simple_variables() -> None:
    assert one('$a = "red","blue"; "$a[0]"') == "red blue[0]"
    assert one('$a = 100,200; ">$a.Length<"') == ">100 200.Length<"
    assert one('$b = "B"; "a$b.c"') == "aB.c"
    assert one('$x = @{data=1,2}; "v: $($x.data)"') == "v: 1 2"
    assert one('"n: $($null)|"') == "n: |"


def test_to_string_of_values() -> None:
    assert one('"$(1.5) $(0.1) $(1e20) $true $null|"') == "1.5 0.1 1E+20 True |"
    assert one('"$([pscustomobject]@{a=1; b=\'x\'})"') == "@{a=1; b=x}"
    assert one('"$(@{a=1})"') == "System.Collections.Hashtable"


def test_format_operator() -> None:
    assert one("'{0,-6}|{1,5:N2}|{2:D3}|{3:X}|{{x}}' -f 'ab', 1234.5, 7, 255") == "ab    |1,234.50|007|FF|{x}"
    assert one("'{0:P1}' -f 0.125") == "12.5%"
    assert one("'{0:F3}' -f 2") == "2.000"
    assert one("'{0:yyyy-MM-dd}' -f [datetime]'2024-03-05'") == "2024-03-05"


def test_string_methods() -> None:
    assert one("'  Hello '.Trim().ToUpper()") == "HELLO"
    assert ev("'a,b,c'.Split(',')") == ["a", "b", "c"]
    assert one("'hello'.Replace('l', 'L')") == "heLLo"
    assert one("'hello'.Contains('ell')") is True
    assert one("'hello'.StartsWith('he')") is True
    assert one("'hello'.Substring(1, 3)") == "ell"
    assert one("'hello'.IndexOf('l')") == 2
    assert one("'7'.PadLeft(3, '0')") == "007"
    assert one("'hello'.Length") == 5
    assert one("'abc'.Insert(1, 'X')") == "aXbc"
    with pytest.raises(PSError, match="Substring"):
        ev("'abc'.Substring(5)")


# -- comparison ------------------------------------------------------------------------------

def test_comparisons_are_case_insensitive() -> None:
    assert one("'ABC' -eq 'abc'") is True
    assert one("'ABC' -ceq 'abc'") is False
    assert one("'abc' -like 'A*'") is True
    assert one("'abc' -clike 'A*'") is False
    assert one("'b' -in 'A','B'") is True
    assert one("'A','B' -contains 'b'") is True
    assert one("5 -eq '5'") is True
    assert one("'10' -gt 9") is False  # string comparison: '10' < '9'
    assert one("10 -gt '9'") is True


def test_collection_on_the_left_filters() -> None:
    assert ev("$a = 1,2,$null,4,$null,6; $a -ne $null") == [1, 2, 4, 6]
    assert ev("1,2,3,4 -gt 2") == [3, 4]
    assert ev("'apple','banana','cherry' -like '*an*'") == ["banana"]
    assert one("(1,2,3 -eq 5).Count") == 0
    assert one("$null -eq $undefined") is True


def test_match_sets_matches_with_named_and_numbered_groups() -> None:
    it = new_interp()
    assert ev("'key=value' -match '^(?<k>\\w+)=(\\w+)$'", it) == [True]
    assert ev("$Matches.k", it) == ["key"]
    assert ev("$Matches[1]", it) == ["value"]
    assert ev("$Matches[0]", it) == ["key=value"]
    assert ev("'ABC' -match 'b'", it) == [True]
    assert ev("'ABC' -cmatch 'b'", it) == [False]


def test_replace_split_join() -> None:
    assert one("'hello world' -replace '(\\w+) (\\w+)', '$2 $1'") == "world hello"
    assert one("'a1b2' -replace '\\d'") == "ab"
    assert one("'John Smith' -replace '(?<first>\\w+) (?<last>\\w+)', '${last}, ${first}'") == "Smith, John"
    assert ev("'a,b,,c' -split ','") == ["a", "b", "", "c"]
    assert ev("'a,b,c,d' -split ',', 2") == ["a", "b,c,d"]
    assert ev("-split '  a  b '") == ["a", "b"]
    assert one("1,2,3 -join '-'") == "1-2-3"
    assert one("-join ('a','b')") == "ab"


def test_is_as() -> None:
    assert one("1 -is [int]") is True
    assert one("'1' -is [string]") is True
    assert one("@() -is [array]") is True
    assert one("'5' -as [int]") == 5
    assert one("'x' -as [int]") is None


def test_logical_operators_and_precedence() -> None:
    assert one("$true -and $false -or $true") is True
    assert one("-not $null") is True
    assert ev("-not 1,2") == [False, 2]
    assert one("$true -xor $true") is False


# -- collections -----------------------------------------------------------------------------

def test_array_subexpression_flattening() -> None:
    assert one("@(@(1,2)).Count") == 2
    assert one("@(,(1,2)).Count") == 1
    assert one("(,(1,2)).Count") == 1
    assert one("@($null).Count") == 1
    assert one("@().Count") == 0
    assert one("$(1,2).Count") == 2
    assert one("$x = $(); $null -eq $x") is True
    assert one("(@(\n'a'\n(1..3 | % { $_ })\n'z'\n)).Count") == 5
    assert one("@('a', (1..3), 'z').Count") == 3


def test_ranges() -> None:
    assert ev("1..4") == [1, 2, 3, 4]
    assert ev("3..1") == [3, 2, 1]
    assert ev("-1..1") == [-1, 0, 1]


def test_indexing() -> None:
    assert one("(1,2,3)[-1]") == 3
    assert ev("(1,2,3,4)[0,2]") == [1, 3]
    assert one("$null -eq (1,2)[5]") is True
    assert one("'abc'[1]") == "b"
    assert one("@{a=1}['A']") == 1
    assert one("(5)[0]") == 5
    assert ev("(1..10)[1..3]") == [2, 3, 4]


def test_member_access() -> None:
    assert one("$o = [pscustomobject]@{Name='x'}; $o.NAME") == "x"
    assert one("$o = [pscustomobject]@{Name='x'}; $null -eq $o.nope") is True
    assert ev("$a = [pscustomobject]@{n=1}, [pscustomobject]@{n=2}; $a.n") == [1, 2]
    assert one("$e = [pscustomobject]@{d=1,2}, [pscustomobject]@{d=3}; $e.d.Count") == 3
    assert one("$n = 'Name'; $o = [pscustomobject]@{Name='v'}; $o.$n") == "v"
    assert one("(1,2,3).Count") == 3
    assert one("'x'.Count") == 1
    assert one("$null.Count") == 0
    assert one("(5).Length") == 1


def test_hashtables_and_records() -> None:
    h = one("@{b=1; a=2}")
    assert isinstance(h, Hashtable)
    o = one("[ordered]@{z=1; a=2}")
    assert isinstance(o, OrderedHashtable) and list(o) == ["z", "a"]
    r = one("[pscustomobject]@{z=1; a=2}")
    assert isinstance(r, Record) and list(r) == ["z", "a"]
    assert one("$h = @{}; $h.x = 5; $h['y'] = 6; $h.x + $h.y") == 11
    assert one("$h = @{a=1}; $h.ContainsKey('A')") is True
    assert one("$h = @{a=1}; $h.Add('b', 2); $h.Count") == 2
    assert ev("$h = @{a=1}; $h.Remove('a'); $h.Count") == [0]
    assert ev("([pscustomobject]@{a=1; b=2}).PSObject.Properties.Name") == ["a", "b"]
    assert ev("([pscustomobject]@{a=1; b=2}).PSObject.Properties | % { \"$($_.Name)=$($_.Value)\" }") == ["a=1", "b=2"]


def test_get_type() -> None:
    assert ev("(1).GetType().Name; 'a'.GetType().Name; (1,2).GetType().Name; @{}.GetType().Name") == \
        ["Int32", "String", "Object[]", "Hashtable"]
    assert one("(1.5).GetType().FullName") == "System.Double"
    assert one("([pscustomobject]@{}).GetType().Name") == "PSCustomObject"
    assert one("{ 1 }.GetType().Name") == "ScriptBlock"
    assert one("$true.GetType().Name") == "Boolean"


def test_intrinsic_foreach_where() -> None:
    assert ev("(1,2,3).ForEach({ $_ * 10 })") == [10, 20, 30]
    assert ev("(1,2,3,4).Where({ $_ % 2 -eq 0 })") == [2, 4]


# -- assignment ------------------------------------------------------------------------------

def test_assignment_of_pipelines() -> None:
    assert one("$x = 1..3 | ? { $_ -gt 5 }; $null -eq $x") is True
    assert one("$x = 1..3 | ? { $_ -gt 2 }; $x") == 3
    assert one("$x = 1..3 | % { $_ }; $x.Count") == 3
    assert one("$x = @(); $x.Count") == 0


def test_compound_and_increment() -> None:
    assert one("$i = 1; $i += 2; $i *= 3; $i") == 9
    assert one("$s = 'a'; $s += 'b'; $s") == "ab"
    assert one("$a = @(); $a += 1; $a += 2; $a.Count") == 2
    assert one("$h = @{n=1}; $h.n++; $h.n++; $h.n") == 3
    assert ev("$i = 5; $i++; $i") == [6]  # `$i++` alone outputs nothing
    assert ev("$i = 5; ($i++); $i") == [5, 6]
    assert one("$a, $b, $c = 1, 2, 3, 4; \"$a|$b|$c\"") == "1|2|3 4"
    assert one("$a = $b = 2; $a + $b") == 4


def test_env_variables(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GSHELL_T1", "v1")
    assert one("$env:GSHELL_T1") == "v1"
    ev("$env:GSHELL_T2 = 'x'")
    import os
    assert os.environ.get("GSHELL_T2") == "x"
    ev("$env:GSHELL_T2 = $null")
    assert "GSHELL_T2" not in os.environ


def test_variables_case_insensitive_and_automatic() -> None:
    assert one("$Command = 1; $command") == 1
    assert one("$IsLinux -is [bool]") is True
    assert one("$PSVersionTable.PSVersion.Major") == 7
    assert one("$GShellShowHttp") is False
    assert one("$Event = 3; $Event") == 3
    with pytest.raises(PSError, match="read-only"):
        ev("$true = 1")


# -- control flow ---------------------------------------------------------------------------

def test_if_loops() -> None:
    assert ev("if (0) { 'a' } elseif ('') { 'b' } else { 'c' }") == ["c"]
    assert ev("if ('False') { 'truthy' }") == ["truthy"]
    assert ev("if (@(0)) { 'x' } else { 'y' }") == ["y"]
    assert ev("if (@(0,0)) { 'x' } else { 'y' }") == ["x"]
    assert ev("for ($i = 0; $i -lt 3; $i++) { $i }") == [0, 1, 2]
    assert ev("$i = 0; while ($i -lt 3) { $i; $i++ }") == [0, 1, 2]
    assert ev("$i = 0; do { $i; $i++ } while ($i -lt 2)") == [0, 1]
    assert ev("$i = 0; do { $i; $i++ } until ($i -ge 2)") == [0, 1]
    assert ev("foreach ($x in $null) { 'never' }") == []


def test_labelled_break_and_continue() -> None:
    src = ":outer foreach ($i in 1..3) { foreach ($j in 1..3) { if ($j -eq 2) { continue outer }; if ($i -eq 3) { break outer }; \"$i$j\" } }"
    assert ev(src) == ["11", "21"]


def test_switch() -> None:
    assert ev("switch (2) { 1 { 'one' } 2 { 'two' } default { 'd' } }") == ["two"]
    assert ev("switch ('abc') { 'ABC' { 'ci' } }") == ["ci"]
    assert ev("switch -casesensitive ('abc') { 'ABC' { 'ci' } default { 'cs' } }") == ["cs"]
    assert ev("switch -wildcard ('hello') { 'h*' { 'w' } }") == ["w"]
    assert ev("switch -regex ('a1') { '^a(\\d)$' { $Matches[1] } }") == ["1"]
    assert ev("switch (1,2,3) { 2 { 'two'; continue } default { $_ } }") == [1, "two", 3]
    assert ev("switch (5) { { $_ -gt 3 } { 'big' } }") == ["big"]
    assert ev("switch (1,2) { 1 { 'one'; break } 2 { 'two' } }") == ["one"]


def test_try_catch_finally() -> None:
    assert ev("try { throw 'boom' } catch { $_.Exception.Message } finally { 'f' }") == ["boom", "f"]
    assert ev("try { 1/$null } catch [System.DivideByZeroException] { 'dz' } catch { 'other' }") == ["dz"]
    assert ev("try { throw 'x' } catch [System.ArgumentException] { 'arg' } catch { 'any' }") == ["any"]
    assert ev("try { try { throw 'inner' } catch { throw } } catch { \"outer: $_\" }") == ["outer: inner"]
    assert ev("try { Get-NoSuchThing } catch { $_.CategoryInfo.Category }") == ["ObjectNotFound"]
    assert ev("try { throw 'x' } catch { $_.InvocationInfo.ScriptLineNumber }") == [1]
    assert ev("try { throw 'x' } catch { \"$_\" }") == ["x"]


def test_error_action_and_error_variable() -> None:
    out, err, _ = run("Write-Error 'e1' -ErrorAction SilentlyContinue; 'after'")
    assert out == "after\n" and err == ""
    assert ev("try { Write-Error 'e2' -ErrorAction Stop } catch { 'caught ' + $_.Exception.Message }") == \
        ["caught e2"]
    assert ev("$ErrorActionPreference = 'Stop'; try { Write-Error 'e3' } catch { 'c' }") == ["c"]
    assert ev("Write-Error 'e4' -ErrorAction SilentlyContinue -ErrorVariable ev1; $ev1.Count") == [1]


def test_question_mark_variable() -> None:
    out, _, _ = run("Write-Error 'x' -ErrorAction SilentlyContinue\n$?\n'ok'\n$?")
    assert out.split() == ["False", "ok", "True"]


# -- functions -------------------------------------------------------------------------------

def test_functions_scope_and_return() -> None:
    assert ev("function f { $x = 5; return $x * 2; 'never' }; $x = 1; f; $x") == [10, 1]
    assert ev("function f($a, $b) { \"$a-$b\" }; f 1 2") == ["1-2"]
    assert ev("function f { $args.Count }; f a b c") == [3]
    assert ev("function f { param([int]$n = 3) $n * 2 }; f; f 5; f -n '4'") == [6, 10, 8]


def test_function_pipeline_blocks() -> None:
    src = ("function Sum { param([Parameter(ValueFromPipeline)]$x) begin { $t = 0 } process { $t += $x } "
           "end { $t } }; 1..4 | Sum")
    assert ev(src) == [10]
    assert ev("filter Double { $_ * 2 }; 1..3 | Double") == [2, 4, 6]
    assert ev("function f { $input | % { $_ + 1 } }; 1,2 | f") == [2, 3]
    src2 = ("function g { param([Parameter(ValueFromPipelineByPropertyName)]$Name) process { \"n=$Name\" } }; "
            "[pscustomobject]@{Name='a'}, [pscustomobject]@{Name='b'} | g")
    assert ev(src2) == ["n=a", "n=b"]


def test_function_registered_as_command() -> None:
    it = new_interp()
    ev("function Get-Thing { param($Name) $Name }", it)
    cmd = it.registry.lookup("get-thing")
    assert cmd is not None and cmd.kind == "Function"
    assert [p.name for p in cmd.params] == ["Name"]


def test_mandatory_parameter_missing() -> None:
    with pytest.raises(PSError, match="missing mandatory parameters: Name"):
        ev("function f { param([Parameter(Mandatory)]$Name) $Name }; f")


def test_validate_set_and_alias() -> None:
    src = "function f { param([ValidateSet('Red','Blue')][string]$Color, [Alias('n')]$Number) \"$Color $Number\" }"
    assert ev(src + "; f -Color red -n 3") == ["Red 3"]
    with pytest.raises(PSError, match='does not belong to the set "Red,Blue"'):
        ev(src + "; f -Color green")


def test_script_block_values() -> None:
    assert ev("$b = { param($x) $x + 1 }; $b.Invoke(2)") == [3]
    assert ev("$b = { $args[0] * 2 }; & $b 4") == [8]
    assert ev("& { 'inline' }") == ["inline"]
    assert isinstance(one("{ 1 }"), ScriptBlock)
    assert one("{ 1 + 1 }.ToString()").strip() == "1 + 1"


def test_return_inside_foreach_object_goes_to_next_item() -> None:
    assert ev("1..4 | % { if ($_ -eq 2) { return }; $_ }") == [1, 3, 4]


def test_break_inside_foreach_object_leaves_enclosing_loop() -> None:
    src = "foreach ($i in 1..3) { 1..5 | % { if ($_ -eq 2) { break }; \"$i-$_\" } }; 'end'"
    assert ev(src) == ["1-1", "end"]
    out, _, code = run("1..5 | % { if ($_ -eq 3) { break }; $_ }\n'not reached'")
    assert out.split() == ["1", "2"] and code is None


def test_caller_scope_for_foreach_object() -> None:
    assert ev("$n = 0; 1..5 | % { $n++ }; $n") == [5]
    assert ev("$h = @{n=0}; 1..3 | % { $h.n++ }; $h.n") == [3]


def test_casts() -> None:
    assert one("[string]42") == "42"
    assert one("[double]'1.5'") == 1.5
    assert one("[bool]'false'") is True
    assert one("[bool]0") is False
    assert ev("[string[]](1,2)") == ["1", "2"]
    assert one("([array]5).Count") == 1
    assert one("[datetime]'2024-01-02T03:04:05'") == dt.datetime(2024, 1, 2, 3, 4, 5)
    assert one("[char]65") == "A"
    with pytest.raises(PSError, match="Cannot convert value"):
        ev("[int]'abc'")


def test_static_whitelist() -> None:
    assert one("[Math]::Round(2.5)") == 2.0
    assert one("[Math]::Round(2.346, 2)") == 2.35
    assert one("[Math]::Max(3, 7)") == 7
    assert one("[string]::IsNullOrEmpty('')") is True
    assert one("[string]::Join(',', @('a','b'))") == "a,b"
    assert one("[int]::MaxValue") == 2147483647
    assert abs(one("[Math]::PI") - 3.14159265) < 1e-6
    assert len(one("[guid]::NewGuid().ToString()")) == 36


def test_redirection_to_file(tmp_path) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "out.txt"
    ev(f"'one' > '{target}'; 'two' >> '{target}'")
    assert target.read_text(encoding="utf-8").split() == ["one", "two"]
    out, err, _ = run("Write-Error 'hidden' 2>$null; 'x'")
    assert out == "x\n" and err == ""


def test_out_of_range_and_null_method() -> None:
    with pytest.raises(PSError, match="null-valued expression"):
        ev("$nothing.Foo()")
    with pytest.raises(PSError, match="Cannot index into a null array"):
        ev("$nothing[0]")


def test_variables_keep_their_first_spelling_for_display() -> None:
    interp = new_interp()
    ev("$MyVar = 1; $myvar = 2; $OtherThing = 'x'", interp)
    assert ev("Get-Variable My*, Other* | % Name", interp) == ["MyVar", "OtherThing"]
    assert ev("$MYVAR", interp) == [2]
    assert {"MyVar", "OtherThing"} <= set(interp.global_scope.names())
