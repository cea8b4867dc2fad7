"""The member model: which members a value has, as ``Get-Member`` lists them and as ``$x.<Tab>``
completes them (one model, so the two always agree).

``members(obj)`` gives ``MemberInfo(name, kind, definition)`` rows: NoteProperty for the fields
of records, Property and Method for strings, arrays, hashtables, dates, numbers, script blocks
and regexes (the methods gshell implements, with PowerShell-style definitions), and for the
engine's views (sessions, calls, events: objects with ``ps_member_names``) every member they
answer.  ``access_members(obj)`` is what ``obj.<name>`` can reach: ``members``, plus a
hashtable's keys and, for an array, its elements' members (member-access enumeration).

Reading the model never does I/O: a view names in ``ps_fetching`` the members whose value may
need the network (a session's ``Endpoints``) with their type, and those are never evaluated.
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Callable, Iterable
from decimal import Decimal
from functools import partial
from itertools import islice
from typing import Any

from gshell.runtime.conversions import to_str, type_name
from gshell.runtime.errors import MISSING
from gshell.runtime.values import CIDict, Hashtable, Record, ScriptBlock

ELEMENTS_SAMPLED = 20   # access_members of an array: the element types among its first elements


class MemberInfo:
    """One row of ``Get-Member``.  The definition of a property may be given as a function: it is
    worked out when first read (completion shows only a few of the rows it ranks)."""

    __slots__ = ("name", "kind", "_definition")

    def __init__(self, name: str, kind: str, definition: str | Callable[[], str]) -> None:
        self.name = name
        self.kind = kind          # Property, NoteProperty, Method, ScriptMethod
        self._definition = definition

    @property
    def definition(self) -> str:
        if callable(self._definition):
            self._definition = self._definition()
        return self._definition

    def __repr__(self) -> str:
        return f"MemberInfo({self.name!r}, {self.kind!r})"

    @property
    def is_method(self) -> bool:
        return "method" in self.kind.casefold()

    @property
    def takes_arguments(self) -> bool:
        """Whether some overload of a method takes arguments (``Trim(``, but ``ToUpper()``)."""
        return self.is_method and self.definition.count("(") != self.definition.count("()")


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
    "StartsWith": ("bool StartsWith(string value), "
                   "bool StartsWith(string value, System.StringComparison comparisonType)"),
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
_SCRIPTBLOCK_METHODS = {"Invoke": ("System.Collections.ObjectModel.Collection[psobject] "
                                   "Invoke(Params System.Object[] args)"),
                        "InvokeReturnAsIs": "System.Object InvokeReturnAsIs(Params System.Object[] args)",
                        "GetNewClosure": "scriptblock GetNewClosure()"}
_SCRIPTBLOCK_PROPERTIES = {"Ast": "System.Management.Automation.Language.Ast Ast {get;}"}

#: short type names used in definitions (PowerShell's type accelerators)
_SHORT_TYPES = {"Int32": "int", "Int64": "long", "Double": "double", "String": "string", "Boolean": "bool",
                "Decimal": "decimal", "DateTime": "datetime", "Hashtable": "hashtable", "ScriptBlock": "scriptblock",
                "Object[]": "Object[]", "PSCustomObject": "System.Management.Automation.PSCustomObject",
                "OrderedDictionary": "System.Collections.Specialized.OrderedDictionary"}

_REGEX_PROPERTIES = {"Options": "System.Text.RegularExpressions.RegexOptions Options {get;}"}
_REGEX_METHODS = {"IsMatch": "bool IsMatch(string input)",
                  "Match": "System.Text.RegularExpressions.Match Match(string input)",
                  "Matches": "System.Text.RegularExpressions.MatchCollection Matches(string input)",
                  "Replace": "string Replace(string input, string replacement)",
                  "Split": "string[] Split(string input)"}

#: (value types, property table, method table) -- first match wins; records and views are apart
_TABLES: tuple[tuple[Any, dict[str, str], dict[str, str]], ...] = (
    (CIDict, _HASH_PROPERTIES, _HASH_METHODS),
    (str, _STRING_PROPERTIES, _STRING_METHODS),
    ((list, tuple), _LIST_PROPERTIES, _LIST_METHODS),
    (_dt.datetime, _DATE_PROPERTIES, _DATE_METHODS),
    ((bool, int, float, Decimal), {}, _NUMBER_METHODS),
    (ScriptBlock, _SCRIPTBLOCK_PROPERTIES, _SCRIPTBLOCK_METHODS),
    (re.Pattern, _REGEX_PROPERTIES, _REGEX_METHODS),
)


def short_type(value: Any) -> str:
    if value is None:
        return "System.Object"
    name = type_name(value)
    return _SHORT_TYPES.get(name, name)


_PREVIEW_KEYS = 5   # a record's definition shows its first keys, never the whole (it may be a whole /info)


def _preview(value: Any, nested: bool = False) -> str:
    """A value as a NoteProperty definition shows it, bounded in size."""
    if isinstance(value, (list, tuple)):
        return "System.Object[]"
    if isinstance(value, Hashtable):
        return "System.Collections.Hashtable"
    if isinstance(value, CIDict):
        if nested:
            return "@{...}"
        shown = "; ".join(f"{k}={_preview(v, True)}" for k, v in islice(value.items(), _PREVIEW_KEYS))
        return "@{" + shown + ("; ..." if len(value) > _PREVIEW_KEYS else "") + "}"
    text = to_str(value)
    return text if len(text) <= 200 else text[:197] + "..."


def _note_definition(name: str, value: Any) -> str:
    if value is None:
        return f"object {name}=null"
    return f"{short_type(value)} {name}={_preview(value)}"


def _view_members(obj: Any) -> list[MemberInfo]:
    """The members of an engine view: every name it answers (``ps_all_member_names``, else
    ``ps_member_names``); those in ``ps_fetching`` are typed from the declaration, not read.
    They are NoteProperty members, as on PowerShAI's sessions and events (PSCustomObjects):
    `Get-Member -MemberType NoteProperty` lists them."""
    names_of = getattr(obj, "ps_all_member_names", None) or obj.ps_member_names
    fetching: dict[str, str] = getattr(obj, "ps_fetching", None) or {}
    out = []
    for name in names_of():
        declared = fetching.get(name)
        if declared is not None:
            out.append(MemberInfo(name, "NoteProperty", f"{declared} {name} {{get;}}"))
        else:
            out.append(MemberInfo(name, "NoteProperty", partial(_view_definition, obj, name)))
    return out


def _view_definition(obj: Any, name: str) -> str:
    try:
        value = obj.ps_get_member(name)
    except Exception:  # a member that fails to read is still a member
        value = None
    return f"{short_type(None if value is MISSING else value)} {name} {{get;}}"


def members(obj: Any) -> list[MemberInfo]:
    """``Get-Member``'s rows for ``obj`` (one value, not enumerated), unsorted."""
    out: list[MemberInfo] = []

    def add(table: dict[str, str], kind: str) -> None:
        have = {m.name.casefold() for m in out}
        out.extend(MemberInfo(n, kind, d) for n, d in table.items() if n.casefold() not in have)

    if isinstance(obj, Record):
        for k, v in obj.items():
            if isinstance(v, ScriptBlock):
                out.append(MemberInfo(str(k), "ScriptMethod", f"System.Object {k}();"))
            else:
                out.append(MemberInfo(str(k), "NoteProperty", partial(_note_definition, str(k), v)))
    else:
        for types, properties, methods in _TABLES:
            if isinstance(obj, types):
                add(properties, "Property")
                add(methods, "Method")
                break
        else:
            if callable(getattr(obj, "ps_member_names", None)):
                out.extend(_view_members(obj))
    add(_OBJECT_METHODS, "Method")
    return out


def access_members(obj: Any) -> list[MemberInfo]:
    """What ``obj.<name>`` reaches: a hashtable's keys, then ``members(obj)``; for an array, the
    properties of its elements first (member-access enumeration), then the array's own."""
    out: list[MemberInfo] = []
    seen: set[str] = set()

    def add(rows: Iterable[MemberInfo]) -> None:
        for m in rows:
            if m.name.casefold() not in seen:
                seen.add(m.name.casefold())
                out.append(m)

    if isinstance(obj, CIDict) and not isinstance(obj, Record):
        add(MemberInfo(str(k), "NoteProperty", partial(_note_definition, str(k), v)) for k, v in obj.items())
    if isinstance(obj, (list, tuple)):
        kinds: set[str] = set()
        for element in obj[:ELEMENTS_SAMPLED]:
            if element is None or isinstance(element, (list, tuple)):
                continue
            key = type_name(element) + ("|" + "|".join(map(str, element)) if isinstance(element, CIDict) else "")
            if key not in kinds:
                kinds.add(key)
                add(m for m in members(element) if not m.is_method)   # methods are not enumerated
    add(members(obj))
    return out


def fetches(obj: Any, name: str) -> bool:
    """Whether reading ``obj.name`` may need the network (never done on a keystroke)."""
    fetching = getattr(obj, "ps_fetching", None) or {}
    return any(n.casefold() == name.casefold() for n in fetching)
