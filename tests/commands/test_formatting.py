"""Snapshots of the PowerShell-like display (gshell.runtime.formatting)."""

from __future__ import annotations

import datetime as dt
import time

from gshell.runtime.formatting import ACCENT, RESET, format_cell, format_value
from gshell.runtime.layout import FormatBlock, format_list, format_table
from gshell.runtime.out_default import Formatter, render, render_lines
from gshell.runtime.values import Hashtable, Record


def show(*objs, width=80):
    return render(objs, width=width)


def test_scalars_one_per_line():
    assert show(1, "abc", 1.5, 0.1, True, False, None, 1e20) == "1\nabc\n1.5\n0.1\nTrue\nFalse\n1E+20\n"


def test_null_prints_nothing():
    assert show(None) == ""


def test_datetime_long_form():
    assert format_value(dt.datetime(2024, 1, 2, 15, 4, 5)) == "Tuesday, January 2, 2024 3:04:05 PM"
    assert format_cell(dt.datetime(2024, 1, 2, 9, 4, 5)) == "1/2/2024 9:04:05 AM"


def test_record_table_with_numbers_right_aligned():
    out = show(Record(Name="a", Value=1), Record(Name="bbbbbb", Value=22.5))
    assert out == ("\n"
                   "Name   Value\n"
                   "----   -----\n"
                   "a          1\n"
                   "bbbbbb  22.5\n"
                   "\n")


def test_record_with_five_properties_is_a_list():
    out = show(Record(a=1, bb=2, c=3, d=4, e="x"))
    assert out == "\na  : 1\nbb : 2\nc  : 3\nd  : 4\ne  : x\n\n"


def test_two_list_records_separated_by_a_blank_line():
    r = Record(a=1, b=2, c=3, d=4, e=5)
    assert show(r, r) == "\na : 1\nb : 2\nc : 3\nd : 4\ne : 5\n\na : 1\nb : 2\nc : 3\nd : 4\ne : 5\n\n"


def test_hashtable_name_value_table():
    out = show(Hashtable(a=1, bb="x"))
    assert out == ("\n"
                   "Name                           Value\n"
                   "----                           -----\n"
                   "a                              1\n"
                   "bb                             x\n"
                   "\n")


def test_shape_change_starts_a_new_table_and_scalars_follow():
    out = show(Record(a=1), Record(a=2), Record(b=3), "end")
    assert out == "\na\n-\n1\n2\n\nb\n-\n3\n\nend\n"


def test_nested_values_compact():
    out = show(Record(n=Record(a=1, b=2), l=[1, 2, 3], big=[1, 2, 3, 4, 5]))
    assert out == ("\n"
                   "n           l         big\n"
                   "-           -         ---\n"
                   "@{a=1; b=2} {1, 2, 3} {1, 2, 3, 4…}\n"
                   "\n")


def test_long_values_truncated_to_width_with_ellipsis():
    out = show(Record(id=1, text="x" * 100), width=30)
    lines = out.split("\n")
    assert lines[1] == "id text"
    assert lines[3] == " 1 " + "x" * 26 + "…"
    assert all(len(line) <= 30 for line in lines)


def test_list_values_wrap_at_width():
    lines = format_list([Record(a=1, b=2, c=3, d=4, long="y" * 30)], width=20)
    assert lines[4] == "long : " + "y" * 13
    assert lines[5] == "       " + "y" * 13
    assert lines[6] == "       " + "y" * 4


def test_colour_headers_only_when_enabled():
    plain = format_table([Record(a=1)], color=False)
    coloured = format_table([Record(a=1)], color=True)
    assert "\x1b" not in "".join(plain)
    assert coloured[0] == f"{ACCENT}a{RESET}"
    assert format_list([Record(a=1, b=2, c=3, d=4, e=5)], color=True)[0] == f"{ACCENT}a{RESET} : 1"


def test_format_block_table_and_list():
    block = FormatBlock("table", [Record(a=1, b=2, c=3, d=4, e=5)], ["a", "e"])
    assert show(block) == "\na e\n- -\n1 5\n\n"
    block = FormatBlock("list", [Record(a=1, b=2)], None)
    assert show(block) == "\na : 1\nb : 2\n\n"


def test_view_groups_with_type_header():
    rows = [Record(Name="Length", MemberType="Property", Definition="int Length {get;}", TypeName="System.String",
                   type_name="MemberDefinition")]
    rows[0].type_name = "MemberDefinition"
    out = show(*rows)
    assert out.startswith("\n   TypeName: System.String\n\nName   MemberType Definition\n")


def test_render_lines_for_out_string_stream():
    assert render_lines([Record(a=1)]) == ["", "a", "-", "1", ""]


def test_streaming_prints_header_when_buffer_full():
    chunks: list[str] = []
    fmt = Formatter(chunks.append, width=80, delay=None, max_rows=2)
    fmt.push(Record(n=1))
    assert "".join(chunks) == "\n"          # buffered: widths not known yet
    fmt.push(Record(n=22))
    assert "".join(chunks) == "\n n\n -\n 1\n22\n"
    fmt.push(Record(n=333))                 # widths are fixed now: truncated
    assert "".join(chunks).endswith("22\n3…\n")
    fmt.flush()
    assert "".join(chunks).endswith("3…\n\n")


def test_streaming_timer_releases_a_lone_row():
    chunks: list[str] = []
    fmt = Formatter(chunks.append, width=80, delay=0.05)
    fmt.push(Record(n=1))
    deadline = time.monotonic() + 60  # a bound, not a latency test: the timer fires after 0.05 s
    while "1\n" not in "".join(chunks) and time.monotonic() < deadline:
        time.sleep(0.01)
    assert "".join(chunks) == "\nn\n-\n1\n"
    fmt.flush()


def test_scalars_stream_immediately():
    chunks: list[str] = []
    fmt = Formatter(chunks.append, width=80)
    fmt.push("a")
    assert chunks == ["a\n"]
    fmt.flush()


def test_error_free_rendering_of_odd_objects():
    class Thing:
        def __str__(self) -> str:
            return "a thing"
    assert show(Thing()) == "a thing\n"
    assert show([]) == ""
