"""Object cmdlets: Get-Member and New-Object."""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from gshell.commands._common import E, P, S, as_list, inputs, to_bool, to_str, wildcard_match
from gshell.runtime.errors import not_supported
from gshell.runtime.registry import Invocation, command
from gshell.runtime.values import CIDict, Hashtable, Record, ScriptBlock

MODULE = "gshell.Core"

# -- member tables (the methods gshell implements, with PowerShell-style definitions) ----------

_OBJECT_METHODS = {
    "Equals": "bool Equals(System.Object obj)",
    "GetHashCode": "int GetHashCode()",
    "GetType": "type GetType()",
    "ToString": "string ToString()",
}

_STRING_METHODS = {
    "CompareTo": "int CompareTo(System.Object value), int CompareTo(string strB)",
    "Contains": "bool Contains(string value), bool Contains(string value, System.StringComparison comparisonType)",
    "EndsWith": "bool EndsWith(string value), bool EndsWith(string value, System.StringComparison comparisonType)",
    "GetEnumerator": "System.CharEnumerator GetEnumerator()",
    "IndexOf": "int IndexOf(string value), int IndexOf(string value, int startIndex)",
    "Insert": "string Insert(int startIndex, string value)",
    "IsNormalized": "bool IsNormalized()",
    "LastIndexOf": "int LastIndexOf(string value), int LastIndexOf(string value, int startIndex)",
    "Normalize": "string Normalize()",
    "PadLeft": "string PadLeft(int totalWidth), string PadLeft(int totalWidth, char paddingChar)",
    "PadRight": "string PadRight(int totalWidth), string PadRight(int totalWidth, char paddingChar)",
    "Remove": "string Remove(int startIndex, int count), string Remove(int startIndex)",
    "Replace": "string Replace(string oldValue, string newValue)",
    "Split": "string[] Split(char[] separator), string[] Split(string separator, System.StringSplitOptions options)",
    "StartsWith": "bool StartsWith(string value), bool StartsWith(string value, System.StringComparison comparisonType)",
    "Substring": "string Substring(int startIndex), string Substring(int startIndex, int length)",
    "ToCharArray": "char[] ToCharArray()",
    "ToLower": "string ToLower()",
    "ToLowerInvariant": "string ToLowerInvariant()",
    "ToUpper": "string ToUpper()",
    "ToUpperInvariant": "string ToUpperInvariant()",
    "Trim": "string Trim(), string Trim(char[] trimChars)",
    "TrimEnd": "string TrimEnd(), string TrimEnd(char[] trimChars)",
    "TrimStart": "string TrimStart(), string TrimStart(char[] trimChars)",
}
_STRING_PROPERTIES = {"Length": "int Length {get;}"}

_LIST_METHODS = {
    "Add": "int Add(System.Object value)",
    "Clone": "System.Object Clone()",
    "Contains": "bool Contains(System.Object value)",
    "GetValue": "System.Object GetValue(int index)",
    "IndexOf": "int IndexOf(System.Object value)",
    "Remove": "void Remove(System.Object value)",
}
_LIST_PROPERTIES = {"Count": "int Count {get;}", "Length": "int Length {get;}", "Rank": "int Rank {get;}"}

_HASH_METHODS = {
    "Add": "void Add(System.Object key, System.Object value)",
    "Clear": "void Clear()",
    "Clone": "System.Object Clone()",
    "Contains": "bool Contains(System.Object key)",
    "ContainsKey": "bool ContainsKey(System.Object key)",
    "ContainsValue": "bool ContainsValue(System.Object value)",
    "GetEnumerator": "System.Collections.IDictionaryEnumerator GetEnumerator()",
    "Remove": "void Remove(System.Object key)",
}
_HASH_PROPERTIES = {"Count": "int Count {get;}", "IsReadOnly": "bool IsReadOnly {get;}",
                    "Keys": "System.Collections.ICollection Keys {get;}",
                    "Values": "System.Collections.ICollection Values {get;}"}

_DATE_METHODS = {
    "AddDays": "datetime AddDays(double value)",
    "AddHours": "datetime AddHours(double value)",
    "AddMilliseconds": "datetime AddMilliseconds(double value)",
    "AddMinutes": "datetime AddMinutes(double value)",
    "AddMonths": "datetime AddMonths(int months)",
    "AddSeconds": "datetime AddSeconds(double value)",
    "AddTicks": "datetime AddTicks(long value)",
    "AddYears": "datetime AddYears(int value)",
    "CompareTo": "int CompareTo(System.Object value)",
    "Subtract": "timespan Subtract(datetime value), datetime Subtract(timespan value)",
    "ToFileTime": "long ToFileTime()",
    "ToLocalTime": "datetime ToLocalTime()",
    "ToLongDateString": "string ToLongDateString()",
    "ToLongTimeString": "string ToLongTimeString()",
    "ToShortDateString": "string ToShortDateString()",
    "ToShortTimeString": "string ToShortTimeString()",
    "ToUniversalTime": "datetime ToUniversalTime()",
}
_DATE_PROPERTIES = {n: f"{t} {n} {{get;}}" for n, t in (
    ("Date", "datetime"), ("Day", "int"), ("DayOfWeek", "System.DayOfWeek"), ("DayOfYear", "int"), ("Hour", "int"),
    ("Kind", "System.DateTimeKind"), ("Millisecond", "int"), ("Minute", "int"), ("Month", "int"), ("Second", "int"),
    ("Ticks", "long"), ("Year", "int"))}

_NUMBER_METHODS = {"CompareTo": "int CompareTo(System.Object value)",
                   "ToString": "string ToString(), string ToString(string format)"}
_SCRIPTBLOCK_METHODS = {"Invoke": "System.Collections.ObjectModel.Collection[psobject] Invoke(Params System.Object[] args)",
                        "InvokeReturnAsIs": "System.Object InvokeReturnAsIs(Params System.Object[] args)",
                        "GetNewClosure": "scriptblock GetNewClosure()"}
_SCRIPTBLOCK_PROPERTIES = {"Ast": "System.Management.Automation.Language.Ast Ast {get;}"}

#: short type names used in NoteProperty definitions (PowerShell's type accelerators)
_SHORT_TYPES = {"Int32": "int", "Int64": "long", "Double": "double", "String": "string", "Boolean": "bool",
                "Decimal": "decimal", "DateTime": "datetime", "Hashtable": "hashtable", "ScriptBlock": "scriptblock",
                "Object[]": "Object[]", "PSCustomObject": "System.Management.Automation.PSCustomObject",
                "OrderedDictionary": "System.Collections.Specialized.OrderedDictionary"}


def _type_names(obj: Any) -> tuple[str, str]:
    from gshell.runtime.conversions import full_type_name, type_name
    return type_name(obj), full_type_name(obj)


def _note_definition(name: str, value: Any) -> str:
    from gshell.runtime.conversions import to_str as _ts
    from gshell.runtime.conversions import type_name
    if value is None:
        return f"object {name}=null"
    short = _SHORT_TYPES.get(type_name(value), type_name(value))
    shown = "System.Object[]" if isinstance(value, (list, tuple)) else _ts(value)
    if isinstance(value, Hashtable):
        shown = "System.Collections.Hashtable"
    return f"{short} {name}={shown}"


def members_of(obj: Any) -> list[tuple[str, str, str]]:
    """(Name, MemberType, Definition) for an object, unsorted."""
    out: list[tuple[str, str, str]] = []

    def add(table: dict[str, str], kind: str) -> None:
        have = {n.casefold() for n, _, _ in out}
        for n, d in table.items():
            if n.casefold() not in have:
                out.append((n, kind, d))

    if isinstance(obj, Record):
        for k, v in obj.items():
            kind = "ScriptMethod" if isinstance(v, ScriptBlock) else "NoteProperty"
            out.append((str(k), kind, _note_definition(str(k), v) if kind == "NoteProperty" else f"System.Object {k}();"))
        add(_OBJECT_METHODS, "Method")
    elif isinstance(obj, CIDict):
        add(_HASH_PROPERTIES, "Property")
        add(_HASH_METHODS, "Method")
        add(_OBJECT_METHODS, "Method")
    elif isinstance(obj, str):
        add(_STRING_PROPERTIES, "Property")
        add(_STRING_METHODS, "Method")
        add(_OBJECT_METHODS, "Method")
    elif isinstance(obj, (list, tuple)):
        add(_LIST_PROPERTIES, "Property")
        add(_LIST_METHODS, "Method")
        add(_OBJECT_METHODS, "Method")
    elif isinstance(obj, _dt.datetime):
        add(_DATE_PROPERTIES, "Property")
        add(_DATE_METHODS, "Method")
        add(_OBJECT_METHODS, "Method")
    elif isinstance(obj, (bool, int, float, Decimal)):
        add(_NUMBER_METHODS, "Method")
        add(_OBJECT_METHODS, "Method")
    elif isinstance(obj, ScriptBlock):
        add(_SCRIPTBLOCK_PROPERTIES, "Property")
        add(_SCRIPTBLOCK_METHODS, "Method")
        add(_OBJECT_METHODS, "Method")
    elif isinstance(obj, re.Pattern):
        add({"Options": "System.Text.RegularExpressions.RegexOptions Options {get;}"}, "Property")
        add({"IsMatch": "bool IsMatch(string input)", "Match": "System.Text.RegularExpressions.Match Match(string input)",
             "Matches": "System.Text.RegularExpressions.MatchCollection Matches(string input)",
             "Replace": "string Replace(string input, string replacement)",
             "Split": "string[] Split(string input)"}, "Method")
        add(_OBJECT_METHODS, "Method")
    else:
        names = getattr(obj, "ps_member_names", None)
        if callable(names):
            from gshell.runtime.members import property_pairs
            for n, v in property_pairs(obj):
                out.append((str(n), "Property", f"{_short_type(v)} {n} {{get;}}"))
        add(_OBJECT_METHODS, "Method")
    return out


def _short_type(v: Any) -> str:
    from gshell.runtime.conversions import type_name
    if v is None:
        return "System.Object"
    return _SHORT_TYPES.get(type_name(v), type_name(v))


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
                 "Method for strings, arrays, hashtables and dates (the methods gshell implements).  "
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
        rows = members_of(obj)
        if names:
            rows = [r for r in rows if any(wildcard_match(r[0], n) for n in names)]
        if wanted and "all" not in wanted:
            rows = [r for r in rows if r[1].casefold() in wanted]
        rows.sort(key=lambda r: (_kind_order(r[1]), r[0].casefold()))
        for n, kind, definition in rows:
            yield Record([("Name", n), ("MemberType", kind), ("Definition", definition), ("TypeName", full)],
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
        raise not_supported(f"New-Object {to_str(args.TypeName)}",
                            "only PSObject/PSCustomObject can be created (use [pscustomobject]@{...})")
    if as_list(args.ArgumentList):
        raise not_supported("New-Object -ArgumentList")
    props = args.Property
    yield Record(list(props.items()) if props is not None else [])
