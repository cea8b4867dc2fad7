"""Pipeline cmdlets that collect their input: Sort-Object, Group-Object, Measure-Object,
Tee-Object, Compare-Object."""

from __future__ import annotations

import functools
from collections.abc import Iterator
from typing import Any

from gshell.commands._common import (
    E,
    P,
    S,
    as_list,
    evaluate,
    inputs,
    is_scriptblock,
    member,
    to_bool,
    to_str,
)
from gshell.runtime.errors import PSError
from gshell.runtime.registry import Invocation, command
from gshell.runtime.values import CIDict, Hashtable, Record

MODULE = "gshell.Core"


# =========================================================================================
# Sort-Object
# =========================================================================================


class _SortSpec:
    __slots__ = ("expr", "descending")

    def __init__(self, expr: Any, descending: bool) -> None:
        self.expr = expr
        self.descending = descending


def _sort_specs(inv: Invocation, props: list[Any], descending: bool) -> list[_SortSpec]:
    specs = []
    for p in props:
        if isinstance(p, CIDict):
            expr = None
            desc = descending
            for k, v in p.items():
                key = str(k).casefold()
                if key == "e" or "expression".startswith(key):
                    expr = v
                elif key.startswith("desc") or key == "d":
                    desc = to_bool(v)
                elif key.startswith("asc") or key == "a":
                    desc = not to_bool(v)
            if expr is None:
                raise inv.fail("Sort-Object: the hashtable needs an Expression key.", category="InvalidArgument")
            specs.append(_SortSpec(expr, desc))
        else:
            specs.append(_SortSpec(p, descending))
    return specs


def compare_values(a: Any, b: Any, case_sensitive: bool = False) -> int:
    """Sort-Object's order: $null first, then numbers, then others by string
    (case-insensitive unless asked; lower case before upper case on ties)."""
    from gshell.runtime.conversions import sort_key
    if isinstance(a, (list, tuple)):
        a = to_str(a)
    if isinstance(b, (list, tuple)):
        b = to_str(b)
    if isinstance(a, str) and isinstance(b, str):
        fa, fb = a.casefold(), b.casefold()
        if fa != fb:
            return -1 if fa < fb else 1
        if not case_sensitive or a == b:
            return 0
        sa, sb = a.swapcase(), b.swapcase()
        return -1 if sa < sb else 1
    ka, kb = sort_key(a), sort_key(b)
    if ka[0] != kb[0]:
        # a string that looks like a number still sorts with strings, as in PowerShell
        return -1 if ka[0] < kb[0] else 1
    try:
        return (ka > kb) - (ka < kb)
    except TypeError:
        sa, sb = to_str(a).casefold(), to_str(b).casefold()
        return (sa > sb) - (sa < sb)


@command(
    "Sort-Object",
    aliases=("sort",),
    module=MODULE,
    synopsis="Sorts objects by property values.",
    description=("Sorts the piped objects by one or more properties (names, script blocks, or "
                 "@{Expression=...; Descending=$true}); without -Property, by the objects themselves.  "
                 "The sort is stable; strings compare case-insensitively unless -CaseSensitive; "
                 "$null sorts first.  -Unique drops objects whose sort keys are equal."),
    params=[
        P("Property", "object[]", 0, help="Sort keys: property names, script blocks, or @{Expression=...; "
                                          "Descending=...}."),
        P("InputObject", "object", from_pipeline=True, help="The objects to sort (usually piped)."),
        S("Descending", help="Sorts in descending order."),
        S("Unique", help="Outputs only one of the objects with equal keys."),
        S("CaseSensitive", help="Compares strings case-sensitively."),
        P("Top", "int", help="Outputs only the first N objects after sorting."),
        P("Bottom", "int", help="Outputs only the last N objects after sorting."),
        S("Stable", help="Accepted for compatibility (the sort is always stable)."),
    ],
    examples=[
        E("3,1,2 | Sort-Object", "1, 2, 3."),
        E("$models | sort downloads -Descending", "Most downloaded first."),
        E("$items | sort @{e={$_.size}; Descending=$true}, name", "Two keys, the first descending."),
        E("'b','a','B' | sort -Unique", "a, b."),
    ],
)
def sort_object(inv: Invocation) -> Iterator[Any]:
    args = inv.args
    cs = to_bool(args.CaseSensitive)
    specs = _sort_specs(inv, as_list(args.Property), to_bool(args.Descending))
    items = list(inputs(inv))
    if not specs:
        keyed = [([obj], obj) for obj in items]
        descs = [to_bool(args.Descending)]
    else:
        keyed = [([evaluate(inv, s.expr, obj) for s in specs], obj) for obj in items]
        descs = [s.descending for s in specs]

    def cmp(x: tuple[list[Any], Any], y: tuple[list[Any], Any]) -> int:
        for ka, kb, desc in zip(x[0], y[0], descs, strict=False):
            c = compare_values(ka, kb, cs)
            if c:
                return -c if desc else c
        return 0

    ordered = sorted(keyed, key=functools.cmp_to_key(cmp))
    if to_bool(args.Unique):
        dedup: list[tuple[list[Any], Any]] = []
        for entry in ordered:
            if not dedup or cmp(dedup[-1], entry) != 0:
                dedup.append(entry)
        ordered = dedup
    result = [obj for _, obj in ordered]
    if "Top" in args:
        result = result[: int(args.Top)]
    if "Bottom" in args:
        result = result[max(len(result) - int(args.Bottom), 0):]
    yield from result


# =========================================================================================
# Group-Object
# =========================================================================================


@command(
    "Group-Object",
    aliases=("group",),
    module=MODULE,
    synopsis="Groups objects that have the same value for the given properties.",
    description=("Outputs one record per group with Count, Name (the key values joined with ', '), "
                 "Values and Group (the objects), in order of first appearance.  -NoElement leaves "
                 "the Group out; -AsHashTable returns a hashtable key → objects."),
    params=[
        P("Property", "object[]", 0, help="Grouping keys: property names or script blocks."),
        P("InputObject", "object", from_pipeline=True, help="The objects to group (usually piped)."),
        S("NoElement", help="Leaves the Group property out."),
        S("AsHashTable", help="Returns a hashtable whose keys are the group names.", aliases=("AHT",)),
        S("AsString", help="With -AsHashTable, converts the keys to strings."),
        S("CaseSensitive", help="Compares string keys case-sensitively."),
    ],
    examples=[
        E("'a','b','a' | Group-Object", "Groups a (Count 2) and b (Count 1)."),
        E("$models | group pipeline_tag -NoElement | sort Count -Descending", "Counts per tag."),
        E("$h = 1..6 | group { $_ % 2 } -AsHashTable", "$h[0] holds 2, 4, 6."),
    ],
)
def group_object(inv: Invocation) -> Iterator[Any]:
    args = inv.args
    props = as_list(args.Property)
    cs = to_bool(args.CaseSensitive)
    groups: list[tuple[list[Any], str, list[Any]]] = []
    index: dict[str, int] = {}
    for obj in inputs(inv):
        values = [evaluate(inv, p, obj) if not isinstance(p, CIDict) else evaluate(inv, _expr_of(p), obj)
                  for p in props] if props else [obj]
        name = ", ".join(to_str(v) for v in values)
        key = name if cs else name.casefold()
        if key not in index:
            index[key] = len(groups)
            groups.append((values, name, []))
        groups[index[key]][2].append(obj)
    if to_bool(args.AsHashTable):
        table = Hashtable()
        for values, name, members in groups:
            k = name if (to_bool(args.AsString) or len(values) != 1) else values[0]
            table[k] = members
        yield table
        return
    no_element = to_bool(args.NoElement)
    for values, name, members in groups:
        if no_element:
            yield Record([("Count", len(members)), ("Name", name)], type_name="GroupInfoNoElement")
        else:
            yield Record([("Count", len(members)), ("Name", name), ("Group", members), ("Values", values)],
                         type_name="GroupInfo")


def _expr_of(h: CIDict) -> Any:
    for k, v in h.items():
        if str(k).casefold() in ("e", "expression"):
            return v
    return None


# =========================================================================================
# Measure-Object
# =========================================================================================


@command(
    "Measure-Object",
    aliases=("measure",),
    module=MODULE,
    synopsis="Counts objects and computes the sum, average, minimum and maximum of numbers; counts lines, words and "
             "characters of text.",
    description=("Outputs a record with Count, Average, Sum, Maximum, Minimum and Property (only the "
                 "requested statistics are filled).  With -Line, -Word or -Character it measures text "
                 "instead and outputs Lines, Words, Characters."),
    params=[
        P("Property", "object[]", 0, help="Properties to measure (default: the objects themselves)."),
        P("InputObject", "object", from_pipeline=True, help="The objects to measure (usually piped)."),
        S("Sum", help="Adds up the values."),
        S("Average", help="Averages the values."),
        S("Maximum", help="Largest value.", aliases=("Max",)),
        S("Minimum", help="Smallest value.", aliases=("Min",)),
        S("StandardDeviation", help="Standard deviation of the values."),
        S("AllStats", help="All of the above."),
        S("Line", help="Counts lines of text."),
        S("Word", help="Counts words of text."),
        S("Character", help="Counts characters of text."),
        S("IgnoreWhiteSpace", help="With -Character, does not count white space."),
    ],
    examples=[
        E("1..10 | Measure-Object -Sum", "Count 10, Sum 55."),
        E("(1,2,3 | measure -Average).Average", "2."),
        E("$files | measure Length -Sum -Maximum", "Total and largest size."),
        E("Get-Content notes.txt | measure -Line -Word", "Lines and words of a file."),
    ],
)
def measure_object(inv: Invocation) -> Iterator[Any]:
    args = inv.args
    items = list(inputs(inv))
    props = [to_str(p) for p in as_list(args.Property)]
    if any(to_bool(args[n]) for n in ("Line", "Word", "Character")):
        yield from _measure_text(args, items, props)
        return
    all_stats = to_bool(args.AllStats)
    want = {n: all_stats or to_bool(args[n]) for n in ("Sum", "Average", "Maximum", "Minimum", "StandardDeviation")}
    targets: list[str | None] = [*props] or [None]
    for prop in targets:
        values = []
        for obj in items:
            v = obj if prop is None else member(obj, prop)
            if prop is not None and v is None and not (isinstance(obj, CIDict) and prop in obj):
                continue
            values.append(v)
        numeric = [_as_number(inv, v) for v in values if v is not None] if (
            want["Sum"] or want["Average"] or want["StandardDeviation"]) else []
        pairs: list[tuple[str, Any]] = [("Count", len(values))]
        pairs.append(("Average", (sum(numeric) / len(numeric)) if want["Average"] and numeric else None))
        pairs.append(("Sum", float(sum(numeric)) if want["Sum"] else None))
        present = [v for v in values if v is not None]
        pairs.append(("Maximum", _extreme(present, 1) if want["Maximum"] and present else None))
        pairs.append(("Minimum", _extreme(present, -1) if want["Minimum"] and present else None))
        sd = None
        if want["StandardDeviation"]:
            if len(numeric) > 1:
                mean = sum(numeric) / len(numeric)
                sd = (sum((x - mean) ** 2 for x in numeric) / (len(numeric) - 1)) ** 0.5
        pairs.append(("StandardDeviation", sd))
        pairs.append(("Property", prop))
        yield Record(pairs, type_name="GenericMeasureInfo")


def _as_number(inv: Invocation, v: Any) -> float:
    from gshell.runtime.conversions import to_float
    try:
        return to_float(v)
    except PSError:
        raise inv.fail(f"Measure-Object: input object \"{to_str(v)}\" is not numeric.",
                       category="InvalidType") from None


def _extreme(values: list[Any], sign: int) -> Any:
    from gshell.runtime.conversions import is_number
    best = values[0]
    for v in values[1:]:
        c = compare_values(v, best)
        if c * sign > 0:
            best = v
    return float(best) if is_number(best) and not isinstance(best, bool) else best


def _measure_text(args: Any, items: list[Any], props: list[str]) -> Iterator[Any]:
    targets: list[str | None] = [*props] or [None]
    for prop in targets:
        lines = words = chars = 0
        for obj in items:
            text = to_str(obj if prop is None else member(obj, prop))
            lines += len([ln for ln in text.splitlines() if ln.strip() != ""]) if text else 0
            words += len(text.split())
            chars += len("".join(text.split())) if to_bool(args.IgnoreWhiteSpace) else len(text)
        pairs: list[tuple[str, Any]] = []
        pairs.append(("Lines", lines if to_bool(args.Line) else None))
        pairs.append(("Words", words if to_bool(args.Word) else None))
        pairs.append(("Characters", chars if to_bool(args.Character) else None))
        pairs.append(("Property", prop))
        yield Record(pairs, type_name="TextMeasureInfo")


# =========================================================================================
# Tee-Object, Compare-Object
# =========================================================================================


@command(
    "Tee-Object",
    aliases=("tee",),
    module=MODULE,
    synopsis="Saves the pipeline objects in a variable or a file and passes them on.",
    params=[
        P("FilePath", "path", 0, help="File that receives the formatted objects."),
        P("InputObject", "object", from_pipeline=True, help="The objects (usually piped)."),
        P("Variable", "string", help="Name of the variable (without $) that receives the objects."),
        S("Append", help="Appends to the file instead of replacing it."),
    ],
    examples=[E("1..3 | Tee-Object -Variable nums | % { $_ * 2 }", "$nums holds 1, 2, 3; the output is 2, 4, 6.")],
)
def tee_object(inv: Invocation) -> Iterator[Any]:
    args = inv.args
    if args.FilePath is None and args.Variable is None:
        raise inv.fail("Tee-Object: give -FilePath or -Variable.", category="InvalidArgument")
    kept: list[Any] = []
    for obj in inputs(inv):
        kept.append(obj)
        yield obj
    if args.Variable is not None:
        from gshell.commands.variables import set_variable_value
        set_variable_value(inv, to_str(args.Variable), kept[0] if len(kept) == 1 else kept)
    if args.FilePath is not None:
        from gshell.commands._common import console_width
        from gshell.commands.output import write_text_file
        from gshell.runtime.out_default import render
        write_text_file(inv, to_str(args.FilePath), render(kept, console_width(inv)), append=to_bool(args.Append))


@command(
    "Compare-Object",
    aliases=("compare",),
    module=MODULE,
    synopsis="Compares two sets of objects and shows the differences.",
    description=("Outputs one record per difference with InputObject and SideIndicator ('<=' only in "
                 "the reference set, '=>' only in the difference set; '==' too with -IncludeEqual)."),
    params=[
        P("ReferenceObject", "object[]", 0, mandatory=True, help="The reference set."),
        P("DifferenceObject", "object[]", 1, mandatory=True, from_pipeline=True, help="The set compared with it."),
        P("Property", "object[]", help="Properties compared (default: the objects themselves)."),
        S("IncludeEqual", help="Also outputs the objects found in both sets."),
        S("ExcludeDifferent", help="Does not output the differences."),
        S("PassThru", help="Outputs the objects themselves."),
        S("CaseSensitive", help="Compares strings case-sensitively."),
    ],
    examples=[E("Compare-Object 1,2,3 2,3,4", "1 <= and 4 =>.")],
)
def compare_object(inv: Invocation) -> Iterator[Any]:
    args = inv.args
    ref = as_list(args.ReferenceObject)
    diff = list(inv.input) if inv.expecting_input else as_list(args.DifferenceObject)
    props = as_list(args.Property)
    cs = to_bool(args.CaseSensitive)

    def key(o: Any) -> str:
        vals = [evaluate(inv, p, o) for p in props] if props else [o]
        text = "\x00".join(to_str(v) for v in vals)
        return text if cs else text.casefold()

    # pwsh's order: the equal ones, then what only the difference set has, then what only the
    # reference set has (each in its input order)
    remaining = [(key(r), r) for r in ref]
    equal: list[tuple[Any, str]] = []
    only_diff: list[tuple[Any, str]] = []
    for d in diff:
        k = key(d)
        idx = next((i for i, (rk, _) in enumerate(remaining) if rk == k), None)
        if idx is None:
            only_diff.append((d, "=>"))
        else:
            r = remaining.pop(idx)[1]
            if to_bool(args.IncludeEqual):
                equal.append((r, "=="))
    results = equal + only_diff + [(r, "<=") for _, r in remaining]
    for obj, side in results:
        if side != "==" and to_bool(args.ExcludeDifferent):
            continue
        if to_bool(args.PassThru):
            yield obj
        elif props:
            yield Record([(to_str(p) if not is_scriptblock(p) else "Expression", evaluate(inv, p, obj)) for p in props]
                         + [("SideIndicator", side)])
        else:
            yield Record([("InputObject", obj), ("SideIndicator", side)], type_name="SideIndicator")
