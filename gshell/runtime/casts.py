"""Casts: `[type] value` (``cast``), `-as` (``try_cast``), `-is` (``is_instance``) for the
type literals gshell supports; ``CASTS`` maps each type's canonical key to its conversion."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from types import GeneratorType

from gshell.lazy import LazyModule
from gshell.runtime.conversions import (
    INT32_MAX,
    INT32_MIN,
    to_bool,
    to_datetime,
    to_decimal,
    to_float,
    to_int,
    to_number,
    to_str,
)
from gshell.runtime.errors import PSError, conversion_error, not_supported
from gshell.runtime.values import CIDict, Hashtable, OrderedHashtable, Record, ScriptBlock

TYPE_CHECKING = False  # typing is not imported at start-up (docs/architecture.md, Start-up)
if TYPE_CHECKING:
    import datetime as _dt
    import decimal as _dec
    from typing import Any

    from gshell.runtime.pslist import PSList
else:
    _dt = LazyModule("datetime", globals())
    _dec = LazyModule("decimal", globals())


def _array(v: Any) -> list[Any] | None:
    if v is None:
        return None
    if isinstance(v, list):
        return v
    if isinstance(v, tuple):
        return list(v)
    if isinstance(v, (GeneratorType, Iterator)):
        return list(v)
    return [v]


def _typed_array(conv: Callable[[Any], Any]) -> Callable[[Any], Any]:
    def do(v: Any) -> Any:
        items = _array(v)
        return None if items is None else [conv(x) for x in items]

    return do


def _to_hashtable(v: Any) -> Hashtable:
    if isinstance(v, Hashtable):
        return v
    if isinstance(v, CIDict):
        return Hashtable(v.items())
    if v is None:
        raise conversion_error("", "System.Collections.Hashtable")
    raise conversion_error(to_str(v), "System.Collections.Hashtable")


def _to_ordered(v: Any) -> Hashtable:
    if isinstance(v, CIDict):
        return OrderedHashtable(v.items())
    raise PSError("The ordered attribute can be specified only on a hash literal node.",
                  category="ParserError", exception_type="ParseException")


def _to_record(v: Any) -> Any:
    if isinstance(v, Record):
        return v
    if isinstance(v, CIDict):
        return Record(v.items())
    return v


def _to_char(v: Any) -> str:
    if isinstance(v, str):
        if len(v) == 1:
            return v
        raise conversion_error(v, "System.Char", "String must be exactly one character long.")
    n = to_int(v, 32, "System.Char")
    if not 0 <= n <= 0xFFFF:
        raise conversion_error(to_str(v), "System.Char")
    return chr(n)


def _to_regex(v: Any) -> re.Pattern[str]:
    if isinstance(v, re.Pattern):
        return v
    from gshell.runtime.regex import compile_regex  # local: avoid import cycle
    return compile_regex(to_str(v), case_sensitive=True)


def _to_string_or_null(v: Any) -> str:
    return to_str(v)


def _to_scriptblock(v: Any) -> ScriptBlock:
    if isinstance(v, ScriptBlock):
        return v
    raise conversion_error(to_str(v), "System.Management.Automation.ScriptBlock")


def _to_object_array(v: Any) -> list[Any] | None:
    return _array(v)


def _to_float_checked(v: Any) -> float:
    return to_float(v)


def _to_bool_cast(v: Any) -> bool:
    return to_bool(v)


def _identity(v: Any) -> Any:
    return v


def _void(v: Any) -> None:
    return None


def _to_switch(v: Any) -> bool:
    return to_bool(v)


CASTS: dict[str, Callable[[Any], Any]] = {
    "int": lambda v: to_int(v, 32, "System.Int32"),
    "int32": lambda v: to_int(v, 32, "System.Int32"),
    "long": lambda v: to_int(v, 64, "System.Int64"),
    "int64": lambda v: to_int(v, 64, "System.Int64"),
    "int16": lambda v: to_int(v, 16, "System.Int16"),
    "short": lambda v: to_int(v, 16, "System.Int16"),
    "byte": lambda v: to_int(v, 8, "System.Byte"),
    "uint": lambda v: to_int(v, 64, "System.UInt32"),
    "bigint": lambda v: int(to_number(v)),
    "double": _to_float_checked,
    "float": _to_float_checked,
    "single": _to_float_checked,
    "decimal": to_decimal,
    "string": _to_string_or_null,
    "char": _to_char,
    "bool": _to_bool_cast,
    "boolean": _to_bool_cast,
    "switch": _to_switch,
    "switchparameter": _to_switch,
    "array": _to_object_array,
    "object[]": _to_object_array,
    "psobject[]": _to_object_array,
    "pscustomobject[]": _typed_array(_to_record),
    "string[]": _typed_array(_to_string_or_null),
    "int[]": _typed_array(lambda v: to_int(v)),
    "int32[]": _typed_array(lambda v: to_int(v)),
    "long[]": _typed_array(lambda v: to_int(v, 64, "System.Int64")),
    "double[]": _typed_array(_to_float_checked),
    "float[]": _typed_array(_to_float_checked),
    "bool[]": _typed_array(_to_bool_cast),
    "char[]": lambda v: None if v is None else list(v) if isinstance(v, str) else [_to_char(x) for x in
                                                                                  _array(v) or []],
    "hashtable": _to_hashtable,
    "hashtable[]": _typed_array(_to_hashtable),
    "ordered": _to_ordered,
    "pscustomobject": _to_record,
    "psobject": _identity,
    "object": _identity,
    "datetime": to_datetime,
    "regex": _to_regex,
    "scriptblock": _to_scriptblock,
    "void": _void,
}

CAST_ALIASES = {"system.collections.hashtable": "hashtable",
                "system.collections.specialized.ordereddictionary": "ordered",
                "system.management.automation.pscustomobject": "pscustomobject",
                "management.automation.pscustomobject": "pscustomobject",
                "system.management.automation.psobject": "psobject",
                "system.management.automation.scriptblock": "scriptblock",
                "system.text.regularexpressions.regex": "regex",
                "system.management.automation.switchparameter": "switch",
                "system.numerics.biginteger": "bigint"}


def normalize_type(name: str) -> str:
    """Canonical key of a type literal: lower-case, `System.` dropped, spaces removed."""
    key = name.strip().replace(" ", "").casefold()
    if key.startswith("[") and key.endswith("]"):
        key = key[1:-1]
    key = CAST_ALIASES.get(key, key)
    if key.startswith("system.") and key[7:] in CASTS:
        key = key[7:]
    return key


def _item_converter(item_type: str) -> Callable[[Any], Any] | None:
    return (lambda v: cast(v, item_type)) if is_known_type(item_type) else None


def make_list(type_name_: str, args: list[Any]) -> PSList | None:
    """An ArrayList / List[T] for ``[type]::new(args)``, New-Object and casts (None: not a list type)."""
    from gshell.runtime.pslist import new_list  # loaded by the first list type (docs/architecture.md, Start-up)

    return new_list(type_name_, args, _item_converter)


def is_known_type(name: str) -> bool:
    return normalize_type(name) in CASTS or list_kind(name) is not None


def list_kind(name: str) -> tuple[bool, str | None] | None:
    """``pslist.list_kind`` (ArrayList or List[T]), loading the list module on first use."""
    from gshell.runtime.pslist import list_kind as kind

    return kind(name)


def cast(v: Any, type_name_: str) -> Any:
    """`[type] v`; refuses unsupported type literals."""
    key = normalize_type(type_name_)
    fn = CASTS.get(key)
    if fn is None and list_kind(type_name_) is not None:      # [System.Collections.ArrayList]@(1, 2)
        if v is None:
            return None
        items = list(v) if isinstance(v, GeneratorType) else v
        return make_list(type_name_, [items if isinstance(items, (list, tuple)) else [items]])
    if fn is None:
        raise not_supported(f"The type [{type_name_}]",
                            "gshell supports only its own value types "
                            "([int] [long] [double] [decimal] [string] [char] [bool] [array] [hashtable] "
                            "[ordered] [pscustomobject] [datetime] [regex] [scriptblock] and their arrays)")
    if isinstance(v, (GeneratorType,)) and not key.endswith("[]") and key != "array":
        v = list(v)
    return fn(v)


def is_instance(v: Any, type_name_: str) -> bool:
    """`v -is [type]`."""
    key = normalize_type(type_name_)
    checks: dict[str, Callable[[Any], bool]] = {
        "int": lambda x: isinstance(x, int) and not isinstance(x, bool) and INT32_MIN <= x <= INT32_MAX,
        "int32": lambda x: isinstance(x, int) and not isinstance(x, bool) and INT32_MIN <= x <= INT32_MAX,
        "long": lambda x: isinstance(x, int) and not isinstance(x, bool) and not INT32_MIN <= x <= INT32_MAX,
        "int64": lambda x: isinstance(x, int) and not isinstance(x, bool) and not INT32_MIN <= x <= INT32_MAX,
        "double": lambda x: isinstance(x, float),
        "float": lambda x: isinstance(x, float),
        "decimal": lambda x: isinstance(x, _dec.Decimal),
        "string": lambda x: isinstance(x, str),
        "char": lambda x: False,
        "bool": lambda x: isinstance(x, bool),
        "boolean": lambda x: isinstance(x, bool),
        "array": lambda x: isinstance(x, (list, tuple)),
        "object[]": lambda x: isinstance(x, (list, tuple)),
        "hashtable": lambda x: isinstance(x, Hashtable) and not getattr(x, "ordered", False),
        "ordered": lambda x: isinstance(x, Hashtable) and getattr(x, "ordered", False),
        "pscustomobject": lambda x: isinstance(x, Record),
        "psobject": lambda x: x is not None,
        "object": lambda x: x is not None,
        "datetime": lambda x: isinstance(x, _dt.datetime),
        "scriptblock": lambda x: isinstance(x, ScriptBlock),
        "regex": lambda x: isinstance(x, re.Pattern),
        "valuetype": lambda x: isinstance(x, (int, float, bool, _dec.Decimal, _dt.datetime)),
        "collections.idictionary": lambda x: isinstance(x, CIDict) and not isinstance(x, Record),
        "collections.ienumerable": lambda x: isinstance(x, (list, tuple, str, CIDict)) and not isinstance(x, Record),
        "collections.icollection": lambda x: isinstance(x, (list, tuple, CIDict)) and not isinstance(x, Record),
        "collections.ilist": lambda x: isinstance(x, (list, tuple)),
        "management.automation.errorrecord": lambda x: type(x).__name__ == "ErrorRecord",
        "errorrecord": lambda x: type(x).__name__ == "ErrorRecord",
    }
    if key in checks:
        return checks[key](v)
    if key.endswith("[]"):
        return isinstance(v, (list, tuple))
    if isinstance(v, Record):
        return v.type_name.casefold() == key.rsplit(".", 1)[-1]
    raise not_supported(f"The type [{type_name_}]", "gshell supports only its own value types")


def try_cast(v: Any, type_name_: str) -> Any:
    """`v -as [type]`: the cast, or $null when it fails."""
    try:
        return cast(v, type_name_)
    except PSError as e:
        if e.record.error_id == "NotSupportedInGShell":
            raise
        return None
