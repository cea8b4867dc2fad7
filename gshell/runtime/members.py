"""Member access, indexing and method calls on gshell values.

* ``get_member(obj, name)`` — properties (case-insensitive), intrinsic ``Count``/``Length``,
  member-access enumeration on arrays, ``.PSObject``; missing → ``$null``.
* ``set_member(obj, name, value)`` — hashtable keys / record properties.
* ``get_index(obj, index)`` / ``set_index`` — arrays (negative, slices), hashtables, strings.
* ``call_method(interp, obj, name, args)`` — the supported methods of strings, arrays,
  hashtables, records, dates, numbers, script blocks, and ``GetType()``/``ToString()`` on all.
* ``static_member`` / ``call_static`` — the small whitelist of .NET statics gshell emulates
  (``[Math]``, ``[string]``, ``[datetime]``, ``[guid]``, ``[int]``, ``[regex]``, ``[uri]``,
  ``[IO.Path]``, ``[Environment]::NewLine``); everything else is refused.
"""

from __future__ import annotations

import datetime as _dt
import math
import os
import re
from collections.abc import Callable
from decimal import ROUND_HALF_EVEN, Decimal
from typing import Any

from gshell.runtime import conversions as conv
from gshell.runtime import regex as rx
from gshell.runtime.errors import MISSING, PSError, not_supported
from gshell.runtime.strformat import composite, format_value
from gshell.runtime.values import CIDict, Hashtable, OrderedHashtable, Record, ScriptBlock


class TypeInfo:
    """What `.GetType()` returns: Name, FullName, BaseType."""

    __slots__ = ("name", "full")

    def __init__(self, name: str, full: str) -> None:
        self.name = name
        self.full = full

    type_name = "RuntimeType"

    def __str__(self) -> str:
        return self.full

    def ps_get_member(self, name: str) -> Any:
        key = name.casefold()
        if key == "name":
            return self.name
        if key == "fullname":
            return self.full
        if key == "namespace":
            return self.full.rsplit(".", 1)[0] if "." in self.full else ""
        if key == "isarray":
            return self.name.endswith("[]")
        return MISSING

    def ps_member_names(self) -> list[str]:
        return ["FullName", "IsArray", "Name", "Namespace"]


class PSObjectView:
    """`.PSObject` of a value: ``Properties`` (Name/Value records), ``TypeNames``, ``BaseObject``."""

    __slots__ = ("obj",)
    type_name = "PSObject"

    def __init__(self, obj: Any) -> None:
        self.obj = obj

    def properties(self) -> list[Record]:
        out: list[Record] = []
        for name, value in property_pairs(self.obj):
            out.append(Record([("Name", name), ("Value", value), ("MemberType", "NoteProperty"),
                               ("TypeNameOfValue", conv.full_type_name(value) if value is not None
                                else "System.Object"),
                               ("IsSettable", True), ("IsGettable", True)], type_name="PSNoteProperty"))
        return out

    def ps_get_member(self, name: str) -> Any:
        key = name.casefold()
        if key == "properties":
            return PropertyCollection(self.properties())
        if key == "baseobject":
            return self.obj
        if key == "typenames":
            return [conv.full_type_name(self.obj), "System.Object"]
        if key == "members":
            return PropertyCollection(self.properties())
        return MISSING

    def ps_member_names(self) -> list[str]:
        return ["BaseObject", "Members", "Properties", "TypeNames"]


class PropertyCollection(list):  # type: ignore[type-arg]
    """`.PSObject.Properties`: a list that also answers `.Name` by enumeration and
    `['name']` / `.Match('pattern')` lookups."""

    def find(self, name: str) -> Any:
        for p in self:
            if str(p["Name"]).casefold() == name.casefold():
                return p
        return None


def property_pairs(obj: Any) -> list[tuple[str, Any]]:
    """(name, value) pairs of an object's properties."""
    if isinstance(obj, Record):
        return list(obj.items())
    if isinstance(obj, CIDict):
        return [("Count", len(obj)), ("IsReadOnly", False), ("Keys", list(obj.keys())),
                ("Values", list(obj.values()))]
    names = getattr(obj, "ps_member_names", None)
    if callable(names):
        getter = obj.ps_get_member
        return [(n, _unmissing(getter(n))) for n in names()]
    if isinstance(obj, str):
        return [("Length", len(obj))]
    if isinstance(obj, _dt.datetime):
        return [(n, _DATE_PROPS[n.casefold()](obj)) for n in _DATE_PROP_ORDER]
    return []


def _unmissing(v: Any) -> Any:
    return None if v is MISSING else v


_DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_DATE_PROPS: dict[str, Callable[[_dt.datetime], Any]] = {
    "year": lambda d: d.year, "month": lambda d: d.month, "day": lambda d: d.day,
    "hour": lambda d: d.hour, "minute": lambda d: d.minute, "second": lambda d: d.second,
    "millisecond": lambda d: d.microsecond // 1000, "microsecond": lambda d: d.microsecond,
    "dayofweek": lambda d: _DAY_NAMES[d.weekday()], "dayofyear": lambda d: d.timetuple().tm_yday,
    "date": lambda d: _dt.datetime(d.year, d.month, d.day, tzinfo=d.tzinfo),
    "ticks": lambda d: int(((d.replace(tzinfo=None) - _dt.datetime(1, 1, 1)).total_seconds()) * 10_000_000),
    "kind": lambda d: "Utc" if d.tzinfo is not None and d.utcoffset() == _dt.timedelta(0) else
    ("Local" if d.tzinfo is not None else "Unspecified"),
}
_DATE_PROP_ORDER = ("Date", "Day", "DayOfWeek", "DayOfYear", "Hour", "Kind", "Millisecond", "Minute", "Month",
                    "Second", "Ticks", "Year")

_TIMESPAN_PROPS: dict[str, Callable[[_dt.timedelta], Any]] = {
    "totalseconds": lambda t: t.total_seconds(), "totalmilliseconds": lambda t: t.total_seconds() * 1000,
    "totalminutes": lambda t: t.total_seconds() / 60, "totalhours": lambda t: t.total_seconds() / 3600,
    "totaldays": lambda t: t.total_seconds() / 86400, "days": lambda t: t.days,
    "hours": lambda t: t.seconds // 3600, "minutes": lambda t: (t.seconds // 60) % 60,
    "seconds": lambda t: t.seconds % 60, "milliseconds": lambda t: t.microseconds // 1000,
    "ticks": lambda t: int(t.total_seconds() * 10_000_000),
}


# ---------------------------------------------------------------------------------------
# Member access
# ---------------------------------------------------------------------------------------


def _intrinsic(obj: Any, key: str) -> Any:
    if key in ("count", "length"):
        return 0 if obj is None else 1
    if key == "psobject" and obj is not None:
        return PSObjectView(obj)
    return MISSING


def raw_member(obj: Any, name: str) -> Any:
    """The member value or MISSING (no enumeration, no intrinsic members)."""
    key = name.casefold()
    if isinstance(obj, Record):
        v = obj.get(name, MISSING)
        return v
    if isinstance(obj, CIDict):
        if name in obj:
            return obj[name]
        if key == "count":
            return len(obj)
        if key == "keys":
            return list(obj.keys())
        if key == "values":
            return list(obj.values())
        if key == "isreadonly" or key == "isfixedsize":
            return False
        return MISSING
    if isinstance(obj, str):
        if key == "length":
            return len(obj)
        return MISSING
    getter = getattr(obj, "ps_get_member", None)
    if getter is not None:
        return getter(name)
    if isinstance(obj, _dt.datetime):
        fn = _DATE_PROPS.get(key)
        return fn(obj) if fn else MISSING
    if isinstance(obj, _dt.timedelta):
        fn2 = _TIMESPAN_PROPS.get(key)
        return fn2(obj) if fn2 else MISSING
    if isinstance(obj, re.Match):
        return _match_member(obj, key)
    if isinstance(obj, ScriptBlock):
        if key == "ast":
            return obj.node
        return MISSING
    return MISSING


def _match_member(m: re.Match[str], key: str) -> Any:
    if key == "value":
        return m.group(0)
    if key == "success":
        return True
    if key == "index":
        return m.start()
    if key == "length":
        return len(m.group(0))
    if key == "groups":
        return [Record([("Name", str(i)), ("Value", m.group(i) or ""), ("Success", m.group(i) is not None)],
                       type_name="Group") for i in range(m.re.groups + 1)]
    return MISSING


def get_member(obj: Any, name: str) -> Any:
    """`obj.name` with PowerShell rules (missing → $null)."""
    if isinstance(obj, (list, tuple)):
        key = name.casefold()
        if key in ("count", "length", "longlength"):
            return len(obj)
        if key == "rank":
            return 1
        if key == "issynchronized" or key == "isfixedsize" or key == "isreadonly":
            return key == "isfixedsize"
        if key == "psobject":
            return PSObjectView(obj)
        if isinstance(obj, PropertyCollection):
            found = obj.find(name)
            if found is not None and key not in ("name", "value"):
                return found
        return enumerate_member(obj, name)
    v = raw_member(obj, name)
    if v is MISSING:
        v = _intrinsic(obj, name.casefold())
        if v is MISSING:
            return None
    return v


def enumerate_member(items: Any, name: str) -> Any:
    """Member-access enumeration: the member of every element (flattened one level);
    0 results → $null, 1 → that value."""
    out: list[Any] = []
    for item in items:
        if isinstance(item, (list, tuple)):
            v = enumerate_member(item, name)
            if v is None:
                continue
        else:
            v = raw_member(item, name)
            if v is MISSING:
                continue
        if isinstance(v, (list, tuple)):
            out.extend(v)
        else:
            out.append(v)
    if not out:
        return None
    if len(out) == 1:
        return out[0]
    return out


def set_member(obj: Any, name: str, value: Any) -> None:
    if isinstance(obj, Record):
        if name not in obj:
            raise PSError(f"The property '{name}' cannot be found on this object. Verify that the property "
                          "exists and can be set.", category="InvalidOperation", exception_type="RuntimeException",
                          error_id="PropertyAssignmentException")
        obj[name] = value
        return
    if isinstance(obj, CIDict):
        obj[name] = value
        return
    if isinstance(obj, (list, tuple)):
        for item in obj:
            set_member(item, name, value)
        return
    setter = getattr(obj, "ps_set_member", None)
    if setter is not None:
        setter(name, value)
        return
    raise PSError(f"The property '{name}' cannot be found on this object. Verify that the property exists "
                  "and can be set.", category="InvalidOperation", exception_type="RuntimeException",
                  error_id="PropertyAssignmentException")


# ---------------------------------------------------------------------------------------
# Indexing
# ---------------------------------------------------------------------------------------


def _one_index(obj: Any, idx: Any) -> Any:
    if isinstance(obj, CIDict):
        if isinstance(obj, Record):
            return obj.get(conv.to_str(idx)) if not isinstance(idx, int) or isinstance(idx, bool) else (
                obj if idx in (0, -1) else None)
        return obj.get(idx) if not isinstance(idx, float) else obj.get(idx)
    if isinstance(obj, (list, tuple, str)):
        try:
            i = conv.to_int(idx)
        except PSError:
            return None
        n = len(obj)
        if i < 0:
            i += n
        if 0 <= i < n:
            return obj[i]
        return None
    if obj is None:
        return None
    getter = getattr(obj, "ps_get_index", None)
    if getter is not None:
        return getter(idx)
    # a scalar: [0] / [-1] is the value itself
    try:
        i = conv.to_int(idx)
    except PSError:
        return None
    return obj if i in (0, -1) else None


def get_index(obj: Any, index: Any) -> Any:
    """`obj[index]`; a list of indexes returns a slice."""
    if obj is None:
        raise PSError("Cannot index into a null array.", category="InvalidOperation",
                      exception_type="RuntimeException", error_id="NullArray")
    if isinstance(index, (list, tuple)) and not isinstance(obj, Hashtable):
        out = []
        for i in index:
            v = _one_index(obj, i)
            if v is not None or isinstance(obj, CIDict):
                out.append(v)
        return out
    return _one_index(obj, index)


def set_index(obj: Any, index: Any, value: Any) -> None:
    if isinstance(obj, CIDict):
        obj[index] = value
        return
    if isinstance(obj, list):
        i = conv.to_int(index)
        n = len(obj)
        j = i + n if i < 0 else i
        if not 0 <= j < n:
            raise PSError("Index was outside the bounds of the array.", category="InvalidOperation",
                          exception_type="IndexOutOfRangeException", error_id="IndexOutOfRange")
        obj[j] = value
        return
    if obj is None:
        raise PSError("Cannot index into a null array.", category="InvalidOperation",
                      exception_type="RuntimeException", error_id="NullArray")
    raise PSError(f"Unable to index into an object of type {conv.full_type_name(obj)}.",
                  category="InvalidOperation", exception_type="RuntimeException", error_id="CannotIndex")


# ---------------------------------------------------------------------------------------
# Methods
# ---------------------------------------------------------------------------------------


def _no_method(obj: Any, name: str) -> PSError:
    if obj is None:
        return PSError("You cannot call a method on a null-valued expression.", category="InvalidOperation",
                       exception_type="RuntimeException", error_id="InvokeMethodOnNull")
    return PSError(f"Method invocation failed because [{conv.full_type_name(obj)}] does not contain a method "
                   f"named '{name}'.", category="InvalidOperation", exception_type="RuntimeException",
                   error_id="MethodNotFound")


def _arg(args: list[Any], i: int, default: Any = None) -> Any:
    return args[i] if len(args) > i else default


def _string_comparison_ci(args: list[Any], i: int) -> bool:
    """True when args[i] asks for a case-insensitive comparison (StringComparison / bool)."""
    v = _arg(args, i)
    if v is None:
        return False
    if isinstance(v, bool):
        return v
    s = conv.to_str(v).casefold()
    return "ignorecase" in s


def _split_method(s: str, args: list[Any]) -> list[str]:
    if not args:
        return s.split() if False else re.split(r"[\s]", s) if s else [""]
    sep = args[0]
    count = None
    remove_empty = False
    for extra in args[1:]:
        if isinstance(extra, int) and not isinstance(extra, bool):
            count = extra
        elif "removeemptyentries" in conv.to_str(extra).casefold():
            remove_empty = True
    if isinstance(sep, (list, tuple)):
        seps = [conv.to_str(x) for x in sep]
        multi = any(len(x) > 1 for x in seps)
    else:
        sep_s = conv.to_str(sep)
        # .Split("ab") splits on each character (char[] overload); a string separator needs the
        # (string, options) overload which we accept when options were given
        if len(args) > 1 and not isinstance(args[1], int) and len(sep_s) > 1:
            seps, multi = [sep_s], True
        else:
            seps, multi = list(sep_s) if sep_s else [" "], False
    pattern = "|".join(re.escape(x) for x in sorted(seps, key=len, reverse=True) if x) or r"\s"
    parts = re.split(pattern, s, maxsplit=(count - 1) if count else 0)
    if remove_empty:
        parts = [p for p in parts if p]
    _ = multi
    return parts


def _trim_chars(args: list[Any]) -> str | None:
    if not args:
        return None
    a = args[0]
    if isinstance(a, (list, tuple)):
        return "".join(conv.to_str(x) for x in a)
    return conv.to_str(a)


def _substring(s: str, args: list[Any]) -> str:
    start = conv.to_int(_arg(args, 0, 0))
    if start < 0 or start > len(s):
        raise PSError('Exception calling "Substring" with "%d" argument(s): "startIndex cannot be larger than '
                      'length of string. (Parameter \'startIndex\')"' % len(args), category="NotSpecified",
                      exception_type="ArgumentOutOfRangeException", error_id="ArgumentOutOfRangeException")
    if len(args) > 1:
        length = conv.to_int(args[1])
        if length < 0 or start + length > len(s):
            raise PSError('Exception calling "Substring" with "2" argument(s): "Index and length must refer to a '
                          'location within the string. (Parameter \'length\')"', category="NotSpecified",
                          exception_type="ArgumentOutOfRangeException", error_id="ArgumentOutOfRangeException")
        return s[start:start + length]
    return s[start:]


def _index_of(s: str, args: list[Any], last: bool = False) -> int:
    needle = conv.to_str(_arg(args, 0, ""))
    ci = _string_comparison_ci(args, len(args) - 1) if len(args) > 1 and not isinstance(args[-1], int) else False
    hay, nd = (s.casefold(), needle.casefold()) if ci else (s, needle)
    if len(args) > 1 and isinstance(args[1], int) and not isinstance(args[1], bool):
        start = args[1]
        return hay.rfind(nd, 0, start + 1) if last else hay.find(nd, start)
    return hay.rfind(nd) if last else hay.find(nd)


def _pad(s: str, args: list[Any], left: bool) -> str:
    width = conv.to_int(_arg(args, 0, 0))
    ch = conv.to_str(_arg(args, 1, " "))[:1] or " "
    return s.rjust(width, ch) if left else s.ljust(width, ch)


def _replace_method(s: str, args: list[Any]) -> str:
    old = conv.to_str(_arg(args, 0, ""))
    new = conv.to_str(_arg(args, 1, ""))
    if old == "":
        raise PSError('Exception calling "Replace" with "2" argument(s): "String cannot be of zero length."',
                      category="NotSpecified", exception_type="ArgumentException")
    if len(args) > 2 and _string_comparison_ci(args, 2):
        return re.sub(re.escape(old), lambda m: new, s, flags=re.IGNORECASE)
    return s.replace(old, new)


STRING_METHODS: dict[str, Callable[[str, list[Any]], Any]] = {
    "toupper": lambda s, a: s.upper(),
    "toupperinvariant": lambda s, a: s.upper(),
    "tolower": lambda s, a: s.lower(),
    "tolowerinvariant": lambda s, a: s.lower(),
    "trim": lambda s, a: s.strip(_trim_chars(a)) if a else s.strip(),
    "trimstart": lambda s, a: s.lstrip(_trim_chars(a)) if a else s.lstrip(),
    "trimend": lambda s, a: s.rstrip(_trim_chars(a)) if a else s.rstrip(),
    "split": _split_method,
    "replace": _replace_method,
    "contains": lambda s, a: (conv.to_str(_arg(a, 0, "")).casefold() in s.casefold())
    if _string_comparison_ci(a, 1) else conv.to_str(_arg(a, 0, "")) in s,
    "startswith": lambda s, a: s.casefold().startswith(conv.to_str(_arg(a, 0, "")).casefold())
    if _string_comparison_ci(a, 1) else s.startswith(conv.to_str(_arg(a, 0, ""))),
    "endswith": lambda s, a: s.casefold().endswith(conv.to_str(_arg(a, 0, "")).casefold())
    if _string_comparison_ci(a, 1) else s.endswith(conv.to_str(_arg(a, 0, ""))),
    "substring": _substring,
    "indexof": lambda s, a: _index_of(s, a),
    "lastindexof": lambda s, a: _index_of(s, a, last=True),
    "padleft": lambda s, a: _pad(s, a, True),
    "padright": lambda s, a: _pad(s, a, False),
    "insert": lambda s, a: s[:conv.to_int(a[0])] + conv.to_str(a[1]) + s[conv.to_int(a[0]):],
    "remove": lambda s, a: s[:conv.to_int(a[0])] + (s[conv.to_int(a[0]) + conv.to_int(a[1]):] if len(a) > 1 else ""),
    "tochararray": lambda s, a: list(s),
    "equals": lambda s, a: s == conv.to_str(_arg(a, 0)) if not _string_comparison_ci(a, 1)
    else s.casefold() == conv.to_str(_arg(a, 0)).casefold(),
    "compareto": lambda s, a: (s.casefold() > conv.to_str(_arg(a, 0)).casefold()) -
    (s.casefold() < conv.to_str(_arg(a, 0)).casefold()),
    "normalize": lambda s, a: s,
    "getenumerator": lambda s, a: list(s),
    "isnormalized": lambda s, a: True,
}


def _list_contains(items: Any, args: list[Any]) -> bool:
    target = _arg(args, 0)
    for x in items:
        if type(x) is type(target) or (conv.is_number(x) and conv.is_number(target)):
            if x == target:
                return True
        elif x is None and target is None:
            return True
    return False


def _list_index_of(items: Any, args: list[Any]) -> int:
    target = _arg(args, 0)
    for i, x in enumerate(items):
        if (type(x) is type(target) or (conv.is_number(x) and conv.is_number(target))) and x == target:
            return i
    return -1


def _fixed_size(items: Any, args: list[Any]) -> Any:
    raise PSError('Exception calling "Add" with "1" argument(s): "Collection was of a fixed size."',
                  category="NotSpecified", exception_type="NotSupportedException", error_id="NotSupportedException")


LIST_METHODS: dict[str, Callable[[Any, list[Any]], Any]] = {
    "contains": _list_contains,
    "indexof": _list_index_of,
    "add": _fixed_size,
    "remove": _fixed_size,
    "clone": lambda items, a: list(items),
    "getvalue": lambda items, a: items[conv.to_int(a[0])],
    "equals": lambda items, a: items is _arg(a, 0),
    "gettype": lambda items, a: TypeInfo("Object[]", "System.Object[]"),
}


def _hash_add(h: CIDict, args: list[Any]) -> None:
    key = _arg(args, 0)
    if key in h:
        raise PSError(f'Exception calling "Add" with "2" argument(s): "Item has already been added. Key in '
                      f"dictionary: '{key}'  Key being added: '{key}'\"", category="NotSpecified",
                      exception_type="ArgumentException", error_id="ArgumentException")
    h[key] = _arg(args, 1)


def _hash_remove(h: CIDict, args: list[Any]) -> None:
    key = _arg(args, 0)
    if key in h:
        del h[key]


def _hash_enumerator(h: CIDict, args: list[Any]) -> list[Record]:
    return [Record([("Name", k), ("Key", k), ("Value", v)], type_name="DictionaryEntry") for k, v in h.items()]


HASH_METHODS: dict[str, Callable[[CIDict, list[Any]], Any]] = {
    "containskey": lambda h, a: _arg(a, 0) in h,
    "contains": lambda h, a: _arg(a, 0) in h,
    "containsvalue": lambda h, a: any(conv.equals(v, _arg(a, 0)) for v in h.values()),
    "add": _hash_add,
    "remove": _hash_remove,
    "clear": lambda h, a: h.clear(),
    "clone": lambda h, a: h.copy(),
    "getenumerator": _hash_enumerator,
    "keys": lambda h, a: list(h.keys()),
    "values": lambda h, a: list(h.values()),
}


def _date_add(unit: str) -> Callable[[_dt.datetime, list[Any]], _dt.datetime]:
    def add(d: _dt.datetime, a: list[Any]) -> _dt.datetime:
        n = conv.to_float(_arg(a, 0, 0))
        if unit == "months" or unit == "years":
            months = int(n) * (12 if unit == "years" else 1)
            y, m = divmod(d.month - 1 + months, 12)
            year, month = d.year + y, m + 1
            import calendar
            day = min(d.day, calendar.monthrange(year, month)[1])
            return d.replace(year=year, month=month, day=day)
        if unit == "ticks":
            return d + _dt.timedelta(microseconds=n / 10)
        return d + _dt.timedelta(**{unit: n})
    return add


DATE_METHODS: dict[str, Callable[[_dt.datetime, list[Any]], Any]] = {
    "addseconds": _date_add("seconds"), "addminutes": _date_add("minutes"), "addhours": _date_add("hours"),
    "adddays": _date_add("days"), "addmilliseconds": _date_add("milliseconds"),
    "addmonths": _date_add("months"), "addyears": _date_add("years"), "addticks": _date_add("ticks"),
    "touniversaltime": lambda d, a: (d if d.tzinfo else d.astimezone()).astimezone(_dt.UTC),
    "tolocaltime": lambda d, a: (d if d.tzinfo else d.replace(tzinfo=_dt.UTC)).astimezone(),
    "subtract": lambda d, a: d - a[0],
    "toshortdatestring": lambda d, a: format_value(d, "d", conv.to_str),
    "tolongdatestring": lambda d, a: format_value(d, "D", conv.to_str),
    "toshorttimestring": lambda d, a: format_value(d, "t", conv.to_str),
    "tolongtimestring": lambda d, a: format_value(d, "T", conv.to_str),
    "tofiletime": lambda d, a: int(((d.replace(tzinfo=None)) - _dt.datetime(1601, 1, 1)).total_seconds() * 1e7),
    "compareto": lambda d, a: (d > conv.to_datetime(a[0])) - (d < conv.to_datetime(a[0])),
}


def to_string_method(obj: Any, args: list[Any]) -> str:
    """`.ToString()` / `.ToString(fmt)`."""
    if args and isinstance(obj, (int, float, Decimal, _dt.datetime)) and not isinstance(obj, bool):
        return format_value(obj, conv.to_str(args[0]), conv.to_str)
    if isinstance(obj, (list, tuple)):
        return "System.Object[]"
    if isinstance(obj, Record):
        return "" if obj.type_name == "PSCustomObject" else conv.full_type_name(obj)
    if isinstance(obj, _dt.datetime):
        return format_value(obj, "G", conv.to_str)
    return conv.to_str(obj)


def get_type(obj: Any) -> TypeInfo:
    if isinstance(obj, TypeInfo):
        return TypeInfo("RuntimeType", "System.RuntimeType")
    explicit_full = getattr(obj, "full_name", None)
    name = conv.type_name(obj)
    return TypeInfo(name, explicit_full if isinstance(explicit_full, str) else conv.full_type_name(obj))


def call_method(interp: Any, obj: Any, name: str, args: list[Any]) -> Any:
    """`obj.Name(args)`."""
    key = name.casefold()
    if obj is None:
        raise _no_method(obj, name)
    if key == "gettype" and not args:
        return get_type(obj)
    if key == "tostring":
        return to_string_method(obj, args)
    if isinstance(obj, str):
        fn = STRING_METHODS.get(key)
        if fn is not None:
            return fn(obj, args)
    elif isinstance(obj, (list, tuple)):
        if key in ("foreach", "where"):
            return interp.intrinsic_method(obj, key, args)
        fn2 = LIST_METHODS.get(key)
        if fn2 is not None:
            return fn2(obj, args)
    elif isinstance(obj, ScriptBlock):
        if key in ("invoke", "invokereturnasis"):
            result = interp.invoke_block(obj, list(args))
            if key == "invokereturnasis":
                return result[0] if len(result) == 1 else (None if not result else result)
            return result
        if key == "getnewclosure":
            return obj
    elif isinstance(obj, CIDict):
        if not isinstance(obj, Record):
            fn3 = HASH_METHODS.get(key)
            if fn3 is not None:
                return fn3(obj, args)
        member = obj.get(name, MISSING)
        if isinstance(member, ScriptBlock):
            return interp.invoke_block(member, list(args), this=obj)
    elif isinstance(obj, _dt.datetime):
        fn4 = DATE_METHODS.get(key)
        if fn4 is not None:
            return fn4(obj, args)
    elif isinstance(obj, re.Pattern):
        return _regex_instance_method(obj, key, args, name)
    elif isinstance(obj, (int, float, Decimal)) and not isinstance(obj, bool):
        if key == "compareto":
            other = conv.to_number(_arg(args, 0))
            return (obj > other) - (obj < other)
    if key == "equals":
        return conv.equals(obj, _arg(args, 0), True) if not isinstance(obj, CIDict) else obj is _arg(args, 0)
    if key in ("foreach", "where"):
        return interp.intrinsic_method([obj], key, args)
    caller = getattr(obj, "ps_call_method", None)
    if caller is not None:
        return caller(name, args)
    raise _no_method(obj, name)


def _regex_instance_method(p: re.Pattern[str], key: str, args: list[Any], name: str) -> Any:
    text = conv.to_str(_arg(args, 0, ""))
    if key == "ismatch":
        return p.search(text) is not None
    if key == "match":
        return p.search(text)
    if key == "matches":
        return list(p.finditer(text))
    if key == "replace":
        return rx.replace(text, p.pattern, _arg(args, 1, ""), case_sensitive=not p.flags & re.IGNORECASE)
    if key == "split":
        return p.split(text)
    raise _no_method(p, name)


# ---------------------------------------------------------------------------------------
# Static members: a small whitelist
# ---------------------------------------------------------------------------------------


def _math_round(args: list[Any]) -> Any:
    x = conv.to_number(_arg(args, 0, 0))
    digits = conv.to_int(args[1]) if len(args) > 1 and not isinstance(args[1], str) else 0
    mode = conv.to_str(args[-1]).casefold() if len(args) > 1 and isinstance(args[-1], str) else "toeven"
    rounding = "ROUND_HALF_UP" if "awayfromzero" in mode else ROUND_HALF_EVEN
    d = Decimal(repr(x)) if isinstance(x, float) else Decimal(x)
    r = d.quantize(Decimal(1).scaleb(-digits), rounding=rounding)
    if isinstance(x, Decimal):
        return r
    return float(r)


def _num_args(args: list[Any]) -> list[Any]:
    return [conv.to_number(a) for a in args]


def _math_minmax(fn: Callable[..., Any]) -> Callable[[list[Any]], Any]:
    def do(args: list[Any]) -> Any:
        a, b = _num_args(args[:2])
        r = fn(a, b)
        if isinstance(a, float) or isinstance(b, float):
            return float(r)
        return r
    return do


def _join(args: list[Any]) -> str:
    sep = conv.to_str(_arg(args, 0, ""))
    rest = args[1:]
    if len(rest) == 1 and isinstance(rest[0], (list, tuple)):
        rest = list(rest[0])
    return sep.join(conv.to_str(x) for x in rest)


def _format(args: list[Any]) -> str:
    fmt = conv.to_str(_arg(args, 0, ""))
    rest = args[1:]
    if len(rest) == 1 and isinstance(rest[0], (list, tuple)):
        rest = list(rest[0])
    return composite(fmt, rest, conv.to_str)


class GuidValue:
    __slots__ = ("value",)
    type_name = "Guid"
    full_name = "System.Guid"

    def __init__(self, value: Any) -> None:
        self.value = value

    def __str__(self) -> str:
        return str(self.value)

    def ps_get_member(self, name: str) -> Any:
        return str(self.value) if name.casefold() == "guid" else MISSING

    def ps_member_names(self) -> list[str]:
        return ["Guid"]


def _path_join(args: list[Any]) -> str:
    parts = [conv.to_str(a) for a in (args[0] if len(args) == 1 and isinstance(args[0], (list, tuple)) else args)]
    return os.path.join(*parts) if parts else ""


def _regex_static(kind: str) -> Callable[[list[Any]], Any]:
    def do(args: list[Any]) -> Any:
        text = conv.to_str(_arg(args, 0, ""))
        pattern = conv.to_str(_arg(args, 1, ""))
        ci = len(args) > 2 + (kind == "replace") and "ignorecase" in conv.to_str(args[-1]).casefold()
        p = rx.compile_regex(pattern, case_sensitive=not ci)
        if kind == "ismatch":
            return p.search(text) is not None
        if kind == "match":
            return p.search(text)
        if kind == "matches":
            return list(p.finditer(text))
        if kind == "split":
            return p.split(text)
        return rx.replace(text, pattern, _arg(args, 2, ""), case_sensitive=not ci)
    return do


_NOW = lambda: _dt.datetime.now()  # noqa: E731


def _pow(a: list[Any]) -> float:
    """[math]::Pow with IEEE results as .NET gives them: overflow is ±Infinity, a negative
    base with a fractional exponent NaN, 0 to a negative power Infinity."""
    x, y = conv.to_float(a[0]), conv.to_float(a[1])
    odd = y.is_integer() and y % 2 == 1
    try:
        return math.pow(x, y)
    except OverflowError:
        return -math.inf if x < 0 and odd else math.inf
    except ValueError:
        if x == 0:
            return -math.inf if odd and math.copysign(1.0, x) < 0 else math.inf
        return math.nan


def _ieee(fn: Callable[[float], float], below: float = math.nan) -> Callable[[list[Any]], float]:
    """A one-argument [math] function with .NET's results outside its domain: overflow is
    Infinity, a log of 0 -Infinity, other invalid arguments NaN (``below``)."""
    def call(a: list[Any]) -> float:
        x = conv.to_float(a[0])
        try:
            return fn(x)
        except OverflowError:
            return math.inf
        except ValueError:
            return -math.inf if x == 0 else below
    return call


def _log(a: list[Any]) -> float:
    if len(a) == 1:
        return _ieee(math.log)(a)
    base = conv.to_float(a[1])
    num, den = _ieee(math.log)([a[0]]), _ieee(math.log)([base])
    try:
        return num / den
    except ZeroDivisionError:
        return math.nan

STATIC_METHODS: dict[tuple[str, str], Callable[[list[Any]], Any]] = {
    ("math", "round"): _math_round,
    ("math", "floor"): lambda a: _floatlike(a[0], math.floor(conv.to_number(a[0]))),
    ("math", "ceiling"): lambda a: _floatlike(a[0], math.ceil(conv.to_number(a[0]))),
    ("math", "truncate"): lambda a: _floatlike(a[0], math.trunc(conv.to_number(a[0]))),
    ("math", "abs"): lambda a: abs(conv.to_number(a[0])),
    ("math", "max"): _math_minmax(max),
    ("math", "min"): _math_minmax(min),
    ("math", "pow"): _pow,
    ("math", "sqrt"): _ieee(math.sqrt),
    ("math", "log"): _log,
    ("math", "log10"): _ieee(math.log10),
    ("math", "exp"): _ieee(math.exp),
    ("math", "sign"): lambda a: (conv.to_number(a[0]) > 0) - (conv.to_number(a[0]) < 0),
    ("string", "isnullorempty"): lambda a: _arg(a, 0) is None or conv.to_str(_arg(a, 0)) == "",
    ("string", "isnullorwhitespace"): lambda a: _arg(a, 0) is None or conv.to_str(_arg(a, 0)).strip() == "",
    ("string", "join"): _join,
    ("string", "format"): _format,
    ("string", "concat"): lambda a: "".join(conv.to_str(x) for x in a),
    ("string", "new"): lambda a: conv.to_str(a[0]) * conv.to_int(a[1]) if len(a) == 2 else "".join(
        conv.to_str(x) for x in (a[0] if a and isinstance(a[0], (list, tuple)) else a)),
    ("datetime", "parse"): lambda a: conv.to_datetime(conv.to_str(a[0])),
    ("datetime", "new"): lambda a: _dt.datetime(*[conv.to_int(x) for x in a]),
    ("guid", "newguid"): lambda a: GuidValue(_uuid().uuid4()),
    ("regex", "escape"): lambda a: re.sub(r"([\\*+?|{}\[\]()^$.#\s])", r"\\\1", conv.to_str(_arg(a, 0, ""))),
    ("regex", "unescape"): lambda a: re.sub(r"\\(.)", r"\1", conv.to_str(_arg(a, 0, ""))),
    ("regex", "ismatch"): _regex_static("ismatch"),
    ("regex", "match"): _regex_static("match"),
    ("regex", "matches"): _regex_static("matches"),
    ("regex", "replace"): _regex_static("replace"),
    ("regex", "split"): _regex_static("split"),
    ("uri", "escapedatastring"): lambda a: _urlparse().quote(conv.to_str(_arg(a, 0, "")), safe="-_.~"),
    ("uri", "unescapedatastring"): lambda a: _urlparse().unquote(conv.to_str(_arg(a, 0, ""))),
    ("io.path", "combine"): _path_join,
    ("io.path", "join"): _path_join,
    ("io.path", "getfilename"): lambda a: os.path.basename(conv.to_str(_arg(a, 0, ""))),
    ("io.path", "getextension"): lambda a: os.path.splitext(conv.to_str(_arg(a, 0, "")))[1],
    ("io.path", "getfilenamewithoutextension"): lambda a: os.path.splitext(
        os.path.basename(conv.to_str(_arg(a, 0, ""))))[0],
    ("io.path", "getdirectoryname"): lambda a: os.path.dirname(conv.to_str(_arg(a, 0, ""))),
    ("char", "isdigit"): lambda a: conv.to_str(a[0]).isdigit(),
    ("char", "isletter"): lambda a: conv.to_str(a[0]).isalpha(),
    ("int", "parse"): lambda a: conv.to_int(conv.to_str(a[0])),
    ("double", "parse"): lambda a: conv.to_float(conv.to_str(a[0])),
}


def _uuid() -> Any:
    import uuid
    return uuid


def _urlparse() -> Any:
    import urllib.parse
    return urllib.parse


def _floatlike(src: Any, r: int) -> Any:
    n = conv.to_number(src)
    return float(r) if isinstance(n, float) else (Decimal(r) if isinstance(n, Decimal) else r)


STATIC_PROPERTIES: dict[tuple[str, str], Callable[[], Any]] = {
    ("math", "pi"): lambda: math.pi,
    ("math", "e"): lambda: math.e,
    ("string", "empty"): lambda: "",
    ("datetime", "now"): _NOW,
    ("datetime", "utcnow"): lambda: _dt.datetime.now(_dt.UTC),
    ("datetime", "today"): lambda: _dt.datetime.combine(_dt.date.today(), _dt.time()),
    ("int", "maxvalue"): lambda: conv.INT32_MAX,
    ("int", "minvalue"): lambda: conv.INT32_MIN,
    ("long", "maxvalue"): lambda: conv.INT64_MAX,
    ("long", "minvalue"): lambda: conv.INT64_MIN,
    ("double", "maxvalue"): lambda: 1.7976931348623157e308,
    ("double", "minvalue"): lambda: -1.7976931348623157e308,
    ("double", "nan"): lambda: math.nan,
    ("double", "positiveinfinity"): lambda: math.inf,
    ("double", "negativeinfinity"): lambda: -math.inf,
    ("environment", "newline"): lambda: "\n",
    ("io.path", "directoryseparatorchar"): lambda: os.sep,
    ("guid", "empty"): lambda: GuidValue(_uuid().UUID(int=0)),
}

_TYPE_KEYS = {"system.math": "math", "system.string": "string", "system.datetime": "datetime",
              "system.guid": "guid", "system.int32": "int", "int32": "int", "system.int64": "long", "int64": "long",
              "system.double": "double", "system.text.regularexpressions.regex": "regex", "system.uri": "uri",
              "system.io.path": "io.path", "system.environment": "environment", "system.char": "char"}


def static_key(type_name: str) -> str:
    key = type_name.strip().strip("[]").casefold()
    return _TYPE_KEYS.get(key, key)


def _refuse_static(type_name: str, member: str) -> PSError:
    return not_supported(f"The .NET member [{type_name}]::{member}",
                         "gshell emulates only a few statics ([Math], [string], [datetime], [guid], [regex], "
                         "[uri], [IO.Path], [int]/[long]/[double] limits)")


def static_member(type_name: str, member: str) -> Any:
    fn = STATIC_PROPERTIES.get((static_key(type_name), member.casefold()))
    if fn is None:
        raise _refuse_static(type_name, member)
    return fn()


def call_static(type_name: str, member: str, args: list[Any]) -> Any:
    fn = STATIC_METHODS.get((static_key(type_name), member.casefold()))
    if fn is None:
        raise _refuse_static(type_name, member)
    try:
        return fn(args)
    except PSError:
        raise
    except (IndexError, TypeError) as e:
        raise PSError(f'Cannot find an overload for "{member}" and the argument count: "{len(args)}".',
                      category="InvalidOperation", exception_type="RuntimeException",
                      error_id="MethodCountCouldNotFindBest") from e
    except (ValueError, OverflowError) as e:
        raise PSError(f'Exception calling "{member}" with "{len(args)}" argument(s): "{e}"',
                      category="NotSpecified", exception_type="RuntimeException") from e


_ = (Hashtable, OrderedHashtable)
