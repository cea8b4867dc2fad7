"""ConvertTo-Json / ConvertFrom-Json against PowerShell 7's exact text."""

from __future__ import annotations

import datetime as dt

import pytest
from cmd_fakes import out, run

from gshell.runtime.errors import PSError
from gshell.runtime.values import Hashtable, OrderedHashtable, Record


def to_json(*objs, **args):
    return out("ConvertTo-Json", args, list(objs))


def test_nested_object_two_space_layout():
    value = Record(a=1, b=[1, 2], c=Record(d="x"), e=[], f=Record(), g=None, h=True, i=1.5)
    assert to_json(value) == ['{\n'
                              '  "a": 1,\n'
                              '  "b": [\n'
                              '    1,\n'
                              '    2\n'
                              '  ],\n'
                              '  "c": {\n'
                              '    "d": "x"\n'
                              '  },\n'
                              '  "e": [],\n'
                              '  "f": {},\n'
                              '  "g": null,\n'
                              '  "h": true,\n'
                              '  "i": 1.5\n'
                              '}']


def test_depth_two_truncates_deeper_containers_with_one_warning():
    value = Record(a=Record(b=Record(c=Record(d=1), c2=OrderedHashtable(x=1), c3=[1, 2])))
    result, inv = run("ConvertTo-Json", {}, [value])
    assert result == ['{\n'
                      '  "a": {\n'
                      '    "b": {\n'
                      '      "c": "@{d=1}",\n'
                      '      "c2": "System.Collections.Specialized.OrderedDictionary",\n'
                      '      "c3": "1 2"\n'
                      '    }\n'
                      '  }\n'
                      '}']
    assert inv.warnings == ["Resulting JSON is truncated as serialization has exceeded the set depth of 2."]


def test_scalars_at_any_depth_are_kept():
    value = Record(a=Record(b=Record(c=1)))
    result, inv = run("ConvertTo-Json", {}, [value])
    assert result == ['{\n  "a": {\n    "b": {\n      "c": 1\n    }\n  }\n}']
    assert inv.warnings == []


def test_arrays_count_as_levels():
    assert to_json([1, [2, [3, [4]]]], AsArray=False) == ['[\n  1,\n  [\n    2,\n    [\n      3,\n      "4"\n    ]\n  ]\n]']


def test_depth_parameter():
    value = Record(a=Record(b=Record(c=Record(d=1))))
    assert to_json(value, Depth=5, Compress=True) == ['{"a":{"b":{"c":{"d":1}}}}']
    assert to_json(value, Depth=0, Compress=True) == ['{"a":"@{b=@{c=@{d=1}}}"}']


def test_compress_and_hashtable_order_kept():
    assert to_json(Hashtable(Account="User01", Domain="Domain01", Admin="True"), Compress=True) == \
        ['{"Account":"User01","Domain":"Domain01","Admin":"True"}']


def test_several_piped_objects_make_an_array():
    assert to_json(1, 2, 3) == ["[\n  1,\n  2,\n  3\n]"]
    assert to_json(1, 2, Compress=True) == ["[1,2]"]


def test_as_array_for_one_object():
    assert to_json(1, AsArray=True, Compress=True) == ["[1]"]


def test_no_input_no_output():
    assert to_json() == []


def test_strings_numbers_dates_escapes():
    assert to_json("a\"b\\c\n\t\x01é<>") == ['"a\\"b\\\\c\\n\\t\\u0001é<>"']
    assert to_json(5.0) == ["5.0"]
    assert to_json(0.1) == ["0.1"]
    assert to_json(10**12) == ["1000000000000"]
    assert to_json(dt.datetime(2024, 1, 2, 3, 4, 5)) == ['"2024-01-02T03:04:05"']
    assert to_json("é", EscapeHandling="EscapeNonAscii") == ['"\\u00e9"']


def test_from_json_records_and_enumeration():
    result = out("ConvertFrom-Json", {}, ['{"a": 1, "B": [1, 2], "c": {"d": null}}'])
    assert len(result) == 1
    rec = result[0]
    assert isinstance(rec, Record)
    assert rec["A"] == 1 and rec["b"] == [1, 2] and rec["c"]["d"] is None
    assert out("ConvertFrom-Json", {}, ["[1, 2, 3]"]) == [1, 2, 3]
    assert out("ConvertFrom-Json", {"NoEnumerate": True}, ["[1, 2, 3]"]) == [[1, 2, 3]]


def test_from_json_joins_piped_lines():
    assert out("ConvertFrom-Json", {}, ["{", '"a": 2', "}"])[0]["a"] == 2


def test_from_json_as_hashtable():
    h = out("ConvertFrom-Json", {"AsHashtable": True}, ['{"a": {"b": 1}}'])[0]
    assert isinstance(h, Hashtable) and isinstance(h["a"], Hashtable) and h["a"]["b"] == 1


def test_from_json_errors():
    with pytest.raises(PSError, match="Conversion from JSON failed"):
        out("ConvertFrom-Json", {}, ["{not json"])
    with pytest.raises(PSError, match="different casing"):
        out("ConvertFrom-Json", {}, ['{"a": 1, "A": 2}'])
    assert out("ConvertFrom-Json", {"AsHashtable": True}, ['{"a": 1, "b": 2}'])[0]["b"] == 2


def test_round_trip_end_to_end(ev):
    assert ev("'{\"x\": {\"y\": [1, 2]}}' | ConvertFrom-Json | ConvertTo-Json -Compress -Depth 5") == \
        ['{"x":{"y":[1,2]}}']
    assert ev("(@{n = 1} | ConvertTo-Json -Compress)") == ['{"n":1}']
