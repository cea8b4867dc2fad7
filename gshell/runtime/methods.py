"""Method calls on gshell values: ``call_method(interp, obj, name, args)`` — the supported
methods of strings, arrays, hashtables, records, dates, numbers, regexes, script blocks, and
``GetType()`` / ``ToString()`` on all.  Each kind of value has a table (name → function)."""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from gshell.runtime import conversions as conv
from gshell.runtime import regex as rx
from gshell.runtime.errors import MISSING, PSError, method_error
from gshell.runtime.pslist import PSList, call_list_method
from gshell.runtime.strformat import format_value
from gshell.runtime.values import CIDict, Record, ScriptBlock


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


def _no_method(obj: Any, name: str) -> PSError:
    if obj is None:
        return PSError("You cannot call a method on a null-valued expression.", category="InvalidOperation",
                       exception_type="RuntimeException", error_id="InvokeMethodOnNull")
    return PSError(f"Method invocation failed because [{conv.full_type_name(obj)}] does not contain a method "
                   f"named '{name}'.", category="InvalidOperation", exception_type="RuntimeException",
                   error_id="MethodNotFound")


def arg_at(args: list[Any], i: int, default: Any = None) -> Any:
    return args[i] if len(args) > i else default


def _string_comparison_ci(args: list[Any], i: int) -> bool:
    """True when args[i] asks for a case-insensitive comparison (StringComparison / bool)."""
    v = arg_at(args, i)
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
    start = conv.to_int(arg_at(args, 0, 0))
    if start < 0 or start > len(s):
        raise method_error("Substring", len(args), "startIndex cannot be larger than length of string. "
                           "(Parameter 'startIndex')", "ArgumentOutOfRangeException")
    if len(args) > 1:
        length = conv.to_int(args[1])
        if length < 0 or start + length > len(s):
            raise method_error("Substring", 2, "Index and length must refer to a location within the string. "
                               "(Parameter 'length')", "ArgumentOutOfRangeException")
        return s[start:start + length]
    return s[start:]


def _index_of(s: str, args: list[Any], last: bool = False) -> int:
    needle = conv.to_str(arg_at(args, 0, ""))
    ci = _string_comparison_ci(args, len(args) - 1) if len(args) > 1 and not isinstance(args[-1], int) else False
    hay, nd = (s.casefold(), needle.casefold()) if ci else (s, needle)
    if len(args) > 1 and isinstance(args[1], int) and not isinstance(args[1], bool):
        start = args[1]
        return hay.rfind(nd, 0, start + 1) if last else hay.find(nd, start)
    return hay.rfind(nd) if last else hay.find(nd)


def _pad(s: str, args: list[Any], left: bool) -> str:
    width = conv.to_int(arg_at(args, 0, 0))
    ch = conv.to_str(arg_at(args, 1, " "))[:1] or " "
    return s.rjust(width, ch) if left else s.ljust(width, ch)


def _replace_method(s: str, args: list[Any]) -> str:
    old = conv.to_str(arg_at(args, 0, ""))
    new = conv.to_str(arg_at(args, 1, ""))
    if old == "":
        raise method_error("Replace", 2, "String cannot be of zero length.", "ArgumentException")
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
    "contains": lambda s, a: (conv.to_str(arg_at(a, 0, "")).casefold() in s.casefold())
    if _string_comparison_ci(a, 1) else conv.to_str(arg_at(a, 0, "")) in s,
    "startswith": lambda s, a: s.casefold().startswith(conv.to_str(arg_at(a, 0, "")).casefold())
    if _string_comparison_ci(a, 1) else s.startswith(conv.to_str(arg_at(a, 0, ""))),
    "endswith": lambda s, a: s.casefold().endswith(conv.to_str(arg_at(a, 0, "")).casefold())
    if _string_comparison_ci(a, 1) else s.endswith(conv.to_str(arg_at(a, 0, ""))),
    "substring": _substring,
    "indexof": lambda s, a: _index_of(s, a),
    "lastindexof": lambda s, a: _index_of(s, a, last=True),
    "padleft": lambda s, a: _pad(s, a, True),
    "padright": lambda s, a: _pad(s, a, False),
    "insert": lambda s, a: s[:conv.to_int(a[0])] + conv.to_str(a[1]) + s[conv.to_int(a[0]):],
    "remove": lambda s, a: s[:conv.to_int(a[0])] + (s[conv.to_int(a[0]) + conv.to_int(a[1]):] if len(a) > 1 else ""),
    "tochararray": lambda s, a: list(s),
    "equals": lambda s, a: s == conv.to_str(arg_at(a, 0)) if not _string_comparison_ci(a, 1)
    else s.casefold() == conv.to_str(arg_at(a, 0)).casefold(),
    "compareto": lambda s, a: (s.casefold() > conv.to_str(arg_at(a, 0)).casefold()) -
    (s.casefold() < conv.to_str(arg_at(a, 0)).casefold()),
    "normalize": lambda s, a: s,
    "getenumerator": lambda s, a: list(s),
    "isnormalized": lambda s, a: True,
}


def _list_contains(items: Any, args: list[Any]) -> bool:
    target = arg_at(args, 0)
    for x in items:
        if type(x) is type(target) or (conv.is_number(x) and conv.is_number(target)):
            if x == target:
                return True
        elif x is None and target is None:
            return True
    return False


def _list_index_of(items: Any, args: list[Any]) -> int:
    target = arg_at(args, 0)
    for i, x in enumerate(items):
        if (type(x) is type(target) or (conv.is_number(x) and conv.is_number(target))) and x == target:
            return i
    return -1


def _fixed_size(items: Any, args: list[Any]) -> Any:
    raise method_error("Add", 1, "Collection was of a fixed size.", "NotSupportedException")


LIST_METHODS: dict[str, Callable[[Any, list[Any]], Any]] = {
    "contains": _list_contains,
    "indexof": _list_index_of,
    "add": _fixed_size,
    "remove": _fixed_size,
    "clone": lambda items, a: list(items),
    "getvalue": lambda items, a: items[conv.to_int(a[0])],
    "equals": lambda items, a: items is arg_at(a, 0),
    "gettype": lambda items, a: TypeInfo("Object[]", "System.Object[]"),
}


def _hash_add(h: CIDict, args: list[Any]) -> None:
    key = arg_at(args, 0)
    if key in h:
        raise method_error("Add", 2, f"Item has already been added. Key in dictionary: '{key}'  Key being "
                           f"added: '{key}'", "ArgumentException")
    h[key] = arg_at(args, 1)


def _hash_remove(h: CIDict, args: list[Any]) -> None:
    key = arg_at(args, 0)
    if key in h:
        del h[key]


def _hash_enumerator(h: CIDict, args: list[Any]) -> list[Record]:
    return [Record([("Name", k), ("Key", k), ("Value", v)], type_name="DictionaryEntry") for k, v in h.items()]


HASH_METHODS: dict[str, Callable[[CIDict, list[Any]], Any]] = {
    "containskey": lambda h, a: arg_at(a, 0) in h,
    "contains": lambda h, a: arg_at(a, 0) in h,
    "containsvalue": lambda h, a: any(conv.equals(v, arg_at(a, 0)) for v in h.values()),
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
        n = conv.to_float(arg_at(a, 0, 0))
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
        if isinstance(obj, PSList):
            found, result = call_list_method(obj, key, args)
            if found:
                return result
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
            other = conv.to_number(arg_at(args, 0))
            return (obj > other) - (obj < other)
    if key == "equals":
        return conv.equals(obj, arg_at(args, 0), True) if not isinstance(obj, CIDict) else obj is arg_at(args, 0)
    if key in ("foreach", "where"):
        return interp.intrinsic_method([obj], key, args)
    caller = getattr(obj, "ps_call_method", None)
    if caller is not None:
        return caller(name, args)
    raise _no_method(obj, name)


def _regex_instance_method(p: re.Pattern[str], key: str, args: list[Any], name: str) -> Any:
    text = conv.to_str(arg_at(args, 0, ""))
    if key == "ismatch":
        return p.search(text) is not None
    if key == "match":
        return p.search(text)
    if key == "matches":
        return list(p.finditer(text))
    if key == "replace":
        return rx.replace(text, p.pattern, arg_at(args, 1, ""), case_sensitive=not p.flags & re.IGNORECASE)
    if key == "split":
        return p.split(text)
    raise _no_method(p, name)
