"""Pipeline cmdlets that work object by object: ForEach-Object, Where-Object, Select-Object
(the cmdlets that collect their input are in ``collect_cmds``)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from gshell.commands._common import (
    E,
    P,
    S,
    as_list,
    calculated,
    evaluate,
    has_wildcard,
    inputs,
    is_scriptblock,
    member,
    property_names,
    to_bool,
    to_str,
    wildcard_match,
)
from gshell.runtime.errors import PSError, not_supported
from gshell.runtime.registry import Invocation, command
from gshell.runtime.values import CIDict, Record

MODULE = "gshell.Core"


# =========================================================================================
# ForEach-Object
# =========================================================================================


@command(
    "ForEach-Object",
    aliases=("%", "foreach"),
    module=MODULE,
    synopsis="Runs a script block (or gets a member) for each object in the pipeline.",
    description=("ForEach-Object runs its -Process script block once per input object with $_ set to "
                 "the object, in the caller's scope (assignments persist).  -Begin runs before the "
                 "first object and -End after the last.  The simplified form `% Name` outputs the "
                 "property Name of each object, or calls the method Name with -ArgumentList.  "
                 "`return` inside the block goes on with the next object."),
    params=[
        P("Process", "object[]", 0, help="Script block run for each input object (several blocks: Begin, Process, "
                                         "End), or a member name."),
        P("ArgumentList", "object[]", 1, aliases=("Args",), remaining=True,
          help="Arguments of the method called with the simplified syntax (`% Split ','`)."),
        P("InputObject", "object", from_pipeline=True, help="The objects to process (usually piped)."),
        P("Begin", "scriptblock", help="Script block run once before the first input object."),
        P("End", "scriptblock", help="Script block run once after the last input object."),
        P("MemberName", "string", help="Name of the property to get or method to call on each object."),
        P("RemainingScripts", "object[]", help="Further script blocks (End when three blocks are given)."),
        P("Parallel", "scriptblock", help="Not supported in gshell."),
        P("ThrottleLimit", "int", help="Not supported in gshell (goes with -Parallel)."),
    ],
    examples=[
        E("1..3 | ForEach-Object { $_ * 2 }", "Doubles each number: 2, 4, 6."),
        E("$events | % { \"x: $($_.data)\" }", "Formats the data of each event."),
        E("$fns | % Name", "Simplified syntax: the Name property of each object."),
        E("'a,b', 'c' | % Split ','", "Calls the Split method of each string."),
        E("1..3 | % -Begin { $t = 0 } -Process { $t += $_ } -End { $t }", "Sums the input: 6."),
    ],
)
def foreach_object(inv: Invocation) -> Iterator[Any]:
    args = inv.args
    if "Parallel" in args:
        raise not_supported("ForEach-Object -Parallel")
    process = as_list(args.Process)
    member_name = args.MemberName
    method_args = as_list(args.ArgumentList)
    if process and not is_scriptblock(process[0]):
        if len(process) != 1:
            raise inv.fail("ForEach-Object: the member name must be a single string.", category="InvalidArgument")
        member_name = to_str(process[0])
        process = []
    begin, end = args.Begin, args.End
    blocks = process + [b for b in method_args if is_scriptblock(b)] + as_list(args.RemainingScripts)
    if member_name is None:
        # PowerShell: with several positional blocks, a lone one is Process; two or more
        # are Begin, Process[, End].
        if len(blocks) == 2 and begin is None:
            begin, blocks = blocks[0], [blocks[1]]
        elif len(blocks) >= 3 and begin is None and end is None:
            begin, end, blocks = blocks[0], blocks[-1], blocks[1:-1]
    if begin is not None:
        yield from inv.invoke_iter(begin)
    if member_name is not None:
        call_args = [a for a in method_args if not is_scriptblock(a)]
        for obj in inputs(inv):
            yield from _member_of(inv, obj, member_name, call_args, "ArgumentList" in args or bool(call_args))
    else:
        if not inv.expecting_input and "InputObject" not in args:
            for block in blocks:
                yield from inv.invoke_iter(block, dollar_under=None)
        else:
            for obj in inputs(inv):
                for block in blocks:
                    yield from inv.invoke_iter(block, dollar_under=obj)
    if end is not None:
        yield from inv.invoke_iter(end)


def _member_of(inv: Invocation, obj: Any, name: str, call_args: list[Any], is_call: bool) -> Iterator[Any]:
    if obj is None:
        return
    call = _method_caller(inv)
    if is_call and call is not None:
        result = call(obj, name, call_args)
    else:
        value = member(obj, name)
        if value is None and call is not None and not isinstance(obj, CIDict) \
                and name.casefold() not in ("count", "length"):
            # `% ToUpper` calls a method when there is no such property
            try:
                result = call(obj, name, call_args)
            except PSError:
                return
        else:
            result = value
    if isinstance(result, (list, tuple)):
        yield from result
    elif result is not None:
        yield result


def _method_caller(inv: Invocation) -> Any:
    """`(obj, name, args) -> value`: the interpreter's method call."""
    from gshell.runtime import methods
    runtime = inv.runtime
    return lambda obj, name, args: methods.call_method(runtime, obj, name, list(args))


# =========================================================================================
# Where-Object
# =========================================================================================

# switch name -> operator of the simplified syntax (each also with a C prefix)
_WHERE_OPS: tuple[tuple[str, str], ...] = (
    ("EQ", "-eq"), ("NE", "-ne"), ("GT", "-gt"), ("GE", "-ge"), ("LT", "-lt"), ("LE", "-le"),
    ("Like", "-like"), ("NotLike", "-notlike"), ("Match", "-match"), ("NotMatch", "-notmatch"),
    ("Contains", "-contains"), ("NotContains", "-notcontains"), ("In", "-in"), ("NotIn", "-notin"),
)
_WHERE_SWITCHES = (
    [S(n, help=f"Simplified syntax: property {op} value (case-insensitive).", aliases=(f"I{n}",))
     for n, op in _WHERE_OPS]
    + [S(f"C{n}", help=f"Simplified syntax: property {op} value, case-sensitive.") for n, op in _WHERE_OPS]
    + [S("Is", help="Simplified syntax: property -is type."), S("IsNot", help="Simplified syntax: property -isnot "
                                                                              "type."),
       S("Not", help="Simplified syntax: the property is false or absent.")]
)


@command(
    "Where-Object",
    aliases=("?", "where"),
    module=MODULE,
    synopsis="Selects the pipeline objects for which a condition is true.",
    description=("With a script block, keeps each object for which the block's result is true "
                 "($_ is the object).  The simplified syntax `? Prop -eq value` compares a "
                 "property with a value using one of the comparison switches (-EQ -NE -GT -GE -LT "
                 "-LE -Like -NotLike -Match -NotMatch -Contains -NotContains -In -NotIn -Is -IsNot "
                 "and their C-prefixed case-sensitive forms); `? Prop` alone keeps objects whose "
                 "property is truthy."),
    params=[
        P("FilterScript", "object", 0, help="The condition (a script block), or a property name for the simplified "
                                            "syntax."),
        P("Value", "object", 1, help="The value the property is compared with (simplified syntax)."),
        P("InputObject", "object", from_pipeline=True, help="The objects to filter (usually piped)."),
        P("Property", "string", help="The property compared (simplified syntax)."),
        *_WHERE_SWITCHES,
    ],
    examples=[
        E("1..10 | ? { $_ % 2 -eq 0 }", "Even numbers."),
        E("$events | ? { $_.data -ne $null }", "Drops events without data."),
        E("$info.named_endpoints.PSObject.Properties | ? Name -like '/gen*'", "Simplified syntax with a wildcard."),
        E("$files | where Length -gt 1kb", "Simplified syntax with a number."),
    ],
)
def where_object(inv: Invocation) -> Iterator[Any]:
    args = inv.args
    filt = args.FilterScript
    if is_scriptblock(filt):
        for obj in inputs(inv):
            result = inv.invoke(filt, dollar_under=obj)
            value = result[0] if len(result) == 1 else result
            if to_bool(value):
                yield obj
        return
    prop = args.Property if "Property" in args else filt
    if prop is None:
        raise inv.fail("Where-Object: give a script block or a property name.", category="InvalidArgument")
    prop = to_str(prop)
    op = _where_operator(args)
    from gshell.runtime.operators import binary
    for obj in inputs(inv):
        left = member(obj, prop)
        if op is None:
            if to_bool(left):
                yield obj
        elif op == "-not":
            if not to_bool(left):
                yield obj
        else:
            if to_bool(binary(op, left, args.Value)):
                yield obj


def _where_operator(args: Any) -> str | None:
    chosen = []
    for name, op in _WHERE_OPS:
        if to_bool(args[name]):
            chosen.append(op)
        if to_bool(args["C" + name]):
            chosen.append("-c" + op[1:])
    for name, op in (("Is", "-is"), ("IsNot", "-isnot"), ("Not", "-not")):
        if to_bool(args[name]):
            chosen.append(op)
    if len(chosen) > 1:
        raise PSError("Where-Object: use only one comparison operator.", category="InvalidArgument",
                      exception_type="ParameterBindingException")
    if not chosen:
        if "Value" in args:
            raise PSError("Where-Object: a value was given without a comparison operator such as -EQ.",
                          category="InvalidArgument", exception_type="ParameterBindingException")
        return None
    return chosen[0]


# =========================================================================================
# Select-Object
# =========================================================================================


def _expand_properties(inv: Invocation, obj: Any, specs: list[Any], exclude: list[str]) -> list[tuple[str, Any]]:
    pairs: list[tuple[str, Any]] = []
    seen: set[str] = set()

    def add(name: str, value: Any) -> None:
        key = name.casefold()
        if key in seen or any(wildcard_match(name, x) for x in exclude):
            return
        seen.add(key)
        pairs.append((name, value))

    for spec in specs:
        if isinstance(spec, CIDict):
            try:
                name, expr = calculated(spec)
            except ValueError as exc:
                raise inv.fail(f"Select-Object: {exc}", category="InvalidArgument") from None
            add(name, evaluate(inv, expr, obj))
        elif is_scriptblock(spec):
            add(str(spec.text).strip(), evaluate(inv, spec, obj))
        else:
            name = to_str(spec)
            if has_wildcard(name):
                for n in property_names(obj):
                    if wildcard_match(n, name):
                        add(n, member(obj, n))
            else:
                actual = next((n for n in property_names(obj) if n.casefold() == name.casefold()), name)
                add(actual, member(obj, name))
    return pairs


def _select_one(inv: Invocation, obj: Any, specs: list[Any], exclude: list[str], expand: str | None) -> Iterator[Any]:
    if expand is not None:
        value = member(obj, expand)
        if value is None and not (isinstance(obj, CIDict) and expand in obj):
            inv.error(f"Property \"{expand}\" cannot be found.", category="InvalidArgument", target=obj)
            return
        extra = _expand_properties(inv, obj, specs, exclude) if specs else []
        values = value if isinstance(value, (list, tuple)) else [value]
        for v in values:
            if extra and isinstance(v, Record):
                v = v.copy()
                for k, x in extra:
                    if k not in v:
                        v[k] = x
            yield v
        return
    if not specs:
        if exclude and isinstance(obj, CIDict):
            yield Record([(k, x) for k, x in obj.items()
                          if not any(wildcard_match(str(k), e) for e in exclude)])
        else:
            yield obj
        return
    yield Record(_expand_properties(inv, obj, specs, exclude))


def _same(a: Any, b: Any) -> bool:
    from gshell.runtime.conversions import equals
    if isinstance(a, CIDict) and isinstance(b, CIDict):
        if len(a) != len(b):
            return False
        return all(k in b and _same(v, b[k]) for k, v in a.items())
    if isinstance(a, (list, tuple)) and isinstance(b, (list, tuple)):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=False))
    try:
        return equals(a, b, case_sensitive=True) and type(a) is type(b) or (a is None and b is None)
    except PSError:
        return False


@command(
    "Select-Object",
    aliases=("select",),
    module=MODULE,
    synopsis="Selects objects or object properties (first/last items, unique, calculated properties).",
    description=("Select-Object creates new objects with the listed properties (names, wildcards or "
                 "calculated properties `@{n='Name'; e={ expression }}`), or passes objects through "
                 "filtered by -First, -Last, -Skip, -Index and -Unique.  -ExpandProperty outputs the "
                 "value of one property (each element when it is an array).  With -First the "
                 "upstream commands are stopped as soon as enough objects arrived."),
    params=[
        P("Property", "object[]", 0, help="Properties to keep: names, wildcards, or @{Name=...; Expression={...}}."),
        P("InputObject", "object", from_pipeline=True, help="The objects to select from (usually piped)."),
        P("ExcludeProperty", "string[]", help="Properties to leave out (wildcards allowed)."),
        P("ExpandProperty", "string", help="Outputs the value of this property instead of a new object."),
        P("First", "int", help="Number of objects from the start."),
        P("Last", "int", help="Number of objects from the end."),
        P("Skip", "int", help="Number of objects to skip from the start."),
        P("SkipLast", "int", help="Number of objects to skip at the end."),
        P("Index", "int[]", help="Zero-based positions of the objects to keep."),
        S("Unique", help="Drops duplicate objects (after selecting the properties)."),
    ],
    examples=[
        E("$fns | Select-Object Name, Parameters", "Two properties of each object."),
        E("1..100 | select -First 3", "1, 2, 3 (and stops the upstream pipeline)."),
        E("$r | select -ExpandProperty data", "The data of each result, arrays enumerated."),
        E("$models | select id, @{n='dl'; e={ $_.downloads / 1000 }}", "A calculated property."),
        E("1,1,2 | select -Unique", "1, 2."),
    ],
)
def select_object(inv: Invocation) -> Iterator[Any]:
    args = inv.args
    specs = as_list(args.Property)
    exclude = [to_str(x) for x in as_list(args.ExcludeProperty)]
    expand = to_str(args.ExpandProperty) if args.ExpandProperty is not None else None
    first = args.First if "First" in args else None
    last = args.Last if "Last" in args else None
    skip = int(args.Skip or 0)
    skip_last = int(args.SkipLast or 0)
    index = [int(i) for i in as_list(args.Index)] if "Index" in args else None
    unique = to_bool(args.Unique)
    seen: list[Any] = []

    def emit(obj: Any) -> Iterator[Any]:
        for out in _select_one(inv, obj, specs, exclude, expand):
            if unique:
                if any(_same(out, s) for s in seen):
                    continue
                seen.append(out)
            yield out

    source = inputs(inv)
    if index is not None:
        wanted = sorted(set(i for i in index if i >= 0))
        buffered = None
        if any(i < 0 for i in index):
            buffered = list(source)
            n = len(buffered)
            wanted = sorted(set((i + n) if i < 0 else i for i in index))
            source = iter(buffered)
        top = wanted[-1] if wanted else -1
        for i, obj in enumerate(source):
            if i in wanted:
                yield from emit(obj)
            if i >= top:
                return
        return
    if last is not None or skip_last:
        items = list(source)[skip:]
        if skip_last:
            items = items[: max(len(items) - skip_last, 0)]
        head: list[Any] = items[: int(first)] if first is not None else []
        tail = items[max(len(items) - int(last), 0):] if last is not None else ([] if first is not None else items)
        if first is not None and last is not None:
            # PowerShell outputs both ends without duplicating overlapping items
            taken = len(head)
            tail = items[max(len(items) - int(last), taken):]
        for obj in head + tail:
            yield from emit(obj)
        return
    count = 0
    for i, obj in enumerate(source):
        if i < skip:
            continue
        if first is not None and count >= int(first):
            return
        produced = False
        for out in emit(obj):
            produced = True
            yield out
        if produced or not unique:
            count += 1
        if first is not None and count >= int(first):
            return
