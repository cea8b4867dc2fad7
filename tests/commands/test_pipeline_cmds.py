"""ForEach-Object, Where-Object, Select/Sort/Group/Measure-Object, Tee-Object, Compare-Object."""

from __future__ import annotations

import pytest
from cmd_fakes import Block, FakeInvocation, out, run

from gshell.runtime.errors import PSError
from gshell.runtime.values import Hashtable, Record

# -- ForEach-Object ---------------------------------------------------------------------------

def test_foreach_process_begin_end():
    seen = []
    result = out("ForEach-Object", {"Process": [Block(lambda x: x * 2)],
                                    "Begin": Block(lambda _: seen.append("begin")),
                                    "End": Block(lambda _: "end")}, [1, 2, 3])
    assert result == [2, 4, 6, "end"] and seen == ["begin"]


def test_foreach_member_name_property_and_method():
    assert out("ForEach-Object", {"Process": ["Name"]}, [Record(Name="a"), Record(Name="b")]) == ["a", "b"]
    assert out("ForEach-Object", {"Process": ["Length"]}, ["abc", "b"]) == [3, 1]
    assert out("ForEach-Object", {"Process": ["ToUpper"]}, ["a"]) == ["A"]
    assert out("ForEach-Object", {"Process": ["Split"], "ArgumentList": [","]}, ["a,b", "c"]) == ["a", "b", "c"]
    assert out("ForEach-Object", {"MemberName": "n"}, [Record(n=1)]) == [1]


def test_foreach_parallel_refused():
    with pytest.raises(PSError, match="ForEach-Object -Parallel is not supported in gshell"):
        out("ForEach-Object", {"Parallel": Block(lambda x: x)}, [1])


def test_foreach_end_to_end(ev):
    assert ev("1..3 | % { $_ * 2 }") == [2, 4, 6]
    assert ev("$t = 0; 1..4 | foreach { $t += $_ }; $t") == [10]
    assert ev("1..3 | % -Begin { 'b' } -Process { $_ } -End { 'e' }") == ["b", 1, 2, 3, "e"]
    assert ev("'a','bb' | % Length") == [1, 2]
    assert ev("1..4 | % { if ($_ -eq 2) { return }; $_ }") == [1, 3, 4]


# -- Where-Object -----------------------------------------------------------------------------

def test_where_script_block():
    assert out("Where-Object", {"FilterScript": Block(lambda x: x % 2 == 0)}, [1, 2, 3, 4]) == [2, 4]


@pytest.mark.parametrize("switch,value,expected", [
    ("EQ", 2, [2]), ("NE", 2, [1, 3]), ("GT", 1, [2, 3]), ("GE", 2, [2, 3]), ("LT", 2, [1]), ("LE", 2, [1, 2]),
    ("In", [1, 3], [1, 3]), ("NotIn", [1, 3], [2]),
])
def test_where_simplified_numbers(switch, value, expected):
    items = [Record(n=1), Record(n=2), Record(n=3)]
    result = out("Where-Object", {"FilterScript": "n", switch: True, "Value": value}, items)
    assert [r["n"] for r in result] == expected


def test_where_simplified_strings_and_truthy():
    items = [Record(s="Apple", t=""), Record(s="banana", t="x")]
    assert [r["s"] for r in out("Where-Object", {"FilterScript": "s", "Like": True, "Value": "a*"}, items)] == ["Apple"]
    assert out("Where-Object", {"FilterScript": "s", "CLike": True, "Value": "a*"}, items) == []
    assert [r["s"] for r in out("Where-Object", {"FilterScript": "s", "Match": True, "Value": "^b"}, items)] == ["banana"]
    assert [r["s"] for r in out("Where-Object", {"FilterScript": "s", "NotMatch": True, "Value": "^b"}, items)] == ["Apple"]
    assert [r["s"] for r in out("Where-Object", {"FilterScript": "t"}, items)] == ["banana"]
    assert [r["s"] for r in out("Where-Object", {"FilterScript": "t", "Not": True}, items)] == ["Apple"]
    tags = [Record(tags=["a", "b"]), Record(tags=["c"])]
    assert len(out("Where-Object", {"FilterScript": "tags", "Contains": True, "Value": "b"}, tags)) == 1


def test_where_value_without_operator_is_an_error():
    with pytest.raises(PSError):
        out("Where-Object", {"FilterScript": "n", "Value": 1}, [Record(n=1)])


def test_where_end_to_end(ev):
    assert ev("1..10 | ? { $_ % 5 -eq 0 }") == [5, 10]
    assert ev("@{n=1},@{n=2} | % { [pscustomobject]$_ } | ? n -gt 1 | % n") == [2]
    assert ev("'abc','xyz' | where Length -eq 3 | measure | % Count") == [2]


# -- Select-Object ----------------------------------------------------------------------------

def test_select_first_last_skip_index_unique():
    assert out("Select-Object", {"First": 2}, [1, 2, 3, 4]) == [1, 2]
    assert out("Select-Object", {"Last": 2}, [1, 2, 3, 4]) == [3, 4]
    assert out("Select-Object", {"Skip": 1, "First": 2}, [1, 2, 3, 4]) == [2, 3]
    assert out("Select-Object", {"Index": [0, 2]}, [1, 2, 3, 4]) == [1, 3]
    assert out("Select-Object", {"Index": [-1]}, [1, 2, 3, 4]) == [4]
    assert out("Select-Object", {"Unique": True}, [1, 1, 2, 1]) == [1, 2]
    assert out("Select-Object", {"SkipLast": 1}, [1, 2, 3]) == [1, 2]


def test_select_first_stops_pulling_input():
    inv = FakeInvocation("Select-Object", {"First": 2}, list(range(100)))
    assert list(inv.command.run(inv)) == [0, 1]
    assert inv.consumed == 2


def test_select_properties_wildcards_and_calculated():
    r = Record(Name="a", Size=3, Sha="x")
    [a] = out("Select-Object", {"Property": ["Name", "S*"]}, [r])
    assert list(a.items()) == [("Name", "a"), ("Size", 3), ("Sha", "x")]
    [b] = out("Select-Object", {"Property": ["name", Hashtable(n="kb", e=Block(lambda o: o["Size"] * 2))]}, [r])
    assert list(b.items()) == [("Name", "a"), ("kb", 6)]
    [c] = out("Select-Object", {"Property": [Hashtable(Label="n2", Expression="Name")]}, [r])
    assert list(c.items()) == [("n2", "a")]
    [d] = out("Select-Object", {"Property": ["Missing"]}, [r])
    assert list(d.items()) == [("Missing", None)]
    [e] = out("Select-Object", {"Property": ["*"], "ExcludeProperty": ["S*"]}, [r])
    assert list(e.items()) == [("Name", "a")]


def test_select_expand_property():
    items = [Record(data=[1, 2]), Record(data=3)]
    assert out("Select-Object", {"ExpandProperty": "data"}, items) == [1, 2, 3]
    result, inv = run("Select-Object", {"ExpandProperty": "nope"}, [Record(a=1)])
    assert result == [] and inv.errors and "nope" in inv.errors[0][0]


def test_select_end_to_end_stops_upstream(ev):
    assert ev("$n = 0; 1..1000 | % { $n++; $_ } | select -First 2; $n") == [1, 2, 2]
    assert ev("1..5 | select -Last 2") == [4, 5]
    assert ev("[pscustomobject]@{a=1;b=2} | select b | % b") == [2]


# -- Sort-Object ------------------------------------------------------------------------------

def test_sort_default_and_case():
    assert out("Sort-Object", {}, [3, 1, 2]) == [1, 2, 3]
    assert out("Sort-Object", {}, ["b", "a", "B", "A"]) == ["a", "A", "b", "B"]
    assert out("Sort-Object", {"Descending": True}, [3, 1, 2]) == [3, 2, 1]
    assert out("Sort-Object", {"Unique": True}, ["b", "a", "B"]) == ["a", "b"]
    assert out("Sort-Object", {"Unique": True, "CaseSensitive": True}, ["b", "a", "B"]) == ["a", "b", "B"]
    assert out("Sort-Object", {}, [None, 2, 1]) == [None, 1, 2]


def test_sort_by_properties_and_hashtables():
    items = [Record(n=1, s="b"), Record(n=2, s="a"), Record(n=1, s="a")]
    by_n_s = out("Sort-Object", {"Property": ["n", "s"]}, items)
    assert [(r["n"], r["s"]) for r in by_n_s] == [(1, "a"), (1, "b"), (2, "a")]
    mixed = out("Sort-Object", {"Property": [Hashtable(Expression="n", Descending=True), "s"]}, items)
    assert [(r["n"], r["s"]) for r in mixed] == [(2, "a"), (1, "a"), (1, "b")]
    by_block = out("Sort-Object", {"Property": [Block(lambda o: -o["n"])]}, items)
    assert [r["n"] for r in by_block] == [2, 1, 1]
    assert out("Sort-Object", {"Top": 2}, [5, 3, 9, 1]) == [1, 3]


def test_sort_end_to_end(ev):
    assert ev("3,1,2 | sort") == [1, 2, 3]
    assert ev("'bb','a','ccc' | sort Length -Descending") == ["ccc", "bb", "a"]


# -- Group-Object -----------------------------------------------------------------------------

def test_group_records():
    groups = out("Group-Object", {}, ["a", "b", "A"])
    assert [(g["Count"], g["Name"], g["Group"]) for g in groups] == [(2, "a", ["a", "A"]), (1, "b", ["b"])]
    assert groups[0].type_name == "GroupInfo"


def test_group_by_property_no_element_and_hashtable():
    items = [Record(k=1), Record(k=2), Record(k=1)]
    groups = out("Group-Object", {"Property": ["k"], "NoElement": True}, items)
    assert [list(g.items()) for g in groups] == [[("Count", 2), ("Name", "1")], [("Count", 1), ("Name", "2")]]
    [table] = out("Group-Object", {"Property": [Block(lambda x: x % 2)], "AsHashTable": True}, [1, 2, 3, 4])
    assert table[0] == [2, 4] and table[1] == [1, 3]


# -- Measure-Object ---------------------------------------------------------------------------

def test_measure_numbers():
    [m] = out("Measure-Object", {"Sum": True, "Average": True, "Maximum": True, "Minimum": True}, [1, 2, 3])
    assert (m["Count"], m["Sum"], m["Average"], m["Maximum"], m["Minimum"]) == (3, 6.0, 2.0, 3.0, 1.0)
    [c] = out("Measure-Object", {}, [1, 2])
    assert c["Count"] == 2 and c["Sum"] is None


def test_measure_property_and_text():
    [m] = out("Measure-Object", {"Property": ["n"], "Sum": True}, [Record(n=2), Record(n=5)])
    assert m["Sum"] == 7.0 and m["Property"] == "n"
    [t] = out("Measure-Object", {"Line": True, "Word": True, "Character": True}, ["one two", "three"])
    assert (t["Lines"], t["Words"], t["Characters"]) == (2, 3, 12)
    with pytest.raises(PSError, match="not numeric"):
        out("Measure-Object", {"Sum": True}, ["abc"])


def test_measure_display(sh):
    stdout, _ = sh("1..3 | Measure-Object -Sum")
    # pwsh 7's GenericMeasureInfo (no view: a list of its seven properties, StandardDeviation included)
    assert stdout == ("\nCount             : 3\nAverage           :\nSum               : 6\nMaximum           :\n"
                      "Minimum           :\nStandardDeviation :\nProperty          :\n\n")


# -- Tee-Object / Compare-Object --------------------------------------------------------------

def test_tee_to_variable(ev):
    assert ev("1..3 | Tee-Object -Variable saved | % { $_ * 10 }; $saved.Count") == [10, 20, 30, 3]


def test_compare_object():
    diffs = out("Compare-Object", {"ReferenceObject": [1, 2, 3], "DifferenceObject": [2, 3, 4]})
    # pwsh's order: == first, then => (difference only), then <= (reference only)
    assert [(d["InputObject"], d["SideIndicator"]) for d in diffs] == [(4, "=>"), (1, "<=")]
    both = out("Compare-Object", {"ReferenceObject": [1], "DifferenceObject": [1], "IncludeEqual": True})
    assert [(d["InputObject"], d["SideIndicator"]) for d in both] == [(1, "==")]
