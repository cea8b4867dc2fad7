"""Member access, indexing and method calls on gshell values.

* ``get_member(obj, name)`` — properties (case-insensitive), intrinsic ``Count``/``Length``,
  member-access enumeration on arrays, ``.PSObject``; missing → ``$null``.
* ``set_member(obj, name, value)`` — hashtable keys / record properties.
* ``get_index(obj, index)`` / ``set_index`` — arrays (negative, slices), hashtables, strings.

Method calls are in ``gshell.runtime.methods``, the .NET statics in ``gshell.runtime.static_members``.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from gshell.lazy import LazyModule
from gshell.runtime import conversions as conv
from gshell.runtime.errors import MISSING, PSError
from gshell.runtime.values import CIDict, Hashtable, Record, ScriptBlock

TYPE_CHECKING = False  # typing is not imported at start-up (docs/architecture.md, Start-up)
if TYPE_CHECKING:
    import datetime as _dt
    from typing import Any
else:
    _dt = LazyModule("datetime", globals())
    Any = object  # the runtime uses Any in a base class or alias below


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


class PropertyCollection(list[Any]):
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
        own = getattr(obj, "ps_list_member", None)   # an array with members of its own
        if own is not None:
            found = own(name)
            if found is not None:
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
        if getattr(obj, "ordered", False) and isinstance(idx, int) and not isinstance(idx, bool):
            values = list(obj.values())  # OrderedDictionary's [int] indexer: the value at that position
            return values[idx] if 0 <= idx < len(values) else None
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
    if getattr(obj, "ordered", False) and isinstance(index, int) and not isinstance(index, bool) \
            and 0 <= index < len(obj):
        obj[list(obj.keys())[index]] = value
        return
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


