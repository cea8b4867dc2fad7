"""Object cmdlets: Get-Member, New-Object and Add-Member."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from gshell.commands._common import E, P, S, as_list, inputs, to_bool, to_str, wildcard_match
from gshell.runtime.errors import not_supported
from gshell.runtime.memberinfo import members
from gshell.runtime.registry import Invocation, command
from gshell.runtime.values import Record

MODULE = "gshell.Core"


def _type_names(obj: Any) -> tuple[str, str]:
    from gshell.runtime.conversions import full_type_name, type_name
    return type_name(obj), full_type_name(obj)


_MEMBER_TYPES = ("AliasProperty", "CodeProperty", "Property", "NoteProperty", "ScriptProperty", "Properties",
                 "PropertySet", "Method", "CodeMethod", "ScriptMethod", "Methods", "ParameterizedProperty",
                 "MemberSet", "Event", "Dynamic", "All")
_MEMBER_GROUPS = {
    "properties": {"property", "noteproperty", "aliasproperty", "scriptproperty", "codeproperty"},
    "methods": {"method", "scriptmethod", "codemethod"},
}


@command(
    "Get-Member",
    aliases=("gm",),
    module=MODULE,
    synopsis="Lists the properties and methods of objects.",
    description=("Shows, for each distinct type among the piped objects, its members sorted by name: "
                 "NoteProperty for the fields of records (JSON objects, [pscustomobject]), Property and "
                 "Method for strings, arrays, hashtables and dates (the methods gshell implements), every "
                 "property of sessions, calls and events.  Tab completion after `$x.` offers the same list "
                 "(gshell.runtime.memberinfo).  "
                 "An array piped in is enumerated: pipe `,$arr` or use -InputObject to see the array itself."),
    params=[
        P("Name", "string[]", 0, help="Member names to show (wildcards allowed)."),
        P("InputObject", "object", from_pipeline=True, help="The object(s) to inspect."),
        P("MemberType", "string[]", aliases=("Type",), choices=_MEMBER_TYPES,
          help="Kinds of members to show: Property, NoteProperty, Method, Properties, Methods, All."),
        S("Static", help="Static members (not supported: gshell has no .NET types)."),
        S("Force", help="Accepted for compatibility."),
    ],
    examples=[
        E("$info | Get-Member", "The properties of the /info record."),
        E("'abc' | gm -MemberType Method", "The string methods."),
        E("$r | gm data*", "Members whose name starts with data."),
    ],
)
def get_member(inv: Invocation) -> Iterator[Any]:
    args = inv.args
    if to_bool(args.Static):
        raise not_supported("Get-Member -Static", "gshell has no .NET types")
    names = [to_str(n) for n in as_list(args.Name)]
    kinds = {to_str(k).casefold() for k in as_list(args.MemberType)}
    wanted: set[str] = set()
    for k in kinds:
        wanted |= _MEMBER_GROUPS.get(k, {k})
    seen_types: set[str] = set()
    any_input = False
    for obj in inputs(inv):
        any_input = True
        if obj is None:
            continue
        short, full = _type_names(obj)
        key = full if not isinstance(obj, Record) else full + "|" + "|".join(str(k).casefold() for k in obj)
        if key in seen_types:
            continue
        seen_types.add(key)
        rows = members(obj)
        if names:
            rows = [r for r in rows if any(wildcard_match(r.name, n) for n in names)]
        if wanted and "all" not in wanted:
            rows = [r for r in rows if r.kind.casefold() in wanted]
        rows.sort(key=lambda r: (_kind_order(r.kind), r.name.casefold()))
        for r in rows:
            yield Record([("Name", r.name), ("MemberType", r.kind), ("Definition", r.definition), ("TypeName", full)],
                         type_name="MemberDefinition")
    if not any_input:
        raise inv.fail("You must specify an object for the Get-Member cmdlet.", category="CloseError")


def _kind_order(kind: str) -> int:
    # PowerShell lists methods before properties (MemberType order), each sorted by name
    return 0 if "method" in kind.casefold() else 1


@command(
    "New-Object",
    module=MODULE,
    synopsis="Creates a PSCustomObject (other .NET types are not supported in gshell).",
    description=("Only `New-Object PSObject -Property @{...}` / `New-Object PSCustomObject` are supported; "
                 "they create a record with the hashtable's keys as properties."),
    params=[
        P("TypeName", "string", 0, mandatory=True, help="PSObject or PSCustomObject."),
        P("ArgumentList", "object[]", 1, aliases=("Args",), help="Not supported (no .NET constructors)."),
        P("Property", "hashtable", help="Properties of the new object."),
        P("ComObject", "string", help="Not supported."),
    ],
    examples=[E("New-Object PSObject -Property @{ Name = 'a'; Size = 1 }", "A record with Name and Size.")],
)
def new_object(inv: Invocation) -> Iterator[Any]:
    args = inv.args
    if args.ComObject is not None:
        raise not_supported("New-Object -ComObject")
    name = to_str(args.TypeName).casefold()
    if name.startswith("system."):
        name = name[len("system."):]
    if name.startswith("management.automation."):
        name = name[len("management.automation."):]
    if name not in ("psobject", "pscustomobject", "object"):
        from gshell.runtime.casts import make_list
        made = make_list(to_str(args.TypeName), as_list(args.ArgumentList))
        if made is not None:                      # New-Object System.Collections.ArrayList
            yield made
            return
        raise not_supported(f"New-Object {to_str(args.TypeName)}",
                            "only PSObject/PSCustomObject can be created (use [pscustomobject]@{...})")
    if as_list(args.ArgumentList):
        raise not_supported("New-Object -ArgumentList")
    props = args.Property
    yield Record(list(props.items()) if props is not None else [])


_NOTE = "noteproperty"
_REFUSED_MEMBERS = ("aliasproperty", "scriptproperty", "scriptmethod", "codeproperty", "codemethod",
                    "propertyset", "memberset")


def _note_members(args: Any) -> tuple[list[tuple[str, Any]], bool]:
    """The (name, value) pairs Add-Member's arguments ask for, and whether a member type was named."""
    if args.NotePropertyMembers is not None:
        return [(to_str(k), v) for k, v in args.NotePropertyMembers.items()], False
    if args.NotePropertyName is not None:
        return [(to_str(args.NotePropertyName), args.NotePropertyValue)], False
    kind = args.MemberType
    if isinstance(kind, dict) or hasattr(kind, "items"):          # Add-Member @{a = 1}
        return [(to_str(k), v) for k, v in kind.items()], False
    text = to_str(kind) if kind is not None else ""
    if text.casefold() == _NOTE or text.casefold() in _REFUSED_MEMBERS:
        return [(to_str(args.Name), args.Value)] if args.Name is not None else [], True
    if text:                                                      # Add-Member Name Value
        return [(text, args.Name)], False
    return [], False


@command(
    "Add-Member",
    module=MODULE,
    synopsis="Adds a NoteProperty to a [pscustomobject] record.",
    description=("`$o | Add-Member -NotePropertyName n -NotePropertyValue v`, `Add-Member NoteProperty n v`, "
                 "`Add-Member n v` and `Add-Member -NotePropertyMembers @{n = v}` add properties to records "
                 "(pscustomobject, JSON objects, events).  An existing member needs -Force.  -TypeName sets the "
                 "type name.  ScriptMethod, ScriptProperty and AliasProperty members are not supported."),
    params=[
        P("MemberType", "object", 0, aliases=("Type",), help="NoteProperty (or the name of the new property)."),
        P("Name", "object", 1, help="The member name (or, with a name in -MemberType, the value)."),
        P("Value", "object", 2, help="The member value."),
        P("SecondValue", "object", 3, help="Not used by NoteProperty."),
        P("NotePropertyName", "string", help="The name of the NoteProperty to add."),
        P("NotePropertyValue", "object", help="Its value."),
        P("NotePropertyMembers", "hashtable", help="Several NoteProperties at once (@{name = value})."),
        P("InputObject", "object", from_pipeline=True, help="The record to extend."),
        P("TypeName", "string", help="A type name for the record."),
        S("PassThru", help="Outputs the record."),
        S("Force", help="Replaces a member that already exists."),
    ],
    examples=[
        E("$o | Add-Member -NotePropertyName Size -NotePropertyValue 3", "Adds Size to $o."),
        E("$o | Add-Member NoteProperty Size 3 -PassThru", "The same, and outputs $o."),
        E("$r = $r | Add-Member @{Seen = Get-Date} -PassThru", "Adds from a hashtable."),
    ],
)
def add_member(inv: Invocation) -> Iterator[Any]:
    for obj, args in inv.each():
        target = args.InputObject if args.InputObject is not None else obj
        pairs, named_kind = _note_members(args)
        kind = to_str(args.MemberType).casefold() if named_kind else _NOTE
        if kind in _REFUSED_MEMBERS:
            raise not_supported(f"Add-Member -MemberType {to_str(args.MemberType)}",
                                "only NoteProperty members can be added")
        if not isinstance(target, Record):
            from gshell.runtime.conversions import type_name
            raise not_supported(f"Add-Member on a {type_name(target)}",
                                "members can be added to [pscustomobject] records only")
        if args.TypeName is not None:
            target.type_name = to_str(args.TypeName)
        if not pairs and args.TypeName is None:
            raise inv.fail("Add-Member: give the member with -NotePropertyName/-NotePropertyValue, "
                           "-NotePropertyMembers or -MemberType NoteProperty -Name -Value.",
                           category="InvalidArgument")
        for name, value in pairs:
            if name in target and not to_bool(args.Force):
                inv.error(f'Cannot add a member with the name "{name}" because a member with that name '
                          "already exists. To overwrite the member anyway, add the Force parameter to your "
                          "command.", category="InvalidOperation", target=target)
                continue
            target[name] = value
        if to_bool(args.PassThru):
            yield target
